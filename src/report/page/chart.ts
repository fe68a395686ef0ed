/**
 * Line charts (uPlot): series with their own x values aligned on the union of x; a log axis whose range and
 * decades nn-lab counts itself (uPlot's own log axis fails on norms of 1e-23 and below); optional bands (a
 * grid point's min–max over seeds); and, past LEGEND_ROWS series, a compact legend — the full list folded away,
 * a series highlighted while the pointer is on its name.
 */
import uPlot from "uplot";
import { charts, chartWidth, el, fmt, maxOf, minOf } from "./dom.js";

export interface Line {
  label: string;
  color: string;
  dash?: number[];
  x: number[];
  y: (number | null)[];
  /** A band drawn behind the line (same x): lowest and highest value. */
  band?: { lo: (number | null)[]; hi: (number | null)[] };
}

/** A ✕ drawn on a chart where a curve left its range (x, y in data units). */
export interface Mark {
  x: number;
  y: number;
  color: string;
}

export interface ChartOptions {
  marks?: Mark[];
  title: string;
  yLabel: string;
  log: boolean;
  id: string;
  range?: [number, number];
  xValues?: (splits: number[]) => string[];
  xSplits?: number[];
  points?: boolean;
  /** Label of the x axis (default "epoch"). */
  xLabel?: string;
}

/** More series than this: uPlot's legend gives way to a compact one. */
export const LEGEND_ROWS = 8;

/** Series with their own x values, aligned on the union of all x (missing points null, gaps spanned). */
function aligned(ys: { x: number[]; y: (number | null)[] }[]): uPlot.AlignedData {
  const set = new Set<number>();
  for (const l of ys) for (const x of l.x) if (Number.isFinite(x)) set.add(x);
  const xs = Array.from(set).sort((a, b) => a - b);
  const at = new Map(xs.map((x, i) => [x, i]));
  const out: (number | null)[][] = ys.map((l) => {
    const y: (number | null)[] = new Array(xs.length).fill(null);
    l.x.forEach((x, i) => {
      const k = at.get(x);
      if (k !== undefined) y[k] = l.y[i];
    });
    return y;
  });
  return [xs, ...out] as uPlot.AlignedData;
}

/** The smallest and largest value a log axis can show: beyond, values are drawn at the edge. */
const LOG_FLOOR = 1e-300;
const LOG_CEIL = 1e300;

/**
 * A log axis counted by nn-lab: whole decades from below the smallest positive value to above the largest
 * (clamped to 1e-300 … 1e300), at most ~7 labelled; exact zeros are drawn one decade below the smallest, labelled 0.
 */
export interface LogAxis {
  lo: number;
  hi: number;
  step: number;
  /** Where an exact zero is drawn, or null when there is none. */
  zeroAt: number | null;
}

/** Decades between labels: the first of these that leaves at most ~6 labels. */
const NICE_STEPS = [1, 2, 3, 5, 10, 20, 25, 50, 100, 200, 250, 500];

export function logAxis(series: (number | null)[][]): LogAxis {
  let small = Infinity;
  let big = -Infinity;
  let zeros = false;
  for (const ys of series)
    for (const v of ys) {
      if (v === null || !Number.isFinite(v)) continue;
      if (v === 0) zeros = true;
      else if (v > 0) {
        const c = Math.min(LOG_CEIL, Math.max(LOG_FLOOR, v));
        if (c < small) small = c;
        if (c > big) big = c;
      }
    }
  if (!Number.isFinite(small)) [small, big] = [0.1, 10];
  let lo = Math.floor(Math.log10(small) + 1e-9);
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(big) - 1e-9));
  if (zeros) lo -= 1;
  const step = NICE_STEPS.find((k) => k >= (hi - lo) / 6) ?? 1000;
  return { lo, hi, step, zeroAt: zeros ? 10 ** lo : null };
}

/** A value as the log axis draws it: clamped to its range, an exact zero at zeroAt, a negative one not at all. */
function onLogAxis(v: number | null, axis: LogAxis): number | null {
  if (v === null || Number.isNaN(v)) return null;
  if (v === 0) return axis.zeroAt;
  if (v < 0) return null;
  return Math.min(10 ** axis.hi, Math.max(10 ** axis.lo, v));
}

function decadeLabel(v: number, axis: LogAxis): string {
  if (axis.zeroAt !== null && v <= axis.zeroAt) return "0";
  const k = Math.round(Math.log10(v));
  return k >= -3 && k <= 4 ? String(10 ** k) : `1e${k}`;
}

