/** Shared numeric helpers for the engine tests: relative error and float64 central differences. */
import { expect } from "vitest";

/**
 * |a − b| / max(|a|, |b|, floor). Two equal values (both 0 included) give 0. The floor turns the measure into
 * an absolute one for values below it, where a relative error says nothing.
 */
export function relErr(a: number, b: number, floor = 0): number {
  if (a === b) return 0;
  const scale = Math.max(Math.abs(a), Math.abs(b), floor);
  return Math.abs(a - b) / scale;
}

/** Central difference (f(x + h) − f(x − h)) / 2h; truncation error O(h²), rounding error O(ε/h). */
export function centralDiff(f: (x: number) => number, x: number, h = 1e-6): number {
  return (f(x + h) - f(x - h)) / (2 * h);
}

/** Expect every actual[i] within relative tolerance `tol` of expected[i] (see relErr for `floor`). */
export function expectAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, floor = 0, label = ""): void {
  expect(actual.length, `${label} length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const err = relErr(actual[i], expected[i], floor);
    expect(err, `${label}[${i}]: got ${actual[i]}, expected ${expected[i]}`).toBeLessThanOrEqual(tol);
  }
}

/** Expect one number within relative tolerance `tol` of another. */
export function expectClose(actual: number, expected: number, tol: number, floor = 0, label = ""): void {
  expect(relErr(actual, expected, floor), `${label}: got ${actual}, expected ${expected}`).toBeLessThanOrEqual(tol);
}

const flipF64 = new Float64Array(1);
const flipU32 = new Uint32Array(flipF64.buffer);
/** x with its last bit flipped: one ulp away (a platform's libm differing from fdlibm in the last bit). */
export function flipLastBit(x: number): number {
  flipF64[0] = x;
  flipU32[0] ^= 1;
  return flipF64[0];
}
