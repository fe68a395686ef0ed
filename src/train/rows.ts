/**
 * Where the training loop's rows go. After each epoch the loop tells its row sink the epoch and whether the run
 * stops there; the sink evaluates the rows that are due — every log_every-th epoch, the last, the one a run stops
 * at — and hands them to `onEpoch` in epoch order, each with the weights it was evaluated on. Two sinks:
 * - InlineRows evaluates on this thread, at once, and never returns a promise (thousands of tiny epochs a second
 *   would otherwise spend a tenth of their time in await);
 * - ThreadedRows posts a copy of the weights to the evaluation thread (eval-thread.ts) and trains on; rows are
 *   written as results arrive, at most EVAL_IN_FLIGHT behind. The last row, and a row the run stops at, are
 *   evaluated here (the last one while the thread finishes the earlier ones), then written after every row in flight.
 * Both give the same rows, bit for bit.
 */
import type { Mlp, Workspace } from "../engine/mlp.js";
import type { Dataset } from "../data/dataset.js";
import { trackBest, type BestMetrics, type MetricsRow } from "../metrics.js";
import type { ResolvedConfig } from "../config/resolve.js";
import { Evaluator, makeTargets, type Evaluation, type Targets } from "./evaluate.js";
import { EvalThread, wantEvalThread, type EvalThreadMode } from "./eval-thread.js";
import type { StepState } from "./step.js";
import type { StepStats, StepSums } from "./step-sums.js";

/** Weight snapshots being evaluated at once at most; past that, training waits for the oldest result. */
const EVAL_IN_FLIGHT = 8;

/** How a run ends, when it ends before its last epoch ("completed" otherwise). */
export type StopStatus = "diverged" | "stopped_early";

/** Called for each row written, in epoch order; `weights` are the ones the row was evaluated on (read only, until the next call). */
export type RowHook = (row: MetricsRow, weights: Float64Array) => void;

/** What building a row needs: the network, its data, the step (lr, shared forward pass) and the epoch's step sums. */
export interface RowInputs {
  config: ResolvedConfig;
  mlp: Mlp;
  trainSet: Dataset;
  testSet: Dataset | null;
  step: StepState;
  sums: StepSums;
  /** The workspace evaluations run in (the step's own when the forward pass is shared, see TrainingLoop). */
  workspace: Workspace;
  /** Full-batch unshuffled training on one evaluation chunk: the next step reuses the evaluation's forward pass. */
  sharedForward: boolean;
}

/** Rows evaluated on this thread: the evaluation of the whole train and test sets with the current weights. */
export class RowEvaluator {
  readonly trainTargets: Targets;
  readonly testTargets: Targets | null;
  private readonly evaluator: Evaluator;
  /** The last row evaluated here (early stopping and logging share it: evaluating twice would redo the work). */
  private memo: { epoch: number; row: MetricsRow; evaluation: Evaluation } | null = null;

  constructor(readonly inputs: RowInputs) {
    const { mlp, trainSet, testSet, step } = inputs;
    this.trainTargets = step.targets;
    this.testTargets = testSet ? makeTargets(testSet.y, testSet.n, step.head, mlp.outputs, trainSet.classes) : null;
    this.evaluator = new Evaluator(mlp, step.head, inputs.workspace, trainSet.classes);
  }

  /** `epoch`'s row with the current weights (epoch 0: the initial weights, no steps yet), evaluated once. */
  evaluate(epoch: number): { row: MetricsRow; evaluation: Evaluation } {
    if (this.memo?.epoch === epoch) return this.memo;
    const { trainSet, testSet, step, sharedForward, sums } = this.inputs;
    const stats = sums.stats(epoch, step.lr, epoch > 0);
    // test first, then train: the train set's forward pass is what stays in the workspace
    const tv = testSet ? this.evaluator.evaluate(testSet.x, this.testTargets!, testSet.n, false) : null;
    // with a shared forward pass, the train set is exactly the next step's batch: its dL/dz is computed here too
    const ev = this.evaluator.evaluate(trainSet.x, this.trainTargets, trainSet.n, true, sharedForward);
    step.forwardCached = sharedForward;
    // the step's loss on the same z (the same terms, summed in the same order: finite exactly when this one is)
    step.cachedLoss = sharedForward ? ev.loss : null;
    this.memo = { epoch, row: combine(stats, ev, tv), evaluation: tv ?? ev };
    return this.memo;
  }
}

