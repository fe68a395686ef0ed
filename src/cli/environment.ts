/**
 * The environment, read once: every variable nn-lab honours is parsed and validated here, at the CLI boundary,
 * into one typed object; the layers below get plain values (parameters, options, a sweep worker's workerData)
 * and never read `process.env` themselves (eslint.config.js enforces that). An invalid value is an InputError
 * (exit 2), raised when a command starts, before it reads or writes anything.
 *
 * Also read in src/cli, not here: the colour variables (NO_COLOR, FORCE_COLOR), which the command modules pass to
 * terminal/colors.ts's colorDepth, and NN_LAB_DEBUG, which main.ts's error report reads (it must work even when
 * this parse is what failed).
 */
import { DEFAULT_MAX_INPUT_MB, setInputLimits, shown, type InputLimits } from "../files.js";
import { DEFAULT_MEMORY_LIMIT_MB } from "../config/resolve.js";
import { InputError } from "../errors.js";
import { SHARD_VARIABLES, type ShardVariables } from "../sweep/grid.js";
import type { EvalThreadMode } from "../train/eval-thread.js";

export interface Environment {
  /** NN_LAB_MAX_INPUT_MB (MiB, default 256) as bytes, and NN_LAB_DATA_ROOT (unset or empty: null). */
  inputs: InputLimits;
  /** NN_LAB_MEMORY_LIMIT_MB (default 4096). */
  memoryLimitMb: number;
  /** NN_LAB_EVAL_THREAD: 0 → "off", 1 → "on", anything else or unset → "auto". */
  evalThread: EvalThreadMode;
  /** SLURM_ARRAY_TASK_*, JOB_COMPLETION_INDEX, NN_LAB_SHARDS: what `sweep --shard auto` reads. */
  shard: ShardVariables;
  /** NN_LAB_TEST_PAUSE_MERGE (tests only): a path prefix; `sweep merge` pauses before renaming sweep.csv into place. */
  testPauseMerge: string | null;
}

/** Parse and validate the environment (an invalid value → InputError naming the variable, the range and the value). */
export function readEnvironment(env: NodeJS.ProcessEnv): Environment {
  const root = env.NN_LAB_DATA_ROOT;
  const shard: Partial<Record<(typeof SHARD_VARIABLES)[number], string>> = {};
  for (const name of SHARD_VARIABLES) if (env[name] !== undefined) shard[name] = env[name];
  return {
    memoryLimitMb: envNumber(env, "NN_LAB_MEMORY_LIMIT_MB", DEFAULT_MEMORY_LIMIT_MB, { min: 1, max: 2 ** 30 }),
    inputs: {
      maxBytes: envNumber(env, "NN_LAB_MAX_INPUT_MB", DEFAULT_MAX_INPUT_MB, { min: 1e-6, max: 1e7 }) * 2 ** 20,
      dataRoot: root === undefined || root === "" ? null : root,
    },
    evalThread: env.NN_LAB_EVAL_THREAD === "0" ? "off" : env.NN_LAB_EVAL_THREAD === "1" ? "on" : "auto",
    shard,
    testPauseMerge: env.NN_LAB_TEST_PAUSE_MERGE || null,
  };
}

/** A numeric environment variable: unset or empty → the default; anything but a number in [min, max] → InputError. */
export function envNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, range: { min: number; max: number }): number {
  const text = env[name];
  if (text === undefined || text.trim() === "") return fallback;
  const v = Number(text);
  if (!Number.isFinite(v) || v < range.min || v > range.max)
    throw new InputError(`${name}=${shown(text)}: expected a number from ${range.min} to ${range.max}`);
  return v;
}

let current: Environment | null = null;

/**
 * The process's environment settings, read from `process.env` on the first call (startEnvironment, as a command
 * starts) and the same object after that. Setting them also sets the input limits files.ts applies.
 */
export function environment(): Environment {
  if (current === null) {
    current = readEnvironment(process.env);
    setInputLimits(current.inputs);
  }
  return current;
}

/** Read and check the environment as a command starts (options.ts addCommand): each command line reads it anew. */
export function startEnvironment(): Environment {
  current = null;
  return environment();
}
