/** `nn-lab sweep BASE.yaml --vary k=v1,v2 ...` and `nn-lab sweep merge DIR...`. */
import { existsSync, renameSync, writeFileSync } from "node:fs";
import { availableParallelism, hostname } from "node:os";
import { join } from "node:path";
import { loadConfig, parseOverride, type LoadedConfig } from "../config/load.js";
import { InputError } from "../errors.js";
import { jsonShown, shown } from "../files.js";
import {
  checkAxes,
  expandGrid,
  isKeyPath,
  parseAxis,
  parseSeeds,
  parseShard,
  shardRuns,
  type GridAxis,
  type PlannedRun,
  type Shard,
} from "../sweep/grid.js";
import { WorkerPool } from "../sweep/pool.js";
import { claimPath, describeHolder, parseClaimAge } from "../sweep/claim.js";
import type { SweepRunSettings } from "../sweep/train-run.js";
import {
  finishedSummary,
  makePlan,
  mergeSweeps,
  checkSweepFolder,
  openSweepFolder,
  runSweep,
  validatePlan,
  type RunRecord,
  type SweepPlan,
} from "../sweep/sweep.js";
import type { ScoreMetric } from "../metrics.js";
import { renderTable } from "../terminal/table.js";
import { progress, progressText, rank, rankMetric, seedsText, type RankedPoint, type SweepProgress } from "../sweep/rank.js";
import { Interrupt } from "./interrupt.js";
import { nextTurn } from "../run/run-experiment.js";
import { EXIT } from "./exit.js";
import type { CommonOptions, ConfigOptions } from "./options.js";
import { meanStd } from "./output.js";
import { fmt } from "../format.js";
import { environment } from "./environment.js";

export interface SweepOptions extends CommonOptions, ConfigOptions {
  /** --vary key=v1,v2 (alias --grid): one axis of the grid. */
  vary: string[];
  seeds?: string;
  jobs?: string;
  out?: string;
  runs: string;
  shard?: string;
  dryRun?: boolean;
  rank?: string;
  overwrite?: boolean;
  /** --report: write report.html into the sweep folder. */
  report?: boolean;
  /** --steal-claims-older-than DURATION: take over claims started longer ago (a dead machine's). */
  stealClaimsOlderThan?: string;
}

export async function sweepCommand(args: string[], opts: SweepOptions): Promise<number> {
  if (args[0] === "merge") return mergeCommand(args.slice(1), opts);
  if (args.length !== 1) throw new InputError(`sweep: expected one base config (or 'merge DIR...'), got ${args.length} arguments`);
  const file = args[0];
  const env = environment();
  const sets = opts.set.map(parseOverride);
  const loaded = loadConfig(file, sets);
  const block = loaded.parsed.sweep;
  const axes: GridAxis[] =
    opts.vary.length > 0
      ? checkAxes(opts.vary.map((g) => parseAxis(g)))
      : checkAxes(
          Object.entries(block?.grid ?? {}).map(([key, values]) => ({ key, values })),
          `${file}: sweep.grid:`,
        );
  for (const { key } of opts.vary.length > 0 ? [] : axes)
    if (!isKeyPath(key))
      throw new InputError(`${file}: sweep.grid: '${shown(key, 40)}' is not a key path; expected names joined by dots, like train.lr`);
  if (axes.length === 0) throw new InputError(`sweep: no grid; give --vary key=v1,v2 or a sweep: {grid: {...}} block in ${file}`);
  const seeds = opts.seeds ? parseSeeds(opts.seeds) : (block?.seeds ?? [loaded.parsed.seed]);
  if (opts.jobs !== undefined && !/^\s*\d+\s*$/.test(opts.jobs)) throw new InputError(`--jobs ${opts.jobs}: expected a whole number >= 1`);
  const requested = opts.jobs === undefined ? availableParallelism() : Number(opts.jobs);
  if (requested < 1) throw new InputError(`--jobs ${opts.jobs}: expected a whole number >= 1`);
  const shard = opts.shard ? parseShard(opts.shard, env.shard) : null;
  const all = expandGrid(axes, seeds);
  const mine = shardRuns(all, shard);
  const jobs = capJobs(requested, mine.length, availableParallelism());
  const settings: SweepRunSettings = { inputs: env.inputs, memoryLimitMb: env.memoryLimitMb, evalThread: env.evalThread };
  // the worker threads start now, so that they load their modules while this thread checks the plan (a sweep of
  // short runs would otherwise wait for them); bad input closes them again, with nothing trained or written
  const pool = opts.dryRun || jobs.jobs <= 1 ? null : new WorkerPool(jobs.jobs, settings);
  try {
    return await planAndRun({ file, opts, loaded, axes, seeds, shard, all, mine, jobs, requested, settings, pool });
  } finally {
    await pool?.close();
  }
}

