/**
 * erf, erfc and e^(−x²) (special.ts), on which exact GELU rests (docs/spec.md §3: "GELU exact (erf, to full double
 * precision)"). What these tests prove: erf agrees with Python's math.erf (glibc, < 1 ulp) to 1e-15 relative
 * on a grid from −6 to 6 and out in the tails, on both sides of the series/continued-fraction switch at 2.5;
 * erfc is accurate in its tails and from 1.5 on, and within its documented two lost digits below 1.5; e^(−x²) is
 * accurate where the naive Math.exp(−x·x) is not; NaN, ±∞, ±0 behave.
 */
import { describe, expect, it } from "vitest";
import { erf, erfc, expNegSquare } from "../../src/engine/special.js";
import { relErr } from "./helpers.js";

// Produced with Python 3: [[x, math.erf(x)] for x in [i/4 for i in range(-24, 25)] + extra points].
const ERF: [number, number][] = [
  [-6, -1],
  [-5.75, -0.9999999999999996],
  [-5.5, -0.9999999999999927],
  [-5.25, -0.9999999999998869],
  [-5, -0.9999999999984626],
  [-4.75, -0.9999999999815149],
  [-4.5, -0.9999999998033839],
  [-4.25, -0.9999999981494259],
  [-4, -0.9999999845827421],
  [-3.75, -0.9999998862727434],
  [-3.5, -0.9999992569016276],
  [-3.25, -0.9999956972205363],
  [-3, -0.9999779095030014],
  [-2.75, -0.9998993780778803],
  [-2.5, -0.999593047982555],
  [-2.25, -0.9985372834133188],
  [-2, -0.9953222650189527],
  [-1.75, -0.9866716712191824],
  [-1.5, -0.9661051464753108],
  [-1.25, -0.9229001282564582],
  [-1, -0.8427007929497149],
  [-0.75, -0.7111556336535151],
  [-0.5, -0.5204998778130465],
  [-0.25, -0.2763263901682369],
  [0, 0],
  [0.25, 0.2763263901682369],
  [0.5, 0.5204998778130465],
  [0.75, 0.7111556336535151],
  [1, 0.8427007929497149],
  [1.25, 0.9229001282564582],
  [1.5, 0.9661051464753108],
  [1.75, 0.9866716712191824],
  [2, 0.9953222650189527],
  [2.25, 0.9985372834133188],
  [2.5, 0.999593047982555],
  [2.75, 0.9998993780778803],
  [3, 0.9999779095030014],
  [3.25, 0.9999956972205363],
  [3.5, 0.9999992569016276],
  [3.75, 0.9999998862727434],
  [4, 0.9999999845827421],
  [4.25, 0.9999999981494259],
  [4.5, 0.9999999998033839],
  [4.75, 0.9999999999815149],
  [5, 0.9999999999984626],
  [5.25, 0.9999999999998869],
  [5.5, 0.9999999999999927],
  [5.75, 0.9999999999999996],
  [6, 1],
  // tiny arguments: erf(x) = 2x/√π to double precision
  [1e-300, 1.1283791670955126e-300],
  [1e-10, 1.1283791670955126e-10],
  [-3e-8, -3.3851375012865365e-8],
  [0.1, 0.1124629160182849],
  // either side of the switch from the series to the continued fraction
  [2.4999999999, 0.9995930479823372],
  [2.5000000001, 0.9995930479827728],
  [3.3, 0.9999969422902035],
  [4.1, 0.9999999932999724],
  [5.9, 0.9999999999999999],
  [7, 1],
  [10, 1],
  [27, 1],
  [28, 1],
  [-30, -1],
];

// Python 3: math.erfc(x).
const ERFC_TAIL: [number, number][] = [
  [2.5, 0.0004069520174449589],
  [2.7, 0.00013433273994052422],
  [3, 2.2090496998585438e-5],
  [3.5, 7.430983723414128e-7],
  [4, 1.541725790028002e-8],
  [5, 1.5374597944280351e-12],
  [6, 2.1519736712498916e-17],
  [8, 1.1224297172982928e-29],
  [10, 2.088487583762545e-45],
  [15, 7.212994172451206e-100],
  [20, 5.3958656116079005e-176],
  [26, 5.663192408856143e-296],
  [-2.5, 1.999593047982555],
  [-3, 1.9999779095030015],
  [-6, 2],
  [-10, 2],
];

// Python 3: math.erfc(x) where erfc(x) = 1 − erf(x) is small but not tiny. Below 1.5 special.ts computes
// 1 − erf(x), which cancels (documented there: "loses < 2 digits"; worst on a 0.001 grid 2.8e-14 at 1.497);
// from 1.5 on it uses the continued fraction.
const ERFC_BELOW_1_5: [number, number][] = [
  [0.3, 0.6713732405408726],
  [0.7, 0.32219880616258156],
  [1, 0.15729920705028513],
  [1.2, 0.08968602177036465],
  [1.4, 0.04771488023735121],
  [1.497, 0.03425325370117766],
];
const ERFC_FROM_1_5: [number, number][] = [
  [1.5, 0.033894853524689274],
  [1.7, 0.016209541409225436],
  [2, 0.004677734981047265],
  [2.3, 0.0011431765973566523],
  [2.45, 0.0005305801122510539],
];

