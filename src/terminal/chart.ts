/**
 * Line charts for the terminal, drawn by asciichart and fitted to a width: every series is resampled to the
 * columns there are (linear interpolation in x, so 5000 epochs fit in 70 columns and 10 epochs fill them),
 * with a y axis of tick labels, an x axis line and a legend. With colour each series has its colour; without,
 * each has its own line style (light ─, heavy ━, double ═, dashed ┄) so overlapping curves stay apart. A series may
 * carry a band (its spread), drawn as shading under the lines.
 */
import * as asciichart from "asciichart";
import { paint, PALETTE, RESET, SERIES_COLORS, stripAnsi, type ColorDepth } from "./colors.js";
import { flow } from "./table.js";

export interface Series {
  name: string;
  /** Increasing x values. */
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /**
   * A spread around the line at the same x (e.g. min–max over seeds): the cells between lower and upper that no
   * line took are filled with the series' band character (░, ▒, … so it reads without colour; ▓ where bands overlap),
   * and the legend names it.
   */
  band?: { lower: ArrayLike<number>; upper: ArrayLike<number>; name: string };
}

export interface ChartOptions {
  /** Columns available; no line of the chart is longer. */
  width: number;
  /** Rows of the plot area, roughly (asciichart rounds); default 12. */
  height?: number;
  /**
   * Plot log10(y) (true), linear y (false or absent), or "auto": log when the plotted values are all ≥ 0 and the
   * positive ones span more than two decades (max/min > 100). On a log scale values ≤ 0 sit at the smallest positive value.
   */
  logY?: boolean | "auto";
  /**
   * Where a curve counts as diverged even though it is finite: above `divergeAbove` × the largest first value of
   * any series (for loss curves, the largest epoch-0 loss). Non-finite values always count. The y range comes from
   * the points before; a diverged curve runs off the top to a ✕ and its legend says `✕ diverged at epoch N`.
   */
  divergeAbove?: number;
  depth: ColorDepth;
  title?: string;
  /** Name of the x axis, printed between its end labels. */
  xLabel?: string;
  /** How the x axis end labels are written; default: as integers when whole, else 2 decimals. */
  formatX?: (x: number) => string;
  /** Points drawn as dots under the lines (where no line is), e.g. the data a fitted curve goes through. */
  dots?: Series;
  /** Values the y range must include (in the plotted units: log10 y on a log scale), so panels can share an axis. */
  yRange?: readonly [number, number];
}

/** asciichart's symbols, and the line styles that replace them per series when there is no colour. */
const LIGHT = "┼┤╶╴─╰╭╮╯│";
const STYLES = [LIGHT, "╋┫╺╸━┗┏┓┛┃", "╬╣╞╡═╚╔╗╝║", "┼┤╶╴┄╰╭╮╯┆"];
const SERIES_MARK = 0xe000; // private-use code points tag the cells each series drew
/** The marker at the top of a diverged curve. */
export const DIVERGED_MARK = "✕";
/** Loss charts: a loss above this multiple of the largest epoch-0 loss has diverged (off the chart). */
export const LOSS_DIVERGE_FACTOR = 10;

/** The legend swatch of series i: "──" in its colour, or in its line style without colour. */
export function swatch(i: number, depth: ColorDepth): string {
  if (depth === 1) return STYLES[i % STYLES.length][4].repeat(2);
  return paint("──", { fg: SERIES_COLORS[i % SERIES_COLORS.length] }, depth);
}

/** A series ready to plot: finite points only (log10 y on a log scale), and where it diverged, if it did. */
interface Plotted {
  name: string;
  index: number;
  x: number[];
  y: number[];
  /** x of the first non-finite or exploding point; the curve is drawn up to the top there. */
  divergedAt: number | null;
  /** The band's finite points below the divergence cap (log10 on a log scale). */
  band: { x: number[]; lower: number[]; upper: number[]; name: string } | null;
}

