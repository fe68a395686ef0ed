/**
 * formatNumber (metrics.csv's numbers) works its digits out itself for 1e-6 ≤ |v| < 1e15 instead of trying
 * toPrecision(15), (16) and (17) in turn and parsing each back. It must write exactly the strings the toPrecision
 * formatter wrote (the one below, as it was in src/format.ts): checked here on about 2.4 million values, each with both signs (−v through the identity the fifth test checks) — random doubles
 * of every size and sign, any bit pattern (subnormals, huge), short decimals and their neighbours, decimal ties at
 * 16 and 17 digits (where toPrecision(15) and (16) round half up) and their neighbours, powers of ten and of two
 * (a power of two's lower neighbour is nearer) and their neighbours, k/256 fractions, values just below a power of
 * ten (rounding carries).
 */
import { describe, expect, it } from "vitest";
import { formatNumber } from "../src/format.js";

/** The formatter before: the fewest of 15, 16 or 17 toPrecision digits that read back, trailing zeros dropped. */
function byToPrecision(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return v.toFixed(0);
  for (let p = 15; p < 17; p++) {
    const s = trim(v.toPrecision(p));
    if (Number(s) === v) return s;
  }
  return trim(v.toPrecision(17));
}

function trim(s: string): string {
  const e = s.indexOf("e");
  const end = e < 0 ? s.length : e;
  if (s.lastIndexOf(".", end) < 0) return s;
  let cut = end;
  while (s.charCodeAt(cut - 1) === 48) cut--;
  if (s.charCodeAt(cut - 1) === 46) cut--;
  return cut === end ? s : s.slice(0, cut) + s.slice(end);
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
function fromBits(hi: number, lo: number): number {
  u32[HI] = hi;
  u32[1 - HI] = lo;
  return f64[0];
}
/** The next double above (d = 1) or below (d = −1) a positive x. */
function next(x: number, d: 1 | -1): number {
  f64[0] = x;
  let lo = u32[1 - HI];
  let hi = u32[HI];
  if (d > 0) {
    lo = (lo + 1) >>> 0;
    if (lo === 0) hi++;
  } else {
    if (lo === 0) hi--;
    lo = (lo - 1) >>> 0;
  }
  return fromBits(hi, lo);
}

/** A seeded 32-bit generator (the test's own; no Math.random). */
function generator(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s;
  };
}

/**
 * The values that differ, at most 10 (an empty list when every string is the same), each value with both signs.
 * For v > 0 the old formatter's string for −v is "-" and its string for v (toPrecision and toFixed write "-" and then
 * the digits of |x|, ECMAScript §21.1.3.5 and .3; Number(s) === −v exactly when Number of the digits === v), so −v is
 * checked against "-" + the string for v: the same check, without running the slow formatter twice.
 */
function mismatches(values: Iterable<number>): { v: number; got: string; want: string }[] {
  const bad: { v: number; got: string; want: string }[] = [];
  const check = (v: number, got: string, want: string) => {
    if (got !== want && bad.length < 10) bad.push({ v, got, want });
  };
  for (const v of values) {
    const want = byToPrecision(v);
    check(v, formatNumber(v), want);
    check(-v, formatNumber(-v), v > 0 ? "-" + want : byToPrecision(-v));
  }
  return bad;
}

function* randomDoubles(n: number, seed: number): Generator<number> {
  const rnd = generator(seed);
  for (let i = 0; i < n; i++) {
    const exponent = 1023 - 28 + (rnd() % 83); // 2^-28 … 2^54: around and across the fast range 1e-6 … 1e15
    yield fromBits((exponent << 20) | (rnd() & 0xfffff), rnd());
    yield fromBits(rnd() & 0x7fffffff, rnd()); // any positive double: subnormals, huge, integers past 1e15
  }
}

function* shortDecimals(n: number, seed: number): Generator<number> {
  const rnd = generator(seed);
  for (let i = 0; i < n; i++) {
    const d = (rnd() % 1000000) / 10 ** (1 + (rnd() % 12));
    if (d > 0) yield* [d, next(d, 1), next(d, -1)];
  }
}

