/**
 * One training step, the only one: training (train.ts) and `nn-lab trace` (step-trace.ts) both call `trainStep`.
 * Order (docs/configuration.md "A config"; as PyTorch): gather the batch → forward → loss and dL/dz of the output (the head) →
 * backward → gradient norms (before clipping) → clip (`clip_grad_norm_` or `clip_grad_value_`) → l1/l2 penalty
 * gradient on the weights → optimizer update. A non-finite loss, gradient or weight ends the step early and says
 * which (the run is then `diverged`).
 *
 * The hot path allocates nothing: every buffer is sized once in StepState. A StepRecorder observes the step
 * between its stages (live buffers: it copies what it keeps); without one the step pays one null check per stage.
 */
import { makeHead, type Head } from "../engine/losses.js";
import type { Mlp, Workspace } from "../engine/mlp.js";
import { addPenaltyGradient, clipGradNorm, clipGradValue, makeOptimizer, type Optimizer } from "../engine/optim.js";
import { Rng } from "../engine/rng.js";
import { learningRate } from "../engine/schedule.js";
import type { Dataset } from "../data/dataset.js";
import { batchRows } from "../config/derived.js";
import type { ResolvedConfig } from "../config/resolve.js";
import { makeTargets, type Targets } from "./evaluate.js";

type TrainConfig = ResolvedConfig["train"];

/** What a step ended with: "ok", or what went non-finite first (the step's remaining stages did not run). */
export type StepStatus = "ok" | "loss" | "gradient" | "weight";

/**
 * Observes a step between its stages. Every argument is a live engine buffer, valid until the next stage: copy
 * what you keep. Rows are row-major (rows × units). All hooks are optional. A stage's hook runs before the step
 * checks its values, so a recorder sees the non-finite loss, gradient or weight that ends a diverging step.
 */
export interface StepRecorder {
  /** The gathered batch: inputs x (rows × d) and the head's targets y (rows × target width). */
  batch?(x: Float64Array, y: Float64Array, rows: number): void;
  /**
   * After the forward pass and the loss: per layer ws.z (pre-activation) and ws.a (hidden activation; the output
   * layer's a is the head's business), the mean loss, and ws.outputGrad = dL/dz of the output layer.
   */
  forward?(ws: Workspace, rows: number, loss: number): void;
  /**
   * After backpropagation: per layer ws.dz (dL/dz), ws.da (dL/da of the layer's output, hidden layers), the
   * gradients mlp.grads (per layer: weightGrad, biasGrad), the global norm and each layer's weight-gradient norm.
   */
  backward?(ws: Workspace, rows: number, gradNorm: number, layerNorms: Float64Array): void;
  /** After clipping and the l1/l2 penalty: the gradient the optimizer is given, and whether clipping changed it. */
  gradient?(grads: Float64Array, clipped: boolean): void;
  /** After the update: the new parameters and the optimizer (its state() is what the next step starts from). */
  update?(params: Float64Array, optimizer: Optimizer): void;
}

/** Everything a step reads and writes, sized once per model and batch size. */
export class StepState {
  readonly optimizer: Optimizer;
  /** Rows of one step (the last step of an epoch may have fewer). */
  readonly batch: number;
  /** Training order of the rows, reshuffled per epoch when train.shuffle. */
  readonly order: Uint32Array;
  /** The batch's inputs and targets: gathered in training order, or the set's own arrays (`direct`). */
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** True when every step takes the whole set in its own order (a full batch, unshuffled): x and y are the set's. */
  readonly direct: boolean;
  /** Each layer's weight-gradient norm ‖∇W_l‖₂ of the last step (before clipping). */
  readonly layerNorms: Float64Array;
  /** The epoch's learning rate (set by beginEpoch). */
  lr: number;
  /** Results of the last step. */
  loss = NaN;
  gradNorm = NaN;
  clipped = false;
  /** True when `ws` already holds the forward pass of exactly the next batch at the current weights. */
  forwardCached = false;
  /**
   * With forwardCached: that batch's mean loss, when the caller has computed it and dL/dz (ws.outputGrad) on the same
   * z (the evaluation of a full-batch run, see Head.lossSumAndGradient); the step then goes straight to the backward
   * pass. Null: the step computes the loss and dL/dz itself.
   */
  cachedLoss: number | null = null;
  private readonly shuffleRng: Rng;
  private readonly weightRanges: (readonly [number, number])[];

