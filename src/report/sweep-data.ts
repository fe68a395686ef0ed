/**
 * The data of an HTML report (report/page/data.ts's ReportData) for the folders `nn-lab report` is given — one
 * sweep folder (gathered here: its plan, its run folders, the ranking) or run and comparison folders (gathered by
 * report/run-data.ts) — and writing the page report/html.ts renders from it. The CLI calls writeReport for
 * `nn-lab report` and for --report on train, compare and sweep.
 */
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../errors.js";
import { betterOf } from "../metrics.js";
import { renderReport } from "./html.js";
import type { GroupCurve, ReportData, RunData, SweepData } from "./page/data.js";
import { VERSION } from "../version.js";
import { readRunFolder, type RunFolder } from "../run/read.js";
import { gatherRuns, labelOf, readRun, ROW_BUDGET, runName, thinningNotes } from "./run-data.js";
import { bucketsFor, thinRows } from "./thin.js";
import { writeOutputFile } from "../run/run-folder.js";
import { expandGrid, type PlannedRun } from "../sweep/grid.js";
import { rank, rankMetric } from "../sweep/rank.js";
import { PLAN_FILE, readPlan, type RunRecord } from "../sweep/sweep.js";

/** The report's data for the given paths: run folders, a comparison's folder (its run folders), or one sweep folder. */
export function gatherReport(paths: string[]): ReportData {
  if (paths.length === 0) throw new InputError("report: expected a run folder, several run folders, a comparison folder or a sweep folder");
  for (const p of paths) {
    if (!existsSync(p)) throw new InputError(`report: ${p}: no such file or folder`);
    if (!statSync(p).isDirectory()) throw new InputError(`report: ${p}: expected a folder (a run, a comparison or a sweep)`);
  }
  const sweeps = paths.filter((p) => existsSync(join(p, PLAN_FILE)));
  if (sweeps.length > 0) {
    if (paths.length > 1) throw new InputError(`report: ${sweeps[0]} is a sweep folder; give it alone`);
    return gatherSweep(paths[0]);
  }
  return gatherRuns(paths);
}

/** Gather and write a report (replacing `out`); returns its path. `nn-lab report`, and --report on train/compare/sweep. */
export function writeReport(paths: string[], out: string): string {
  writeOutputFile(out, renderReport(gatherReport(paths)));
  return out;
}

/** A sweep report draws the decision boundary of one run (the first seed) of at most this many grid points, best first. */
export const SWEEP_BOUNDARIES = 12;

function gatherSweep(dir: string): ReportData {
  const plan = readPlan(dir);
  const planned = expandGrid(plan.axes, plan.seeds);
  const records: RunRecord[] = [];
  const found: { run: PlannedRun; folder: RunFolder }[] = [];
  for (const run of planned) {
    const runDir = join(dir, run.id);
    if (!existsSync(runDir)) {
      records.push({ run, summary: null, error: "not run", skipped: false });
      continue;
    }
    const folder = readRunFolder(runDir);
    found.push({ run, folder });
    records.push({ run, summary: folder.summary, error: null, skipped: false });
  }
  const metric = rankMetric(records);
  // completed runs only are ranked; a run with no folder counts as not started
  const ranked = rank(
    planned,
    records.filter((r) => r.error !== "not run"),
    metric,
  );
  const drawn = boundaryRuns(
    ranked.map((p) => p.point),
    found.map((f) => f.run),
  );
  const buckets = bucketsFor(
    found.reduce((n, f) => n + f.folder.columns.length, 0),
    ROW_BUDGET,
  );
  const runs: RunData[] = found.map(({ run, folder }) =>
    readRun(join(dir, run.id), runName(run.id), { folder, buckets, boundary: drawn.has(run.index) }),
  );
  const sweep: SweepData = {
    metric,
    better: betterOf(metric) ?? "lower",
    axes: plan.axes.map((a) => ({ key: a.key, values: a.values })),
    ranked: ranked.map((p) => ({
      point: p.point,
      mean: Number.isFinite(p.mean) ? p.mean : null,
      std: Number.isFinite(p.std) ? p.std : null,
      ok: p.completed,
      runs: p.seeds,
    })),
    planned: planned.length,
    found: runs.length,
    curve: metric,
    groups: groupCurves(found, metric),
  };
  const notes = [
    ...(runs.length < planned.length ? [`${planned.length - runs.length} of the ${planned.length} planned runs have no folder yet`] : []),
    ...thinningNotes(runs, buckets),
    ...(found.some((f) => f.folder.snapshots) && drawn.size < ranked.length
      ? [`Decision boundaries are drawn for the first seed of the ${drawn.size} best-ranked grid point${drawn.size === 1 ? "" : "s"} only.`]
      : []),
  ];
  return { title: `nn-lab sweep ${labelOf(dir)}`, kind: "sweep", version: VERSION, runs, sweep, notes };
}

/** The runs whose decision boundary the report draws: the first found seed of each of the best SWEEP_BOUNDARIES points. */
function boundaryRuns(best: Record<string, unknown>[], found: PlannedRun[]): Set<number> {
  const drawn = new Set<number>();
  for (const point of best.slice(0, SWEEP_BOUNDARIES)) {
    const key = JSON.stringify(point);
    const first = found.find((r) => JSON.stringify(r.point) === key);
    if (first) drawn.add(first.index);
  }
  return drawn;
}

/** About how many numbers the grid points' curves carry in all (4 per point drawn: x, mean, lowest, highest). */
const GROUP_BUDGET = 200_000;

/**
 * Each grid point's curve of `column` over its runs, from every row (before thinning): at each epoch the mean, the
 * lowest and the highest finite value among the runs that logged it; then thinned for drawing.
 */
export function groupCurves(found: { run: PlannedRun; folder: RunFolder }[], column: string): GroupCurve[] {
  const groups = new Map<string, { point: Record<string, unknown>; n: number; at: Map<number, number[]> }>();
  for (const { run, folder } of found) {
    const key = JSON.stringify(run.point);
    const g = groups.get(key) ?? { point: run.point, n: 0, at: new Map<number, number[]>() };
    groups.set(key, g);
    const c = folder.columns.indexOf(column);
    const e = folder.columns.indexOf("epoch");
    if (c < 0 || e < 0 || folder.rows.length === 0) continue;
    g.n++;
    for (const row of folder.rows) {
      const epoch = row[e];
      const v = row[c];
      if (epoch === null || v === null || !Number.isFinite(v)) continue;
      const list = g.at.get(epoch) ?? [];
      list.push(v);
      g.at.set(epoch, list);
    }
  }
  const buckets = bucketsFor(4 * groups.size, GROUP_BUDGET, 16, 400);
  return [...groups.values()].map((g) => {
    const epochs = [...g.at.keys()].sort((a, b) => a - b);
    const rows = epochs.map((x) => {
      const vs = g.at.get(x)!;
      let sum = 0;
      let lo = Infinity;
      let hi = -Infinity;
      for (const v of vs) {
        sum += v;
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      return [x, sum / vs.length, lo, hi];
    });
    const thin = thinRows(rows, buckets);
    const round = (v: number | null) => (v === null ? null : Number(v.toPrecision(6)));
    return {
      point: g.point,
      n: g.n,
      x: thin.map((r) => r[0]!),
      mean: thin.map((r) => round(r[1])),
      lo: thin.map((r) => round(r[2])),
      hi: thin.map((r) => round(r[3])),
    };
  });
}
