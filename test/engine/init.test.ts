/**
 * Weight initializers (init.ts), as torch.nn.init with fan_in = in and fan_out = out of W (out × in) (docs/spec.md §3).
 * What these tests prove, on a 200 × 500 matrix (100 000 draws, so a sample std is within ~0.3% of the true one):
 *  - he_normal std = √(2/fan_in), xavier_normal √(2/(in+out)), lecun_normal √(1/fan_in) — and fan_in is the
 *    input width (500), not the output width (200), which would give a std 58% larger;
 *  - xavier_uniform stays within ±√(6/(in+out)), fills that range, with variance a²/3; he_uniform within ±√(6/fan_in);
 *  - gain scales the bound/std; zeros, normal{mean,std}, uniform{limit} do what they say;
 *  - the same Rng stream gives identical weights, another layer index or seed gives different ones.
 */
import { describe, expect, it } from "vitest";
import { fillNormal, INIT_ALIASES, INIT_NAMES, initWeights, varianceScaling, type InitChoice } from "../../src/engine/init.js";
import { Rng } from "../../src/engine/rng.js";
import { expectClose } from "./helpers.js";

const OUT = 200;
const IN = 500;

function init(choice: InitChoice, seed = 1, layer = 0, out = OUT, inn = IN): Float64Array {
  const w = new Float64Array(out * inn);
  initWeights(choice, w, inn, out, Rng.stream(seed, "init", layer));
  return w;
}

function stats(w: Float64Array): { mean: number; std: number; maxAbs: number } {
  let sum = 0;
  let maxAbs = 0;
  for (const v of w) {
    sum += v;
    maxAbs = Math.max(maxAbs, Math.abs(v));
  }
  const mean = sum / w.length;
  let ss = 0;
  for (const v of w) ss += (v - mean) * (v - mean);
  return { mean, std: Math.sqrt(ss / (w.length - 1)), maxAbs };
}

/** Fraction of |w| beyond k·std: 4.55% for a normal at k = 2, 0% for a uniform (its max is √3·std). */
function tailFraction(w: Float64Array, std: number, k: number): number {
  let n = 0;
  for (const v of w) if (Math.abs(v) > k * std) n++;
  return n / w.length;
}

