/**
 * One training step by hand (train/step.ts), independent of trace (which takes the same step): a linear model
 * a = w·x + b on x = 1, 2, 3 with y = 1, 2, 4, mse, SGD lr 0.1, batches of 2 rows in order, weights from 0.
 *   step 1 (rows 1–2): z = 0, 0; loss ((0−1)² + (0−2)²)/2 = 2.5; dL/dz = 2(z − y)/2 = −1, −2;
 *     ∂w = −1·1 − 2·2 = −5, ∂b = −3, ‖g‖ = √34, ‖∇W‖ = 5; w = 0.5, b = 0.3
 *   step 2 (row 3, the last partial batch): z = 0.5·3 + 0.3 = 1.8; loss 2.2² = 4.84; dL/dz = −4.4;
 *     ∂w = −13.2, ∂b = −4.4; w = 1.82, b = 0.74
 */
import { describe, expect, it } from "vitest";
import { loadConfig, parseOverride } from "../../src/config/load.js";
import { resolveExperiment } from "../../src/config/resolve.js";
import { buildExperimentModel } from "../../src/train/model.js";
import { experimentStep, trainStep } from "../../src/train/step.js";
import { Rng } from "../../src/engine/rng.js";
import { tempDir, writeFile } from "../helpers.js";

const file = writeFile(
  tempDir(),
  "line.yaml",
  "seed: 5\ndata: {kind: inline, x: [[1], [2], [3]], y: [1, 2, 4]}\nmodel: {layers: [], output: linear, init: zeros}\n" +
    "train: {loss: mse, optimizer: sgd, lr: 0.1, batch: 2, shuffle: false, epochs: 1}\n",
);

function stepOf(sets: string[] = []) {
  const ex = resolveExperiment(loadConfig(file, sets.map(parseOverride)));
  const mlp = buildExperimentModel(ex);
  const step = experimentStep(ex.config, mlp, ex.data.train);
  step.beginEpoch(1);
  return { step, mlp, wb: () => [mlp.layers[0].weight[0], mlp.layers[0].bias![0]] };
}

