/**
 * What decision-boundary snapshots cost (issue 15: at most 5% of train_ms on configs/moons.yaml).
 *
 *   npm run build && nice -n -5 node bench/snapshots.js [--rounds 15] [--config configs/moons.yaml]
 *
 * In one process (so both sides are equally warm), each round trains the config twice, in alternating order:
 *  - with snapshots: the recorder's weight-copy hook runs inside the training loop (timed each call), then
 *    snapshots.json is written (timed): `snapshot_ms` is the sum of both;
 *  - without: the same training with no hook.
 * Reported, as medians over the rounds: snapshot_ms / train_ms of the same run (paired, so that load drift on a
 * shared machine cancels) — the cost — and, as a cross-check, train_ms(with) / train_ms(without) of the two runs
 * of a round (whose noise on a loaded machine is a few %, far above the hook's microseconds).
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { join } from "node:path";
import { loadConfig, resolveExperiment } from "../dist/index.js";
import { snapshotRecorder, writeSnapshots } from "../dist/run/snapshots-file.js";
import { buildExperimentModel } from "../dist/train/model.js";
import { train } from "../dist/train/train.js";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const rounds = Number(arg("--rounds", "15"));
const file = arg("--config", "configs/moons.yaml");
const experiment = resolveExperiment(loadConfig(file));
const { config } = experiment;
const tmp = mkdtempSync(join(os.tmpdir(), "nn-lab-bench-snapshots-"));

async function withSnapshots() {
  const model = buildExperimentModel(experiment);
  const recorder = snapshotRecorder(experiment);
  if (!recorder) throw new Error(`${file}: takes no snapshots (not 2-D classification, or snapshots.count 0)`);
  let hook = 0;
  const onWeights = (epoch, params) => {
    const t0 = performance.now();
    recorder.onWeights(epoch, params);
    hook += performance.now() - t0;
  };
  const result = await train(experiment, { onWeights }, model);
  const t = performance.now();
  writeSnapshots(tmp, experiment, recorder.finish(result.epochs, result.mlp.params));
  return { train: result.train_ms, snapshot: performance.now() - t + hook, hook };
}

async function without() {
  const result = await train(experiment, {}, buildExperimentModel(experiment));
  return { train: result.train_ms };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const on = [];
const off = [];
try {
  await withSnapshots(); // warm-up, not counted
  await without();
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      on.push(await withSnapshots());
      off.push(await without());
    } else {
      off.push(await without());
      on.push(await withSnapshots());
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
const cost = median(on.map((r) => r.snapshot / r.train));
const inLoop = median(on.map((r, i) => r.train / off[i].train));
const fmt = (v) => v.toFixed(1);
console.log(`${file}: ${config.train.epochs} epochs, ${config.snapshots.count} snapshots; ${rounds} interleaved rounds, medians`);
console.log(
  `  snapshot_ms ${fmt(median(on.map((r) => r.snapshot)))} (of which the hook inside training ${median(on.map((r) => r.hook)).toFixed(3)}) = ${(100 * cost).toFixed(2)}% of the same run's train_ms`,
);
console.log(
  `  cross-check: train_ms with ${fmt(median(on.map((r) => r.train)))}, without ${fmt(median(off.map((r) => r.train)))}; paired ratio ${inLoop.toFixed(3)}`,
);
