/**
 * Statistics over seeds (run/stats.ts), by hand: the mean and sample std (n − 1) every ranking, gate and
 * comparison prints; numpy's default quantile; the paired bootstrap's resamples and its interval.
 */
import { describe, expect, it } from "vitest";
import { bootstrapIndices, bootstrapMeanInterval, quantile, stat } from "../../src/run/stats.js";
import { Rng } from "../../src/engine/rng.js";

describe("stat", () => {
  it("mean and sample std: [0.25, 0.5, 0.75, 1.5] → mean 0.75, std √(0.625/3)", () => {
    // deviations −0.5, −0.25, 0, 0.75 → squares 0.25, 0.0625, 0, 0.5625 = 0.875; / (4 − 1)
    const s = stat([0.25, 0.5, 0.75, 1.5]);
    expect(s.mean).toBe(0.75);
    expect(s.std).toBeCloseTo(Math.sqrt(0.875 / 3), 15);
    expect(s.n).toBe(4);
  });

  it("one value has no spread (std 0); none has no mean (NaN)", () => {
    expect(stat([0.5])).toEqual({ mean: 0.5, std: 0, n: 1 });
    expect(stat([])).toEqual({ mean: Number.NaN, std: 0, n: 0 });
  });
});

describe("quantile (numpy's linear)", () => {
  it("[1, 2, 4, 8]: p 0 → 1, 0.25 → 1.75, 0.5 → 3, 0.9 → 6.8, 1 → 8", () => {
    const x = [1, 2, 4, 8];
    // h = 3p: 0.75 → 1 + 0.75·1; 1.5 → 2 + 0.5·2; 2.7 → 4 + 0.7·4
    expect([0, 0.25, 0.5, 1].map((p) => quantile(x, p))).toEqual([1, 1.75, 3, 8]);
    expect(quantile(x, 0.9)).toBeCloseTo(6.8, 14);
    expect(quantile([5], 0.5)).toBe(5);
  });
});

describe("paired bootstrap", () => {
  it("indices: `resamples` rows of n draws int(n) from Rng.stream(0, 'bootstrap', n), 10,000 rows by default", () => {
    const rng = Rng.stream(0, "bootstrap", 3);
    expect(Array.from(bootstrapIndices(3, 4))).toEqual(Array.from({ length: 12 }, () => rng.int(3)));
    expect(bootstrapIndices(3).length).toBe(30_000);
  });

  it("the interval of [0, 1]: resample means are 0, ½, 1 with chances ¼, ½, ¼", () => {
    // 95%: the 2.5% and 97.5% quantiles fall in the 0 and 1 bands; 40%: 30% and 70% both in the ½ band
    expect(bootstrapMeanInterval([0, 1])).toEqual([0, 1]);
    expect(bootstrapMeanInterval([0, 1], 0.4)).toEqual([0.5, 0.5]);
    expect(bootstrapMeanInterval([0.25, 0.25, 0.25], 0.95, 50)).toEqual([0.25, 0.25]);
  });

  it("the interval's ends are the quantiles of the resample means, recomputed from the same resamples", () => {
    const values = [0.5, -0.25, 1, 0.125];
    const idx = bootstrapIndices(4, 200);
    const means = Array.from(
      { length: 200 },
      (_, r) => (values[idx[4 * r]] + values[idx[4 * r + 1]] + values[idx[4 * r + 2]] + values[idx[4 * r + 3]]) / 4,
    ).sort((a, b) => a - b);
    expect(bootstrapMeanInterval(values, 0.9, 200)).toEqual([quantile(means, 0.05), quantile(means, 0.95)]);
  });

  it("fewer than 2 values: no interval", () => {
    expect(bootstrapMeanInterval([0.5])).toBeNull();
    expect(bootstrapMeanInterval([])).toBeNull();
  });
});