/** Decimals whose 16th or 17th significant digit is a 5 (ties for toPrecision(15) or (16)), and their neighbours. */
function* decimalTies(n: number, seed: number): Generator<number> {
  const rnd = generator(seed);
  for (let i = 0; i < n; i++) {
    for (const digits of [16, 17]) {
      let s = String(1 + (rnd() % 9));
      while (s.length < digits - 1) s += String(rnd() % 10);
      const v = Number(`${s}5e${(rnd() % 24) - 8 - digits}`);
      yield* [v, next(v, 1), next(v, -1)];
    }
  }
}

/**
 * Exact binary fractions r/2^j near the top of the range (1e13 … 1e15): their decimals end in 5 at the 16th or 17th
 * digit, ties that toPrecision rounds up and that read back either way (999999999999999.75 → "999999999999999.8";
 * rounded down, "…9.7" would read back too).
 */
function* binaryTies(n: number, seed: number): Generator<number> {
  const rnd = generator(seed);
  for (let i = 0; i < n; i++) {
    const j = 1 + (rnd() % 6);
    const r = 2 * Math.floor((1e13 + ((rnd() * 4294967296 + rnd()) % 9e14)) * 2 ** (j - 1)) + 1; // odd
    yield r / 2 ** j;
  }
  yield 999999999999999.75;
}

function* powers(): Generator<number> {
  for (let e = -323; e <= 308; e++) {
    const v = Number(`1e${e}`);
    yield* [v, next(v, 1), next(v, -1), next(next(v, -1), -1)];
    for (const m of [0.5, 0.95, 0.995, 0.9999999999999999]) yield m * v;
  }
  for (let e = -1074; e <= 1023; e++) {
    const v = 2 ** e;
    yield* e === -1074 ? [v, next(v, 1)] : [v, next(v, 1), next(v, -1)];
  }
}

function* metricLike(): Generator<number> {
  for (let i = 1; i < 100000; i++) {
    yield i / 256; // accuracies
    yield 1 - i / 1e5;
    yield Math.exp(-i / 1000); // losses falling over epochs
    yield Math.sqrt(i) / 7; // gradient norms
  }
}

describe("formatNumber writes toPrecision's strings, worked out once", () => {
  it("random doubles of every size, sign and bit pattern", () => {
    expect(mismatches(randomDoubles(400_000, 1))).toEqual([]);
  });

  it("short decimals, and decimal ties at 16 and 17 digits, with their neighbours; binary fractions ending in 5", () => {
    expect(mismatches(shortDecimals(150_000, 2))).toEqual([]);
    expect(mismatches(decimalTies(120_000, 3))).toEqual([]);
    expect(mismatches(binaryTies(200_000, 4))).toEqual([]);
  });

  it("powers of ten and of two, values just below a power of ten, and their neighbours; subnormals", () => {
    expect(mismatches(powers())).toEqual([]);
    expect(mismatches([5e-324, 2.2250738585072014e-308, 2.225073858507201e-308, 1e-310, Number.MAX_VALUE])).toEqual([]);
  });

  it("values as metrics.csv sees them: accuracies k/256, losses, gradient norms", () => {
    expect(mismatches(metricLike())).toEqual([]);
  });

  it('the old formatter writes −v as "-" and v\'s string (what mismatches relies on), on over 30,000 values', () => {
    const values = [...randomDoubles(10_000, 5), ...shortDecimals(3_000, 6), ...decimalTies(1_000, 7)].filter((v) => v > 0);
    expect(values.length).toBeGreaterThan(30_000);
    expect(values.filter((v) => byToPrecision(-v) !== "-" + byToPrecision(v))).toEqual([]);
  });

  it("the strings themselves, worked out by hand", () => {
    // 0.1 needs 1 digit; 1/3 17; 0.1 + 0.2 = 0.30000000000000004 (17); 2^-30 = 9.31322574615478515625e-10 reads back at 16 digits; 1.5e-6 at 2
    expect([0.1, 1 / 3, 0.1 + 0.2, 2 ** -30, 1.5e-6, -2.5, 123456.789, 0.0009765625].map(formatNumber)).toEqual([
      "0.1",
      "0.3333333333333333",
      "0.30000000000000004",
      "9.313225746154785e-10",
      "0.0000015",
      "-2.5",
      "123456.789",
      "0.0009765625",
    ]);
  });
});
