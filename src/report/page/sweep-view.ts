/**
 * A sweep on the page, readable from 3 to 1,000 runs: the ranked table first; a heatmap of the ranked metric over
 * two axes (small multiples over the rest), mean in the cell, mean ± std and n on hover; each grid point's mean
 * curve over its seeds with a min–max band — one colour per grid point, or with two axes colour by the first and
 * line style by the second, a compact legend that highlights on hover and filters on click; and the metric
 * against each swept value as points with error bars (± std over seeds), not lines.
 */
import type uPlot from "uplot";
import type { GroupCurve, SweepData } from "./data.js";
import { chart, LEGEND_ROWS, type Line } from "./chart.js";
import { el, fmt, maxOf, minOf, show, svg } from "./dom.js";

const DASHES: (number[] | undefined)[] = [undefined, [7, 4], [2, 3], [10, 3, 2, 3], [1, 6], [14, 6]];
const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22"];
/** A colour for the i-th of n: the palette while it lasts, then evenly spaced hues. */
export const colorOf = (i: number, n: number) => (n <= PALETTE.length ? PALETTE[i] : `hsl(${Math.round((i * 360) / n)}, 65%, 42%)`);

type Ranked = SweepData["ranked"][number];
const keyOf = (point: Record<string, unknown>, keys: string[]) => JSON.stringify(keys.map((k) => show(point[k])));
const label = (point: Record<string, unknown>, keys: string[]) => keys.map((k) => `${k.split(".").pop()}=${show(point[k])}`).join(", ");

export function sweepView(s: HTMLElement, sweep: SweepData): void {
  s.append(
    el(
      "p",
      { class: "meta" },
      `${sweep.found} of ${sweep.planned} runs found · ${sweep.ranked.length} grid points · ranked by mean final ${sweep.metric} over seeds (${sweep.better} is better); ± is the std over the n seeds that completed`,
    ),
  );
  rankedTable(s, sweep);
  if (sweep.axes.length >= 2) heatmaps(s, sweep);
  groupedChart(s, sweep);
  for (const axis of sweep.axes) errorBars(s, sweep, axis);
}

function rankedTable(s: HTMLElement, sweep: SweepData): void {
  const keys = sweep.axes.map((a) => a.key);
  const head = el(
    "tr",
    {},
    ["#", ...keys, `${sweep.metric} mean ± std (n)`, "n/N"].map((h) => el("th", {}, h)),
  );
  const rows = sweep.ranked.map((p, i) =>
    el(
      "tr",
      {},
      el("td", {}, String(i + 1)),
      keys.map((k) => el("td", {}, show(p.point[k]))),
      el("td", { class: "num" }, meanText(p)),
      el("td", { class: "num" }, `${p.ok}/${p.runs}`),
    ),
  );
  const table = el("table", { class: "ranked" }, el("thead", {}, head), el("tbody", {}, rows));
  s.append(el("div", { class: sweep.ranked.length > 15 ? "scroll tall" : "scroll" }, table));
}

/** mean ± std (n): n = 1 shows its value and n = 1, never ± 0. */
function meanText(p: Ranked): string {
  if (p.mean === null) return "—";
  return p.ok === 1 ? `${fmt(p.mean)} (n = 1)` : `${fmt(p.mean)} ± ${fmt(p.std ?? 0)} (n = ${p.ok})`;
}

// ---------------------------------------------------------------------------------------------- heatmap

