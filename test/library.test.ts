import { describe, expect, it } from "vitest";
import { engine, loadConfig, resolveExperiment, train, type MetricsRow } from "../src/index.js";
import { tempDir, writeFile } from "./helpers.js";

describe("nn-lab as a library", () => {
  it("loads a config, trains it, and streams metrics rows to a hook (no files, no terminal)", async () => {
    const dir = tempDir();
    const cfg = writeFile(
      dir,
      "lib.yaml",
      "seed: 4\ndata: {kind: xor}\nmodel: {layers: [8], activation: tanh}\ntrain: {epochs: 300, batch: full, lr: 0.5}\n",
    );
    const rows: MetricsRow[] = [];
    const result = await train(resolveExperiment(loadConfig(cfg)), { onEpoch: (r) => rows.push(r) });
    expect(rows.map((r) => r.epoch)).toEqual(Array.from({ length: 301 }, (_, i) => i));
    expect(result.status).toBe("completed");
    expect(result.final.train_acc).toBe(1);
    expect(result.final.train_loss).toBeLessThan(rows[0].train_loss / 5);
    // the trained network, usable directly through the engine
    const ws = result.mlp.workspace(4);
    const z = result.mlp.forward(ws, Float64Array.from([0, 0, 0, 1, 1, 0, 1, 1]), 4);
    expect(Array.from(z, (v) => (v > 0 ? 1 : 0))).toEqual([0, 1, 1, 0]);
    expect(engine.ACTIVATION_NAMES).toContain("gelu");
  });

  it("early stopping ends the run with status stopped_early after `patience` epochs without improvement", async () => {
    const dir = tempDir();
    // lr so small the test loss cannot improve by min_delta: stops after exactly patience epochs
    const cfg = writeFile(
      dir,
      "es.yaml",
      "data: {kind: moons, n: 100, test: 0.3}\ntrain: {epochs: 500, lr: 1e-9, early_stop: {metric: test_loss, patience: 7, min_delta: 0.01}}\n",
    );
    const result = await train(resolveExperiment(loadConfig(cfg)));
    expect(result.status).toBe("stopped_early");
    expect(result.epochs).toBe(8); // epoch 1 sets the best, epochs 2..8 are 7 without improvement
  });
});

describe("early stopping and log_every", () => {
  it("the epoch a run stops at is written even when log_every skips it, and best values come from written rows", async () => {
    const dir = tempDir();
    const cfg = writeFile(
      dir,
      "es7.yaml",
      "data: {kind: moons, n: 100, test: 0.3}\ntrain: {epochs: 1000, lr: 1e-9, log_every: 5, early_stop: {metric: test_loss, patience: 7, min_delta: 0.01}}\n",
    );
    const rows: MetricsRow[] = [];
    const result = await train(resolveExperiment(loadConfig(cfg)), { onEpoch: (r) => rows.push(r) });
    expect(result.status).toBe("stopped_early");
    expect(rows.map((r) => r.epoch)).toEqual([0, 5, 8]);
    expect(result.final.epoch).toBe(8);
    for (const b of Object.values(result.best)) expect([0, 5, 8]).toContain(b.epoch);
  });
});
