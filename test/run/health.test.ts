import { describe, expect, it } from "vitest";
import type { ResolvedConfig } from "../../src/config/resolve.js";
import { join } from "node:path";
import { diagnose, HealthTracker } from "../../src/run/health.js";
import { runMain, tempDir } from "../helpers.js";
import type { MetricsRow } from "../../src/metrics.js";
import { metricsRow } from "./metrics-row.js";

const config = (activation: string, layers = 6, batch: number | "full" = 10) =>
  ({
    model: { layers: Array.from({ length: layers }, () => ({ units: 8, activation: { name: activation } })), output: "sigmoid" },
    train: { batch, log_every: 1 },
  }) as unknown as ResolvedConfig;

const row = (epoch: number, o: Partial<MetricsRow> = {}): MetricsRow => metricsRow(epoch, 6, o);

function findings(rows: MetricsRow[], cfg = config("sigmoid"), n = 100) {
  const t = new HealthTracker();
  rows.forEach((r) => t.observe(r));
  return diagnose(t, cfg, null, n);
}

describe("training health", () => {
  it("is silent when training is healthy", () => {
    expect(findings([row(0), row(1, { train_loss: 0.4 }), row(30, { train_loss: 0.05 })])).toEqual([]);
  });

  it("vanishing gradients: layer 1's norm 1/4000 of layer 6's", () => {
    const f = findings([row(0), row(1, { grad_norm_layer: [0.0001, 0.001, 0.01, 0.1, 0.2, 0.4, 1] }), row(2, { train_loss: 0.1 })]);
    expect(f).toHaveLength(1);
    expect(f[0].kind).toBe("vanishing_gradients");
    expect(f[0].value).toBeCloseTo(0.0001 / 0.4, 12);
    expect(f[0].message).toBe(
      "vanishing gradients: layer 1's gradient norm is 1/4000 of layer 6's (sigmoid hidden layers) — try relu or he init",
    );
  });

  it("units dead from epoch 0 are told to change the start, not the lr (bias_init −3); units that died in training, the lr", () => {
    const cfg = { ...config("relu", 2), model: { ...config("relu", 2).model, bias_init: -3 } } as ResolvedConfig;
    const dead = [0.875, 1, null, null, null, null];
    const fromInit = findings([row(0, { dead_frac_layer: dead }), row(1), row(2, { train_loss: 0.1, dead_frac_layer: dead })], cfg);
    expect(fromInit.map((f) => f.message)).toEqual([
      "88% of layer 1's units are dead (relu) — 88% were dead at epoch 0, before any update: every bias starts at -3 (model.bias_init), which puts their z below 0 on every sample; start the biases at 0, or use leaky_relu (it keeps a gradient for z < 0); a lower lr will not revive them",
      "100% of layer 2's units are dead (relu) — 100% were dead at epoch 0, before any update: every bias starts at -3 (model.bias_init), which puts their z below 0 on every sample; start the biases at 0, or use leaky_relu (it keeps a gradient for z < 0); a lower lr will not revive them",
    ]);
    const died = findings(
      [row(0, { dead_frac_layer: [0.1, 0, 0, 0, 0, 0] }), row(1), row(2, { train_loss: 0.1, dead_frac_layer: [0.7, 0, 0, 0, 0, 0] })],
      config("relu"),
    );
    expect(died.map((f) => f.message)).toEqual([
      "70% of layer 1's units are dead (relu) — they died during training (10% at epoch 0): lower lr or try leaky_relu",
    ]);
  });

  it("dead units and saturation name the layer and the share", () => {
    const dead = findings([row(0), row(1), row(2, { train_loss: 0.1, dead_frac_layer: [0, 0.62, 0, 0, 0, 0] })], config("relu"));
    expect(dead.map((f) => f.message)).toEqual(["62% of layer 2's units are dead (relu) — lower lr or try leaky_relu"]);
    const sat = findings([row(0), row(1), row(2, { train_loss: 0.1, sat_frac_layer: [0.8, 0.1, 0, 0, 0, 0] })], config("tanh"));
    expect(sat.map((f) => f.kind)).toEqual(["saturation"]);
    expect(sat[0].message).toMatch(/^saturated: 80% of tanh activations in layer 1/);
  });

  it("a stalled run, dominant clipping and overfitting are reported", () => {
    const stalled = findings([row(0, { train_loss: 0.69 }), row(1), row(25, { train_loss: 0.68 })]);
    expect(stalled.map((f) => f.kind)).toEqual(["stalled"]);
    // 100 rows, batch 10 → 10 steps per epoch; 10 clipped
    const clipped = findings([row(0), row(1), row(2, { train_loss: 0.1, clipped: 10 })]);
    expect(clipped.map((f) => f.kind)).toEqual(["clipping"]);
    const over = findings([
      row(0, { test_loss: 0.7 }),
      row(10, { test_loss: 0.2, train_loss: 0.2 }),
      row(60, { test_loss: 0.5, train_loss: 0.01 }),
    ]);
    expect(over.map((f) => f.kind)).toEqual(["overfitting"]);
  });

  it("divergence gives the epoch, step, layer and the gradient norm just before", () => {
    const t = new HealthTracker();
    t.observe(row(0));
    const f = diagnose(t, config("relu", 2), { epoch: 12, step: 3, layer: 2, what: "weight", grad_norm_before: 3.2e8 }, 100);
    expect(f.map((x) => x.message)).toEqual([
      "gradients exploded before divergence at epoch 12 (step 3, layer 2, gradient norm 3.2e+8 just before) — try clip: {norm: 1} or a smaller lr",
    ]);
  });
});

