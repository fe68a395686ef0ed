/**
 * Where a run diverged when a step left a parameter non-finite (diverged_at.what "weight"): the first layer, in
 * forward order, holding a non-finite weight, bias, batch-norm γ or β, or running variance; and what the epoch's
 * step sums keep of that step (its gradient was finite, so it counts: grad_norm_before is its own norm). Also the
 * two searches' other branches: a loss that overflows with every z finite (no layer to name), and a gradient whose
 * square overflows only in a bias or a batch-norm β.
 *
 * Each case is a 1-1-1 network (one case: 1-2-1) (relu hidden unit, linear output, mse) with chosen parameters, trained in-process by
 * plain SGD at lr 1e308, so that a gradient entry g moves its parameter to −1e308·g: finite for |g| < ~1.8, infinite
 * above. Every gradient below is worked out by hand (mse: ∂L/∂z₂ = 2(z₂ − t)/N).
 */
import { describe, expect, it } from "vitest";
import { loadConfigText } from "../../src/config/load.js";
import { resolveExperiment } from "../../src/config/resolve.js";
import type { Mlp } from "../../src/engine/mlp.js";
import type { MetricsRow } from "../../src/metrics.js";
import { buildExperimentModel } from "../../src/train/model.js";
import { train, type TrainResult } from "../../src/train/train.js";

/** One number each for a 1-1-1 network; arrays for a wider hidden layer (W₁ column, b₁, W₂ row). */
interface Params {
  w1: number | number[];
  b1: number | number[];
  w2: number | number[];
  b2: number;
  /** Batch norm on the hidden unit: γ, β. */
  bn?: { gamma: number; beta: number };
}

interface Run {
  result: TrainResult;
  rows: MetricsRow[];
  /** The epochs onWeights was called for. */
  weighed: number[];
}

async function run(x: number[], y: number[], p: Params, batch: number | "full" = "full"): Promise<Run> {
  const yaml =
    `seed: 1\ndata: {kind: inline, x: ${JSON.stringify(x.map((v) => [v]))}, y: ${JSON.stringify(y)}, test: 0}\n` +
    `model: {layers: [${[p.b1].flat().length}], activation: relu${p.bn ? ", norm: batch" : ""}}\n` +
    `train: {epochs: 3, batch: ${batch}, shuffle: false, loss: mse, optimizer: sgd, lr: 1e308}\n`;
  const experiment = resolveExperiment(loadConfigText(yaml, "/nowhere/c.yaml"));
  const mlp: Mlp = buildExperimentModel(experiment);
  const [hidden, out] = mlp.layers;
  hidden.weight.set([p.w1].flat());
  hidden.bias!.set([p.b1].flat());
  out.weight.set([p.w2].flat());
  out.bias!.set([p.b2]);
  if (p.bn) {
    hidden.norm!.gamma.set([p.bn.gamma]);
    hidden.norm!.beta.set([p.bn.beta]);
  }
  const rows: MetricsRow[] = [];
  const weighed: number[] = [];
  const result = await train(experiment, { evalThread: "off", onEpoch: (r) => rows.push(r), onWeights: (e) => weighed.push(e) }, mlp);
  expect(result.status).toBe("diverged");
  return { result, rows, weighed };
}

/** x̂ of a two-row batch z = (1, −1): mean 0, biased variance 1, (z − 0)/√(1 + ε), ε = 1e-5. */
const XHAT = 1 / Math.sqrt(1 + 1e-5);

