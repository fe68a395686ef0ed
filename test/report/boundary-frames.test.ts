/**
 * Boundary frames for the HTML report (src/report/boundary-frames.ts): on a hand-set logistic unit z = x1 the
 * grid's classes are 0 left of x1 = 0 and 1 right of it, the confidences exactly round(255·|2σ(x1) − 1|) at each
 * cell centre, the points classified as the evaluator would, and non-finite weights give NO_CLASS everywhere.
 */
import { describe, expect, it } from "vitest";
import { boundaryFrames, cellCentres, NO_CLASS } from "../../src/report/boundary-frames.js";
import type { ResolvedConfig } from "../../src/config/resolve.js";

const config = {
  data: { kind: "moons", n: 4, noise: 0, test: 0, features: null },
  model: { layers: [], activation: { name: "relu" }, output: "sigmoid", bias: true, init: "zeros", bias_init: 0 },
  train: { loss: "bce" },
} as unknown as ResolvedConfig;

describe("boundaryFrames", () => {
  it("classifies the grid and the points of a logistic unit z = x1 exactly", () => {
    const bounds = { x0: -2, x1: 2, y0: -1, y1: 1 };
    expect(Array.from(cellCentres(bounds, 2))).toEqual([-1, 0.5, 1, 0.5, -1, -0.5, 1, -0.5]);
    const frames = boundaryFrames({
      config,
      classes: 2,
      bounds,
      grid: 4,
      points: Float64Array.from([-1, 0, 0.5, 0.5]),
      // W = (1, 0), b = 0; then NaN weights
      params: [Float64Array.from([1, 0, 0]), Float64Array.from([NaN, 0, 0])],
    });
    expect(frames[0]).toHaveLength(2 * 16 + 2);
    // cell centres in x1: -1.5, -0.5, 0.5, 1.5 (every row the same)
    const sig = (z: number) => 1 / (1 + Math.exp(-z));
    const conf = [-1.5, -0.5, 0.5, 1.5].map((x) => Math.round(Math.abs(2 * sig(x) - 1) * 255));
    expect(conf).toEqual([162, 62, 62, 162]);
    for (let r = 0; r < 4; r++) {
      expect(Array.from(frames[0].subarray(r * 4, r * 4 + 4))).toEqual([0, 0, 1, 1]);
      expect(Array.from(frames[0].subarray(16 + r * 4, 16 + r * 4 + 4))).toEqual(conf);
    }
    // points: (-1, 0) → class 0; (0.5, 0.5) → class 1
    expect(Array.from(frames[0].subarray(32))).toEqual([0, 1]);
    expect(Array.from(frames[1].subarray(0, 16))).toEqual(new Array(16).fill(NO_CLASS));
    expect(Array.from(frames[1].subarray(16, 32))).toEqual(new Array(16).fill(0));
    expect(Array.from(frames[1].subarray(32))).toEqual([NO_CLASS, NO_CLASS]);
  });

  it("rejects weights of the wrong length", () => {
    expect(() =>
      boundaryFrames({
        config,
        classes: 2,
        bounds: { x0: 0, x1: 1, y0: 0, y1: 1 },
        grid: 2,
        points: new Float64Array(0),
        params: [new Float64Array(5)],
      }),
    ).toThrow("a snapshot has 5 parameters, the network 3");
  });
});
