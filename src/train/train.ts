/**
 * The training loop: engine + data → a stream of per-epoch metrics rows, through hooks. No printing, no files.
 * One step: forward → loss → backward → clip → l1/l2 penalty gradient on weights → optimizer update (SPEC §3).
 * Schedules step once per epoch. A non-finite loss, gradient or weight stops the run as `diverged`.
 */
import { makeHead, type Head } from "../engine/losses.js";
import type { Mlp, Workspace } from "../engine/mlp.js";
import { addPenaltyGradient, clipGradNorm, clipGradValue, makeOptimizer } from "../engine/optim.js";
import { Rng } from "../engine/rng.js";
import { learningRate } from "../engine/schedule.js";
import type { Dataset } from "../data/dataset.js";
import { trackBest, type BestMetrics, type MetricsRow } from "../metrics.js";
import type { Experiment, ResolvedConfig } from "../config/resolve.js";
import { EVAL_CHUNK, Evaluator, makeTargets, type Evaluation, type Targets } from "./evaluate.js";
import { EvalThread, wantEvalThread } from "./eval-thread.js";
import { buildModel, outputUnits } from "./model.js";

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
   * Called with the weights at the end of every epoch (epoch 0: the initial weights), synchronously, before they
   * move on — also when rows are evaluated on another thread. Not called for an epoch that diverged. Read only.
   */
  onWeights?: (epoch: number, params: Float64Array) => void;
  /** Evaluate on a second thread: "auto" (default: when it pays, see eval-thread.ts), "on", "off". Results are identical. */
  evalThread?: "auto" | "on" | "off";
}

/** Train the experiment's network on its data. Yields to the event loop now and then so signals are seen. */
export async function train(experiment: Experiment, hooks: TrainHooks = {}, model?: Mlp): Promise<TrainResult> {
  const { config, data } = experiment;
  const trainSet = data.train;
  const mlp = model ?? buildExperimentModel(experiment);
  const loop = new TrainingLoop(config, mlp, trainSet, data.test);
  return loop.run(hooks);
}

/** The experiment's network with its initial weights (reads init.from files: bad ones throw InputError). */
export function buildExperimentModel(experiment: Experiment): Mlp {
  const { config, data } = experiment;
  return buildModel(config, data.train.d, outputUnits(config, data.train.classes));
}

class TrainingLoop {
  private readonly head: Head;
  private readonly batch: number;
  private readonly trainTargets: Targets;
  private readonly testTargets: Targets | null;
  private readonly evaluator: Evaluator;
  private readonly evalWorkspace: Workspace;
  private readonly sharedForward: boolean;
  /** True while the shared workspace holds the forward pass of the whole train set at the current weights. */
  private forwardCached = false;
  // per-epoch accumulators
  private gradNormSum = 0;
  private readonly layerNormSum: Float64Array;
  private readonly layerNorm: Float64Array;
  private steps = 0;
  private clipped = 0;
  // whole-run totals (the rows hold per-epoch counts, and log_every may skip rows)
  private totalSteps = 0;
  private totalClipped = 0;
  private lastGradNorm: number | null = null;

  constructor(
    private readonly config: ResolvedConfig,
    private readonly mlp: Mlp,
    private readonly trainSet: Dataset,
    private readonly testSet: Dataset | null,
  ) {
    this.head = makeHead(config.train.loss, config.model.output);
    const b = config.train.batch;
    this.batch = b === "full" ? trainSet.n : Math.min(b, trainSet.n);
    const k = mlp.outputs;
    this.trainTargets = makeTargets(trainSet.y, trainSet.n, this.head, k, trainSet.classes);
    this.testTargets = testSet ? makeTargets(testSet.y, testSet.n, this.head, k, trainSet.classes) : null;
    // Full-batch, unshuffled training on at most one evaluation chunk: the step's forward pass is exactly the
    // evaluation's forward pass on the same weights and rows (bit for bit), so both share one workspace and the
    // step reuses what the evaluation left there (see `forwardCached`).
    this.sharedForward = this.batch === trainSet.n && !config.train.shuffle && trainSet.n <= EVAL_CHUNK;
    const evalRows = Math.min(EVAL_CHUNK, Math.max(trainSet.n, testSet?.n ?? 0));
    this.evalWorkspace = mlp.workspace(this.sharedForward ? Math.max(evalRows, this.batch) : evalRows);
    this.evaluator = new Evaluator(mlp, this.head, this.evalWorkspace, trainSet.classes);
    this.layerNormSum = new Float64Array(mlp.layers.length);
    this.layerNorm = new Float64Array(mlp.layers.length);
  }

