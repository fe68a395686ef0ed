/**
 * Batch normalization and residual blocks (batchnorm.ts, blocks.ts through Mlp). What these tests prove:
 *  - batch norm's training and evaluation forward passes and the running statistics give the hand-computed numbers;
 *  - a skip layer outputs h = h_prev + f(z), a layer whose widths differ does not skip, the output layer never does;
 *  - backprop through every combination of residual × norm × activation equals float64 central differences of the
 *    training-mode loss for every trained parameter (W, b, γ, β);
 *  - the layout: γ, β after each hidden layer's bias (torch's Sequential(Linear, BatchNorm1d, act) order), running
 *    statistics after every parameter, outside `trainable` and `grads`;
 *  - a plain network has no buffers and takes the plain passes.
 */
import { describe, expect, it } from "vitest";
import { makeActivation, tanh } from "../../src/engine/activations.js";
import { makeHead } from "../../src/engine/losses.js";
import { Mlp, type MlpShape } from "../../src/engine/mlp.js";
import { BN_EPS } from "../../src/engine/batchnorm.js";
import { Rng } from "../../src/engine/rng.js";
import { expectAllClose } from "./helpers.js";

describe("batch norm forward, by hand", () => {
  // one input, one hidden unit z = 1·x + 0 with batch norm and a linear activation, output W = 1
  const mlp = new Mlp({
    inputs: 1,
    hidden: [{ units: 1, activation: makeActivation({ name: "linear" }) }],
    outputs: 1,
    bias: true,
    norm: "batch",
  });
  // layout: W1, b1, γ1, β1, W2, b2 | running mean, running var
  it("starts with γ = 1, β = 0, running mean 0 and variance 1; γ, β in the trainable part, the statistics after it", () => {
    expect(Array.from(mlp.params)).toEqual([0, 0, 1, 0, 0, 0, 0, 1]);
    expect(mlp.trainable.length).toBe(6);
    expect(mlp.grads.length).toBe(6);
    expect(Array.from(mlp.buffers)).toEqual([0, 1]);
  });
  it("training mode: batch mean and biased variance; running mean and unbiased variance move by momentum 0.1", () => {
    mlp.params.set([1, 0, 2, 0.5, 1, 0, 0, 1]); // W1 = 1, γ = 2, β = 0.5, W2 = 1
    const ws = mlp.workspace(2);
    const x = Float64Array.of(1, 3);
    // μ = 2, σ² = ((1−2)² + (3−2)²)/2 = 1, x̂ = ∓1/√(1 + 1e-5), u = 2·x̂ + 0.5
    const out = mlp.forward(ws, x, 2, true);
    const s = 1 / Math.sqrt(1 + BN_EPS);
    expectAllClose(out, [0.5 - 2 * s, 0.5 + 2 * s], 1e-15);
    // running mean 0.9·0 + 0.1·2 = 0.2; running var 0.9·1 + 0.1·(1·2/1) = 1.1
    expectAllClose(mlp.buffers, [0.2, 1.1], 1e-15);
  });
  it("evaluation mode: the running statistics, nothing updated", () => {
    const ws = mlp.workspace(1);
    const out = mlp.forward(ws, Float64Array.of(3), 1);
    // (3 − 0.2)/√(1.1 + 1e-5)·2 + 0.5
    expectAllClose(out, [(2.8 / Math.sqrt(1.1 + BN_EPS)) * 2 + 0.5], 1e-15);
    expectAllClose(mlp.buffers, [0.2, 1.1], 0);
  });
});

