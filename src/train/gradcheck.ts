/**
 * Gradient check: backprop gradients against float64 central differences,
 *   g_fd = (L(θ + h) − L(θ − h)) / 2h,  h = 1e-6,
 * for every parameter, on one batch. A parameter fails when |g_bp − g_fd| > ATOL + RTOL·|g_fd|
 * (ATOL = 1e-7, RTOL = 1e-5: central differences are accurate to O(h²) plus rounding of order ε·L/h ≈ 1e-10).
 * A parameter whose ±h perturbation moves a ReLU-family pre-activation across 0 sits on a kink, where the
 * derivative is one-sided: it is reported, not failed. Batch norm is checked in training mode (the batch's own
 * statistics, as a training step differentiates it): its γ and β are parameters like the others; the running
 * statistics each forward pass updates are put back afterwards.
 */
import { makeHead, type Head } from "../engine/losses.js";
import type { Mlp, Workspace } from "../engine/mlp.js";
import type { Experiment } from "../config/resolve.js";
import { makeTargets } from "./evaluate.js";
import { outputUnits } from "../config/derived.js";
import { buildModel } from "./model.js";

export const GRADCHECK_STEP = 1e-6;
export const GRADCHECK_ATOL = 1e-7;
export const GRADCHECK_RTOL = 1e-5;

export interface ParamCheck {
  layer: number;
  kind: "weight" | "bias" | "gamma" | "beta";
  count: number;
  maxAbsError: number;
  maxRelError: number;
  /** Parameters on a ReLU kink (excluded from failure). */
  kinks: number;
  failures: number;
}

export interface GradcheckResult {
  loss: number;
  checks: ParamCheck[];
  passed: boolean;
  /** Backprop and numerical gradients, flat in parameter order (W₁, b₁, [γ₁, β₁,] W₂, …). */
  backprop: Float64Array;
  numeric: Float64Array;
}

export function gradcheck(mlp: Mlp, head: Head, ws: Workspace, x: Float64Array, y: Float64Array, rows: number): GradcheckResult {
  const k = mlp.outputs;
  const buffers = Float64Array.from(mlp.buffers);
  const lossAt = () => {
    const z = mlp.forward(ws, x, rows, true);
    return head.lossSum(z, y, rows, k) / head.count(rows, k);
  };
  const z = mlp.forward(ws, x, rows, true);
  const loss = head.gradient(z, y, rows, k, ws.outputGrad);
  mlp.backward(ws, x, rows);
  const backprop = Float64Array.from(mlp.grads);
  const numeric = new Float64Array(backprop.length);
  const p = mlp.params;
  const hidden = mlp.layers.length - 1;
  const signsPlus = mlp.layers.slice(0, hidden).map((l) => new Uint8Array(rows * l.outDim));
  const checks: ParamCheck[] = [];
  for (let l = 0; l < mlp.layers.length; l++) {
    const layer = mlp.layers[l];
    const ranges: [ParamCheck["kind"], number, number][] = [["weight", layer.offset, layer.offset + layer.weight.length]];
    if (layer.bias) ranges.push(["bias", layer.offset + layer.weight.length, layer.offset + layer.weight.length + layer.bias.length]);
    const bn = layer.norm;
    if (bn) ranges.push(["gamma", bn.offset, bn.offset + bn.width], ["beta", bn.offset + bn.width, bn.offset + 2 * bn.width]);
    for (const [kind, from, to] of ranges) {
      const check: ParamCheck = { layer: l + 1, kind, count: to - from, maxAbsError: 0, maxRelError: 0, kinks: 0, failures: 0 };
      for (let i = from; i < to; i++) {
        const saved = p[i];
        p[i] = saved + GRADCHECK_STEP;
        const plus = lossAt();
        recordSigns(mlp, ws, rows, signsPlus);
        p[i] = saved - GRADCHECK_STEP;
        const minus = lossAt();
        const kink = signsChanged(mlp, ws, rows, signsPlus);
        p[i] = saved;
        const g = (plus - minus) / (2 * GRADCHECK_STEP);
        numeric[i] = g;
        const abs = Math.abs(backprop[i] - g);
        const rel = abs / Math.max(Math.abs(backprop[i]), Math.abs(g), 1e-12);
        if (kink) {
          check.kinks++;
          continue;
        }
        check.maxAbsError = Math.max(check.maxAbsError, abs);
        check.maxRelError = Math.max(check.maxRelError, abs === 0 ? 0 : rel);
        if (!(abs <= GRADCHECK_ATOL + GRADCHECK_RTOL * Math.abs(g))) check.failures++;
      }
      checks.push(check);
    }
  }
  // leave the workspace as backprop left it, and the running statistics as they were
  mlp.forward(ws, x, rows, true);
  mlp.buffers.set(buffers);
  return { loss, checks, passed: checks.every((c) => c.failures === 0), backprop, numeric };
}

/** What hidden layer l's activation was applied to: bn(z) with batch norm, else z. */
const activationInput = (ws: Workspace, l: number): Float64Array => (ws.blocks ? ws.blocks.u[l] : ws.z[l]);

/** Sign pattern (z > 0) of every ReLU-family hidden pre-activation after the last forward pass. */
function recordSigns(mlp: Mlp, ws: Workspace, rows: number, into: Uint8Array[]): void {
  into.forEach((s, l) => {
    if (mlp.layers[l].activation!.family !== "relu") return;
    for (let i = 0; i < rows * mlp.layers[l].outDim; i++) s[i] = activationInput(ws, l)[i] > 0 ? 1 : 0;
  });
}

function signsChanged(mlp: Mlp, ws: Workspace, rows: number, before: Uint8Array[]): boolean {
  return before.some((s, l) => {
    if (mlp.layers[l].activation!.family !== "relu") return false;
    for (let i = 0; i < rows * mlp.layers[l].outDim; i++) if ((activationInput(ws, l)[i] > 0 ? 1 : 0) !== s[i]) return true;
    return false;
  });
}

/** Gradient check of an experiment's initial network on its first training rows (at most `maxRows`). */
export function gradcheckExperiment(experiment: Experiment, maxRows = 16): GradcheckResult & { rows: number } {
  const { config, data } = experiment;
  const ds = data.train;
  const mlp = buildModel(config, ds.d, outputUnits(config.train.loss, ds.classes));
  const head = makeHead(config.train.loss, config.model.output);
  const rows = Math.min(maxRows, ds.n);
  const targets = makeTargets(ds.y, ds.n, head, mlp.outputs, ds.classes);
  const ws = mlp.workspace(rows);
  const result = gradcheck(mlp, head, ws, ds.x.subarray(0, rows * ds.d), targets.y.subarray(0, rows * targets.width), rows);
  return { ...result, rows };
}
