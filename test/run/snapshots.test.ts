/**
 * Decision-boundary snapshots (src/train/snapshot-recorder.ts, src/run/snapshots-file.ts). What these tests prove:
 *  - the planned epochs: 0 and round(k·E/count), no repeats;
 *  - the recorder copies the weights at the planned epochs (not a view that moves on) and adds the last epoch;
 *  - a real run writes snapshots.json whose last weights are exactly model.json's, and whose snapshots, evaluated
 *    apart from training (report/boundary-frames.ts), misclassify as many training points as metrics.csv says;
 *  - recording does not change training: metrics.csv and model.json are byte-identical with count 20 and count 0,
 *    with the evaluation thread on and off;
 *  - no file for regression data, for data with more than two inputs, or with count 0;
 *  - a diverged run's snapshots end at the epoch it diverged at.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SnapshotRecorder, snapshotEpochs } from "../../src/train/snapshot-recorder.js";
import { decodeParams, type SnapshotsFile } from "../../src/run/snapshots-file.js";
import { boundaryFrames } from "../../src/report/boundary-frames.js";
import type { ResolvedConfig } from "../../src/config/resolve.js";
import { column, readJson, readMetrics, runMain, tempDir, writeFile } from "../helpers.js";

describe("snapshotEpochs", () => {
  it("takes epoch 0 and count evenly spaced epochs", () => {
    expect(snapshotEpochs(200, 20)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150, 160, 170, 180, 190, 200]);
    // 7 epochs, 3 snapshots: round(7/3)=2, round(14/3)=5, 7
    expect(snapshotEpochs(7, 3)).toEqual([0, 2, 5, 7]);
    // more snapshots than epochs: each epoch once
    expect(snapshotEpochs(3, 10)).toEqual([0, 1, 2, 3]);
    expect(snapshotEpochs(5, 0)).toEqual([0]);
  });
});

describe("SnapshotRecorder", () => {
  it("copies the weights at the planned epochs only, and adds the last epoch", () => {
    const rec = new SnapshotRecorder([0, 2]);
    const w = Float64Array.from([1, 2, 3]);
    rec.onWeights(0, w);
    w[0] = 9; // the training loop moves the weights on: the copy keeps epoch 0's
    rec.onWeights(1, w); // not planned
    rec.onWeights(2, w);
    const got = rec.finish(3, Float64Array.from([NaN, 0, 0]));
    expect(got.epochs).toEqual([0, 2, 3]);
    expect(got.params.map((p) => Array.from(p))).toEqual([
      [1, 2, 3],
      [9, 2, 3],
      [NaN, 0, 0],
    ]);
    // the last epoch is not added twice when it was planned, and epochs recorded after it are left out (a forced
    // exit ends a run at its last written row, which the recorded weights can be ahead of)
    expect(rec.finish(2, Float64Array.from([7, 7, 7])).epochs).toEqual([0, 2]);
  });
});

const MOONS = `seed: 3
data: { kind: moons, n: 120, noise: 0.15, test: 0.25 }
model: { layers: [8], activation: tanh }
train: { epochs: 30, batch: 16, optimizer: adam, lr: 0.03 }
`;

describe("snapshots.json in a run folder", () => {
  it("holds the weights of each planned epoch; the last are model.json's, and they misclassify as train_acc says", async () => {
    const dir = tempDir();
    const cfg = writeFile(dir, "moons.yaml", MOONS);
    const r = await runMain(["train", cfg, "--run-dir", join(dir, "run"), "--quiet", "--set", "snapshots.count=6"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const file = readJson<SnapshotsFile>(join(dir, "run", "snapshots.json"));
    expect(file.format).toBe("nn-lab.snapshots.v1");
    expect(file.epochs).toEqual([0, 5, 10, 15, 20, 25, 30]);
    expect(file.points.x).toHaveLength(90);
    // 2·8 + 8 + 8·1 + 1 parameters
    expect(file.param_count).toBe(33);
    const params = decodeParams(file);
    expect(params).toHaveLength(7);
    const model = readJson<{ layers: { weight: number[][]; bias: number[] }[] }>(join(dir, "run", "model.json"));
    const flat = model.layers.flatMap((l) => [...l.weight.flat(), ...l.bias]);
    expect(Array.from(params[6])).toEqual(flat);
    expect(Array.from(params[0])).not.toEqual(flat);
    // evaluated independently of training: the points each snapshot gets wrong match metrics.csv's train_acc
    const config = readJson<ResolvedConfig>(join(dir, "run", "config.json"));
    const frames = boundaryFrames({
      config,
      classes: 2,
      bounds: file.bounds,
      points: Float64Array.from(file.points.x.flat()),
      params,
      grid: 4,
    });
    const accuracy = column(readMetrics(join(dir, "run")), "train_acc");
    const missed = (f: Uint8Array) => file.points.y.filter((y, i) => f[2 * 16 + i] !== y).length;
    expect(missed(frames[6])).toBe(Math.round((1 - accuracy[30]!) * 90));
    expect(missed(frames[0])).toBe(Math.round((1 - accuracy[0]!) * 90));
    expect(missed(frames[3])).toBe(Math.round((1 - accuracy[15]!) * 90));
    // the plane covers the points
    for (const [a, b] of file.points.x) {
      expect(a).toBeGreaterThan(file.bounds.x0);
      expect(a).toBeLessThan(file.bounds.x1);
      expect(b).toBeGreaterThan(file.bounds.y0);
      expect(b).toBeLessThan(file.bounds.y1);
    }
  });

  it("does not change training: metrics.csv and model.json are byte-identical with and without", async () => {
    const dir = tempDir();
    const cfg = writeFile(dir, "moons.yaml", MOONS);
    const bytes = (name: string) => ["metrics.csv", "model.json"].map((f) => readFileSync(join(dir, name, f)));
    for (const thread of ["0", "1"]) {
      const env = { NN_LAB_EVAL_THREAD: thread };
      expect((await runMain(["train", cfg, "--run-dir", join(dir, `on${thread}`), "--quiet"], { env })).code).toBe(0);
      expect(
        (await runMain(["train", cfg, "--run-dir", join(dir, `off${thread}`), "--quiet", "--set", "snapshots.count=0"], { env })).code,
      ).toBe(0);
      expect(existsSync(join(dir, `on${thread}`, "snapshots.json"))).toBe(true);
      expect(existsSync(join(dir, `off${thread}`, "snapshots.json"))).toBe(false);
      expect(bytes(`on${thread}`)).toEqual(bytes(`off${thread}`));
    }
    // the thread does not change the frames either: the weights are copied before they move on
    expect(readFileSync(join(dir, "on0", "snapshots.json"))).toEqual(readFileSync(join(dir, "on1", "snapshots.json")));
  });

  it("is not written for regression or for data with more than two inputs", async () => {
    const dir = tempDir();
    const sine = writeFile(dir, "sine.yaml", "data: { kind: sine, n: 40 }\ntrain: { epochs: 3 }\n");
    const wide = writeFile(dir, "wide.yaml", "data: { kind: inline, x: [[0,0,0],[1,1,1]], y: [0,1] }\ntrain: { epochs: 3, loss: bce }\n");
    const feats = writeFile(dir, "feats.yaml", "data: { kind: circles, n: 40, features: [x1^2, x2^2] }\ntrain: { epochs: 3 }\n");
    for (const cfg of [sine, wide, feats]) expect((await runMain(["train", cfg, "--runs", join(dir, "runs"), "--quiet"])).code).toBe(0);
    const made = ["sine", "wide", "feats"].map((n) => {
      const run = join(dir, "runs", readdirOne(join(dir, "runs"), n));
      return existsSync(join(run, "snapshots.json"));
    });
    // derived features are mapped over the raw plane, so a circles run on x1², x2² has its snapshots
    expect(made).toEqual([false, false, true]);
  });

  it("ends a diverged run's snapshots at the epoch it diverged at", async () => {
    const dir = tempDir();
    const cfg = writeFile(
      dir,
      "boom.yaml",
      "data: { kind: moons, n: 40 }\nmodel: { layers: [8], init: {name: normal, std: 50} }\ntrain: { epochs: 50, optimizer: sgd, lr: 1e6, loss: mse, batch: full }\nsnapshots: { count: 5 }\n",
    );
    const r = await runMain(["train", cfg, "--run-dir", join(dir, "run"), "--quiet"]);
    expect(r.code).toBe(1);
    const summary = readJson<{ status: string; epochs: number }>(join(dir, "run", "summary.json"));
    expect(summary.status).toBe("diverged");
    const file = readJson<SnapshotsFile>(join(dir, "run", "snapshots.json"));
    expect(file.epochs[0]).toBe(0);
    expect(file.epochs[file.epochs.length - 1]).toBe(summary.epochs);
    expect(file.epochs.every((e) => e <= summary.epochs)).toBe(true);
  });
});

function readdirOne(parent: string, prefix: string): string {
  const hits = readdirSync(parent).filter((e) => e.startsWith(`${prefix}-`));
  if (hits.length !== 1) throw new Error(`expected one ${prefix} run in ${parent}, got ${hits.join(", ")}`);
  return hits[0];
}
