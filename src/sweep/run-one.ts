/** Train one planned run of a sweep into its folder, loading its config here (see train-run.ts). */
import { loadConfig } from "../config/load.js";
import { NEVER_STOP, type StopRequest } from "../run/stop.js";
import { trainSweepRun, type RunReply, type RunRequest, type SweepRunSettings } from "./train-run.js";

export { trainSweepRun, type RunReply, type RunRequest, type SweepRunSettings };

/** Train one run; `stop` ends it at its next epoch (an interrupted run is redone when the sweep resumes). */
export function applySweepRun(
  req: RunRequest,
  settings: Pick<SweepRunSettings, "memoryLimitMb" | "evalThread">,
  stop: StopRequest = NEVER_STOP,
): Promise<RunReply> {
  return trainSweepRun(req, () => req.loaded ?? loadConfig(req.configFile, req.overrides), settings, stop);
}
