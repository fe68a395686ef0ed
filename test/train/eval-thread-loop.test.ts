/**
 * The loop with rows evaluated on the evaluation thread (evalThread "on"), in-process: the built library (dist/),
 * since the thread runs dist/train/eval-worker.js. The loop waits for each epoch's row writes, so a hook that
 * throws while a row is written (row 3 is written when the ninth row after it is sent) rejects train() itself.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, tempDir, writeFile } from "../helpers.js";

interface Library {
  loadConfig: (file: string) => unknown;
  resolveExperiment: (loaded: unknown) => unknown;
  train: (experiment: unknown, hooks: object) => Promise<{ status: string; epochs: number }>;
}

const lib = (): Promise<Library> => import(join(ROOT, "dist", "index.js")) as Promise<Library>;

describe("rows on the evaluation thread", () => {
  it("a hook throwing at row 3 of 30 rejects train() with its error", async () => {
    const { loadConfig, resolveExperiment, train } = await lib();
    const cfg = writeFile(
      tempDir(),
      "c.yaml",
      "seed: 1\ndata: {kind: moons, n: 40}\nmodel: {layers: [4]}\ntrain: {epochs: 30, batch: 8}\n",
    );
    const experiment = resolveExperiment(loadConfig(cfg));
    const seen: number[] = [];
    const run = train(experiment, {
      evalThread: "on",
      onEpoch: (row: { epoch: number }) => {
        seen.push(row.epoch);
        if (row.epoch === 3) throw new Error("boom at 3");
      },
    });
    await expect(run).rejects.toThrow("boom at 3");
    expect(seen).toEqual([0, 1, 2, 3]);
  });
});
