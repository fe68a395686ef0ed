/**
 * Charts that tell the truth (issue 23). What these tests prove:
 *  - every plotted point lies on a row whose label is within half a row of the point's value, on linear and log
 *    scales, with values crossing zero, several heights and widths, and a diverged curve's headroom: the chart is
 *    drawn with one point per column (x = 0, 1, 2, …), so column c holds value y[c] and the cell asciichart draws
 *    for it (─ ╮ ╯ in the series' style) can be read back with its row label;
 *  - the chart of issue 23 (vanishing sigmoid vs ReLU, grad_norm_layer1, --log-y): the sigmoid's values, 2.39e-5 to
 *    2.76e-5 in metrics.csv, sit on the row labelled 2.4e-5 (they were drawn on 5.6e-5 before);
 *  - with more series than line styles and no colour, every line ends in its tag and the legend gives the tag.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lineChart } from "../../src/terminal/chart.js";
import { column, readMetrics, runMain, tempDir } from "../helpers.js";
import { readdirSync } from "node:fs";

const STYLES = ["─╮╯", "━┓┛", "═╗╝", "┄╮╯"];

/** The interval of values a label can stand for: "2.4e-5" → [2.35e-5, 2.45e-5], "0.046" → [0.0455, 0.0465]. */
function labelRange(label: string): [number, number] {
  const [mantissa, exp] = label.split("e");
  const decimals = mantissa.includes(".") ? mantissa.split(".")[1].length : 0;
  const half = 0.5 * 10 ** -decimals * 10 ** Number(exp ?? 0);
  const v = Number(label);
  return [v - half, v + half];
}

/** For one series drawn alone: [value, row label] of every point asciichart drew a cell for. */
function pointsAndLabels(chart: string, y: readonly number[], style: string): [number, string][] {
  const rows = chart.split("\n").filter((l) => /^ *\S+ [┤┼╋╬]/.test(l));
  const axis = [...rows[0]].findIndex((ch, i) => i > 0 && "┤┼╋╬".includes(ch));
  const found: [number, string][] = [];
  for (const row of rows) {
    const cells = [...row];
    for (let c = 0; c < y.length - 1; c++) if (style.includes(cells[axis + 1 + c] ?? " ")) found.push([y[c], row.trim().split(" ")[0]]);
  }
  return found;
}

/** Draws the values one per column (the chart asked for exactly that many points) and checks each against its row. */
function expectEveryPointOnItsRow(values: (n: number) => number[], opts: { width: number; height: number; logY: boolean }) {
  // the label width decides the columns: draw until one value per column is what was drawn
  const axisOf = (c: string) => [...c.split("\n")[0]].findIndex((ch, i) => i > 0 && "┤┼╋".includes(ch));
  let n = opts.width;
  let y = values(n);
  let chart = "";
  for (let tries = 0; tries < 5; tries++) {
    chart = lineChart([{ name: "s", x: y.map((_, i) => i), y }], { ...opts, depth: 1 });
    if (opts.width - axisOf(chart) === n) break;
    n = opts.width - axisOf(chart);
    y = values(n);
  }
  expect(opts.width - axisOf(chart)).toBe(n);
  const labels = chart
    .split("\n")
    .filter((l) => /[┤┼╋]/.test(l))
    .map((l) => l.trim().split(" ")[0]);
  const f = opts.logY ? Math.log10 : (v: number) => v;
  const step = (f(Number(labels[0])) - f(Number(labels[labels.length - 1]))) / (labels.length - 1);
  const points = pointsAndLabels(chart, y, STYLES[0]);
  // every column's point was drawn (one series: nothing drew over it)
  expect(points.length).toBeGreaterThanOrEqual(n - 1);
  for (const [v, label] of points) {
    const [a, b] = labelRange(label).map(f);
    const distance = v < 0 && opts.logY ? Infinity : Math.max(0, a - f(v), f(v) - b);
    expect(distance, `${v} drawn on the row labelled ${label} (a row is ${step.toPrecision(3)})`).toBeLessThanOrEqual(step / 2 + 1e-9);
  }
}

