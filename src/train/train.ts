/**
 * The training loop: engine + data → a stream of per-epoch metrics rows, through hooks. No printing, no files.
 * Each step is `trainStep` (step.ts: forward → loss → backward → clip → l1/l2 penalty gradient on weights →
 * optimizer update). Schedules step once per epoch. A non-finite loss, gradient or weight stops the run as
 * `diverged`. Rows are evaluated on the main thread, or pipelined on an evaluation thread when that pays.
 */
import type { Head } from "../engine/losses.js";
import type { Mlp, Workspace } from "../engine/mlp.js";
import type { Dataset } from "../data/dataset.js";
import { trackBest, type BestMetrics, type MetricsRow } from "../metrics.js";
import type { Experiment, ResolvedConfig } from "../config/resolve.js";
import { EVAL_CHUNK, Evaluator, makeTargets, type Evaluation, type Targets } from "./evaluate.js";
import { EvalThread, wantEvalThread, type EvalThreadMode } from "./eval-thread.js";
import { buildExperimentModel } from "./model.js";
import { batchRows } from "../config/derived.js";
import { allFinite, experimentStep, sumSquares, trainStep, type StepState, type StepStatus } from "./step.js";

export { buildExperimentModel };

export type { MetricsRow };

export type RunStatus = "completed" | "diverged" | "stopped_early" | "interrupted";

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

/** Weight snapshots being evaluated at once at most; past that, training waits for the oldest result. */
const EVAL_IN_FLIGHT = 8;

type StepStats = Pick<MetricsRow, "epoch" | "lr" | "grad_norm" | "grad_norm_layer" | "clipped">;

export interface TrainHooks {
  /** Called for every logged epoch, epoch 0 (initial weights) first. */
  onEpoch?: (row: MetricsRow) => void;
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
  const trainSet = data.train;
  const mlp = model ?? buildExperimentModel(experiment);
  const loop = new TrainingLoop(config, mlp, trainSet, data.test);
  return loop.run(hooks);
}

class TrainingLoop {
  private readonly step: StepState;
  private readonly trainTargets: Targets;
  private readonly testTargets: Targets | null;
  private readonly evaluator: Evaluator;
  /** Full-batch unshuffled training on one evaluation chunk: the step reuses the evaluation's forward pass. */
  private readonly sharedForward: boolean;
  private hooks: TrainHooks = {};
  private thread: EvalThread | null = null;
  // the epoch's step sums (for the row's grad_norm, grad_norm_layerK, clipped)
  private gradNormSum = 0;
  private readonly layerNormSum: Float64Array;
  private steps = 0;
  private clipped = 0;
  // whole-run totals (the rows hold per-epoch counts, and log_every may skip rows)
  private totalSteps = 0;
  private totalClipped = 0;
  private lastGradNorm: number | null = null;
  // the run so far
  private status: RunStatus = "completed";
  private divergedAt: DivergedAt | null = null;
  private readonly best: BestMetrics = {};
  private lastRow: MetricsRow | null = null;
  private lastEvaluation: Evaluation | null = null;
  /** The epoch's row once evaluated (early stopping and logging share it; evaluating twice would redo the work). */
  private evaluated: MetricsRow | null = null;
  private lastLogged = 0;
  private bestMonitored = Infinity;
  private sinceBest = 0;
  private lastYield = 0;
  /** Rows being evaluated on the thread, oldest first; written in epoch order as they arrive. */
  private readonly pending: Promise<[MetricsRow, Evaluation]>[] = [];

