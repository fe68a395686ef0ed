/**
 * What the HTML report carries: the data the page draws, embedded as one JSON document. Shared by the Node side
 * that gathers it (report/sweep-data.ts, report/run-data.ts) and the page's script (report/page/main.ts); plain types, no imports.
 */

export interface ReportData {
  title: string;
  kind: "run" | "comparison" | "sweep";
  /** nn-lab version that wrote the report. */
  version: string;
  runs: RunData[];
  sweep: SweepData | null;
  /** Report-level notes (e.g. runs of a sweep that have no folder yet). */
  notes: string[];
}

export interface RunData {
  label: string;
  dir: string;
  /** summary.json's status, or null when there is no summary (a run that did not finish). */
  status: string | null;
  /** Epoch the run diverged at, or null. */
  divergedAt: number | null;
  seed: number | null;
  version: string | null;
  /** metrics.csv: its header and the rows that could be read whole (empty cells and non-numbers null). */
  columns: string[];
  rows: (number | null)[][];
  config: unknown;
  /** summary.json's health findings. */
  health: { kind: string; layer: number | null; value: number | null; message: string }[];
  /** summary.json's expectations and their verdicts. */
  expect: { metric: string; op: string; threshold: number; value: number | null; pass: boolean }[];
  final: Record<string, number | null> | null;
  trainMs: number | null;
  /** Set when the rows were thinned for drawing (report/thin.ts): metrics.csv's whole rows, and the rows kept. */
  thinned: { rows: number; kept: number } | null;
  /** What could not be read, in words: shown with the run. */
  missing: string[];
  boundary: BoundaryData | null;
}

/** Decision-boundary frames (report/boundary-frames.ts), deflated (raw) and base64-encoded. */
export interface BoundaryData {
  inputs: [string, string];
  classes: number;
  bounds: { x0: number; x1: number; y0: number; y1: number };
  grid: number;
  epochs: number[];
  /** Training points, raw inputs, and their classes. */
  points: { x: [number, number][]; y: number[] };
  frameBytes: number;
  frames: string;
}

export interface SweepData {
  metric: string;
  better: "lower" | "higher";
  axes: { key: string; values: unknown[] }[];
  /** Best first. */
  ranked: { point: Record<string, unknown>; mean: number | null; std: number | null; ok: number; runs: number }[];
  planned: number;
  found: number;
  /** The ranked metric's curve (its metrics.csv column) per grid point, in grid order: mean over the point's runs and min–max band. */
  curve: string;
  groups: GroupCurve[];
}

/** One grid point's curve over its seeds: at each epoch the mean, lowest and highest value of the runs that have one. */
export interface GroupCurve {
  point: Record<string, unknown>;
  /** Runs with rows (the band is over these). */
  n: number;
  x: number[];
  mean: (number | null)[];
  lo: (number | null)[];
  hi: (number | null)[];
}