export function combine(s: StepStats, ev: Evaluation, tv: Evaluation | null): MetricsRow {
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

/** The rows written so far, and what the run's result takes from them. */
export abstract class RowSink {
  lastRow: MetricsRow | null = null;
  /** The last row's evaluation (its confusion matrix is the run's). */
  lastEvaluation: Evaluation | null = null;
  readonly best: BestMetrics = {};
  /** The last epoch whose row was written or sent to be evaluated. */
  protected lastLogged = -1;
  /** The weights of rows evaluated here, copied (a copy per row sent to the thread is kept with it instead). */
  private readonly here: Float64Array;

  constructor(
    protected readonly rows: RowEvaluator,
    private readonly onEpoch: RowHook | undefined,
  ) {
    this.here = new Float64Array(rows.inputs.mlp.params.length);
  }

  /** Epoch 0's row: the initial weights. */
  initial(): void {
    this.writeHere(0);
  }

  /** After `epoch`'s steps: write (or send) its row when it is due. A promise only when the caller must wait. */
  abstract afterEpoch(epoch: number, stop: StopStatus | null): void | Promise<void>;

  /** The run stops before `last + 1` on request: `last`'s row is written, even when log_every skipped it. */
  async interrupted(last: number): Promise<void> {
    await this.finish();
    if (last > this.lastLogged) this.writeHere(last);
  }

  /** Every row in flight written. */
  abstract finish(): Promise<void>;

  /** Stop the evaluation thread, if any (also when the run failed). */
  abstract close(): Promise<void>;

  protected due(epoch: number, stop: StopStatus | null): boolean {
    const t = this.rows.inputs.config.train;
    return stop !== null || epoch % t.log_every === 0 || epoch === t.epochs;
  }

  /** Evaluate `epoch`'s row here, with the current weights, and write it. */
  protected writeHere(epoch: number): void {
    const { row, evaluation } = this.rows.evaluate(epoch);
    this.here.set(this.rows.inputs.mlp.params);
    this.lastLogged = epoch;
    this.write(row, evaluation, this.here);
  }

  protected write(row: MetricsRow, evaluation: Evaluation, weights: Float64Array): void {
    this.lastRow = row;
    this.lastEvaluation = evaluation;
    trackBest(this.best, row);
    this.onEpoch?.(row, weights);
  }
}

/** Every row evaluated on this thread, at once. */
export class InlineRows extends RowSink {
  afterEpoch(epoch: number, stop: StopStatus | null): void {
    if (this.due(epoch, stop)) this.writeHere(epoch);
  }

  async finish(): Promise<void> {}

  async close(): Promise<void> {}
}

/** Rows evaluated on the evaluation thread, written in epoch order as they arrive. */
export class ThreadedRows extends RowSink {
  /** Rows being evaluated, oldest first, each with the copy of the weights it was sent. */
  private readonly pending: Promise<[MetricsRow, Evaluation, Float64Array]>[] = [];

  constructor(
    rows: RowEvaluator,
    onEpoch: RowHook | undefined,
    private readonly thread: EvalThread,
  ) {
    super(rows, onEpoch);
  }

  async afterEpoch(epoch: number, stop: StopStatus | null): Promise<void> {
    if (!this.due(epoch, stop)) return;
    if (stop !== null) {
      await this.finish();
      this.writeHere(epoch);
    } else if (epoch === this.rows.inputs.config.train.epochs) {
      // the last row is evaluated here while the thread finishes the earlier ones, then written after them
      const { row, evaluation } = this.rows.evaluate(epoch);
      const weights = this.rows.inputs.mlp.params.slice();
      this.lastLogged = epoch;
      await this.finish();
      this.write(row, evaluation, weights);
    } else {
      await this.send(epoch);
    }
  }

  /** Send a copy of the weights to the thread; wait for the oldest result when too many are in flight. */
  private async send(epoch: number): Promise<void> {
    const { sums, step, mlp } = this.rows.inputs;
    const stats = sums.stats(epoch, step.lr, true);
    const weights = mlp.params.slice();
    const result = this.thread
      .evaluate(weights)
      .then(({ train, test }): [MetricsRow, Evaluation, Float64Array] => [combine(stats, train, test), test ?? train, weights]);
    result.catch(() => {}); // awaited in order below; a run that fails first must not leave it unhandled
    this.pending.push(result);
    this.lastLogged = epoch;
    if (this.pending.length > EVAL_IN_FLIGHT) this.write(...(await this.pending.shift()!));
  }

  async finish(): Promise<void> {
    while (this.pending.length > 0) this.write(...(await this.pending.shift()!));
  }

  async close(): Promise<void> {
    await this.thread.close();
  }
}

/**
 * The sink for a run: rows on the evaluation thread when it pays (see eval-thread.ts), never with early stopping
 * (which must see each epoch's result before the next one starts) or a shared forward pass.
 */
export function rowSink(rows: RowEvaluator, onEpoch: RowHook | undefined, mode: EvalThreadMode = "auto"): RowSink {
  const { config, mlp, trainSet, testSet, sharedForward } = rows.inputs;
  if (mode === "off" || config.train.early_stop || sharedForward) return new InlineRows(rows, onEpoch);
  const macs = mlp.layers.reduce((a, l) => a + l.inDim * l.outDim, 0);
  const work = (trainSet.n + (testSet?.n ?? 0)) * macs * Math.ceil(config.train.epochs / config.train.log_every);
  if (!wantEvalThread(work, mode)) return new InlineRows(rows, onEpoch);
  const thread = new EvalThread({
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
    trainTargets: rows.trainTargets,
    testX: testSet?.x ?? null,
    testN: testSet?.n ?? 0,
    testTargets: rows.testTargets,
  });
  return new ThreadedRows(rows, onEpoch, thread);
}