/** A chart of the series as one string (lines joined by \n, no trailing newline); "" when there is nothing to draw. */
export function lineChart(series: readonly Series[], opts: ChartOptions): string {
  const cap = divergeCap(series, opts.divergeAbove);
  const kept = series.map((s, index) => ({ ...untilDiverged(s, cap), band: keptBand(s, cap), index }));
  const logY = opts.logY === "auto" ? spansDecades(kept) : (opts.logY ?? false);
  const clean: Plotted[] = kept
    .map((s) => ({ ...s, y: logY ? logValues(s.y) : s.y, band: s.band && logBand(s.band, logY) }))
    .filter((s) => s.x.length > 0);
  if (clean.length === 0) return "";
  let [x0, x1] = [Infinity, -Infinity];
  let [lo, hi] = [Infinity, -Infinity];
  for (const s of clean) {
    x0 = Math.min(x0, s.x[0]);
    x1 = Math.max(x1, s.divergedAt ?? s.x[s.x.length - 1]);
    for (const v of s.y) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    for (const v of s.band ? [...s.band.lower, ...s.band.upper] : []) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  }
  const dots = opts.dots ? finiteDots(opts.dots, logY) : null;
  if (dots) {
    for (let i = 0; i < dots.x.length; i++) {
      [x0, x1] = [Math.min(x0, dots.x[i]), Math.max(x1, dots.x[i])];
      [lo, hi] = [Math.min(lo, dots.y[i]), Math.max(hi, dots.y[i])];
    }
  }
  if (opts.yRange) [lo, hi] = [Math.min(lo, opts.yRange[0]), Math.max(hi, opts.yRange[1])];
  [lo, hi] = widen(lo, hi);
  const height = Math.max(2, opts.height ?? 12);
  // a row of headroom above the finite data, so a diverged curve is seen to climb out of the chart
  if (clean.some((s) => s.divergedAt !== null)) hi += (hi - lo) / Math.max(1, height - 1);
  // asciichart puts a value on row round(v·ratio) − round(lo·ratio), whose grid need not start at lo; it is given
  // the values in row units (0 at lo, `height` at hi), so row r holds exactly the values within half a row of its label.
  const rowStep = (hi - lo) / height;
  const toRow = (v: number) => (v - lo) / rowStep;
  const label = (v: number) => tickLabel(v, rowStep, logY);
  const labels = Array.from({ length: height + 1 }, (_, r) => label(lo + r * rowStep));
  // asciichart draws its axis over a label narrower than 3 characters
  const labelWidth = Math.max(3, ...labels.map((l) => l.length));
  // more series than line styles and no colour: each line carries a tag at its end, in a right margin
  const ends = opts.depth === 1 && clean.length > STYLES.length ? endTags(clean, (v) => height - Math.round(toRow(v))) : null;
  const margin = ends ? 1 + Math.max(...[...ends.values()].map((t) => t.length)) : 0;
  // asciichart lays out: label, space, axis, then one column per point after the first.
  const points = Math.max(2, opts.width - labelWidth - 1 - margin);
  const resampled = clean.map((s) => (s.divergedAt === null ? resample(s, x0, x1, points) : offTheTop(s, x0, x1, points, hi)).map(toRow));
  const raw = asciichart.plot(resampled, {
    min: 0,
    max: height,
    height,
    colors: resampled.map((_, i) => String.fromCharCode(SERIES_MARK + i)),
    format: (u) => label(lo + u * rowStep).padStart(labelWidth),
  });
  const axisCol = labelWidth + 1;
  // y = 0 is marked on the axis when a row holds it (within a quarter row of the row's value)
  const zeroAt = toRow(0);
  const zeroRow = logY || Math.abs(zeroAt - Math.round(zeroAt)) > 0.25 ? -1 : height - Math.round(zeroAt);
  const body = raw.split("\n").map((line, r) => styleLine(line, axisCol, r === zeroRow, clean, opts.depth));
  drawBands(body, clean, toRow, { x0, x1, height, axisCol, points }, opts.depth);
  if (dots) drawDots(body, { ...dots, y: dots.y.map(toRow) }, { x0, x1, height, axisCol, points }, opts.depth);
  // the ✕ where each diverged curve leaves the top
  clean.forEach((s, i) => {
    if (s.divergedAt === null) return;
    const mark = paint(DIVERGED_MARK, { fg: SERIES_COLORS[s.index % SERIES_COLORS.length], bold: true }, opts.depth);
    body[0] = replaceColumn(body[0], axisCol + resampled[i].length - 1, mark);
  });
  if (ends) for (const [row, tags] of ends) body[row] = body[row].trimEnd().padEnd(axisCol + points) + " " + tags;
  const out: string[] = [];
  if (opts.title) out.push(opts.title + (logY ? " (log scale)" : ""));
  out.push(...body);
  out.push(xAxis(x0, x1, axisCol, points, opts));
  out.push(...legend(clean, opts, dots ? `${paint(DOT, { fg: DOT_COLOR }, opts.depth)} ${dots.name}` : null));
  return out.map((l) => l.replace(/ +$/, "")).join("\n");
}

