/** A sweep's ranking: runs grouped by grid point over seeds, mean ± std of a score metric, best first. */
import { InputError } from "../errors.js";
import { betterOf, isScoreMetric, SCORE_METRICS, type ScoreMetric } from "../metrics.js";
import type { RunRecord } from "./sweep.js";

/** The metric to rank by: --rank (a score metric), else test_loss when any run has one, else train_loss. */
export function rankMetric(records: RunRecord[], requested?: string): ScoreMetric {
  if (requested) {
    if (!isScoreMetric(requested)) throw new InputError(`--rank ${requested}: expected one of ${SCORE_METRICS.join(", ")}`);
    return requested;
  }
  return records.some((r) => r.summary?.final.test_loss !== null && r.summary?.final.test_loss !== undefined) ? "test_loss" : "train_loss";
}

export interface RankedPoint {
  point: Record<string, unknown>;
  mean: number;
  std: number;
  runs: number;
  failed: number;
}

/** Group runs by grid point (over seeds): mean ± std of the metric, best first; failed/diverged runs count as missing values. */
export function rank(records: RunRecord[], metric: ScoreMetric): RankedPoint[] {
  const groups = new Map<string, RankedPoint & { values: number[] }>();
  for (const r of records) {
    const key = JSON.stringify(r.run.point);
    const g = groups.get(key) ?? { point: r.run.point, mean: NaN, std: NaN, runs: 0, failed: 0, values: [] };
    g.runs++;
    const v = r.summary?.final[metric];
    if (typeof v === "number" && Number.isFinite(v) && r.summary!.status !== "diverged") g.values.push(v);
    else g.failed++;
    groups.set(key, g);
  }
  const higherBetter = betterOf(metric) === "higher";
  return [...groups.values()]
    .map(({ values, ...g }) => {
      const mean = values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN;
      const std = values.length > 1 ? Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1)) : 0;
      return { ...g, mean, std };
    })
    .sort((a, b) => (Number.isNaN(a.mean) ? 1 : Number.isNaN(b.mean) ? -1 : higherBetter ? b.mean - a.mean : a.mean - b.mean));
}
