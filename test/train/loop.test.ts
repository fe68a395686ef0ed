/**
 * The training loop's bookkeeping, seen from outside (issue 27): how many optimizer steps an epoch takes (the last
 * partial batch is one), which learning rate each epoch trains with under a step schedule (the lr column and the
 * weights agree), and the initial weights' streams (one per layer: layers of one shape differ, and changing one
 * layer leaves the others' weights bit-identical).
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig, parseOverride } from "../../src/config/load.js";
import { resolveExperiment } from "../../src/config/resolve.js";
import { buildExperimentModel } from "../../src/train/model.js";
import { column, readJson, readMetrics, runMain, tempDir, writeFile } from "../helpers.js";

const dir = tempDir();

async function train(name: string, yaml: string): Promise<string> {
  const runDir = join(dir, name);
  const r = await runMain(["train", writeFile(dir, `${name}.yaml`, yaml), "--run-dir", runDir, "--quiet"]);
  expect(r.code, r.stderr).toBe(0);
  return runDir;
}

describe("the training loop", () => {
  it("101 rows in batches of 10 are 11 steps an epoch: the last, partial batch of 1 row is a step", async () => {
    // clip value 1e-9: every step's gradient has a component above it, so every step counts as clipped
    const run = await train(
      "partial",
      "seed: 3\ndata: {kind: moons, n: 101, test: 0}\nmodel: {layers: [4]}\ntrain: {epochs: 3, batch: 10, clip: {value: 1e-9}}\n",
    );
    expect(column(readMetrics(run), "clipped")).toEqual([null, 11, 11, 11]);
    const summary = readJson<{ clipping: { clipped: number; steps: number } }>(join(run, "summary.json"));
    expect(summary.clipping).toEqual({ clipped: 33, steps: 33 });
    const exact = await train(
      "exact",
      "seed: 3\ndata: {kind: moons, n: 100, test: 0}\nmodel: {layers: [4]}\ntrain: {epochs: 1, batch: 10, clip: {value: 1e-9}}\n",
    );
    expect(column(readMetrics(exact), "clipped")).toEqual([null, 10]);
  });

  it("a step schedule (every 3, γ 0.5) lowers lr after epochs 3 and 6, in the lr column and in the weights' path", async () => {
    const cfg = (schedule: string) =>
      `seed: 3\ndata: {kind: moons, n: 60, test: 0}\nmodel: {layers: [4]}\ntrain: {epochs: 7, batch: 16, lr: 0.4, schedule: ${schedule}}\n`;
    const stepped = readMetrics(await train("step", cfg("{name: step, every: 3, gamma: 0.5}")));
    // torch's StepLR(step_size=3, gamma=0.5), stepped once per epoch: epochs 1–3 at lr₀, 4–6 at lr₀/2, 7 at lr₀/4
    expect(column(stepped, "lr")).toEqual([0.4, 0.4, 0.4, 0.4, 0.2, 0.2, 0.2, 0.1]);
    // the same run with a constant lr takes the same steps through epoch 3 and parts at epoch 4
    const constant = readMetrics(await train("constant", cfg("constant")));
    const loss = (m: typeof stepped) => column(m, "train_loss");
    expect(loss(stepped).slice(0, 4)).toEqual(loss(constant).slice(0, 4));
    expect(loss(stepped)[4]).not.toBe(loss(constant)[4]);
  });
});

describe("initial weights: one seeded stream per layer", () => {
  function weights(layers: number[]): number[][] {
    const file = writeFile(dir, "init.yaml", "seed: 5\ndata: {kind: moons, n: 20}\nmodel: {layers: [4], init: he_normal}\n");
    const mlp = buildExperimentModel(resolveExperiment(loadConfig(file, [parseOverride(`model.layers=${JSON.stringify(layers)}`)])));
    return mlp.layers.map((l) => Array.from(l.weight));
  }

  it("two hidden layers of one shape (4×4) start with different weights", () => {
    const [, w2, w3] = weights([4, 4, 4]);
    expect(w2).toHaveLength(16);
    expect(w3).not.toEqual(w2);
  });

  it("changing a layer's width leaves the layers before and after it (of unchanged shape) bit-identical", () => {
    const a = weights([4, 4, 4]);
    const b = weights([4, 6, 4]); // W₂ 6×4, W₃ 4×6: changed; W₁ 4×2 and the output 1×4: unchanged
    expect(b[0]).toEqual(a[0]);
    expect(b[3]).toEqual(a[3]);
    expect(b[1]).toHaveLength(24);
    expect(b[2]).toHaveLength(24);
  });
});