function heatmaps(s: HTMLElement, sweep: SweepData): void {
  const [ax, ay, ...rest] = sweep.axes;
  const box = el("div", { id: "sweep-heatmap", class: "heatmaps" });
  s.append(
    el("h3", {}, `${sweep.metric} over ${ax.key} × ${ay.key}${rest.length ? `, one map per ${rest.map((a) => a.key).join(" × ")}` : ""}`),
  );
  s.append(box);
  const means = sweep.ranked.map((p) => p.mean).filter((v): v is number => v !== null);
  const [lo, hi] = [minOf(means), maxOf(means)];
  const byKey = new Map(
    sweep.ranked.map((p) => [
      keyOf(
        p.point,
        sweep.axes.map((a) => a.key),
      ),
      p,
    ]),
  );
  const combos = cartesian(rest.map((a) => a.values));
  const maps = combos.slice(0, 24);
  for (const combo of maps) {
    const fixed = Object.fromEntries(rest.map((a, i) => [a.key, combo[i]]));
    const head = el(
      "tr",
      {},
      el("th", {}, `${ay.key.split(".").pop()} \\ ${ax.key.split(".").pop()}`),
      ax.values.map((v) => el("th", {}, show(v))),
    );
    const rows = ay.values.map((vy) =>
      el(
        "tr",
        {},
        el("th", {}, show(vy)),
        ax.values.map((vx) => {
          const point = { ...fixed, [ax.key]: vx, [ay.key]: vy };
          const p = byKey.get(
            keyOf(
              point,
              sweep.axes.map((a) => a.key),
            ),
          );
          return heatCell(
            p,
            lo,
            hi,
            sweep.better,
            label(
              point,
              sweep.axes.map((a) => a.key),
            ),
          );
        }),
      ),
    );
    const caption = rest.length
      ? el(
          "figcaption",
          {},
          label(
            fixed,
            rest.map((a) => a.key),
          ),
        )
      : "";
    box.append(
      el(
        "figure",
        {},
        caption,
        el("div", { class: "scroll" }, el("table", { class: "heatmap" }, el("thead", {}, head), el("tbody", {}, rows))),
      ),
    );
  }
  if (combos.length > maps.length) box.append(el("p", { class: "meta" }, `${maps.length} of ${combos.length} maps shown.`));
}

function heatCell(p: Ranked | undefined, lo: number, hi: number, better: "lower" | "higher", name: string): HTMLElement {
  if (!p || p.mean === null) return el("td", { class: "empty", title: `${name}: no completed run` }, "—");
  const t = hi > lo ? (p.mean - lo) / (hi - lo) : 0.5;
  const good = better === "lower" ? 1 - t : t;
  const title = `${name}: ${meanText(p)}; ${p.ok} of ${p.runs} runs completed`;
  return el(
    "td",
    {
      class: "num heat",
      style: `background:hsl(${Math.round(good * 120)}, 60%, ${88 - 18 * Math.abs(good - 0.5)}%)`,
      title,
      "data-n": String(p.ok),
    },
    fmt(p.mean, 3),
  );
}

function cartesian(lists: unknown[][]): unknown[][] {
  return lists.reduce<unknown[][]>((acc, vs) => acc.flatMap((a) => vs.map((v) => [...a, v])), [[]]);
}

// ---------------------------------------------------------------------------------------------- grouped curves

/** Colour and line style of each grid point: one colour each (few points, or one axis); else colour by axis 1, style by axis 2. */
function styles(sweep: SweepData, groups: GroupCurve[]): { color: string; dash?: number[] }[] {
  const [a, b] = sweep.axes;
  if (sweep.axes.length === 1) return groups.map((_, i) => ({ color: colorOf(i, groups.length) }));
  const at = (axis: typeof a, v: unknown) => axis.values.findIndex((x) => show(x) === show(v));
  return groups.map((g) => ({
    color: colorOf(at(a, g.point[a.key]), a.values.length),
    dash: DASHES[at(b, g.point[b.key]) % DASHES.length],
  }));
}