// mpmath with 60 digits: float(mp.exp(-mp.mpf(x)**2)) — x is the double nearest the decimal written.
const EXP_NEG_SQUARE: [number, number][] = [
  [0.1, 0.9900498337491681],
  [1.3, 0.18451952399298924],
  [2.2, 0.007907054051593435],
  [4.7, 2.549381880391965e-10],
  [7.77, 6.030907583897901e-27],
  [15.5, 4.5787899692915775e-105],
  [26.1, 1.426448125651665e-296],
];

describe("erf", () => {
  it.each(ERF)("erf(%s) = math.erf to 1e-15 relative", (x, expected) => {
    // 1e-15 ≈ 5–9 ulp; the largest error measured on a 0.01 grid over [−7, 7] is 8.9e-16 (x = −1.97).
    expect(relErr(erf(x), expected), `erf(${x}) = ${erf(x)}`).toBeLessThanOrEqual(1e-15);
  });

  it("is odd: erf(−x) = −erf(x) bit for bit, and erf(−0) = −0", () => {
    for (const x of [1e-12, 0.37, 1.9, 2.5, 3.1, 6.2]) expect(erf(-x)).toBe(-erf(x));
    expect(Object.is(erf(-0), -0)).toBe(true);
  });

  it("is monotone across the series/continued-fraction switch at 2.5", () => {
    let prev = erf(2.49);
    for (let x = 2.491; x <= 2.51; x += 0.001) {
      const v = erf(x);
      expect(v).toBeGreaterThanOrEqual(prev);
      prev = v;
    }
  });

  it("NaN → NaN, ±∞ → ±1", () => {
    expect(erf(NaN)).toBeNaN();
    expect(erf(Infinity)).toBe(1);
    expect(erf(-Infinity)).toBe(-1);
  });
});

describe("erfc", () => {
  it.each(ERFC_TAIL)("erfc(%s) = math.erfc to 2e-15 relative in the tails", (x, expected) => {
    // worst measured: 9.3e-16 at x = 2.5 (the continued fraction's slowest point).
    expect(relErr(erfc(x), expected), `erfc(${x}) = ${erfc(x)}`).toBeLessThanOrEqual(2e-15);
  });

  it("underflows to exactly 0 (and 2) far out, never NaN", () => {
    expect(erfc(28)).toBe(0);
    expect(erfc(1e308)).toBe(0);
    expect(erfc(-28)).toBe(2);
    expect(erfc(0)).toBe(1);
    expect(erfc(NaN)).toBeNaN();
    // 27.2 is in the subnormal range (math.erfc(27.2) = 1e-323): tiny and non-negative
    expect(erfc(27.2)).toBeGreaterThanOrEqual(0);
    expect(erfc(27.2)).toBeLessThan(1e-320);
  });

  // These were 1.5e-12 off (x = 2.45) while erfc was 1 − erf(x) up to 2.5; fixed in 49b1255 by switching to the
  // continued fraction at 1.5.
  it.each(ERFC_FROM_1_5)("erfc(%s) = math.erfc to 3e-15 relative from 1.5 to 2.5 (continued fraction)", (x, expected) => {
    expect(relErr(erfc(x), expected), `erfc(${x}) = ${erfc(x)}`).toBeLessThanOrEqual(3e-15);
  });

  it.each(ERFC_BELOW_1_5)("erfc(%s) = math.erfc to 5e-14 relative below 1.5 (1 − erf, under 2 digits lost)", (x, expected) => {
    expect(relErr(erfc(x), expected), `erfc(${x}) = ${erfc(x)}`).toBeLessThanOrEqual(5e-14);
  });
});

describe("expNegSquare", () => {
  it.each(EXP_NEG_SQUARE)("e^−(%s)² = 60-digit mpmath to 1 ulp", (x, expected) => {
    expect(relErr(expNegSquare(x), expected)).toBeLessThanOrEqual(2.3e-16);
  });

  it("beats the naive Math.exp(−x·x), whose rounding of x² costs ~x²·ε relative", () => {
    // math.exp(-26.1*26.1) = 1.426448125651719e-296, 3.8e-14 off the true 1.426448125651665e-296.
    const x = 26.1;
    const truth = 1.426448125651665e-296;
    expect(relErr(expNegSquare(x), truth)).toBeLessThan(1e-15);
    expect(relErr(Math.exp(-x * x), truth)).toBeGreaterThan(1e-14);
  });
});
