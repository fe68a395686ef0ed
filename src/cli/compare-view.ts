/**
 * What `nn-lab compare` writes and prints once its runs are trained or read: compare.csv, report.html, and either
 * one JSON document or the chart of every run's curve (with --seeds: each variant's mean curve and its min–max over
 * seeds), the gradient flow and decision boundaries side by side, the table, and with --seeds a verdict per pair.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { betterOf, metricFamily, SCORE_METRICS_BY_KIND } from "../metrics.js";
import { compareCsv, comparisonRow, curves, flowRun, hasBest, type ComparedRun, type ComparisonRow } from "../run/compare.js";
import {
  seededCsv,
  spreadCurve,
  variantStats,
  verdicts,
  type PairVerdict,
  type SeededVariant,
  type VariantStats,
} from "../run/compare-seeds.js";
import { hasRunModel, readRunModel } from "../run/read.js";
import { writeFileAtomic } from "../run/run-folder.js";
import type { Variant } from "../run/train-variants.js";
import { writeReport } from "../report/sweep-data.js";
import { lineChart, LOSS_DIVERGE_FACTOR, type Series } from "../terminal/chart.js";
import { colorDepth, terminalWidth, type ColorDepth } from "../terminal/colors.js";
import { gradientFlowSideBySide } from "../terminal/gradflow.js";
import { boundaryMaps, mappable, type MapRun } from "../terminal/maps.js";
import { fitTable, type FitColumn } from "../terminal/table.js";
import { environment } from "./environment.js";
import { EXIT } from "./exit.js";
import { digitsOf, meanStd, yScale } from "./output.js";
import { fmt } from "../format.js";
import { jsonShown } from "../files.js";

/** What a comparison will do, checked before anything trains. */
export interface ComparisonPlan {
  metric: string;
  target: number | null;
  seeds: number[] | null;
  /** compare RUN_DIR...: the folders to read; null when configs are trained. */
  folders: string[] | null;
  variants: Variant[];
}

/** The flags that shape what is written and printed. */
export interface CompareViewOptions {
  json?: boolean;
  quiet?: boolean;
  color?: boolean;
  logY?: boolean;
  linearY?: boolean;
  /** --wide: every column of the table, however wide. */
  wide?: boolean;
  /** false with --no-boundary. */
  boundary?: boolean;
  out?: string;
  /** --report: write report.html next to compare.csv (the comparison's folder, or --out). */
  report?: boolean;
}

/** The runs of a comparison, trained or read. */
export interface Compared {
  runs: ComparedRun[];
  /** The variant each run trained (empty for run folders). */
  variants: Variant[];
  /** The runs' final models and data, for their decision boundaries. */
  maps: MapRun[];
  /** Each run's layers' activations, for its gradient flow. */
  activations: string[][];
  /** The comparison's folder (null for run folders). */
  parent: string | null;
  /** Trained with --live: the last frame is on the screen above. */
  live: boolean;
  /** With --live: the panels the last frame hid (too tall for the terminal), printed below it. */
  hidden: string[];
  /** When a signal cut the comparison short: its exit code, 128+N; else null. */
  cut: number | null;
}

interface View {
  width: number;
  depth: ColorDepth;
}

export function showComparison(plan: ComparisonPlan, c: Compared, opts: CompareViewOptions): number {
  const seeded = plan.seeds ? groupBySeeds(c, plan.seeds) : null;
  const csvDir = opts.out ?? c.parent;
  const csv = csvDir ? join(csvDir, "compare.csv") : null;
  if (csv) writeFileAtomic(csv, seeded ? seededCsv(seeded, plan.metric) : compareCsv(c.runs, plan.metric));
  const report = opts.report
    ? writeReport(
        c.runs.map((r) => r.dir),
        join(csvDir ?? ".", "report.html"),
      )
    : null;
  const code = c.cut ?? EXIT.ok;
  const table = c.runs.map((r) => comparisonRow(r, plan.metric, plan.target));
  const stats = seeded?.map((v) => variantStats(v, plan.metric)) ?? null;
  const judged = stats ? verdicts(stats, plan.metric, betterOf(plan.metric) === "higher") : null;
  if (opts.json) {
    const seeds = plan.seeds && { seeds: plan.seeds };
    const runs = plan.seeds ? table.map((t, i) => ({ variant: c.variants[i].label, seed: c.variants[i].seed, ...t })) : table;
    const aggregates = stats && { variants: stats, verdicts: judged };
    const doc = { metric: plan.metric, target: plan.target, ...seeds, csv, report, runs, ...aggregates };
    process.stdout.write(jsonShown(doc, 2) + "\n");
    return code;
  }
  if (opts.quiet) return code;
  const view = { width: terminalWidth(process.stdout), depth: colorDepth(process.stdout, opts.color, process.env) };
  const out =
    seeded && stats && judged
      ? seededText(seeded, stats, judged, c, plan, opts, view)
      : [...pictures(c, plan.metric, opts, view), runsTable(table, plan, opts, view)];
  if (csv) out.push("", `compare.csv: ${csv}`);
  if (report) out.push(`report: ${report}`);
  process.stdout.write(out.join("\n") + "\n");
  return code;
}