function groupedChart(s: HTMLElement, sweep: SweepData): void {
  const keys = sweep.axes.map((a) => a.key);
  const groups = sweep.groups.filter((g) => g.x.length > 0);
  if (groups.length === 0) return;
  const look = styles(sweep, groups);
  // a value above 10× the largest starting value has diverged: cut there, as the run charts do
  const start = maxOf(
    groups.map((g) => g.hi[0] ?? g.mean[0] ?? 0),
    0,
  );
  const cut = (ys: (number | null)[]) => ys.map((v) => (v !== null && start > 0 && v > 10 * start ? null : v));
  const lines: Line[] = groups.map((g, i) => ({
    label: `${label(g.point, keys)} (n = ${g.n})`,
    color: look[i].color,
    dash: look[i].dash,
    x: g.x,
    y: cut(g.mean),
    band: g.n > 1 ? { lo: cut(g.lo), hi: cut(g.hi) } : undefined,
  }));
  const values = lines.flatMap((l) => l.y).filter((v): v is number => v !== null && v > 0);
  const log = values.length > 0 && maxOf(values) / minOf(values) > 100;
  s.append(el("h3", {}, `${sweep.curve} per grid point`));
  const holder = el("div", { id: "sweep-groups" });
  s.append(holder);
  const u = chart(holder, lines, {
    title: `mean ${sweep.curve} over seeds per grid point (band: lowest–highest seed)${log ? ", log axis" : ""}`,
    yLabel: sweep.curve,
    log,
    id: "chart-groups",
  });
  if (lines.length > LEGEND_ROWS || sweep.axes.length >= 2) holder.insertBefore(keyLegend(u, sweep, groups, look), holder.firstChild);
}

/**
 * The compact legend: a swatch per value of the colour axis and a line sample per value of the style axis; click a
 * value to show only its grid points (again to show all), hover to highlight them.
 */
function keyLegend(u: uPlot, sweep: SweepData, groups: GroupCurve[], look: { color: string; dash?: number[] }[]): HTMLElement {
  const seriesOfGroup: number[][] = [];
  let next = 1;
  for (const g of groups) {
    seriesOfGroup.push(g.n > 1 ? [next, next + 1, next + 2] : [next]);
    next += g.n > 1 ? 3 : 1;
  }
  const box = el("div", { class: "legend-compact" });
  let only: string | null = null;
  const entries = sweep.axes.slice(0, 2).flatMap((axis, which) =>
    axis.values.map((v) => {
      const members = groups.map((g, i) => (show(g.point[axis.key]) === show(v) ? i : -1)).filter((i) => i >= 0);
      const first = members[0] ?? 0;
      const sample =
        which === 1
          ? el("span", { class: "dash-sample", style: `border-top-style:${dashStyle(look[first].dash)}` })
          : el("span", { class: "swatch", style: `background:${look[first].color}` });
      const tag = `${axis.key}=${show(v)}`;
      const item = el("button", { type: "button", class: "key", "data-key": tag }, sample, `${axis.key.split(".").pop()}=${show(v)}`);
      item.addEventListener("mouseenter", () => members.length === 1 && u.setSeries(seriesOfGroup[members[0]][0], { focus: true }));
      item.addEventListener("mouseleave", () => u.setSeries(null, { focus: false }));
      item.addEventListener("click", () => {
        only = only === tag ? null : tag;
        box.querySelectorAll("button.key").forEach((b) => b.classList.toggle("on", (b as HTMLElement).dataset.key === only));
        groups.forEach((_, i) => {
          const visible = only === null || members.includes(i);
          for (const k of seriesOfGroup[i]) u.setSeries(k, { show: visible });
        });
      });
      return item;
    }),
  );
  box.append(el("span", { class: "meta" }, "click to show only, again for all: "));
  for (const e of entries) box.append(e);
  return box;
}

/** The CSS border style closest to a dash pattern. */
function dashStyle(dash: number[] | undefined): string {
  if (!dash) return "solid";
  return dash[0] <= 2 ? "dotted" : "dashed";
}

// ---------------------------------------------------------------------------------------------- error bars

