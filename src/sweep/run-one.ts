/** Train one planned run of a sweep into its folder, loading its config here (see train-run.ts). */
import { loadConfig } from "../config/load.js";
import { trainSweepRun, type RunReply, type RunRequest, type SweepRunSettings } from "./train-run.js";

export { trainSweepRun, type RunReply, type RunRequest, type SweepRunSettings };

/** Train one run; `shouldStop` is polled between epochs (an interrupted run is redone when the sweep resumes). */
export function applySweepRun(
  req: RunRequest,
  settings: Pick<SweepRunSettings, "memoryLimitMb" | "evalThread">,
  shouldStop: () => boolean = () => false,
): Promise<RunReply> {
  return trainSweepRun(req, () => req.loaded ?? loadConfig(req.configFile, req.overrides), settings, shouldStop);
}
