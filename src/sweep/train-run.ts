/**
 * Train one planned run of a sweep from its loaded config; any failure becomes a recorded result, not a crash.
 * The config loader is passed in (sweep.ts on its own thread loads it itself), so that a worker thread given the config the main
 * thread loaded never compiles the YAML parser and the config schema: that was most of a worker's start-up.
 */
import { rmSync } from "node:fs";
import type { LoadedConfig, Override } from "../config/load.js";
import { resolveExperiment } from "../config/resolve.js";
import { InputError, OutputError } from "../errors.js";
import { runExperiment } from "../run/run-experiment.js";
import type { Summary } from "../run/summary.js";
import { NEVER_STOP, type StopRequest } from "../run/stop.js";
import type { InputLimits } from "../files.js";
import type { EvalThreadMode } from "../train/eval-thread.js";

/**
 * What the CLI read from the environment that a sweep run needs. A worker thread gets it as its workerData (and
 * sets its own input limits from it): no part of a sweep reads the environment itself.
 */
export interface SweepRunSettings {
  inputs: InputLimits;
  memoryLimitMb: number;
  evalThread: EvalThreadMode;
}

export interface RunRequest {
  configFile: string;
  overrides: Override[];
  runDir: string;
  index: number;
  /** The config with the overrides applied, as the main thread loaded it just before sending the run (if it could). */
  loaded?: LoadedConfig;
}

export interface RunReply {
  index: number;
  summary: Summary | null;
  /** Set when the run could not be trained (bad grid value, unwritable folder, …). */
  error: string | null;
  /** The error is an output that could not be written (full disk, read-only): the sweep exits 2 (SPEC §6). */
  unwritable?: boolean;
}

/** Train one run from `load()`'s config; `stop` ends it at its next epoch (an interrupted run is redone when the sweep resumes). */
export async function trainSweepRun(
  req: RunRequest,
  load: () => LoadedConfig | Promise<LoadedConfig>,
  settings: Pick<SweepRunSettings, "memoryLimitMb" | "evalThread">,
  stop: StopRequest = NEVER_STOP,
): Promise<RunReply> {
  try {
    const experiment = resolveExperiment(await load(), { memoryLimitMb: settings.memoryLimitMb });
    // what an earlier attempt left (a killed run, files that did not verify) goes first: the run is ours (claimed)
    rmSync(req.runDir, { recursive: true, force: true });
    const { summary } = await runExperiment(experiment, {
      runDir: req.runDir,
      overwrite: true,
      stop,
      evalThread: settings.evalThread,
    });
    return { index: req.index, summary, error: null };
  } catch (e) {
    rmSync(req.runDir, { recursive: true, force: true });
    const msg =
      e instanceof InputError ? e.problems.join("; ") : e instanceof OutputError ? e.message : `internal error: ${(e as Error).message}`;
    return { index: req.index, summary: null, error: msg, unwritable: e instanceof OutputError };
  }
}
