/**
 * Health findings' details (run/health.ts): which row the tracker takes as the first trained epoch and the best
 * test loss, the layer and value each finding carries, the advice chosen by the model and by bias_init, and the
 * guards that keep a finding from being drawn from a missing number. Values are dyadic where a boundary is tested.
 */
import { describe, expect, it } from "vitest";
import type { ResolvedConfig } from "../../src/config/resolve.js";
import { diagnose, HealthTracker } from "../../src/run/health.js";
import type { DivergedAt } from "../../src/train/train.js";
import type { MetricsRow } from "../../src/metrics.js";
import { metricsRow } from "./metrics-row.js";

function config(activations: string[], o: { bias_init?: number; log_every?: number; batch?: number } = {}): ResolvedConfig {
  return {
    model: { layers: activations.map((name) => ({ units: 8, activation: { name } })), output: "sigmoid", bias_init: o.bias_init ?? 0 },
    train: { batch: o.batch ?? 10, log_every: o.log_every ?? 1 },
  } as unknown as ResolvedConfig;
}

const row = (epoch: number, o: Partial<MetricsRow> = {}): MetricsRow => metricsRow(epoch, 3, o);

function tracked(rows: MetricsRow[]): HealthTracker {
  const t = new HealthTracker();
  rows.forEach((r) => t.observe(r));
  return t;
}

const diverged = (grad_norm_before: number | null): DivergedAt => ({ epoch: 7, step: 2, layer: null, what: "loss", grad_norm_before });

describe("HealthTracker", () => {
  it("the first trained epoch is the first row after epoch 0 that has a gradient norm", () => {
    const e0 = row(0, { grad_norm: 2 }); // epoch 0 is before any update, whatever it carries
    const noNorm = row(1, { grad_norm: null });
    const e2 = row(2);
    const t = tracked([e0, noNorm, e2, row(3)]);
    expect(t.firstTrained).toBe(e2);
    expect(t.first).toBe(e0);
  });

  it("the best test loss is the first row reaching the lowest finite one; null and NaN rows are skipped", () => {
    const t = tracked([row(0, { test_loss: 0.5 }), row(1, { test_loss: 0.25 }), row(2, { test_loss: null }), row(3, { test_loss: 0.25 })]);
    expect(t.bestTest).toEqual({ value: 0.25, epoch: 1 });
    t.observe(row(4, { test_loss: Number.NaN }));
    expect(t.bestTest).toEqual({ value: 0.25, epoch: 1 });
  });

  it("a non-finite test loss before any finite one is not a best (NaN would compare false with everything after)", () => {
    expect(tracked([row(0, { test_loss: Number.NaN }), row(1, { test_loss: 0.5 })]).bestTest).toEqual({ value: 0.5, epoch: 1 });
    expect(tracked([row(0, { test_loss: Number.POSITIVE_INFINITY }), row(1, { test_loss: 0.5 })]).bestTest).toEqual({
      value: 0.5,
      epoch: 1,
    });
  });
});

describe("gradient ratio guards", () => {
  const ratioRows = (g: (number | null)[]) => tracked([row(0), row(1, { grad_norm_layer: g }), row(2, { train_loss: 0.1 })]);

  it("a diverged run gets only the divergence finding, even with a vanishing ratio", () => {
    const f = diagnose(ratioRows([0.001, 1, 1, 1]), config(["sigmoid", "sigmoid", "sigmoid"]), diverged(null), 100);
    expect(f.map((x) => x.kind)).toEqual(["diverged"]);
  });

  it("no ratio from a missing first-layer norm or a zero last-hidden-layer norm", () => {
    const cfg = config(["relu", "relu", "relu"]);
    expect(diagnose(ratioRows([null, 1, 1, 1]), cfg, null, 100)).toEqual([]);
    expect(diagnose(ratioRows([1, 1, 0, 1]), cfg, null, 100)).toEqual([]);
  });

  it("vanishing advice follows layer 1's family: relu → he init, fewer layers or adam; sigmoid (two layers) → relu", () => {
    const relu = diagnose(ratioRows([0.001, 1, 0.5, 1]), config(["relu", "relu", "relu"]), null, 100);
    expect(relu.map((x) => x.message)).toEqual([
      "vanishing gradients: layer 1's gradient norm is 1/500 of layer 3's (relu hidden layers) — try he init, fewer layers, or adam",
    ]);
    const twoSigmoid = tracked([row(0), row(1, { grad_norm_layer: [0.001, 0.5, 1] }), row(2, { train_loss: 0.1 })]);
    const f = diagnose(twoSigmoid, config(["sigmoid", "sigmoid"]), null, 100);
    expect(f.map((x) => [x.layer, x.value, x.message])).toEqual([
      [1, 0.002, "vanishing gradients: layer 1's gradient norm is 1/500 of layer 2's (sigmoid hidden layers) — try relu or he init"],
    ]);
  });
});

