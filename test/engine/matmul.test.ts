/**
 * The dense-layer products (matmul.ts). What these tests prove: Z = A·Wᵀ + b, dW = dZᵀ·A, db = Σ rows of dZ and
 * dA = dZ·W equal a naive triple loop bit for bit (the same sums in the same order) for inner sizes K from 1 to 8, with and without a bias, for every shape around
 * the 4 × 4 register tiles (full tiles, edge rows, edge columns, corner); the backward products overwrite their
 * outputs rather than accumulate; nothing is written past the matrices; and a hand-sized example.
 */
import { describe, expect, it } from "vitest";
import { linearBackwardInputs, linearBackwardWeights, linearForward } from "../../src/engine/matmul.js";
import { Rng } from "../../src/engine/rng.js";

function randoms(rng: Rng, n: number): Float64Array {
  return Float64Array.from({ length: n }, () => rng.normal());
}

describe("hand example", () => {
  // A = [[1, 2], [3, 4]] (2 rows × K 2), W = [[1, 0], [0, 1], [1, 1]] (N 3 × K 2), b = [0.5, 0, −1]
  // Z = A·Wᵀ + b = [[1.5, 2, 2], [3.5, 4, 6]]
  const a = Float64Array.of(1, 2, 3, 4);
  const w = Float64Array.of(1, 0, 0, 1, 1, 1);
  it("forward", () => {
    const z = new Float64Array(6);
    linearForward(a, w, Float64Array.of(0.5, 0, -1), z, 2, 2, 3);
    expect(Array.from(z)).toEqual([1.5, 2, 2, 3.5, 4, 6]);
    linearForward(a, w, null, z, 2, 2, 3);
    expect(Array.from(z)).toEqual([1, 2, 3, 3, 4, 7]);
  });
  it("backward", () => {
    // dZ = [[1, 0, 2], [0, 1, −1]]: dW = dZᵀ·A = [[1, 2], [3, 4], [2 − 3, 4 − 4]] = [[1, 2], [3, 4], [−1, 0]];
    // db = [1, 1, 1]; dA = dZ·W = [[1 + 2, 0 + 2], [0 − 1, 1 − 1]] = [[3, 2], [−1, 0]]
    const dz = Float64Array.of(1, 0, 2, 0, 1, -1);
    const dw = new Float64Array(6).fill(99);
    const db = new Float64Array(3).fill(99);
    const da = new Float64Array(4).fill(99);
    linearBackwardWeights(dz, a, dw, db, 2, 2, 3);
    linearBackwardInputs(dz, w, da, 2, 2, 3);
    expect(Array.from(dw)).toEqual([1, 2, 3, 4, -1, 0]);
    expect(Array.from(db)).toEqual([1, 1, 1]);
    expect(Array.from(da)).toEqual([3, 2, -1, 0]);
  });
});

// Shapes on both sides of the 4 × 4 register tiles: rows and N below, at and past multiples of 4 (so full tiles,
// edge rows, edge columns and the corner all occur), K from 1 up.
const SHAPES = [1, 3, 4, 5, 8, 9].flatMap((rows) => [1, 3, 4, 5, 8].map((n) => ({ rows, n })));
const INNER = [1, 2, 3, 4, 5, 8];

describe.each(SHAPES)("rows = $rows, N = $n, K in 1..8: against a naive triple loop", ({ rows, n }) => {
  it("Z = A·Wᵀ + b (and without b)", () => {
    for (const k of INNER) {
      const rng = Rng.stream(rows * 100 + n * 10 + k, "matmul");
      const a = randoms(rng, rows * k);
      const w = randoms(rng, n * k);
      const b = randoms(rng, n);
      const z = new Float64Array(rows * n).fill(NaN);
      const zNoBias = new Float64Array(rows * n).fill(NaN);
      linearForward(a, w, b, z, rows, k, n);
      linearForward(a, w, null, zNoBias, rows, k, n);
      const ref = new Float64Array(rows * n);
      const refNoBias = new Float64Array(rows * n);
      for (let i = 0; i < rows; i++)
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let kk = 0; kk < k; kk++) s += a[i * k + kk] * w[j * k + kk];
          refNoBias[i * n + j] = s;
          ref[i * n + j] = b[j] + s;
        }
      expect(Array.from(z), `Z (K = ${k})`).toEqual(Array.from(ref));
      expect(Array.from(zNoBias), `Z without bias (K = ${k})`).toEqual(Array.from(refNoBias));
    }
  });

  it("dW = dZᵀ·A, db = Σᵢ dZ, dA = dZ·W, overwriting old contents", () => {
    for (const k of INNER) {
      const rng = Rng.stream(rows * 100 + n * 10 + k, "matmul-backward");
      const a = randoms(rng, rows * k);
      const w = randoms(rng, n * k);
      const dz = randoms(rng, rows * n);
      dz[0] = 0; // an exact zero in dZ must not skip anything it should not
      const dw = new Float64Array(n * k).fill(5);
      const db = new Float64Array(n).fill(5);
      const da = new Float64Array(rows * k).fill(5);
      linearBackwardWeights(dz, a, dw, db, rows, k, n);
      linearBackwardInputs(dz, w, da, rows, k, n);
      const dwRef = new Float64Array(n * k);
      const dbRef = new Float64Array(n);
      const daRef = new Float64Array(rows * k);
      for (let i = 0; i < rows; i++)
        for (let j = 0; j < n; j++) {
          dbRef[j] += dz[i * n + j];
          for (let kk = 0; kk < k; kk++) {
            dwRef[j * k + kk] += dz[i * n + j] * a[i * k + kk];
            daRef[i * k + kk] += dz[i * n + j] * w[j * k + kk];
          }
        }
      expect(Array.from(dw), `dW (K = ${k})`).toEqual(Array.from(dwRef));
      expect(Array.from(db), `db (K = ${k})`).toEqual(Array.from(dbRef));
      expect(Array.from(da), `dA (K = ${k})`).toEqual(Array.from(daRef));
      // without a bias gradient, dW is the same
      const dw2 = new Float64Array(n * k).fill(5);
      linearBackwardWeights(dz, a, dw2, null, rows, k, n);
      expect(Array.from(dw2)).toEqual(Array.from(dw));
    }
  });
});

it("writes nothing past rows × N (forward) or N × K and rows × K (backward)", () => {
  const rows = 5;
  const n = 5;
  const k = 3;
  const rng = Rng.stream(1, "matmul-bounds");
  const a = randoms(rng, rows * k);
  const w = randoms(rng, n * k);
  const dz = randoms(rng, rows * n);
  const z = new Float64Array(rows * n + 2).fill(7);
  const dw = new Float64Array(n * k + 2).fill(7);
  const da = new Float64Array(rows * k + 2).fill(7);
  linearForward(a, w, null, z, rows, k, n);
  linearBackwardWeights(dz, a, dw, null, rows, k, n);
  linearBackwardInputs(dz, w, da, rows, k, n);
  expect(Array.from(z.subarray(rows * n))).toEqual([7, 7]);
  expect(Array.from(dw.subarray(n * k))).toEqual([7, 7]);
  expect(Array.from(da.subarray(rows * k))).toEqual([7, 7]);
});
