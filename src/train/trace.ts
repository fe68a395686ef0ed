/**
 * One training step, recorded number by number for `nn-lab trace`: the first batch the run would see, the
 * forward pass (z and a of every layer), the loss, the backward pass in chain-rule order, and the update.
 * It is the training step itself (`trainStep`, as epoch 1, step 1 of `nn-lab train`) observed through a
 * StepRecorder that copies what each stage computed.
 */
import type { Head } from "../engine/losses.js";
import type { Mlp, Workspace } from "../engine/mlp.js";
import type { Optimizer } from "../engine/optim.js";
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
  optimizer: string;
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
    })),
  };
  trace.status = trainStep(step, 0, rows, recorder(trace, mlp, step.head));
  return trace;
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
          const z = trace.layers[i].z;
          trace.layers[i].dAct = { ...z, data: z.data.map((v) => l.activation!.df(v)) };
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
      });
    },
    gradient(_grads: Float64Array, clipped: boolean) {
      trace.clipped = clipped;
    },
    update(_params: Float64Array, optimizer: Optimizer) {
      mlp.layers.forEach((l, i) => {
        trace.layers[i].newWeight = copy(l.weight, l.outDim, l.inDim);
        trace.layers[i].newBias = l.bias ? Float64Array.from(l.bias) : null;
      });
      for (const [k, v] of Object.entries(optimizer.state())) trace.optimizerState[k] = typeof v === "number" ? v : Float64Array.from(v);
    },
  };
}
