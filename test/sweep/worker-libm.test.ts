/**
 * Every worker thread nn-lab starts (sweep jobs, the evaluation thread) is given its process's libm choice in its
 * workerData ({builtins, data}: train/eval-thread.ts startWorker), so that it adopts the built-ins the main thread
 * checked instead of checking them again before its first run (~45 ms of CPU per worker).
 */
import { describe, expect, it } from "vitest";
import { adoptBuiltins, useBuiltins } from "../../src/engine/libm.js";
import { startWorker } from "../../src/train/eval-thread.js";

/** A worker that posts its workerData back. */
const ECHO = new URL(
  `data:text/javascript,${encodeURIComponent('import { parentPort, workerData } from "node:worker_threads"; parentPort.postMessage(workerData);')}`,
);

function echo(data: unknown): Promise<unknown> {
  const w = startWorker(ECHO, { workerData: data });
  return new Promise((resolve, reject) => {
    w.once("message", (m) => void w.terminate().then(() => resolve(m)));
    w.once("error", reject);
  });
}

describe("a worker thread's start", () => {
  it("carries the main thread's built-ins and the caller's data", async () => {
    adoptBuiltins([]);
    expect(await echo({ jobs: 2 })).toEqual({ builtins: [], data: { jobs: 2 } });
    const answer = useBuiltins(process.versions.v8);
    expect(answer.length).toBeGreaterThan(0);
    expect(await echo("x")).toEqual({ builtins: answer, data: "x" });
    adoptBuiltins([]);
  });
});