/** The runs grouped by variant (in the order they were planned), each variant's runs in the order of --seeds. */
function groupBySeeds(c: Compared, seeds: readonly number[]): SeededVariant[] {
  const groups = new Map<string, SeededVariant>();
  c.runs.forEach((run, i) => {
    const { label, seed } = c.variants[i];
    const g = groups.get(label) ?? groups.set(label, { label, runs: [] }).get(label)!;
    g.runs.push({ seed: seed!, run });
  });
  for (const g of groups.values()) g.runs.sort((a, b) => seeds.indexOf(a.seed) - seeds.indexOf(b.seed));
  return [...groups.values()];
}

/** Chart, gradient flow and maps of the runs, each followed by a blank line (with --live the last frame holds them). */
function pictures(c: Compared, metric: string, opts: CompareViewOptions, view: View): string[] {
  const family = metricFamily(metric);
  const series = curves(c.runs, metric).map((s) => {
    const r = c.runs[s.run];
    const e = r.header.indexOf("epoch");
    const m = r.header.indexOf(s.column);
    const pts = r.rows.filter((row) => row[m] !== null);
    return { name: s.name, x: pts.map((row) => row[e]!), y: pts.map((row) => row[m]!) };
  });
  const layers = family && Math.max(...c.runs.map((r) => r.header.filter((h) => h.startsWith(family.name)).length));
  const title = family ? `${family.name}1..${layers} by epoch` : `${metric} by epoch`;
  // with --live the final frame above already holds the train_loss chart, the gradient flow and the maps, but for
  // the panels it hid (the terminal was too short): those are printed here
  const framed = c.live && metric === "train_loss" && !c.hidden.includes("loss chart");
  const chart = framed ? "" : curveChart(series, metric, title, opts, view);
  const out = chart ? [chart, ""] : c.live ? [""] : [];
  return [...out, ...panels(c, opts, view, c.live ? c.hidden : null)];
}

/**
 * The runs' gradient flow and decision boundaries side by side, each followed by a blank line; with `only`, just
 * those it names (the panels a live frame hid).
 */
function panels(c: Compared, opts: CompareViewOptions, view: View, only: readonly string[] | null = null): string[] {
  const out: string[] = [];
  const wanted = (panel: string) => only === null || only.includes(panel);
  const flow = wanted("gradient flow")
    ? gradientFlowSideBySide(
        c.runs.map((r, i) => flowRun(r, c.activations[i])),
        view,
      )
    : "";
  if (flow) out.push(flow, "");
  const map =
    opts.boundary === false || c.maps.length !== c.runs.length || !wanted("decision boundaries") ? null : boundaryMaps(c.maps, view);
  if (map) out.push(map, "");
  return out;
}

function curveChart(series: Series[], metric: string, title: string, opts: CompareViewOptions, view: View): string {
  return lineChart(series, {
    ...view,
    logY: yScale(opts),
    divergeAbove: metric.endsWith("_loss") ? LOSS_DIVERGE_FACTOR : undefined,
    title,
    xLabel: "epoch",
  });
}

