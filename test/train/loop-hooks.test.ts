/**
 * The training loop's hooks, in-process (train.ts): a stop request between epochs (shouldStop: what a signal or
 * the playground's stop button sets) ends the run as "interrupted" with the last epoch's row written even when
 * log_every skipped it; a pace promise is waited for before each epoch; the loop gives the event loop a turn once
 * more than 50 ms have passed since the last one (so a signal's handler runs), and reports train_ms. Time is
 * performance.now(), replaced here by a clock that moves 25 ms per row written, so that every turn is known.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { loadConfigText } from "../../src/config/load.js";
import { resolveExperiment } from "../../src/config/resolve.js";
import type { MetricsRow } from "../../src/metrics.js";
import { train, type TrainHooks } from "../../src/train/train.js";

function experiment(epochs: number, logEvery = 1) {
  const yaml =
    "seed: 4\ndata: {kind: inline, x: [[0.5], [1.5], [-1], [2]], y: [0.25, 1.75, -0.5, 2.5], test: 0}\n" +
    `model: {layers: [3]}\ntrain: {epochs: ${epochs}, batch: 2, loss: mse, lr: 0.05, log_every: ${logEvery}}\n`;
  return resolveExperiment(loadConfigText(yaml, "/nowhere/c.yaml"));
}

async function rowsOf(epochs: number, logEvery: number, hooks: TrainHooks = {}) {
  const rows: MetricsRow[] = [];
  const result = await train(experiment(epochs, logEvery), { evalThread: "off", ...hooks, onEpoch: (r) => rows.push(r) });
  return { result, rows };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("a stop request between epochs", () => {
  it("asked before epoch 4 of 20 (log_every 5): status interrupted after epoch 3, whose row is written", async () => {
    let polls = 0;
    const weighed: number[] = [];
    const { result, rows } = await rowsOf(20, 5, { shouldStop: () => ++polls === 4, onWeights: (e) => weighed.push(e) });
    expect(polls).toBe(4); // polled before epochs 1, 2, 3 and 4
    expect(result.status).toBe("interrupted");
    expect(result.epochs).toBe(3);
    expect(rows.map((r) => r.epoch)).toEqual([0, 3]);
    expect(weighed).toEqual([0, 1, 2, 3]);
    // the row written on the way out is epoch 3's, as a run logging every epoch writes it
    const full = await rowsOf(20, 1);
    expect(full.result.status).toBe("completed");
    expect(result.final).toEqual(full.rows[3]);
    expect(rows[1]).toEqual(full.rows[3]);
  });

  it("asked before epoch 1: only epoch 0's row (the initial weights), no step taken", async () => {
    const { result, rows } = await rowsOf(20, 5, { shouldStop: () => true });
    expect(result.status).toBe("interrupted");
    expect(rows.map((r) => r.epoch)).toEqual([0]);
    expect(result.epochs).toBe(0);
  });
});

describe("pace: a promise the loop waits for before each epoch", () => {
  it("each epoch starts after its pace promise resolved (a timer), and a stop set by the third is seen before epoch 3", async () => {
    let resolved = 0;
    let stop = false;
    const seen: number[] = [];
    const pace = () =>
      new Promise<void>((done) =>
        setTimeout(() => {
          resolved++;
          if (resolved === 3) stop = true;
          done();
        }, 0),
      );
    const rows: MetricsRow[] = [];
    const result = await train(experiment(10), {
      evalThread: "off",
      pace,
      shouldStop: () => stop,
      onEpoch: (r) => {
        rows.push(r);
        seen.push(resolved);
      },
    });
    // epoch k's row is written after k pace promises resolved
    expect(seen).toEqual([0, 1, 2]);
    expect(result.status).toBe("interrupted");
    expect(result.epochs).toBe(2);
  });
});

describe("turns of the event loop, and train_ms", () => {
  it("with 25 ms per epoch, the loop yields after epochs 2, 5 and 8 of 10 (> 50 ms since the last turn); train_ms = 11 · 25", async () => {
    let clock = 1000;
    vi.spyOn(performance, "now").mockImplementation(() => clock);
    // an immediate fires only when the loop gives the event loop a turn: before which epoch did one fire?
    let turned = false;
    const arm = () => setImmediate(() => (turned = true));
    const after: number[] = [];
    let epoch = 0;
    arm();
    const result = await train(experiment(10), {
      evalThread: "off",
      onEpoch: (r) => {
        clock += 25;
        epoch = r.epoch;
      },
      shouldStop: () => {
        if (turned) {
          after.push(epoch);
          turned = false;
          arm();
        }
        return false;
      },
    });
    // clock after epoch k's row: 1000 + 25(k + 1); a turn when it is more than 50 past the last turn (at first 1000)
    expect(after).toEqual([2, 5, 8]);
    expect(result.status).toBe("completed");
    // started at 1000, 11 rows (epochs 0–10) later 1275
    expect(result.train_ms).toBe(275);
  });
});
