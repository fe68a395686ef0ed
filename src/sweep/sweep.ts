/**
 * A sweep: the plan (sweep.json), one run folder per grid point and seed, resumable (completed runs are
 * skipped), shardable, and sweep.csv — one row per run in grid order, the same whether it was run in one
 * piece, with any --jobs, or as shards merged afterwards.
 */
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { stringify } from "csv-stringify/sync";
import { loadConfig, parseOverride, type Override } from "../config/load.js";
import { resolveExperiment, type ResolveOptions } from "../config/resolve.js";
import { InputError, outputError } from "../errors.js";
import { SCORE_METRICS } from "../metrics.js";
import { readRunConfig, readRunJson, readSummaryFile, runFilesProblem, validated } from "../run/read.js";
import { resolveDataPath } from "../data/prepare.js";
import { readInputBytes } from "../files.js";
import * as z from "zod";
import type { Summary } from "../run/summary.js";
import { checkReplaceable, createFileExclusive, isAtomicTempOf, makeDirs, writeFileAtomic, writeJsonAtomic } from "../run/run-folder.js";
import { claimPath, claimRun, describeHolder, releaseRun, type ClaimHolder } from "./claim.js";
import { expandGrid, isKeyPath, shardRuns, type GridAxis, type PlannedRun, type Shard } from "./grid.js";
import { trainSweepRun, type RunReply, type RunRequest, type SweepRunSettings } from "./train-run.js";
import { WorkerPool } from "./pool.js";
import { NEVER_STOP, type StopRequest } from "../run/stop.js";

export const PLAN_FILE = "sweep.json";
const DONE = new Set(["completed", "diverged", "stopped_early"]);

export interface SweepPlan {
  format: "nn-lab.sweep.v1";
  config: string;
  config_sha256: string;
  axes: GridAxis[];
  seeds: number[];
  /** --set overrides applied to every run, before the grid's values (absent when there are none). */
  set?: string[];
  /**
   * SHA-256 of every file the grid's configs read (data.path CSVs, init.from models), sorted: a sweep whose data
   * changed between shards or before a resume is a different sweep. (Absent in plans written before it existed.)
   */
  inputs_sha256?: string[];
}

const planSchema = z.looseObject({
  format: z.literal("nn-lab.sweep.v1"),
  config: z.string(),
  config_sha256: z.string().regex(/^[0-9a-f]{64}$/),
  axes: z.array(z.looseObject({ key: z.string().refine(isKeyPath, "expected a key path"), values: z.array(z.unknown()).min(1) })),
  seeds: z.array(z.int().min(0)).min(1),
  inputs_sha256: z.array(z.string().regex(/^[0-9a-f]{64}$/)).optional(),
});

export interface RunRecord {
  run: PlannedRun;
  summary: Summary | null;
  error: string | null;
  /** True when the run was found completed and not trained again. */
  skipped: boolean;
  /** Set when another live process holds the run's claim (it trains the run; this process did not touch it). */
  heldBy?: ClaimHolder;
  /** The run's files could not be written (full disk, read-only): the sweep exits 2. */
  unwritable?: boolean;
}

/** A run's overrides: the sweep's --set ones, then its grid point's values, then its seed. */
export function overridesFor(run: PlannedRun, set: readonly string[] = []): Override[] {
  return [
    ...set.map(parseOverride),
    ...Object.entries(run.point).map(([k, v]) => ({
      path: k.split(".").map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
      value: v,
      // as typed: a word stays a word in messages ("got 'rleu'", not "got '\"rleu\"'")
      text: `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`,
    })),
    { path: ["seed"], value: run.seed, text: `seed=${run.seed}` },
  ];
}

/** Validate every grid point's config before anything trains (bad input → InputError, exit 2). */
export function validatePlan(plan: SweepPlan, runs: PlannedRun[], source = "--vary", opts: ResolveOptions = {}): void {
  const problems = new Set<string>();
  const seen = new Set<string>();
  for (const run of runs) {
    const key = JSON.stringify(run.point);
    if (seen.has(key)) continue; // seeds do not change validity
    seen.add(key);
    try {
      resolveExperiment(loadConfig(plan.config, overridesFor(run, plan.set)), opts);
    } catch (e) {
      // a bad grid value is named as the --vary axis it came from; a bad --set stays a --set
      const axis = (m: string, key: string) => (plan.axes.some((x) => x.key === key) ? `${source} ${key}: ` : m);
      if (e instanceof InputError) e.problems.forEach((p) => problems.add(p.replace(/^--set (\S+)=\S*: /, axis)));
      else throw e;
    }
  }
  if (problems.size > 0) throw new InputError([...problems]);
}