describe("training health points the right way (issue 14)", () => {
  const stalledRows = () => [row(0, { train_loss: 0.69 }), row(1), row(25, { train_loss: 0.68 })];

  it("a stalled linear model (no hidden layer) is told to add a hidden layer, not to raise lr", () => {
    const f = findings(stalledRows(), config("relu", 0));
    expect(f.map((x) => x.kind)).toEqual(["stalled"]);
    expect(f[0].message).toContain("add a hidden layer (model.layers: [8]) rather than raising lr");
    expect(f[0].message).not.toContain("try a larger lr");
  });

  it("a stalled stack of linear layers is told it is one linear layer", () => {
    const f = findings(stalledRows(), config("linear", 3));
    expect(f[0].message).toContain("the stack is one linear layer: use a non-linear activation");
  });

  it("a stalled non-linear network still gets the lr / optimizer advice", () => {
    expect(findings(stalledRows(), config("sigmoid"))[0].message).toContain("try a larger lr, adam, or another init");
  });

  it("after a divergence, units dead from the blow-up are not a separate finding", () => {
    const t = new HealthTracker();
    t.observe(row(0));
    t.observe(row(3, { dead_frac_layer: [1, 1, 0, 0, 0, 0] }));
    const f = diagnose(t, config("relu", 2), { epoch: 3, step: 1, layer: 1, what: "weight", grad_norm_before: 1e9 }, 100);
    expect(f.map((x) => x.kind)).toEqual(["diverged"]);
    // the same rows without the divergence do report them
    expect(
      findings([row(0), row(3, { train_loss: 0.1, dead_frac_layer: [1, 1, 0, 0, 0, 0] })], config("relu", 2)).map((x) => x.kind),
    ).toEqual(["dead_units", "dead_units"]);
  });
});

/**
 * Every threshold the README's "Training health" states, at the boundary and on both sides (issue 27). The values are
 * exact in binary floating point (0.01/1, 9/10, 1.5·0.25, (2/3)·60 are the doubles the code compares), so "at" is at.
 */