describe("a weight, bias or batch-norm parameter made non-finite by a step", () => {
  it("the output layer's weight: x = 100, t = 0.5, W₂ = 0: ∂L/∂W₂ = −1·100 overflows W₂, ∂L/∂b₂ = −1 leaves b₂ at 1e308", async () => {
    // a₁ = relu(1·100) = 100, z₂ = 0, ∂L/∂z₂ = 2(0 − 0.5) = −1; layer 1's gradient is W₂·(−1) = 0
    const { result, rows, weighed } = await run([100], [0.5], { w1: 1, b1: 0, w2: 0, b2: 0 });
    const norm = Math.sqrt(100 * 100 + 1);
    expect(result.diverged_at).toEqual({ epoch: 1, step: 1, layer: 2, what: "weight", grad_norm_before: norm });
    expect(result.mlp.layers[1].bias![0]).toBe(1e308);
    expect(result.mlp.layers[1].weight[0]).toBe(Infinity);
    // the diverging step's gradient was finite: it counts toward epoch 1's row
    expect(rows.map((r) => [r.epoch, r.grad_norm])).toEqual([
      [0, null],
      [1, norm],
    ]);
    // no weights are handed on for the epoch that diverged
    expect(weighed).toEqual([0]);
    expect(result.epochs).toBe(1);
  });

  it("the output layer's bias: x = 0.01, t = 5.5, W₂ = 0: ∂L/∂b₂ = −11 overflows b₂, ∂L/∂W₂ = −0.11 leaves W₂ finite", async () => {
    const { result } = await run([0.01], [5.5], { w1: 1, b1: 0, w2: 0, b2: 0 });
    const dz2 = 2 * (0 - 5.5);
    expect(result.diverged_at).toEqual({
      epoch: 1,
      step: 1,
      layer: 2,
      what: "weight",
      grad_norm_before: Math.sqrt((dz2 * 0.01) ** 2 + dz2 ** 2),
    });
    expect(Number.isFinite(result.mlp.layers[1].weight[0])).toBe(true);
    expect(result.mlp.layers[1].bias![0]).toBe(Infinity);
  });

  it("batch norm's γ in layer 1 (nothing else): γ = 0, t = ±10.5: ∂L/∂γ = −21·x̂ overflows γ, every other gradient is 0", async () => {
    // z₁ = (1, −1), u = γx̂ + β = 1, a₁ = 1, z₂ = 1·1 − 1 = 0 on both rows; ∂L/∂z₂ = 2(0 − t)/2 = (−10.5, 10.5):
    // ∂L/∂W₂ = Σ ∂L/∂z₂·a₁ = 0, ∂L/∂b₂ = 0, ∂L/∂β = Σ ∂L/∂u = 0, ∂L/∂γ = Σ ∂L/∂u·x̂ = −21·x̂; ∂L/∂z₁ ∝ γ = 0
    const { result } = await run([1, -1], [10.5, -10.5], { w1: 1, b1: 0, w2: 1, b2: -1, bn: { gamma: 0, beta: 1 } });
    expect(result.diverged_at).toEqual({ epoch: 1, step: 1, layer: 1, what: "weight", grad_norm_before: 21 * XHAT });
    const [hidden, out] = result.mlp.layers;
    expect([hidden.weight[0], hidden.bias![0], hidden.norm!.gamma[0], hidden.norm!.beta[0]]).toEqual([1, 0, Infinity, 1]);
    expect([out.weight[0], out.bias![0]]).toEqual([1, -1]);
  });

  it("batch norm's β in layer 1, before the output layer's W₂ and b₂: γ = 0, t = (10.5, 10.5): ∂L/∂β = −21, ∂L/∂γ = 0", async () => {
    // as above with equal targets: ∂L/∂z₂ = (−10.5, −10.5), ∂L/∂W₂ = ∂L/∂b₂ = ∂L/∂β = −21 (all three overflow),
    // ∂L/∂γ = −10.5·x̂ + 10.5·x̂ = 0
    const { result } = await run([1, -1], [10.5, 10.5], { w1: 1, b1: 0, w2: 1, b2: -1, bn: { gamma: 0, beta: 1 } });
    expect(result.diverged_at).toEqual({ epoch: 1, step: 1, layer: 1, what: "weight", grad_norm_before: Math.sqrt(3 * 21 * 21) });
    const [hidden, out] = result.mlp.layers;
    expect([hidden.norm!.gamma[0], hidden.norm!.beta[0], out.weight[0], out.bias![0]]).toEqual([0, Infinity, Infinity, Infinity]);
  });

  it("batch norm's running variance in layer 1, before the output layer's W₂: x = ±1e200 (the batch variance overflows)", async () => {
    // z₁ = ±1e200: variance (1e200)² = ∞, so the running variance becomes ∞ while x̂ = ±1e200/∞ = 0, u = β = 1,
    // a₁ = 1, z₂ = 0; ∂L/∂z₂ = (−10.5, −10.5): ∂L/∂W₂ = ∂L/∂b₂ = −21 overflow; W₂ = 0 sends nothing back to layer 1
    const { result } = await run([1e200, -1e200], [10.5, 10.5], { w1: 1, b1: 0, w2: 0, b2: 0, bn: { gamma: 1, beta: 1 } });
    expect(result.diverged_at).toEqual({ epoch: 1, step: 1, layer: 1, what: "weight", grad_norm_before: Math.sqrt(2 * 21 * 21) });
    const [hidden, out] = result.mlp.layers;
    expect([hidden.weight[0], hidden.bias![0], hidden.norm!.gamma[0], hidden.norm!.beta[0]]).toEqual([1, 0, 1, 1]);
    expect(hidden.norm!.runningVar[0]).toBe(Infinity);
    expect([out.weight[0], out.bias![0]]).toEqual([Infinity, Infinity]);
  });
  it("the output layer's weight after a batch-norm layer whose γ, β and running statistics stay finite: layer 2", async () => {
    // γ = 1, β = 1: a₁ = 1 ± x̂ (sum 2); W₂ = 0 sends nothing back; ∂L/∂z₂ = (−50.5, −50.5): ∂L/∂W₂ ≈ −101, ∂L/∂b₂ = −101
    const { result } = await run([1, -1], [50.5, 50.5], { w1: 1, b1: 0, w2: 0, b2: 0, bn: { gamma: 1, beta: 1 } });
    expect(result.diverged_at).toMatchObject({ epoch: 1, step: 1, layer: 2, what: "weight" });
    expect(result.diverged_at!.grad_norm_before).toBeCloseTo(101 * Math.SQRT2, 10);
    const bn = result.mlp.layers[0].norm!;
    expect([bn.gamma[0], bn.beta[0]]).toEqual([1, 1]);
    expect(bn.runningVar[0]).toBeCloseTo(0.9 + 0.1 * 2, 12); // the batch's unbiased variance of z₁ = (1, −1): 2
  });
});

