/**
 * A sweep's results read back for gates and baselines: every planned run with its summary (any status) or none,
 * grouped by grid point; and a baseline from a sweep folder or its sweep.csv (mean, std, n per point). What
 * `nn-lab check` gates (a run folder or a sweep folder) and a --baseline of any kind are read here.
 */
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { InputError } from "../errors.js";
import { readInputText, shown } from "../files.js";
import { SCORE_METRICS_BY_KIND as METRICS } from "../metrics.js";
import {
  BASELINE_FORMAT,
  baselineFromRun,
  cellText,
  parseBaseline,
  PASSING_STATUSES,
  requireMetrics,
  statsOf,
  type Baseline,
  type Metric,
  type PointStats,
} from "../run/baseline.js";
import { readJsonFile, readSummary } from "../run/read.js";
import { parseWrittenNumber } from "../data/csv.js";
import type { Summary } from "../run/summary.js";
import { VERSION } from "../version.js";
import { expandGrid, type PlannedRun } from "./grid.js";
import { PLAN_FILE, readPlan, type SweepPlan } from "./sweep.js";

export interface PointRuns {
  point: Record<string, string>;
  runs: { run: PlannedRun; summary: Summary | null }[];
}

export function isSweepFolder(dir: string): boolean {
  return existsSync(join(dir, PLAN_FILE));
}

/**
 * A run's summary.json in a sweep folder whatever its status, or null when there is none (not started). It is read
 * as `check RUN` reads a run folder (run/read.ts readSummary): valid, and its metrics.csv and model.json agreeing
 * with it — a damaged run is an InputError naming the folder and what is wrong, never a gated or baseline value.
 */
function anySummary(dir: string, run: PlannedRun): Summary | null {
  const runDir = join(dir, run.id);
  return existsSync(join(runDir, "summary.json")) ? readSummary(runDir) : null;
}

/** Every planned run of the sweep in `dir`, grouped by grid point in grid order. */
export function readSweepPoints(dir: string): { plan: SweepPlan; axes: string[]; points: PointRuns[] } {
  const plan = readPlan(dir);
  const axes = plan.axes.map((a) => a.key);
  const groups = new Map<string, PointRuns>();
  for (const run of expandGrid(plan.axes, plan.seeds)) {
    const point = Object.fromEntries(axes.map((k) => [k, cellText(run.point[k])]));
    const key = JSON.stringify(axes.map((k) => point[k]));
    const g = groups.get(key) ?? { point, runs: [] };
    g.runs.push({ run, summary: anySummary(dir, run) });
    groups.set(key, g);
  }
  return { plan, axes, points: [...groups.values()] };
}

/** The statistics of each point over the runs whose status is in `use`. */
export function pointStats(points: PointRuns[], use: ReadonlySet<string>): PointStats[] {
  return points.map((p) => ({
    point: p.point,
    metrics: statsOf(p.runs.filter((r) => r.summary && use.has(r.summary.status)).map((r) => r.summary!.final)),
  }));
}

const FINISHED: ReadonlySet<string> = new Set(PASSING_STATUSES);

/** A baseline from a sweep folder: every run must have completed (a half-done or diverged baseline gates nothing honestly). */
export function baselineFromSweepFolder(dir: string): Baseline {
  const { axes, points } = readSweepPoints(dir);
  const unfinished = points.flatMap((p) => p.runs).filter((r) => !r.summary || !FINISHED.has(r.summary.status));
  if (unfinished.length > 0)
    throw new InputError(
      `${dir}: ${unfinished.length} run${unfinished.length === 1 ? "" : "s"} of the baseline sweep did not complete (${unfinished
        .slice(0, 3)
        .map((r) => `${r.run.id}: ${r.summary?.status ?? "not started"}`)
        .join("; ")}${unfinished.length > 3 ? "; …" : ""}); finish the sweep (run the same command) before making a baseline of it`,
    );
  return requireMetrics({
    format: BASELINE_FORMAT,
    kind: "sweep",
    source: dir,
    axes,
    points: pointStats(points, FINISHED),
    version: VERSION,
  });
}