interface SweepSetup {
  file: string;
  opts: SweepOptions;
  loaded: LoadedConfig;
  axes: GridAxis[];
  seeds: number[];
  shard: Shard | null;
  all: PlannedRun[];
  mine: PlannedRun[];
  jobs: { jobs: number; note: string | null };
  requested: number;
  settings: SweepRunSettings;
  pool: WorkerPool | null;
}

async function planAndRun(setup: SweepSetup): Promise<number> {
  const { file, opts, loaded, axes, seeds, shard, all, mine, jobs, requested, settings, pool } = setup;
  const plan = makePlan(file, axes, seeds, opts.set);
  const out = opts.out ?? join(opts.runs, `${loaded.parsed.name ?? loaded.defaultName}-sweep`);
  if (opts.rank !== undefined) rankMetric([], opts.rank); // every flag is checked before anything trains
  const stealClaimsOlderThanMs = opts.stealClaimsOlderThan === undefined ? null : parseClaimAge(opts.stealClaimsOlderThan);
  validatePlan(plan, mine, opts.vary.length > 0 ? "--vary" : `${file}: sweep.grid`, { memoryLimitMb: settings.memoryLimitMb });
  if (jobs.note && !opts.quiet && !opts.dryRun) process.stderr.write(`nn-lab: --jobs ${requested}: ${jobs.note}\n`);

  if (opts.dryRun) {
    checkSweepFolder(out, plan); // the refusal the real run would give, with its exit code
    const lines = mine.map((r) => `${finishedSummary(out, r) ? "done " : "todo "} ${r.id}`);
    if (opts.json)
      process.stdout.write(jsonShown({ out, runs: mine.map((r) => ({ ...r, done: finishedSummary(out, r) !== null })) }, 2) + "\n");
    else if (!opts.quiet)
      process.stdout.write(
        `${mine.length} of ${all.length} runs${shard ? ` (shard ${shard.index}/${shard.count})` : ""} into ${shown(out)}:\n${lines.map((l) => shown(l)).join("\n")}\n`,
      );
    return EXIT.ok;
  }

  openSweepFolder(out, plan);
  // a forced exit (second Ctrl-C) leaves no run folder without summary.json: see runSweep
  const interrupt = new Interrupt();
  let records: RunRecord[];
  try {
    records = await runSweep(plan, {
      out,
      jobs: jobs.jobs,
      shard,
      stop: interrupt,
      settings,
      pool,
      stealClaimsOlderThanMs,
      onRecord: (r, done, total) => {
        if (!opts.quiet && !opts.json) process.stderr.write(progressLine(r, done, total) + "\n");
      },
    });
  } finally {
    interrupt.dispose();
  }
  const metric = rankMetric(records, opts.rank);
  const ranked = rank(mine, records, metric);
  const done = progress(ranked);
  // the report's modules (HTML, run data, boundary frames, zlib) load only for --report: a sweep's start-up waits for its imports
  const report = opts.report ? (await import("../report/sweep-data.js")).writeReport([out], join(out, "report.html")) : null;
  if (opts.json)
    process.stdout.write(
      jsonShown(
        {
          out,
          jobs: jobs.jobs,
          metric,
          progress: { ...done, text: progressText(done) },
          ranked: ranked.map((g) => ({ ...g, seeds_text: seedsText(g) })),
          runs: records.map(recordJson),
        },
        2,
      ) + "\n",
    );
  else if (!opts.quiet) process.stdout.write(renderRanking(ranked, metric, plan, out, done) + (report ? `report: ${shown(report)}\n` : ""));
  if (interrupt.requested && (records.length < mine.length || records.some((r) => r.summary?.status === "interrupted")))
    return interrupt.exitCode;
  // an output that cannot be written is exit 2 on every command (SPEC §6): a CI job tells a full disk from a failed run
  const unwritable = records.filter((r) => r.unwritable);
  if (unwritable.length > 0) {
    process.stderr.write(
      `nn-lab: error: ${unwritable.length} run${unwritable.length === 1 ? "" : "s"} could not be written: ${shown(unwritable[0].error ?? "", 1000)}\n`,
    );
    return EXIT.usage;
  }
  const held = records.filter((r) => r.heldBy);
  if (held.length > 0) {
    process.stderr.write(heldMessage(held, out));
    return EXIT.failed;
  }
  if (records.some((r) => r.error !== null)) return EXIT.failed;
  return EXIT.ok;
}

/**
 * Runs another process holds: which, where, and the ways out — wait for it; or, once no nn-lab process runs there
 * any more (a killed job, a dead machine), delete the lock file or take the claims over with
 * --steal-claims-older-than.
 */
function heldMessage(held: RunRecord[], out: string): string {
  const h = held[0].heldBy!;
  const them = held.length === 1 ? "it" : "them";
  const lock = shown(claimPath(out, held[0].run.id));
  const more = held.length > 1 ? ` and ${held.length - 1} more .lock file${held.length === 2 ? "" : "s"} there` : "";
  return (
    `nn-lab: ${held.length} run${held.length === 1 ? " was" : "s were"} left alone: another nn-lab process is training ${them} in ${shown(out)} (${describeHolder(h)}); re-run this command when it has finished.\n` +
    `nn-lab: if that process is gone (${h.host === hostname() ? "killed" : "its machine is down"}), delete ${lock}${more}, or re-run with --steal-claims-older-than DURATION (e.g. 1h) to take over claims started longer ago\n`
  );
}

