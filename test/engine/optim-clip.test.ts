/**
 * clip_grad_norm_ at its limit (optim.ts clipGradNorm): the coefficient max_norm/(total + 1e-6) scales the gradient
 * only when it is below 1, and only then does the step count as clipped (metrics.csv `clipped`, the health finding).
 */
import { describe, expect, it } from "vitest";
import { clipGradNorm } from "../../src/engine/optim.js";

describe("clipGradNorm at the limit", () => {
  it("a coefficient of exactly 1 (total 1, max_norm 1 + 1e-6) is not a clip; just below it is", () => {
    const g = Float64Array.from([0.6, 0.8]);
    expect(clipGradNorm(g, 1, 1 + 1e-6)).toBe(false);
    expect(Array.from(g)).toEqual([0.6, 0.8]);
    expect(clipGradNorm(g, 1, 0.5 + 0.5e-6)).toBe(true); // coefficient ½
    expect(Array.from(g)).toEqual([0.3, 0.4]);
  });
});