describe("a step by hand", () => {
  it("loss, gradient norms and SGD update of both batches of an epoch", () => {
    const { step, wb } = stepOf();
    expect([step.batch, step.direct, step.lr]).toEqual([2, false, 0.1]);
    expect(trainStep(step, 0, 2)).toBe("ok");
    expect(step.loss).toBe(2.5);
    expect(step.gradNorm).toBeCloseTo(Math.sqrt(34), 14);
    expect(Array.from(step.layerNorms)).toEqual([5]);
    expect(step.clipped).toBe(false);
    expect(wb()[0]).toBeCloseTo(0.5, 15);
    expect(wb()[1]).toBeCloseTo(0.3, 15);
    expect(trainStep(step, 2, 1)).toBe("ok");
    expect(step.loss).toBeCloseTo(4.84, 14);
    expect(wb()[0]).toBeCloseTo(1.82, 14);
    expect(wb()[1]).toBeCloseTo(0.74, 14);
  });

  it("clipping by norm 1 scales (−5, −3) by 1/(√34 + 1e-6); by value 1 clamps it to (−1, −1)", () => {
    const norm = stepOf(["train.clip={norm: 1}"]);
    trainStep(norm.step, 0, 2);
    const coef = 1 / (Math.sqrt(34) + 1e-6);
    expect(norm.step.clipped).toBe(true);
    expect(norm.wb()[0]).toBeCloseTo(0.5 * coef, 15);
    expect(norm.wb()[1]).toBeCloseTo(0.3 * coef, 15);
    const value = stepOf(["train.clip={value: 1}"]);
    trainStep(value.step, 0, 2);
    expect(value.step.clipped).toBe(true);
    expect(value.wb()[0]).toBeCloseTo(0.1, 15);
    expect(value.wb()[1]).toBeCloseTo(0.1, 15);
    expect(value.step.gradNorm).toBeCloseTo(Math.sqrt(34), 14); // the norm is measured before clipping
  });

  it("l2 0.5 and l1 0.5 act on the weight, not the bias: step 2's ∂w = −13.2 + 0.25 (l2) or + 0.5 (l1)", () => {
    for (const [set, w] of [
      ["train.l2=0.5", 0.5 + 1.295],
      ["train.l1=0.5", 0.5 + 1.27],
    ] as const) {
      const { step, wb } = stepOf([set]);
      trainStep(step, 0, 2); // w = 0 at this step: l2·0 = 0 and sign(0) = 0, the same update
      expect(wb()[0]).toBeCloseTo(0.5, 15);
      trainStep(step, 2, 1);
      expect(wb()[0]).toBeCloseTo(w, 14);
      expect(wb()[1]).toBeCloseTo(0.74, 14);
    }
  });

  it("shuffled: each epoch's order is the next shuffle of Rng.stream(seed, 'shuffle'); a batch takes rows in that order", () => {
    const { step, wb } = stepOf(["train.shuffle=true"]);
    const rng = Rng.stream(5, "shuffle");
    const order = [0, 1, 2];
    rng.shuffle(order);
    expect(Array.from(step.order)).toEqual(order);
    // one row: z = 0, y = y[order[0]] → ∂w = −2·y·x, w = 0.2·x·y with (x, y) of that row
    trainStep(step, 0, 1);
    const [x, y] = [
      [1, 1],
      [2, 2],
      [3, 4],
    ][order[0]];
    expect(wb()[0]).toBeCloseTo(0.2 * x * y, 15);
    step.beginEpoch(2);
    rng.shuffle(order);
    expect(Array.from(step.order)).toEqual(order);
  });

  it("a full unshuffled batch reads the set in place", () => {
    const { step, wb } = stepOf(["train.batch=full"]);
    expect([step.batch, step.direct]).toEqual([3, true]);
    // z = 0: dL/dz = 2(0 − y)/3; ∂w = −(2/3)(1 + 4 + 12) = −34/3; w = 3.4/3
    trainStep(step, 0, 3);
    expect(wb()[0]).toBeCloseTo(3.4 / 3, 14);
    expect(stepOf(["train.batch=full", "train.shuffle=true"]).step.direct).toBe(false);
  });

  it("the epoch's learning rate is the schedule's at epoch − 1: step every 1 × ½ gives 0.1, 0.05, 0.025", () => {
    const { step } = stepOf(["train.schedule={name: step, every: 1, gamma: 0.5}", "train.epochs=3"]);
    const lrs = [step.lr];
    step.beginEpoch(2);
    lrs.push(step.lr);
    step.beginEpoch(3);
    lrs.push(step.lr);
    expect(lrs).toEqual([0.1, 0.05, 0.025]);
  });

  it("a recorder may leave out any hook", () => {
    const { step, wb } = stepOf();
    expect(trainStep(step, 0, 2, {})).toBe("ok");
    expect(wb()[0]).toBeCloseTo(0.5, 15);
  });

  it("gathers each row's inputs (d = 2) and target in training order", () => {
    const three = writeFile(
      tempDir(),
      "three.yaml",
      "seed: 2\ndata: {kind: inline, x: [[1, 10], [2, 20], [3, 30], [4, 40]], y: [2, 0, 1, 2]}\n" +
        "model: {layers: [], output: linear, init: zeros}\ntrain: {loss: mse, optimizer: sgd, batch: 3, shuffle: true, epochs: 1}\n",
    );
    const ex = resolveExperiment(loadConfig(three, []));
    const step = experimentStep(ex.config, buildExperimentModel(ex), ex.data.train);
    step.beginEpoch(1);
    const order = Array.from(step.order);
    let seen: number[][] = [];
    trainStep(step, 1, 3, { batch: (x, y, rows) => (seen = [Array.from(x.subarray(0, rows * 2)), Array.from(y.subarray(0, rows))]) });
    const rows = order.slice(1, 4);
    const label = [2, 0, 1, 2];
    expect(seen[0]).toEqual(rows.flatMap((i) => [i + 1, 10 * (i + 1)]));
    expect(seen[1]).toEqual(rows.map((i) => label[i]));
  });

  it("batch norm's γ and β gradients count in the global gradient norm", () => {
    const { step, mlp } = stepOf(["model.layers=[3]", "model.norm=batch", "model.init=he_normal", "train.batch=full"]);
    let squares = NaN;
    trainStep(step, 0, 3, { backward: () => (squares = mlp.grads.reduce((a, g) => a + g * g, 0)) });
    expect(mlp.layers[0].norm).not.toBeNull();
    expect(step.gradNorm).toBeCloseTo(Math.sqrt(squares), 14);
  });
});
