/**
 * Where a run diverged: summary.json's diverged_at names the epoch, the step, what went non-finite (the loss, a
 * gradient) and the first layer, in forward order, where it did. Each case is a 2-2-1 relu network loaded with
 * chosen weights (init.from) on two rows, one of them at x = (1e300, 1e300), so that one product overflows float64
 * in a known layer (worked out by hand below); the other row is (1, 1).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runMain, tempDir, writeFile } from "../helpers.js";

/** W1 = w1·I, b1 = 0; W2 = [w2, w2], b2 = 0. */
function model(w1: number, w2: number): object {
  return {
    format: "nn-lab.model.v1",
    inputs: 2,
    layers: [
      {
        in: 2,
        out: 2,
        activation: "relu",
        weight: [
          [w1, 0],
          [0, w1],
        ],
        bias: [0, 0],
      },
      { in: 2, out: 1, activation: "sigmoid", weight: [[w2, w2]], bias: [0] },
    ],
  };
}

async function divergedAt(w1: number, w2: number): Promise<unknown> {
  const dir = tempDir();
  writeFileSync(join(dir, "m.json"), JSON.stringify(model(w1, w2)));
  writeFile(dir, "d.csv", "x1,x2,label\n1e300,1e300,1\n1,1,0\n");
  const cfg = writeFile(
    dir,
    "c.yaml",
    "seed: 1\ndata: {kind: csv, path: d.csv, test: 0}\nmodel: {layers: [2], activation: relu, init: {from: m.json}}\ntrain: {epochs: 3, batch: full, lr: 0.1, shuffle: false}\n",
  );
  const r = await runMain(["train", cfg, "--run-dir", join(dir, "run"), "--quiet"]);
  expect(r.code).toBe(1); // a diverged run is a failed result
  const summary = JSON.parse(readFileSync(join(dir, "run", "summary.json"), "utf8")) as { status: string; diverged_at: unknown };
  expect(summary.status).toBe("diverged");
  return summary.diverged_at;
}

describe("diverged_at names the first layer where the value went non-finite", () => {
  it("the loss, layer 1: z1 = 1e10 · 1e300 overflows in the hidden layer", async () => {
    expect(await divergedAt(1e10, 1)).toEqual({ epoch: 1, step: 1, layer: 1, what: "loss", grad_norm_before: null });
  });

  it("the loss, layer 2: z1 = 1e300 is finite, z2 = 2 · 1e10 · 1e300 overflows in the output layer", async () => {
    expect(await divergedAt(1, 1e10)).toEqual({ epoch: 1, step: 1, layer: 2, what: "loss", grad_norm_before: null });
  });

  it("a gradient, layer 1: z2 = 2 is finite, dW1 = dz1 · x ≈ 1e300 and its square overflows", async () => {
    expect(await divergedAt(1e-300, 1)).toEqual({ epoch: 1, step: 1, layer: 1, what: "gradient", grad_norm_before: null });
  });

  it("a gradient, layer 2: z2 = 2 · 1e-300 · 1e300 = 2 is finite, dW2 = dz2 · a1 ≈ 1e300 overflows when squared, dW1 (≈ dz2 · 1e-300 · 1e300) does not", async () => {
    expect(await divergedAt(1, 1e-300)).toEqual({ epoch: 1, step: 1, layer: 2, what: "gradient", grad_norm_before: null });
  });
});