  constructor(
    private readonly config: ResolvedConfig,
    private readonly mlp: Mlp,
    private readonly trainSet: Dataset,
    private readonly testSet: Dataset | null,
  ) {
    const batch = batchRows(config.train.batch, trainSet.n);
    // Full-batch, unshuffled training on at most one evaluation chunk: the step's forward pass is exactly the
    // evaluation's forward pass on the same weights and rows (bit for bit), so both share one workspace and the
    // step reuses what the evaluation left there (see StepState.forwardCached).
    // Not with batch norm: a step normalises with the batch's statistics, the evaluation with the running ones.
    this.sharedForward = batch === trainSet.n && !config.train.shuffle && trainSet.n <= EVAL_CHUNK && mlp.buffers.length === 0;
    const evalRows = Math.min(EVAL_CHUNK, Math.max(trainSet.n, testSet?.n ?? 0));
    const evalWorkspace: Workspace = mlp.workspace(this.sharedForward ? Math.max(evalRows, batch) : evalRows);
    this.step = experimentStep(config, mlp, trainSet, this.sharedForward ? evalWorkspace : undefined);
    const head = this.step.head;
    this.trainTargets = this.step.targets;
    this.testTargets = testSet ? makeTargets(testSet.y, testSet.n, head, mlp.outputs, trainSet.classes) : null;
    this.evaluator = new Evaluator(mlp, head, evalWorkspace, trainSet.classes);
    this.layerNormSum = new Float64Array(mlp.layers.length);
  }

  async run(hooks: TrainHooks): Promise<TrainResult> {
    const t = this.config.train;
    const started = performance.now();
    this.hooks = hooks;
    this.lastYield = started;
    const initial = this.row(0, t.lr, false);
    try {
      // inside the try: the finally below closes the thread whatever throws (a worker left running keeps the process alive)
      this.thread = this.startEvalThread(hooks.evalThread);
      this.log(initial, this.lastEvaluation!);
      hooks.onWeights?.(0, this.mlp.params);
      for (let epoch = 1; epoch <= t.epochs; epoch++) {
        const wait = hooks.pace?.();
        if (wait) await wait;
        if (hooks.shouldStop?.()) {
          await this.interrupted(epoch - 1);
          break;
        }
        this.step.beginEpoch(epoch);
        this.evaluated = null;
        this.divergedAt = this.epoch(epoch);
        if (!this.divergedAt) hooks.onWeights?.(epoch, this.mlp.params);
        const stop: RunStatus | null = this.divergedAt ? "diverged" : this.earlyStop(epoch);
        // without an evaluation thread nothing is in flight: the row is logged here and now, with no promise per
        // epoch (thousands of tiny epochs a second would otherwise spend a tenth of their time in await)
        if (this.thread === null) this.logEpochHere(epoch, stop);
        else await this.logEpoch(epoch, stop);
        if (stop) {
          this.status = stop;
          break;
        }
        if (performance.now() - this.lastYield > 50) await this.yieldNow();
      }
      await this.drain();
    } finally {
      await this.thread?.close();
    }
    return this.result(started);
  }

  // ---- the epoch's steps -----------------------------------------------------------------------

  /** Every step of one epoch; the divergence that ended it early, or null. */
  private epoch(epoch: number): DivergedAt | null {
    const { step } = this;
    const n = this.trainSet.n;
    this.resetSums();
    for (let start = 0, k = 1; start < n; start += step.batch, k++) {
      const rows = Math.min(step.batch, n - start);
      const status = trainStep(step, start, rows);
      // a step whose gradient is not finite is never applied, so it does not count toward the epoch's averages
      if (status === "ok" || status === "weight") this.addStep();
      if (status !== "ok") return this.divergence(status, epoch, k, rows);
    }
    return null;
  }

  private resetSums(): void {
    this.gradNormSum = 0;
    this.layerNormSum.fill(0);
    this.steps = 0;
    this.clipped = 0;
  }

  /** Add the last step's gradient norms and clipping to the epoch's sums. */
  private addStep(): void {
    const { step, layerNormSum } = this;
    for (let l = 0; l < layerNormSum.length; l++) layerNormSum[l] += step.layerNorms[l];
    this.gradNormSum += step.gradNorm;
    this.steps++;
    this.totalSteps++;
    this.lastGradNorm = step.gradNorm;
    if (step.clipped) {
      this.clipped++;
      this.totalClipped++;
    }
  }

