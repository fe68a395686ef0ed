/** A sweep worker thread: trains the runs it is sent, one at a time, and posts each summary back. */
import { parentPort } from "node:worker_threads";
import { applySweepRun, type RunRequest, type RunReply } from "./run-one.js";

parentPort!.on("message", async (req: RunRequest) => {
  const reply: RunReply = await applySweepRun(req);
  parentPort!.postMessage(reply);
});
