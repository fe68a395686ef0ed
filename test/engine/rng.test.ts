/**
 * The seeded generator (rng.ts): xoshiro128** seeded through SplitMix64 from FNV-1a(stream name) ⊕ seed.
 * What these tests prove:
 *  - the output is exactly that algorithm: the first numbers of several streams equal an independent Python
 *    implementation (itself checked against the published SplitMix64 and xoshiro128** test vectors);
 *  - same seed + stream → same sequence; another seed, name or index → another sequence;
 *  - nextDouble is in [0, 1) on the 2^-53 grid with the right mean and variance; normal() has mean 0, std 1 and
 *    normal tails over 1e5 draws; int(n) is uniform without modulo bias; shuffle is a uniform permutation.
 */
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/engine/rng.js";

function take<T>(n: number, f: () => T): T[] {
  return Array.from({ length: n }, f);
}

/** Pearson's χ² of observed counts against equal expected counts. */
function chiSquare(counts: number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  const expected = total / counts.length;
  return counts.reduce((s, c) => s + ((c - expected) * (c - expected)) / expected, 0);
}

describe("the algorithm, against an independent Python implementation", () => {
  // Python reimplementation (big ints, masks): splitmix64 / fnv1a64 / xoshiro128** as in the reference C code.
  // Its splitmix64 from 1234567 gives 6457827717110365317, 3203168211198807973 (Vigna's test values), and its
  // xoshiro128** from state [1, 2, 3, 4] gives 11520, 0, 5927040, 70819200, 2031721883 (the reference output).
  // Stream state: h = fnv1a64("name/i/j") ^ uint64(seed); a = splitmix(h); b = splitmix(a.next);
  // s = [lo32(a), hi32(a), lo32(b), hi32(b)].
  it("Rng.stream(42, 'init', 1) → 1521758970, 719144050, 3922596038, 1421510805, 1339067047, 3111549392", () => {
    const rng = Rng.stream(42, "init", 1);
    expect(take(6, () => rng.nextUint32())).toEqual([1521758970, 719144050, 3922596038, 1421510805, 1339067047, 3111549392]);
  });

  it("Rng.stream(1, 'data') and a negative seed, Rng.stream(−5, 'init') (two's complement)", () => {
    const data = Rng.stream(1, "data");
    expect(take(4, () => data.nextUint32())).toEqual([2201392448, 3445158670, 2077215951, 3689905235]);
    const neg = Rng.stream(-5, "init");
    expect(take(3, () => neg.nextUint32())).toEqual([334529576, 680665020, 143684320]);
  });

  it("nextDouble = ((u₁ >>> 5)·2²⁶ + (u₂ >>> 6))/2⁵³: Rng.stream(1, 'shuffle') → 0.5771458825529878, 0.123043903500204, 0.40000388781726537", () => {
    const rng = Rng.stream(1, "shuffle");
    expect(take(3, () => rng.nextDouble())).toEqual([0.5771458825529878, 0.123043903500204, 0.40000388781726537]);
  });
});

describe("streams", () => {
  it("same seed and stream → the same sequence", () => {
    const a = Rng.stream(123, "init", 2);
    const b = Rng.stream(123, "init", 2);
    expect(take(50, () => a.nextUint32())).toEqual(take(50, () => b.nextUint32()));
    const c = Rng.stream(123, "data");
    const d = Rng.stream(123, "data");
    expect(take(50, () => c.normal())).toEqual(take(50, () => d.normal()));
  });

  it("another seed, name or index → another sequence", () => {
    const first = (rng: Rng) => take(8, () => rng.nextUint32());
    const base = first(Rng.stream(1, "init", 0));
    const others = [
      first(Rng.stream(2, "init", 0)),
      first(Rng.stream(1, "init", 1)),
      first(Rng.stream(1, "init")),
      first(Rng.stream(1, "data")),
      first(Rng.stream(1, "shuffle")),
      first(Rng.stream(0, "init", 0)),
    ];
    const all = [base, ...others].map((s) => s.join(","));
    expect(new Set(all).size).toBe(all.length);
    // and not merely shifted copies of each other: no shared 32-bit value among the first 8 of any two
    for (const o of others) expect(o.filter((v) => base.includes(v))).toEqual([]);
  });

  it("neighbouring seeds give unrelated first draws (SplitMix64 seeding)", () => {
    const firsts = Array.from({ length: 100 }, (_, seed) => Rng.stream(seed, "data").nextDouble());
    const mean = firsts.reduce((a, b) => a + b, 0) / firsts.length;
    expect(new Set(firsts).size).toBe(100);
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.12); // 4σ for 100 uniforms: 4·0.289/10
  });
});

