/**
 * trainStep (src/train/step.ts) where step-by-hand.test.ts's linear model on one target column does not reach:
 * - targets wider than one column: mse on 3 classes trains on one-hot rows (3 values a row); a batch gathers each of
 *   its rows' three values, in training order, the last partial batch too;
 * - batch norm in training mode: the step's forward pass normalizes with the batch's own mean and biased variance
 *   (BatchNorm1d in train mode), not the running statistics (which start at mean 0, variance 1).
 * The expectations are computed here from the data set's labels and the model's initial weights, not by the step.
 */
import { describe, expect, it } from "vitest";
import { loadConfig, parseOverride } from "../../src/config/load.js";
import { resolveExperiment } from "../../src/config/resolve.js";
import { buildExperimentModel } from "../../src/train/model.js";
import { experimentStep, trainStep } from "../../src/train/step.js";
import { tempDir, writeFile } from "../helpers.js";

function stepOf(yaml: string, sets: string[] = []) {
  const ex = resolveExperiment(loadConfig(writeFile(tempDir(), "c.yaml", yaml), sets.map(parseOverride)));
  const mlp = buildExperimentModel(ex);
  const step = experimentStep(ex.config, mlp, ex.data.train);
  step.beginEpoch(1);
  return { ex, mlp, step };
}

describe("a batch of one-hot targets (mse on 3 classes)", () => {
  it("gathers each row's 3 target values in training order, full and partial batches", () => {
    const { ex, step } = stepOf(
      "seed: 2\ndata: {kind: blobs, classes: 3, n: 9, test: 0}\nmodel: {layers: [], output: linear, init: zeros}\n" +
        "train: {loss: mse, optimizer: sgd, batch: 4, shuffle: true, epochs: 1}\n",
    );
    const labels = Array.from(ex.data.train.y);
    expect(new Set(labels)).toEqual(new Set([0, 1, 2]));
    const oneHot = (c: number) => [0, 1, 2].map((k) => (k === c ? 1 : 0));
    const order = Array.from(step.order);
    expect(order).not.toEqual([...order].sort((a, b) => a - b)); // shuffled: the order matters
    for (const [start, rows] of [
      [0, 4],
      [4, 4],
      [8, 1],
    ]) {
      let seen: number[] = [];
      trainStep(step, start, rows, { batch: (_x, y) => (seen = Array.from(y.subarray(0, rows * 3))) });
      expect(seen, `rows ${start}..${start + rows}`).toEqual(order.slice(start, start + rows).flatMap((i) => oneHot(labels[i])));
    }
  });

  it("a full unshuffled batch reads all 9 rows' one-hot targets in place", () => {
    const { ex, step } = stepOf(
      "seed: 2\ndata: {kind: blobs, classes: 3, n: 9, test: 0}\nmodel: {layers: [], output: linear, init: zeros}\n" +
        "train: {loss: mse, optimizer: sgd, batch: full, shuffle: false, epochs: 1}\n",
    );
    expect(step.direct).toBe(true);
    let seen: number[] = [];
    trainStep(step, 0, 9, { batch: (_x, y) => (seen = Array.from(y)) });
    expect(seen).toEqual(Array.from(ex.data.train.y).flatMap((c) => [0, 1, 2].map((k) => (k === c ? 1 : 0))));
  });
});

describe("batch norm in a training step", () => {
  it("normalizes with the batch's mean and biased variance: the step's loss by hand", () => {
    // x = 1, 2, 4 → h = w₁x + b₁ → BN (γ 1, β 0) → linear → z = w₂·n + b₂; mse against y = 1, 2, 3
    const { mlp, step } = stepOf(
      "seed: 3\ndata: {kind: inline, x: [[1], [2], [4]], y: [1, 2, 3]}\n" +
        "model: {layers: [{units: 1, activation: linear}], norm: batch, output: linear, init: he_normal}\n" +
        "train: {loss: mse, optimizer: sgd, lr: 0.1, batch: full, shuffle: false, epochs: 1}\n",
    );
    const [hidden, out] = mlp.layers;
    expect(hidden.norm).not.toBeNull();
    const h = [1, 2, 4].map((x) => hidden.weight[0] * x + hidden.bias![0]);
    const mean = (h[0] + h[1] + h[2]) / 3;
    const variance = h.reduce((s, v) => s + (v - mean) ** 2, 0) / 3;
    const z = h.map((v) => out.weight[0] * ((v - mean) / Math.sqrt(variance + 1e-5)) + out.bias![0]);
    const loss = ((z[0] - 1) ** 2 + (z[1] - 2) ** 2 + (z[2] - 3) ** 2) / 3;
    expect(trainStep(step, 0, 3)).toBe("ok");
    expect(step.loss).toBeCloseTo(loss, 12);
  });
});
