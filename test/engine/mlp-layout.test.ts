/**
 * The Mlp's flat vector with batch norm on more than one hidden layer (engine/mlp.ts), the residual flag, and the
 * refusals of a caller's bug. Numbers by hand (and checked once against torch.nn.Sequential(Linear(1, 2),
 * BatchNorm1d(2), Linear(2, 3), BatchNorm1d(3), Linear(3, 1)) in float64 with the same weights: one train-mode
 * forward on x = 1, 3, then eval on x = 3; the same running statistics, and the output to 3e-16).
 *
 * Network 1 → 2 → 3 → 1, linear activations, bias, norm: batch. Layout: W₁ 0–1, b₁ 2–3, γ₁ 4–5, β₁ 6–7, W₂ 8–13,
 * b₂ 14–16, γ₂ 17–19, β₂ 20–22, W₃ 23–25, b₃ 26 (27 trained); then the buffers: running mean₁ 27–28, var₁ 29–30,
 * mean₂ 31–33, var₂ 34–36 (37 in all). Weights W₁ = (1, 2), W₂ = [[1, 0], [0, 1], [1, 1]], b₂ = (1, 2, 3), W₃ = 1.
 * Train mode on x = 1, 3:
 *   z₁ = (1, 2), (3, 6): μ₁ = (2, 4), σ²₁ = (1, 4), unbiased (2, 8) → running mean₁ 0.1·μ₁ = (0.2, 0.4),
 *   running var₁ 0.9 + 0.1·(2, 8) = (1.1, 1.7); x̂₁ = ∓(p, q), p = 1/√(1 + ε), q = 2/√(4 + ε);
 *   z₂ = x̂₁·W₂ᵀ + b₂ = (1 ∓ p, 2 ∓ q, 3 ∓ (p + q)): μ₂ = (1, 2, 3), σ²₂ = (p², q², (p + q)²) →
 *   running mean₂ (0.1, 0.2, 0.3), running var₂ 0.9 + 0.1·2σ²₂.
 * Eval on x = 3: u₁ = ((3 − 0.2)/√(1.1 + ε), (6 − 0.4)/√(1.7 + ε)); z₂ = (u₁a + 1, u₁b + 2, u₁a + u₁b + 3);
 *   out = Σⱼ (z₂ⱼ − mean₂ⱼ)/√(var₂ⱼ + ε).
 */
import { describe, expect, it } from "vitest";
import { makeActivation, relu } from "../../src/engine/activations.js";
import { BN_EPS } from "../../src/engine/batchnorm.js";
import { Mlp } from "../../src/engine/mlp.js";
import { expectAllClose } from "./helpers.js";

const linear = makeActivation({ name: "linear" });

/** The 1 → 2 → 3 → 1 network with batch norm, at construction. */
function newNet(): Mlp {
  return new Mlp({
    inputs: 1,
    hidden: [
      { units: 2, activation: linear },
      { units: 3, activation: linear },
    ],
    outputs: 1,
    bias: true,
    norm: "batch",
  });
}

/** The same with the weights of the header. */
function twoNormLayers(): Mlp {
  const mlp = newNet();
  mlp.params.set([1, 2], 0); // W₁
  mlp.params.set([1, 0, 0, 1, 1, 1], 8); // W₂
  mlp.params.set([1, 2, 3], 14); // b₂
  mlp.params.set([1, 1, 1], 23); // W₃
  return mlp;
}

