/**
 * The per-layer factors behind vanishing and exploding gradients, measured on the first training step (the
 * batch `nn-lab trace` shows): forward, how much each hidden layer scales the signal (RMS of a_k over RMS of
 * a_{k−1}, x for k = 1); backward, how much the gradient grows or shrinks on its way down through each hidden
 * layer (‖dL/dz_k‖ / ‖dL/dz_{k+1}‖ — the weights W_{k+1}ᵀ and the local slopes f′(z_k) together). The gradient
 * reaching layer 1 is the output's times the product of the backward factors.
 */
import { traceStep, type Matrix } from "../train/step-trace.js";
import { lessonExperiment } from "./run-lesson.js";

export interface SignalFactors {
  forward: number[];
  backward: number[];
  /** The product of the backward factors: ‖dL/dz₁‖ / ‖dL/dz_out‖. */
  product: number;
}

const norm = (m: Matrix) => Math.sqrt(m.data.reduce((s, v) => s + v * v, 0));
const rms = (m: Matrix) => norm(m) / Math.sqrt(m.data.length);

export function signalFactors(name: string, raw: Record<string, unknown>): SignalFactors {
  const t = traceStep(lessonExperiment(name, raw));
  const hidden = t.layers.slice(0, -1);
  const below = [t.x, ...hidden.map((l) => l.a)];
  const forward = hidden.map((l, k) => rms(l.a) / rms(below[k]));
  const dz = t.layers.map((l) => (l.dz ? norm(l.dz) : NaN));
  const backward = hidden.map((_, k) => dz[k] / dz[k + 1]);
  return { forward, backward, product: backward.reduce((a, b) => a * b, 1) };
}

export const minOf = (xs: readonly number[]) => Math.min(...xs);
export const maxOf = (xs: readonly number[]) => Math.max(...xs);