/**
 * Would `out` take this sweep? A missing or empty folder, or one holding the same sweep (to resume): yes; a
 * folder of other files, or of a different sweep, is refused. Writes nothing, so --dry-run predicts the refusal.
 */
export function checkSweepFolder(out: string, plan: SweepPlan): void {
  if (!existsSync(out)) return;
  const planPath = join(out, PLAN_FILE);
  if (!existsSync(planPath)) {
    // another shard's plan being written (its temp file, renamed a moment later) is not somebody else's file
    if (readdirSync(out).some((f) => !isAtomicTempOf(f, PLAN_FILE)))
      throw new InputError(`--out ${out}: the folder is not empty and holds no sweep (${PLAN_FILE}); pick a new or empty folder`);
    return;
  }
  if (planKey(readPlan(out)) !== planKey(plan)) {
    throw new InputError(
      `${out}: holds a different sweep (its ${PLAN_FILE} differs: ${planDifference(readPlan(out), plan)}); use another --out`,
    );
  }
}

/** Open (or create) the sweep folder; an existing plan must be the same sweep (checkSweepFolder). */
export function openSweepFolder(out: string, plan: SweepPlan): void {
  try {
    makeDirs(out);
  } catch (e) {
    throw new InputError(`--out ${out}: cannot create the sweep folder (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  checkSweepFolder(out, plan);
  const planPath = join(out, PLAN_FILE);
  // created only if absent: of shards opening one folder at once, one writes the plan and the others check theirs
  // against it (a different sweep that got there first is refused, never overwritten)
  if (!existsSync(planPath) && !createFileExclusive(planPath, JSON.stringify(plan, null, 2) + "\n")) checkSweepFolder(out, plan);
}

export function readPlan(dir: string): SweepPlan {
  const path = join(dir, PLAN_FILE);
  if (!existsSync(path)) throw new InputError(`${dir}: not a sweep folder (no ${PLAN_FILE})`);
  return validated(planSchema, readRunJson(path, "the sweep plan"), path, `nn-lab ${PLAN_FILE}`) as SweepPlan;
}

/**
 * A finished run's summary in a sweep folder, or null when it has none or did not finish. A summary that is not
 * valid, or whose metrics.csv/model.json do not agree with it, is no finished run: with `strict` (merge, check)
 * that is an InputError naming the file; without (a resuming sweep) the run is simply redone.
 */
export function finishedSummary(dir: string, run: PlannedRun, strict = false): Summary | null {
  const runDir = join(dir, run.id);
  const file = join(runDir, "summary.json");
  if (!existsSync(file)) return null;
  try {
    const s = readSummaryFile(file);
    if (!DONE.has(s.status)) return null;
    const { logEvery } = readRunConfig(join(runDir, "config.json"));
    const problem = runFilesProblem(runDir, s, logEvery);
    if (problem) throw new InputError(`${runDir}: ${problem}; the run is not complete (re-run the sweep to redo it)`);
    return s;
  } catch (e) {
    if (strict || !(e instanceof InputError)) throw e;
    return null;
  }
}

export interface SweepOptions {
  out: string;
  jobs: number;
  shard: Shard | null;
  onRecord?: (r: RunRecord, done: number, total: number) => void;
  /** Stops the sweep: no new run starts, runs in progress end at their next epoch; see runSweep for a forced exit. */
  stop?: StopRequest;
  /** The environment's settings (from the CLI), for every run and every worker thread. */
  settings: SweepRunSettings;
  /**
   * Worker threads started beforehand (the CLI starts them before it checks the plan, so they load meanwhile); the
   * caller closes them. Without, runSweep starts its own when more than one run is left and jobs > 1.
   */
  pool?: WorkerPool | null;
  /** --steal-claims-older-than: a claim started longer ago than this (ms) is taken over, whoever holds it. */
  stealClaimsOlderThanMs?: number | null;
}

/**
 * Train the plan's runs (this shard's) that are not finished yet. A forced exit (the second Ctrl-C, which exits at
 * once and ends the worker threads mid-epoch) finds every run this process claimed and has not heard back from
 * either with its summary.json (a run on this thread wrote its files up to its last row: it registered after the
 * sweep, so it runs first) or removed, so no run folder is left without one; its claim is given back. A resume
 * trains removed runs again, as it does interrupted ones.
 */
export async function runSweep(plan: SweepPlan, opts: SweepOptions): Promise<RunRecord[]> {
  const stop = opts.stop ?? NEVER_STOP;
  const all = expandGrid(plan.axes, plan.seeds);
  const mine = shardRuns(all, opts.shard);
  openSweepFolder(opts.out, plan);
  const records = new Map<number, RunRecord>();
  const todo: RunRequest[] = [];
  let done = 0;
  for (const run of mine) {
    const summary = finishedSummary(opts.out, run);
    if (summary) {
      const rec = { run, summary, error: null, skipped: true };
      records.set(run.index, rec);
      opts.onRecord?.(rec, ++done, mine.length);
    } else {
      todo.push({ configFile: plan.config, overrides: overridesFor(run, plan.set), runDir: join(opts.out, run.id), index: run.index });
    }
  }
  const held = new Map<number, ClaimHolder>();
  /** The runs this process has claimed and not yet heard back from (their folders may be half-written). */
  const inFlight = new Map<string, string>();
  const abandonInFlight = () => {
    for (const [runDir, runId] of inFlight) {
      try {
        if (!existsSync(join(runDir, "summary.json"))) rmSync(runDir, { recursive: true, force: true });
        releaseRun(opts.out, runId);
      } catch {
        // exiting anyway: a resume redoes a run folder without summary.json
      }
    }
    inFlight.clear();
  };
  // claimed just before it is trained: a run another live process holds is left alone
  const claim = (req: RunRequest): boolean => {
    const run = all[req.index];
    const holder = claimRun(opts.out, run.id, new Date(), opts.stealClaimsOlderThanMs ?? null);
    if (holder === null) {
      // it may have been finished by another process since the folder was scanned
      const summary = finishedSummary(opts.out, run);
      if (!summary) {
        inFlight.set(req.runDir, run.id);
        return true;
      }
      releaseRun(opts.out, run.id);
      const rec = { run, summary, error: null, skipped: true };
      records.set(run.index, rec);
      opts.onRecord?.(rec, ++done, mine.length);
      return false;
    }
    held.set(req.index, holder);
    return false;
  };
  const onReply = (r: RunReply) => {
    const run = all[r.index];
    inFlight.delete(join(opts.out, run.id));
    releaseRun(opts.out, run.id);
    const rec = { run, summary: r.summary, error: r.error, skipped: false, unwritable: r.unwritable === true };
    records.set(r.index, rec);
    opts.onRecord?.(rec, ++done, mine.length);
  };
  const jobs = Math.max(1, Math.min(opts.jobs, todo.length));
  const withdraw = stop.atForcedExit(abandonInFlight);
  try {
    await trainRuns(todo, jobs, { ...opts, stop }, claim, onReply, abandonInFlight);
  } finally {
    withdraw();
  }
  // runs another process held: finished by now, or reported as held
  for (const [index, holder] of held) {
    const run = all[index];
    const summary = finishedSummary(opts.out, run);
    const rec: RunRecord = summary
      ? { run, summary, error: null, skipped: true }
      : {
          run,
          summary: null,
          error: `being trained by another nn-lab process (${describeHolder(holder)})`,
          skipped: false,
          heldBy: holder,
        };
    records.set(index, rec);
    opts.onRecord?.(rec, ++done, mine.length);
  }
  const ordered = mine.filter((r) => records.has(r.index)).map((r) => records.get(r.index)!);
  writeSweepCsv(
    join(opts.out, opts.shard && opts.shard.count > 1 ? `sweep-shard-${opts.shard.index}-of-${opts.shard.count}.csv` : "sweep.csv"),
    plan,
    ordered,
  );
  return ordered;
}

/** Train the runs left to do: on worker threads (a pool), or one after another on this thread. */
async function trainRuns(
  todo: RunRequest[],
  jobs: number,
  opts: SweepOptions & { stop: StopRequest },
  claim: (req: RunRequest) => boolean,
  onReply: (r: RunReply) => void,
  abandonInFlight: () => void,
): Promise<void> {
  const shouldStop = () => opts.stop.requested;
  if (opts.pool || jobs > 1) {
    const pool = opts.pool ?? new WorkerPool(jobs, opts.settings);
    try {
      await pool.runAll(todo, onReply, shouldStop, (req) => claim(req) && withConfig(req));
    } catch (e) {
      // a claim that cannot be read: the other workers' runs end with the pool, mid-epoch
      await pool.close();
      abandonInFlight();
      throw e;
    } finally {
      if (!opts.pool) await pool.close();
    }
    return;
  }
  for (const req of todo) {
    // a macrotask turn between runs, so a SIGINT handler gets to run even when every run is short
    await new Promise((resolve) => setImmediate(resolve));
    if (shouldStop()) break;
    if (!claim(req)) continue;
    // this thread loads the config itself (a worker is sent it loaded, see withConfig)
    onReply(await trainSweepRun(req, () => req.loaded ?? loadConfig(req.configFile, req.overrides), opts.settings, opts.stop));
  }
}

/**
 * Attach the run's loaded config to a request for a worker thread (which then needs no YAML or schema code, see
 * train-run.ts); a config that no longer loads is left to the worker, which reports the error as the run's.
 */
function withConfig(req: RunRequest): true {
  try {
    req.loaded = loadConfig(req.configFile, req.overrides);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
  }
  return true;
}

/** sweep.csv: one row per run in grid order. */
export function writeSweepCsv(path: string, plan: SweepPlan, records: RunRecord[], beforeRename?: (tmp: string) => void): void {
  const header = ["index", ...plan.axes.map((a) => a.key), "seed", "status", ...SCORE_METRICS, "epochs", "train_ms", "run", "error"];
  // a non-finite number is an empty cell, as summary.json (JSON) holds it: a resumed or merged sweep writes the same bytes
  const cell = (v: unknown) =>
    v === null || v === undefined || (typeof v === "number" && !Number.isFinite(v))
      ? ""
      : typeof v === "object"
        ? JSON.stringify(v)
        : String(v);
  const rows = records
    .map((r) => [r, r.run, r.summary, r.error] as const)
    .map(([r, run, s, error]) => [
      run.index,
      ...plan.axes.map((a) => cell(run.point[a.key])),
      run.seed,
      s ? s.status : r.heldBy ? "running" : error ? "failed" : "missing",
      ...SCORE_METRICS.map((m) => cell(s?.final[m])),
      cell(s?.epochs),
      cell(s?.train_ms),
      run.id,
      error ?? "",
    ]);
  writeFileAtomic(path, stringify([header, ...rows]), beforeRename);
}

/**
 * Merge shard folders (or one shared folder) into `out`, which becomes a sweep folder like an unsharded run's:
 * its sweep.json, a copy of every finished run folder the shards hold (out's own runs stay where they are), and
 * one sweep.csv. So `check`, `report` and a resume (`sweep … --out OUT`) work on it whatever layout the shards used.
 * `beforeRename` is a test hook (see writeFileAtomic).
 */
export function mergeSweeps(
  dirs: string[],
  out: string,
  overwrite = false,
  beforeRename?: (tmp: string) => void,
): { records: RunRecord[]; missing: number; copied: number } {
  const plans = dirs.map(readPlan);
  if (!dirs.some((d) => resolve(d) === resolve(out))) checkMergeOut(out, plans[0], overwrite);
  const first = planKey(plans[0]);
  plans.forEach((p, i) => {
    if (planKey(p) !== first)
      throw new InputError(`${dirs[i]}: a different sweep than ${dirs[0]} (${PLAN_FILE} differs: ${planDifference(plans[0], p)})`);
  });
  const runs = expandGrid(plans[0].axes, plans[0].seeds);
  // every shard's runs are verified before anything is written
  const found = runs.map((run) => {
    for (const d of dirs) {
      const summary = finishedSummary(d, run, true);
      if (summary) return { dir: d, summary };
    }
    return null;
  });
  try {
    makeDirs(out);
  } catch (e) {
    throw new InputError(`--out ${out}: cannot create the folder (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  if (!existsSync(join(out, PLAN_FILE))) writeJsonAtomic(join(out, PLAN_FILE), plans[0]);
  let copied = 0;
  const records = runs.map((run, i) => {
    const f = found[i];
    if (!f) return { run, summary: null, error: null, skipped: false };
    if (resolve(f.dir) !== resolve(out) && !finishedSummary(out, run)) {
      copyRunFolder(join(f.dir, run.id), out, run.id);
      copied++;
    }
    return { run, summary: f.summary, error: null, skipped: true };
  });
  writeSweepCsv(join(out, "sweep.csv"), plans[0], records, beforeRename);
  return { records, missing: found.filter((f) => !f).length, copied };
}

/**
 * May `out` (not one of the merged folders) receive the merged sweep? A new or empty folder, or one holding this
 * same sweep (a merge repeated). Another sweep's folder is never mixed into; a folder of other things is not
 * made a sweep; a sweep.csv that is not ours is replaced only with --overwrite.
 */
function checkMergeOut(out: string, plan: SweepPlan, overwrite: boolean): void {
  if (existsSync(join(out, PLAN_FILE))) {
    if (planKey(readPlan(out)) !== planKey(plan))
      throw new InputError(
        `--out ${out}: holds a different sweep (its ${PLAN_FILE} differs: ${planDifference(readPlan(out), plan)}); pick another --out`,
      );
    return;
  }
  checkReplaceable(join(out, "sweep.csv"), `--out ${out}`, overwrite);
  const other = existsSync(out) ? readdirSync(out).filter((f) => f !== "sweep.csv") : [];
  if (other.length > 0)
    throw new InputError(`--out ${out}: the folder is not empty and holds no sweep (${PLAN_FILE}); pick a new or empty folder`);
}

/**
 * Copy a finished run folder into the sweep folder `out`: its regular files into a temp folder, renamed into
 * place, so `out` never holds half a run. An unfinished folder of that run already in `out` (an interrupted
 * attempt) is replaced, unless a process holds the run's claim there.
 */
function copyRunFolder(from: string, out: string, runId: string): void {
  const dest = join(out, runId);
  const tmp = join(out, `.${runId}.merge-${process.pid}`);
  if (existsSync(claimPath(out, runId)))
    throw new InputError(
      `${dest}: the run is claimed (${claimPath(out, runId)}): another process may be training it; merge when it has finished`,
    );
  try {
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp);
    for (const name of readdirSync(from)) {
      if (lstatSync(join(from, name)).isFile()) copyFileSync(join(from, name), join(tmp, name));
    }
    if (existsSync(dest)) rmSync(dest, { recursive: true, force: true });
    renameSync(tmp, dest);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw outputError(dest, e);
  }
}

/**
 * The plan for a config and its grid. Two plans are the same sweep when the config's content (its SHA-256), the
 * grid and the seeds agree — wherever the config lives, so shards run from different checkouts merge.
 */
export function makePlan(configFile: string, axes: GridAxis[], seeds: number[], set: readonly string[] = []): SweepPlan {
  const bytes = readInputBytes(configFile, (why) => new InputError(`${configFile}: cannot read the config (${why})`));
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const plan: SweepPlan = {
    format: "nn-lab.sweep.v1",
    config: resolve(configFile),
    config_sha256: sha256,
    axes,
    seeds,
    inputs_sha256: inputHashes(configFile, axes, set),
  };
  return set.length > 0 ? { ...plan, set: [...set] } : plan;
}

/** SHA-256 of each file a grid point's config reads, sorted and without repeats (points that fail to load are skipped: validatePlan reports them). */
function inputHashes(configFile: string, axes: GridAxis[], set: readonly string[]): string[] {
  const files = new Set<string>();
  for (const run of expandGrid(axes, [0])) {
    try {
      const loaded = loadConfig(configFile, overridesFor(run, set));
      const { data, model } = loaded.parsed;
      if (data.kind === "csv") files.add(resolveDataPath(data.path, loaded.baseDir));
      if ("from" in model.init) files.add(resolveDataPath(model.init.from, loaded.baseDir));
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
    }
  }
  const hashes = new Set<string>();
  for (const f of files) {
    try {
      hashes.add(
        createHash("sha256")
          .update(readInputBytes(f, (why) => new InputError(why)))
          .digest("hex"),
      );
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
    }
  }
  return [...hashes].sort();
}

/** What differs between two plans, in words. */
function planDifference(a: SweepPlan, b: SweepPlan): string {
  if (a.config_sha256 !== b.config_sha256) return "the config";
  if (JSON.stringify(a.axes) !== JSON.stringify(b.axes)) return "the grid";
  if (JSON.stringify(a.seeds) !== JSON.stringify(b.seeds)) return "the seeds";
  if (JSON.stringify(a.set ?? []) !== JSON.stringify(b.set ?? [])) return "the --set overrides";
  return "the data or model files the configs read (data.path, init.from) have other contents";
}

function planKey(p: SweepPlan): string {
  return JSON.stringify([p.format, p.config_sha256, p.axes, p.seeds, p.inputs_sha256 ?? [], ...(p.set?.length ? [p.set] : [])]);
}
