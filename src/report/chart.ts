/**
 * Line charts for the terminal, drawn by asciichart and fitted to a width: every series is resampled to the
 * columns there are (linear interpolation in x, so 5000 epochs fit in 70 columns and 10 epochs fill them),
 * with a y axis of tick labels, an x axis line and a legend. With colour each series has its colour; without,
 * each has its own line style (light ─, heavy ━, double ═, dashed ┄) so overlapping curves stay apart.
 */
import * as asciichart from "asciichart";
import { paint, SERIES_COLORS, type ColorDepth } from "./colors.js";
import { flow } from "./table.js";

export interface Series {
  name: string;
  /** Increasing x values. */
  x: ArrayLike<number>;
  y: ArrayLike<number>;
}

export interface ChartOptions {
  /** Columns available; no line of the chart is longer. */
  width: number;
  /** Rows of the plot area, roughly (asciichart rounds); default 12. */
  height?: number;
  /** Plot log10(y); values ≤ 0 are drawn at the smallest positive value. */
  logY?: boolean;
  depth: ColorDepth;
  title?: string;
  /** Name of the x axis, printed between its end labels. */
  xLabel?: string;
  /** How the x axis end labels are written; default: as integers when whole, else 2 decimals. */
  formatX?: (x: number) => string;
}

/** asciichart's symbols, and the line styles that replace them per series when there is no colour. */
const LIGHT = "┼┤╶╴─╰╭╮╯│";
const STYLES = [LIGHT, "╋┫╺╸━┗┏┓┛┃", "╬╣╞╡═╚╔╗╝║", "┼┤╶╴┄╰╭╮╯┆"];
const SERIES_MARK = 0xe000; // private-use code points tag the cells each series drew

/** The legend swatch of series i: "──" in its colour, or in its line style without colour. */
export function swatch(i: number, depth: ColorDepth): string {
  if (depth === 1) return STYLES[i % STYLES.length][4].repeat(2);
  return paint("──", { fg: SERIES_COLORS[i % SERIES_COLORS.length] }, depth);
}

/** A chart of the series as one string (lines joined by \n, no trailing newline); "" when there is nothing to draw. */
export function lineChart(series: readonly Series[], opts: ChartOptions): string {
  const clean = series.map((s, index) => ({ ...finitePrefix(s, opts.logY ?? false), index })).filter((s) => s.x.length > 0);
  if (clean.length === 0) return "";
  let [x0, x1] = [Infinity, -Infinity];
  let [lo, hi] = [Infinity, -Infinity];
  for (const s of clean) {
    x0 = Math.min(x0, s.x[0]);
    x1 = Math.max(x1, s.x[s.x.length - 1]);
    for (const v of s.y) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  }
  [lo, hi] = widen(lo, hi);
  const height = Math.max(2, opts.height ?? 12);
  const rowLabels = rowValues(lo, hi, height);
  const step = (hi - lo) / Math.max(1, rowLabels.length - 1);
  const label = (v: number) => tickLabel(v, step, opts.logY ?? false);
  const labels = rowLabels.map(label);
  // asciichart draws its axis over a label narrower than 3 characters
  const labelWidth = Math.max(3, ...labels.map((l) => l.length));
  // asciichart lays out: label, space, axis, then one column per point after the first.
  const points = Math.max(2, opts.width - labelWidth - 1);
  const resampled = clean.map((s) => resample(s, x0, x1, points));
  const raw = asciichart.plot(resampled, {
    min: lo,
    max: hi,
    height,
    colors: resampled.map((_, i) => String.fromCharCode(SERIES_MARK + i)),
    format: (v) => label(v).padStart(labelWidth),
  });
  const axisCol = labelWidth + 1;
  const zeroRow = opts.logY || lo > 0 || hi < 0 ? -1 : Math.round((hi / (hi - lo)) * (raw.split("\n").length - 1));
  const body = raw.split("\n").map((line, r) => styleLine(line, axisCol, r === zeroRow, clean, opts.depth));
  const out: string[] = [];
  if (opts.title) out.push(opts.title + (opts.logY ? " (log scale)" : ""));
  out.push(...body);
  out.push(xAxis(x0, x1, axisCol, points, opts));
  out.push(...legend(clean, opts));
  return out.map((l) => l.replace(/ +$/, "")).join("\n");
}

