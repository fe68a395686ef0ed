/**
 * Exploding gradients and clipping: the same SGD run diverges without clipping (status diverged, exit 1) and
 * trains with clip {norm: 1}, whose clipped column shows it at work.
 * (Measured: unclipped diverged at epoch 1, step 9, after a gradient norm of 6e92; clipped: every step of the
 * first epochs clipped (grad_norm ~7), 805 of 1000 steps in all, train_loss 1.0 → 0.046. Diverges at seeds 1–5.)
 */
import { describe, expect, it } from "vitest";
import { compare, expectDocumented, numbers, train } from "./helpers.js";

const CONFIG = "configs/classic-exploding-gradients.yaml";

describe("classic: exploding gradients and clipping", async () => {
  const UNCLIPPED = ["train", CONFIG, "--set", "train.clip=null"];
  const CLIPPED = ["train", CONFIG];
  const COMPARE = ["compare", CONFIG, "--vary", "train.clip=null,{norm: 1}", "--log-y"];
  const unclipped = await train(UNCLIPPED);
  const clipped = await train(CLIPPED);

  it("runs the commands the config documents", () => {
    for (const args of [UNCLIPPED, CLIPPED, COMPARE]) expectDocumented(CONFIG, args);
  });

  it("without clipping the run diverges early: status diverged, exit code 1", () => {
    expect(unclipped.result.code).toBe(1);
    expect(unclipped.summary.status).toBe("diverged");
    expect(unclipped.summary.diverged_at!.epoch).toBeLessThanOrEqual(5);
  });

  it("with clip {norm: 1} it completes and trains", () => {
    expect(clipped.result.code, clipped.result.stderr).toBe(0);
    expect(clipped.summary.status).toBe("completed");
    expect(clipped.metrics.last("train_loss")!).toBeLessThan(clipped.metrics.at("train_loss", 0)! / 5);
  });

  it("the clipped column shows clipping at work, on the steps whose gradient norm exceeded 1", () => {
    const counts = numbers(clipped.metrics.col("clipped").slice(1));
    const norms = numbers(clipped.metrics.col("grad_norm").slice(1));
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(counts[0]).toBeGreaterThan(0); // the first epoch, where the unclipped run blew up
    expect(norms[0]).toBeGreaterThan(1); // mean pre-clip gradient norm above the threshold
    expect(counts.every((c) => c >= 0 && c <= 10)).toBe(true); // at most one per step (100 rows / batch 10)
  });

  it("the gradients the clipped run saw are finite and moderate; the unclipped ones exploded", () => {
    const clippedMax = Math.max(...numbers(clipped.metrics.col("grad_norm").slice(1)));
    const blewUp = unclipped.metrics.last("grad_norm");
    expect(Number.isFinite(clippedMax)).toBe(true);
    expect(blewUp === null || !Number.isFinite(blewUp) || blewUp > 1e6 * clippedMax).toBe(true);
  });

  it("compare --vary shows both runs side by side", async () => {
    const { runs } = await compare(COMPARE);
    expect([...runs.values()].map((r) => r.status)).toEqual(["diverged", "completed"]);
  });
});