describe("findings' layer, value and message", () => {
  it("divergence without a finite step before it names no gradient norm", () => {
    const f = diagnose(tracked([row(0)]), config(["relu"]), diverged(null), 100);
    expect(f.map((x) => [x.kind, x.layer, x.value, x.message])).toEqual([
      ["diverged", null, 7, "gradients exploded before divergence at epoch 7 (step 2) — try clip: {norm: 1} or a smaller lr"],
    ]);
  });

  it("nothing to say before any row", () => {
    expect(diagnose(new HealthTracker(), config(["relu"]), null, 100)).toEqual([]);
  });

  it("dead units and saturation carry their 1-based layer and the fraction", () => {
    const dead = diagnose(tracked([row(0), row(2, { dead_frac_layer: [0, 0, 0.75] })]), config(["relu", "relu", "relu"]), null, 100);
    expect(dead.map((x) => [x.kind, x.layer, x.value])).toEqual([["dead_units", 3, 0.75]]);
    const sat = diagnose(tracked([row(0), row(2, { sat_frac_layer: [0, 0.5, 0] })]), config(["tanh", "tanh", "tanh"]), null, 100);
    expect(sat.map((x) => [x.kind, x.layer, x.value])).toEqual([["saturation", 2, 0.5]]);
  });

  it("stalled carries final / first train loss (0.5 / 0.5 = 1)", () => {
    const f = diagnose(tracked([row(0, { train_loss: 0.5 }), row(20, { train_loss: 0.5 })]), config(["relu"]), null, 100);
    expect(f.map((x) => [x.kind, x.value])).toEqual([["stalled", 1]]);
  });

  it("clipping carries clipped / steps (9 of 10 → 0.9) and says it in percent", () => {
    const f = diagnose(tracked([row(0), row(2, { train_loss: 0.1, clipped: 9 })]), config(["relu"]), null, 100);
    expect(f.map((x) => [x.kind, x.value, x.message])).toEqual([
      ["clipping", 0.9, "clipping changed 90% of the last epoch's steps — the clip threshold sets the step size; raise it or lower lr"],
    ]);
  });

  it("clipping is judged only when every epoch is logged (log_every 1) and there are steps", () => {
    const rows = () => tracked([row(0), row(2, { train_loss: 0.1, clipped: 10 })]);
    expect(diagnose(rows(), config(["relu"], { log_every: 2 }), null, 100)).toEqual([]);
    expect(diagnose(rows(), config(["relu"]), null, 0)).toEqual([]);
  });

  it("overfitting carries final / best test loss and names both; a best of 0 is written 0", () => {
    const rows = [row(0, { test_loss: 0.5 }), row(1, { test_loss: 0.125 }), row(30, { train_loss: 0.1, test_loss: 0.25 })];
    const f = diagnose(tracked(rows), config(["relu"]), null, 100);
    expect(f.map((x) => [x.kind, x.value, x.message])).toEqual([
      ["overfitting", 2, "overfitting: test loss rose from 0.125 (epoch 1) to 0.25 — try early_stop, l2, or more data"],
    ]);
    const zero = [row(0, { test_loss: 0.5 }), row(1, { test_loss: 0 }), row(30, { train_loss: 0.1, test_loss: 0.25 })];
    expect(diagnose(tracked(zero), config(["relu"]), null, 100).map((x) => x.message)).toEqual([
      "overfitting: test loss rose from 0 (epoch 1) to 0.25 — try early_stop, l2, or more data",
    ]);
  });

  it("overfitting counts from the first time the best was reached (a tie later does not move it)", () => {
    // best 0.125 at epoch 2 and again at 10; final 0.25 at 15: 2 < 2/3·15 = 10 → overfitting (10 would not be)
    const rows = [
      row(0, { test_loss: 0.5 }),
      row(2, { test_loss: 0.125 }),
      row(10, { test_loss: 0.125 }),
      row(15, { train_loss: 0.1, test_loss: 0.25 }),
    ];
    expect(diagnose(tracked(rows), config(["relu"]), null, 100).map((x) => x.kind)).toEqual(["overfitting"]);
  });

  it("no overfitting (and no error) when no test loss was ever finite", () => {
    const rows = [row(0, { test_loss: Number.NaN }), row(30, { train_loss: 0.1, test_loss: Number.NaN })];
    expect(diagnose(tracked(rows), config(["relu"]), null, 100)).toEqual([]);
  });
});

describe("advice", () => {
  const deadRows = (atStart: number, now: number) =>
    tracked([row(0, { dead_frac_layer: [atStart, 0, 0] }), row(2, { train_loss: 0.1, dead_frac_layer: [now, 0, 0] })]);

  it("dead at epoch 0 means at least half of the final share: 25% then 50% is dead from the start", () => {
    const f = diagnose(deadRows(0.25, 0.5), config(["relu", "relu", "relu"], { bias_init: 0 }), null, 100);
    expect(f.map((x) => x.message)).toEqual([
      "50% of layer 1's units are dead (relu) — 25% were dead at epoch 0, before any update: the initial weights put their z below 0 on every sample; start the biases at 0 or use he init, or use leaky_relu (it keeps a gradient for z < 0); a lower lr will not revive them",
    ]);
  });

  it("with bias_init 0 the cause is the weights (and he init is offered); below 0, the biases", () => {
    const zero = diagnose(deadRows(1, 1), config(["relu", "relu", "relu"], { bias_init: 0 }), null, 100)[0].message;
    expect(zero).toContain("the initial weights put their z below 0 on every sample; start the biases at 0 or use he init,");
    const negative = diagnose(deadRows(1, 1), config(["relu", "relu", "relu"], { bias_init: -0.5 }), null, 100)[0].message;
    expect(negative).toContain(
      "every bias starts at -0.5 (model.bias_init), which puts their z below 0 on every sample; start the biases at 0, or use",
    );
  });

  it("a stalled network with a linear layer and a relu layer is non-linear: lr / optimizer advice", () => {
    const f = diagnose(tracked([row(0, { train_loss: 0.5 }), row(20, { train_loss: 0.5 })]), config(["linear", "relu"]), null, 100);
    expect(f.map((x) => x.message)).toEqual([
      "training stalled: train loss went from 0.5 to 0.5 in 20 epochs — try a larger lr, adam, or another init",
    ]);
  });
});