describe("batch norm on two hidden layers of different widths: the flat vector", () => {
  it("sizes: 27 trained numbers (no γ, β on the output layer), then 2·(2 + 3) = 10 running statistics", () => {
    const mlp = newNet();
    expect(mlp.params.length).toBe(37);
    expect(mlp.trainable.length).toBe(27);
    expect(mlp.grads.length).toBe(27);
    expect(mlp.buffers.length).toBe(10);
    expect(mlp.layers.map((l) => l.offset)).toEqual([0, 8, 23]);
    expect(mlp.layers.map((l) => l.norm?.offset ?? null)).toEqual([4, 17, null]);
    // γ = 1, β = 0; running means 0 and variances 1, each layer's own
    expect(Array.from(mlp.params.subarray(4, 8))).toEqual([1, 1, 0, 0]);
    expect(Array.from(mlp.params.subarray(17, 23))).toEqual([1, 1, 1, 0, 0, 0]);
    expect(Array.from(mlp.buffers)).toEqual([0, 0, 1, 1, 0, 0, 0, 1, 1, 1]);
  });

  it("one training forward moves each layer's own running mean and variance (by hand)", () => {
    const mlp = twoNormLayers();
    mlp.forward(mlp.workspace(2), Float64Array.of(1, 3), 2, true);
    const p = 1 / Math.sqrt(1 + BN_EPS);
    const q = 2 / Math.sqrt(4 + BN_EPS);
    const var2 = [p * p, q * q, (p + q) * (p + q)].map((s) => 0.9 + 0.1 * 2 * s);
    expectAllClose(mlp.buffers, [0.2, 0.4, 1.1, 1.7, 0.1, 0.2, 0.3, ...var2], 1e-15, 0, "buffers");
    expectAllClose(mlp.layers[0].norm!.runningMean, [0.2, 0.4], 1e-15, 0, "running mean₁");
    expectAllClose(mlp.layers[1].norm!.runningVar, var2, 1e-15, 0, "running var₂");
    // the trained part is untouched by a forward pass
    expect(Array.from(mlp.trainable.subarray(14, 17))).toEqual([1, 2, 3]);
  });

  it("evaluation after it normalises with those running statistics", () => {
    const mlp = twoNormLayers();
    mlp.forward(mlp.workspace(2), Float64Array.of(1, 3), 2, true);
    const [m2, v2] = [Array.from(mlp.buffers.subarray(4, 7)), Array.from(mlp.buffers.subarray(7, 10))];
    const ua = (3 - 0.2) / Math.sqrt(1.1 + BN_EPS);
    const ub = (6 - 0.4) / Math.sqrt(1.7 + BN_EPS);
    const z2 = [ua + 1, ub + 2, ua + ub + 3];
    const out = z2.reduce((s, z, j) => s + (z - m2[j]) / Math.sqrt(v2[j] + BN_EPS), 0);
    expectAllClose(mlp.forward(mlp.workspace(1), Float64Array.of(3), 1), [out], 1e-14, 0, "eval output");
  });
});

describe("the residual flag", () => {
  // 2 → 2 (relu, W₁ = I, no bias) → 1 (W₂ = (1, 1)); x = (1, −2): relu(x) = (1, 0) → 1; with the skip
  // h = x + relu(x) = (2, −2) → 0
  const net = (residual?: boolean) => {
    const mlp = new Mlp({ inputs: 2, hidden: [{ units: 2, activation: relu }], outputs: 1, bias: false, residual });
    mlp.params.set([1, 0, 0, 1, 1, 1]);
    return mlp;
  };
  const out = (mlp: Mlp) => mlp.forward(mlp.workspace(1), Float64Array.of(1, -2), 1)[0];

  it("equal widths add no skip unless residual is true", () => {
    for (const residual of [undefined, false]) {
      const mlp = net(residual);
      expect(mlp.layers.map((l) => l.skip)).toEqual([false, false]);
      expect(mlp.blocks).toBe(false);
      expect(out(mlp)).toBe(1);
    }
    const skip = net(true);
    expect(skip.layers.map((l) => l.skip)).toEqual([true, false]);
    expect(out(skip)).toBe(0);
  });
});

describe("a caller's bug is refused with a message that names it", () => {
  it("a batch beyond the workspace", () => {
    const mlp = new Mlp({ inputs: 1, hidden: [], outputs: 1, bias: true });
    expect(() => mlp.forward(mlp.workspace(2), new Float64Array(3), 3)).toThrow(
      new RangeError("batch of 3 rows exceeds workspace capacity 2"),
    );
  });

  it.each([2.5, -1, 2 ** 31])("a layer dimension of %s", (v) => {
    expect(() => new Mlp({ inputs: v, hidden: [], outputs: 1, bias: true })).toThrow(
      new RangeError(`layer dimension must be a non-negative integer below 2^31, got ${v}`),
    );
  });
});