describe("training health thresholds, at the boundary and on both sides", () => {
  const kinds = (rows: MetricsRow[], cfg = config("sigmoid"), n = 100) => findings(rows, cfg, n).map((f) => f.kind);
  /** First trained epoch with layer 1's gradient norm g1 and the last hidden layer's (layer 6) 1. */
  const gradRatio = (g1: number) => [row(0), row(1, { grad_norm_layer: [g1, 1, 1, 1, 1, 1, 1] }), row(2, { train_loss: 0.1 })];

  it("vanishing gradients below 1/100 of the last hidden layer's norm, not at it", () => {
    expect(kinds(gradRatio(1 / 200))).toEqual(["vanishing_gradients"]);
    expect(kinds(gradRatio(0.0099))).toEqual(["vanishing_gradients"]);
    expect(kinds(gradRatio(0.01))).toEqual([]);
    expect(kinds(gradRatio(0.011))).toEqual([]);
  });

  it("exploding gradients above 100×, not at it", () => {
    expect(kinds(gradRatio(99))).toEqual([]);
    expect(kinds(gradRatio(100))).toEqual([]);
    expect(kinds(gradRatio(100.5))).toEqual(["exploding_gradients"]);
  });

  it("the ratio needs two hidden layers: one hidden layer has nothing to compare", () => {
    const one = [row(0), row(1, { grad_norm_layer: [1e-6, 1, null, null, null, null, null] }), row(2, { train_loss: 0.1 })];
    expect(kinds(one, config("sigmoid", 1))).toEqual([]);
    expect(
      kinds(
        one.map((r) => ({ ...r, grad_norm_layer: r.grad_norm_layer.slice(0, 3) })),
        config("sigmoid", 2),
      ),
    ).toEqual(["vanishing_gradients"]);
  });

  it("dead units at ≥ 50% of a layer's units", () => {
    const dead = (f: number) => kinds([row(0), row(1), row(2, { train_loss: 0.1, dead_frac_layer: [f, 0, 0, 0, 0, 0] })], config("relu"));
    expect(dead(0.49)).toEqual([]);
    expect(dead(0.5)).toEqual(["dead_units"]);
    expect(dead(0.51)).toEqual(["dead_units"]);
  });

  it("saturation at ≥ 50% of a layer's activations", () => {
    const sat = (f: number) => kinds([row(0), row(1), row(2, { train_loss: 0.1, sat_frac_layer: [0, f, 0, 0, 0, 0] })], config("tanh"));
    expect(sat(0.49)).toEqual([]);
    expect(sat(0.5)).toEqual(["saturation"]);
    expect(sat(0.51)).toEqual(["saturation"]);
  });

  it("stalled only after ≥ 20 epochs", () => {
    const flat = (epochs: number) => kinds([row(0, { train_loss: 0.69 }), row(1), row(epochs, { train_loss: 0.69 })]);
    expect(flat(10)).toEqual([]);
    expect(flat(19)).toEqual([]);
    expect(flat(20)).toEqual(["stalled"]);
    expect(flat(21)).toEqual(["stalled"]);
  });

  it("stalled when the final train loss is above 90% of epoch 0's, not at it", () => {
    const loss = (last: number) => kinds([row(0, { train_loss: 1 }), row(1), row(30, { train_loss: last })]);
    expect(loss(0.89)).toEqual([]);
    expect(loss(0.9)).toEqual([]);
    expect(loss(0.91)).toEqual(["stalled"]);
  });

  it("clipping dominates at ≥ 90% of the last epoch's steps (100 rows, batch 10: 10 steps)", () => {
    const clipped = (c: number) => kinds([row(0), row(1), row(2, { train_loss: 0.1, clipped: c })]);
    expect(clipped(8)).toEqual([]);
    expect(clipped(9)).toEqual(["clipping"]);
    expect(clipped(10)).toEqual(["clipping"]);
    // 101 rows in batches of 10 are 11 steps: 9 clipped is 82%, 10 is 91%
    expect(kinds([row(0), row(1), row(2, { train_loss: 0.1, clipped: 9 })], config("sigmoid"), 101)).toEqual([]);
    expect(kinds([row(0), row(1), row(2, { train_loss: 0.1, clipped: 10 })], config("sigmoid"), 101)).toEqual(["clipping"]);
  });

  it("overfitting when the final test loss is above 1.5× its best, not at it", () => {
    const over = (last: number) =>
      kinds([row(0, { test_loss: 0.7 }), row(10, { test_loss: 0.25, train_loss: 0.2 }), row(60, { test_loss: last, train_loss: 0.01 })]);
    expect(over(0.374)).toEqual([]);
    expect(over(0.375)).toEqual([]);
    expect(over(0.376)).toEqual(["overfitting"]);
  });

  it("overfitting only when the best came before 2/3 of the run (epoch 40 of 60), not at it", () => {
    const bestAt = (epoch: number) =>
      kinds([row(0, { test_loss: 0.7 }), row(epoch, { test_loss: 0.25, train_loss: 0.2 }), row(60, { test_loss: 0.5, train_loss: 0.01 })]);
    expect(bestAt(39)).toEqual(["overfitting"]);
    expect(bestAt(40)).toEqual([]);
    expect(bestAt(41)).toEqual([]);
  });

  it("numbers in messages switch to an exponent at 1e5 and below 1e-3", () => {
    const exploding = (g1: number) => findings(gradRatio(g1))[0].message;
    expect(exploding(12345)).toMatch(/gradient norm is 12300× layer 6's/);
    expect(exploding(1e5)).toMatch(/gradient norm is 1e\+5× layer 6's/);
    expect(exploding(2.5e7)).toMatch(/gradient norm is 2\.5e\+7× layer 6's/);
    const before = (g: number) => {
      const t = new HealthTracker();
      t.observe(row(0));
      return diagnose(t, config("relu", 2), { epoch: 2, step: 1, layer: null, what: "loss", grad_norm_before: g }, 100)[0].message;
    };
    expect(before(0.001)).toContain("(step 1, gradient norm 0.001 just before)");
    expect(before(0.00099)).toContain("(step 1, gradient norm 9.9e-4 just before)");
    expect(before(99900)).toContain("gradient norm 99900 just before");
    // decided on the 3-digit value: 99999 rounds to 1e+5 (printed "100000" before), 0.00099951 to 0.001
    expect(before(99999)).toContain("gradient norm 1e+5 just before");
    expect(before(0.00099951)).toContain("gradient norm 0.001 just before");
  });
});

describe("training health as train prints it", () => {
  it("a long finding wraps to the terminal with a hanging indent (dying ReLU's bias_init −3, at 80 columns)", async () => {
    const r = await runMain(["train", "configs/classic-dying-relu.yaml", "--run-dir", join(tempDir(), "run"), "--no-color"]);
    expect(r.code, r.stderr).toBe(0);
    const block = r.stdout.slice(r.stdout.indexOf("training health:")).split("\n\n")[0].split("\n");
    expect(block).toEqual([
      "training health:",
      "  ! 100% of layer 1's units are dead (relu) — 100% were dead at epoch 0, before",
      "    any update: every bias starts at -3 (model.bias_init), which puts their z",
      "    below 0 on every sample; start the biases at 0, or use leaky_relu (it keeps",
      "    a gradient for z < 0); a lower lr will not revive them",
      "  ! 100% of layer 2's units are dead (relu) — 100% were dead at epoch 0, before",
      "    any update: every bias starts at -3 (model.bias_init), which puts their z",
      "    below 0 on every sample; start the biases at 0, or use leaky_relu (it keeps",
      "    a gradient for z < 0); a lower lr will not revive them",
    ]);
  });
});
