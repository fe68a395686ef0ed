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
import type { ReportData, RunData, SweepData } from "./page/data.js";
import { VERSION } from "../version.js";
import { readRunFolder } from "../run/read.js";
import { gatherRuns, labelOf, readRun, runName } from "./run-data.js";
import { writeFileAtomic } from "../run/run-folder.js";
import { expandGrid } from "../sweep/grid.js";
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
  writeFileAtomic(out, renderReport(gatherReport(paths)));
  return out;
}

function gatherSweep(dir: string): ReportData {
  const plan = readPlan(dir);
  const planned = expandGrid(plan.axes, plan.seeds);
  const records: RunRecord[] = [];
  const runs: RunData[] = [];
  for (const run of planned) {
    const runDir = join(dir, run.id);
    if (!existsSync(runDir)) {
      records.push({ run, summary: null, error: "not run", skipped: false });
      continue;
    }
    const data = readRun(runDir, runName(run.id));
    runs.push(data);
    records.push({ run, summary: readRunFolder(runDir).summary, error: null, skipped: false });
  }
  const metric = rankMetric(records);
  const sweep: SweepData = {
    metric,
    better: betterOf(metric) ?? "lower",
    axes: plan.axes.map((a) => ({ key: a.key, values: a.values })),
    // completed runs only are ranked; a run with no folder counts as not started
    ranked: rank(
      planned,
      records.filter((r) => r.error !== "not run"),
      metric,
    ).map((p) => ({
      point: p.point,
      mean: Number.isFinite(p.mean) ? p.mean : null,
      std: Number.isFinite(p.std) ? p.std : null,
      ok: p.completed,
      runs: p.seeds,
    })),
    planned: planned.length,
    found: runs.length,
  };
  const notes =
    runs.length < planned.length ? [`${planned.length - runs.length} of the ${planned.length} planned runs have no folder yet`] : [];
  return { title: `nn-lab sweep ${labelOf(dir)}`, kind: "sweep", version: VERSION, runs, sweep, notes };
}
