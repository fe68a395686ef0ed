/**
 * Whole-set evaluation with the current weights: mean loss, accuracy, confusion matrix, and the hidden-unit
 * diagnostics (dead ReLU units, saturated sigmoid/tanh activations). Runs in fixed-size chunks, so memory
 * does not grow with the data set.
 */
import type { Head } from "../engine/losses.js";
import type { Mlp, Workspace } from "../engine/mlp.js";

export const EVAL_CHUNK = 512;

export interface Targets {
  /** n × width target matrix for the head. */
  y: Float64Array;
  width: number;
  /** Class per row (classification), else null. */
  labels: Float64Array | null;
}

export interface Evaluation {
  loss: number;
  /** null for regression. */
  acc: number | null;
  /** confusion[true][predicted]; null for regression. */
  confusion: number[][] | null;
  /** Per hidden layer: fraction of units that output 0 for every row (ReLU family), else null. */
  deadFrac: (number | null)[];
  /** Per hidden layer: fraction of activations exactly 0, averaged over rows (ReLU family: sparsity), else null. */
  zeroFrac: (number | null)[];
  /** Per hidden layer: fraction of activations whose local derivative < 1% of its maximum (sigmoid/tanh), else null. */
  satFrac: (number | null)[];
}

/** Targets for the head: class index (cross_entropy), 0/1 (bce, 2-class mse), one-hot (mse on K > 2 classes), or values. */
export function makeTargets(y: Float64Array, n: number, head: Head, outputs: number, classes: number): Targets {
  const width = head.targetWidth(outputs);
  if (classes === 0 || width === 1) return { y, width, labels: classes > 0 ? y : null };
  const oneHot = new Float64Array(n * width);
  for (let r = 0; r < n; r++) oneHot[r * width + y[r]] = 1;
  return { y: oneHot, width, labels: y };
}

/** Predicted class of one output row: threshold at 0.5 (p > 0.5 ⇔ z > 0 for sigmoid) or argmax. */
function predict(z: Float64Array, o: number, k: number, sigmoidOut: boolean): number {
  if (k === 1) return (sigmoidOut ? z[o] > 0 : z[o] > 0.5) ? 1 : 0;
  let best = 0;
  for (let j = 1; j < k; j++) if (z[o + j] > z[o + best]) best = j;
  return best;
}

export class Evaluator {
  private readonly alive: Uint8Array[];
  private readonly saturated: Float64Array;
  /** Per hidden layer: activations exactly 0 (ReLU family), summed over rows. */
  private readonly zeros: Float64Array;
  /** Confusion counts, true class × predicted class, flat; reused by every evaluation. */
  private readonly counts: Int32Array;

  constructor(
    private readonly mlp: Mlp,
    private readonly head: Head,
    private readonly ws: Workspace,
    private readonly classes: number,
  ) {
    this.alive = mlp.layers.map((l) => new Uint8Array(l.outDim));
    this.saturated = new Float64Array(mlp.layers.length);
    this.zeros = new Float64Array(mlp.layers.length);
    this.counts = new Int32Array(classes * classes);
  }

  /**
   * The evaluation of n rows. `withGradient` (n ≤ EVAL_CHUNK: one chunk) also leaves dL/dz of the mean loss over
   * those rows in the workspace's outputGrad, as a step on exactly these rows would compute it.
   */
  evaluate(x: Float64Array, targets: Targets, n: number, withDiagnostics: boolean, withGradient = false): Evaluation {
    const { mlp, head, ws } = this;
    const d = mlp.inputs;
    const k = mlp.outputs;
    const hidden = mlp.layers.length - 1;
    const classes = this.classes;
    const counts = this.counts;
    counts.fill(0);
    for (const a of this.alive) a.fill(0);
    this.saturated.fill(0);
    this.zeros.fill(0);
    let lossSum = 0;
    let correct = 0;
    for (let start = 0; start < n; start += EVAL_CHUNK) {
      const rows = Math.min(EVAL_CHUNK, n - start);
      const z = mlp.forward(ws, x.subarray(start * d, (start + rows) * d), rows);
      const y = targets.y.subarray(start * targets.width, (start + rows) * targets.width);
      lossSum += withGradient && rows === n ? head.lossSumAndGradient(z, y, rows, k, ws.outputGrad) : head.lossSum(z, y, rows, k);
      const labels = targets.labels;
      if (labels !== null && classes > 0) {
        const sigmoidOut = head.output === "sigmoid";
        for (let r = 0; r < rows; r++) {
          const truth = labels[start + r] | 0;
          const pred = predict(z, r * k, k, sigmoidOut);
          counts[truth * classes + pred]++;
          if (pred === truth) correct++;
        }
      }
      if (withDiagnostics) this.diagnose(rows, hidden);
    }
    const deadFrac: (number | null)[] = [];
    const satFrac: (number | null)[] = [];
    const zeroFrac: (number | null)[] = [];
    for (let l = 0; l < hidden; l++) {
      const layer = mlp.layers[l];
      const family = layer.activation!.family;
      deadFrac.push(withDiagnostics && family === "relu" ? countZeros(this.alive[l]) / layer.outDim : null);
      zeroFrac.push(withDiagnostics && family === "relu" ? this.zeros[l] / (n * layer.outDim) : null);
      satFrac.push(withDiagnostics && family === "saturating" ? this.saturated[l] / (n * layer.outDim) : null);
    }
    return {
      loss: lossSum / head.count(n, k),
      acc: targets.labels ? correct / n : null,
      confusion: classes > 0 ? confusionMatrix(counts, classes) : null,
      deadFrac,
      zeroFrac,
      satFrac,
    };
  }

  private diagnose(rows: number, hidden: number): void {
    for (let l = 0; l < hidden; l++) {
      const layer = this.mlp.layers[l];
      const act = layer.activation!;
      const a = this.ws.a[l];
      const units = layer.outDim;
      if (act.family === "relu") {
        let zeros = 0;
        const total = rows * units;
        for (let i = 0; i < total; i++) if (a[i] === 0) zeros++;
        this.zeros[l] += zeros;
        const alive = this.alive[l];
        // unit by unit, stopping at its first non-zero output: a live unit costs a few reads, a dead one a column
        for (let u = 0; u < units; u++) {
          if (alive[u] === 1) continue;
          for (let r = 0; r < rows; r++) {
            if (a[r * units + u] !== 0) {
              alive[u] = 1;
              break;
            }
          }
        }
      } else if (act.countSaturated) {
        this.saturated[l] += act.countSaturated(a, rows * units);
      }
    }
  }
}

/** The flat counts as rows of the matrix (plain loops: this runs every epoch, and closures per row cost more than the copy). */
function confusionMatrix(counts: Int32Array, classes: number): number[][] {
  const m: number[][] = new Array<number[]>(classes);
  for (let t = 0; t < classes; t++) {
    const row: number[] = new Array<number>(classes);
    for (let p = 0; p < classes; p++) row[p] = counts[t * classes + p];
    m[t] = row;
  }
  return m;
}

function countZeros(a: Uint8Array): number {
  let c = 0;
  for (const v of a) if (v === 0) c++;
  return c;
}
