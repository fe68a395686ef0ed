/**
 * Optimizer state (optim.ts `state()`), named as torch's `optimizer.state[p]`, for trace to show. Hand arithmetic
 * for one parameter p = 1 with gradient g = 2, lr 0.1:
 *   momentum (μ 0.9): momentum_buffer = g = 2 after step 1; 0.9·2 + 2 = 3.8 after step 2
 *   adam (β 0.9/0.999): exp_avg = 0.1·2 = 0.2, exp_avg_sq = 0.001·4 = 0.004, step 1
 *   rmsprop (α 0.99, centered, momentum 0.5): square_avg = 0.01·4 = 0.04, grad_avg = 0.01·2 = 0.02,
 *     momentum_buffer = g / (√(0.04 − 0.0004) + 1e-8) = 2/0.198997… = 10.0503…
 */
import { describe, expect, it } from "vitest";
import { makeOptimizer, optimizerDefaults } from "../../src/engine/optim.js";

const run = (opt: ReturnType<typeof makeOptimizer>, steps: number) => {
  const p = new Float64Array([1]);
  for (let i = 0; i < steps; i++) opt.step(p, new Float64Array([2]), 0.1);
  return opt.state();
};

describe("optimizer state", () => {
  it("plain SGD keeps none; every optimizer has none before its first step", () => {
    expect(run(makeOptimizer({ name: "sgd", ...optimizerDefaults("sgd") }), 2)).toEqual({});
    for (const name of ["momentum", "adam", "rmsprop"] as const)
      expect(makeOptimizer({ name, ...optimizerDefaults(name) } as never).state()).toEqual({});
  });

  it("momentum: the buffer is g after one step, μ·b + g after two", () => {
    const opt = makeOptimizer({ name: "momentum", ...optimizerDefaults("momentum") });
    expect(run(opt, 1)).toEqual({ momentum_buffer: new Float64Array([2]) });
    opt.step(new Float64Array([1]), new Float64Array([2]), 0.1);
    expect((opt.state().momentum_buffer as Float64Array)[0]).toBeCloseTo(3.8, 15);
  });

  it("adam: step, exp_avg, exp_avg_sq (and max_exp_avg_sq with amsgrad)", () => {
    const s = run(makeOptimizer({ name: "adam", ...optimizerDefaults("adam") }), 1);
    expect(Object.keys(s)).toEqual(["step", "exp_avg", "exp_avg_sq"]);
    expect(s.step).toBe(1);
    expect((s.exp_avg as Float64Array)[0]).toBeCloseTo(0.2, 15);
    expect((s.exp_avg_sq as Float64Array)[0]).toBeCloseTo(0.004, 15);
    const ams = run(makeOptimizer({ name: "adam", ...optimizerDefaults("adam"), amsgrad: true }), 1);
    expect((ams.max_exp_avg_sq as Float64Array)[0]).toBeCloseTo(0.004, 15);
  });

  it("rmsprop: square_avg, and grad_avg and momentum_buffer when centered with momentum", () => {
    const s = run(makeOptimizer({ name: "rmsprop", ...optimizerDefaults("rmsprop"), centered: true, momentum: 0.5 }), 1);
    expect((s.square_avg as Float64Array)[0]).toBeCloseTo(0.04, 15);
    expect((s.grad_avg as Float64Array)[0]).toBeCloseTo(0.02, 15);
    expect((s.momentum_buffer as Float64Array)[0]).toBeCloseTo(2 / (Math.sqrt(0.04 - 0.0004) + 1e-8), 12);
    expect(Object.keys(run(makeOptimizer({ name: "rmsprop", ...optimizerDefaults("rmsprop") }), 1))).toEqual(["square_avg"]);
  });
});
