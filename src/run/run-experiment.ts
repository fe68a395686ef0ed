/**
 * One run, start to finish: claim the run folder, write config.json, stream metrics.csv, then model.json,
 * snapshots.json and summary.json (atomically, summary.json last). Bad input is caught before the folder is claimed,
 * so an error leaves nothing behind. However the run ends — completed, diverged, stopped early, interrupted, or cut
 * by a forced exit — its files agree: summary.json names the last row metrics.csv holds, and model.json holds the
 * weights that row was evaluated on (as Git writes objects before the ref that names them).
 */
import { join, resolve } from "node:path";
import { InputError } from "../errors.js";
import type { Experiment } from "../config/resolve.js";
import { expectationValues, finalMetrics, metricsColumns, trackBest, type BestMetrics, type MetricsRow } from "../metrics.js";
import type { Mlp } from "../engine/mlp.js";
import { train, type TrainResult } from "../train/train.js";
import type { EvalThreadMode } from "../train/eval-thread.js";
import { buildExperimentModel, modelToJson } from "../train/model.js";
import { diagnose, HealthTracker } from "./health.js";
import { checkExpectations, fromConfig, withFlags, type Expectation } from "./expect.js";
import { MetricsWriter } from "./metrics-csv.js";
import { claimExactFolder, claimRunFolder, writeJsonAtomic } from "./run-folder.js";
import { VERSION } from "../version.js";
import { snapshotRecorder, writeSnapshots } from "./snapshots-file.js";
import type { SnapshotRecorder } from "../train/snapshot-recorder.js";
import { NEVER_STOP, type StopRequest } from "./stop.js";
import type { Summary } from "./summary.js";

export interface RunOptions {
  /** Parent folder of run folders (default runs/). */
  runsDir?: string;
  /** Exact run folder. */
  runDir?: string;
  overwrite?: boolean;
  /** Extra expectations (from --expect), checked with the config's own. */
  expect?: Expectation[];
  onEpoch?: (row: MetricsRow) => void;
  /** Stops the run at its next epoch (status interrupted); a forced exit writes its files as far as metrics.csv holds rows. */
  stop?: StopRequest;
  /** Called once with the network before training starts (its weights change in place as it trains): for a live view. */
  onModel?: (mlp: Mlp) => void;
  /** Evaluate on a second thread (see train/eval-thread.ts); the CLI passes NN_LAB_EVAL_THREAD's mode. */
  evalThread?: EvalThreadMode;
  /** Called before each epoch; the run waits for the promise it returns (runs trained in lock-step, see lock-step.ts). */
  pace?: () => Promise<void> | void;
}

export interface RunOutcome {
  summary: Summary;
  result: TrainResult;
  runDir: string;
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
  const { config } = experiment;
  const model = buildExperimentModel(experiment); // before the folder: a bad init file leaves nothing behind
  opts.onModel?.(model);
  if (opts.runDir === "") throw new InputError("--run-dir: expected a folder, got ''");
  const runDir = opts.runDir ? claimExactFolder(opts.runDir, opts.overwrite ?? false) : claimRunFolder(opts.runsDir ?? "runs", config.name);
  writeJsonAtomic(join(runDir, "config.json"), config);
  const layers = config.model.layers.length + 1;
  const writer = new MetricsWriter(join(runDir, "metrics.csv"), metricsColumns(layers, layers - 1), opts.overwrite ?? false);
  const health = new HealthTracker();
  const snapshots = snapshotRecorder(experiment);
  const expectations = withFlags(fromConfig(config.expect as Record<string, string | number>), opts.expect ?? []);
  const files = { experiment, runDir, health, expectations, started };
  // the run as far as metrics.csv holds it, for a forced exit
  let lastRow: MetricsRow | null = null;
  let lastWeights: Float64Array | null = null;
  const best: BestMetrics = {};
  const withdraw = (opts.stop ?? NEVER_STOP).atForcedExit(() => {
    if (lastRow === null) return;
    writer.close();
    // the process exits after this: the network is put back to the last row's weights, which are written
    model.params.set(lastWeights!);
    const cut = { status: "interrupted", final: lastRow, best, diverged_at: null, confusion: null, clipping: null } as const;
    writeRunFiles(files, snapshots, model, { ...cut, epochs: lastRow.epoch, train_ms: performance.now() - started });
  });
  let result: TrainResult;
  try {
    result = await train(
      experiment,
      {
        onEpoch: (row, weights) => {
          writer.write(row);
          lastRow = row;
          lastWeights = weights;
          trackBest(best, row);
          health.observe(row);
          opts.onEpoch?.(row);
        },
        shouldStop: opts.stop && (() => opts.stop!.requested),
        pace: opts.pace,
        onWeights: snapshots?.onWeights,
        evalThread: opts.evalThread,
      },
      model,
    );
  } finally {
    withdraw();
    writer.close();
  }
  return { summary: writeRunFiles(files, snapshots, result.mlp, result), result, runDir };
}

/** What the files written after training need besides the result. */
interface RunFiles {
  experiment: Experiment;
  runDir: string;
  health: HealthTracker;
  expectations: Expectation[];
  started: number;
}

/**
 * model.json (the weights `mlp` holds), snapshots.json, then summary.json — last, as the record that the run's
 * files are complete: it names only the epochs metrics.csv holds (the rows are written before this is called).
 */
function writeRunFiles(files: RunFiles, snapshots: SnapshotRecorder | null, mlp: Mlp, r: Omit<TrainResult, "mlp" | "head">): Summary {
  const { experiment, runDir } = files;
  const { config, data } = experiment;
  writeJsonAtomic(join(runDir, "model.json"), modelToJson(mlp, config));
  if (snapshots) writeSnapshots(runDir, experiment, snapshots.finish(r.epochs, mlp.params));
  const summary: Summary = {
    name: config.name,
    status: r.status,
    epochs: r.epochs,
    seed: config.seed,
    final: finalMetrics(r.final),
    best: r.best,
    diverged_at: r.diverged_at,
    confusion: r.confusion,
    clipping: r.clipping,
    expect: checkExpectations(files.expectations, expectationValues(r)),
    health: diagnose(files.health, config, r.diverged_at, data.train.n),
    train_ms: round(r.train_ms),
    wall_ms: round(performance.now() - files.started),
    version: VERSION,
    run_dir: resolve(runDir),
  };
  writeJsonAtomic(join(runDir, "summary.json"), summary);
  return summary;
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;
