/**
 * "Stacking linear layers is one linear layer": with linear hidden activations, z = W_L(…(W_2(W_1·x + b_1) + b_2)…) + b_L
 * = W·x + b with W = W_L·…·W_2·W_1 and b = W_L(…(W_2·b_1 + b_2)…) + b_L. This computes W and b from a network and
 * checks, on real inputs, that the one combined layer gives the network's outputs (to float64 rounding).
 */
import type { Mlp } from "../engine/mlp.js";
import type { Matrix } from "./step-trace.js";

export interface Collapsed {
  /** The layers' weights, first to last (out×in). */
  weights: Matrix[];
  /** W = W_L·…·W_1 (outputs × inputs). */
  weight: Matrix;
  /** The combined bias (zeros when the network has none). */
  bias: Float64Array;
}

/** Layer names whose activation is not linear (1-based), empty when the network collapses. */
export function nonLinearLayers(mlp: Mlp): { layer: number; activation: string }[] {
  return mlp.layers
    .map((l, i) => ({ layer: i + 1, activation: l.activation?.name ?? "linear" }))
    .filter((l, i) => i < mlp.layers.length - 1 && l.activation !== "linear");
}

export function collapse(mlp: Mlp): Collapsed {
  let w: Matrix = { rows: mlp.inputs, cols: mlp.inputs, data: identity(mlp.inputs) };
  let b: Float64Array = new Float64Array(mlp.inputs);
  const weights: Matrix[] = [];
  for (const layer of mlp.layers) {
    const lw: Matrix = { rows: layer.outDim, cols: layer.inDim, data: Float64Array.from(layer.weight) };
    weights.push(lw);
    w = matmul(lw, w);
    const nb = matvec(lw, b);
    if (layer.bias) for (let o = 0; o < layer.outDim; o++) nb[o] += layer.bias[o];
    b = nb;
  }
  return { weights, weight: w, bias: b };
}

/** Outputs (pre-activation logits) of x·Wᵀ + b for n rows. */
export function combinedForward(c: Collapsed, x: Float64Array, n: number): Float64Array {
  const { rows: out, cols: inp, data } = c.weight;
  const z = new Float64Array(n * out);
  for (let r = 0; r < n; r++)
    for (let o = 0; o < out; o++) {
      let s = c.bias[o];
      for (let i = 0; i < inp; i++) s += data[o * inp + i] * x[r * inp + i];
      z[r * out + o] = s;
    }
  return z;
}

/** Largest |network output − combined output| over n rows (the network's last-layer z, before the output activation). */
export function maxDifference(mlp: Mlp, c: Collapsed, x: Float64Array, n: number): { maxAbs: number; maxOutput: number } {
  const ws = mlp.workspace(n);
  const net = mlp.forward(ws, x, n);
  const one = combinedForward(c, x, n);
  let maxAbs = 0;
  let maxOutput = 0;
  for (let i = 0; i < n * mlp.outputs; i++) {
    maxAbs = Math.max(maxAbs, Math.abs(net[i] - one[i]));
    maxOutput = Math.max(maxOutput, Math.abs(net[i]));
  }
  return { maxAbs, maxOutput };
}

function identity(n: number): Float64Array {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) m[i * n + i] = 1;
  return m;
}

function matmul(a: Matrix, b: Matrix): Matrix {
  const data = new Float64Array(a.rows * b.cols);
  for (let i = 0; i < a.rows; i++)
    for (let k = 0; k < a.cols; k++) {
      const v = a.data[i * a.cols + k];
      for (let j = 0; j < b.cols; j++) data[i * b.cols + j] += v * b.data[k * b.cols + j];
    }
  return { rows: a.rows, cols: b.cols, data };
}

function matvec(a: Matrix, v: Float64Array): Float64Array {
  const out = new Float64Array(a.rows);
  for (let i = 0; i < a.rows; i++) for (let k = 0; k < a.cols; k++) out[i] += a.data[i * a.cols + k] * v[k];
  return out;
}
