/** A sweep's ranking: runs grouped by grid point over seeds, mean ± std of a score metric, best first. */
import { InputError } from "../errors.js";
import { betterOf, isScoreMetric, SCORE_METRICS, type ScoreMetric } from "../metrics.js";
import { PASSING_STATUSES } from "../run/baseline.js";
import { stat } from "../run/stats.js";
import type { PlannedRun } from "./grid.js";
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
  /** Mean ± std of the metric over the point's completed runs (NaN when none completed; std 0 for one run: no spread). */
  mean: number;
  std: number;
  /** Runs planned for the point (its seeds, in this shard). */
  seeds: number;
  /** Runs that completed (or stopped early) with a finite value: what the mean is over. */
  completed: number;
  diverged: number;
  interrupted: number;
  /** Runs that failed (an error) or were left to another process. */
  failed: number;
  notStarted: number;
}

/** How far a sweep got: finished runs (completed, stopped early or diverged) of the planned ones, and the rest. */
export interface SweepProgress {
  total: number;
  done: number;
  diverged: number;
  interrupted: number;
  failed: number;
  not_started: number;
  /** True when running the same command again would train more runs. */
  resumable: boolean;
}

/** Runs that finished (completed or stopped early): the ones a point's mean is taken over, as check's gate does. */
const COMPLETED: ReadonlySet<string> = new Set(PASSING_STATUSES);

/**
 * Group the planned runs by grid point (over seeds) and rank the points by the mean of the metric over their
 * completed runs only, best first; a run cut short, diverged, failed or never started is counted, not averaged.
 * Points with no completed run come last, in grid order.
 */
export function rank(planned: PlannedRun[], records: RunRecord[], metric: ScoreMetric): RankedPoint[] {
  const byIndex = new Map(records.map((r) => [r.run.index, r]));
  const groups = new Map<string, RankedPoint & { values: number[] }>();
  for (const run of planned) {
    const key = JSON.stringify(run.point);
    const g = groups.get(key) ?? {
      point: run.point,
      mean: NaN,
      std: NaN,
      seeds: 0,
      completed: 0,
      diverged: 0,
      interrupted: 0,
      failed: 0,
      notStarted: 0,
      values: [],
    };
    g.seeds++;
    const r = byIndex.get(run.index);
    const status = r?.summary?.status;
    const v = r?.summary?.final[metric];
    if (!r) g.notStarted++;
    else if (status && COMPLETED.has(status) && typeof v === "number" && Number.isFinite(v)) {
      g.completed++;
      g.values.push(v);
    } else if (status === "diverged") g.diverged++;
    else if (status === "interrupted") g.interrupted++;
    else g.failed++;
    groups.set(key, g);
  }
  const higherBetter = betterOf(metric) === "higher";
  return [...groups.values()]
    .map(({ values, ...g }) => {
      const { mean, std } = stat(values);
      return { ...g, mean, std };
    })
    .sort((a, b) =>
      Number.isNaN(a.mean) ? (Number.isNaN(b.mean) ? 0 : 1) : Number.isNaN(b.mean) ? -1 : higherBetter ? b.mean - a.mean : a.mean - b.mean,
    );
}

export function progress(ranked: RankedPoint[]): SweepProgress {
  const sum = (f: (p: RankedPoint) => number) => ranked.reduce((a, p) => a + f(p), 0);
  const p = {
    total: sum((g) => g.seeds),
    done: sum((g) => g.completed + g.diverged),
    diverged: sum((g) => g.diverged),
    interrupted: sum((g) => g.interrupted),
    failed: sum((g) => g.failed),
    not_started: sum((g) => g.notStarted),
  };
  // completed runs without a value of the metric (none of the score metrics) count as done too
  p.done = p.total - p.interrupted - p.failed - p.not_started;
  return { ...p, resumable: p.interrupted + p.failed + p.not_started > 0 };
}

/** "17/36 runs done, 2 interrupted, 17 not started — run the same command to resume". */
export function progressText(p: SweepProgress): string {
  const parts = [`${p.done}/${p.total} runs done${p.diverged ? ` (${p.diverged} diverged)` : ""}`];
  if (p.interrupted) parts.push(`${p.interrupted} interrupted`);
  if (p.failed) parts.push(`${p.failed} failed`);
  if (p.not_started) parts.push(`${p.not_started} not started`);
  return parts.join(", ") + (p.resumable ? " — run the same command to resume" : "");
}

/** A point's seeds column: "3/4" with what happened to the others: "1/4 (2 interrupted, 1 not started)". */
export function seedsText(g: RankedPoint): string {
  const rest = [
    g.diverged ? `${g.diverged} diverged` : "",
    g.interrupted ? `${g.interrupted} interrupted` : "",
    g.failed ? `${g.failed} failed` : "",
    g.notStarted ? `${g.notStarted} not started` : "",
  ].filter(Boolean);
  return `${g.completed}/${g.seeds}${rest.length ? ` (${rest.join(", ")})` : ""}`;
}
