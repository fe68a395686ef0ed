/**
 * Early stopping (train.ts earlyStop): after each epoch the monitored loss — train.early_stop.metric: test_loss or
 * train_loss — is compared with the best so far; an epoch improves on it when it is lower by more than min_delta, and
 * the run stops ("stopped_early") at the patience-th epoch in a row without improvement. The expected stop epoch is
 * found by replaying that rule over the rows of the same run trained without early stopping (stopping changes no
 * step, only where the run ends); the cases are chosen so that the two metrics stop at different epochs.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfigText } from "../../src/config/load.js";
import { resolveExperiment } from "../../src/config/resolve.js";
import type { MetricsRow } from "../../src/metrics.js";
import { train } from "../../src/train/train.js";

const BASE = "seed: 2\ndata: {kind: moons, n: 40, test: 0.5, noise: 0.3}\nmodel: {layers: [16]}\n";

async function run(trainBlock: string) {
  const rows: MetricsRow[] = [];
  const experiment = resolveExperiment(
    loadConfigText(`${BASE}train: {epochs: 400, batch: full, lr: 0.5${trainBlock}}\n`, "/nowhere/c.yaml"),
  );
  const result = await train(experiment, { evalThread: "off", onEpoch: (r) => rows.push(r) });
  return { result, rows };
}

/** The epoch the rule stops at on the losses v[0..] (v[0]: the initial weights, never compared), or null. */
function stopEpoch(v: number[], patience: number, minDelta: number): number | null {
  let best = Infinity;
  let since = 0;
  for (let e = 1; e < v.length; e++) {
    if (v[e] < best - minDelta) {
      best = v[e];
      since = 0;
    } else if (++since >= patience) return e;
  }
  return null;
}

let full: MetricsRow[];
beforeAll(async () => {
  const { result, rows } = await run("");
  expect(result.status).toBe("completed");
  full = rows;
});

describe("early stopping", () => {
  const test = () => full.map((r) => r.test_loss!);
  const trainLoss = () => full.map((r) => r.train_loss);

  it("metric test_loss, patience 5: stops where the test loss last failed to improve 5 times in a row (not where train_loss would)", async () => {
    const at = stopEpoch(test(), 5, 0)!;
    expect(at).toBe(33);
    expect(stopEpoch(trainLoss(), 5, 0)).toBeNull(); // the train loss keeps falling for 400 epochs
    const { result, rows } = await run(", early_stop: {metric: test_loss, patience: 5}");
    expect(result.status).toBe("stopped_early");
    expect(result.epochs).toBe(at);
    expect(rows).toEqual(full.slice(0, at + 1));
  });

  it("metric train_loss, patience 3, min_delta 0.001: an improvement must beat the best by more than 0.001", async () => {
    const at = stopEpoch(trainLoss(), 3, 0.001)!;
    expect(at).toBe(266);
    expect(stopEpoch(test(), 3, 0.001)).toBe(28);
    expect(stopEpoch(trainLoss(), 3, 0)).toBeNull(); // without min_delta it never stops
    const { result } = await run(", early_stop: {metric: train_loss, patience: 3, min_delta: 0.001}");
    expect(result.status).toBe("stopped_early");
    expect(result.epochs).toBe(at);
    expect(result.final).toEqual(full[at]);
  });

  it("an epoch whose loss only equals the best is no improvement: at lr 1e-30 no weight moves, the run stops at epoch 1 + patience", async () => {
    const rows: MetricsRow[] = [];
    const yaml = `${BASE}train: {epochs: 50, batch: full, lr: 1e-30, early_stop: {metric: train_loss, patience: 3}}\n`;
    const result = await train(resolveExperiment(loadConfigText(yaml, "/nowhere/c.yaml")), {
      evalThread: "off",
      onEpoch: (r) => rows.push(r),
    });
    // every update is below half an ulp of its weight: the train loss is bit-identical from epoch to epoch
    expect(new Set(rows.map((r) => r.train_loss)).size).toBe(1);
    expect(result.status).toBe("stopped_early");
    expect(result.epochs).toBe(4); // epoch 1 sets the best; 2, 3 and 4 fail to beat it
  });
});
