/**
 * One run, start to finish: claim the run folder, write config.json, stream metrics.csv, then summary.json and
 * model.json (atomically). Bad input is caught before the folder is claimed, so an error leaves nothing behind.
 */
import { join, resolve } from "node:path";
import { InputError } from "../errors.js";
import type { Experiment } from "../config/resolve.js";
import {
  expectationValues,
  finalMetrics,
  metricsColumns,
  trackBest,
  type BestMetrics,
  type FinalMetrics,
  type MetricsRow,
} from "../metrics.js";
import type { Mlp } from "../engine/mlp.js";
import { buildExperimentModel, train, type TrainResult } from "../train/train.js";
import type { EvalThreadMode } from "../train/eval-thread.js";
import { modelToJson } from "../train/model.js";
import { diagnose, HealthTracker, type Finding } from "./health.js";
import { checkExpectations, fromConfig, withFlags, type Expectation, type ExpectationResult } from "./expect.js";
import { MetricsWriter } from "./metrics-csv.js";
import { claimExactFolder, claimRunFolder, writeJsonAtomic } from "./run-folder.js";
import { VERSION } from "../version.js";
import { snapshotRecorder, writeSnapshots } from "./snapshots.js";

export interface RunOptions {
  /** Parent folder of run folders (default runs/). */
  runsDir?: string;
  /** Exact run folder. */
  runDir?: string;
  overwrite?: boolean;
  /** Extra expectations (from --expect), checked with the config's own. */
  expect?: Expectation[];
  onEpoch?: (row: MetricsRow) => void;
  shouldStop?: () => boolean;
  /** Called once with the network before training starts (its weights change in place as it trains): for a live view. */
  onModel?: (mlp: Mlp) => void;
  /** Evaluate on a second thread (see train/eval-thread.ts); the CLI passes NN_LAB_EVAL_THREAD's mode. */
  evalThread?: EvalThreadMode;
}

export interface Summary {
  name: string;
  status: TrainResult["status"];
  epochs: number;
  seed: number;
  final: FinalMetrics;
  best: TrainResult["best"];
  diverged_at: TrainResult["diverged_at"];
  confusion: number[][] | null;
  /** With clipping on: how many optimizer steps clipping changed, of all the steps taken. */
  clipping: TrainResult["clipping"];
  expect: ExpectationResult[];
  /** Training-health findings; empty when training was healthy. */
  health: Finding[];
  train_ms: number;
  wall_ms: number;
  version: string;
  run_dir: string;
}

export interface RunOutcome {
  summary: Summary;
  result: TrainResult;
  runDir: string;
}

/** Runs in progress: each entry writes its run's interrupted summary.json (see finishRunsInFlight). */
const RUNS_IN_FLIGHT = new Set<() => void>();

/**
 * For a forced exit (the second SIGINT, which exits at once): give every run in progress a summary.json with
 * status interrupted and the numbers of its last metrics.csv row, so the folder is complete up to that row.
 */
export function finishRunsInFlight(): void {
  for (const finish of RUNS_IN_FLIGHT) {
    try {
      finish();
    } catch {
      // exiting anyway: a folder that cannot be written keeps what it has
    }
  }
}

/**
 * A full event-loop iteration, so a pending signal handler runs even between runs too short to yield on their own.
 * Two setImmediate turns: a signal that arrived while the thread was busy is read in a poll phase, and one
 * setImmediate can run before the next poll (measured: a SIGINT sent during a synchronous `sweep merge` was seen
 * only after the second turn, and the merge exited 0 instead of 130).
 */
export const nextTurn = async (): Promise<void> => {
  for (let i = 0; i < 2; i++) await new Promise((resolve) => setImmediate(resolve));
};

export async function runExperiment(experiment: Experiment, opts: RunOptions = {}): Promise<RunOutcome> {
  const started = performance.now();
  const { config, data } = experiment;
  const model = buildExperimentModel(experiment); // before the folder: a bad init file leaves nothing behind
  opts.onModel?.(model);
  if (opts.runDir === "") throw new InputError("--run-dir: expected a folder, got ''");
  const runDir = opts.runDir ? claimExactFolder(opts.runDir, opts.overwrite ?? false) : claimRunFolder(opts.runsDir ?? "runs", config.name);
  writeJsonAtomic(join(runDir, "config.json"), config);
  const layers = config.model.layers.length + 1;
  const writer = new MetricsWriter(join(runDir, "metrics.csv"), metricsColumns(layers, layers - 1), opts.overwrite ?? false);
  let result: TrainResult;
  const health = new HealthTracker();
  const snapshots = snapshotRecorder(experiment);
  // a forced exit (a second Ctrl-C) still leaves a summary.json: interrupted, up to the last row written
  let lastRow: MetricsRow | null = null;
  const bestSoFar: BestMetrics = {};
  const onForcedExit = () => {
    if (lastRow === null) return;
    writeJsonAtomic(join(runDir, "summary.json"), {
      name: config.name,
      status: "interrupted",
      epochs: lastRow.epoch,
      seed: config.seed,
      final: finalMetrics(lastRow),
      best: bestSoFar,
      diverged_at: null,
      confusion: null,
      clipping: null,
      expect: [],
      health: [],
      train_ms: round(performance.now() - started),
      wall_ms: round(performance.now() - started),
      version: VERSION,
      run_dir: resolve(runDir),
    } satisfies Summary);
  };
  RUNS_IN_FLIGHT.add(onForcedExit);
  try {
    result = await train(
      experiment,
      {
        onEpoch: (row) => {
          writer.write(row);
          lastRow = row;
          trackBest(bestSoFar, row);
          health.observe(row);
          opts.onEpoch?.(row);
        },
        shouldStop: opts.shouldStop,
        onWeights: snapshots?.onWeights,
        evalThread: opts.evalThread,
      },
      model,
    );
  } finally {
    writer.close();
    RUNS_IN_FLIGHT.delete(onForcedExit);
  }
  writeJsonAtomic(join(runDir, "model.json"), modelToJson(result.mlp, config));
  if (snapshots) writeSnapshots(runDir, experiment, snapshots.finish(result.epochs, result.mlp.params));
  const expectations = withFlags(fromConfig(config.expect as Record<string, string | number>), opts.expect ?? []);
  const summary: Summary = {
    name: config.name,
    status: result.status,
    epochs: result.epochs,
    seed: config.seed,
    final: finalMetrics(result.final),
    best: result.best,
    diverged_at: result.diverged_at,
    confusion: result.confusion,
    clipping: result.clipping,
    expect: checkExpectations(expectations, expectationValues(result)),
    health: diagnose(health, config, result.diverged_at, data.train.n),
    train_ms: round(result.train_ms),
    wall_ms: round(performance.now() - started),
    version: VERSION,
    run_dir: resolve(runDir),
  };
  writeJsonAtomic(join(runDir, "summary.json"), summary);
  return { summary, result, runDir };
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;
