/**
 * How memory grows with the data (docs/performance.md, "How cost grows"). bench/epoch-cost.js trains one epoch of
 * moons 2-8-1 (batch 256, default per-epoch metrics, one thread) in a fresh process and reports its peak resident
 * memory above the warmed-up baseline ("growth") and the model's own bytes: data n·(d+1) + weights + one batch's
 * activations, in float64. What this proves: each extra row costs at most twice its own bytes — the data is held
 * once (train/test are views of one array, the shuffle that splits it is done in place, the generator writes
 * straight into typed arrays) and nothing per row is kept during the epoch. Before those changes a row cost 8× its
 * bytes. The slope between two sizes is taken, so the process's fixed cost (V8's heap, JIT code) cancels out.
 * A test of memory, not of time.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers.js";

interface EpochCost {
  n: number;
  growth: number;
  model_bytes: number;
}

function epochCost(n: number): EpochCost {
  const res = spawnSync(process.execPath, [join(ROOT, "bench", "epoch-cost.js"), String(n), "8", "1", "256"], { encoding: "utf8" });
  expect(res.stderr).toBe("");
  expect(res.status).toBe(0);
  return JSON.parse(res.stdout) as EpochCost;
}

describe("memory of one epoch as n grows", () => {
  it("each row adds at most 2× its own bytes (data + weights + one batch's activations)", () => {
    const small = epochCost(200_000);
    const large = epochCost(1_000_000);
    // 800,000 more rows of 2 inputs + 1 label: 19.2 MB more data in float64
    expect(large.model_bytes - small.model_bytes).toBe(800_000 * 3 * 8);
    const slope = (large.growth - small.growth) / (large.model_bytes - small.model_bytes);
    expect(slope).toBeGreaterThan(0.9); // the data itself must show up: the measurement sees what it should
    expect(slope).toBeLessThanOrEqual(2);
  }, 120_000);
});
