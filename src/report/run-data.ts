/**
 * A run folder as the HTML report shows it (report/page/data.ts's RunData): whatever of it can be read (run/read.ts:
 * a truncated metrics.csv or a missing summary.json is said, not fatal), and its decision-boundary frames drawn
 * from snapshots.json. The report (report/html.ts) only renders what this gathers.
 */
import { existsSync, lstatSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { deflateRawSync } from "node:zlib";
import type { ResolvedConfig } from "../config/resolve.js";
import { InputError } from "../errors.js";
import { boundaryFrames } from "./boundary-frames.js";
import type { BoundaryData, ReportData, RunData } from "./page/data.js";
import { VERSION } from "../version.js";
import { readRunFolder, type RunFolder } from "../run/read.js";
import { bucketsFor, thinRows } from "./thin.js";
import { decodeParams, type SnapshotsFile } from "../run/snapshots-file.js";

/** Cells per side of the boundary images. */
export const REPORT_GRID = 48;

/**
 * The report's data for run folders and comparison folders (each a folder of run folders): one run is a "run"
 * report, several a "comparison".
 */
export function gatherRuns(paths: string[]): ReportData {
  const runDirs: string[] = [];
  const skipped: string[] = [];
  for (const p of paths) {
    if (isRunFolder(p)) runDirs.push(p);
    else {
      const entries = readdirSync(p)
        .sort()
        .map((e) => join(p, e));
      // a link whose target is gone (runs/latest → a deleted run) is left out, with a note on the page
      for (const e of entries) if (isDanglingLink(e)) skipped.push(e);
      const inside = entries.filter((e) => !isDanglingLink(e) && isRunFolder(e));
      if (inside.length === 0)
        throw new InputError(`report: ${p}: not a run folder (no config.json or metrics.csv) and holds no run folders`);
      for (const d of inside) runDirs.push(d);
    }
  }
  const folders = runDirs.map((d) => readRunFolder(d));
  const buckets = bucketsFor(
    folders.reduce((n, f) => n + f.columns.length, 0),
    ROW_BUDGET,
  );
  const runs = runDirs.map((d, i) => readRun(d, labelOf(d), { folder: folders[i], buckets }));
  const kind = runs.length === 1 ? "run" : "comparison";
  const title = kind === "run" ? `nn-lab run ${runs[0].label}` : `nn-lab comparison: ${runs.map((r) => r.label).join(", ")}`;
  const notes = [...thinningNotes(runs, buckets), ...skipped.map((l) => `${l} was left out: a symbolic link whose target is gone`)];
  return { title, kind, version: VERSION, runs, sweep: null, notes };
}

/**
 * About how many numbers of metrics.csv rows a report carries in all (~7 bytes each in the page): every run's
 * curves are thinned (report/thin.ts) to fit, whatever the number of runs and epochs.
 */
export const ROW_BUDGET = 180_000;

/** What the page says it thinned. */
export function thinningNotes(runs: RunData[], buckets: number): string[] {
  const thinned = runs.filter((r) => r.thinned);
  if (thinned.length === 0) return [];
  const most = thinned.reduce((m, r) => Math.max(m, r.thinned!.rows), 0);
  return [
    `Curves thinned for drawing: ${thinned.length} of ${runs.length} run${runs.length === 1 ? "" : "s"} (up to ${most} rows of metrics.csv) are drawn from ${2 * buckets + 2} rows each — the first and last rows, and per column the lowest and highest value of each of ${buckets} stretches of epochs, so spikes keep their height. Tables and rankings use every row.`,
  ];
}

/** A symbolic link whose target does not exist. */
function isDanglingLink(p: string): boolean {
  return lstatSync(p).isSymbolicLink() && !existsSync(p);
}

const isRunFolder = (p: string) => statSync(p).isDirectory() && (existsSync(join(p, "metrics.csv")) || existsSync(join(p, "config.json")));
/** A run's name as the terminal shows it: its folder's name without a sweep or comparison's index ("0003-lr=0.1" → "lr=0.1"). */
export const labelOf = (dir: string) => runName(resolve(dir).split(/[\\/]/).pop()!);
export const runName = (folder: string) => folder.replace(/^\d{4,}-(?=.)/, "");

/** Whatever of a run folder can be read (run/read.ts); what cannot is listed in `missing`. */
export function readRun(dir: string, label: string, opts: { folder?: RunFolder; buckets?: number; boundary?: boolean } = {}): RunData {
  const folder = opts.folder ?? readRunFolder(dir);
  const { config, summary, missing } = folder;
  const rows = opts.buckets ? thinRows(folder.rows, opts.buckets) : folder.rows;
  const run: RunData = {
    label,
    dir: resolve(dir),
    status: summary?.status ?? null,
    divergedAt: summary?.diverged_at?.epoch ?? null,
    seed: summary?.seed ?? config?.seed ?? null,
    version: summary?.version ?? null,
    columns: folder.columns,
    // 6 significant digits are plenty to draw and to read on hover, and halve the report
    rows: rows.map((r) => r.map((v) => (v === null ? null : Number(v.toPrecision(6))))),
    thinned: rows.length < folder.rows.length ? { rows: folder.rows.length, kept: rows.length } : null,
    config,
    health: summary?.health ?? [],
    expect: summary?.expect ?? [],
    final: (summary?.final as Record<string, number | null> | undefined) ?? null,
    trainMs: summary?.train_ms ?? null,
    missing,
    boundary: null,
  };
  if (config && folder.snapshots && opts.boundary !== false) run.boundary = boundaryData(folder.snapshots, config, missing);
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
