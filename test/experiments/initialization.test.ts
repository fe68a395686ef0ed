/**
 * He vs naive normal initialization on a deep (8 x 32) ReLU network: He starts near ln 2 and trains;
 * normal(std 1) starts thousands of times further off and blows up; normal(std 0.01) sits at ln 2 with no
 * gradient reaching the first layer.
 * (Measured: epoch-0 train_loss he 0.80, std 1 18368 (diverged at epoch 1), std 0.01 0.693147; he reaches 0.28
 * by epoch 5 and 0.17 at 30; std 0.01 stays within 1e-4 of ln 2, its grad_norm_layer1 ~1e-12 and then 0, vs he's 0.16.)
 */
import { describe, expect, it } from "vitest";
import { compare, expectDocumented, mean, numbers } from "./helpers.js";

const CONFIG = "configs/classic-init.yaml";

describe("classic: he vs random normal init (deep relu)", async () => {
  const ARGS = ["compare", CONFIG, "--vary", "model.init=he,{name: normal, std: 1},{name: normal, std: 0.01}", "--log-y"];
  const { runs } = await compare(ARGS);
  const [he, large, small] = [...runs.values()];
  const loss0 = (r: typeof he) => r.metrics.at("train_loss", 0)!;

  it("runs the command the config documents", () => expectDocumented(CONFIG, ARGS));

  it("compares three inits of the same network", () => {
    expect(runs.size).toBe(3);
    expect([...runs.keys()][0]).toBe("init=he");
  });

  it("he init starts at a sensible loss (near ln 2) and trains", () => {
    expect(he.status).toBe("completed");
    expect(Math.abs(loss0(he) - Math.LN2)).toBeLessThan(0.35);
    expect(he.metrics.at("train_loss", 5)!).toBeLessThan(0.75 * loss0(he));
    expect(he.final.train_loss!).toBeLessThan(0.4 * loss0(he));
    expect(he.final.train_acc!).toBeGreaterThanOrEqual(0.85);
  });

  it("normal(std 1) starts far off: an epoch-0 loss over 100x he's, and never trains", () => {
    expect(loss0(large)).toBeGreaterThan(100 * loss0(he));
    const later = numbers(large.metrics.col("train_loss").slice(1));
    expect(large.status === "diverged" || later.every((l) => !(l < 2 * loss0(he)))).toBe(true);
  });

  it("normal(std 0.01) stalls at ln 2: the signal and the gradient vanish", () => {
    const losses = numbers(small.metrics.col("train_loss"));
    expect(losses.every((l) => Math.abs(l - Math.LN2) < 1e-2)).toBe(true);
    const g1 = (r: typeof he) => mean(numbers(r.metrics.col("grad_norm_layer1").slice(1, 6)));
    expect(g1(small)).toBeLessThan(1e-6 * g1(he));
    expect(small.final.train_acc!).toBeLessThanOrEqual(0.6);
  });
});
