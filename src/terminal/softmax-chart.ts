/**
 * Softmax drawn (`nn-lab plot softmax`, `nn-lab softmax Z... --chart`): softmax maps a vector to a vector, so
 * instead of one f(z) curve there are three pictures of p = softmax(z/T):
 *   - each pᵢ as the first logit sweeps and the others stay fixed (p₁ is a sigmoid of z₁ − log Σ_{j≠1} e^(z_j));
 *   - each pᵢ against the temperature T (log axis): T → 0 picks the largest logit, T → ∞ flattens to 1/K;
 *   - saturation, "one class dominates": as z₁ grows p₁ → 1, and the cross-entropy gradient ∂L/∂z = p − y goes
 *     to 0 when class 1 is the right answer, but stays near 1 in size when it is the wrong one.
 */
import { softmaxRow } from "../engine/losses.js";
import { wrap } from "./activation-card.js";
import { lineChart, type Series } from "./chart.js";
import type { ColorDepth } from "./colors.js";
import { renderTable } from "./table.js";

export interface SoftmaxChartOptions {
  width: number;
  depth: ColorDepth;
  /** The swept logit's range (the first logit runs from `from` to `to`). */
  from: number;
  to: number;
}

const SAMPLES = 241;
const T_DECADES: readonly [number, number] = [-1, 1];

/** p = softmax(z / T), computed by the engine's softmax (max subtracted). */
export function softmaxOf(logits: readonly number[], temperature = 1): number[] {
  const scaled = Float64Array.from(logits, (z) => z / temperature);
  const p = new Float64Array(logits.length);
  softmaxRow(scaled, 0, logits.length, p, 0);
  return Array.from(p);
}

const names = (k: number) => Array.from({ length: k }, (_, i) => `p${i + 1}`);
const withFirst = (logits: readonly number[], z1: number) => [z1, ...logits.slice(1)];

/** Each pᵢ as the first logit sweeps from `from` to `to`, the others fixed. */
export function sweepChart(logits: readonly number[], opts: SoftmaxChartOptions): string {
  const x = Array.from({ length: SAMPLES }, (_, i) => opts.from + ((opts.to - opts.from) * i) / (SAMPLES - 1));
  const ps = x.map((z1) => softmaxOf(withFirst(logits, z1)));
  const series: Series[] = names(logits.length).map((name, i) => ({ name, x, y: ps.map((p) => p[i]) }));
  const fixed = logits
    .slice(1)
    .map((z, i) => `z${i + 2} = ${z}`)
    .join(", ");
  return lineChart(series, {
    width: opts.width,
    depth: opts.depth,
    height: 10,
    yRange: [0, 1],
    title: `p = softmax(z) as z1 sweeps (${fixed} fixed)`,
    xLabel: "z1",
  });
}

/** Each pᵢ against the temperature, on a log axis from T = 0.1 to T = 10. */
export function temperatureChart(logits: readonly number[], opts: SoftmaxChartOptions): string {
  const [a, b] = T_DECADES;
  const x = Array.from({ length: SAMPLES }, (_, i) => a + ((b - a) * i) / (SAMPLES - 1));
  const ps = x.map((lg) => softmaxOf(logits, 10 ** lg));
  const series: Series[] = names(logits.length).map((name, i) => ({ name, x, y: ps.map((p) => p[i]) }));
  return lineChart(series, {
    width: opts.width,
    depth: opts.depth,
    height: 10,
    yRange: [0, 1],
    title: `p = softmax(z / T) for z = ${logits.join(", ")}, against the temperature`,
    xLabel: "T (log scale)",
    formatX: (lg) => String(Number((10 ** lg).toPrecision(2))),
  });
}

/** A gradient component to 3 significant digits (an exponent below 1e-3). */
function g3(v: number): string {
  const a = Math.abs(v);
  if (a !== 0 && a < 1e-3) return v.toExponential(1);
  return v.toPrecision(3);
}

/** "One class dominates": z₁ raised step by step; p, and p − y for y = class 1 (right) and class 2 (wrong). */
export function saturationTable(logits: readonly number[], width: number): string {
  const base = logits[0];
  const steps = [0, 2, 4, 6, 8].map((d) => base + d);
  const vec = (v: number[]) => `[${v.map(g3).join(", ")}]`;
  const rows = steps.map((z1) => {
    const p = softmaxOf(withFirst(logits, z1));
    const minus = (y: number) => p.map((pi, i) => pi - (i === y ? 1 : 0));
    return [String(z1), p[0].toPrecision(4), vec(minus(0)), vec(minus(1))];
  });
  const head =
    "Saturation: one class dominates. Raise z1 and p1 → 1. The cross-entropy gradient with respect to the logits is " +
    "p − y (y one-hot): if class 1 is right, p − y → 0 and nothing is left to learn; if it is wrong (y = class 2), " +
    "the gradient stays near 1 in size, so a confident mistake is corrected at full strength — softmax with " +
    "cross-entropy does not saturate the way a sigmoid output with MSE does (its gradient carries a factor σ′ → 0).";
  const table = renderTable(
    [{ header: "z1" }, { header: "p1" }, { header: "p − y, y = 1", align: "left" }, { header: "p − y, y = 2", align: "left" }],
    rows,
    { indent: 2, gap: 3 },
  );
  return [...wrap(head, width, "", 0), "", table].join("\n");
}

/** The three pictures, one under the other. */
export function softmaxChart(logits: readonly number[], opts: SoftmaxChartOptions): string {
  return [sweepChart(logits, opts), temperatureChart(logits, opts), saturationTable(logits, opts.width)].join("\n\n");
}
