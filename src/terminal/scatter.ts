/**
 * The input plane in the terminal: a grid of character cells over a data range (a terminal cell is about twice
 * as tall as it is wide, so a square of data is twice as many columns as rows), a frame with the range at its
 * ends, and the data set drawn as a scatter — one glyph and colour per class, or a ramp for a regression target.
 * The decision-boundary map (boundary.ts) draws its shaded plane on the same grid.
 */
import { shown } from "../files.js";
import { mix, paint, PALETTE, type ColorDepth, type Rgb, type Style } from "./colors.js";
import { flow } from "./table.js";

/** One character cell: a glyph and its style. */
export interface Cell extends Style {
  ch: string;
}

/** The data range a grid covers: x across, y up. */
export interface Bounds {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

export interface Grid {
  bounds: Bounds;
  cols: number;
  rows: number;
}

/** Class glyphs (lowercase; misclassified points are drawn uppercase). */
export const CLASS_GLYPHS = "oxvsdaceuz";
/** Plain background characters of each predicted class, for the boundary map without colour. */
export const CLASS_SHADES = ".:-=~+'\"`^";
/** Low to high, for regression targets without colour. */
export const RAMP = ".:-=+*#%@";

export const classGlyph = (c: number, misclassified = false): string => {
  const g = CLASS_GLYPHS[c % CLASS_GLYPHS.length];
  return misclassified ? g.toUpperCase() : g;
};
export const classColor = (c: number): Rgb => PALETTE[c % PALETTE.length];

/** The range of columns (i, j) of the n×d matrix x, each side padded by `pad` of the span (and never empty). */
export function dataBounds(x: ArrayLike<number>, n: number, d: number, i: number, j: number | ArrayLike<number>, pad = 0.05): Bounds {
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let r = 0; r < n; r++) {
    const a = x[r * d + i];
    const b = typeof j === "number" ? x[r * d + j] : j[r];
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
    [x0, x1, y0, y1] = [Math.min(x0, a), Math.max(x1, a), Math.min(y0, b), Math.max(y1, b)];
  }
  if (x0 > x1) [x0, x1, y0, y1] = [-1, 1, -1, 1];
  const padded = (lo: number, hi: number): [number, number] => {
    const span = hi - lo > 0 ? hi - lo : Math.max(1, Math.abs(lo));
    return hi - lo > 0 ? [lo - span * pad, hi + span * pad] : [lo - span / 2, hi + span / 2];
  };
  [x0, x1] = padded(x0, x1);
  [y0, y1] = padded(y0, y1);
  return { x0, x1, y0, y1 };
}

/** Width of the y labels beside a frame. */
function yLabelWidth(b: Bounds): number {
  return Math.max(axisLabel(b.y0).length, axisLabel(b.y1).length);
}

/**
 * A grid over `bounds` that fits `width` columns (frame and labels included) and at most `maxRows` rows,
 * with the data's aspect ratio kept: a cell stands for twice as much y as x.
 */
export function fitGrid(bounds: Bounds, width: number, maxRows = 24, minRows = 6): Grid {
  const xspan = bounds.x1 - bounds.x0;
  const yspan = bounds.y1 - bounds.y0;
  let cols = Math.max(10, width - yLabelWidth(bounds) - 2);
  let rows = Math.round(((cols * yspan) / xspan) * 0.5);
  if (rows > maxRows) {
    rows = maxRows;
    cols = Math.max(10, Math.min(cols, Math.round(((rows * xspan) / yspan) * 2)));
  }
  return { bounds, cols, rows: Math.max(minRows, rows) };
}

/** The centre of cell (c, r); row 0 is the top (largest y). */
export function cellCentre(g: Grid, c: number, r: number): [number, number] {
  const { x0, x1, y0, y1 } = g.bounds;
  return [x0 + ((c + 0.5) * (x1 - x0)) / g.cols, y1 - ((r + 0.5) * (y1 - y0)) / g.rows];
}

/** The cell [column, row] holding point (x, y), or null outside the grid. */
export function cellAt(g: Grid, x: number, y: number): [number, number] | null {
  const { x0, x1, y0, y1 } = g.bounds;
  const c = Math.floor(((x - x0) / (x1 - x0)) * g.cols);
  const r = Math.floor(((y1 - y) / (y1 - y0)) * g.rows);
  if (!(c >= 0 && c < g.cols && r >= 0 && r < g.rows)) return null;
  return [c, r];
}

export function blankCells(g: Grid): Cell[][] {
  return Array.from({ length: g.rows }, () => Array.from({ length: g.cols }, () => ({ ch: " " })));
}

export function axisLabel(v: number): string {
  const s = Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-2) ? v.toExponential(1) : v.toFixed(2);
  return s === "-0.00" ? "0.00" : s;
}

/**
 * The cells in a frame: y labels at the top and bottom rows, a left axis, a bottom axis, and the x range with the
 * x name under it. `yName` goes above the axis.
 */
export function framed(cells: Cell[][], g: Grid, xName: string, yName: string, depth: ColorDepth): string[] {
  const lw = yLabelWidth(g.bounds);
  const top = axisLabel(g.bounds.y1).padStart(lw);
  const bottom = axisLabel(g.bounds.y0).padStart(lw);
  const lines = [" ".repeat(lw + 1) + yName];
  cells.forEach((row, r) => {
    const label = r === 0 ? top : r === g.rows - 1 ? bottom : " ".repeat(lw);
    lines.push(`${label} │${row.map((cell) => paint(cell.ch, cell, depth)).join("")}`);
  });
  lines.push(" ".repeat(lw + 1) + "└" + "─".repeat(g.cols));
  const left = axisLabel(g.bounds.x0);
  const right = axisLabel(g.bounds.x1);
  const inner = g.cols + 1 - left.length - right.length;
  let mid = " ".repeat(Math.max(1, inner));
  if (inner >= xName.length + 2) {
    const before = Math.floor((inner - xName.length) / 2);
    mid = " ".repeat(before) + xName + " ".repeat(inner - xName.length - before);
  }
  lines.push(" ".repeat(lw + 1) + left + mid + right);
  return lines.map((l) => l.replace(/ +$/, ""));
}