const DOT = "·";
const DOT_COLOR = PALETTE[0];

/** The tag that tells series i apart when line styles repeat (no colour): 1…9, then a…z, then A…Z. */
export function seriesTag(i: number): string {
  const tags = "123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  return i < tags.length ? tags[i] : "+";
}

/** The tags at the row where each series ends (a diverged one at the top), joined by "," when lines end on one row. */
function endTags(clean: readonly Plotted[], rowOf: (v: number) => number): Map<number, string> {
  const byRow = new Map<number, string[]>();
  for (const s of clean) {
    const row = s.divergedAt !== null ? 0 : rowOf(s.y[s.y.length - 1]);
    byRow.set(row, [...(byRow.get(row) ?? []), seriesTag(s.index)]);
  }
  return new Map([...byRow].map(([row, tags]) => [row, tags.join(",")]));
}

/** The finite dots, y as log10 y on a log scale (values ≤ 0 left out there). */
function finiteDots(d: Series, logY: boolean): { name: string; x: number[]; y: number[] } {
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < d.x.length; i++) {
    if (!Number.isFinite(d.x[i]) || !Number.isFinite(d.y[i]) || (logY && d.y[i] <= 0)) continue;
    x.push(d.x[i]);
    y.push(logY ? Math.log10(d.y[i]) : d.y[i]);
  }
  return { name: d.name, x, y };
}

/** Each dot (y in row units) in the cell of its row, where no line was drawn. */
function drawDots(
  body: string[],
  dots: { x: number[]; y: number[] },
  g: { x0: number; x1: number; height: number; axisCol: number; points: number },
  depth: ColorDepth,
): void {
  const dot = paint(DOT, { fg: DOT_COLOR }, depth);
  for (let i = 0; i < dots.x.length; i++) {
    const c = g.x1 === g.x0 ? 0 : Math.round(((dots.x[i] - g.x0) / (g.x1 - g.x0)) * (g.points - 1));
    const r = g.height - Math.round(dots.y[i]);
    const col = g.axisCol + c;
    if (r < 0 || r >= body.length || c === 0) continue;
    if ([...stripAnsi(body[r])][col] === " " || [...stripAnsi(body[r])].length <= col) body[r] = replaceColumn(body[r], col, dot);
  }
}

/** Band characters per series (without colour they tell bands apart), and where two bands overlap. */
const BAND_FILLS = ["·", "░", ":", "▒"];
const BAND_OVERLAP = "▓";