/** The series up to its first non-finite point (a diverged run's curve ends there); y as log10 y with logY. */
function finitePrefix(s: Series, logY: boolean): { name: string; x: number[]; y: number[] } {
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < s.x.length; i++) {
    const v = s.y[i];
    if (!Number.isFinite(s.x[i]) || !Number.isFinite(v)) break;
    x.push(s.x[i]);
    y.push(logY ? Math.log10(Math.max(v, 1e-300)) : v);
  }
  if (logY && y.length > 0) {
    // Exact zeros (a perfect fit) sit at the floor of the positive values rather than at 1e-300.
    let floor = Infinity;
    for (const v of y) if (v > -300 && v < floor) floor = v;
    for (let i = 0; i < y.length; i++) if (y[i] <= -300) y[i] = Number.isFinite(floor) ? floor : 0;
  }
  return { name: s.name, x, y };
}

/** A y range with some height even when every value is the same. */
function widen(lo: number, hi: number): [number, number] {
  if (hi - lo > 1e-12 * Math.max(1, Math.abs(hi))) return [lo, hi];
  const pad = Math.abs(hi) > 0 ? Math.abs(hi) * 0.1 : 1;
  return [lo - pad, hi + pad];
}

/** The value of each row label, top to bottom, as asciichart computes them. */
function rowValues(lo: number, hi: number, height: number): number[] {
  const ratio = height / (hi - lo);
  const rows = Math.abs(Math.round(hi * ratio) - Math.round(lo * ratio));
  return Array.from({ length: rows + 1 }, (_, r) => (rows > 0 ? hi - (r * (hi - lo)) / rows : hi));
}

