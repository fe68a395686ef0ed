/**
 * The command-line entry: commander wiring, one lazily loaded module per command, and the single place that
 * maps errors to exit codes — 0 success, 1 failed expectation/check/divergence, 2 bad usage or input,
 * 130 interrupted. Internal errors print one line (the stack only with NN_LAB_DEBUG=1).
 */
import { Command, CommanderError, Option } from "commander";
import { InputError } from "../errors.js";
import { VERSION } from "../report/version.js";

export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Options every command shares. */
export interface CommonOptions {
  json?: boolean;
  quiet?: boolean;
  color?: boolean;
}

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
    .action(async (configs: string[], opts) => setCode(await (await import("./train.js")).trainCommand(configs, opts)));

  program
    .command("data")
    .description("generate a toy data set as CSV, exactly as a config with that data block trains on it")
    .argument("<kind>", "xor | moons | circles | spirals | blobs | linear | sine | plane")
    .option("--n <n>", "number of samples")
    .option("--noise <noise>", "noise level")
    .option("--classes <k>", "classes (spirals, blobs)")
    .option("--test <fraction>", "fraction held out as the test set")
    .option("--seed <seed>", "seed", "0")
    .option("--out <file>", "write the CSV here instead of stdout")
    .option("--overwrite", "replace --out when it exists")
    .option("--quiet", "print nothing but errors")
    .action(async (kind: string, opts) => setCode(await (await import("./data.js")).dataCommand(kind, opts)));

  program
    .command("schema")
    .description("print the config's JSON Schema (for editor completion)")
    .addOption(new Option("--out <file>", "write to a file instead of stdout"))
    .action(async (opts) => setCode(await (await import("./schema.js")).schemaCommand(opts)));

  return program;
}

export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram((c) => (code = c));
  try {
    if (argv.length === 0) {
      program.outputHelp();
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
  const err = e instanceof Error ? e : new Error(String(e));
  if (process.env.NN_LAB_DEBUG === "1") process.stderr.write(`${err.stack ?? err.message}\n`);
  process.stderr.write(
    `nn-lab: internal error: ${err.message.split("\n")[0]} — this is a bug; please report it with the command and config (NN_LAB_DEBUG=1 shows the stack)\n`,
  );
  return EXIT.failed;
}