describe("residual connections", () => {
  it("h = h_prev + f(z) where widths match; not where they differ; never on the output layer", () => {
    const act = makeActivation({ name: "tanh" });
    const mlp = new Mlp({
      inputs: 2,
      hidden: [
        { units: 2, activation: act },
        { units: 3, activation: act },
        { units: 3, activation: act },
      ],
      outputs: 3,
      bias: false,
      residual: true,
    });
    expect(mlp.layers.map((l) => l.skip)).toEqual([true, false, true, false]);
    // every weight 0.5: layer 1: z = 0.5(x1 + x2), h1 = x + tanh(z)
    mlp.params.fill(0.5);
    const ws = mlp.workspace(1);
    const x = Float64Array.of(1, -0.2);
    mlp.forward(ws, x, 1);
    const t1 = Math.tanh(0.4);
    const h1 = [1 + t1, -0.2 + t1];
    const t2 = Math.tanh(0.5 * (h1[0] + h1[1]));
    const t3 = Math.tanh(0.5 * 3 * t2);
    const h3 = t2 + t3;
    expectAllClose(ws.blocks!.h[0], h1, 1e-15);
    expectAllClose(ws.blocks!.h[1].subarray(0, 3), [t2, t2, t2], 1e-15);
    expectAllClose(ws.z[3], [1.5 * h3, 1.5 * h3, 1.5 * h3], 1e-15);
  });
  it("a plain network has no buffers and no block buffers", () => {
    const mlp = new Mlp({ inputs: 2, hidden: [{ units: 3, activation: tanh }], outputs: 1, bias: true });
    expect(mlp.blocks).toBe(false);
    expect(mlp.trainable).toBe(mlp.params);
    expect(mlp.workspace(4).blocks).toBeNull();
    // residual on, but no hidden layer keeps its width: no skip, the plain passes
    expect(new Mlp({ inputs: 2, hidden: [{ units: 3, activation: tanh }], outputs: 1, bias: true, residual: true }).blocks).toBe(false);
  });
});

describe("backprop through blocks = central differences of the training-mode loss, every trained parameter", () => {
  const rows = 6;
  const rng = Rng.stream(7, "test");
  const x = Float64Array.from({ length: rows * 3 }, () => rng.normal());
  const y = Float64Array.from({ length: rows }, (_, i) => i % 2);
  const cases: [string, Partial<MlpShape>][] = [
    ["residual", { residual: true }],
    ["norm", { norm: "batch" }],
    ["residual + norm", { residual: true, norm: "batch" }],
    ["residual + norm, no bias", { residual: true, norm: "batch", bias: false }],
  ];
  for (const activation of ["sigmoid", "tanh", "relu", "gelu", "elu"]) {
    for (const [label, extra] of cases) {
      it(`${activation}, ${label}`, () => {
        const act = makeActivation({ name: activation } as never);
        const mlp = new Mlp({
          inputs: 3,
          hidden: [
            { units: 4, activation: act },
            { units: 4, activation: act },
            { units: 4, activation: act },
          ],
          outputs: 1,
          bias: true,
          ...extra,
        });
        const init = Rng.stream(11, "test");
        for (let i = 0; i < mlp.trainable.length; i++) mlp.params[i] = 0.7 * init.normal();
        const head = makeHead("bce", "sigmoid");
        const ws = mlp.workspace(rows);
        const loss = () => {
          const z = mlp.forward(ws, x, rows, true);
          return head.lossSum(z, y, rows, 1) / rows;
        };
        const saved = Float64Array.from(mlp.buffers);
        head.gradient(mlp.forward(ws, x, rows, true), y, rows, 1, ws.outputGrad);
        mlp.backward(ws, x, rows);
        const backprop = Float64Array.from(mlp.grads);
        const numeric = backprop.map((_, i) => {
          const p = mlp.params[i];
          mlp.params[i] = p + 1e-6;
          const plus = loss();
          mlp.params[i] = p - 1e-6;
          const minus = loss();
          mlp.params[i] = p;
          return (plus - minus) / 2e-6;
        });
        // |Δ| ≤ 1e-8 + 1e-6·|g|: central differences carry rounding of order ε·L/h ≈ 1e-10 (a bias before batch norm
        // has gradient exactly 0 in theory: backprop gives ~1e-16, the differences ~1e-10)
        backprop.forEach((g, i) =>
          expect(Math.abs(g - numeric[i]), `${activation} ${label} [${i}]: ${g} vs ${numeric[i]}`).toBeLessThanOrEqual(
            1e-8 + 1e-6 * Math.abs(numeric[i]),
          ),
        );
        expect(
          mlp.buffers.some((v, i) => v !== saved[i]),
          "training forward passes move the running statistics",
        ).toBe(extra.norm === "batch");
      });
    }
  }
});
