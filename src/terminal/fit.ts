/**
 * The result view of regression: what the network learned, next to what it was shown.
 *  - 1-D (`sine`, or a CSV with one input): the training data as dots and the fitted curve ŷ(x) through them.
 *  - 2-D (`plane`-like: two inputs, one output): one panel per input, a 1-D slice of ŷ along it with the other
 *    input held at its median over the training set; the dots are the training points nearest that slice (the
 *    fifth of them with the smallest distance to the median of the other input), and both panels share one y axis.
 */
import { shown } from "../files.js";
import type { Head } from "../engine/losses.js";
import type { Mlp } from "../engine/mlp.js";
import { parseFeature } from "../data/features.js";
import { lineChart } from "./chart.js";
import type { ColorDepth } from "./colors.js";
import { panelWidth, sideBySide } from "./layout.js";
import { flow } from "./table.js";
import { significant } from "../format.js";

/** Columns of the fitted curve before the chart resamples it to its width. */
const CURVE_POINTS = 400;
/** The share of training points a 2-D slice shows: those nearest to it. */
const SLICE_SHARE = 0.2;

export interface FitOptions {
  width: number;
  depth: ColorDepth;
  height?: number;
}

type FitRun = { mlp: Mlp; head: Head };
type FitData = { all: { x: Float64Array; y: Float64Array; d: number; task: string; inputNames: string[] }; train: { n: number } };

/** ŷ (the first output) for n raw input rows of d values each, through the derived features when there are any. */
export function predictRows(run: FitRun, rows: Float64Array, d: number, features: readonly string[] | null): Float64Array {
  const { mlp, head } = run;
  const n = rows.length / d;
  const k = mlp.inputs;
  let xb = rows;
  if (features) {
    const derived = features.map((f) => parseFeature(f, d));
    xb = new Float64Array(n * k);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < k; j++) {
        const f = derived[j];
        if (typeof f !== "function") throw new Error(`feature ${features[j]}: ${f.error}`);
        xb[i * k + j] = f(rows, i * d);
      }
  }
  const z = mlp.forward(mlp.workspace(n), xb, n);
  const out = new Float64Array(n * mlp.outputs);
  head.activate(z, out, n, mlp.outputs);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = out[i * mlp.outputs];
  return y;
}

/** The result view of a regression run (1-D: the fitted curve; 2-D: a slice per input), or null for anything else. */
export function regressionFit(run: FitRun, data: FitData, features: readonly string[] | null, opts: FitOptions): string | null {
  const { all } = data;
  if (all.task !== "regression" || run.mlp.outputs !== 1) return null;
  if (all.d === 1) return curveFit(run, data, features, opts);
  if (all.d === 2) return sliceFit(run, data, features, opts);
  return null;
}

/** 1-D: the train data and the fitted curve on one chart. */
function curveFit(run: FitRun, data: FitData, features: readonly string[] | null, opts: FitOptions): string | null {
  const { all } = data;
  const n = data.train.n;
  const xs = all.x.subarray(0, n);
  const [lo, hi] = extent(xs, 0, 1);
  if (!(hi > lo)) return null;
  const grid = evenly(lo, hi);
  const fitted = predictRows(run, grid, 1, features);
  const name = shown(all.inputNames[0] ?? "x1");
  return lineChart([{ name: "fitted curve", x: grid, y: fitted }], {
    width: opts.width,
    depth: opts.depth,
    height: opts.height ?? 12,
    title: `fit: train data and the network's prediction against ${name}`,
    xLabel: name,
    dots: { name: `train data (${n} points)`, x: xs, y: all.y.subarray(0, n) },
  });
}

/** One slice of a 2-D fit: ŷ along input `axis` with the other input at `at`, and the train points near it. */
interface Slice {
  axis: number;
  at: number;
  grid: Float64Array;
  fitted: Float64Array;
  near: { x: number[]; y: number[]; within: number };
}