/** The metric against one axis: each grid point at its value of the axis, mean with a ± std bar over its seeds. */
function errorBars(s: HTMLElement, sweep: SweepData, axis: SweepData["axes"][number]): void {
  const keys = sweep.axes.map((a) => a.key);
  const width = Math.max(260, Math.min(1100, s.clientWidth - 8));
  const height = 240;
  const pad = { l: 64, r: 12, t: 24, b: 36 };
  const pts = sweep.ranked.filter((p) => p.mean !== null);
  const lows = pts.map((p) => p.mean! - (p.ok > 1 ? (p.std ?? 0) : 0));
  const highs = pts.map((p) => p.mean! + (p.ok > 1 ? (p.std ?? 0) : 0));
  let [lo, hi] = [minOf(lows), maxOf(highs)];
  if (!(hi > lo)) [lo, hi] = [lo - 1, hi + 1];
  const y = (v: number) => pad.t + ((hi - v) / (hi - lo)) * (height - pad.t - pad.b);
  const slot = (width - pad.l - pad.r) / axis.values.length;
  const root = svg("svg", { class: "errorbars", width, height, viewBox: `0 0 ${width} ${height}`, role: "img" });
  const title = svg("text", { x: width / 2, y: 14, "text-anchor": "middle", class: "title" });
  title.textContent = `${sweep.metric} against ${axis.key}: mean ± std over seeds per grid point`;
  root.append(title, svg("line", { x1: pad.l, x2: pad.l, y1: pad.t, y2: height - pad.b, class: "axis" }));
  for (let k = 0; k <= 4; k++) {
    const v = lo + ((hi - lo) * k) / 4;
    const t = svg("text", { x: pad.l - 6, y: y(v) + 4, "text-anchor": "end" });
    t.textContent = fmt(v, 3);
    root.append(svg("line", { x1: pad.l, x2: width - pad.r, y1: y(v), y2: y(v), class: "grid" }), t);
  }
  const others = sweep.axes.filter((a) => a.key !== axis.key).map((a) => a.key);
  const groupsAt = new Map<string, Ranked[]>();
  for (const p of pts) {
    const k = show(p.point[axis.key]);
    groupsAt.set(k, [...(groupsAt.get(k) ?? []), p]);
  }
  const order = sweep.ranked.map((p) => keyOf(p.point, others));
  const uniqueOthers = Array.from(new Set(order));
  axis.values.forEach((v, i) => {
    const cx = pad.l + slot * (i + 0.5);
    const t = svg("text", { x: cx, y: height - pad.b + 16, "text-anchor": "middle" });
    t.textContent = show(v);
    root.append(t);
    for (const p of groupsAt.get(show(v)) ?? []) {
      const j = uniqueOthers.indexOf(keyOf(p.point, others));
      const x = cx + (uniqueOthers.length > 1 ? (j / (uniqueOthers.length - 1) - 0.5) * slot * 0.6 : 0);
      const color = colorOf(j, uniqueOthers.length);
      const g = svg("g", { class: "point", "data-n": p.ok });
      const tip = svg("title");
      tip.textContent = `${label(p.point, keys)}: ${meanText(p)}`;
      g.append(tip);
      if (p.ok > 1 && p.std !== null) {
        const [y1, y2] = [y(p.mean! - p.std), y(p.mean! + p.std)];
        g.append(
          svg("line", { x1: x, x2: x, y1, y2, stroke: color, class: "errorbar" }),
          svg("line", { x1: x - 3, x2: x + 3, y1, y2: y1, stroke: color }),
          svg("line", { x1: x - 3, x2: x + 3, y1: y2, y2, stroke: color }),
        );
      }
      g.append(svg("circle", { cx: x, cy: y(p.mean!), r: 3.5, fill: p.ok > 1 ? color : "white", stroke: color }));
      root.append(g);
    }
  });
  const id = `chart-axis-${axis.key.replace(/[^A-Za-z0-9_-]/g, "_")}`;
  const key =
    others.length && uniqueOthers.length <= 12
      ? uniqueOthers.map((k, j) => {
          const values = JSON.parse(k) as string[];
          const text = others.map((o, i) => `${o.split(".").pop()}=${values[i]}`).join(", ");
          return el(
            "span",
            { class: "key-item" },
            el("span", { class: "swatch", style: `background:${colorOf(j, uniqueOthers.length)}` }),
            text,
            " ",
          );
        })
      : [];
  const note = `${others.length ? `colour: ${others.join(" × ")}${key.length ? ":" : ""} ` : ""}`;
  const tail = "· hollow: one seed (n = 1, no bar)";
  s.append(el("div", { class: "chart errorbar-chart", id }, root, el("p", { class: "meta" }, note, key, tail)));
}
