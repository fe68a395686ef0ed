/**
 * One training step, recorded number by number for `nn-lab trace`: the first batch the run would see, the
 * forward pass (z and a of every layer), the loss, the backward pass in chain-rule order, and the update.
 * It runs the real engine (forward, head, backward, clip, penalty, optimizer) and copies what it computed.
 */
import { makeHead } from "../engine/losses.js";
import { addPenaltyGradient, clipGradNorm, clipGradValue, makeOptimizer } from "../engine/optim.js";
import { Rng } from "../engine/rng.js";
import { learningRate } from "../engine/schedule.js";
import type { Experiment } from "../config/resolve.js";
import { makeTargets } from "./evaluate.js";
import { buildModel, outputUnits } from "./model.js";

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
  dz: Matrix;
  dW: Matrix;
  db: Float64Array | null;
  /** dL/da of the layer below (null for the first layer). */
  daBelow: Matrix | null;
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
  gradNorm: number;
  clipped: boolean;
  clip: string | null;
  layers: LayerTrace[];
}

const copy = (data: Float64Array, rows: number, cols: number): Matrix => ({
  rows,
  cols,
  data: Float64Array.from(data.subarray(0, rows * cols)),
});

export function traceStep(experiment: Experiment): StepTrace {
  const { config, data } = experiment;
  const ds = data.train;
  const t = config.train;
  const mlp = buildModel(config, ds.d, outputUnits(config, ds.classes));
  const head = makeHead(t.loss, config.model.output);
  const batch = t.batch === "full" ? ds.n : Math.min(t.batch, ds.n);
  const order = Uint32Array.from({ length: ds.n }, (_, i) => i);
  if (t.shuffle) Rng.stream(config.seed, "shuffle").shuffle(order);
  const targets = makeTargets(ds.y, ds.n, head, mlp.outputs, ds.classes);
  const tw = targets.width;
  const x = new Float64Array(batch * ds.d);
  const y = new Float64Array(batch * tw);
  for (let r = 0; r < batch; r++) {
    for (let j = 0; j < ds.d; j++) x[r * ds.d + j] = ds.x[order[r] * ds.d + j];
    for (let j = 0; j < tw; j++) y[r * tw + j] = targets.y[order[r] * tw + j];
  }
  const ws = mlp.workspace(batch);
  const before = mlp.layers.map((l) => ({ weight: copy(l.weight, l.outDim, l.inDim), bias: l.bias ? Float64Array.from(l.bias) : null }));
  const z = mlp.forward(ws, x, batch);
  const loss = head.gradient(z, y, batch, mlp.outputs, ws.outputGrad);
  mlp.backward(ws, x, batch);
  const last = mlp.layers.length - 1;
  const outA = new Float64Array(batch * mlp.outputs);
  head.activate(ws.z[last], outA, batch, mlp.outputs);
  const layers: LayerTrace[] = mlp.layers.map((l, i) => ({
    layer: i + 1,
    activation: l.activation ? l.activation.name : config.model.output,
    weight: before[i].weight,
    bias: before[i].bias,
    z: copy(ws.z[i], batch, l.outDim),
    a: i === last ? copy(outA, batch, l.outDim) : copy(ws.a[i], batch, l.outDim),
    dz: copy(ws.dz[i], batch, l.outDim),
    dW: copy(l.weightGrad, l.outDim, l.inDim),
    db: l.biasGrad ? Float64Array.from(l.biasGrad) : null,
    daBelow: i > 0 ? copy(ws.da[i - 1], batch, mlp.layers[i - 1].outDim) : null,
    newWeight: before[i].weight,
    newBias: null,
  }));
  let gradNorm = 0;
  for (const g of mlp.grads) gradNorm += g * g;
  gradNorm = Math.sqrt(gradNorm);
  let clipped = false;
  if (t.clip) clipped = "norm" in t.clip ? clipGradNorm(mlp.grads, gradNorm, t.clip.norm) : clipGradValue(mlp.grads, t.clip.value);
  const weightRanges = mlp.layers.map((l) => [l.offset, l.offset + l.weight.length] as const);
  if (t.l1 !== 0 || t.l2 !== 0) addPenaltyGradient(mlp.params, mlp.grads, weightRanges, t.l1, t.l2);
  const lr = learningRate(t.schedule, t.lr, 0, t.epochs);
  makeOptimizer(t.optimizer).step(mlp.params, mlp.grads, lr);
  mlp.layers.forEach((l, i) => {
    layers[i].newWeight = copy(l.weight, l.outDim, l.inDim);
    layers[i].newBias = l.bias ? Float64Array.from(l.bias) : null;
  });
  return {
    rows: batch,
    x: copy(x, batch, ds.d),
    y: copy(y, batch, tw),
    loss,
    lossName: t.loss,
    output: config.model.output,
    lr,
    optimizer: t.optimizer.name,
    gradNorm,
    clipped,
    clip: t.clip ? ("norm" in t.clip ? `norm ${t.clip.norm}` : `value ${t.clip.value}`) : null,
    layers,
  };
}