/** A y tick label with just enough digits to tell neighbouring rows apart. */
export function tickLabel(v: number, step: number, logY: boolean): string {
  if (logY) {
    const value = 10 ** v;
    const digits = step > 0.3 ? 2 : 3;
    return value >= 1e5 || value < 1e-3 ? value.toExponential(digits - 1) : value.toPrecision(digits);
  }
  const a = Math.abs(v);
  if (a >= 1e5 || (a !== 0 && a < 1e-3 && step < 1e-3)) return v.toExponential(2);
  const s = v.toFixed(stepDecimals(step));
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

/** The fewest decimals (up to 6) that write the row step within 5%: 0.05 → 2, 0.25 → 2, 2 → 0, 1/3 → 2. */
function stepDecimals(step: number): number {
  for (let d = 0; d < 6; d++) {
    const v = step * 10 ** d;
    if (v >= 1 && Math.abs(Math.round(v) - v) / v < 0.05) return d;
  }
  return 6;
}

/** `points` values at evenly spaced x from x0 to x1, linearly interpolated; the series ends where its data ends. */
export function resample(s: { x: readonly number[]; y: readonly number[] }, x0: number, x1: number, points: number): number[] {
  const out: number[] = [];
  const last = s.x[s.x.length - 1];
  let j = 0;
  for (let c = 0; c < points; c++) {
    const x = x1 === x0 ? x0 : x0 + (c * (x1 - x0)) / (points - 1);
    if (x > last + 1e-9 * Math.max(1, Math.abs(last))) break;
    while (j + 1 < s.x.length && s.x[j + 1] < x) j++;
    if (j + 1 >= s.x.length || s.x[j] >= x) {
      out.push(s.y[Math.min(j, s.x.length - 1)]);
    } else {
      const t = (x - s.x[j]) / (s.x[j + 1] - s.x[j]);
      out.push(s.y[j] + t * (s.y[j + 1] - s.y[j]));
    }
  }
  if (out.length === 0) out.push(s.y[0]);
  return out;
}

/** One asciichart line, its series-tagged cells restyled: a colour per series, or a line style per series without colour. */
function styleLine(line: string, axisCol: number, zeroRow: boolean, clean: readonly { index: number }[], depth: ColorDepth): string {
  const chars = [...line.replace(/\x1b\[0m/g, "")]; // eslint-disable-line no-control-regex
  let out = "";
  let col = 0;
  for (let i = 0; i < chars.length; i++) {
    const code = chars[i].codePointAt(0)!;
    if (code >= SERIES_MARK && code < SERIES_MARK + clean.length) {
      const s = clean[code - SERIES_MARK].index;
      const symbol = chars[++i];
      out +=
        depth === 1
          ? STYLES[s % STYLES.length][LIGHT.indexOf(symbol)]
          : paint(symbol, { fg: SERIES_COLORS[s % SERIES_COLORS.length] }, depth);
    } else if (col === axisCol && (chars[i] === "┼" || chars[i] === "┤")) {
      // asciichart marks its zero row upside down; draw the axis plain and mark y = 0 where it is.
      out += zeroRow ? "┼" : "┤";
    } else {
      out += chars[i];
    }
    col++;
  }
  return out;
}

function xAxis(x0: number, x1: number, axisCol: number, points: number, opts: ChartOptions): string {
  const f = opts.formatX ?? ((x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(2)));
  const left = f(x0);
  const right = f(x1);
  const span = points; // columns from the axis to the last point, inclusive
  const name = opts.xLabel ?? "";
  let inner = span - left.length - right.length;
  let mid = "";
  if (name && inner >= name.length + 2) {
    const before = Math.floor((inner - name.length) / 2);
    mid = " ".repeat(before) + name + " ".repeat(inner - name.length - before);
    inner = 0;
  }
  const line = left + (mid || " ".repeat(Math.max(1, inner))) + right;
  return " ".repeat(axisCol) + line;
}

function legend(clean: readonly { name: string; index: number }[], opts: ChartOptions): string[] {
  return flow(
    clean.map((c) => `${swatch(c.index, opts.depth)} ${c.name}`),
    opts.width,
  );
}

/**
 * Train and test loss per logged epoch, as the chart after a run draws them. Memory stays bounded: past
 * HISTORY_CAPACITY points every other point is dropped and only every `stride`-th row is kept from then on
 * (a chart is a few hundred columns wide; the full curve is in metrics.csv). The last row is always kept.
 */
export interface LossHistory {
  epoch: number[];
  train_loss: number[];
  /** Empty when there is no test set. */
  test_loss: number[];
  stride: number;
  seen: number;
  last: { epoch: number; train_loss: number; test_loss: number | null } | null;
}

export const HISTORY_CAPACITY = 2048;

export function emptyHistory(): LossHistory {
  return { epoch: [], train_loss: [], test_loss: [], stride: 1, seen: 0, last: null };
}

export function recordLoss(h: LossHistory, row: { epoch: number; train_loss: number; test_loss: number | null }): void {
  h.last = { epoch: row.epoch, train_loss: row.train_loss, test_loss: row.test_loss };
  if (h.seen++ % h.stride !== 0) return;
  h.epoch.push(row.epoch);
  h.train_loss.push(row.train_loss);
  if (row.test_loss !== null) h.test_loss.push(row.test_loss);
  if (h.epoch.length >= HISTORY_CAPACITY) {
    const keep = <T>(a: T[]) => a.filter((_, i) => i % 2 === 0);
    h.epoch = keep(h.epoch);
    h.train_loss = keep(h.train_loss);
    h.test_loss = keep(h.test_loss);
    h.stride *= 2;
  }
}

/** The recorded points plus the last row when decimation skipped it. */
function historyPoints(h: LossHistory): { epoch: number[]; train_loss: number[]; test_loss: number[] } {
  const { epoch, train_loss, test_loss, last } = h;
  if (!last || epoch[epoch.length - 1] === last.epoch) return { epoch, train_loss, test_loss };
  return {
    epoch: [...epoch, last.epoch],
    train_loss: [...train_loss, last.train_loss],
    test_loss: last.test_loss === null ? test_loss : [...test_loss, last.test_loss],
  };
}

/** The loss chart of a run: train and (when there is a test set) test loss against epoch. */
export function lossChart(history: LossHistory, opts: Omit<ChartOptions, "title" | "xLabel">): string {
  const h = historyPoints(history);
  const series: Series[] = [{ name: "train_loss", x: h.epoch, y: h.train_loss }];
  if (h.test_loss.length === h.epoch.length && h.epoch.length > 0) series.push({ name: "test_loss", x: h.epoch, y: h.test_loss });
  const chart = lineChart(series, { ...opts, title: "loss", xLabel: "epoch" });
  if (chart === "") return chart;
  const notes: string[] = [];
  const bad = h.train_loss.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) notes.push(`  (the curve ends at epoch ${h.epoch[bad]}: train_loss is ${h.train_loss[bad]})`);
  let [lo, hi] = [Infinity, 0];
  for (const v of [...h.train_loss, ...h.test_loss]) if (Number.isFinite(v) && v > 0) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  if (!opts.logY && hi / lo > 1e3) {
    notes.push("  (the loss spans more than 3 orders of magnitude: --log-y shows all of it)");
  }
  return [chart, ...notes].join("\n");
}
