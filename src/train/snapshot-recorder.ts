/**
 * Decision-boundary snapshots: the weights at a few epochs of a run (evenly spaced, plus the first and the last),
 * from which a report draws the boundary forming over the plane of the two raw inputs.
 *
 * Recording copies the weights at the planned epochs, in a hook the training loop calls synchronously (so the copy
 * is of that epoch's weights even when rows are evaluated on another thread). Training itself is untouched: same
 * rows, same bytes, with or without. No files here: the run layer writes them (see run/snapshots-file.ts).
 */

/** Where the grid lies: x1 from x0 to x1 (left to right), x2 from y1 down to y0 (top to bottom). */
export interface PlaneBounds {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/**
 * The epochs to snapshot in a run of `epochs` epochs: 0 (the initial weights) and round(k·epochs/count) for
 * k = 1..count, without repeats; the epoch a run actually ends at is added when it is not among them.
 */
export function snapshotEpochs(epochs: number, count: number): number[] {
  const out = new Set<number>([0]);
  if (count > 0) for (let k = 1; k <= count; k++) out.add(Math.round((k * epochs) / count));
  return [...out].sort((a, b) => a - b);
}

/** Bounds of the points (n × 2) padded by 5% of each span on every side (±1 around a single value). */
export function planeBounds(xy: ArrayLike<number>, n: number): PlaneBounds {
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i < n; i++) {
    const a = xy[2 * i];
    const b = xy[2 * i + 1];
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
    [x0, x1, y0, y1] = [Math.min(x0, a), Math.max(x1, a), Math.min(y0, b), Math.max(y1, b)];
  }
  if (x0 > x1) [x0, x1, y0, y1] = [-1, 1, -1, 1];
  const pad = (lo: number, hi: number): [number, number] => (hi > lo ? [lo - 0.05 * (hi - lo), hi + 0.05 * (hi - lo)] : [lo - 1, hi + 1]);
  [x0, x1] = pad(x0, x1);
  [y0, y1] = pad(y0, y1);
  return { x0, x1, y0, y1 };
}

/** The weights at each recorded epoch, flat as `Mlp.params` (W₁, b₁, W₂, b₂, … as torch's parameters()). */
export interface RecordedWeights {
  epochs: number[];
  params: Float64Array[];
}

/**
 * Keeps a copy of the weights at the planned epochs. Copying ~1k numbers 21 times is all it costs during
 * training; the grid is evaluated from these weights later (report/boundary-frames.ts), at any resolution.
 */
export class SnapshotRecorder {
  private readonly planned: Set<number>;
  private readonly weights = new Map<number, Float64Array>();

  constructor(epochs: readonly number[]) {
    this.planned = new Set(epochs);
  }

  /** The training hook: keeps a copy of the weights when `epoch` is planned. */
  readonly onWeights = (epoch: number, params: Float64Array): void => {
    if (this.planned.has(epoch)) this.weights.set(epoch, params.slice());
  };

  /**
   * Everything recorded up to `lastEpoch`, plus `lastEpoch` with `lastParams` (its weights) when it was not planned.
   * (A forced exit ends a run at its last written row, which can be behind the epochs already recorded.)
   */
  finish(lastEpoch: number, lastParams: Float64Array): RecordedWeights {
    if (!this.weights.has(lastEpoch)) this.weights.set(lastEpoch, lastParams.slice());
    const epochs = [...this.weights.keys()].filter((e) => e <= lastEpoch).sort((a, b) => a - b);
    return { epochs, params: epochs.map((e) => this.weights.get(e)!) };
  }
}
