/**
 * `nn-lab compare A.yaml B.yaml`, `compare BASE.yaml --vary k=v1,v2`, `compare RUN_DIR...`: train (or read)
 * several runs and show them side by side — one chart with every run's curve and a legend, a table of
 * final/best metrics and epochs to reach --target, and compare.csv (epoch + the metric per run).
 * Variants of one base config share its seed, so they see the same data and start from the same weights
 * wherever shapes agree (a paired comparison).
 */
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../errors.js";
import { writeReport } from "../report/sweep-data.js";
import { betterOf, metricFamily, metricsColumns, SCORE_METRICS_BY_KIND } from "../metrics.js";
import { lineChart, LOSS_DIVERGE_FACTOR } from "../terminal/chart.js";
import { colorDepth, terminalWidth } from "../terminal/colors.js";
import { checkMetric, compareCsv, comparisonRow, curves, flowRun, hasBest, uniqueLabels, type ComparedRun } from "../run/compare.js";
import { hasRunModel, isRunDir, readRunConfig, readRunMetrics, readRunModel } from "../run/read.js";
import { gradientFlowSideBySide, layerActivations } from "../terminal/gradflow.js";
import { runExperiment } from "../run/run.js";
import { checkReplaceable, claimRunFolder, writeFileAtomic } from "../run/run-folder.js";
import { compareFrame, LiveRun, LiveScreen } from "../terminal/live.js";
import { boundaryMaps, mappable, type MapRun } from "../terminal/maps.js";
import { fitTable, type FitColumn } from "../terminal/table.js";
import { planVariants } from "../sweep/variants.js";
import { Interrupt, nextTurn } from "./interrupt.js";
import { EXIT } from "./exit.js";
import type { CommonOptions, ConfigOptions } from "./options.js";
import { digitsOf, fmt, wantsLive, yScale } from "./output.js";
import { environment } from "./environment.js";

export interface CompareOptions extends CommonOptions, ConfigOptions {
  vary: string[];
  metric: string;
  target?: string;
  logY?: boolean;
  linearY?: boolean;
  /** --live: train the runs together, redrawing the shared loss chart and their maps in place (on a terminal). */
  live?: boolean;
  /** --wide: every column of the table, however wide. */
  wide?: boolean;
  /** false with --no-boundary. */
  boundary?: boolean;
  runs: string;
  out?: string;
  overwrite?: boolean;
  /** --report: write report.html next to compare.csv (the comparison's folder, or --out). */
  report?: boolean;
}

