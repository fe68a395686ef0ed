/**
 * `snapshots.json` in a run folder: the weights at a few epochs (see train/snapshot-recorder.ts), with the plane they are
 * drawn over, so that `nn-lab report` can draw the decision boundary forming — exactly, at any resolution.
 *
 * ```json
 * { "format": "nn-lab.snapshots.v1",
 *   "inputs": ["x1", "x2"], "classes": 2,
 *   "bounds": { "x0": -1.3, "x1": 2.3, "y0": -0.7, "y1": 1.3 },   // the plane: the data's range padded by 5%
 *   "points": { "x": [[0.51, -0.3], ...], "y": [1, ...] },          // the training points (raw inputs, 5 significant digits)
 *   "epochs": [0, 10, 20, ..., 200],
 *   "param_count": 337,
 *   "encoding": "base64 of little-endian float64, param_count per epoch, epochs one after another",
 *   "params": "..." }
 * ```
 * Each epoch's parameters are laid out as `Mlp.params` and torch's `model.parameters()`: W₁ (out×in, row-major),
 * b₁, W₂, b₂, …; the layer shapes and activations are those of config.json (and model.json). In Python:
 * `np.frombuffer(base64.b64decode(s["params"]), "<f8").reshape(len(s["epochs"]), s["param_count"])`.
 * Weights rather than predictions on a grid: they are exact, cost nothing to record (a copy, 21 times), and the
 * report evaluates the grid at the resolution it draws; the same grid in the run would cost 7–15% of train_ms.
 */
import { InputError } from "../errors.js";
import { readInputText } from "../files.js";
import { join } from "node:path";
import type { Experiment } from "../config/resolve.js";
import { planeBounds, SnapshotRecorder, snapshotEpochs, type PlaneBounds, type RecordedWeights } from "../train/snapshot-recorder.js";
import { writeJsonAtomic } from "./run-folder.js";

export const SNAPSHOTS_FORMAT = "nn-lab.snapshots.v1";
export const SNAPSHOTS_FILE = "snapshots.json";

export interface SnapshotsFile {
  format: typeof SNAPSHOTS_FORMAT;
  inputs: [string, string];
  classes: number;
  bounds: PlaneBounds;
  points: { x: [number, number][]; y: number[] };
  epochs: number[];
  param_count: number;
  encoding: string;
  /** base64 of little-endian float64. */
  params: string;
}

/** A recorder for the experiment, or null when it takes no snapshots (not 2-D classification, or count 0). */
export function snapshotRecorder(experiment: Experiment): SnapshotRecorder | null {
  const { config, data } = experiment;
  const { all } = data;
  if (config.snapshots.count === 0 || all.task !== "classification" || all.d !== 2) return null;
  return new SnapshotRecorder(snapshotEpochs(config.train.epochs, config.snapshots.count));
}

/** Write the recorded weights as snapshots.json in the run folder (atomically). */
export function writeSnapshots(runDir: string, experiment: Experiment, weights: RecordedWeights): void {
  const { all, train } = experiment.data;
  const n = train.n;
  const round = (v: number) => Number(v.toPrecision(5));
  const count = weights.params[0]?.length ?? 0;
  const flat = new Float64Array(count * weights.epochs.length);
  weights.params.forEach((p, i) => flat.set(p, i * count));
  const file: SnapshotsFile = {
    format: SNAPSHOTS_FORMAT,
    inputs: [all.inputNames[0] ?? "x1", all.inputNames[1] ?? "x2"],
    classes: all.classes,
    bounds: planeBounds(all.x, all.n),
    points: {
      x: Array.from({ length: n }, (_, i): [number, number] => [round(all.x[2 * i]), round(all.x[2 * i + 1])]),
      y: Array.from(all.y.subarray(0, n)),
    },
    epochs: weights.epochs,
    param_count: count,
    encoding: "base64 of little-endian float64, param_count per epoch, epochs one after another",
    params: littleEndianBytes(flat).toString("base64"),
  };
  writeJsonAtomic(join(runDir, SNAPSHOTS_FILE), file);
}

/** The parameters of each epoch, decoded. */
export function decodeParams(file: SnapshotsFile): Float64Array[] {
  const bytes = Buffer.from(file.params, "base64");
  const n = file.param_count;
  if (bytes.length !== 8 * n * file.epochs.length)
    throw new Error(
      `params holds ${bytes.length} bytes, expected ${8 * n * file.epochs.length} (${file.epochs.length} epochs × ${n} float64)`,
    );
  return file.epochs.map((_, e) => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = bytes.readDoubleLE(8 * (e * n + i));
    return out;
  });
}

function littleEndianBytes(a: Float64Array): Buffer {
  const b = Buffer.alloc(a.length * 8);
  for (let i = 0; i < a.length; i++) b.writeDoubleLE(a[i], 8 * i);
  return b;
}

export function readSnapshots(runDir: string): SnapshotsFile {
  const path = join(runDir, SNAPSHOTS_FILE);
  return JSON.parse(readInputText(path, (why) => new InputError(`${path}: ${why}`))) as SnapshotsFile;
}