describe("every plotted point lies within half a row of its row's label", () => {
  const wave = (n: number) => Array.from({ length: n }, (_, i) => 1 + Math.sin(i / 3) * 0.8 + i / n);
  const decades = (n: number) => Array.from({ length: n }, (_, i) => 2.5e-5 * 10 ** ((4.5 * i) / n) * (1 + 0.15 * Math.sin(i)));
  const crossing = (n: number) => Array.from({ length: n }, (_, i) => -3 + (7 * i) / n + Math.cos(i / 2));
  const flat = (n: number) => Array.from({ length: n }, (_, i) => (i < n / 2 ? 2.39e-5 : 2.76e-5) + (i % 3) * 1e-7);
  it.each([
    ["a wave, linear, 12 rows, 80 columns", wave, { width: 80, height: 12, logY: false }],
    ["a wave, linear, 4 rows, 40 columns", wave, { width: 40, height: 4, logY: false }],
    ["4.5 decades, log, 12 rows", decades, { width: 80, height: 12, logY: true }],
    ["4.5 decades, log, 7 rows, 50 columns", decades, { width: 50, height: 7, logY: true }],
    ["crossing zero, linear, 9 rows", crossing, { width: 70, height: 9, logY: false }],
    ["two close values, log, 20 rows", flat, { width: 60, height: 20, logY: true }],
  ] as const)("%s", (_, values, opts) => expectEveryPointOnItsRow(values, opts));

  it("the issue's chart: the vanishing sigmoid's grad_norm_layer1 on the row labelled 2.4e-5", async () => {
    const runs = tempDir();
    const r = await runMain([
      "compare",
      "configs/classic-vanishing-sigmoid.yaml",
      "configs/classic-vanishing-relu-he.yaml",
      "--metric",
      "grad_norm_layer1",
      "--log-y",
      "--no-color",
      "--runs",
      runs,
    ]);
    expect(r.code).toBe(0);
    const dir = readdirSync(runs).find((d) => d.startsWith("compare-"))!;
    const sub = readdirSync(join(runs, dir)).find((d) => d.includes("sigmoid"))!;
    const g = column(readMetrics(join(runs, dir, sub)), "grad_norm_layer1").slice(1) as number[];
    expect(Math.min(...g)).toBeGreaterThan(2.3e-5);
    expect(Math.max(...g)).toBeLessThan(2.8e-5);
    const chart = r.stdout.slice(0, r.stdout.indexOf("\n\n"));
    // the light line (the sigmoid run) is on one row, labelled 2.4e-5
    const rowsWithLight = chart.split("\n").filter((l) => /^ *\S+ [┤┼].*[─╮╯╭╰]/.test(l));
    expect(rowsWithLight.map((l) => l.trim().split(" ")[0])).toEqual(["2.4e-5"]);
  });
});

describe("many series without colour", () => {
  it("tags each line at its end and in the legend when styles repeat", () => {
    const x = [0, 1, 2, 3];
    const series = Array.from({ length: 6 }, (_, k) => ({ name: `layer ${k + 1}`, x, y: x.map(() => 10 ** -k) }));
    const chart = lineChart(series, { width: 40, height: 10, depth: 1, logY: true });
    const lines = chart.split("\n");
    // each value 10^-k has its own row; the tag k+1 ends that row, the legend says which line it is
    for (let k = 0; k < 6; k++) {
      const row = lines.find((l) => Math.abs(Math.log10(Number(l.trim().split(" ")[0])) + k) < 0.01)!;
      expect(row, `row of 1e-${k}`).toMatch(new RegExp(`[─━═┄] ${k + 1}$`));
      expect(chart).toContain(`${["──", "━━", "══", "┄┄"][k % 4]} ${k + 1} layer ${k + 1}`);
    }
    expect(Math.max(...lines.map((l) => [...l].length))).toBeLessThanOrEqual(40);
    // four series or colour: no tags
    expect(lineChart(series.slice(0, 4), { width: 40, height: 10, depth: 1, logY: true })).toContain("── layer 1");
    expect(lineChart(series, { width: 40, height: 10, depth: 8, logY: true })).not.toMatch(/ 1 layer 1/);
  });
});