/** A metric cell of a sweep.csv row: empty → NaN (no value), else a number as nn-lab writes it, or an InputError. */
function sweepCell(row: string[], j: number, where: string): number {
  const text = row[j] ?? "";
  const v = text === "" ? NaN : parseWrittenNumber(text);
  if (v === null)
    throw new InputError(
      `${where}: column ${j + 1}: expected a decimal number (or NaN, Infinity as nn-lab writes them), got '${shown(text, 24)}'`,
    );
  return v;
}

/** A baseline from a sweep.csv (index, axis columns…, seed, status, metrics…, epochs, train_ms, run, error). */
export function baselineFromSweepCsv(path: string): Baseline {
  // a regular file under the size cap (a FIFO or /dev/zero given as a baseline is refused, not read forever)
  const text = readInputText(path, (why) => new InputError(`${path}: cannot read the sweep table (${why})`));
  let rows: string[][];
  try {
    rows = parse(text, { skip_empty_lines: true }) as string[][];
  } catch (e) {
    throw new InputError(`${path}: cannot read the sweep table (${shown((e as Error).message.split("\n")[0], 120)})`);
  }
  const header = rows[0] ?? [];
  const seedAt = header.indexOf("seed");
  const statusAt = header.indexOf("status");
  if (header[0] !== "index" || seedAt < 1 || statusAt !== seedAt + 1 || !METRICS.every((m) => header.includes(m)))
    throw new InputError(`${path}: not an nn-lab sweep.csv (expected the columns index, <grid keys>, seed, status, ${METRICS.join(", ")})`);
  const axes = header.slice(1, seedAt);
  const groups = new Map<string, { point: Record<string, string>; finals: Partial<Record<Metric, number>>[] }>();
  rows.slice(1).forEach((r, i) => {
    if (!FINISHED.has(r[statusAt]))
      throw new InputError(
        `${path}:${i + 2}: run ${r[header.indexOf("run")] ?? r[0]} has status '${r[statusAt]}'; a baseline needs every run completed (finish the sweep first)`,
      );
    const point = Object.fromEntries(axes.map((k, j) => [k, r[j + 1]]));
    const key = JSON.stringify(axes.map((k) => point[k]));
    const g = groups.get(key) ?? { point, finals: [] };
    g.finals.push(Object.fromEntries(METRICS.map((m) => [m, sweepCell(r, header.indexOf(m), `${path}:${i + 2}`)])));
    groups.set(key, g);
  });
  return requireMetrics({
    format: BASELINE_FORMAT,
    kind: "sweep",
    source: path,
    axes,
    points: [...groups.values()].map((g) => ({ point: g.point, metrics: statsOf(g.finals) })),
    version: VERSION,
  });
}

/** --baseline: a run folder or summary.json, a sweep folder or its sweep.csv, or a file --write-baseline wrote. */
export function loadBaseline(path: string): Baseline {
  if (existsSync(path) && statSync(path).isDirectory()) {
    if (isSweepFolder(path)) return baselineFromSweepFolder(path);
    return baselineFromRun(readSummary(path), path);
  }
  if (/\.csv$/i.test(path)) return baselineFromSweepCsv(path);
  const raw = readJsonFile<Record<string, unknown>>(path, "the baseline");
  if (raw && typeof raw === "object" && "format" in raw) return parseBaseline(raw, path);
  return baselineFromRun(readSummary(path), path);
}

/** What a gate checks: one run (a sweep of one point and one seed) or a sweep's grid points. */
export interface GateTarget {
  kind: "run" | "sweep";
  axes: string[];
  points: PointRuns[];
}

/** The run folder or sweep folder `nn-lab check` gates, read back. */
export function readGateTarget(dir: string): GateTarget {
  if (isSweepFolder(dir)) {
    const { axes, points } = readSweepPoints(dir);
    return { kind: "sweep", axes, points };
  }
  const summary = readSummary(dir);
  return { kind: "run", axes: [], points: [{ point: {}, runs: [{ run: { index: 0, point: {}, seed: summary.seed, id: dir }, summary }] }] };
}