describe("distributions", () => {
  const N = 100_000;

  it("nextDouble: in [0, 1), on the 2^-53 grid, mean ½ and variance 1/12", () => {
    const rng = Rng.stream(5, "test-double");
    let sum = 0;
    let sumSq = 0;
    let odd = 0;
    let outside = 0; // not in [0, 1) or not a multiple of 2^-53
    for (let i = 0; i < N; i++) {
      const u = rng.nextDouble();
      const k = u * 2 ** 53;
      if (!(u >= 0 && u < 1) || !Number.isInteger(k)) outside++;
      if (k % 2 === 1) odd++;
      sum += u;
      sumSq += u * u;
    }
    expect(outside).toBe(0);
    const mean = sum / N;
    expect(Math.abs(mean - 0.5)).toBeLessThan(4e-3); // 4σ: 4·0.2887/√1e5 = 3.7e-3
    expectRelative(sumSq / N - mean * mean, 1 / 12, 0.02);
    // all 53 bits are random: the lowest bit is set about half the time
    expect(Math.abs(odd / N - 0.5)).toBeLessThan(0.01);
  });

  it("uniform(lo, hi) stays in [lo, hi)", () => {
    const rng = Rng.stream(5, "test-uniform");
    let outside = 0;
    for (let i = 0; i < 10_000; i++) {
      const v = rng.uniform(-3, 2);
      if (!(v >= -3 && v < 2)) outside++;
    }
    expect(outside).toBe(0);
  });

  it("normal: mean 0, std 1 over 1e5 draws; 5.0% beyond ±1.96; 0.27% beyond ±3", () => {
    const rng = Rng.stream(6, "test-normal");
    let sum = 0;
    let sumSq = 0;
    let beyond196 = 0;
    let beyond3 = 0;
    let nonFinite = 0;
    for (let i = 0; i < N; i++) {
      const z = rng.normal();
      if (!Number.isFinite(z)) nonFinite++;
      sum += z;
      sumSq += z * z;
      if (Math.abs(z) > 1.96) beyond196++;
      if (Math.abs(z) > 3) beyond3++;
    }
    expect(nonFinite).toBe(0);
    const mean = sum / N;
    const std = Math.sqrt(sumSq / N - mean * mean);
    expect(Math.abs(mean)).toBeLessThan(0.015); // 4.7σ
    expect(Math.abs(std - 1)).toBeLessThan(0.01); // σ(std) ≈ 1/√(2N) = 0.0022
    expect(Math.abs(beyond196 / N - 0.05)).toBeLessThan(0.004);
    expect(Math.abs(beyond3 / N - 0.0027)).toBeLessThan(0.0008);
  });

  it("normal is Box–Muller on (1 − u₁, u₂): r = √(−2 ln(1 − u₁)), pairs r·cos θ then r·sin θ, θ = 2πu₂", () => {
    const a = Rng.stream(8, "bm");
    const b = Rng.stream(8, "bm");
    const u1 = 1 - b.nextDouble();
    const u2 = b.nextDouble();
    const r = Math.sqrt(-2 * Math.log(u1));
    expect(a.normal()).toBe(r * Math.cos(2 * Math.PI * u2));
    expect(a.normal()).toBe(r * Math.sin(2 * Math.PI * u2));
    // the pair used exactly two doubles: both generators are now in step
    expect(a.nextUint32()).toBe(b.nextUint32());
  });

  it("int(6): only 0..5, uniform (χ² with 5 degrees of freedom below 20.5, p = 0.001)", () => {
    const rng = Rng.stream(7, "test-int");
    const counts = new Array(6).fill(0);
    let outside = 0;
    for (let i = 0; i < 60_000; i++) {
      const k = rng.int(6);
      if (Number.isInteger(k) && k >= 0 && k < 6) counts[k]++;
      else outside++;
    }
    expect(outside).toBe(0);
    expect(chiSquare(counts)).toBeLessThan(20.5);
  });

  it("int(n) has no modulo bias: for n = 3·2³⁰, P(k < 2³⁰) = 1/3 (x mod n would give 1/2)", () => {
    const rng = Rng.stream(7, "test-int-bias");
    const n = 3 * 2 ** 30;
    let low = 0;
    const draws = 30_000;
    let outside = 0;
    for (let i = 0; i < draws; i++) {
      const k = rng.int(n);
      if (!(Number.isInteger(k) && k >= 0 && k < n)) outside++;
      if (k < 2 ** 30) low++;
    }
    expect(outside).toBe(0);
    expect(Math.abs(low / draws - 1 / 3)).toBeLessThan(0.015); // 5.5σ: σ = √(2/9/30000) = 0.0027
  });

  it("int: n = 1 is always 0, n = 2³² is allowed, out-of-range n throws", () => {
    const rng = Rng.stream(7, "test-int-edges");
    expect(take(20, () => rng.int(1))).toEqual(new Array(20).fill(0));
    const big = rng.int(2 ** 32);
    expect(big >= 0 && big < 2 ** 32 && Number.isInteger(big)).toBe(true);
    expect(() => rng.int(0)).toThrow(RangeError);
    expect(() => rng.int(-3)).toThrow(RangeError);
    expect(() => rng.int(2 ** 32 + 1)).toThrow(RangeError);
  });
});

describe("shuffle", () => {
  it("is a permutation (number[] and Uint32Array), reproducible from the seed", () => {
    const a = Array.from({ length: 100 }, (_, i) => i);
    Rng.stream(3, "shuffle").shuffle(a);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(a).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
    const u = Uint32Array.from({ length: 100 }, (_, i) => i);
    Rng.stream(3, "shuffle").shuffle(u);
    expect(Array.from(u)).toEqual(a);
    const other = Array.from({ length: 100 }, (_, i) => i);
    Rng.stream(4, "shuffle").shuffle(other);
    expect(other).not.toEqual(a);
  });

  it("with a length, shuffles only that prefix", () => {
    const a = Array.from({ length: 10 }, (_, i) => i);
    Rng.stream(3, "shuffle").shuffle(a, 6);
    expect(a.slice(6)).toEqual([6, 7, 8, 9]);
    expect([...a.slice(0, 6)].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("all 6 orders of 3 items are equally likely (χ², 5 degrees of freedom, below 20.5)", () => {
    const rng = Rng.stream(9, "shuffle-uniformity");
    const counts = new Map<string, number>();
    for (let i = 0; i < 60_000; i++) {
      const a = [0, 1, 2];
      rng.shuffle(a);
      const key = a.join("");
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual(["012", "021", "102", "120", "201", "210"]);
    expect(chiSquare([...counts.values()])).toBeLessThan(20.5);
  });
});

function expectRelative(actual: number, expected: number, tol: number): void {
  expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThan(tol);
}