describe("the other searches' branches", () => {
  it("a loss that overflows while every z is finite names no layer: z₂ = 1e200, (z₂ − 0.5)² = ∞", async () => {
    const { result, weighed } = await run([1e200], [0.5], { w1: 1, b1: 0, w2: 1, b2: 0 });
    expect(result.diverged_at).toEqual({ epoch: 1, step: 1, layer: null, what: "loss", grad_norm_before: null });
    expect(weighed).toEqual([0]);
  });

  it("a gradient overflowing only in layer 1's bias: ∂L/∂b₁ = W₂·∂L/∂z₂ ≈ 1e200, ∂L/∂W₁ = that·1e-200 ≈ 1", async () => {
    // x = 1e-200, W₁ = 0, b₁ = 1e-200: a₁ = 1e-200, z₂ = 1e200·1e-200 ≈ 1, ∂L/∂z₂ = 2(z₂ − 0.5) ≈ 1;
    // layer 2's gradient: ∂L/∂W₂ ≈ 1e-200, ∂L/∂b₂ ≈ 1 (finite squares)
    const { result } = await run([1e-200], [0.5], { w1: 0, b1: 1e-200, w2: 1e200, b2: 0 });
    expect(result.diverged_at).toEqual({ epoch: 1, step: 1, layer: 1, what: "gradient", grad_norm_before: null });
  });

  it("a gradient overflowing only in layer 1's batch-norm β: γ = 0, β = 1e-200, W₂ = 1e200: ∂L/∂β ≈ 1e200", async () => {
    // a₁ = 1e-200 on both rows, z₂ ≈ 1, ∂L/∂z₂ = 2(1 − 0.5)/2 ≈ 0.5, ∂L/∂u ≈ 5e199 on both rows: ∂L/∂β ≈ 1e200
    // (its square overflows), ∂L/∂γ = 5e199·(x̂ − x̂) = 0, ∂L/∂z₁ ∝ γ = 0; layer 2: ∂L/∂W₂ ≈ 1e-200, ∂L/∂b₂ ≈ 1
    const { result } = await run([1, -1], [0.5, 0.5], { w1: 1, b1: 0, w2: 1e200, b2: 0, bn: { gamma: 0, beta: 1e-200 } });
    expect(result.diverged_at).toEqual({ epoch: 1, step: 1, layer: 1, what: "gradient", grad_norm_before: null });
  });

  it("a loss overflowing in layer 1's second unit only (1-2-1, one row): z₁ = (1e300, 1e10·1e300 = ∞) names layer 1", async () => {
    const { result } = await run([1e300], [0.5], { w1: [1, 1e10], b1: [0, 0], w2: [1, 1], b2: 0 });
    expect(result.diverged_at).toEqual({ epoch: 1, step: 1, layer: 1, what: "loss", grad_norm_before: null });
  });

  it("a gradient norm overflowing only in the sum over layers names no layer: each layer's squares add to 1.28e308", async () => {
    // x = 1, a₁ = 1, z₂ = 1, t = 1 − 4e153: ∂L/∂z₂ = 2(z₂ − t) = 8e153 = ∂L/∂W₂ = ∂L/∂b₂ = ∂L/∂W₁ = ∂L/∂b₁ (W₂ = 1);
    // per layer 2·(8e153)² = 1.28e308 (finite), over both 2.56e308 = ∞
    const { result } = await run([1], [1 - 4e153], { w1: 1, b1: 0, w2: 1, b2: 0 });
    expect(result.diverged_at).toEqual({ epoch: 1, step: 1, layer: null, what: "gradient", grad_norm_before: null });
    const [hidden, out] = result.mlp.layers;
    expect([hidden.weightGrad[0], hidden.biasGrad![0], out.weightGrad[0], out.biasGrad![0]]).toEqual(Array(4).fill(8e153));
  });

  it("a gradient overflowing in layer 1 only where its weight's and its bias's squares are added (1.21e308 each)", async () => {
    // W₂ = 1e10, z₂ = 1e10, t = 1e10 − 5.5e143: ∂L/∂z₂ = 1.1e144, ∂L/∂W₁ = ∂L/∂b₁ = 1e10·1.1e144 = 1.1e154 (x = 1);
    // layer 2: ∂L/∂W₂ = ∂L/∂b₂ = 1.1e144 (a₁ = 1), squares ~1e288
    const { result } = await run([1], [1e10 - 5.5e143], { w1: 1, b1: 0, w2: 1e10, b2: 0 });
    expect(result.diverged_at).toEqual({ epoch: 1, step: 1, layer: 1, what: "gradient", grad_norm_before: null });
    const hidden = result.mlp.layers[0];
    expect(hidden.weightGrad[0]).toBeCloseTo(1.1e154, -141);
    expect(hidden.biasGrad![0]).toBe(hidden.weightGrad[0]);
  });

  it("a gradient overflowing in layer 1 only where batch norm's γ and β squares are added, before layer 2's own overflow", async () => {
    // γ = 0, β = 1: a₁ = 1, z₂ = 1 on both rows; t = (1 − 1e154, 1): ∂L/∂z₂ = (1e154, 0) = ∂L/∂u;
    // ∂L/∂β = 1e154, ∂L/∂γ = 1e154·x̂ (squares 1e308 and 0.99999e308, sum ∞); ∂L/∂z₁ ∝ γ = 0;
    // layer 2: ∂L/∂W₂ = ∂L/∂b₂ = 1e154 (its sum of squares overflows too, after layer 1)
    const { result } = await run([1, -1], [1 - 1e154, 1], { w1: 1, b1: 0, w2: 1, b2: 0, bn: { gamma: 0, beta: 1 } });
    expect(result.diverged_at).toEqual({ epoch: 1, step: 1, layer: 1, what: "gradient", grad_norm_before: null });
    const bn = result.mlp.layers[0].norm!;
    expect([bn.betaGrad[0], bn.gammaGrad[0]]).toEqual([1e154, 1e154 * XHAT]);
  });

  it("the step is counted within its epoch: one row a batch, row 1's gradient 0 (z₂ = t = 1), row 2's loss overflows at step 2", async () => {
    // row 1: x = 1, z₂ = 1·1 = 1 = t: a step with gradient 0 (norm 0) that moves nothing; row 2: x = 1e200, (1e200 − 0.5)² = ∞
    const { result } = await run([1, 1e200], [1, 0.5], { w1: 1, b1: 0, w2: 1, b2: 0 }, 1);
    expect(result.diverged_at).toEqual({ epoch: 1, step: 2, layer: null, what: "loss", grad_norm_before: 0 });
  });
});
