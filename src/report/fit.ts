/**
 * The result view of 1-D regression (`sine`, or a CSV with one input): the training data as dots and the
 * fitted curve ŷ(x) through them, on one chart — what the network learned, next to what it was shown.
 */
import type { Head } from "../engine/losses.js";
import type { Mlp } from "../engine/mlp.js";
import { parseFeature } from "../data/features.js";
import { lineChart } from "./chart.js";
import type { ColorDepth } from "./colors.js";

/** Columns of the fitted curve before the chart resamples it to its width. */
const CURVE_POINTS = 400;

export interface FitOptions {
  width: number;
  depth: ColorDepth;
  height?: number;
}

/** ŷ at each of the n inputs x (one raw input; through the derived features when there are any). */
export function predictCurve(run: { mlp: Mlp; head: Head }, x: Float64Array, features: readonly string[] | null): Float64Array {
  const { mlp, head } = run;
  const n = x.length;
  const d = mlp.inputs;
  const derived = features ? features.map((f) => parseFeature(f, 1)) : null;
  const xb = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    if (!derived) xb[i * d] = x[i];
    else
      for (let j = 0; j < d; j++) {
        const f = derived[j];
        if (typeof f !== "function") throw new Error(`feature ${features![j]}: ${f.error}`);
        xb[i * d + j] = f(x, i);
      }
  }
  const z = mlp.forward(mlp.workspace(n), xb, n);
  const out = new Float64Array(n * mlp.outputs);
  head.activate(z, out, n, mlp.outputs);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = out[i * mlp.outputs];
  return y;
}

/** The chart of the data and the fitted curve, or null when the run is not 1-D regression. */
export function regressionFit(
  run: { mlp: Mlp; head: Head },
  data: { all: { x: Float64Array; y: Float64Array; d: number; task: string; inputNames: string[] }; train: { n: number } },
  features: readonly string[] | null,
  opts: FitOptions,
): string | null {
  const { all } = data;
  if (all.task !== "regression" || all.d !== 1 || run.mlp.outputs !== 1) return null;
  const n = data.train.n;
  const xs = all.x.subarray(0, n);
  let [lo, hi] = [Infinity, -Infinity];
  for (const v of xs) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  if (!(hi > lo)) return null;
  const grid = Float64Array.from({ length: CURVE_POINTS }, (_, i) => lo + ((hi - lo) * i) / (CURVE_POINTS - 1));
  const fitted = predictCurve(run, grid, features);
  const name = all.inputNames[0] ?? "x1";
  return lineChart([{ name: "fitted curve", x: grid, y: fitted }], {
    width: opts.width,
    depth: opts.depth,
    height: opts.height ?? 12,
    title: `fit: train data and the network's prediction against ${name}`,
    xLabel: name,
    dots: { name: `train data (${n} points)`, x: xs, y: all.y.subarray(0, n) },
  });
}