  /** Where a step went non-finite: the first layer (forward order) holding a non-finite value. */
  private divergence(status: Exclude<StepStatus, "ok">, epoch: number, stepNo: number, rows: number): DivergedAt {
    const { mlp } = this;
    // for a weight, the norm before is the diverging step's own (its gradient was finite); otherwise the last step's
    const before = this.lastGradNorm;
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
  private earlyStop(epoch: number): RunStatus | null {
    const es = this.config.train.early_stop;
    if (!es) return null;
    const r = this.evaluate(epoch);
    const value = es.metric === "test_loss" ? (r.test_loss ?? r.train_loss) : r.train_loss;
    if (value < this.bestMonitored - es.min_delta) {
      this.bestMonitored = value;
      this.sinceBest = 0;
    } else if (++this.sinceBest >= es.patience) {
      return "stopped_early";
    }
    return null;
  }

  /** A stop request before `epoch + 1`: the last finished epoch is written even when log_every skipped it. */
  private async interrupted(last: number): Promise<void> {
    this.status = "interrupted";
    // its step sums are still in place
    if (last > this.lastLogged) await this.logNow(() => this.row(last, this.step.lr, true), last);
  }

  /** Give the event loop a turn every 50 ms, so signals are seen. */
  private async yieldNow(): Promise<void> {
    if (performance.now() - this.lastYield > 50) {
      await new Promise((r) => setImmediate(r));
      this.lastYield = performance.now();
    }
  }

  // ---- row logging and the evaluation pipeline --------------------------------------------------

  /** The rows written: every log_every-th epoch, the last, and the one a run stops at. */
  private async logEpoch(epoch: number, stop: RunStatus | null): Promise<void> {
    const t = this.config.train;
    const scheduled = epoch % t.log_every === 0 || epoch === t.epochs;
    if (this.thread !== null && stop === null && epoch === t.epochs) {
      // the last row is evaluated here while the thread finishes the earlier ones, then written after them
      const r = this.evaluate(epoch);
      const evaluation = this.lastEvaluation!;
      await this.drain();
      this.log(r, evaluation);
      this.lastLogged = epoch;
    } else if (this.thread !== null && stop === null) {
      if (scheduled) await this.evaluateOnThread(this.thread, epoch);
    } else if (stop !== null || scheduled) {
      await this.logNow(() => this.evaluate(epoch), epoch);
    }
  }

  /** logEpoch without an evaluation thread (so nothing pending to wait for). */
  private logEpochHere(epoch: number, stop: RunStatus | null): void {
    const t = this.config.train;
    if (stop === null && epoch % t.log_every !== 0 && epoch !== t.epochs) return;
    this.log(this.evaluate(epoch), this.lastEvaluation!);
    this.lastLogged = epoch;
  }

  /** Send the weights to the evaluation thread; wait for the oldest result when too many are in flight. */
  private async evaluateOnThread(thread: EvalThread, epoch: number): Promise<void> {
    const stats = this.stepStats(epoch, this.step.lr);
    const result = thread
      .evaluate(this.mlp.params)
      .then(({ train, test }): [MetricsRow, Evaluation] => [this.combine(stats, train, test), test ?? train]);
    result.catch(() => {}); // awaited in order below; a run that fails first must not leave it unhandled
    this.pending.push(result);
    this.lastLogged = epoch;
    if (this.pending.length > EVAL_IN_FLIGHT) this.log(...(await this.pending.shift()!));
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) this.log(...(await this.pending.shift()!));
  }

  /** Write a row evaluated on this thread, after every row still in flight. */
  private async logNow(row: () => MetricsRow, epoch: number): Promise<void> {
    await this.drain();
    this.log(row(), this.lastEvaluation!);
    this.lastLogged = epoch;
  }

  private log(row: MetricsRow, evaluation: Evaluation): void {
    this.lastRow = row;
    this.lastEvaluation = evaluation;
    trackBest(this.best, row);
    this.hooks.onEpoch?.(row);
  }