/** 2-D: a panel per input, side by side, on one shared y axis. */
function sliceFit(run: FitRun, data: FitData, features: readonly string[] | null, opts: FitOptions): string | null {
  const { all } = data;
  const n = data.train.n;
  const rows = all.x.subarray(0, n * 2);
  const ys = all.y.subarray(0, n);
  const names = [shown(all.inputNames[0] ?? "x1"), shown(all.inputNames[1] ?? "x2")];
  const slices: Slice[] = [];
  for (const axis of [0, 1]) {
    const other = 1 - axis;
    const [lo, hi] = extent(rows, axis, 2);
    if (!(hi > lo)) return null;
    const at = median(rows, other, 2);
    const grid = evenly(lo, hi);
    const input = new Float64Array(CURVE_POINTS * 2);
    for (let i = 0; i < CURVE_POINTS; i++) [input[i * 2 + axis], input[i * 2 + other]] = [grid[i], at];
    slices.push({ axis, at, grid, fitted: predictRows(run, input, 2, features), near: nearSlice(rows, ys, axis, at) });
  }
  let [lo, hi] = [Infinity, -Infinity];
  for (const s of slices) for (const v of [...s.fitted, ...s.near.y]) if (Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  const w = panelWidth(2, opts.width, { min: 34 });
  const panels = slices.map((s) => {
    const [name, otherName] = [names[s.axis], names[1 - s.axis]];
    return lineChart([{ name: "ŷ", x: s.grid, y: s.fitted }], {
      width: w,
      depth: opts.depth,
      height: opts.height ?? 10,
      title: `ŷ against ${name}, ${otherName} = ${short(s.at)}`,
      xLabel: name,
      formatX: short,
      yRange: Number.isFinite(lo) ? [lo, hi] : undefined,
      dots: { name: `${s.near.x.length} near: |${otherName} ${offset(s.at)}| ≤ ${short(s.near.within)}`, x: s.near.x, y: s.near.y },
    });
  });
  const head = flow(["fit: the prediction ŷ along each input,", "the other input held at its median"], opts.width, "", " ");
  return [...head, sideBySide(panels, opts.width)].join("\n");
}

/** The train points whose other input is nearest `at`: the closest SLICE_SHARE of them (at least 10), ties kept. */
function nearSlice(rows: Float64Array, ys: Float64Array, axis: number, at: number): Slice["near"] {
  const n = ys.length;
  const other = 1 - axis;
  const dist = Array.from({ length: n }, (_, i) => Math.abs(rows[i * 2 + other] - at));
  const sorted = [...dist].sort((a, b) => a - b);
  const within = sorted[Math.min(n, Math.max(10, Math.round(n * SLICE_SHARE))) - 1];
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) if (dist[i] <= within) [x[x.length], y[y.length]] = [rows[i * 2 + axis], ys[i]];
  return { x, y, within };
}

/** Smallest and largest finite value of column j of rows with d values each. */
function extent(rows: Float64Array, j: number, d: number): [number, number] {
  let [lo, hi] = [Infinity, -Infinity];
  for (let i = j; i < rows.length; i += d) if (Number.isFinite(rows[i])) [lo, hi] = [Math.min(lo, rows[i]), Math.max(hi, rows[i])];
  return [lo, hi];
}

/** The median of column j (the mean of the two middle values for an even count). */
function median(rows: Float64Array, j: number, d: number): number {
  const v: number[] = [];
  for (let i = j; i < rows.length; i += d) v.push(rows[i]);
  v.sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

const evenly = (lo: number, hi: number) => Float64Array.from({ length: CURVE_POINTS }, (_, i) => lo + ((hi - lo) * i) / (CURVE_POINTS - 1));

/** "− 0.07" or "+ 0.025": x − at, written as one sign. */
const offset = (at: number) => (at < 0 ? `+ ${short(-at)}` : `− ${short(at)}`);

/** Two significant digits, no exponent for everyday values: 0.031, -0.5, 1.2, 120. */
function short(v: number): string {
  return significant(v, 2);
}