/** A data set as scatter() takes it: inputs row-major n × d and one target per row. */
export interface ScatterData {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  n: number;
  d: number;
  /** Number of classes; 0 for a regression target. */
  classes: number;
  inputNames: readonly string[];
  targetName: string;
}

export interface ScatterOptions {
  width: number;
  depth: ColorDepth;
  maxRows?: number;
}

/**
 * The data set as a scatter: x1 across and x2 up, one glyph and colour per class, or the target as a ramp
 * (classification, or regression on two inputs); a 1-input data set is drawn as target against x1.
 * Where several points share a cell, the most frequent class (or the mean target) is drawn.
 */
export function scatterPlot(ds: ScatterData, opts: ScatterOptions): string {
  const oneInput = ds.d === 1;
  const yOf = (r: number) => (oneInput ? ds.y[r] : ds.x[r * ds.d + 1]);
  const ys = Array.from({ length: ds.n }, (_, r) => yOf(r));
  const bounds = dataBounds(ds.x, ds.n, ds.d, 0, ys);
  const grid = fitGrid(bounds, opts.width, opts.maxRows ?? 24);
  const cells = blankCells(grid);
  const xName = shown(ds.inputNames[0] ?? "x1");
  const yName = shown(oneInput ? ds.targetName : (ds.inputNames[1] ?? "x2"));
  let legend: string[];
  if (ds.classes > 0) {
    drawClasses(cells, grid, ds, ys);
    legend = Array.from(
      { length: ds.classes },
      (_, c) => `${paint(classGlyph(c), { fg: classColor(c), bold: true }, opts.depth)} class ${c}`,
    );
  } else if (oneInput) {
    for (let r = 0; r < ds.n; r++) {
      const at = cellAt(grid, ds.x[r * ds.d], ys[r]);
      if (at) cells[at[1]][at[0]] = { ch: "o", fg: PALETTE[1], bold: true };
    }
    legend = [`${paint("o", { fg: PALETTE[1], bold: true }, opts.depth)} ${ds.targetName} against ${xName}`];
  } else {
    const [lo, hi] = drawRamp(cells, grid, ds, ys);
    legend = [`${ds.targetName}: ${rampLegend(opts.depth)} from ${axisLabel(lo)} to ${axisLabel(hi)}`];
  }
  const title = `${ds.n} points` + (ds.d > 2 ? ` (inputs ${xName}, ${yName} of ${ds.d})` : "");
  return [title, ...framed(cells, grid, xName, yName, opts.depth), ...flow(legend, opts.width)].join("\n");
}

function drawClasses(cells: Cell[][], grid: Grid, ds: ScatterData, ys: number[]): void {
  const counts = new Map<number, number[]>();
  for (let r = 0; r < ds.n; r++) {
    const at = cellAt(grid, ds.x[r * ds.d], ys[r]);
    if (!at) continue;
    const key = at[1] * grid.cols + at[0];
    const k = counts.get(key) ?? new Array<number>(ds.classes).fill(0);
    k[ds.y[r]] += 1;
    counts.set(key, k);
  }
  for (const [key, k] of counts) {
    const c = k.indexOf(Math.max(...k));
    cells[Math.floor(key / grid.cols)][key % grid.cols] = { ch: classGlyph(c), fg: classColor(c), bold: true };
  }
}

/** The target's colour at t ∈ [0, 1]: orange (low) through light grey to blue (high), as Playground shades regression. */
export function rampColor(t: number): Rgb {
  const mid: Rgb = [200, 200, 200];
  return t < 0.5 ? mix(PALETTE[0], mid, t * 2) : mix(mid, PALETTE[1], (t - 0.5) * 2);
}

function rampLegend(depth: ColorDepth): string {
  return [...RAMP].map((ch, i) => paint(ch, { fg: rampColor(i / (RAMP.length - 1)), bold: true }, depth)).join("");
}

/** Mean target per cell as a ramp character (coloured too); returns the target's range. */
function drawRamp(cells: Cell[][], grid: Grid, ds: ScatterData, ys: number[]): [number, number] {
  let [lo, hi] = [Infinity, -Infinity];
  for (let r = 0; r < ds.n; r++) if (Number.isFinite(ds.y[r])) [lo, hi] = [Math.min(lo, ds.y[r]), Math.max(hi, ds.y[r])];
  const sums = new Map<number, [number, number]>();
  for (let r = 0; r < ds.n; r++) {
    const at = cellAt(grid, ds.x[r * ds.d], ys[r]);
    if (!at || !Number.isFinite(ds.y[r])) continue;
    const key = at[1] * grid.cols + at[0];
    const s = sums.get(key) ?? [0, 0];
    sums.set(key, [s[0] + ds.y[r], s[1] + 1]);
  }
  for (const [key, [sum, count]] of sums) {
    const t = hi > lo ? (sum / count - lo) / (hi - lo) : 0.5;
    const ch = RAMP[Math.min(RAMP.length - 1, Math.floor(t * RAMP.length))];
    cells[Math.floor(key / grid.cols)][key % grid.cols] = { ch, fg: rampColor(t), bold: true };
  }
  return [lo, hi];
}
