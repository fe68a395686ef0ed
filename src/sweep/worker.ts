/**
 * A sweep worker thread: trains the runs it is sent, one at a time, and posts each summary back. The message
 * "stop" (a SIGINT in the main thread) ends the run in progress at its next epoch, with status interrupted.
 * A run comes with its config loaded by the main thread; only when that failed does the worker load the config
 * itself (to report the error as the run's), importing the config loader then.
 */
import { parentPort, workerData } from "node:worker_threads";
import { adoptBuiltins } from "../engine/libm.js";
import { setInputLimits } from "../files.js";
import type { StopRequest } from "../run/stop.js";
import type { WorkerStart } from "../train/eval-thread.js";
import { trainSweepRun, type RunRequest, type RunReply, type SweepRunSettings } from "./train-run.js";

// the settings the CLI read from the environment, passed by the pool (a worker does not read the environment)
const start = workerData as WorkerStart<SweepRunSettings>;
const settings = start.data;
setInputLimits(settings.inputs);
// Math.exp … where the main thread found that this V8 gives the engine's fdlibm bits (the same numbers either way)
adoptBuiltins(start.builtins);

// a forced exit of the main thread ends this thread mid-epoch; the main thread removes the run's folder (see runSweep)
const stop: { requested: boolean } & StopRequest = { requested: false, atForcedExit: () => () => {} };
parentPort!.on("message", async (msg: RunRequest | "stop") => {
  if (msg === "stop") {
    stop.requested = true;
    return;
  }
  const load = async () => msg.loaded ?? (await import("../config/load.js")).loadConfig(msg.configFile, msg.overrides);
  const reply: RunReply = await trainSweepRun(msg, load, settings, stop);
  parentPort!.postMessage(reply);
});