  /** The epoch's row, evaluated once. */
  private evaluate(epoch: number): MetricsRow {
    return (this.evaluated ??= this.row(epoch, this.step.lr, true));
  }

  /** Evaluate and build the metrics row for `epoch` (epoch 0: initial weights, no steps yet). */
  private row(epoch: number, lr: number, afterSteps: boolean): MetricsRow {
    const { trainSet, testSet } = this;
    const stats = this.stepStats(epoch, lr, afterSteps);
    // test first, then train: the train set's forward pass is what stays in the workspace
    const tv = testSet ? this.evaluator.evaluate(testSet.x, this.testTargets!, testSet.n, false) : null;
    const ev = this.evaluator.evaluate(trainSet.x, this.trainTargets, trainSet.n, true);
    this.step.forwardCached = this.sharedForward;
    // the step's loss on the same z (the same terms, summed in the same order: finite exactly when this one is)
    this.step.cachedLoss = this.sharedForward ? ev.loss : null;
    this.lastEvaluation = tv ?? ev;
    return this.combine(stats, ev, tv);
  }

  /** The parts of a row that come from the epoch's steps (captured before the weights move on). */
  private stepStats(epoch: number, lr: number, afterSteps = true): StepStats {
    const steps = this.steps;
    const has = afterSteps && steps > 0;
    return {
      epoch,
      lr,
      grad_norm: has ? this.gradNormSum / steps : null,
      grad_norm_layer: this.mlp.layers.map((_, l) => (has ? this.layerNormSum[l] / steps : null)),
      clipped: afterSteps ? this.clipped : null,
    };
  }

  private combine(s: StepStats, ev: Evaluation, tv: Evaluation | null): MetricsRow {
    return {
      epoch: s.epoch,
      train_loss: ev.loss,
      train_acc: ev.acc,
      test_loss: tv ? tv.loss : null,
      test_acc: tv ? tv.acc : null,
      lr: s.lr,
      grad_norm: s.grad_norm,
      grad_norm_layer: s.grad_norm_layer,
      dead_frac_layer: ev.deadFrac,
      zero_frac_layer: ev.zeroFrac,
      sat_frac_layer: ev.satFrac,
      clipped: s.clipped,
    };
  }

  private result(started: number): TrainResult {
    const row = this.lastRow!;
    return {
      status: this.status,
      epochs: row.epoch,
      final: row,
      best: this.best,
      diverged_at: this.divergedAt,
      confusion: this.lastEvaluation!.confusion,
      clipping: this.config.train.clip ? { clipped: this.totalClipped, steps: this.totalSteps } : null,
      train_ms: performance.now() - started,
      mlp: this.mlp,
      head: this.step.head,
    };
  }

  /** An evaluation thread when it pays (see eval-thread.ts); never with early stopping or a shared forward pass. */
  private startEvalThread(mode: TrainHooks["evalThread"]): EvalThread | null {
    const { config, mlp, trainSet, testSet } = this;
    if (mode === "off" || config.train.early_stop || this.sharedForward) return null;
    const macs = mlp.layers.reduce((a, l) => a + l.inDim * l.outDim, 0);
    const work = (trainSet.n + (testSet?.n ?? 0)) * macs * Math.ceil(config.train.epochs / config.train.log_every);
    if (!wantEvalThread(work, mode)) return null;
    return new EvalThread({
      inputs: mlp.inputs,
      hidden: config.model.layers,
      outputs: mlp.outputs,
      bias: config.model.bias,
      residual: config.model.residual,
      norm: config.model.norm,
      loss: config.train.loss,
      output: config.model.output,
      classes: trainSet.classes,
      trainX: trainSet.x,
      trainN: trainSet.n,
      trainTargets: this.trainTargets,
      testX: testSet?.x ?? null,
      testN: testSet?.n ?? 0,
      testTargets: this.testTargets,
    });
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
