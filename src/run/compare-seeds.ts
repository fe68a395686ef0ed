/**
 * A comparison over seeds (`compare … --seeds 1-5`): every variant trained on every seed, so each seed gives one
 * pair of runs that saw the same data and started from the same weights. Per variant: the final metrics as
 * mean ± std (n) over the runs that finished, its mean curve with the min–max over seeds; per pair of variants: on
 * how many seeds one ended below the other, and the mean difference with a paired bootstrap interval.
 */
import { stringify } from "csv-stringify/sync";
import { SCORE_METRICS_BY_KIND, type ScoreMetric } from "../metrics.js";
import { PASSING_STATUSES } from "./baseline.js";
import type { ComparedRun } from "./compare.js";
import { BOOTSTRAP_RESAMPLES, bootstrapMeanInterval, stat, type Stat } from "./stats.js";

/** One variant's runs, one per seed (in the order of --seeds). */
export interface SeededVariant {
  label: string;
  runs: { seed: number; run: ComparedRun }[];
}

export interface VariantStats {
  label: string;
  /** Seeds it was trained on (so far: an interrupted comparison has fewer). */
  seeds: number[];
  /** status → number of runs. */
  statuses: Record<string, number>;
  /** How each seed's run ended (aligned with seeds). */
  status: string[];
  /** Runs that finished (completed or stopped early): what every mean is over. */
  finished: number;
  final: Record<ScoreMetric, Stat | null>;
  /** The compared metric's final value per seed: null where the run did not finish or the value is not finite. */
  values: (number | null)[];
  value: Stat | null;
}

const FINISHED: ReadonlySet<string> = new Set(PASSING_STATUSES);
const finished = (r: ComparedRun) => FINISHED.has(r.summary?.status ?? "");

/** The last row's value of a column (null when the run has no such column or row). */
export function finalValue(r: ComparedRun, column: string): number | null {
  const i = r.header.indexOf(column);
  return i < 0 || r.rows.length === 0 ? null : r.rows[r.rows.length - 1][i];
}

const statOf = (values: (number | null)[]): Stat | null => {
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return finite.length > 0 ? stat(finite) : null;
};

export function variantStats(v: SeededVariant, metric: string): VariantStats {
  const statuses: Record<string, number> = {};
  for (const { run } of v.runs) statuses[run.summary?.status ?? "unfinished"] = (statuses[run.summary?.status ?? "unfinished"] ?? 0) + 1;
  const done = v.runs.filter(({ run }) => finished(run));
  const values = v.runs.map(({ run }) => {
    const x = finished(run) ? finalValue(run, metric) : null;
    return x !== null && Number.isFinite(x) ? x : null;
  });
  return {
    label: v.label,
    seeds: v.runs.map((r) => r.seed),
    status: v.runs.map(({ run }) => run.summary?.status ?? "unfinished"),
    statuses,
    finished: done.length,
    final: Object.fromEntries(SCORE_METRICS_BY_KIND.map((m) => [m, statOf(done.map(({ run }) => finalValue(run, m)))])) as Record<
      ScoreMetric,
      Stat | null
    >,
    values,
    value: statOf(values),
  };
}

/** A paired verdict: `lower` is the variant with the lower mean of the metric over the seeds both finished. */
export interface PairVerdict {
  metric: string;
  lower: string;
  higher: string;
  /** Seeds where both runs finished with a finite value: what the verdict rests on. */
  seeds: number[];
  /** Of those seeds, where lower's value is below, above and equal to higher's. */
  below: number;
  above: number;
  equal: number;
  /** Mean of (lower − higher) over the paired seeds; null without any. */
  mean_difference: number | null;
  /** 95% percentile bootstrap interval of that mean (null for fewer than 2 seeds). */
  interval: [number, number] | null;
  confidence: number;
  resamples: number;
  /** Seeds left out of the pairing, and why ("sigmoid diverged"). */
  left_out: { seed: number; why: string }[];
}

export const CONFIDENCE = 0.95;

