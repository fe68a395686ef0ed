/** Train one planned run of a sweep into its folder; any failure becomes a recorded result, not a crash. */
import { rmSync } from "node:fs";
import { loadConfig, type Override } from "../config/load.js";
import { resolveExperiment } from "../config/resolve.js";
import { InputError, OutputError } from "../errors.js";
import { runExperiment, type Summary } from "../run/run.js";
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
}

export interface RunReply {
  index: number;
  summary: Summary | null;
  /** Set when the run could not be trained (bad grid value, unwritable folder, …). */
  error: string | null;
}

/** Train one run; `shouldStop` is polled between epochs (an interrupted run is redone when the sweep resumes). */
export async function applySweepRun(
  req: RunRequest,
  settings: Pick<SweepRunSettings, "memoryLimitMb" | "evalThread">,
  shouldStop: () => boolean = () => false,
): Promise<RunReply> {
  try {
    const experiment = resolveExperiment(loadConfig(req.configFile, req.overrides), { memoryLimitMb: settings.memoryLimitMb });
    // what an earlier attempt left (a killed run, files that did not verify) goes first: the run is ours (claimed)
    rmSync(req.runDir, { recursive: true, force: true });
    const { summary } = await runExperiment(experiment, {
      runDir: req.runDir,
      overwrite: true,
      shouldStop,
      evalThread: settings.evalThread,
    });
    return { index: req.index, summary, error: null };
  } catch (e) {
    rmSync(req.runDir, { recursive: true, force: true });
    const msg =
      e instanceof InputError ? e.problems.join("; ") : e instanceof OutputError ? e.message : `internal error: ${(e as Error).message}`;
    return { index: req.index, summary: null, error: msg };
  }
}
