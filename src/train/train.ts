/**
 * The training loop: engine + data → a stream of per-epoch metrics rows, through hooks. No printing, no files.
 * Each step is `trainStep` (step.ts: forward → loss → backward → clip → l1/l2 penalty gradient on weights →
 * optimizer update). Schedules step once per epoch. A non-finite loss, gradient or weight stops the run as
 * `diverged`. Rows go to a row sink (rows.ts): evaluated here, or pipelined on an evaluation thread when that pays.
 */
import type { Head } from "../engine/losses.js";
import type { Mlp, Workspace } from "../engine/mlp.js";
import type { Dataset } from "../data/dataset.js";
import type { BestMetrics, MetricsRow } from "../metrics.js";
import type { Experiment, ResolvedConfig } from "../config/resolve.js";
import { EVAL_CHUNK } from "./evaluate.js";
import type { EvalThreadMode } from "./eval-thread.js";
import { buildExperimentModel } from "./model.js";
import { batchRows } from "../config/derived.js";
import { RowEvaluator, rowSink, type RowHook, type RowSink, type StopStatus } from "./rows.js";
import { allFinite, experimentStep, sumSquares, trainStep, type StepState, type StepStatus } from "./step.js";
import { StepSums } from "./step-sums.js";

/** How a run ended (summary.json's status). */
export const RUN_STATUSES = ["completed", "diverged", "stopped_early", "interrupted"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export interface DivergedAt {
  epoch: number;
  /** 1-based step within the epoch. */
  step: number;
  /** 1-based layer where a non-finite value first appeared (forward order), or null if none was found. */
  layer: number | null;
  /** What went non-finite: the loss, a gradient, or a weight. */
  what: "loss" | "gradient" | "weight";
  /** Global gradient norm of the last finite step before. */
  grad_norm_before: number | null;
}

export interface TrainResult {
  status: RunStatus;
  /** Epochs completed (the last row's epoch). */
  epochs: number;
  final: MetricsRow;
  best: BestMetrics;
  diverged_at: DivergedAt | null;
  confusion: number[][] | null;
  /** With clipping on: the optimizer steps clipping changed, of all the steps taken; null without clipping. */
  clipping: { clipped: number; steps: number } | null;
  train_ms: number;
  mlp: Mlp;
  head: Head;
}

export interface TrainHooks {
  /**
   * Called for every row written, in epoch order, epoch 0 (initial weights) first, with the weights the row was
   * evaluated on (read only, valid until the next call: a forced exit writes them as model.json).
   */
  onEpoch?: RowHook;
  /** Polled between epochs; true stops the run with status `interrupted`. */
  shouldStop?: () => boolean;
  /**
   * Called before each epoch; when it returns a promise, the loop waits for it before the epoch (the playground
   * pauses and steps training this way). Returning nothing costs nothing.
   */
  pace?: () => Promise<void> | void;
  /**
   * Called with the weights at the end of every epoch (epoch 0: the initial weights), synchronously, before they
   * move on — also when rows are evaluated on another thread. Not called for an epoch that diverged. Read only.
   */
  onWeights?: (epoch: number, params: Float64Array) => void;
  /** Evaluate on a second thread: "auto" (default: when it pays, see eval-thread.ts), "on", "off". Results are identical. */
  evalThread?: EvalThreadMode;
}

/** Train the experiment's network on its data. Yields to the event loop now and then so signals are seen. */
export async function train(experiment: Experiment, hooks: TrainHooks = {}, model?: Mlp): Promise<TrainResult> {
  const { config, data } = experiment;
  const mlp = model ?? buildExperimentModel(experiment);
  return new TrainingLoop(config, mlp, data.train, data.test).run(hooks);
}

class TrainingLoop {
  private readonly step: StepState;
  private readonly sums: StepSums;
  private readonly rows: RowEvaluator;
  private status: RunStatus = "completed";
  private divergedAt: DivergedAt | null = null;
  private bestMonitored = Infinity;
  private sinceBest = 0;
  private lastYield = 0;

  constructor(
    private readonly config: ResolvedConfig,
    private readonly mlp: Mlp,
    private readonly trainSet: Dataset,
    testSet: Dataset | null,
  ) {
    const batch = batchRows(config.train.batch, trainSet.n);
    // Full-batch, unshuffled training on at most one evaluation chunk: the step's forward pass is exactly the
    // evaluation's forward pass on the same weights and rows (bit for bit), so both share one workspace and the
    // step reuses what the evaluation left there (see StepState.forwardCached).
    // Not with batch norm: a step normalises with the batch's statistics, the evaluation with the running ones.
    const sharedForward = batch === trainSet.n && !config.train.shuffle && trainSet.n <= EVAL_CHUNK && mlp.buffers.length === 0;
    const evalRows = Math.min(EVAL_CHUNK, Math.max(trainSet.n, testSet?.n ?? 0));
    const workspace: Workspace = mlp.workspace(sharedForward ? Math.max(evalRows, batch) : evalRows);
    this.step = experimentStep(config, mlp, trainSet, sharedForward ? workspace : undefined);
    this.sums = new StepSums(mlp.layers.length);
    this.rows = new RowEvaluator({ config, mlp, trainSet, testSet, step: this.step, sums: this.sums, workspace, sharedForward });
  }

  async run(hooks: TrainHooks): Promise<TrainResult> {
    const t = this.config.train;
    const started = performance.now();
    this.lastYield = started;
    const sink = rowSink(this.rows, hooks.onEpoch, hooks.evalThread);
    try {
      sink.initial();
      hooks.onWeights?.(0, this.mlp.params);
      for (let epoch = 1; epoch <= t.epochs; epoch++) {
        const paced = hooks.pace?.();
        if (paced) await paced;
        if (hooks.shouldStop?.()) {
          this.status = "interrupted";
          await sink.interrupted(epoch - 1);
          break;
        }
        this.step.beginEpoch(epoch);
        this.divergedAt = this.epoch(epoch);
        if (!this.divergedAt) hooks.onWeights?.(epoch, this.mlp.params);
        const stop = this.divergedAt ? "diverged" : this.earlyStop(epoch);
        const written = sink.afterEpoch(epoch, stop);
        if (written) await written;
        if (stop) {
          this.status = stop;
          break;
        }
        if (performance.now() - this.lastYield > 50) await this.yieldNow();
      }
      await sink.finish();
    } finally {
      // whatever throws: a worker left running keeps the process alive
      await sink.close();
    }
    return this.result(sink, started);
  }

  // ---- the epoch's steps -----------------------------------------------------------------------

  /** Every step of one epoch; the divergence that ended it early, or null. */
  private epoch(epoch: number): DivergedAt | null {
    const { step, sums } = this;
    const n = this.trainSet.n;
    sums.reset();
    for (let start = 0, k = 1; start < n; start += step.batch, k++) {
      const rows = Math.min(step.batch, n - start);
      const status = trainStep(step, start, rows);
      // a step whose gradient is not finite is never applied, so it does not count toward the epoch's averages
      if (status === "ok" || status === "weight") sums.add(step);
      if (status !== "ok") return this.divergence(status, epoch, k, rows);
    }
    return null;
  }

  /** Where a step went non-finite: the first layer (forward order) holding a non-finite value. */
  private divergence(status: Exclude<StepStatus, "ok">, epoch: number, stepNo: number, rows: number): DivergedAt {
    const { mlp } = this;
    // for a weight, the norm before is the diverging step's own (its gradient was finite); otherwise the last step's
    const before = this.sums.lastGradNorm;
    const layer =
      status === "loss"
        ? firstNonFiniteLayer(mlp, this.step.ws.z, rows)
        : status === "gradient"
          ? firstNonFiniteGradLayer(mlp)
          : firstNonFiniteParamLayer(mlp);
    return { epoch, step: stepNo, layer, what: status, grad_norm_before: before };
  }

  // ---- stop conditions -------------------------------------------------------------------------

  /** Early stopping watches every epoch's monitored loss: "stopped_early" after `patience` epochs without improvement. */
  private earlyStop(epoch: number): StopStatus | null {
    const es = this.config.train.early_stop;
    if (!es) return null;
    const { row: r } = this.rows.evaluate(epoch);
    const value = es.metric === "test_loss" ? (r.test_loss ?? r.train_loss) : r.train_loss;
    if (value < this.bestMonitored - es.min_delta) {
      this.bestMonitored = value;
      this.sinceBest = 0;
    } else if (++this.sinceBest >= es.patience) {
      return "stopped_early";
    }
    return null;
  }

  /** Give the event loop a turn every 50 ms, so signals are seen. */
  private async yieldNow(): Promise<void> {
    await new Promise((r) => setImmediate(r));
    this.lastYield = performance.now();
  }

  private result(sink: RowSink, started: number): TrainResult {
    const row = sink.lastRow!;
    return {
      status: this.status,
      epochs: row.epoch,
      final: row,
      best: sink.best,
      diverged_at: this.divergedAt,
      confusion: sink.lastEvaluation!.confusion,
      clipping: this.config.train.clip ? { clipped: this.sums.totalClipped, steps: this.sums.totalSteps } : null,
      train_ms: performance.now() - started,
      mlp: this.mlp,
      head: this.step.head,
    };
  }
}

function firstNonFiniteLayer(mlp: Mlp, z: Float64Array[], rows: number): number | null {
  for (let l = 0; l < mlp.layers.length; l++) {
    const n = rows * mlp.layers[l].outDim;
    for (let i = 0; i < n; i++) if (!Number.isFinite(z[l][i])) return l + 1;
  }
  return firstNonFiniteParamLayer(mlp);
}

/** The first layer whose gradient has a non-finite entry, or whose squared norm overflows (entries ~1e155 and up). */
function firstNonFiniteGradLayer(mlp: Mlp): number | null {
  for (let l = 0; l < mlp.layers.length; l++) {
    const layer = mlp.layers[l];
    const sq =
      sumSquares(layer.weightGrad) +
      (layer.biasGrad ? sumSquares(layer.biasGrad) : 0) +
      (layer.norm ? sumSquares(layer.norm.gammaGrad) + sumSquares(layer.norm.betaGrad) : 0);
    if (!Number.isFinite(sq)) return l + 1;
  }
  return null;
}

function firstNonFiniteParamLayer(mlp: Mlp): number | null {
  for (let l = 0; l < mlp.layers.length; l++) {
    const layer = mlp.layers[l];
    if (!allFinite(layer.weight) || (layer.bias && !allFinite(layer.bias))) return l + 1;
    if (layer.norm && !(allFinite(layer.norm.gamma) && allFinite(layer.norm.beta) && allFinite(layer.norm.runningVar))) return l + 1;
  }
  return null;
}