export function chart(parent: HTMLElement, lines: Line[], o: ChartOptions): uPlot {
  const box = el("div", { class: "chart", id: o.id, "data-series": String(lines.length) });
  if (o.marks?.length) box.dataset.marks = o.marks.map((m) => m.x).join(",");
  parent.append(box);
  const axis = o.log ? logAxis(lines.flatMap((l) => (l.band ? [l.y, l.band.lo, l.band.hi] : [l.y]))) : null;
  const put = (ys: (number | null)[]) => (axis ? ys.map((v) => onLogAxis(v, axis)) : ys);
  // each line, then its band's low and high edges as series of their own
  const drawn: { x: number[]; y: (number | null)[] }[] = [];
  const seriesOf: number[] = [];
  const series: uPlot.Series[] = [{ label: o.xLabel ?? (o.xValues ? "value" : "epoch") }];
  const bands: uPlot.Band[] = [];
  const shown = (v: number | null) => (axis && axis.zeroAt !== null && v === axis.zeroAt ? "0" : fmt(v));
  for (const l of lines) {
    seriesOf.push(series.length);
    drawn.push({ x: l.x, y: put(l.y) });
    series.push({
      label: l.label,
      stroke: l.color,
      width: 1.5,
      dash: l.dash,
      spanGaps: true,
      points: { show: o.points ?? false },
      value: (_u: uPlot, v: number | null) => shown(v),
    });
    if (l.band) {
      const hiAt = series.length;
      drawn.push({ x: l.x, y: put(l.band.hi) }, { x: l.x, y: put(l.band.lo) });
      for (const edge of ["highest", "lowest"])
        series.push({ label: `${l.label} ${edge}`, stroke: "transparent", width: 0, spanGaps: true, points: { show: false } });
      bands.push({ series: [hiAt, hiAt + 1], fill: translucent(l.color, 0.1) });
    }
  }
  const compact = lines.length > LEGEND_ROWS;
  const opts: uPlot.Options = {
    title: o.title,
    width: chartWidth(box),
    height: 260,
    scales: {
      x: { time: false },
      y: axis ? { distr: 3, log: 10, range: () => [10 ** axis.lo, 10 ** axis.hi] } : o.range ? { range: o.range } : {},
    },
    axes: [
      {
        label: o.xValues ? "" : (o.xLabel ?? "epoch"),
        ...(o.xValues ? { values: (_u: uPlot, splits: number[]) => o.xValues!(splits) } : {}),
        ...(o.xSplits ? { splits: () => o.xSplits! } : {}),
      },
      axis
        ? {
            label: o.yLabel,
            size: 60,
            splits: () => decades(axis),
            values: (_u: uPlot, splits: number[]) => splits.map((v) => decadeLabel(v, axis)),
          }
        : { label: o.yLabel, size: 60, values: (_u: uPlot, splits: number[]) => splits.map((v) => (v === null ? "" : fmt(v, 3))) },
    ],
    series,
    bands,
    focus: { alpha: 0.25 },
    cursor: { focus: { prox: 12 } },
    legend: { show: !compact, live: true },
    hooks: {
      draw: [(u: uPlot) => drawMarks(u, o.marks ?? [])],
      // the y range drawn, also on the element (uPlot draws its labels on the canvas): what tests and tools read
      setScale: [
        (u: uPlot, key: string) => {
          if (key === "y") box.dataset.yRange = `${u.scales.y.min} ${u.scales.y.max}`;
        },
      ],
    },
  };
  // the log axis's labels, also on the element (uPlot draws them on the canvas)
  if (axis)
    box.dataset.yTicks = decades(axis)
      .map((v) => decadeLabel(v, axis))
      .join(" ");
  const u = new uPlot(opts, aligned(drawn), box);
  charts.push({ chart: u, box });
  if (compact) box.append(fullLegend(u, lines, seriesOf));
  if (axis && (axis.zeroAt !== null || axis.lo <= -300 || axis.hi >= 300)) box.append(el("p", { class: "meta" }, logNote(axis)));
  return u;
}

/** A colour (#rrggbb or hsl(…)) with an alpha. */
export function translucent(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (hex) return `rgba(${parseInt(hex[1], 16)}, ${parseInt(hex[2], 16)}, ${parseInt(hex[3], 16)}, ${alpha})`;
  return color.replace(/^hsl\((.*)\)$/, `hsla($1, ${alpha})`);
}

/** The ✕ of each diverged curve, where it left the chart's range. */
function drawMarks(u: uPlot, marks: Mark[]): void {
  const ctx = u.ctx;
  ctx.save();
  ctx.font = `bold ${Math.round(16 * devicePixelRatio)}px sans-serif`;
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  for (const m of marks) {
    ctx.fillStyle = m.color;
    ctx.fillText("✕", u.valToPos(m.x, "x", true), u.valToPos(m.y, "y", true));
  }
  ctx.restore();
}

/** The labelled decades: multiples of the step within the range, and the zero line (the bottom) when there are zeros. */
function decades(axis: LogAxis): number[] {
  const out: number[] = axis.zeroAt !== null ? [axis.zeroAt] : [];
  const from = axis.zeroAt !== null ? axis.lo + axis.step / 2 : axis.lo;
  for (let k = Math.ceil(from / axis.step) * axis.step; k <= axis.hi; k += axis.step) out.push(10 ** k);
  return out;
}

function logNote(axis: LogAxis): string {
  const parts: string[] = [];
  if (axis.zeroAt !== null) parts.push("exact zeros are drawn on the bottom line, labelled 0");
  if (axis.lo <= -300 || axis.hi >= 300) parts.push("values beyond 1e-300 … 1e300 are drawn at the edge");
  return `Log axis: ${parts.join("; ")}.`;
}

/** The full list of series, folded: hovering a name highlights its series. */
export function fullLegend(u: uPlot, lines: Line[], seriesOf: number[]): HTMLElement {
  const items = lines.map((l, i) => {
    const sw = el("span", { class: "swatch", style: `background:${l.color}` });
    const li = el("li", { "data-series": String(seriesOf[i]) }, sw, l.label);
    li.addEventListener("mouseenter", () => u.setSeries(seriesOf[i], { focus: true }));
    li.addEventListener("mouseleave", () => u.setSeries(null, { focus: false }));
    return li;
  });
  return el("details", { class: "legend-full" }, el("summary", {}, `all ${lines.length} series`), el("ul", {}, items));
}

/** The extremes of a chart's values, by loops. */
export function extent(ys: (number | null)[][]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const y of ys) {
    const finite = y.filter((v): v is number => v !== null && Number.isFinite(v));
    lo = minOf(finite, lo);
    hi = maxOf(finite, hi);
  }
  return [lo, hi];
}