/** One row per run: status, epochs, final score metrics, best (or min and max) of the metric, epochs to --target. */
function runsTable(table: ComparisonRow[], plan: ComparisonPlan, opts: CompareViewOptions, view: View): string {
  const { metric, target } = plan;
  const family = metricFamily(metric);
  const columns: FitColumn[] = [
    { header: "run", align: "left", truncate: true },
    { header: "status", align: "left" },
    { header: "epochs" },
    ...scoreColumns(""),
    ...(family
      ? []
      : hasBest(metric)
        ? [{ header: `best ${metric} (epoch)`, short: "best (epoch)" }]
        : [
            { header: `min ${metric} (epoch)`, short: "min (epoch)" },
            { header: `max ${metric} (epoch)`, short: "max (epoch)" },
          ]),
    ...(target !== null ? [targetColumn(metric, target)] : []),
  ];
  const cells = table.map((t) => [
    t.label,
    t.status,
    String(t.epochs),
    ...SCORE_METRICS_BY_KIND.map((m) => fmt(t.final[m], digitsOf(m))),
    ...(family ? [] : hasBest(metric) ? [at(t.best)] : [at(t.min), at(t.max)]),
    ...(target !== null ? [t.epochs_to_target === null ? "never" : String(t.epochs_to_target)] : []),
  ]);
  return fitTable(columns, cells, opts.wide ? Infinity : view.width);
}

const scoreColumns = (suffix: string): FitColumn[] =>
  SCORE_METRICS_BY_KIND.map((m) => ({ header: `${m}${suffix}`, short: m.replace("train_", "train ").replace("test_", "test ") }));

function targetColumn(metric: string, target: number): FitColumn {
  const sign = betterOf(metric) === "higher" ? "≥" : "≤";
  return { header: `epochs to ${metric} ${sign} ${target}`, short: `to ${sign} ${target}` };
}

/**
 * A seeded comparison: the chart of each variant's mean curve with its min–max band, the first seed's gradient flow
 * and maps, the table of mean ± std (n) and the verdict of each pair.
 */
function seededText(
  seeded: SeededVariant[],
  stats: VariantStats[],
  judged: PairVerdict[],
  c: Compared,
  plan: ComparisonPlan,
  opts: CompareViewOptions,
  view: View,
): string[] {
  const series: Series[] = seeded.map((v, i) => {
    const curve = spreadCurve(
      v.runs.map((r) => r.run),
      plan.metric,
    );
    const n = stats[i].finished || v.runs.length;
    return { name: `${v.label} (mean of ${n})`, x: curve.x, y: curve.mean, band: { lower: curve.min, upper: curve.max, name: "min–max" } };
  });
  const chart = curveChart(series, plan.metric, `${plan.metric} by epoch · mean over seeds ${seedList(plan.seeds!)}`, opts, view);
  const out = [...(c.live ? [""] : []), chart, ""]; // with --live: a blank line under the last seed's frame
  // the first seed's panels; with --live, those the last seed's final frame above hid
  const seed = c.live ? plan.seeds![plan.seeds!.length - 1] : plan.seeds![0];
  const shown = c.runs.map((_, i) => i).filter((i) => c.variants[i].seed === seed);
  if (shown.length > 1 && (!c.live || c.hidden.length > 0)) {
    const sub = {
      ...c,
      runs: shown.map((i) => c.runs[i]),
      maps: shown.map((i) => c.maps[i]),
      activations: shown.map((i) => c.activations[i]),
    };
    out.push(...panels(sub, opts, view, c.live ? c.hidden : null));
  }
  out.push(seededTable(stats, plan, opts, view), "", ...judged.flatMap((v) => wrap(verdictText(v, digitsOf(plan.metric)), view.width)));
  return out;
}

/** "1-5" for a run of consecutive seeds, else "1, 4, 9". */
const seedList = (seeds: readonly number[]) =>
  seeds.length > 2 && seeds.every((s, i) => i === 0 || s === seeds[i - 1] + 1)
    ? `${seeds[0]}-${seeds[seeds.length - 1]}`
    : seeds.join(", ");

