/**
 * The command-line entry: commander wiring, one lazily loaded module per command, and the single place that
 * maps errors to exit codes — 0 success, 1 failed expectation/check/divergence, 2 bad usage or input,
 * 130 interrupted. Internal errors print one line (the stack only with NN_LAB_DEBUG=1).
 */
import { Command, CommanderError, Option } from "commander";
import { GENERATOR_NAMES } from "../data/generators.js";
import { InputError, OutputError } from "../errors.js";
import { SCORE_METRICS } from "../metrics.js";
import { VERSION } from "../report/version.js";
import { EXIT } from "./exit.js";

const collect = (value: string, previous: string[] = []) => [...previous, value];

function buildProgram(setCode: (code: number) => void): Command {
  const program = new Command("nn-lab")
    .description("Train small neural networks from a config, and see why they learn (or do not).")
    .version(VERSION, "-V, --version")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(str) });

  program
    .command("train")
    .description("train one run per config; write a run folder with metrics.csv, summary.json, model.json")
    .argument("<config...>", "experiment config files (YAML or JSON)")
    .option("--set <key=value>", "override a config key (dotted path, YAML value); repeatable", collect, [])
    .option("--expect <condition>", "CI assertion on a final metric, e.g. 'test_acc>=0.9'; repeatable", collect, [])
    .option("--runs <dir>", "parent folder of run folders", "runs")
    .option("--run-dir <dir>", "exact folder for the run (one config only)")
    .option("--overwrite", "allow --run-dir to be a non-empty folder")
    .option("--json", "print one JSON document (the summary and run folder) on stdout")
    .option("--quiet", "print nothing but errors")
    .option("--no-color", "plain characters, no colours (also NO_COLOR)")
    .option("--log-y", "draw the loss chart on a log scale (default: log when the loss spans more than two decades)")
    .option("--linear-y", "draw the loss chart on a linear scale, however wide the range")
    .option("--live", "redraw the loss chart, boundary map and gradient flow in place while training (on a terminal)")
    .option("--no-boundary", "do not draw the decision-boundary map")
    .option("--report", "also write report.html (nn-lab report) into each run folder")
    .action(async (configs: string[], opts) => setCode(await (await import("./train.js")).trainCommand(configs, opts)));

  program
    .command("data")
    .description("generate a toy data set as CSV, exactly as a config with that data block trains on it")
    .argument("<kind>", GENERATOR_NAMES.join(" | "))
    .option("--n <n>", "number of samples")
    .option("--noise <noise>", "noise level")
    .option("--classes <k>", "classes (spirals, blobs)")
    .option("--test <fraction>", "fraction held out as the test set")
    .option("--seed <seed>", "seed", "0")
    .option("--out <file>", "write the CSV here instead of stdout")
    .option("--overwrite", "replace --out when it exists")
    .option("--plot", "draw the data set in the terminal (instead of printing the CSV, unless --out is given)")
    .option("--no-color", "plain characters, no colours (also NO_COLOR)")
    .option("--quiet", "print nothing but errors")
    .action(async (kind: string, opts) => setCode(await (await import("./data.js")).dataCommand(kind, opts)));

  program
    .command("plot")
    .description("chart activation functions (and their derivatives) in the terminal, with each one's card")
    .argument("<name...>", "activations, e.g. sigmoid tanh relu leaky_relu:0.2 softplus:beta=2")
    .option("--derivative", "chart the derivatives f'(z) instead of f(z)")
    .option("--both", "chart each function and its derivative")
    .option("--from <z>", "left end of the z range", "-6")
    .option("--to <z>", "right end of the z range", "6")
    .option("--no-color", "plain characters, no colours (also NO_COLOR)")
    .action(async (names: string[], opts) => setCode(await (await import("./plot.js")).plotCommand(names, opts)));

  program
    .command("activations")
    .description("compare every activation: range, largest slope, saturation, zero-centring, typical use (computed)")
    .action(async () => setCode(await (await import("./activations.js")).activationsCommand()));

  program
    .command("lessons")
    .description("list the guided lessons (activations, softmax, backprop by hand, vanishing gradients, …)")
    .action(async () => setCode(await (await import("./lessons.js")).lessonsCommand()));

  program
    .command("lesson")
    .description("run a guided lesson: its experiments, a narration of the measured numbers, and an exercise")
    .argument("<name>", "a lesson from nn-lab lessons")
    .option("--json", "print the narration, the checked claims and the exercise as one JSON document")
    .option("--no-color", "plain characters, no colours (also NO_COLOR)")
    .action(async (name: string, opts) => setCode(await (await import("./lessons.js")).lessonCommand(name, opts)));

  program
    .command("softmax")
    .description("logits → exponents → probabilities, at one or more temperatures")
    .argument("<logit...>", "the logits (negative ones too: softmax 2 -1.5 0.3)")
    .option("--temperature <t>", "temperatures, comma-separated, e.g. 0.5,1,2", "1")
    .option("--json", "print the numbers as one JSON document")
    .option("--no-color", "plain characters, no colours (also NO_COLOR)")
    .action(async (logits: string[], opts) => setCode(await (await import("./softmax.js")).softmaxCommand(logits, opts)));

  program
    .command("schema")
    .description("print the config's JSON Schema (for editor completion)")
    .addOption(new Option("--out <file>", "write to a file instead of stdout"))
    .option("--overwrite", "replace --out when it exists")
    .action(async (opts) => setCode(await (await import("./schema.js")).schemaCommand(opts)));

  program
    .command("trace")
    .description("one training step written out number by number: forward, loss, backward (chain rule), update")
    .argument("<config>", "experiment config")
    .option("--set <key=value>", "override a config key; repeatable", collect, [])
    .option("--json", "print every number of the step (full precision) as one JSON document")
    .action(async (config: string, opts) => setCode(await (await import("./trace.js")).traceCommand(config, opts)));

  program
    .command("collapse")
    .description("train a network with linear hidden layers and show it is one linear layer: W = W_L·…·W_1 predicts the same")
    .argument("<config>", "experiment config (hidden activations linear)")
    .option("--set <key=value>", "override a config key; repeatable", collect, [])
    .option("--json", "print the matrices, the combined layer and both runs' final metrics as one JSON document")
    .action(async (config: string, opts) => setCode(await (await import("./collapse.js")).collapseCommand(config, opts)));

  program
    .command("gradcheck")
    .description("backprop gradients against central finite differences, per layer; exit 1 when they disagree")
    .argument("<config>", "experiment config")
    .option("--set <key=value>", "override a config key; repeatable", collect, [])
    .option("--rows <n>", "rows of the training set to check on", "16")
    .option("--json", "print the per-layer table and both gradients as JSON")
    .action(async (config: string, opts) => setCode(await (await import("./gradcheck.js")).gradcheckCommand(config, opts)));

  program
    .command("sweep")
    .description("train the cartesian grid in parallel (resumable, shardable); or 'sweep merge DIR...' to merge shards")
    .argument("<config-or-merge...>", "base config, or: merge DIR...")
    .option("--grid <key=v1,v2>", "a grid axis (values as YAML; commas inside [] kept); repeatable", collect, [])
    .option("--seeds <list>", "seeds, e.g. 1,2,3 or 1-5 (default: the config's seed)")
    .option("--jobs <n>", "parallel runs (default: one per core)")
    .option("--out <dir>", "sweep folder (default: <runs>/<name>-sweep); re-running into it skips completed runs")
    .option("--runs <dir>", "parent folder for the default --out", "runs")
    .option("--shard <I/N>", "run only shard I of N (1-based), or auto (SLURM array / Kubernetes Indexed Job)")
    .option("--dry-run", "list the runs this sweep (or shard) would do, train nothing")
    .option("--report", "also write report.html (nn-lab report) into the sweep folder")
    .option("--rank <metric>", `rank by ${SCORE_METRICS.join(" | ")} (default test_loss, else train_loss)`)
    .option("--overwrite", "sweep merge: replace the sweep.csv of an --out that is not one of the merged folders")
    .option("--json", "print one JSON document on stdout")
    .option("--quiet", "print nothing but errors")
    .action(async (args: string[], opts) => setCode(await (await import("./sweep.js")).sweepCommand(args, opts)));

  program
    .command("check")
    .description("CI gate for a finished run or sweep: status, expectations and/or a baseline; exit 1 on failure")
    .argument("<run-or-sweep>", "a run folder, or a sweep folder (each grid point is gated on its mean over seeds)")
    .option("--expect <condition>", "e.g. 'test_acc>=0.9'; repeatable (the run's config expect: block is checked too)", collect, [])
    .option("--baseline <path>", "a run folder or summary.json, a sweep folder or its sweep.csv, or a file --write-baseline wrote")
    .option(
      "--tolerance <t>",
      "how much worse than the baseline is allowed: 10% (relative), 0.01 (absolute) or 3se (standard errors)",
      "10%",
    )
    .option("--metric <name>", "compare only these metrics with the baseline (default: every metric it has); repeatable", collect, [])
    .option("--allow <status>", "let runs with this status pass: diverged, interrupted; repeatable", collect, [])
    .option("--write-baseline <file>", "write the run's (or sweep's: mean, std, n per grid point) final metrics as a baseline")
    .option("--overwrite", "let --write-baseline replace an existing file")
    .option("--json", "print one JSON document on stdout")
    .action(async (dir: string, opts) => setCode(await (await import("./check.js")).checkCommand(dir, opts)));

  program
    .command("compare")
    .description("train (or read) several runs and show them side by side: one chart, a table, compare.csv")
    .argument("<configs-or-run-dirs...>", "configs (A.yaml B.yaml), one base config with --vary, or finished run folders")
    .option("--vary <key=v1,v2>", "one run per value (several --vary give the grid); repeatable", collect, [])
    .option("--set <key=value>", "override a config key in every run; repeatable", collect, [])
    .option("--metric <column>", "the metrics.csv column to chart (e.g. test_loss, grad_norm_layer1)", "train_loss")
    .option("--target <value>", "report the first epoch each run reaches this value of the metric")
    .option("--log-y", "log scale for the chart (default: log when the values span more than two decades)")
    .option("--linear-y", "linear scale for the chart, however wide the range")
    .option("--wide", "every column of the table, however wide (default: fitted to the terminal)")
    .option("--live", "train the runs together, redrawing one loss chart and their boundary maps in place (on a terminal)")
    .option("--no-boundary", "do not draw the runs' decision-boundary maps")
    .option("--runs <dir>", "parent folder for the comparison's run folders", "runs")
    .option("--out <dir>", "folder for compare.csv (default: the comparison's folder; none for run folders)")
    .option("--overwrite", "replace an existing compare.csv in --out")
    .option("--report", "also write report.html next to compare.csv (for run folders: in --out, else the current folder)")
    .option("--json", "print one JSON document on stdout")
    .option("--quiet", "print nothing but errors")
    .option("--no-color", "plain characters, no colours (also NO_COLOR)")
    .action(async (args: string[], opts) => setCode(await (await import("./compare.js")).compareCommand(args, opts)));

  program
    .command("report")
    .description("one self-contained HTML report (no network) of a run, several runs, a comparison folder or a sweep folder")
    .argument("<paths...>", "run folders, a comparison's folder, or a sweep folder")
    .option("--out <file>", "the HTML file (default: report.html in the one folder given, else in the current folder)")
    .option("--overwrite", "replace --out when it exists")
    .option("--json", "print one JSON document (the report's path) on stdout")
    .option("--quiet", "print nothing but errors")
    .action(async (paths: string[], opts) => setCode(await (await import("./report.js")).reportCommand(paths, opts)));

  return program;
}

export async function main(argv: string[]): Promise<number> {
  // `nn-lab data moons | head`: a reader that stops early is not an error
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(EXIT.ok);
    throw e;
  });
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
    return report(e);
  }
}

/** The one catch: error class → message and exit code. */
export function report(e: unknown): number {
  if (e instanceof CommanderError) {
    if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return EXIT.ok;
    return EXIT.usage; // commander has printed its one-line message
  }
  if (e instanceof InputError) {
    for (const line of e.problems) process.stderr.write(`nn-lab: error: ${line}\n`);
    return EXIT.usage;
  }
  if (e instanceof OutputError) {
    process.stderr.write(`nn-lab: error: ${e.message}\n`);
    return EXIT.failed;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  if (process.env.NN_LAB_DEBUG === "1") process.stderr.write(`${err.stack ?? err.message}\n`);
  process.stderr.write(
    `nn-lab: internal error: ${err.message.split("\n")[0]} — this is a bug; please report it with the command and config (NN_LAB_DEBUG=1 shows the stack)\n`,
  );
  return EXIT.failed;
}