  async run(hooks: TrainHooks): Promise<TrainResult> {
    const { config, mlp, head, trainSet } = this;
    const t = config.train;
    const started = performance.now();
    const optimizer = makeOptimizer(t.optimizer);
    const shuffleRng = Rng.stream(config.seed, "shuffle");
    const n = trainSet.n;
    const d = trainSet.d;
    const tw = this.trainTargets.width;
    const ws = this.sharedForward ? this.evalWorkspace : mlp.workspace(this.batch);
    const xb = new Float64Array(this.batch * d);
    const yb = new Float64Array(this.batch * tw);
    const order = Uint32Array.from({ length: n }, (_, i) => i);
    const best: TrainResult["best"] = {};
    const weightRanges = mlp.layers.map((l) => [l.offset, l.offset + l.weight.length] as const);

    let row = this.row(0, t.lr, false);
    let lastEval = this.lastEvaluation!;

    let status: RunStatus = "completed";
    let divergedAt: DivergedAt | null = null;
    let bestMonitored = Infinity;
    let sinceBest = 0;
    let lastYield = performance.now();

    const log = (r: MetricsRow, evaluation: Evaluation) => {
      row = r;
      lastEval = evaluation;
      trackBest(best, r);
      hooks.onEpoch?.(r);
    };
    // rows being evaluated on the thread, oldest first; written in epoch order as they arrive
    const pending: Promise<[MetricsRow, Evaluation]>[] = [];
    const drain = async () => {
      while (pending.length > 0) log(...(await pending.shift()!));
    };
    let lastLogged = 0;
    const logNow = async (r: () => MetricsRow, epochNo: number) => {
      await drain();
      log(r(), this.lastEvaluation!);
      lastLogged = epochNo;
    };
    let lr = t.lr;
    let thread: EvalThread | null = null;
    try {
      // inside the try: the finally below closes the thread whatever throws (a worker left running keeps the process alive)
      thread = this.startEvalThread(hooks.evalThread);
      trackBest(best, row);
      hooks.onEpoch?.(row);
      hooks.onWeights?.(0, mlp.params);
      for (let epoch = 1; epoch <= t.epochs; epoch++) {
        if (hooks.shouldStop?.()) {
          status = "interrupted";
          // the last finished epoch is written even when log_every skipped it (its step sums are still in place)
          const last = epoch - 1;
          if (last > lastLogged) await logNow(() => this.row(last, lr, true), last);
          break;
        }
        lr = learningRate(t.schedule, t.lr, epoch - 1, t.epochs);
        if (t.shuffle) shuffleRng.shuffle(order);
        this.resetAccumulators();
        for (let start = 0, step = 1; start < n; start += this.batch, step++) {
          const rows = Math.min(this.batch, n - start);
          for (let r = 0; r < rows; r++) {
            const src = order[start + r];
            for (let j = 0; j < d; j++) xb[r * d + j] = trainSet.x[src * d + j];
            for (let j = 0; j < tw; j++) yb[r * tw + j] = this.trainTargets.y[src * tw + j];
          }
          const z = this.forwardCached ? ws.z[mlp.layers.length - 1] : mlp.forward(ws, xb, rows);
          this.forwardCached = false;
          const loss = head.gradient(z, yb, rows, mlp.outputs, ws.outputGrad);
          if (!Number.isFinite(loss)) {
            divergedAt = { epoch, step, layer: firstNonFiniteLayer(mlp, ws.z, rows), what: "loss", grad_norm_before: this.lastGradNorm };
            break;
          }
          mlp.backward(ws, xb, rows);
          const total = this.accumulateNorms();
          if (!Number.isFinite(total)) {
            divergedAt = { epoch, step, layer: firstNonFiniteGradLayer(mlp), what: "gradient", grad_norm_before: this.lastGradNorm };
            break;
          }
          this.lastGradNorm = total;
          if (t.clip) {
            const changed = "norm" in t.clip ? clipGradNorm(mlp.grads, total, t.clip.norm) : clipGradValue(mlp.grads, t.clip.value);
            if (changed) {
              this.clipped++;
              this.totalClipped++;
            }
          }
          if (t.l1 !== 0 || t.l2 !== 0) addPenaltyGradient(mlp.params, mlp.grads, weightRanges, t.l1, t.l2);
          optimizer.step(mlp.params, mlp.grads, lr);
          if (!allFinite(mlp.params)) {
            divergedAt = { epoch, step, layer: firstNonFiniteParamLayer(mlp), what: "weight", grad_norm_before: this.lastGradNorm };
            break;
          }
        }
        if (!divergedAt) hooks.onWeights?.(epoch, mlp.params);
        // Early stopping watches every epoch; the rows written are every log_every-th, the last, and the one a run stops at.
        let evaluated: MetricsRow | null = null;
        const evaluate = () => (evaluated ??= this.row(epoch, lr, true));
        let stop: RunStatus | null = divergedAt ? "diverged" : null;
        if (!stop && t.early_stop) {
          const r = evaluate();
          const value = t.early_stop.metric === "test_loss" ? (r.test_loss ?? r.train_loss) : r.train_loss;
          if (value < bestMonitored - t.early_stop.min_delta) {
            bestMonitored = value;
            sinceBest = 0;
          } else if (++sinceBest >= t.early_stop.patience) {
            stop = "stopped_early";
          }
        }
        const scheduled = epoch % t.log_every === 0 || epoch === t.epochs;
        if (thread !== null && stop === null && epoch === t.epochs) {
          // the last row is evaluated here while the thread finishes the earlier ones, then written after them
          const r = evaluate();
          const evaluation = this.lastEvaluation!;
          await drain();
          log(r, evaluation);
          lastLogged = epoch;
        } else if (thread !== null && stop === null) {
          if (scheduled) {
            const stats = this.stepStats(epoch, lr);
            const result = thread
              .evaluate(mlp.params)
              .then(({ train, test }): [MetricsRow, Evaluation] => [this.combine(stats, train, test), test ?? train]);
            result.catch(() => {}); // awaited in order below; a run that fails first must not leave it unhandled
            pending.push(result);
            lastLogged = epoch;
            if (pending.length > EVAL_IN_FLIGHT) log(...(await pending.shift()!));
          }
        } else if (stop !== null || scheduled) {
          await logNow(evaluate, epoch);
        }
        if (stop) {
          status = stop;
          break;
        }
        if (performance.now() - lastYield > 50) {
          await new Promise((r) => setImmediate(r));
          lastYield = performance.now();
        }
      }
      await drain();
    } finally {
      await thread?.close();
    }
    return {
      status,
      epochs: row.epoch,
      final: row,
      best,
      diverged_at: divergedAt,
      confusion: lastEval.confusion,
      clipping: t.clip ? { clipped: this.totalClipped, steps: this.totalSteps } : null,
      train_ms: performance.now() - started,
      mlp,
      head,
    };
  }

