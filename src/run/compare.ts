/**
 * Runs side by side (`nn-lab compare`): per run, the final score metrics, the best (or min and max) of the compared
 * metric with its epoch, and the first epoch it reaches a target; compare.csv (epoch + the metric per run).
 */
import { stringify } from "csv-stringify/sync";
import { didYouMean, InputError } from "../errors.js";
import { betterOf, familyColumns, metricFamily, SCORE_METRICS_BY_KIND, type ScoreMetric } from "../metrics.js";
import type { FlowRun } from "../terminal/gradflow.js";
import type { RunMetrics } from "./read.js";

export interface ComparedRun extends RunMetrics {
  label: string;
}

export interface Extreme {
  value: number;
  epoch: number;
}

export interface ComparisonRow {
  label: string;
  dir: string;
  status: string;
  epochs: number | null;
  final: Record<ScoreMetric, number | null>;
  /** The lowest loss or highest accuracy; null for metrics with no better direction (they get min and max). */
  best: Extreme | null;
  min: Extreme | null;
  max: Extreme | null;
  epochs_to_target: number | null;
}

/** A metric with a better direction has a best; other columns (gradient norms, dead fractions) get min and max. */
export const hasBest = (metric: string): boolean => betterOf(metric) !== null;

/** The comparison sign for --target: ≥ when higher is better, else ≤. */
export const reachesTarget = (metric: string, v: number, target: number): boolean =>
  betterOf(metric) === "higher" ? v >= target : v <= target;

export function comparisonRow(r: ComparedRun, metric: string, target: number | null): ComparisonRow {
  const e = r.header.indexOf("epoch");
  const m = r.header.indexOf(metric);
  const col = (name: string) => {
    const i = r.header.indexOf(name);
    return i < 0 || r.rows.length === 0 ? null : r.rows[r.rows.length - 1][i];
  };
  let min: Extreme | null = null;
  let max: Extreme | null = null;
  let reached: number | null = null;
  for (const row of r.rows) {
    const v = row[m];
    if (v === null || !Number.isFinite(v)) continue;
    if (!min || v < min.value) min = { value: v, epoch: row[e]! };
    if (!max || v > max.value) max = { value: v, epoch: row[e]! };
    if (target !== null && reached === null && reachesTarget(metric, v, target)) reached = row[e];
  }
  const better = betterOf(metric);
  const final = Object.fromEntries(SCORE_METRICS_BY_KIND.map((k) => [k, col(k)])) as Record<ScoreMetric, number | null>;
  return {
    label: r.label,
    dir: r.dir,
    status: r.summary?.status ?? "unfinished",
    epochs: r.rows.length ? r.rows[r.rows.length - 1][e] : 0,
    final,
    best: better === null ? null : better === "higher" ? max : min,
    min,
    max,
    epochs_to_target: reached,
  };
}

/** The metrics.csv columns `--metric` names in a run's header: the column itself, or every layer's of a family. */
export function metricColumns(metric: string, header: readonly string[]): string[] {
  const family = metricFamily(metric);
  if (family) return familyColumns(family, header);
  return header.includes(metric) ? [metric] : [];
}

/** One curve per run and compared column: "label" for one column, "label · layer K" for a family's. */
export interface CurveSpec {
  run: number;
  column: string;
  name: string;
}

export function curves(runs: readonly ComparedRun[], metric: string): CurveSpec[] {
  const family = metricFamily(metric);
  return runs.flatMap((r, run) =>
    metricColumns(metric, r.header).map((column) => ({
      run,
      column,
      name: family ? `${runs.length > 1 ? `${r.label} · ` : ""}layer ${column.slice(family.name.length)}` : r.label,
    })),
  );
}

/** The metric must be a column of at least one run (runs of other depths simply have no curve for grad_norm_layer3). */
export function checkMetric(metric: string, headers: string[][]): void {
  if (headers.some((h) => metricColumns(metric, h).length > 0)) return;
  const all = [...new Set(headers.flat())];
  throw new InputError(`--metric ${metric}: no run has such a metrics.csv column${didYouMean(metric, all)}; columns: ${all.join(", ")}`);
}

/** Run folders with the same base name get -2, -3, … so their curves and compare.csv columns stay apart. */
export function uniqueLabels<T extends { label: string }>(runs: T[]): T[] {
  const seen = new Map<string, number>();
  return runs.map((r) => {
    const n = (seen.get(r.label) ?? 0) + 1;
    seen.set(r.label, n);
    return n === 1 ? r : { ...r, label: `${r.label}-${n}` };
  });
}

/** epoch, then the metric per run (empty where a run has no row for that epoch); a family: a column per run and layer. */
export function compareCsv(runs: ComparedRun[], metric: string): string {
  const specs = metricFamily(metric) ? curves(runs, metric) : runs.map((r, run) => ({ run, column: metric, name: r.label }));
  const byRun = specs.map(({ run, column }) => {
    const r = runs[run];
    const e = r.header.indexOf("epoch");
    const m = r.header.indexOf(column);
    return new Map(r.rows.map((row) => [row[e]!, m < 0 ? null : row[m]]));
  });
  const epochs = [...new Set(byRun.flatMap((m) => [...m.keys()]))].sort((a, b) => a - b);
  const rows = epochs.map((ep) => [
    String(ep),
    ...byRun.map((m) => (m.get(ep) === null || m.get(ep) === undefined ? "" : String(m.get(ep)))),
  ]);
  const names = metricFamily(metric) ? specs.map((c) => `${runs[c.run].label}:${c.column}`) : specs.map((c) => c.name);
  return stringify([["epoch", ...names], ...rows]);
}

/**
 * A run's gradient flow as its metrics.csv holds it: the first epoch with gradient norms (epoch 1, normally) and the
 * last one, each layer's grad_norm_layerK, dead_frac_layerK and sat_frac_layerK.
 */
export function flowRun(r: ComparedRun, activations: readonly string[]): FlowRun {
  const layer = (prefix: string) =>
    r.header.map((h, i) => [h, i] as const).filter(([h]) => h.startsWith(prefix) && /^[1-9]\d*$/.test(h.slice(prefix.length)));
  const grads = layer("grad_norm_layer").map(([, i]) => i);
  const dead = layer("dead_frac_layer").map(([, i]) => i);
  const sat = layer("sat_frac_layer").map(([, i]) => i);
  const e = r.header.indexOf("epoch");
  const trained = r.rows.filter((row) => (row[e] ?? 0) > 0 && grads.some((i) => row[i] !== null));
  const pick = (row: (number | null)[] | undefined) =>
    row && {
      epoch: row[e]!,
      grad_norm_layer: grads.map((i) => row[i]),
      dead_frac_layer: dead.map((i) => row[i]),
      sat_frac_layer: sat.map((i) => row[i]),
    };
  return { label: r.label, first: pick(trained[0]) ?? null, last: pick(trained[trained.length - 1]) ?? null, activations };
}
