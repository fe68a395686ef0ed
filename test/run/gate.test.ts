/**
 * The regression gate's tolerances at their boundary and on both sides (issue 27): relative `25%`, absolute `0.125`
 * and statistical `ks e` (Welch: k·√(s₁²/n₁ + s₂²/n₂)), for a loss (worse when higher) and an accuracy (worse when
 * lower). Means and tolerances are dyadic (0.5, 0.125, 0.625), so "exactly at the limit" is exact in floating point.
 */
import { describe, expect, it } from "vitest";
import { gate, parseTolerance, type Baseline } from "../../src/run/baseline.js";
import type { Stat } from "../../src/run/stats.js";

function baseline(metrics: Baseline["points"][number]["metrics"]): Baseline {
  return { format: "nn-lab.baseline.v1", kind: "sweep", source: "base.json", axes: [], points: [{ point: {}, metrics }], version: "" };
}
const s = (mean: number, std = 0, n = 1): Stat => ({ mean, std, n });

/** The one gate row of `metric` when the run checked now has `now`. */
function verdict(base: Stat, now: Stat, tolerance: string, metric: "test_loss" | "test_acc" = "test_loss") {
  const rows = gate(baseline({ [metric]: base }), [], [{ point: {}, metrics: { [metric]: now } }], parseTolerance(tolerance));
  expect(rows).toHaveLength(1);
  return rows[0];
}

describe("gate tolerances at the boundary", () => {
  it("relative: a loss may rise by 25% of the baseline (0.5 → 0.625), not more; falling always passes", () => {
    expect(verdict(s(0.5), s(0.625), "25%")).toMatchObject({ pass: true, limit: 0.625, delta: 0.125 });
    expect(verdict(s(0.5), s(0.625 + 1e-12), "25%").pass).toBe(false);
    expect(verdict(s(0.5), s(0.6), "25%").pass).toBe(true);
    expect(verdict(s(0.5), s(0.1), "25%").pass).toBe(true);
  });

  it("relative on a negative baseline mean uses |mean| (the limit moves in the bad direction)", () => {
    expect(verdict(s(-0.5), s(-0.375), "25%")).toMatchObject({ pass: true, limit: -0.375 });
    expect(verdict(s(-0.5), s(-0.375 + 1e-12), "25%").pass).toBe(false);
  });

  it("absolute: an accuracy may fall by 0.125 (0.75 → 0.625), not more; rising always passes", () => {
    expect(verdict(s(0.75), s(0.625), "0.125", "test_acc")).toMatchObject({ pass: true, limit: 0.625, delta: -0.125 });
    expect(verdict(s(0.75), s(0.625 - 1e-12), "0.125", "test_acc").pass).toBe(false);
    expect(verdict(s(0.75), s(0.7), "0.125", "test_acc").pass).toBe(true);
    expect(verdict(s(0.75), s(1), "0.125", "test_acc").pass).toBe(true);
  });

  it("3se with unequal seed counts (baseline 5, now 3) uses each side's own n: se = √(s₁²/5 + s₂²/3)", () => {
    // s₁² = 0.05 → s₁²/5 = 0.01; s₂² = 0.0675 → s₂²/3 = 0.0225; se = √0.0325 ≈ 0.18028
    const b = s(0.5, Math.sqrt(0.05), 5);
    const now = (mean: number) => s(mean, Math.sqrt(0.0675), 3);
    const se = Math.sqrt(0.05 / 5 + 0.0675 / 3);
    const at = verdict(b, now(0.5), "3se");
    expect(at.se).toBeCloseTo(se, 14);
    expect(at.limit).toBeCloseTo(0.5 + 3 * se, 14);
    expect(verdict(b, now(0.5 + 3 * se * (1 - 1e-9)), "3se").pass).toBe(true);
    expect(verdict(b, now(0.5 + 3 * se * (1 + 1e-9)), "3se").pass).toBe(false);
    // an accuracy moves the other way: the same se, the limit below the baseline
    const acc = verdict(s(0.75, Math.sqrt(0.05), 5), s(0.75 - 2 * se * (1 + 1e-9), Math.sqrt(0.0675), 3), "2se", "test_acc");
    expect(acc.limit).toBeCloseTo(0.75 - 2 * se, 14);
    expect(acc.pass).toBe(false);
    expect(verdict(s(0.75, Math.sqrt(0.05), 5), s(0.75 - 2 * se * (1 - 1e-9), Math.sqrt(0.0675), 3), "2se", "test_acc").pass).toBe(true);
  });

  it("a statistical tolerance needs ≥ 2 seeds on each side: 2 is enough, 1 is an input error", () => {
    expect(verdict(s(0.5, 0.1, 2), s(0.5, 0.1, 2), "3se").pass).toBe(true);
    expect(() => verdict(s(0.5, 0, 1), s(0.5, 0.1, 2), "3se")).toThrow(/the baseline base\.json has 1 seed; .* needs >= 2 per point/);
    expect(() => verdict(s(0.5, 0.1, 2), s(0.5, 0, 1), "3se")).toThrow(/1 completed seed in the run checked; .* needs >= 2 per point/);
  });

  it("a baseline point with no run now fails, its limit still stated", () => {
    const rows = gate(baseline({ test_loss: s(0.5) }), [], [], parseTolerance("25%"));
    expect(rows).toMatchObject([{ pass: false, limit: 0.625, delta: null, note: "no completed run to compare" }]);
  });
});
