/**
 * The command-line entry: commander wiring, one lazily loaded module per command, and the single place that
 * maps errors to exit codes — 0 success, 1 failed expectation/check/divergence (nothing else), 2 bad usage, bad
 * input or an unwritable output, 128+N stopped by signal N. Internal errors print one line (the stack only with NN_LAB_DEBUG=1).
 */
import { Command, CommanderError } from "commander";
import { GENERATOR_NAMES } from "../data/generators.js";
import { ACTIVATION_NAMES } from "../engine/activations.js";
import { useBuiltins } from "../engine/libm.js";
import { InputError, OutputError } from "../errors.js";
import { METRIC_COLUMNS, SCORE_METRICS } from "../metrics.js";
import { terminalWidth } from "../terminal/colors.js";
import { shown } from "../files.js";
import { VERSION } from "../version.js";
import type { CheckOptions } from "./check.js";
import type { CollapseOptions } from "./collapse.js";
import type { CompareOptions } from "./compare.js";
import type { LessonOptions } from "./lessons.js";
import type { DataOptions } from "./data.js";
import type { DepthOptions } from "./depth.js";
import { EXIT } from "./exit.js";
import type { GradcheckOptions } from "./gradcheck.js";
import { addCommand, CONFIG_FLAGS, EXPECT_FLAGS, printing, type CommandSpec, type CommonOptions } from "./options.js";
import type { PlotOptions } from "./plot.js";
import type { ReportOptions } from "./report.js";
import type { SchemaOptions } from "./schema.js";
import type { PlayOptions } from "./play.js";
import type { SoftmaxOptions } from "./softmax.js";
import type { SweepOptions } from "./sweep.js";
import type { TraceOptions } from "./trace.js";
import type { TrainOptions } from "./train.js";

