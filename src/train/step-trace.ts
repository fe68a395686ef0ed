/**
 * One training step, recorded number by number for `nn-lab trace`: the first batch the run would see, the
 * forward pass (z and a of every layer), the loss, the backward pass in chain-rule order, and the update.
 * It is the training step itself (`trainStep`, as epoch 1, step 1 of `nn-lab train`) observed through a
 * StepRecorder that copies what each stage computed.
 */
import type { Head } from "../engine/losses.js";
import type { BatchNorm } from "../engine/batchnorm.js";
import type { BlockBuffers } from "../engine/blocks.js";
import type { Layer } from "../engine/layer.js";
import type { Mlp, Workspace } from "../engine/mlp.js";
import type { Optimizer, OptimizerName } from "../engine/optim.js";
import type { Experiment } from "../config/resolve.js";
import { buildExperimentModel } from "./model.js";
import { experimentStep, trainStep, type StepRecorder, type StepStatus } from "./step.js";

/** A matrix copied out of the engine: rows × cols, row-major. */
export interface Matrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

export interface LayerTrace {
  layer: number;
  activation: string;
  weight: Matrix;
  bias: Float64Array | null;
  z: Matrix;
  /** a = f(z); for the output layer, the output activation (probabilities for sigmoid/softmax). */
  a: Matrix;
  /** The local factor da/dz = f′(z) of a hidden layer, element by element; null for the output layer. */
  dAct: Matrix | null;
  /** Backward values; null when the step stopped before backpropagation (a non-finite loss). */
  dz: Matrix | null;
  dW: Matrix | null;
  db: Float64Array | null;
  /** dL/da of the layer below (null for the first layer). */
  daBelow: Matrix | null;
  /** Parameters after the update; the ones before when the step stopped before it. */
  newWeight: Matrix;
  newBias: Float64Array | null;
  /** Batch norm of a hidden layer with model.norm: batch, else null. */
  norm: NormTrace | null;
  /** Residual: the layer's output is h = h_prev + a (the input added back). */
  skip: boolean;
  /** The layer's output h = h_prev + a of a skip layer (else it is `a`). */
  h: Matrix | null;
  /** dL/d(output) of a hidden layer in a network with blocks: what reaches it from the layer above; null otherwise. */
  dOut: Matrix | null;
}

/** A batch-norm layer in a traced step: the batch's statistics, x̂, u = γ·x̂ + β, their gradients, the updates. */
export interface NormTrace {
  mean: Float64Array;
  variance: Float64Array;
  xhat: Matrix;
  /** u = γ·x̂ + β: what the activation is applied to. */
  u: Matrix;
  gamma: Float64Array;
  beta: Float64Array;
  /** Running statistics before and after this step's forward pass. */
  runningMeanBefore: Float64Array;
  runningVarBefore: Float64Array;
  runningMean: Float64Array;
  runningVar: Float64Array;
  du: Matrix | null;
  dGamma: Float64Array | null;
  dBeta: Float64Array | null;
  newGamma: Float64Array;
  newBeta: Float64Array;
}

export interface StepTrace {
  rows: number;
  x: Matrix;
  /** Targets as the head sees them. */
  y: Matrix;
  loss: number;
  lossName: string;
  output: string;
  lr: number;
  optimizer: OptimizerName;
  /** Global gradient norm before clipping (NaN when the step stopped before backpropagation). */
  gradNorm: number;
  clipped: boolean;
  clip: string | null;
  /** "ok", or what went non-finite and ended the step (training marks the run diverged there). */
  status: StepStatus;
  /** The optimizer's settings as configured (beta1, beta2, eps, momentum, …). */
  optimizerParams: Record<string, number | boolean>;
  /** The optimizer's state after the update (momentum buffer, Adam's step/exp_avg/exp_avg_sq, …), copied. */
  optimizerState: Record<string, Float64Array | number>;
  layers: LayerTrace[];
}

const copy = (data: Float64Array, rows: number, cols: number): Matrix => ({
  rows,
  cols,
  data: Float64Array.from(data.subarray(0, rows * cols)),
});

/** The first step of the experiment's training, as `nn-lab train` takes it, with every intermediate value. */
export function traceStep(experiment: Experiment): StepTrace {
  const { config, data } = experiment;
  const mlp = buildExperimentModel(experiment);
  const step = experimentStep(config, mlp, data.train);
  step.beginEpoch(1);
  const rows = step.batch;
  const t = config.train;
  const trace: StepTrace = {
    rows,
    x: copy(step.x, 0, data.train.d),
    y: copy(step.y, 0, step.targets.width),
    loss: NaN,
    lossName: t.loss,
    output: config.model.output,
    lr: step.lr,
    optimizer: t.optimizer.name,
    gradNorm: NaN,
    clipped: false,
    clip: t.clip ? ("norm" in t.clip ? `norm ${t.clip.norm}` : `value ${t.clip.value}`) : null,
    status: "ok",
    optimizerState: {},
    optimizerParams: Object.fromEntries(Object.entries(t.optimizer).filter(([k]) => k !== "name")) as Record<string, number | boolean>,
    layers: mlp.layers.map((l, i) => ({
      layer: i + 1,
      activation: l.activation ? l.activation.name : config.model.output,
      weight: copy(l.weight, l.outDim, l.inDim),
      bias: l.bias ? Float64Array.from(l.bias) : null,
      z: copy(new Float64Array(0), 0, l.outDim),
      a: copy(new Float64Array(0), 0, l.outDim),
      dAct: null,
      dz: null,
      dW: null,
      db: null,
      daBelow: null,
      newWeight: copy(l.weight, l.outDim, l.inDim),
      newBias: l.bias ? Float64Array.from(l.bias) : null,
      norm: l.norm ? normBefore(l.norm) : null,
      skip: l.skip,
      h: null,
      dOut: null,
    })),
  };
  trace.status = trainStep(step, 0, rows, recorder(trace, mlp, step.head));
  return trace;
}

