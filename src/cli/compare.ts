/**
 * `nn-lab compare A.yaml B.yaml`, `compare BASE.yaml --vary k=v1,v2`, `compare RUN_DIR...`: train (or read)
 * several runs and show them side by side — plan (validate everything, nothing trained yet), run (train the
 * variants into the comparison's folder, or read the folders), render (compare.csv, report, table and charts).
 * Variants of one base config share its seed, so they see the same data and start from the same weights
 * wherever shapes agree (a paired comparison); --seeds trains every variant on every seed of a list.
 */
import { shown } from "../files.js";
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../errors.js";
import { metricFamily, metricsColumns } from "../metrics.js";
import { checkMetric, uniqueLabels, type ComparedRun } from "../run/compare.js";
import { isRunDir, readRunConfig, readRunMetrics } from "../run/read.js";
import { checkReplaceable, claimExactFolder, claimRunFolder } from "../run/run-folder.js";
import type { RunOutcome } from "../run/run-experiment.js";
import { trainVariants, type Variant } from "../run/train-variants.js";
import { parseSeeds } from "../sweep/grid.js";
import { planVariants } from "../sweep/variants.js";
import { layerActivations } from "../terminal/gradflow.js";
import { compareFrame, InStep, LiveRun } from "../terminal/live.js";
import { accuracyNote, folderMaps, showComparison, type Compared, type CompareViewOptions, type ComparisonPlan } from "./compare-view.js";
import { environment } from "./environment.js";
import { inSession } from "./live-session.js";
import type { CommonOptions, ConfigOptions } from "./options.js";
import { wantsLive, yScale } from "./output.js";
import { fmt } from "../format.js";

export interface CompareOptions extends CommonOptions, ConfigOptions, CompareViewOptions {
  vary: string[];
  /** --seeds 1-5: every variant on every seed (paired); mean curves, mean ± std (n), a verdict per pair. */
  seeds?: string;
  metric: string;
  target?: string;
  /** --live: train the runs together, redrawing the shared loss chart and their maps in place (on a terminal). */
  live?: boolean;
  runs: string;
  overwrite?: boolean;
}

export async function compareCommand(args: string[], opts: CompareOptions): Promise<number> {
  const plan = planComparison(args, opts);
  const compared = plan.folders ? readFolders(plan.folders, plan.metric, opts) : await trainComparison(plan, opts);
  if (plan.folders && opts.out) claimExactFolder(opts.out, true, "--out"); // compare.csv's folder, created when missing
  return showComparison(plan, compared, opts);
}

function planComparison(args: string[], opts: CompareOptions): ComparisonPlan {
  if (args.length === 0) throw new InputError("compare: expected configs, one config with --vary, or run folders");
  const target = opts.target === undefined ? null : Number(opts.target);
  if (target !== null && !Number.isFinite(target)) throw new InputError(`--target ${opts.target}: expected a number`);
  yScale(opts); // contradictory flags fail before anything trains
  const { metric } = opts;
  const family = metricFamily(metric);
  if (family && target !== null)
    throw new InputError(`--target: one value per run; ${metric} is a family of columns (give one, e.g. ${family.name}1)`);
  const seeds = opts.seeds === undefined ? null : parseSeeds(opts.seeds);
  if (seeds && family)
    throw new InputError(`--metric ${metric} with --seeds: a mean curve is of one column; give one layer's (e.g. ${family.name}1)`);
  if (seeds && new Set(seeds).size !== seeds.length) throw new InputError(`--seeds ${opts.seeds}: a seed is listed twice`);
  // before anything trains: compare.csv in --out is not silently replaced (the folder itself is claimed as training starts)
  if (opts.out) checkReplaceable(join(opts.out, "compare.csv"), `--out ${opts.out}`, opts.overwrite ?? false);
  if (args.every(isRunDir)) {
    if (opts.vary.length > 0) throw new InputError("compare: --vary needs a base config, not run folders");
    if (seeds) throw new InputError("compare: --seeds trains every variant on each seed; give configs, not run folders");
    if (opts.live && !opts.json && !opts.quiet)
      process.stderr.write("nn-lab: --live: run folders are read, not trained; printing the usual output\n");
    return { metric, target, seeds, folders: args, variants: [] };
  }
  const dir = args.find((a) => existsSync(a) && statSync(a).isDirectory());
  if (dir) {
    throw new InputError(
      isRunDir(dir)
        ? `compare: ${dir} is a run folder but other arguments are configs; give run folders only, or configs only`
        : `compare: ${dir} is a folder without metrics.csv (not a run folder)`,
    );
  }
  const variants = planVariants(args, { ...opts, seeds: seeds ?? undefined, memoryLimitMb: environment().memoryLimitMb });
  // the metric is checked against the columns each run will write, before anything trains
  checkMetric(
    metric,
    variants.map((v) => metricsColumns(v.experiment.config.model.layers.length + 1, v.experiment.config.model.layers.length)),
  );
  return { metric, target, seeds, folders: null, variants };
}