  constructor(
    readonly mlp: Mlp,
    readonly head: Head,
    readonly train: TrainConfig,
    readonly seed: number,
    readonly set: Dataset,
    readonly targets: Targets,
    /** Forward/backward buffers for at least `batch` rows. */
    readonly ws: Workspace,
  ) {
    this.optimizer = makeOptimizer(train.optimizer);
    this.batch = batchRows(train.batch, set.n);
    this.order = Uint32Array.from({ length: set.n }, (_, i) => i);
    this.shuffleRng = Rng.stream(seed, "shuffle");
    // one unshuffled full batch is the set itself, in order: the step reads it in place instead of copying it
    this.direct = this.batch === set.n && !train.shuffle;
    this.x = this.direct ? set.x.subarray(0, set.n * set.d) : new Float64Array(this.batch * set.d);
    this.y = this.direct ? targets.y.subarray(0, set.n * targets.width) : new Float64Array(this.batch * targets.width);
    this.layerNorms = new Float64Array(mlp.layers.length);
    this.weightRanges = mlp.layers.map((l) => [l.offset, l.offset + l.weight.length] as const);
    this.lr = train.lr;
  }

  /** Start epoch `epoch` (1-based): the schedule's learning rate, and a new order when shuffling. */
  beginEpoch(epoch: number): void {
    const t = this.train;
    this.lr = learningRate(t.schedule, t.lr, epoch - 1, t.epochs);
    if (t.shuffle) this.shuffleRng.shuffle(this.order);
  }

  /** Penalty on the weights (not the biases): flat [start, end) ranges. */
  get weights(): readonly (readonly [number, number])[] {
    return this.weightRanges;
  }
}

/**
 * The step of an experiment's training on `set` (its train set): the head the config names, the head's targets,
 * and `ws` (default: a workspace for one batch).
 */
export function experimentStep(config: ResolvedConfig, mlp: Mlp, set: Dataset, ws?: Workspace): StepState {
  const head = makeHead(config.train.loss, config.model.output);
  const targets = makeTargets(set.y, set.n, head, mlp.outputs, set.classes);
  return new StepState(mlp, head, config.train, config.seed, set, targets, ws ?? mlp.workspace(batchRows(config.train.batch, set.n)));
}

/** One step on rows order[start .. start + rows) of the training set. */
export function trainStep(s: StepState, start: number, rows: number, recorder: StepRecorder | null = null): StepStatus {
  const { mlp, head, ws, x, y, train: t } = s;
  gatherBatch(s, start, rows);
  recorder?.batch?.(x, y, rows);
  const z = s.forwardCached ? ws.z[mlp.layers.length - 1] : mlp.forward(ws, x, rows, true);
  if (s.forwardCached && s.cachedLoss !== null) {
    s.loss = s.cachedLoss;
  } else {
    s.loss = head.gradient(z, y, rows, mlp.outputs, ws.outputGrad);
  }
  s.forwardCached = false;
  s.cachedLoss = null;
  recorder?.forward?.(ws, rows, s.loss);
  if (!Number.isFinite(s.loss)) return "loss";
  mlp.backward(ws, x, rows);
  s.gradNorm = gradientNorms(mlp, s.layerNorms);
  recorder?.backward?.(ws, rows, s.gradNorm, s.layerNorms);
  if (!Number.isFinite(s.gradNorm)) return "gradient";
  s.clipped =
    t.clip === null ? false : "norm" in t.clip ? clipGradNorm(mlp.grads, s.gradNorm, t.clip.norm) : clipGradValue(mlp.grads, t.clip.value);
  if (t.l1 !== 0 || t.l2 !== 0) addPenaltyGradient(mlp.params, mlp.grads, s.weights, t.l1, t.l2);
  recorder?.gradient?.(mlp.grads, s.clipped);
  s.optimizer.step(mlp.trainable, mlp.grads, s.lr);
  recorder?.update?.(mlp.params, s.optimizer);
  return allFinite(mlp.params) ? "ok" : "weight";
}

/** Copy the batch's inputs and targets, in training order, into the step's buffers. */
function gatherBatch(s: StepState, start: number, rows: number): void {
  if (s.direct) return;
  const { set, targets, order, x, y } = s;
  const d = set.d;
  const tw = targets.width;
  for (let r = 0; r < rows; r++) {
    const src = order[start + r];
    for (let j = 0; j < d; j++) x[r * d + j] = set.x[src * d + j];
    for (let j = 0; j < tw; j++) y[r * tw + j] = targets.y[src * tw + j];
  }
}

/** Global gradient norm ‖g‖₂ over every parameter (batch norm's γ, β too), and each layer's weight-gradient norm into `layerNorms`. */
function gradientNorms(mlp: Mlp, layerNorms: Float64Array): number {
  let total = 0;
  for (let l = 0; l < mlp.layers.length; l++) {
    const layer = mlp.layers[l];
    const w = sumSquares(layer.weightGrad);
    const b = layer.biasGrad ? sumSquares(layer.biasGrad) : 0;
    total += w + b;
    if (layer.norm !== null) total += sumSquares(layer.norm.gammaGrad) + sumSquares(layer.norm.betaGrad);
    layerNorms[l] = Math.sqrt(w);
  }
  return Math.sqrt(total);
}

export function sumSquares(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return s;
}

export function allFinite(a: Float64Array): boolean {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * 0;
  return s === 0; // x·0 is NaN exactly when x is ±Infinity or NaN
}