/** At most one worker per run, and at most JOBS_PER_CORE per core (each worker is a thread with its own heap). */
export const JOBS_PER_CORE = 4;
export function capJobs(requested: number, runs: number, cores: number): { jobs: number; note: string | null } {
  const perCore = JOBS_PER_CORE * Math.max(1, cores);
  const jobs = Math.max(1, Math.min(requested, runs, perCore));
  if (jobs === requested) return { jobs, note: null };
  const why =
    jobs === perCore && perCore < runs
      ? `at most ${JOBS_PER_CORE} per core on this ${cores}-core machine`
      : `one per run: the sweep has ${runs} run${runs === 1 ? "" : "s"}`;
  return { jobs, note: `using ${jobs} (${why})` };
}

async function mergeCommand(dirs: string[], opts: SweepOptions): Promise<number> {
  if (dirs.length === 0) throw new InputError("sweep merge: expected one or more sweep folders");
  const out = opts.out ?? dirs[0];
  // a signal waits until sweep.csv is whole (its temp file renamed into place), then ends the command with 128+N
  const interrupt = new Interrupt();
  let merged: ReturnType<typeof mergeSweeps>;
  try {
    const pause = environment().testPauseMerge;
    merged = mergeSweeps(dirs, out, opts.overwrite ?? false, pause === null ? undefined : pauseForTest(pause));
  } finally {
    await nextTurn();
    interrupt.dispose();
  }
  if (interrupt.requested) return interrupt.exitCode;
  const { records, missing, copied } = merged;
  const copies = copied ? `; ${copied} run folder${copied === 1 ? "" : "s"} copied into ${shown(out)}` : "";
  if (!opts.quiet)
    process.stderr.write(
      `merged ${records.length - missing} of ${records.length} runs into ${shown(join(out, "sweep.csv"))}${copies}${missing ? ` (${missing} missing)` : ""}\n`,
    );
  return missing > 0 ? EXIT.failed : EXIT.ok;
}

/**
 * Test-only (NN_LAB_TEST_PAUSE_MERGE=PREFIX): once sweep.csv's temp file is written and before it is renamed, write
 * PREFIX.ready (holding the temp file's path) and wait, at most 60 s, until PREFIX.go exists, so a test can send a
 * signal at exactly that point. The wait blocks the thread, as the merge's own synchronous writing does.
 */
function pauseForTest(prefix: string): (tmp: string) => void {
  return (tmp) => {
    writeFileSync(`${prefix}.ready.part`, tmp);
    renameSync(`${prefix}.ready.part`, `${prefix}.ready`); // whole when the test sees it
    const cell = new Int32Array(new SharedArrayBuffer(4));
    const until = Date.now() + 60_000;
    while (!existsSync(`${prefix}.go`) && Date.now() < until) Atomics.wait(cell, 0, 0, 10);
  };
}

function progressLine(r: RunRecord, done: number, total: number): string {
  const s = r.summary;
  const what = r.skipped
    ? "already done"
    : s
      ? `${s.status}, train_loss ${fmt(s.final.train_loss)}${s.final.test_loss !== null ? `, test_loss ${fmt(s.final.test_loss)}` : ""} (${fmt(s.train_ms / 1000, 2)} s)`
      : `failed: ${r.error}`;
  return `[${done}/${total}] ${shown(r.run.id)}: ${shown(what)}`;
}

function recordJson(r: RunRecord) {
  return {
    index: r.run.index,
    id: r.run.id,
    point: r.run.point,
    seed: r.run.seed,
    status: r.summary?.status ?? (r.error ? "failed" : "missing"),
    final: r.summary?.final ?? null,
    error: r.error,
  };
}

function renderRanking(ranked: RankedPoint[], metric: ScoreMetric, plan: SweepPlan, out: string, done: SweepProgress): string {
  const keys = plan.axes.map((a) => a.key);
  // the mean and std are over the completed seeds, counted in the seeds column; short enough for 80 columns
  const header = ["rank", ...keys.map((k) => shown(k)), `${metric} mean ± std`, "seeds"];
  let position = 0;
  const rows = ranked.map((g) => [
    Number.isNaN(g.mean) ? "—" : String(++position),
    ...keys.map((k) => shown(typeof g.point[k] === "object" ? JSON.stringify(g.point[k]) : String(g.point[k]))),
    meanStd({ mean: g.mean, std: g.std, n: g.completed }),
    seedsText(g),
  ]);
  const table = renderTable(
    header.map((h) => ({ header: h, align: "left" as const })),
    rows,
    { indent: 0, rule: false },
  );
  return `${table}\n\n${progressText(done)}\nsweep folder: ${shown(out)}\n`;
}