/** A series' band where both edges are finite and not above the divergence cap. */
function keptBand(s: Series, cap: number): { x: number[]; lower: number[]; upper: number[]; name: string } | null {
  if (!s.band) return null;
  const out = { x: [] as number[], lower: [] as number[], upper: [] as number[], name: s.band.name };
  for (let i = 0; i < s.x.length; i++) {
    const [l, u] = [s.band.lower[i], s.band.upper[i]];
    if (!Number.isFinite(s.x[i]) || !Number.isFinite(l) || !Number.isFinite(u) || u > cap) continue;
    out.x.push(s.x[i]);
    out.lower.push(l);
    out.upper.push(u);
  }
  return out.x.length > 0 ? out : null;
}

function logBand(b: { x: number[]; lower: number[]; upper: number[]; name: string }, logY: boolean) {
  return logY ? { ...b, lower: logValues(b.lower), upper: logValues(b.upper) } : b;
}

/**
 * Each band's cells (from its lower to its upper edge, in the rows asciichart would put those values in) filled with
 * the series' band character where no line is; a cell two bands cover gets BAND_OVERLAP.
 */
function drawBands(
  body: string[],
  clean: readonly Plotted[],
  toRow: (v: number) => number,
  g: { x0: number; x1: number; height: number; axisCol: number; points: number },
  depth: ColorDepth,
): void {
  const owner = new Map<number, number>(); // cell (row * width + column) → the series whose band took it
  for (const s of clean) {
    if (!s.band) continue;
    const lower = resample({ x: s.band.x, y: s.band.lower }, g.x0, g.x1, g.points);
    const upper = resample({ x: s.band.x, y: s.band.upper }, g.x0, g.x1, g.points);
    const first = g.x1 === g.x0 ? 0 : Math.ceil(((s.band.x[0] - g.x0) / (g.x1 - g.x0)) * (g.points - 1) - 1e-9);
    for (let c = Math.max(1, first); c < Math.min(lower.length, upper.length); c++) {
      const top = g.height - Math.round(toRow(upper[c]));
      const bottom = g.height - Math.round(toRow(lower[c]));
      for (let r = Math.max(0, top); r <= Math.min(body.length - 1, bottom); r++) {
        const col = g.axisCol + c;
        const key = r * 100_000 + col;
        const cell = [...stripAnsi(body[r])][col];
        const prior = owner.get(key);
        if (prior === undefined && cell !== undefined && cell !== " ") continue; // a line or the axis
        const fill = prior !== undefined && prior !== s.index ? BAND_OVERLAP : BAND_FILLS[s.index % BAND_FILLS.length];
        owner.set(key, s.index);
        body[r] = replaceColumn(body[r], col, paint(fill, { fg: SERIES_COLORS[s.index % SERIES_COLORS.length] }, depth));
      }
    }
  }
}

/** The band character of series i in a legend. */
export const bandSwatch = (i: number, depth: ColorDepth): string =>
  paint(BAND_FILLS[i % BAND_FILLS.length], { fg: SERIES_COLORS[i % SERIES_COLORS.length] }, depth);

/** The y above which a finite value counts as diverged: `factor` × the largest first value of any series. */
function divergeCap(series: readonly Series[], factor: number | undefined): number {
  if (factor === undefined) return Infinity;
  let ref = 0;
  for (const s of series) if (s.y.length > 0 && Number.isFinite(s.y[0])) ref = Math.max(ref, Math.abs(s.y[0]));
  return ref > 0 ? factor * ref : Infinity;
}

/** The series up to its first non-finite point or its first point above `cap`, and that point's x. */
function untilDiverged(s: Series, cap: number): { name: string; x: number[]; y: number[]; divergedAt: number | null } {
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < s.x.length; i++) {
    if (!Number.isFinite(s.x[i])) break;
    const v = s.y[i];
    if (!Number.isFinite(v) || v > cap) return { name: s.name, x, y, divergedAt: x.length > 0 ? s.x[i] : null };
    x.push(s.x[i]);
    y.push(v);
  }
  return { name: s.name, x, y, divergedAt: null };
}

