/**
 * A sweep worker thread: trains the runs it is sent, one at a time, and posts each summary back. The message
 * "stop" (a SIGINT in the main thread) ends the run in progress at its next epoch, with status interrupted.
 */
import { parentPort, workerData } from "node:worker_threads";
import { setInputLimits } from "../files.js";
import { applySweepRun, type RunRequest, type RunReply, type SweepRunSettings } from "./run-one.js";

// the settings the CLI read from the environment, passed by the pool (a worker does not read the environment)
const settings = workerData as SweepRunSettings;
setInputLimits(settings.inputs);

let stop = false;
parentPort!.on("message", async (msg: RunRequest | "stop") => {
  if (msg === "stop") {
    stop = true;
    return;
  }
  const reply: RunReply = await applySweepRun(msg, settings, () => stop);
  parentPort!.postMessage(reply);
});