/** The paired verdict of two variants trained on the same seeds. */
export function pairVerdict(metric: string, x: VariantStats, y: VariantStats): PairVerdict {
  const seeds: number[] = [];
  const diffs: number[] = [];
  const left_out: PairVerdict["left_out"] = [];
  x.seeds.forEach((seed, i) => {
    const j = y.seeds.indexOf(seed);
    const [a, b] = [x.values[i], j < 0 ? null : y.values[j]];
    if (a !== null && b !== null) {
      seeds.push(seed);
      diffs.push(a - b);
    } else {
      // why: how the run that gives no value ended (a finished run without a finite value: "no value")
      const why = (s: VariantStats, k: number, v: number | null) =>
        v !== null ? null : `${s.label} ${k < 0 ? "not run" : FINISHED.has(s.status[k]) ? "no value" : s.status[k]}`;
      left_out.push({ seed, why: [why(x, i, a), why(y, j, b)].filter(Boolean).join(", ") });
    }
  });
  const mean = diffs.length ? diffs.reduce((s, d) => s + d, 0) / diffs.length : null;
  const flip = mean !== null && mean > 0; // name the lower variant first
  const d = flip ? diffs.map((v) => -v) : diffs;
  const interval = bootstrapMeanInterval(d, CONFIDENCE);
  return {
    metric,
    lower: flip ? y.label : x.label,
    higher: flip ? x.label : y.label,
    seeds,
    below: d.filter((v) => v < 0).length,
    above: d.filter((v) => v > 0).length,
    equal: d.filter((v) => v === 0).length,
    mean_difference: mean === null ? null : flip ? -mean : mean,
    interval,
    confidence: CONFIDENCE,
    resamples: BOOTSTRAP_RESAMPLES,
    left_out,
  };
}

/** Beyond this many variants, each is judged against the one with the best mean only (not every pair). */
export const ALL_PAIRS_UP_TO = 5;

/** Every pair of variants (first against later ones); with more than ALL_PAIRS_UP_TO variants, each against the best. */
export function verdicts(stats: readonly VariantStats[], metric: string, higherBetter: boolean): PairVerdict[] {
  if (stats.length <= ALL_PAIRS_UP_TO) return stats.flatMap((x, i) => stats.slice(i + 1).map((y) => pairVerdict(metric, x, y)));
  const ranked = stats.filter((s) => s.value !== null);
  if (ranked.length === 0) return [];
  const best = ranked.reduce((a, b) => ((higherBetter ? b.value!.mean > a.value!.mean : b.value!.mean < a.value!.mean) ? b : a));
  return stats.filter((s) => s !== best).map((s) => pairVerdict(metric, best, s));
}

/** Per epoch over a variant's runs: mean, sample std, min, max and n of a column (runs without the epoch left out). */
export interface SpreadCurve {
  x: number[];
  mean: number[];
  std: number[];
  min: number[];
  max: number[];
  n: number[];
}

/**
 * The mean curve of a column over the runs that finished (all runs when none did, so a variant that diverged on
 * every seed is still seen to diverge), with its spread; non-finite values make the mean non-finite there.
 */
export function spreadCurve(runs: readonly ComparedRun[], column: string): SpreadCurve {
  const use = runs.some(finished) ? runs.filter(finished) : runs;
  const byEpoch = new Map<number, number[]>();
  for (const r of use) {
    const e = r.header.indexOf("epoch");
    const m = r.header.indexOf(column);
    if (m < 0) continue;
    for (const row of r.rows) if (row[m] !== null) (byEpoch.get(row[e]!) ?? byEpoch.set(row[e]!, []).get(row[e]!)!).push(row[m]!);
  }
  const out: SpreadCurve = { x: [], mean: [], std: [], min: [], max: [], n: [] };
  for (const [epoch, values] of [...byEpoch].sort((a, b) => a[0] - b[0])) {
    const s = stat(values);
    out.x.push(epoch);
    out.mean.push(s.mean);
    out.std.push(s.std);
    out.min.push(values.reduce((a, b) => Math.min(a, b)));
    out.max.push(values.reduce((a, b) => Math.max(a, b)));
    out.n.push(s.n);
  }
  return out;
}

/**
 * compare.csv of a seeded comparison: epoch, then per variant its column on every seed ("relu:seed=1", …) and the
 * aggregates over its finished runs ("relu:mean", ":std", ":min", ":max", ":n"); empty where there is no value.
 */
export function seededCsv(variants: readonly SeededVariant[], metric: string): string {
  const columns: { name: string; at: Map<number, number | null> }[] = [];
  for (const v of variants) {
    for (const { seed, run } of v.runs) {
      const e = run.header.indexOf("epoch");
      const m = run.header.indexOf(metric);
      columns.push({ name: `${v.label}:seed=${seed}`, at: new Map(run.rows.map((row) => [row[e]!, m < 0 ? null : row[m]])) });
    }
    const c = spreadCurve(
      v.runs.map((r) => r.run),
      metric,
    );
    for (const k of ["mean", "std", "min", "max", "n"] as const)
      columns.push({ name: `${v.label}:${k}`, at: new Map(c.x.map((x, i) => [x, k === "std" && c.n[i] < 2 ? null : c[k][i]])) });
  }
  const epochs = [...new Set(columns.flatMap((c) => [...c.at.keys()]))].sort((a, b) => a - b);
  const cell = (v: number | null | undefined) => (v === null || v === undefined ? "" : String(v));
  return stringify([
    ["epoch", ...columns.map((c) => c.name)],
    ...epochs.map((ep) => [String(ep), ...columns.map((c) => cell(c.at.get(ep)))]),
  ]);
}
