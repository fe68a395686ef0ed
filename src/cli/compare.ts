/**
 * `nn-lab compare A.yaml B.yaml`, `compare BASE.yaml --vary k=v1,v2`, `compare RUN_DIR...`: train (or read)
 * several runs and show them side by side — one chart with every run's curve and a legend, a table of
 * final/best metrics and epochs to reach --target, and compare.csv (epoch + the metric per run).
 * Variants of one base config share its seed, so they see the same data and start from the same weights
 * wherever shapes agree (a paired comparison).
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "csv-stringify/sync";
import { loadConfig, parseOverride, type Override } from "../config/load.js";
import { resolveExperiment, type Experiment } from "../config/resolve.js";
import { didYouMean, InputError } from "../errors.js";
import { lineChart } from "../report/chart.js";
import { colorDepth, terminalWidth } from "../report/colors.js";
import { runExperiment, type Summary } from "../run/run.js";
import { claimRunFolder, writeFileAtomic } from "../run/run-folder.js";
import { metricsColumns } from "../run/metrics-csv.js";
import { renderTable } from "../report/table.js";
import { displayValue, expandGrid, parseAxis } from "../sweep/grid.js";
import { overridesFor } from "../sweep/sweep.js";
import { Interrupt, nextTurn } from "./interrupt.js";
import { EXIT } from "./exit.js";
import type { CommonOptions } from "./options.js";
import { fmt } from "./output.js";

export interface CompareOptions extends CommonOptions {
  vary: string[];
  set: string[];
  metric: string;
  target?: string;
  logY?: boolean;
  runs: string;
  out?: string;
}

export interface ComparedRun {
  label: string;
  dir: string;
  header: string[];
  rows: (number | null)[][];
  summary: Summary | null;
}

const isRunDir = (p: string) => existsSync(p) && statSync(p).isDirectory() && existsSync(join(p, "metrics.csv"));

export async function compareCommand(args: string[], opts: CompareOptions): Promise<number> {
  if (args.length === 0) throw new InputError("compare: expected configs, one config with --vary, or run folders");
  const target = opts.target === undefined ? null : Number(opts.target);
  if (target !== null && !Number.isFinite(target)) throw new InputError(`--target ${opts.target}: expected a number`);
  let runs: ComparedRun[];
  let csvDir: string | null = opts.out ?? null;
  const metric = opts.metric;
  let expected = 0;
  let interrupt: Interrupt | null = null;
  if (args.every(isRunDir)) {
    if (opts.vary.length > 0) throw new InputError("compare: --vary needs a base config, not run folders");
    runs = uniqueLabels(args.map((dir) => readRun(dir, dir.replace(/\/+$/, "").split("/").pop()!)));
    checkMetric(
      metric,
      runs.map((r) => r.header),
    );
  } else {
    const dir = args.find((a) => existsSync(a) && statSync(a).isDirectory());
    if (dir) {
      throw new InputError(
        isRunDir(dir)
          ? `compare: ${dir} is a run folder but other arguments are configs; give run folders only, or configs only`
          : `compare: ${dir} is a folder without metrics.csv (not a run folder)`,
      );
    }
    const variants = planVariants(args, opts);
    expected = variants.length;
    // the metric is checked against the columns each run will write, before anything trains
    checkMetric(
      metric,
      variants.map((v) => metricsColumns(v.experiment.config.model.layers.length + 1, v.experiment.config.model.layers.length)),
    );
    const parent = claimRunFolder(opts.runs, "compare");
    csvDir ??= parent;
    runs = [];
    interrupt = new Interrupt();
    try {
      for (const v of variants) {
        await nextTurn();
        if (interrupt.requested) break;
        const { summary, runDir } = await runExperiment(v.experiment, { runDir: join(parent, v.folder), shouldStop: interrupt.stopped });
        if (!opts.quiet && !opts.json) process.stderr.write(`${v.label}: ${summary.status}, train_loss ${fmt(summary.final.train_loss)}\n`);
        runs.push(readRun(runDir, v.label));
      }
    } finally {
      interrupt.dispose();
    }
  }
  const csvPath = csvDir ? join(csvDir, "compare.csv") : null;
  if (csvPath) writeFileAtomic(csvPath, compareCsv(runs, metric));
  const table = runs.map((r) => tableRow(r, metric, target));
  const cut = runs.length < expected || runs.some((r) => r.summary?.status === "interrupted");
  const code = interrupt?.requested && cut ? EXIT.interrupted : EXIT.ok;
  if (opts.json) {
    process.stdout.write(JSON.stringify({ metric, target, csv: csvPath, runs: table }, null, 2) + "\n");
    return code;
  }
  if (opts.quiet) return code;
  const depth = colorDepth(process.stdout, opts.color);
  const width = terminalWidth(process.stdout);
  const series = runs.map((r) => {
    const e = r.header.indexOf("epoch");
    const m = r.header.indexOf(metric);
    const pts = m < 0 ? [] : r.rows.filter((row) => row[m] !== null);
    return { name: r.label, x: pts.map((row) => row[e]!), y: pts.map((row) => row[m]!) };
  });
  const out = [lineChart(series, { width, depth, logY: opts.logY, title: `${metric} by epoch`, xLabel: "epoch" }), ""];
  out.push(
    renderTable(
      [
        { header: "run", align: "left" },
        { header: "status", align: "left" },
        { header: "epochs" },
        { header: "train_loss" },
        { header: "test_loss" },
        { header: "train_acc" },
        { header: "test_acc" },
        ...(hasBest(metric)
          ? [{ header: `best ${metric} (epoch)` }]
          : [{ header: `min ${metric} (epoch)` }, { header: `max ${metric} (epoch)` }]),
        ...(target !== null ? [{ header: `epochs to ${metric} ${metric.endsWith("_acc") ? "≥" : "≤"} ${target}` }] : []),
      ],
      table.map((t) => [
        t.label,
        t.status,
        String(t.epochs),
        fmt(t.final.train_loss),
        fmt(t.final.test_loss),
        fmt(t.final.train_acc, 3),
        fmt(t.final.test_acc, 3),
        ...(hasBest(metric) ? [at(t.best)] : [at(t.min), at(t.max)]),
        ...(target !== null ? [t.epochs_to_target === null ? "never" : String(t.epochs_to_target)] : []),
      ]),
    ),
  );
  if (csvPath) out.push("", `compare.csv: ${csvPath}`);
  process.stdout.write(out.join("\n") + "\n");
  return code;
}

interface Variant {
  label: string;
  /** Run folder name inside the comparison's folder. */
  folder: string;
  experiment: Experiment;
}

