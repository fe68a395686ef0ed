/** A pool of worker threads that trains sweep runs; results come back in completion order. */
import type { Worker } from "node:worker_threads";
import { startWorker } from "../train/eval-thread.js";
import type { RunReply, RunRequest, SweepRunSettings } from "./train-run.js";

export class WorkerPool {
  private readonly workers: Worker[] = [];

  /** `settings` (what the CLI read from the environment) goes to every worker as its workerData. */
  constructor(size: number, settings: SweepRunSettings) {
    for (let i = 0; i < size; i++) this.workers.push(startWorker(new URL("./worker.js", import.meta.url), { workerData: settings }));
  }

  /**
   * Run every request, at most one per worker at a time; `onReply` sees each result as it arrives. Once
   * `shouldStop` turns true no new run starts, and the workers are told to stop the runs in progress at their
   * next epoch. `claim` is asked just before a request is sent; a request it refuses is skipped.
   */
  async runAll(
    requests: RunRequest[],
    onReply: (r: RunReply) => void,
    shouldStop: () => boolean = () => false,
    claim: (r: RunRequest) => boolean = () => true,
  ): Promise<void> {
    const watch = setInterval(() => {
      if (!shouldStop()) return;
      for (const w of this.workers) w.postMessage("stop");
      clearInterval(watch);
    }, 50);
    let next = 0;
    try {
      await Promise.all(
        this.workers.map(
          (w) =>
            new Promise<void>((resolve, reject) => {
              const feed = () => {
                while (next < requests.length && !shouldStop() && !claim(requests[next])) next++;
                if (next >= requests.length || shouldStop()) {
                  w.off("message", onMessage);
                  w.off("error", reject);
                  resolve();
                  return;
                }
                w.postMessage(requests[next++]);
              };
              // a claim that cannot be read (a FIFO in its place) or a failing onReply ends the sweep with that error
              const onMessage = (r: RunReply) => {
                try {
                  onReply(r);
                  feed();
                } catch (e) {
                  w.off("message", onMessage);
                  reject(e);
                }
              };
              w.on("message", onMessage);
              w.on("error", reject);
              feed();
            }),
        ),
      );
    } finally {
      clearInterval(watch);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
