/**
 * The decision boundary at each snapshot of a run, as frames for the HTML report: the model rebuilt from
 * config.json, its weights at each snapshot epoch (snapshots.json), evaluated on a grid over the plane and at the
 * training points — the same forward pass and the same decision as training's evaluation (p > 0.5 for one output,
 * else the arg max), so a point marked misclassified is one the metrics count as wrong.
 */
import { makeActivation } from "../engine/activations.js";
import { makeHead, type Head } from "../engine/losses.js";
import { Mlp } from "../engine/mlp.js";
import { parseFeature, type Feature } from "../data/features.js";
import type { ResolvedConfig } from "../config/resolve.js";
import { outputUnits } from "../config/derived.js";
import type { PlaneBounds } from "../train/snapshot-recorder.js";

/** Byte a cell or point gets where the weights are not finite (a diverged run's last snapshot). */
export const NO_CLASS = 255;

export interface FrameInput {
  config: Pick<ResolvedConfig, "model" | "train" | "data">;
  classes: number;
  bounds: PlaneBounds;
  /** Training points, n × 2 in the raw plane. */
  points: Float64Array;
  /** The weights of each frame, flat as Mlp.params. */
  params: Float64Array[];
  /** Cells per side. */
  grid: number;
}

/**
 * One Uint8Array per frame: grid² bytes of predicted class per cell (row-major, row 0 at the top = largest x2),
 * grid² bytes of confidence (0..255 for 0..1; confidence = (p_max − 1/K)/(1 − 1/K)), then one byte per training point:
 * its predicted class. NO_CLASS (and confidence 0) where the weights give no finite prediction.
 */
export function boundaryFrames(input: FrameInput): Uint8Array[] {
  const { config, classes, grid, points } = input;
  const mlp = new Mlp({
    inputs: config.data.features?.length ?? 2,
    hidden: config.model.layers.map((l) => ({ units: l.units, activation: makeActivation(l.activation) })),
    outputs: outputUnits(config.train.loss, classes),
    bias: config.model.bias,
    residual: config.model.residual,
    norm: config.model.norm,
  });
  const head = makeHead(config.train.loss, config.model.output);
  const features = config.data.features?.map(asFeature) ?? null;
  const cells = grid * grid;
  const n = points.length / 2;
  const plane = cellCentres(input.bounds, grid);
  const conf = new Float64Array(Math.max(cells, n));
  return input.params.map((p) => {
    if (p.length !== mlp.params.length) throw new Error(`a snapshot has ${p.length} parameters, the network ${mlp.params.length}`);
    mlp.params.set(p);
    const frame = new Uint8Array(2 * cells + n);
    predict(mlp, head, classes, features, plane, cells, frame.subarray(0, cells), conf);
    for (let i = 0; i < cells; i++) frame[cells + i] = Math.round(conf[i] * 255);
    predict(mlp, head, classes, features, points, n, frame.subarray(2 * cells), conf);
    return frame;
  });
}

/** Centres of the grid's cells, row-major, row 0 at the top (largest x2). */
export function cellCentres(b: PlaneBounds, grid: number): Float64Array {
  const xy = new Float64Array(grid * grid * 2);
  for (let r = 0; r < grid; r++) {
    for (let c = 0; c < grid; c++) {
      const i = (r * grid + c) * 2;
      xy[i] = b.x0 + ((c + 0.5) * (b.x1 - b.x0)) / grid;
      xy[i + 1] = b.y1 - ((r + 0.5) * (b.y1 - b.y0)) / grid;
    }
  }
  return xy;
}

const CHUNK = 512;

/** Predicted class and confidence of n points of the raw plane (xy: n × 2). */
function predict(
  mlp: Mlp,
  head: Head,
  classes: number,
  features: Feature[] | null,
  xy: Float64Array,
  n: number,
  cls: Uint8Array,
  conf: Float64Array,
): void {
  const d = mlp.inputs;
  const k = mlp.outputs;
  const chunk = Math.min(CHUNK, Math.max(1, n));
  const ws = mlp.workspace(chunk);
  const xb = new Float64Array(chunk * d);
  const probs = new Float64Array(chunk * k);
  const K = Math.max(classes, k, 2);
  for (let start = 0; start < n; start += chunk) {
    const rows = Math.min(chunk, n - start);
    for (let r = 0; r < rows; r++) {
      const o = (start + r) * 2;
      for (let j = 0; j < d; j++) xb[r * d + j] = features ? features[j](xy, o) : xy[o + j];
    }
    const z = mlp.forward(ws, xb.subarray(0, rows * d), rows);
    head.activate(z, probs, rows, k);
    for (let r = 0; r < rows; r++) {
      let best = 0;
      let pmax: number;
      if (k === 1) {
        best = probs[r] > 0.5 ? 1 : 0;
        pmax = best === 1 ? probs[r] : 1 - probs[r];
      } else {
        for (let j = 1; j < k; j++) if (z[r * k + j] > z[r * k + best]) best = j;
        let sum = 0;
        for (let j = 0; j < k; j++) sum += clamp01(probs[r * k + j]);
        pmax = sum > 0 ? clamp01(probs[r * k + best]) / sum : 1 / K;
      }
      const finite = Number.isFinite(pmax) && Number.isFinite(z[r * k]);
      cls[start + r] = finite ? best : NO_CLASS;
      conf[start + r] = finite ? clamp01((pmax - 1 / K) / (1 - 1 / K)) : 0;
    }
  }
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

function asFeature(name: string): Feature {
  const f = parseFeature(name, 2);
  if ("error" in f) throw new Error(`feature ${name}: ${f.error}`);
  return f;
}
