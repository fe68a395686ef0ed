/**
 * Regression gates: the statistics of a run or of a sweep's grid points (mean, std, n over seeds), baselines
 * made from them, tolerances (relative `10%`, absolute `0.01`, statistical `3se`) and the verdict per point and
 * metric. A single run is a sweep of one grid point and one seed. No printing, no exit codes.
 */
import { InputError } from "../errors.js";
import { betterOf, EXPECT_METRICS, expectationValues, SCORE_METRICS_BY_KIND, type ScoreMetric } from "../metrics.js";
import { VERSION } from "../version.js";
import type { Summary } from "./summary.js";
import { stat, type Stat } from "./stats.js";

/** The metrics a gate compares: the score metrics (losses, accuracies), losses first. */
export type Metric = ScoreMetric;
const METRICS = SCORE_METRICS_BY_KIND;
export const BASELINE_FORMAT = "nn-lab.baseline.v1";
/** A run with one of these statuses may pass a gate; the others fail it unless allowed (--allow). */
export const PASSING_STATUSES = ["completed", "stopped_early"] as const;
export const ALLOWABLE_STATUSES = ["interrupted", "diverged"] as const;

export interface PointStats {
  /** axis key → the value as sweep.csv writes it (the same text for a baseline read back from a file). */
  point: Record<string, string>;
  metrics: Partial<Record<Metric, Stat>>;
}

export interface Baseline {
  format: typeof BASELINE_FORMAT;
  kind: "run" | "sweep";
  /** Where it was made from. */
  source: string;
  axes: string[];
  points: PointStats[];
  version: string;
}

/** A grid value as one sweep.csv cell: 0.01, relu, [8,8], {"name":"adam"}. */
export function cellText(v: unknown): string {
  return v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v);
}

/** Per metric, the statistics over the finite final values of the given runs' metrics. */
export function statsOf(finals: Partial<Record<Metric, number | null | undefined>>[]): Partial<Record<Metric, Stat>> {
  const out: Partial<Record<Metric, Stat>> = {};
  for (const m of METRICS) {
    const values = finals.map((f) => f[m]).filter((v): v is number => typeof v === "number" && Number.isFinite(v));
    if (values.length > 0) out[m] = stat(values);
  }
  return out;
}

export function pointKey(axes: string[], point: Record<string, string>): string {
  return JSON.stringify(axes.map((k) => point[k] ?? ""));
}

export type Tolerance = { kind: "relative"; amount: number } | { kind: "absolute"; amount: number } | { kind: "se"; k: number };

/** `10%` (relative to the baseline), `0.01` (absolute), `3se` (standard errors of the difference, Welch). */
export function parseTolerance(text: string): Tolerance {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(%|se)?\s*$/i.exec(text);
  if (!m)
    throw new InputError(`--tolerance ${text}: expected a percentage like 10%, an absolute amount like 0.01, or standard errors like 3se`);
  const v = Number(m[1]);
  const unit = (m[2] ?? "").toLowerCase();
  if (unit === "se") {
    if (v <= 0) throw new InputError(`--tolerance ${text}: the number of standard errors must be > 0`);
    return { kind: "se", k: v };
  }
  return unit === "%" ? { kind: "relative", amount: v / 100 } : { kind: "absolute", amount: v };
}

export interface GateRow {
  point: Record<string, string>;
  metric: Metric;
  baseline: Stat;
  now: Stat | null;
  /** now.mean − baseline.mean (null when there is no current value). */
  delta: number | null;
  /** The worst mean that still passes. */
  limit: number;
  /** Welch standard error of the difference of the means (statistical tolerances only). */
  se: number | null;
  pass: boolean;
  note: string;
}

/**
 * Compare each baseline point's metrics with the same point now. A metric fails when its mean moved in the bad
 * direction (up for a loss, down for an accuracy) by more than the tolerance: |base|·t, t, or k·√(s₁²/n₁ + s₂²/n₂).
 * A baseline point missing now fails; a point now without a baseline is not gated (the caller lists it).
 */
export function gate(base: Baseline, nowAxes: string[], now: PointStats[], tol: Tolerance, metrics?: readonly Metric[]): GateRow[] {
  if (JSON.stringify([...base.axes].sort()) !== JSON.stringify([...nowAxes].sort()))
    throw new InputError(
      `the baseline ${base.source} has grid axes [${base.axes.join(", ")}], this ${nowAxes.length ? "sweep" : "run"} [${nowAxes.join(", ")}]: make a baseline from the same grid`,
    );
  const byKey = new Map(now.map((p) => [pointKey(base.axes, p.point), p]));
  const rows: GateRow[] = [];
  for (const b of base.points) {
    const cur = byKey.get(pointKey(base.axes, b.point));
    for (const metric of METRICS) {
      if (metrics && !metrics.includes(metric)) continue;
      const bs = b.metrics[metric];
      if (!bs || !Number.isFinite(bs.mean)) continue;
      rows.push(compareStat(b.point, metric, bs, cur?.metrics[metric] ?? null, tol, base.source));
    }
  }
  return rows;
}