function planVariants(files: string[], opts: CompareOptions): Variant[] {
  const sets = opts.set.map(parseOverride);
  const problems: string[] = [];
  const variants: Variant[] = [];
  const add = (label: string, file: string, overrides: Override[], folder = label) => {
    try {
      variants.push({ label, folder, experiment: resolveExperiment(loadConfig(file, overrides)) });
    } catch (e) {
      if (e instanceof InputError) problems.push(...e.problems);
      else throw e;
    }
  };
  if (opts.vary.length > 0) {
    if (files.length !== 1) throw new InputError(`compare --vary: expected one base config, got ${files.length}`);
    const base = loadConfig(files[0], sets);
    const axes = opts.vary.map((v) => parseAxis(v, "--vary"));
    for (const run of expandGrid(axes, [base.parsed.seed])) {
      const label = Object.entries(run.point)
        .map(([k, v]) => `${k.split(".").pop()}=${displayValue(v)}`)
        .join(", ");
      add(label, files[0], [...sets, ...overridesFor(run).filter((o) => o.path[0] !== "seed")], run.id.replace(/,seed=\d+$/, ""));
    }
  } else {
    for (const f of files) add("", f, sets);
    const seen = new Map<string, number>();
    for (const v of variants) {
      const n = (seen.get(v.experiment.config.name) ?? 0) + 1;
      seen.set(v.experiment.config.name, n);
      v.label = n === 1 ? v.experiment.config.name : `${v.experiment.config.name}-${n}`;
      v.folder = v.label;
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  return variants;
}

function readRun(dir: string, label: string): ComparedRun {
  const lines = readFileSync(join(dir, "metrics.csv"), "utf8").trimEnd().split("\n");
  const header = lines[0].split(",");
  const rows = lines.slice(1).map((l) => l.split(",").map((c) => (c === "" ? null : Number(c))));
  let summary: Summary | null = null;
  try {
    summary = JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")) as Summary;
  } catch {
    summary = null; // an interrupted or killed run: compare what it wrote
  }
  return { label, dir, header, rows, summary };
}

function tableRow(r: ComparedRun, metric: string, target: number | null) {
  const e = r.header.indexOf("epoch");
  const m = r.header.indexOf(metric);
  const col = (name: string) => {
    const i = r.header.indexOf(name);
    return i < 0 || r.rows.length === 0 ? null : r.rows[r.rows.length - 1][i];
  };
  const higher = metric.endsWith("_acc");
  let min: { value: number; epoch: number } | null = null;
  let max: { value: number; epoch: number } | null = null;
  let reached: number | null = null;
  for (const row of r.rows) {
    const v = row[m];
    if (v === null || !Number.isFinite(v)) continue;
    if (!min || v < min.value) min = { value: v, epoch: row[e]! };
    if (!max || v > max.value) max = { value: v, epoch: row[e]! };
    if (target !== null && reached === null && (higher ? v >= target : v <= target)) reached = row[e];
  }
  // "best" is the lowest loss or the highest accuracy; other columns (gradient norms, dead fractions) get min and max.
  const best = hasBest(metric) ? (higher ? max : min) : null;
  return {
    label: r.label,
    dir: r.dir,
    status: r.summary?.status ?? "unfinished",
    epochs: r.rows.length ? r.rows[r.rows.length - 1][e] : 0,
    final: { train_loss: col("train_loss"), test_loss: col("test_loss"), train_acc: col("train_acc"), test_acc: col("test_acc") },
    best,
    min,
    max,
    epochs_to_target: reached,
  };
}

/** The metric must be a column of at least one run (runs of other depths simply have no curve for grad_norm_layer3). */
function checkMetric(metric: string, headers: string[][]): void {
  if (headers.some((h) => h.includes(metric))) return;
  const all = [...new Set(headers.flat())];
  throw new InputError(`--metric ${metric}: no run has such a metrics.csv column${didYouMean(metric, all)}; columns: ${all.join(", ")}`);
}

/** Run folders with the same base name get -2, -3, … so their curves and compare.csv columns stay apart. */
function uniqueLabels(runs: ComparedRun[]): ComparedRun[] {
  const seen = new Map<string, number>();
  return runs.map((r) => {
    const n = (seen.get(r.label) ?? 0) + 1;
    seen.set(r.label, n);
    return n === 1 ? r : { ...r, label: `${r.label}-${n}` };
  });
}

const hasBest = (metric: string) => metric.endsWith("_loss") || metric.endsWith("_acc");
const at = (p: { value: number; epoch: number } | null) => (p ? `${fmt(p.value)} (${p.epoch})` : "—");

/** epoch, then the metric per run (empty where a run has no row for that epoch). */
export function compareCsv(runs: ComparedRun[], metric: string): string {
  const byRun = runs.map((r) => {
    const e = r.header.indexOf("epoch");
    const m = r.header.indexOf(metric);
    return new Map(r.rows.map((row) => [row[e]!, row[m]]));
  });
  const epochs = [...new Set(byRun.flatMap((m) => [...m.keys()]))].sort((a, b) => a - b);
  const rows = epochs.map((ep) => [
    String(ep),
    ...byRun.map((m) => (m.get(ep) === null || m.get(ep) === undefined ? "" : String(m.get(ep)))),
  ]);
  return stringify([["epoch", ...runs.map((r) => r.label)], ...rows]);
}