/** Every command: its arguments, its typed option table (cli/options.ts), and the module that runs it. */
function buildProgram(setCode: (code: number) => void): Command {
  const program = new Command("nn-lab")
    .description("Train small neural networks from a config, and see why they learn (or do not).")
    .version(VERSION, "-V, --version")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    // help fits the terminal, 80 columns when stdout is not one (commander would not wrap at all); subcommands inherit it
    .configureHelp({
      helpWidth: terminalWidth(process.stdout),
      // every command takes options: "train <config...>" leaves the descriptions room enough to wrap in 80 columns
      subcommandTerm: (cmd) =>
        [
          cmd.name(),
          ...cmd.registeredArguments.map((a) =>
            a.required ? `<${a.name()}${a.variadic ? "..." : ""}>` : `[${a.name()}${a.variadic ? "..." : ""}]`,
          ),
        ].join(" "),
    })
    // parser errors carry the same prefix as every other error: "nn-lab: error: unknown option '--bogus'"
    .configureOutput({ outputError: (str, write) => write(`nn-lab: ${str.split("\n").map(errorLine).join("\n")}`) });
  const add = <A extends unknown[], O>(spec: CommandSpec<A, O>) => addCommand(program, spec, setCode);

  add<[string[]], TrainOptions>({
    name: "train",
    description: "train one run per config; write a run folder with metrics.csv, summary.json, model.json",
    args: [["<config...>", "experiment config files (YAML or JSON)"]],
    options: {
      ...CONFIG_FLAGS,
      ...EXPECT_FLAGS,
      runs: { value: "<dir>", default: "runs", description: "parent folder of run folders" },
      runDir: { value: "<dir>", description: "exact folder for the run (one config only)" },
      overwrite: { description: "allow --run-dir to be a non-empty folder" },
      logY: { description: "draw the loss chart on a log scale (default: log when the loss spans more than two decades)" },
      linearY: { description: "draw the loss chart on a linear scale, however wide the range" },
      boundary: { negate: true, description: "do not draw the decision-boundary map" },
      report: { description: "also write report.html (nn-lab report) into each run folder" },
      live: { description: "redraw the loss chart, boundary map and gradient flow in place while training (on a terminal)" },
      ...printing("the run's summary (a list of them for several configs)"),
    },
    load: async () => (await import("./train.js")).trainCommand,
  });

  add<[string], DataOptions>({
    name: "data",
    description: "generate a toy data set as CSV, exactly as a config with that data block trains on it",
    args: [["<kind>", GENERATOR_NAMES.join(" | ")]],
    options: {
      n: { value: "<n>", description: "number of samples" },
      noise: { value: "<noise>", description: "noise level" },
      classes: { value: "<k>", description: "classes (spirals, blobs)" },
      test: { value: "<fraction>", description: "fraction held out as the test set" },
      seed: { value: "<seed>", default: "0", description: "seed" },
      out: { value: "<file>", description: "write the CSV here instead of stdout" },
      overwrite: { description: "replace --out when it exists" },
      plot: { description: "draw the data set in the terminal (instead of printing the CSV, unless --out is given)" },
      ...printing("the columns and rows, and how many are train and test"),
    },
    load: async () => (await import("./data.js")).dataCommand,
  });

  add<[string[]], PlotOptions>({
    name: "plot",
    description: "chart activation functions (and their derivatives) in the terminal, with each one's card",
    args: [["<name...>", `activations: ${ACTIVATION_NAMES.join(" ")}; with parameters e.g. leaky_relu:0.2 softplus:beta=2`]],
    options: {
      derivative: { description: "chart the derivatives f'(z) instead of f(z)" },
      both: { description: "chart each function and its derivative" },
      from: { value: "<z>", default: "-6", description: "left end of the z range" },
      to: { value: "<z>", default: "6", description: "right end of the z range" },
      ...printing("each activation's computed facts (range, values, slopes, saturation)"),
    },
    load: async () => (await import("./plot.js")).plotCommand,
  });

  add<[], CommonOptions>({
    name: "activations",
    description: "compare every activation: range, largest slope, saturation, zero-centring, typical use (computed)",
    args: [],
    options: printing("each activation's computed facts and typical use"),
    load: async () => (await import("./activations.js")).activationsCommand,
  });

  add<[], CommonOptions>({
    name: "lessons",
    description: "list the guided lessons (activations, softmax, backprop by hand, vanishing gradients, …)",
    args: [],
    options: printing("each lesson's name, title and summary"),
    load: async () => (await import("./lessons.js")).lessonsCommand,
  });

  add<[string], LessonOptions>({
    name: "lesson",
    description: "run a guided lesson: its experiments, a narration of the measured numbers, and an exercise",
    args: [["<name>", "a lesson from nn-lab lessons"]],
    options: {
      seeds: {
        value: "<list>",
        description: "run the experiments on each seed, e.g. 1-10 or 1,2,3, and count each claim (default: the lesson's seed)",
      },
      ...printing("the narration, each claim with the seeds it held on, and the exercise"),
    },
    load: async () => (await import("./lessons.js")).lessonCommand,
  });

  add<[], DepthOptions>({
    name: "depth",
    description: "the gradient ratio ‖∇W₁‖/‖∇W_L‖ against depth L: vanishing, exploding, and the cures, on a log axis",
    args: [],
    options: {
      depths: { value: "<list>", default: "2-30", description: "numbers of hidden layers, e.g. 2-30 or 2,4,8,16" },
      seeds: { value: "<list>", default: "1-3", description: "seeds of each point (the line is their geometric mean), e.g. 1-3" },
      report: { value: "<file>", description: "also write the chart and table as a self-contained HTML page" },
      overwrite: { description: "allow --report to replace an existing file" },
      ...printing("every variant's ratios per depth and seed, and its fitted line"),
    },
    load: async () => (await import("./depth.js")).depthCommand,
  });

  add<[string[]], SoftmaxOptions>({
    name: "softmax",
    description: "logits → exponents → probabilities, at one or more temperatures",
    args: [["<logit...>", "the logits (negative ones too: softmax 2 -1.5 0.3)"]],
    options: {
      temperature: { value: "<t>", default: "1", description: "temperatures, comma-separated, e.g. 0.5,1,2" },
      chart: { description: "also draw each p as the first logit sweeps, p against temperature, and saturation (p − y)" },
      ...printing("the exponents and probabilities at each temperature"),
    },
    load: async () => (await import("./softmax.js")).softmaxCommand,
  });

  add<[], SchemaOptions>({
    name: "schema",
    description: "print the config's JSON Schema (for editor completion)",
    args: [],
    options: {
      out: { value: "<file>", description: "write to a file instead of stdout" },
      overwrite: { description: "replace --out when it exists" },
      quiet: { description: "print nothing but errors (with --out; without it the schema is the output)" },
      color: { negate: true, description: "accepted as on every command (the schema is plain JSON, never coloured)" },
    },
    load: async () => (await import("./schema.js")).schemaCommand,
  });

  add<[string], TraceOptions>({
    name: "trace",
    description: "one training step written out number by number: forward, loss, backward (chain rule), update",
    args: [["<config>", "experiment config"]],
    options: { ...CONFIG_FLAGS, ...printing("every number of the step, at full precision") },
    load: async () => (await import("./trace.js")).traceCommand,
  });

  add<[string], CollapseOptions>({
    name: "collapse",
    description: "train a network with linear hidden layers and show it is one linear layer: W = W_L·…·W_1 predicts the same",
    args: [["<config>", "experiment config (hidden activations linear)"]],
    options: { ...CONFIG_FLAGS, ...printing("the matrices, the combined layer and both runs' final metrics") },
    load: async () => (await import("./collapse.js")).collapseCommand,
  });

  add<[string], GradcheckOptions>({
    name: "gradcheck",
    description: "backprop gradients against central finite differences, per layer; exit 1 when they disagree",
    args: [["<config>", "experiment config"]],
    options: {
      ...CONFIG_FLAGS,
      rows: { value: "<n>", default: "16", description: "rows of the training set to check on" },
      ...printing("the per-layer table and both gradients"),
    },
    load: async () => (await import("./gradcheck.js")).gradcheckCommand,
  });

  add<[string[]], SweepOptions>({
    name: "sweep",
    description: "train the grid of --vary values in parallel (resumable, shardable); or 'sweep merge DIR...' to merge shards",
    args: [["<config-or-merge...>", "base config, or: merge DIR..."]],
    options: {
      ...CONFIG_FLAGS,
      vary: {
        value: "<key=v1,v2>",
        repeat: true,
        alias: "grid",
        description: "one run per value (values as YAML; commas inside [] kept); several --vary make the grid; repeatable",
      },
      seeds: { value: "<list>", description: "seeds, e.g. 1,2,3 or 1-5 (default: the config's seed)" },
      jobs: { value: "<n>", description: "parallel runs (default: one per core)" },
      out: { value: "<dir>", description: "sweep folder (default: <runs>/<name>-sweep); re-running into it skips completed runs" },
      runs: { value: "<dir>", default: "runs", description: "parent folder for the default --out" },
      shard: { value: "<I/N>", description: "run only shard I of N (1-based), or auto (SLURM array / Kubernetes Indexed Job)" },
      dryRun: { description: "list the runs this sweep (or shard) would do, train nothing" },
      report: { description: "also write report.html (nn-lab report) into the sweep folder" },
      rank: { value: "<metric>", description: `rank by ${SCORE_METRICS.join(" | ")} (default test_loss, else train_loss)` },
      overwrite: { description: "sweep merge: replace the sweep.csv of an --out that is not one of the merged folders" },
      stealClaimsOlderThan: {
        value: "<duration>",
        description: "take over a run's claim (.lock) started longer ago than this (30m, 1h, 2d), whatever process or machine holds it",
      },
      ...printing("the ranking and every run's final metrics"),
    },
    load: async () => (await import("./sweep.js")).sweepCommand,
  });

  add<[string], CheckOptions>({
    name: "check",
    description: "CI gate for a finished run or sweep: status, expectations and/or a baseline; exit 1 on failure",
    args: [["<run-or-sweep>", "a run folder, or a sweep folder (each grid point is gated on its mean over seeds)"]],
    options: {
      ...EXPECT_FLAGS,
      baseline: {
        value: "<path>",
        description: "a run folder or summary.json, a sweep folder or its sweep.csv, or a file --write-baseline wrote",
      },
      tolerance: {
        value: "<t>",
        default: "10%",
        description: "how much worse than the baseline is allowed: 10% (relative), 0.01 (absolute) or 3se (standard errors)",
      },
      metric: {
        value: "<name>",
        repeat: true,
        description: `compare only these metrics with the baseline (${SCORE_METRICS.join(" ")}; default: every metric it has); repeatable`,
      },
      allow: { value: "<status>", repeat: true, description: "let runs with this status pass: diverged, interrupted; repeatable" },
      writeBaseline: {
        value: "<file>",
        description: "write the run's (or sweep's: mean, std, n per grid point) final metrics as a baseline",
      },
      overwrite: { description: "let --write-baseline replace an existing file" },
      ...printing("the verdict, the expectations and the baseline rows"),
    },
    load: async () => (await import("./check.js")).checkCommand,
  });

  add<[string[]], CompareOptions>({
    name: "compare",
    description: "train (or read) several runs and show them side by side: one chart, a table, compare.csv",
    args: [["<configs-or-run-dirs...>", "configs (A.yaml B.yaml), one base config with --vary, or finished run folders"]],
    options: {
      ...CONFIG_FLAGS,
      vary: {
        value: "<key=v1,v2>",
        repeat: true,
        alias: "grid",
        description: "one run per value (values as YAML); several --vary make the grid; repeatable",
      },
      seeds: {
        value: "<list>",
        description:
          "train every variant on each seed, e.g. 1,2,3 or 1-5 (paired): mean curves with their spread, mean ± std (n), a verdict per pair",
      },
      metric: {
        value: "<column>",
        default: "train_loss",
        description: `the metrics.csv column to chart: ${METRIC_COLUMNS.map((c) => (c.layers ? `${c.name}K` : c.name)).join(" ")} (K: a layer), or every layer: grad_norm_layer*`,
      },
      target: { value: "<value>", description: "report the first epoch each run reaches this value of the metric" },
      logY: { description: "log scale for the chart (default: log when the values span more than two decades)" },
      linearY: { description: "linear scale for the chart, however wide the range" },
      wide: { description: "every column of the table, however wide (default: fitted to the terminal)" },
      live: { description: "train the runs together, redrawing one loss chart and their boundary maps in place (on a terminal)" },
      boundary: { negate: true, description: "do not draw the runs' decision-boundary maps" },
      runs: { value: "<dir>", default: "runs", description: "parent folder for the default --out" },
      out: {
        value: "<dir>",
        description:
          "the comparison's folder: its run folders, compare.csv (and report.html), created when missing (default: <runs>/compare-<time>; for run folders given, none)",
      },
      overwrite: { description: "let --out be a non-empty folder: its compare.csv and run folders of the same names are replaced" },
      report: { description: "also write report.html next to compare.csv (for run folders: in --out, else the current folder)" },
      ...printing("the metric, compare.csv's path and each run's row of the table"),
    },
    load: async () => (await import("./compare.js")).compareCommand,
  });

  add<[string | undefined], PlayOptions>({
    name: "play",
    description: "a playground page: two variants trained side by side in the browser by nn-lab's own engine, exportable as configs",
    args: [["[config]", "experiment config to start from (default: moons, 8-8, sigmoid against relu)"]],
    options: {
      out: { value: "<file>", description: "the HTML file (default: play.html in the current folder)" },
      overwrite: { description: "replace --out when it exists" },
      ...printing("the page's path"),
    },
    load: async () => (await import("./play.js")).playCommand,
  });

  add<[string[]], ReportOptions>({
    name: "report",
    description: "one self-contained HTML report (no network) of a run, several runs, a comparison folder or a sweep folder",
    args: [["<paths...>", "run folders, a comparison's folder, or a sweep folder"]],
    options: {
      out: { value: "<file>", description: "the HTML file (default: report.html in the one folder given, else in the current folder)" },
      overwrite: { description: "replace --out when it exists" },
      ...printing("the report's path"),
    },
    load: async () => (await import("./report.js")).reportCommand,
  });

  return program;
}

