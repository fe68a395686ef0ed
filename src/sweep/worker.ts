/**
 * A sweep worker thread: trains the runs it is sent, one at a time, and posts each summary back. The message
 * "stop" (a SIGINT in the main thread) ends the run in progress at its next epoch, with status interrupted.
 */
import { parentPort } from "node:worker_threads";
import { applySweepRun, type RunRequest, type RunReply } from "./run-one.js";

let stop = false;
parentPort!.on("message", async (msg: RunRequest | "stop") => {
  if (msg === "stop") {
    stop = true;
    return;
  }
  const reply: RunReply = await applySweepRun(msg, () => stop);
  parentPort!.postMessage(reply);
});