/** Whether the values are all ≥ 0 and the positive ones span more than two decades. */
function spansDecades(series: readonly { y: readonly number[] }[]): boolean {
  let [lo, hi] = [Infinity, 0];
  for (const s of series) {
    for (const v of s.y) {
      if (v < 0) return false;
      if (v > 0) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    }
  }
  return hi / lo > 100;
}

/** log10 of each value; exact zeros (a perfect fit) sit at the floor of the positive values rather than at 1e-300. */
function logValues(values: readonly number[]): number[] {
  const y = values.map((v) => Math.log10(Math.max(v, 1e-300)));
  let floor = Infinity;
  for (const v of y) if (v > -300 && v < floor) floor = v;
  for (let i = 0; i < y.length; i++) if (y[i] <= -300) y[i] = Number.isFinite(floor) ? floor : 0;
  return y;
}

/** A diverged curve resampled up to where it diverged, then one column at the top of the chart. */
function offTheTop(s: Plotted, x0: number, x1: number, points: number, top: number): number[] {
  const out = resample(s, x0, x1, points);
  const col = x1 === x0 ? 0 : Math.ceil(((s.divergedAt! - x0) / (x1 - x0)) * (points - 1) - 1e-9);
  const last = out[out.length - 1];
  // the columns between the last point and the divergence climb straight to the top
  for (let c = out.length; c < col; c++) out.push(last);
  out.push(top);
  return out.slice(0, points);
}

/** The line with the cell at visible column `col` replaced (escape sequences take no column). */
function replaceColumn(line: string, col: number, cell: string): string {
  // eslint-disable-next-line no-control-regex
  const tokens = line.match(/\x1b\[[0-9;]*m[^\x1b]\x1b\[0m|\x1b\[[0-9;]*m|./gsu) ?? [];
  let visible = 0;
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].startsWith("\x1b") && tokens[i].endsWith("m") && !tokens[i].endsWith("[0m")) continue; // a bare escape
    if (tokens[i] === RESET) continue;
    if (visible === col) {
      tokens[i] = cell;
      return tokens.join("");
    }
    visible++;
  }
  return line + " ".repeat(Math.max(0, col - visible)) + cell;
}

/** A y range with some height even when every value is the same. */
function widen(lo: number, hi: number): [number, number] {
  if (hi - lo > 1e-12 * Math.max(1, Math.abs(hi))) return [lo, hi];
  const pad = Math.abs(hi) > 0 ? Math.abs(hi) * 0.1 : 1;
  return [lo - pad, hi + pad];
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

function legend(clean: readonly Plotted[], opts: ChartOptions, dots: string | null): string[] {
  const f = opts.formatX ?? ((x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(2)));
  return flow(
    [
      ...(dots ? [dots] : []),
      ...clean.map(
        (c) =>
          `${swatch(c.index, opts.depth)} ${clean.length > STYLES.length && opts.depth === 1 ? `${seriesTag(c.index)} ` : ""}${c.name}` +
          (c.band ? ` ${bandSwatch(c.index, opts.depth)} ${c.band.name}` : "") +
          (c.divergedAt === null ? "" : ` ${DIVERGED_MARK} diverged at ${opts.xLabel ?? "x"} ${f(c.divergedAt)}`),
      ),
    ],
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

/** The loss chart of a run: train and (when there is a test set) test loss against epoch; log scale when asked or when it spans > 2 decades. */
export function lossChart(history: LossHistory, opts: Omit<ChartOptions, "title" | "xLabel" | "divergeAbove">): string {
  const h = historyPoints(history);
  const series: Series[] = [{ name: "train_loss", x: h.epoch, y: h.train_loss }];
  if (h.test_loss.length === h.epoch.length && h.epoch.length > 0) series.push({ name: "test_loss", x: h.epoch, y: h.test_loss });
  return lineChart(series, { ...opts, logY: opts.logY ?? "auto", title: "loss", xLabel: "epoch", divergeAbove: LOSS_DIVERGE_FACTOR });
}