function compareStat(point: Record<string, string>, metric: Metric, b: Stat, s: Stat | null, tol: Tolerance, source: string): GateRow {
  const sign = betterOf(metric) === "higher" ? -1 : 1; // +1: larger is worse
  let slack: number;
  let se: number | null = null;
  if (tol.kind === "se") {
    const pointText = Object.entries(point)
      .map(([k, v]) => `${k}=${v}`)
      .join(", ");
    const where = pointText ? ` at ${pointText}` : "";
    if (b.n < 2)
      throw new InputError(
        `--tolerance ${tol.k}se: the baseline ${source} has ${b.n} seed${b.n === 1 ? "" : "s"}${where}; a statistical tolerance needs >= 2 per point (make the baseline from a sweep with --seeds, or use a relative tolerance like 10%)`,
      );
    if (s && s.n < 2)
      throw new InputError(
        `--tolerance ${tol.k}se: ${s.n} completed seed${s.n === 1 ? "" : "s"}${where} in the run checked; a statistical tolerance needs >= 2 per point (sweep with --seeds, or use a relative tolerance like 10%)`,
      );
    se = s ? Math.sqrt((b.std * b.std) / b.n + (s.std * s.std) / s.n) : null;
    slack = se === null ? 0 : tol.k * se;
  } else slack = tol.kind === "relative" ? Math.abs(b.mean) * tol.amount : tol.amount;
  const limit = b.mean + sign * slack;
  if (!s || !Number.isFinite(s.mean))
    return { point, metric, baseline: b, now: s, delta: null, limit, se, pass: false, note: "no completed run to compare" };
  const delta = s.mean - b.mean;
  const pass = sign * delta <= slack;
  return { point, metric, baseline: b, now: s, delta, limit, se, pass, note: "" };
}

/** Validate a parsed baseline file (nn-lab.baseline.v1). */
export function parseBaseline(raw: unknown, source: string): Baseline {
  const bad = (what: string) =>
    new InputError(`${source}: not an nn-lab baseline (${what}); make one with nn-lab check RUN --write-baseline FILE`);
  if (!raw || typeof raw !== "object") throw bad("not a JSON object");
  const b = raw as Partial<Baseline>;
  if (b.format !== BASELINE_FORMAT) throw bad(`format is not ${BASELINE_FORMAT}`);
  if (!Array.isArray(b.axes) || !b.axes.every((a) => typeof a === "string")) throw bad("axes: expected a list of key paths");
  if (!Array.isArray(b.points)) throw bad("points: expected a list");
  const points = b.points.map((p, i) => {
    if (!p || typeof p !== "object" || !p.point || typeof p.point !== "object" || !p.metrics || typeof p.metrics !== "object")
      throw bad(`points[${i}]: expected {point, metrics}`);
    const metrics: Partial<Record<Metric, Stat>> = {};
    for (const [m, st] of Object.entries(p.metrics)) {
      if (!(METRICS as readonly string[]).includes(m)) throw bad(`points[${i}].metrics: unknown metric '${m}'`);
      const { mean, std, n } = (st ?? {}) as Partial<Stat>;
      if (typeof mean !== "number" || typeof std !== "number" || !Number.isInteger(n) || (n as number) < 1 || std < 0)
        throw bad(`points[${i}].metrics.${m}: expected {mean, std >= 0, n >= 1}`);
      metrics[m as Metric] = { mean, std, n: n as number };
    }
    return { point: Object.fromEntries(Object.entries(p.point).map(([k, v]) => [k, String(v)])), metrics };
  });
  return requireMetrics({
    format: BASELINE_FORMAT,
    kind: b.kind === "sweep" ? "sweep" : "run",
    source,
    axes: b.axes,
    points,
    version: String(b.version ?? ""),
  });
}

/** A baseline with no finite metric anywhere would pass every run: refuse it. */
export function requireMetrics(b: Baseline): Baseline {
  if (!b.points.some((p) => Object.values(p.metrics).some((s) => s && Number.isFinite(s.mean))))
    throw new InputError(
      `${b.source}: the baseline holds no final metrics to compare with, so every run would pass; make it from a completed run or sweep`,
    );
  return b;
}

/** A single run's summary as a baseline: only a run that completed (or stopped early) is one. */
export function baselineFromRun(s: Summary, source: string): Baseline {
  if (!(PASSING_STATUSES as readonly string[]).includes(s.status))
    throw new InputError(
      `${source}: the baseline run's status is '${s.status}'; a baseline must be a run that completed (or stopped early)`,
    );
  return requireMetrics({
    format: BASELINE_FORMAT,
    kind: "run",
    source,
    axes: [],
    points: [{ point: {}, metrics: statsOf([s.final]) }],
    version: s.version ?? VERSION,
  });
}

/**
 * The values an expectation can name (metrics.ts expectationValues) over several runs: each one's mean, or null
 * unless every run has it.
 */
export function meanExpectationValues(summaries: Summary[]): Record<string, number | null> {
  const each = summaries.map(expectationValues);
  const values: Record<string, number | null> = {};
  for (const name of EXPECT_METRICS) {
    const xs = each.map((v) => v[name]);
    const finite = xs.filter((x): x is number => typeof x === "number" && Number.isFinite(x));
    values[name] = finite.length === xs.length && finite.length > 0 ? stat(finite).mean : null;
  }
  return values;
}