/** One row per variant: its seeds, how its runs ended, and each final metric as mean ± std over the n that finished. */
function seededTable(stats: VariantStats[], plan: ComparisonPlan, opts: CompareViewOptions, view: View): string {
  const columns: FitColumn[] = [
    { header: "variant", align: "left", truncate: true },
    { header: "n", keep: true }, // the n every mean beside it rests on
    { header: "runs", align: "left" },
    ...scoreColumns(" (mean ± std)"),
  ];
  // how the runs ended, when not every run completed ("4 completed, 1 diverged"; a column of — is dropped)
  const allCompleted = stats.every((s) => Object.keys(s.statuses).every((k) => k === "completed"));
  const cells = stats.map((s) => [
    s.label,
    String(s.finished),
    allCompleted
      ? "—"
      : Object.entries(s.statuses)
          .map(([status, k]) => `${k} ${status}`)
          .join(", "),
    // the n column holds each mean's n; a metric over fewer runs says its own
    ...SCORE_METRICS_BY_KIND.map((m) => meanStd(s.final[m], digitsOf(m), { n: s.final[m]?.n !== s.finished })),
  ]);
  const note = `final metrics: mean ± std over the n of seeds ${seedList(plan.seeds!)} that finished`;
  return [...wrap(note, view.width, ""), fitTable(columns, cells, opts.wide ? Infinity : view.width)].join("\n");
}

/**
 * "relu below sigmoid in final train_loss on 5 of 5 seeds; mean difference −0.4100 (95% bootstrap interval −0.4500 …
 * −0.3700, 10,000 resamples)".
 */
export function verdictText(v: PairVerdict, digits: number): string {
  const n = v.seeds.length;
  const left = v.left_out.map((l) => `seed ${l.seed} (${l.why})`).join(", ");
  const leftOut = left ? `; left out: ${left}` : "";
  if (n === 0) return `${v.lower} vs ${v.higher}: no seed where both finished, no verdict${leftOut}`;
  if (v.equal === n) return `${v.lower} and ${v.higher} equal in final ${v.metric} on ${n} of ${n} seeds${leftOut}`;
  const num = (x: number) => fmt(x, digits).replace(/^-/, "−");
  const head = `${v.lower} below ${v.higher} in final ${v.metric} on ${v.below} of ${n} seed${n === 1 ? "" : "s"}${v.equal ? ` (equal on ${v.equal})` : ""}`;
  const interval = v.interval
    ? ` (${Math.round(v.confidence * 100)}% bootstrap interval ${num(v.interval[0])} … ${num(v.interval[1])}, ${v.resamples.toLocaleString("en-US")} resamples${v.interval[0] <= 0 && v.interval[1] >= 0 ? "; it includes 0" : ""})`
    : " (one seed: no interval)";
  return `${head}; mean difference ${num(v.mean_difference!)}${interval}${leftOut}`;
}

/** Words wrapped to `width` columns; lines after the first indented. */
function wrap(text: string, width: number, indent = "    "): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && [...line].length + 1 + [...word].length > width) {
      lines.push(line);
      line = indent + word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line];
}

/**
 * Run folders' maps: each run's network rebuilt from model.json, its data from config.json (as training saw them),
 * titled with the folder's label and the final accuracy summary.json holds (metrics.csv's last row without one).
 * None when a folder lacks config.json or model.json (a killed run), or when the runs are not 2-D classification.
 */
export function folderMaps(runs: readonly ComparedRun[]): MapRun[] {
  const lacking = runs.find((r) => !hasRunModel(r.dir));
  if (lacking) {
    const file = existsSync(join(lacking.dir, "config.json")) ? "model.json" : "config.json";
    process.stderr.write(`nn-lab: compare: no decision-boundary maps: ${lacking.dir} has no ${file}\n`);
    return [];
  }
  const maps = runs.map((r) => {
    const { experiment, model } = readRunModel(r.dir, { memoryLimitMb: environment().memoryLimitMb });
    const final = r.summary?.final ?? comparisonRow(r, "train_loss", null).final;
    return { label: r.label, score: accuracyNote(final), model, data: experiment.data, features: experiment.config.data.features ?? null };
  });
  return mappable(maps) ? maps : [];
}

/** "test acc 0.975" (or train acc when there is no test set); null for regression. */
export function accuracyNote(final: { train_acc: number | null; test_acc: number | null }): string | null {
  if (final.test_acc !== null) return `test acc ${fmt(final.test_acc, 3)}`;
  return final.train_acc !== null ? `train acc ${fmt(final.train_acc, 3)}` : null;
}

const at = (p: { value: number; epoch: number } | null) => (p ? `${fmt(p.value)} (${p.epoch})` : "—");