/** A batch-norm layer before the step: its parameters and running statistics (the rest is filled in as it runs). */
function normBefore(bn: BatchNorm): NormTrace {
  const empty = copy(new Float64Array(0), 0, bn.width);
  return {
    mean: new Float64Array(bn.width),
    variance: new Float64Array(bn.width),
    xhat: empty,
    u: empty,
    gamma: Float64Array.from(bn.gamma),
    beta: Float64Array.from(bn.beta),
    runningMeanBefore: Float64Array.from(bn.runningMean),
    runningVarBefore: Float64Array.from(bn.runningVar),
    runningMean: Float64Array.from(bn.runningMean),
    runningVar: Float64Array.from(bn.runningVar),
    du: null,
    dGamma: null,
    dBeta: null,
    newGamma: Float64Array.from(bn.gamma),
    newBeta: Float64Array.from(bn.beta),
  };
}

/** A hidden block's forward values: the batch statistics, x̂, u, the running statistics after, and h of a skip layer. */
function recordBlockForward(lt: LayerTrace, l: Layer, blocks: BlockBuffers, i: number, rows: number): void {
  const cache = blocks.norm[i];
  if (lt.norm && cache && l.norm) {
    lt.norm.mean = Float64Array.from(cache.mean);
    lt.norm.variance = Float64Array.from(cache.variance);
    lt.norm.xhat = copy(cache.xhat, rows, l.outDim);
    lt.norm.u = copy(blocks.u[i], rows, l.outDim);
    lt.norm.runningMean = Float64Array.from(l.norm.runningMean);
    lt.norm.runningVar = Float64Array.from(l.norm.runningVar);
  }
  if (l.skip) lt.h = copy(blocks.h[i], rows, l.outDim);
}

/** Copies each stage's values into `trace`. */
function recorder(trace: StepTrace, mlp: Mlp, head: Head): StepRecorder {
  const last = mlp.layers.length - 1;
  return {
    batch(x: Float64Array, y: Float64Array, rows: number) {
      trace.x = copy(x, rows, trace.x.cols);
      trace.y = copy(y, rows, trace.y.cols);
    },
    forward(ws: Workspace, rows: number, loss: number) {
      trace.loss = loss;
      mlp.layers.forEach((l, i) => {
        trace.layers[i].z = copy(ws.z[i], rows, l.outDim);
        if (i < last) {
          trace.layers[i].a = copy(ws.a[i], rows, l.outDim);
          // the activation's input: bn(z) with batch norm, else z
          const u = ws.blocks ? copy(ws.blocks.u[i], rows, l.outDim) : trace.layers[i].z;
          trace.layers[i].dAct = { ...u, data: u.data.map((v) => l.activation!.df(v)) };
          if (ws.blocks) recordBlockForward(trace.layers[i], l, ws.blocks, i, rows);
        }
      });
      const out = new Float64Array(rows * mlp.outputs);
      head.activate(ws.z[last], out, rows, mlp.outputs);
      trace.layers[last].a = copy(out, rows, mlp.outputs);
    },
    backward(ws: Workspace, rows: number, gradNorm: number) {
      trace.gradNorm = gradNorm;
      mlp.layers.forEach((l, i) => {
        const lt = trace.layers[i];
        lt.dz = copy(ws.dz[i], rows, l.outDim);
        lt.dW = copy(l.weightGrad, l.outDim, l.inDim);
        lt.db = l.biasGrad ? Float64Array.from(l.biasGrad) : null;
        lt.daBelow = i > 0 ? copy(ws.da[i - 1], rows, mlp.layers[i - 1].outDim) : null;
        if (ws.blocks && i < last) {
          lt.dOut = copy(ws.da[i], rows, l.outDim);
          if (lt.norm) {
            lt.norm.du = copy(ws.blocks.du[i], rows, l.outDim);
            lt.norm.dGamma = Float64Array.from(l.norm!.gammaGrad);
            lt.norm.dBeta = Float64Array.from(l.norm!.betaGrad);
          }
        }
      });
    },
    gradient(_grads: Float64Array, clipped: boolean) {
      trace.clipped = clipped;
    },
    update(_params: Float64Array, optimizer: Optimizer) {
      mlp.layers.forEach((l, i) => {
        trace.layers[i].newWeight = copy(l.weight, l.outDim, l.inDim);
        trace.layers[i].newBias = l.bias ? Float64Array.from(l.bias) : null;
        const nt = trace.layers[i].norm;
        if (nt && l.norm) {
          nt.newGamma = Float64Array.from(l.norm.gamma);
          nt.newBeta = Float64Array.from(l.norm.beta);
        }
      });
      for (const [k, v] of Object.entries(optimizer.state())) trace.optimizerState[k] = typeof v === "number" ? v : Float64Array.from(v);
    },
  };
}
