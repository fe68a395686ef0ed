/**
 * `nn-lab report`: one self-contained HTML file for a run, several runs, a comparison or a sweep. The run folders
 * are read through the run layer (run/read.ts: whatever of them can be read; a truncated metrics.csv or a missing
 * summary.json is said, not fatal), gathered into one JSON document (page/data.ts), and written into the page with its script (uPlot and the
 * page's own TypeScript, bundled by esbuild at build time) and styles inline: no network requests.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { deflateRawSync } from "node:zlib";
import { InputError } from "../errors.js";
import type { ResolvedConfig } from "../config/resolve.js";
import { betterOf } from "../metrics.js";
import { writeFileAtomic } from "../run/run-folder.js";
import { readRunFolder } from "../run/read.js";
import { decodeParams, type SnapshotsFile } from "../run/snapshots.js";
import { expandGrid } from "../sweep/grid.js";
import { rank, rankMetric } from "../sweep/rank.js";
import { PLAN_FILE, readPlan, type RunRecord } from "../sweep/sweep.js";
import { boundaryFrames } from "./boundary-frames.js";
import type { BoundaryData, ReportData, RunData, SweepData } from "./page/data.js";
import { VERSION } from "./version.js";

/** Cells per side of the boundary images. */
export const REPORT_GRID = 48;

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
  const runDirs: string[] = [];
  for (const p of paths) {
    if (isRunFolder(p)) runDirs.push(p);
    else {
      const inside = readdirSync(p)
        .sort()
        .map((e) => join(p, e))
        .filter(isRunFolder);
      if (inside.length === 0)
        throw new InputError(`report: ${p}: not a run folder (no config.json or metrics.csv) and holds no run folders`);
      runDirs.push(...inside);
    }
  }
  const runs = runDirs.map((d) => readRun(d, labelOf(d)));
  const kind = runs.length === 1 ? "run" : "comparison";
  const title = kind === "run" ? `nn-lab run ${runs[0].label}` : `nn-lab comparison: ${runs.map((r) => r.label).join(", ")}`;
  return { title, kind, version: VERSION, runs, sweep: null, notes: [] };
}

const isRunFolder = (p: string) => statSync(p).isDirectory() && (existsSync(join(p, "metrics.csv")) || existsSync(join(p, "config.json")));
const labelOf = (dir: string) => resolve(dir).split(/[\\/]/).pop()!;

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
    const data = readRun(runDir, run.id);
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

/** Whatever of a run folder can be read (run/read.ts); what cannot is listed in `missing`. */
export function readRun(dir: string, label: string): RunData {
  const folder = readRunFolder(dir);
  const { config, summary, missing } = folder;
  const run: RunData = {
    label,
    dir: resolve(dir),
    status: summary?.status ?? null,
    divergedAt: summary?.diverged_at?.epoch ?? null,
    seed: summary?.seed ?? config?.seed ?? null,
    version: summary?.version ?? null,
    columns: folder.columns,
    // 6 significant digits are plenty to draw and to read on hover, and halve the report
    rows: folder.rows.map((r) => r.map((v) => (v === null ? null : Number(v.toPrecision(6))))),
    config,
    health: summary?.health ?? [],
    expect: summary?.expect ?? [],
    final: (summary?.final as Record<string, number | null> | undefined) ?? null,
    trainMs: summary?.train_ms ?? null,
    missing,
    boundary: null,
  };
  if (config && folder.snapshots) run.boundary = boundaryData(folder.snapshots, config, missing);
  return run;
}

function boundaryData(file: SnapshotsFile, config: ResolvedConfig, missing: string[]): BoundaryData | null {
  try {
    const frames = boundaryFrames({
      config,
      classes: file.classes,
      bounds: file.bounds,
      points: Float64Array.from(file.points.x.flat()),
      params: decodeParams(file),
      grid: REPORT_GRID,
    });
    const frameBytes = frames[0]?.length ?? 0;
    const all = new Uint8Array(frameBytes * frames.length);
    frames.forEach((f, i) => all.set(f, i * frameBytes));
    quantizeConfidence(all, frameBytes, REPORT_GRID * REPORT_GRID);
    return {
      inputs: file.inputs,
      classes: file.classes,
      bounds: file.bounds,
      grid: REPORT_GRID,
      epochs: file.epochs,
      points: file.points,
      frameBytes,
      frames: deflateRawSync(all).toString("base64"),
    };
  } catch (e) {
    missing.push(`snapshots.json cannot be read (${(e as Error).message}): no decision boundary`);
    return null;
  }
}

/**
 * Confidence to 16 levels (still 0..255): the image is shaded and smoothed, and the frames deflate to about a
 * quarter smaller (a 36-run sweep's report: 2.21 → 1.61 MB).
 */
function quantizeConfidence(frames: Uint8Array, frameBytes: number, cells: number): void {
  for (let o = 0; o < frames.length; o += frameBytes) {
    for (let i = o + cells; i < o + 2 * cells; i++) frames[i] = Math.round(frames[i] / 17) * 17;
  }
}

/** The page's script and styles, built by `npm run build` (scripts/build-page.mjs) next to this module. */
function pageAssets(): { js: string; css: string } {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const dir of [here, resolve(here, "../../dist/report")]) {
    const js = join(dir, "page.js");
    if (existsSync(js)) return { js: readFileSync(js, "utf8"), css: readFileSync(join(dir, "page.css"), "utf8") };
  }
  throw new Error(`the report page's script is not built (no page.js in ${here}); run npm run build`);
}

/** Text for an HTML text node or attribute value. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** JSON safe inside <script>: no '<' (so no </script>, no <!--), and no U+2028/2029. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** The whole page. Inline scripts only; the CSP forbids loading anything from anywhere. */
export function renderReport(data: ReportData): string {
  const { js, css } = pageAssets();
  const safeJs = js.replace(/<\/script/gi, "<\\/script");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:">
<meta name="generator" content="nn-lab ${escapeHtml(VERSION)}">
<title>${escapeHtml(data.title)}</title>
<style>${css}</style>
</head>
<body>
<noscript>This report draws its charts with JavaScript; the data is in the script element below.</noscript>
<div id="app"></div>
<script type="application/json" id="report-data">${scriptJson(data)}</script>
<script>${safeJs}</script>
</body>
</html>
`;
}

/** Gather and write a report (replacing `out`); returns its path. `nn-lab report`, and --report on train/compare/sweep. */
export function writeReport(paths: string[], out: string): string {
  writeFileAtomic(out, renderReport(gatherReport(paths)));
  return out;
}
