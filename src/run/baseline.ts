/**
 * A run against a baseline (`nn-lab check --baseline`): losses may grow to baseline·(1 + t) (or + t), accuracies
 * may drop to baseline·(1 − t) (or − t).
 */
import { InputError } from "../errors.js";
import { betterOf, SCORE_METRICS_BY_KIND, type MetricsRow, type ScoreMetric } from "../metrics.js";

export interface Tolerance {
  relative: boolean;
  amount: number;
}

export function parseTolerance(text: string): Tolerance {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(text);
  if (!m) throw new InputError(`--tolerance ${text}: expected a percentage like 10% or an absolute amount like 0.01`);
  return m[2] ? { relative: true, amount: Number(m[1]) / 100 } : { relative: false, amount: Number(m[1]) };
}

export interface BaselineRow {
  metric: ScoreMetric;
  baseline: number;
  value: number | null;
  limit: number;
  pass: boolean;
}

interface Finals {
  final: Partial<Pick<MetricsRow, ScoreMetric>>;
}

/** One row per score metric the baseline has, losses first. */
export function compareWithBaseline(run: Finals, base: Finals, tol: Tolerance): BaselineRow[] {
  const rows: BaselineRow[] = [];
  for (const metric of SCORE_METRICS_BY_KIND) {
    const b = base.final[metric];
    if (b === null || b === undefined || !Number.isFinite(b)) continue;
    const v = run.final[metric] ?? null;
    const lower = betterOf(metric) === "lower";
    const slack = tol.relative ? Math.abs(b) * tol.amount : tol.amount;
    const limit = lower ? b + slack : b - slack;
    const pass = v !== null && Number.isFinite(v) && (lower ? v <= limit : v >= limit);
    rows.push({ metric, baseline: b, value: v, limit, pass });
  }
  return rows;
}