  private lastEvaluation: Evaluation | null = null;

  /** Evaluate and build the metrics row for `epoch` (epoch 0: initial weights, no steps yet). */
  private row(epoch: number, lr: number, afterSteps: boolean): MetricsRow {
    const { trainSet, testSet } = this;
    const stats = this.stepStats(epoch, lr, afterSteps);
    // test first, then train: the train set's forward pass is what stays in the workspace
    const tv = testSet ? this.evaluator.evaluate(testSet.x, this.testTargets!, testSet.n, false) : null;
    const ev = this.evaluator.evaluate(trainSet.x, this.trainTargets, trainSet.n, true);
    this.forwardCached = this.sharedForward;
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

  /** An evaluation thread when it pays (see eval-thread.ts); never with early stopping or a shared forward pass. */
  private startEvalThread(mode: TrainHooks["evalThread"]): EvalThread | null {
    const { config, mlp, trainSet, testSet } = this;
    if (mode === "off" || config.train.early_stop || this.sharedForward) return null;
    const macs = mlp.layers.reduce((a, l) => a + l.inDim * l.outDim, 0);
    const work = (trainSet.n + (testSet?.n ?? 0)) * macs * Math.ceil(config.train.epochs / config.train.log_every);
    if (!wantEvalThread(mode === "on" ? Infinity : work, mode === "on" ? { ...process.env, NN_LAB_EVAL_THREAD: "1" } : process.env))
      return null;
    return new EvalThread({
      inputs: mlp.inputs,
      hidden: config.model.layers,
      outputs: mlp.outputs,
      bias: config.model.bias,
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

  private resetAccumulators(): void {
    this.gradNormSum = 0;
    this.layerNormSum.fill(0);
    this.steps = 0;
    this.clipped = 0;
  }

  /** Global gradient norm ‖g‖₂ (before clipping) and each layer's weight-gradient norm, added to the epoch sums. */
  private accumulateNorms(): number {
    const { mlp, layerNorm } = this;
    let total = 0;
    for (let l = 0; l < mlp.layers.length; l++) {
      const layer = mlp.layers[l];
      const w = sumSquares(layer.weightGrad);
      const b = layer.biasGrad ? sumSquares(layer.biasGrad) : 0;
      total += w + b;
      layerNorm[l] = Math.sqrt(w);
    }
    const norm = Math.sqrt(total);
    // a step that diverges is never applied, so it does not count toward the epoch's averages
    if (!Number.isFinite(norm)) return norm;
    for (let l = 0; l < layerNorm.length; l++) this.layerNormSum[l] += layerNorm[l];
    this.gradNormSum += norm;
    this.steps++;
    this.totalSteps++;
    return norm;
  }
}

function sumSquares(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return s;
}

function allFinite(a: Float64Array): boolean {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * 0;
  return s === 0; // x·0 is NaN exactly when x is ±Infinity or NaN
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
    const sq = sumSquares(layer.weightGrad) + (layer.biasGrad ? sumSquares(layer.biasGrad) : 0);
    if (!Number.isFinite(sq)) return l + 1;
  }
  return null;
}

function firstNonFiniteParamLayer(mlp: Mlp): number | null {
  for (let l = 0; l < mlp.layers.length; l++) {
    const layer = mlp.layers[l];
    if (!allFinite(layer.weight) || (layer.bias && !allFinite(layer.bias))) return l + 1;
  }
  return null;
}
