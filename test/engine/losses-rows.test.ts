/**
 * Each row of a softmax / cross-entropy batch on its own (losses.ts): the max subtracted is the row's own (another
 * row's logits of ±1000 must not leak in), and the row's k values only (a buffer longer than the batch, as the
 * workspace of a last partial batch, must not leak in either); mse's lossSum before any gradient was taken.
 */
import { describe, expect, it } from "vitest";
import { makeHead, softmaxRow } from "../../src/engine/losses.js";

describe("softmaxRow", () => {
  it("row 2 of [[−1000, −1000], [0, 1000]] is [0, 1]: its own max, 1000, is subtracted", () => {
    const z = Float64Array.from([-1000, -1000, 0, 1000]);
    const out = new Float64Array(4);
    softmaxRow(z, 2, 2, out, 2);
    expect(Array.from(out)).toEqual([0, 0, 0, 1]);
  });

  it("takes k values only: [0, ln 3] followed by 5 in the buffer → [1/4, 3/4]", () => {
    const z = Float64Array.from([0, Math.log(3), 5]);
    const out = new Float64Array(3);
    softmaxRow(z, 0, 2, out, 0);
    expect(out[0]).toBeCloseTo(0.25, 15);
    expect(out[1]).toBeCloseTo(0.75, 15);
    expect(out[2]).toBe(0);
  });
});

describe("cross_entropy per row", () => {
  it("a row [0, 1000] with target 1 costs 0 (log(1 + e^−1000)), after a row [−1000, −1000] with target 0 (ln 2)", () => {
    const head = makeHead("cross_entropy");
    const z = Float64Array.from([-1000, -1000, 0, 1000]);
    expect(head.lossSum(z, Float64Array.from([0, 1]), 2, 2)).toBeCloseTo(Math.LN2, 15);
  });

  it("in a buffer longer than the batch: the last row's sum stops at k (ℓ([0, 0], 0) = ln 2, not ln(2 + e^7))", () => {
    const head = makeHead("cross_entropy");
    const z = Float64Array.from([0, 0, 7, 7]);
    expect(head.lossSum(z, Float64Array.from([0]), 1, 2)).toBeCloseTo(Math.LN2, 15);
    const dz = new Float64Array(4);
    expect(head.gradient(z, Float64Array.from([0]), 1, 2, dz)).toBeCloseTo(Math.LN2, 15);
    expect(Array.from(dz)).toEqual([-0.5, 0.5, 0, 0]);
  });
});

describe("mse lossSum", () => {
  it("on a fresh head, before any gradient: Σ(a − y)² = 0.5² + 1² = 1.25 (linear), σ(0) = ½ → 0.25 (sigmoid)", () => {
    expect(makeHead("mse", "linear").lossSum(Float64Array.from([0.5, 1]), Float64Array.from([0, 0]), 2, 1)).toBe(1.25);
    expect(makeHead("mse", "sigmoid").lossSum(Float64Array.from([0]), Float64Array.from([0]), 1, 1)).toBe(0.25);
  });
});
