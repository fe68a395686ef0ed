/**
 * The l1/l2 penalty gradient (optim.ts addPenaltyGradient): g ← g + l2·W + l1·sign(W), on the weight ranges only
 * (biases untouched), sign(0) = 0 — the gradient of l1·Σ|W| + (l2/2)·ΣW², by hand.
 */
import { describe, expect, it } from "vitest";
import { addPenaltyGradient } from "../../src/engine/optim.js";

describe("addPenaltyGradient", () => {
  it("adds l2·w + l1·sign(w) to each weight's gradient: w = 0.5, −0.25, 0 with l1 = 0.125, l2 = 0.5", () => {
    // 0.5·0.5 + 0.125 = 0.375; 0.5·(−0.25) − 0.125 = −0.25; 0 + 0 (sign 0) = 0; each added to g = 1
    const p = Float64Array.from([0.5, -0.25, 0, 2, 3]);
    const g = Float64Array.from([1, 1, 1, 1, 1]);
    addPenaltyGradient(p, g, [[0, 3]], 0.125, 0.5);
    expect(Array.from(g)).toEqual([1.375, 0.75, 1, 1, 1]);
    expect(Array.from(p)).toEqual([0.5, -0.25, 0, 2, 3]);
  });

  it("only inside the ranges [from, to): the bias between two weight blocks keeps its gradient", () => {
    const p = Float64Array.from([1, 1, 1, 1]);
    const g = new Float64Array(4);
    addPenaltyGradient(
      p,
      g,
      [
        [0, 1],
        [2, 3],
      ],
      0,
      0.25,
    );
    expect(Array.from(g)).toEqual([0.25, 0, 0.25, 0]);
  });
});