export async function compareCommand(args: string[], opts: CompareOptions): Promise<number> {
  if (args.length === 0) throw new InputError("compare: expected configs, one config with --vary, or run folders");
  const target = opts.target === undefined ? null : Number(opts.target);
  if (target !== null && !Number.isFinite(target)) throw new InputError(`--target ${opts.target}: expected a number`);
  yScale(opts); // contradictory flags fail before anything trains
  const folders = args.every(isRunDir);
  if (folders && opts.live && !opts.json && !opts.quiet)
    process.stderr.write("nn-lab: --live: run folders are read, not trained; printing the usual output\n");
  const live = !folders && wantsLive(opts);
  const family = metricFamily(opts.metric);
  if (family && target !== null)
    throw new InputError(`--target: one value per run; ${opts.metric} is a family of columns (give one, e.g. ${family.name}1)`);
  let runs: ComparedRun[];
  let csvDir: string | null = opts.out ?? null;
  const metric = opts.metric;
  let expected = 0;
  let interrupt: Interrupt | null = null;
  const maps: MapRun[] = []; // the runs' final models and data, for their decision boundaries
  const activations: string[][] = []; // each run's layers' activations, for its gradient flow
  // before anything trains: compare.csv in --out is not silently replaced
  if (opts.out) checkReplaceable(join(opts.out, "compare.csv"), `--out ${opts.out}`, opts.overwrite ?? false);
  if (folders) {
    if (opts.vary.length > 0) throw new InputError("compare: --vary needs a base config, not run folders");
    runs = uniqueLabels(args.map((dir) => ({ ...readRunMetrics(dir), label: dir.replace(/\/+$/, "").split("/").pop()! })));
    checkMetric(
      metric,
      runs.map((r) => r.header),
    );
    if (!opts.json && !opts.quiet && opts.boundary !== false) maps.push(...folderMaps(runs));
    for (const r of runs) {
      const config = join(r.dir, "config.json");
      activations.push((existsSync(config) ? readRunConfig(config).activations : null) ?? []);
    }
  } else {
    const dir = args.find((a) => existsSync(a) && statSync(a).isDirectory());
    if (dir) {
      throw new InputError(
        isRunDir(dir)
          ? `compare: ${dir} is a run folder but other arguments are configs; give run folders only, or configs only`
          : `compare: ${dir} is a folder without metrics.csv (not a run folder)`,
      );
    }
    const variants = planVariants(args, { ...opts, memoryLimitMb: environment().memoryLimitMb });
    expected = variants.length;
    // the metric is checked against the columns each run will write, before anything trains
    checkMetric(
      metric,
      variants.map((v) => metricsColumns(v.experiment.config.model.layers.length + 1, v.experiment.config.model.layers.length)),
    );
    const parent = claimRunFolder(opts.runs, "compare");
    csvDir ??= parent;
    runs = [];
    const views = live ? variants.map((v) => new LiveRun(v.label, v.experiment)) : null;
    const screen = views ? new LiveScreen(process.stdout) : null;
    const frame = () =>
      compareFrame(views!, {
        width: screen!.width,
        height: screen!.height,
        depth: colorDepth(process.stdout, opts.color, process.env),
        logY: yScale(opts),
      });
    interrupt = new Interrupt(() => screen?.stop());
    const restore = () => screen?.stop(); // whatever ends the process, the cursor is shown again
    process.once("exit", restore);
    const trainOne = async (v: (typeof variants)[number], i: number) => {
      const outcome = await runExperiment(v.experiment, {
        runDir: join(parent, v.folder),
        shouldStop: interrupt!.stopped,
        evalThread: environment().evalThread,
        onModel: (mlp) => views && (views[i].mlp = mlp),
        onEpoch: (row) => {
          if (!views) return;
          views[i].observe(row);
          screen!.maybeDraw(frame);
        },
      });
      const { summary, runDir, result } = outcome;
      if (!live && !opts.quiet && !opts.json)
        process.stderr.write(`${v.label}: ${summary.status}, train_loss ${fmt(summary.final.train_loss)}\n`);
      return {
        map: {
          label: v.label,
          score: accuracyNote(summary.final),
          model: result,
          data: v.experiment.data,
          features: v.experiment.config.data.features ?? null,
        },
        run: { ...readRunMetrics(runDir), label: v.label },
        activations: layerActivations(v.experiment.config),
      };
    };
    try {
      if (views) {
        // --live: the runs train together (each yields to the others every ~50 ms), so their curves advance side by side
        const done = await Promise.all(variants.map((v, i) => trainOne(v, i)));
        screen!.maybeDraw(frame, true); // the final picture stays on the screen
        for (const d of done) {
          maps.push(d.map);
          runs.push(d.run);
          activations.push(d.activations);
        }
      } else {
        for (const [i, v] of variants.entries()) {
          await nextTurn();
          if (interrupt.requested) break;
          const d = await trainOne(v, i);
          maps.push(d.map);
          runs.push(d.run);
          activations.push(d.activations);
        }
      }
    } finally {
      screen?.stop();
      process.off("exit", restore);
      interrupt.dispose();
    }
  }
  const csvPath = csvDir ? join(csvDir, "compare.csv") : null;
  if (csvPath) writeFileAtomic(csvPath, compareCsv(runs, metric));
  const reportPath = opts.report
    ? writeReport(
        runs.map((r) => r.dir),
        join(csvDir ?? ".", "report.html"),
      )
    : null;
  const table = runs.map((r) => comparisonRow(r, metric, target));
  const cut = runs.length < expected || runs.some((r) => r.summary?.status === "interrupted");
  const code = interrupt?.requested && cut ? EXIT.interrupted : EXIT.ok;
  if (opts.json) {
    process.stdout.write(JSON.stringify({ metric, target, csv: csvPath, report: reportPath, runs: table }, null, 2) + "\n");
    return code;
  }
  if (opts.quiet) return code;
  const depth = colorDepth(process.stdout, opts.color, process.env);
  const width = terminalWidth(process.stdout);
  const series = curves(runs, metric).map((c) => {
    const r = runs[c.run];
    const e = r.header.indexOf("epoch");
    const m = r.header.indexOf(c.column);
    const pts = r.rows.filter((row) => row[m] !== null);
    return { name: c.name, x: pts.map((row) => row[e]!), y: pts.map((row) => row[m]!) };
  });
  // with --live the final frame above already holds the train_loss chart
  const chart =
    live && metric === "train_loss"
      ? ""
      : lineChart(series, {
          width,
          depth,
          logY: yScale(opts),
          divergeAbove: metric.endsWith("_loss") ? LOSS_DIVERGE_FACTOR : undefined,
          title: family
            ? `${family.name}1..${Math.max(...runs.map((r) => r.header.filter((h) => h.startsWith(family.name)).length))} by epoch`
            : `${metric} by epoch`,
          xLabel: "epoch",
        });
  const out = chart ? [chart, ""] : live ? [""] : [];
  // with --live the final frame holds the gradient flow too
  const flow = live
    ? ""
    : gradientFlowSideBySide(
        runs.map((r, i) => flowRun(r, activations[i])),
        { width, depth },
      );
  if (flow) out.push(flow, "");
  const map = live || opts.boundary === false || maps.length !== runs.length ? null : boundaryMaps(maps, { width, depth });
  if (map) out.push(map, "");
  const columns: FitColumn[] = [
    { header: "run", align: "left", truncate: true },
    { header: "status", align: "left" },
    { header: "epochs" },
    ...SCORE_METRICS_BY_KIND.map((m) => ({ header: m, short: m.replace("train_", "train ").replace("test_", "test ") })),
    ...(family
      ? []
      : hasBest(metric)
        ? [{ header: `best ${metric} (epoch)`, short: "best (epoch)" }]
        : [
            { header: `min ${metric} (epoch)`, short: "min (epoch)" },
            { header: `max ${metric} (epoch)`, short: "max (epoch)" },
          ]),
    ...(target !== null
      ? [
          {
            header: `epochs to ${metric} ${betterOf(metric) === "higher" ? "≥" : "≤"} ${target}`,
            short: `to ${betterOf(metric) === "higher" ? "≥" : "≤"} ${target}`,
          },
        ]
      : []),
  ];
  const cells = table.map((t) => [
    t.label,
    t.status,
    String(t.epochs),
    ...SCORE_METRICS_BY_KIND.map((m) => fmt(t.final[m], digitsOf(m))),
    ...(family ? [] : hasBest(metric) ? [at(t.best)] : [at(t.min), at(t.max)]),
    ...(target !== null ? [t.epochs_to_target === null ? "never" : String(t.epochs_to_target)] : []),
  ]);
  out.push(fitTable(columns, cells, opts.wide ? Infinity : width));
  if (csvPath) out.push("", `compare.csv: ${csvPath}`);
  if (reportPath) out.push(`report: ${reportPath}`);
  process.stdout.write(out.join("\n") + "\n");
  return code;
}

/**
 * Run folders' maps: each run's network rebuilt from model.json, its data from config.json (as training saw them),
 * titled with the folder's label and the final accuracy summary.json holds (metrics.csv's last row without one).
 * None when a folder lacks config.json or model.json (a killed run), or when the runs are not 2-D classification.
 */
function folderMaps(runs: readonly ComparedRun[]): MapRun[] {
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