describe("variance-scaling presets (torch.nn.init)", () => {
  it("lists the initializers and their aliases", () => {
    expect(INIT_NAMES).toEqual([
      "zeros",
      "normal",
      "uniform",
      "xavier_uniform",
      "xavier_normal",
      "he_normal",
      "he_uniform",
      "lecun_normal",
    ]);
    expect(INIT_ALIASES.he).toEqual({ name: "he_normal" });
    expect(INIT_ALIASES.xavier).toEqual({ name: "xavier_uniform" });
    expect(INIT_ALIASES.random).toEqual({ name: "normal", std: 0.1 });
  });

  it("he_normal: N(0, 2/fan_in), std √(2/500) = 0.063246 (kaiming_normal_), not √(2/200) = 0.1", () => {
    const w = init({ name: "he_normal", gain: 1 });
    const s = stats(w);
    expect(Math.abs(s.mean)).toBeLessThan(1e-3); // 4 standard errors: 4·0.0632/√1e5 = 8e-4
    expectClose(s.std, Math.sqrt(2 / IN), 0.02);
    // a normal, not a uniform of the same variance: 4.55% of the draws lie beyond 2σ
    expect(tailFraction(w, Math.sqrt(2 / IN), 2)).toBeGreaterThan(0.04);
    expect(tailFraction(w, Math.sqrt(2 / IN), 2)).toBeLessThan(0.051);
  });

  it("xavier_uniform: U(±√(6/(in+out))) = ±0.092582, fills the range, variance a²/3 = 2/(in+out)", () => {
    const a = Math.sqrt(6 / (IN + OUT));
    const w = init({ name: "xavier_uniform", gain: 1 });
    const s = stats(w);
    expect(s.maxAbs).toBeLessThanOrEqual(a);
    expect(s.maxAbs).toBeGreaterThan(0.999 * a);
    expect(Math.abs(s.mean)).toBeLessThan(1e-3);
    expectClose(s.std * s.std, (a * a) / 3, 0.02);
    expectClose(s.std * s.std, 2 / (IN + OUT), 0.02);
  });

  it("xavier_normal: N(0, 2/(in+out)), std 0.053452", () => {
    const s = stats(init({ name: "xavier_normal", gain: 1 }));
    expectClose(s.std, Math.sqrt(2 / (IN + OUT)), 0.02);
  });

  it("he_uniform: U(±√(6/fan_in)) = ±0.109545 (kaiming_uniform_), variance 2/fan_in", () => {
    const a = Math.sqrt(6 / IN);
    const s = stats(init({ name: "he_uniform", gain: 1 }));
    expect(s.maxAbs).toBeLessThanOrEqual(a);
    expect(s.maxAbs).toBeGreaterThan(0.999 * a);
    expectClose(s.std, Math.sqrt(2 / IN), 0.02);
  });

  it("lecun_normal: N(0, 1/fan_in), std 0.044721", () => {
    const s = stats(init({ name: "lecun_normal", gain: 1 }));
    expectClose(s.std, Math.sqrt(1 / IN), 0.02);
  });

  it("gain multiplies the bound and the std: xavier_uniform gain 2 → ±2√(6/(in+out)); xavier_normal gain 0.5 → std halves", () => {
    const a = 2 * Math.sqrt(6 / (IN + OUT));
    const s = stats(init({ name: "xavier_uniform", gain: 2 }));
    expect(s.maxAbs).toBeLessThanOrEqual(a);
    expect(s.maxAbs).toBeGreaterThan(0.999 * a);
    expectClose(stats(init({ name: "xavier_normal", gain: 0.5 })).std, 0.5 * Math.sqrt(2 / (IN + OUT)), 0.02);
    // same stream, same draws: gain 2 is exactly twice gain 1 (up to the rounding of √(4·s) vs 2√s)
    const w1 = init({ name: "he_normal", gain: 1 });
    const w2 = init({ name: "he_normal", gain: 2 });
    for (let i = 0; i < 100; i++) expectClose(w2[i], 2 * w1[i], 1e-15);
  });

  it("zeros: every weight 0, even over old values", () => {
    const w = new Float64Array(12).fill(3);
    initWeights({ name: "zeros" }, w, 4, 3, Rng.stream(1, "init", 0));
    expect(Array.from(w)).toEqual(new Array(12).fill(0));
  });

  it("normal{mean 0.5, std 0.1} and uniform{limit 0.3}", () => {
    const n = stats(init({ name: "normal", mean: 0.5, std: 0.1 }));
    expect(Math.abs(n.mean - 0.5)).toBeLessThan(1.5e-3);
    expectClose(n.std, 0.1, 0.02);
    const u = stats(init({ name: "uniform", limit: 0.3 }));
    expect(u.maxAbs).toBeLessThanOrEqual(0.3);
    expect(u.maxAbs).toBeGreaterThan(0.2997);
    expectClose(u.std * u.std, 0.09 / 3, 0.02);
  });

  it("varianceScaling: fan_out mode uses the output width, fan_avg the mean of both", () => {
    const w = new Float64Array(OUT * IN);
    varianceScaling({ scale: 2, mode: "fan_out", distribution: "normal" }, w, IN, OUT, Rng.stream(9, "vs"));
    expectClose(stats(w).std, Math.sqrt(2 / OUT), 0.02);
    varianceScaling({ scale: 1, mode: "fan_avg", distribution: "uniform" }, w, IN, OUT, Rng.stream(9, "vs"));
    expect(stats(w).maxAbs).toBeLessThanOrEqual(Math.sqrt(3 / ((IN + OUT) / 2)));
  });

  it("fillNormal draws mean + std·N(0, 1) from the given generator", () => {
    const w = new Float64Array(4);
    fillNormal(w, 1, 0.5, Rng.stream(3, "fill"));
    const rng = Rng.stream(3, "fill");
    expect(Array.from(w)).toEqual([0, 1, 2, 3].map(() => 1 + 0.5 * rng.normal()));
  });
});

describe("reproducibility", () => {
  it("the same seed and stream give identical weights, bit for bit", () => {
    expect(Array.from(init({ name: "he_normal", gain: 1 }, 7, 1, 8, 5))).toEqual(
      Array.from(init({ name: "he_normal", gain: 1 }, 7, 1, 8, 5)),
    );
    expect(Array.from(init({ name: "xavier_uniform", gain: 1 }, 7, 0, 8, 5))).toEqual(
      Array.from(init({ name: "xavier_uniform", gain: 1 }, 7, 0, 8, 5)),
    );
  });

  it("another layer index or another seed gives different weights", () => {
    const base = init({ name: "he_normal", gain: 1 }, 7, 0, 8, 5);
    const otherLayer = init({ name: "he_normal", gain: 1 }, 7, 1, 8, 5);
    const otherSeed = init({ name: "he_normal", gain: 1 }, 8, 0, 8, 5);
    let sameLayer = 0;
    let sameSeed = 0;
    for (let i = 0; i < base.length; i++) {
      if (base[i] === otherLayer[i]) sameLayer++;
      if (base[i] === otherSeed[i]) sameSeed++;
    }
    expect(sameLayer).toBe(0);
    expect(sameSeed).toBe(0);
  });

  it("he_normal and lecun_normal on one stream differ only by the factor √2 (same draws, another scale)", () => {
    const he = init({ name: "he_normal", gain: 1 }, 4, 0, 6, 6);
    const lecun = init({ name: "lecun_normal", gain: 1 }, 4, 0, 6, 6);
    for (let i = 0; i < he.length; i++) expectClose(he[i], Math.SQRT2 * lecun[i], 1e-15);
  });
});
