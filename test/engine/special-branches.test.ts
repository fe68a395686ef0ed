/**
 * erf and erfc where special.ts takes its other branch, which is there because it is exact to the last bit:
 *  - erf(x) for |x| ≥ 2.5 is ±(1 − erfc(|x|)). erfc(|x|) ≤ 4.1e-4 there and is good to ~1e-15 relative, i.e. to
 *    ~4e-19 absolute, far below half an ulp of a number near 1 (5.6e-17): so erf is within 1 ulp of the truth,
 *    from 2.5 itself on (the series, used below 2.5, is 8 ulp off at 2.5);
 *  - erfc(x) for x ≤ −1.5 is 2 − erfc(−x). erfc(−x) ≤ 0.034 there, good to ~1e-15 relative, ~3e-17 absolute, below
 *    half an ulp near 2 (1.1e-16): within 1 ulp again (1 − erf(x), the other way, loses up to 2 ulp).
 * Truth: mpmath with 50 digits, float(mp.erf(x)) and float(mp.erfc(x)).
 */
import { describe, expect, it } from "vitest";
import { erf, erfc } from "../../src/engine/special.js";

/** The distance from b to the next double away from zero. */
function ulp(b: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(b));
  view.setBigUint64(0, view.getBigUint64(0) + 1n);
  return view.getFloat64(0) - Math.abs(b);
}

const ERF_FROM_2_5: [number, number][] = [
  [2.5, 0.999593047982555],
  [2.75, 0.9998993780778803],
  [3, 0.9999779095030014],
  [4, 0.9999999845827421],
  [5, 0.9999999999984626],
];

const ERFC_TO_MINUS_1_5: [number, number][] = [
  [-1.5, 1.9661051464753108],
  [-1.6, 1.976348383344644],
  [-1.75, 1.9866716712191825],
  [-1.9, 1.9927904292352574],
  [-2, 1.9953222650189528],
  [-2.25, 1.9985372834133188],
  [-2.5, 1.999593047982555],
  [-3, 1.9999779095030015],
  [-4, 1.999999984582742],
];

describe("erf from |x| = 2.5 on: 1 − erfc, within 1 ulp", () => {
  it.each(ERF_FROM_2_5)("erf(±%s)", (x, truth) => {
    expect(Math.abs(erf(x) - truth), `erf(${x}) = ${erf(x)}`).toBeLessThanOrEqual(ulp(truth));
    expect(Math.abs(erf(-x) + truth), `erf(${-x}) = ${erf(-x)}`).toBeLessThanOrEqual(ulp(truth));
  });
});

describe("erfc from x = −1.5 down: 2 − erfc(−x), within 1 ulp", () => {
  it.each(ERFC_TO_MINUS_1_5)("erfc(%s)", (x, truth) => {
    expect(Math.abs(erfc(x) - truth), `erfc(${x}) = ${erfc(x)}`).toBeLessThanOrEqual(ulp(truth));
  });
});
