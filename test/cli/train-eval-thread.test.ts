/**
 * The evaluation thread (NN_LAB_EVAL_THREAD) changes no byte of a run's files. In a file of its own: it needs the test
 * to run on a main thread (vitest's forks pool; StrykerJS runs vitest in worker threads, where the evaluation thread
 * never starts, so scripts/mutate-module.sh can be given test/cli/train.test.ts without it).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isMainThread } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { runMain, tempDir, writeFile } from "../helpers.js";

describe("evaluation on a second thread gives the same files", () => {
  it.each([
    ["mini-batches with a test set", "data: {kind: moons, n: 300, test: 0.2}\ntrain: {epochs: 30, batch: 16, lr: 0.2}\n"],
    [
      "log_every 4 and a schedule",
      "data: {kind: spirals, n: 240, test: 0.25}\ntrain: {epochs: 25, batch: 32, optimizer: adam, lr: 0.01, log_every: 4, schedule: {name: step, every: 5, gamma: 0.5}}\n",
    ],
    [
      "a run that diverges",
      "data: {kind: sine, n: 64}\nmodel: {layers: [32, 32], init: {name: normal, std: 3}}\ntrain: {epochs: 50, lr: 5}\n",
    ],
  ])("%s: NN_LAB_EVAL_THREAD=1 and =0 write byte-identical metrics.csv and model.json", async (_label, text) => {
    const dir = tempDir();
    const model = text.includes("model:") ? "" : "model: {layers: [12, 12]}\n";
    const cfg = writeFile(dir, "t.yaml", `seed: 3\n${model}${text}`);
    // in-process, the evaluation thread starts only from a main thread (vitest's pool is forks): else both runs are inline
    expect(isMainThread).toBe(true);
    const a = await runMain(["train", cfg, "--run-dir", join(dir, "thread"), "--json"], { env: { NN_LAB_EVAL_THREAD: "1" } });
    const b = await runMain(["train", cfg, "--run-dir", join(dir, "inline"), "--json"], { env: { NN_LAB_EVAL_THREAD: "0" } });
    expect(a.code).toBe(b.code);
    expect(JSON.parse(a.stdout).status).toBe(JSON.parse(b.stdout).status);
    for (const f of ["metrics.csv", "model.json"])
      expect(readFileSync(join(dir, "thread", f), "utf8")).toBe(readFileSync(join(dir, "inline", f), "utf8"));
    expect(JSON.parse(a.stdout).confusion).toEqual(JSON.parse(b.stdout).confusion);
  });
});