/** compare RUN_DIR...: each folder's metrics, its map (2-D classification) and its layers' activations. */
function readFolders(dirs: string[], metric: string, opts: CompareOptions): Compared {
  const runs = uniqueLabels(dirs.map((dir) => ({ ...readRunMetrics(dir), label: shown(dir.replace(/\/+$/, "").split("/").pop()!) })));
  checkMetric(
    metric,
    runs.map((r) => r.header),
  );
  const activations = runs.map((r) => {
    const config = join(r.dir, "config.json");
    return (existsSync(config) ? readRunConfig(config).activations : null) ?? [];
  });
  const maps = !opts.json && !opts.quiet && opts.boundary !== false ? folderMaps(runs) : [];
  return { runs, variants: [], maps, activations, parent: null, live: false, hidden: [], cut: null };
}

/**
 * Train the variants into a new comparison folder: one after another, or with --live together (with --seeds, the
 * variants of one seed together, seed after seed), their frames redrawn in place.
 */
async function trainComparison(plan: ComparisonPlan, opts: CompareOptions): Promise<Compared> {
  // --out: the comparison's folder, created when missing (else a new <runs>/compare-<time>); claimed before any training
  const parent = opts.out ? claimExactFolder(opts.out, opts.overwrite ?? false, "--out") : claimRunFolder(opts.runs, "compare");
  const live = wantsLive(opts);
  const batches = live && plan.seeds ? plan.seeds.map((s) => plan.variants.filter((v) => v.seed === s)) : [plan.variants];
  const compared: Compared = { runs: [], variants: [], maps: [], activations: [], parent, live, hidden: [], cut: null };
  await inSession({ live, color: opts.color, logY: yScale(opts) }, async (session) => {
    for (const [b, batch] of batches.entries()) {
      if (session.stopped()) break;
      const views = new Map(batch.map((v) => [v, new LiveRun(v.label, v.experiment)]));
      // the runs train in lock-step; their rows go to the frame in step, so it shows them at one epoch
      const inStep = new InStep([...views.values()]);
      const index = (v: Variant) => batch.indexOf(v);
      const title = plan.seeds ? `seed ${plan.seeds[b]} (${b + 1} of ${plan.seeds.length})` : null;
      session.show(
        (size) => compareFrame([...views.values()], { ...size, title: title ?? undefined }),
        b > 0, // the next seed's frames replace the last one's
      );
      const done = await trainVariants(
        batch,
        parent,
        {
          stop: session.interrupt,
          evalThread: environment().evalThread,
          overwrite: opts.overwrite,
          onModel: (v, mlp) => (views.get(v)!.mlp = mlp),
          onEpoch: (v, row) => {
            if (live && inStep.observe(index(v), row)) session.tick();
          },
          onDone: (v, { summary }) => {
            if (live && inStep.end(index(v))) session.tick();
            if (!live && !opts.quiet && !opts.json)
              process.stderr.write(`${runLabel(v)}: ${summary.status}, train_loss ${fmt(summary.final.train_loss)}\n`);
          },
        },
        live,
      );
      session.finish(); // the final picture stays on the screen
      compared.hidden = session.hidden;
      for (const { variant, outcome } of done) addRun(compared, variant, outcome);
    }
    const runs = compared.runs;
    const cut = session.stopped() && (runs.length < plan.variants.length || runs.some((r) => r.summary?.status === "interrupted"));
    compared.cut = cut ? session.stopCode : null;
  });
  return compared;
}

const runLabel = (v: Variant) => (v.seed === null ? v.label : `${v.label} seed=${v.seed}`);

/** A trained run added to the comparison: its metrics, variant, layers' activations and map. */
function addRun(compared: Compared, variant: Variant, outcome: RunOutcome): void {
  const run: ComparedRun = { ...readRunMetrics(outcome.runDir), label: runLabel(variant) };
  compared.runs.push(run);
  compared.variants.push(variant);
  compared.activations.push(layerActivations(variant.experiment.config));
  compared.maps.push({
    label: run.label,
    score: accuracyNote(outcome.summary.final),
    model: outcome.result,
    data: variant.experiment.data,
    features: variant.experiment.config.data.features ?? null,
  });
}