let watchingStdout = false;

/**
 * Run one command line and return its exit code; nothing here exits the process (bin/nn-lab.js sets the exit code).
 * Tests call it in-process, many times in one process (test/helpers.ts runMain): the stdout watch below is
 * installed once, and each command reads the environment anew as it starts (options.ts addCommand).
 */
// Math.exp … where this Node's V8 gives the engine's fdlibm bits (faster; the same numbers either way)
useBuiltins(process.versions.v8);

export async function main(argv: string[]): Promise<number> {
  if (!watchingStdout) {
    // `nn-lab data moons | head`: a reader that stops early is not an error
    process.stdout.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "EPIPE") process.exit(EXIT.ok);
      throw e;
    });
    watchingStdout = true;
  }
  let code: number = EXIT.ok;
  const program = buildProgram((c) => (code = c));
  try {
    if (argv.length === 0) {
      program.outputHelp({ error: true });
      return EXIT.usage;
    }
    await program.parseAsync(argv, { from: "user" });
    return code;
  } catch (e) {
    return exitCodeFor(e);
  }
}

/**
 * An error line as printed: what it quotes from an input (a CSV cell, a file name, a --set value) cannot drive the
 * terminal (shown() escapes it), and however long the input, the line stays readable: each quoted value is capped
 * where it is quoted (40 characters), and a line is cut at LINE_MAX as a backstop (a 100 KB name is not echoed whole).
 */
const LINE_MAX = 1000;
const errorLine = (text: string): string => shown(text, LINE_MAX);

/** The one catch: error class → message and exit code. */
export function exitCodeFor(e: unknown): number {
  if (e instanceof CommanderError) {
    if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return EXIT.ok;
    return EXIT.usage; // commander has printed its one-line message
  }
  if (e instanceof InputError) {
    for (const line of e.problems) process.stderr.write(`nn-lab: error: ${errorLine(line)}\n`);
    return EXIT.usage;
  }
  if (e instanceof OutputError) {
    // exit 2 on every command: 1 means only that a result failed, so a CI job can tell a regression from a full disk
    process.stderr.write(`nn-lab: error: ${errorLine(e.message)}\n`);
    return EXIT.usage;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  if (process.env.NN_LAB_DEBUG === "1") process.stderr.write(`${err.stack ?? err.message}\n`);
  process.stderr.write(
    `nn-lab: internal error: ${errorLine(err.message.split("\n")[0])} — this is a bug; please report it with the command and config (NN_LAB_DEBUG=1 shows the stack)\n`,
  );
  return EXIT.failed;
}
