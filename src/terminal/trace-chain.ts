/**
 * The chain rule of a traced step written factor by factor, as a textbook walkthrough does it: each local
 * derivative with its value (dz2/da1 = W2 = 0.3, da1/dz1 = relu′(z1) = 1, dz1/dW1 = x = 2), then, when every
 * quantity on the path is a scalar (one row, one unit per layer), the product line
 * dL/dW1 = dL/dz2 · dz2/da1 · da1/dz1 · dz1/dW1 = −1.4 · 0.3 · 1 · 2 = −0.84; for matrices, the shapes of each
 * product. And the optimizer's update rule with its numbers (momentum buffer; Adam's m, v, bias corrections, step).
 */
import type { Matrix, StepTrace } from "../train/step-trace.js";
import { OPTIMIZERS } from "../engine/optim.js";
import { matrix, num } from "./matrix-text.js";

const shape = (m: Matrix) => `${m.rows}×${m.cols}`;
/** A matrix and its shape (the summary of a large one already names it). */
const shaped = (m: Matrix) => {
  const s = matrix(m);
  return s.startsWith("(") ? s : `${s}  (${shape(m)})`;
};
const scalar = (m: Matrix | null): m is Matrix => m !== null && m.rows === 1 && m.cols === 1;

/** "Chain rule, factor by factor": local factors per layer, from the loss down, and the products they make. */
export function chainLines(t: StepTrace): string[] {
  const L = t.layers.length;
  const out = L === 0 || t.layers.some((l) => !l.dz || !l.dW) ? [] : ["Chain rule, factor by factor"];
  if (out.length === 0) return out;
  const input = (k: number) => (k === 1 ? { name: "x", m: t.x } : { name: `a${k - 1}`, m: t.layers[k - 2].a });
  const top = t.layers[L - 1];
  out.push(`  dL/dz${L} = ${matrix(top.dz!)}  (${shape(top.dz!)}: from the loss and the ${t.output} output)`);
  for (let k = L; k >= 1; k--) {
    const l = t.layers[k - 1];
    const { name, m } = input(k);
    out.push(`  dz${k}/dW${k} = ${name} = ${shaped(m)}`);
    if (k > 1) {
      const below = t.layers[k - 2];
      out.push(`  dz${k}/da${k - 1} = W${k} = ${shaped(l.weight)}`);
      out.push(`  da${k - 1}/dz${k - 1} = ${below.activation}′(z${k - 1}) = ${below.dAct ? matrix(below.dAct) : "—"}`);
    }
  }
  const scalarPath = t.rows === 1 && t.layers.every((l) => scalar(l.weight));
  out.push(scalarPath ? "  multiplied along the path:" : `  multiplied (a batch of ${t.rows}: products of matrices, summed over rows):`);
  for (let k = L; k >= 1; k--) out.push(scalarPath ? scalarProduct(t, k) : matrixProduct(t, k));
  return out;
}

/** dL/dWk = dL/dzL · dzL/da(L−1) · da(L−1)/dz(L−1) · … · dzk/dWk = v · v · … = result (all scalars). */
function scalarProduct(t: StepTrace, k: number): string {
  const L = t.layers.length;
  const names = [`dL/dz${L}`];
  const values = [t.layers[L - 1].dz!.data[0]];
  for (let j = L; j > k; j--) {
    names.push(`dz${j}/da${j - 1}`, `da${j - 1}/dz${j - 1}`);
    values.push(t.layers[j - 1].weight.data[0], t.layers[j - 2].dAct!.data[0]);
  }
  names.push(`dz${k}/dW${k}`);
  values.push(k === 1 ? t.x.data[0] : t.layers[k - 2].a.data[0]);
  return `  dL/dW${k} = ${names.join(" · ")} = ${values.map(num).join(" · ")} = ${num(t.layers[k - 1].dW!.data[0])}`;
}

/** The shapes of each step down the chain, for matrices. */
function matrixProduct(t: StepTrace, k: number): string {
  const l = t.layers[k - 1];
  const inp = k === 1 ? t.x : t.layers[k - 2].a;
  const parts = [
    `  dL/dW${k} = dL/dz${k}ᵀ · ${k === 1 ? "x" : `a${k - 1}`}  (${l.dz!.cols}×${l.dz!.rows} · ${shape(inp)} = ${shape(l.dW!)})`,
  ];
  if (k > 1) {
    const below = t.layers[k - 2];
    parts.push(
      `  dL/dz${k - 1} = (dL/dz${k} · W${k}) ⊙ ${below.activation}′(z${k - 1})  (${shape(l.dz!)} · ${shape(l.weight)} = ${shape(below.dz!)})`,
    );
  }
  return parts.join("\n");
}

/** The update rule and the optimizer's state after this step, with its numbers (flat over W1, b1, W2, b2, …). */
export function optimizerLines(t: StepTrace): string[] {
  const p = t.optimizerParams;
  // SGD given a momentum follows momentum's rule (the two are one torch.optim.SGD)
  const named = t.optimizer === "sgd" && typeof p.momentum === "number" && p.momentum > 0 ? "momentum" : t.optimizer;
  const out = [`  rule: ${OPTIMIZERS[named].rule}`];
  const settings = Object.entries(p)
    .filter(([, v]) => typeof v === "number" || v === true)
    .map(([k, v]) => `${k} ${typeof v === "number" ? num(v) : v}`);
  if (settings.length) out.push(`  settings: ${settings.join(", ")}`);
  const state = t.optimizerState;
  if (Object.keys(state).length === 0) return out;
  out.push("  state after this step (one value per parameter, in the order W1, b1, W2, b2, …):");
  const flat = (v: Float64Array) => matrix({ rows: 1, cols: v.length, data: v }).slice(1, -1);
  for (const [k, v] of Object.entries(state)) out.push(`    ${k} = ${typeof v === "number" ? num(v) : flat(v)}`);
  const step = state.step;
  if (typeof step === "number" && typeof p.beta1 === "number" && typeof p.beta2 === "number") {
    const c1 = 1 - p.beta1 ** step;
    const c2 = 1 - p.beta2 ** step;
    out.push(
      `    bias corrections: 1 − β1ᵗ = 1 − ${num(p.beta1)}^${step} = ${num(c1)}, 1 − β2ᵗ = 1 − ${num(p.beta2)}^${step} = ${num(c2)}`,
    );
    const m = state.exp_avg;
    const v = state.exp_avg_sq;
    if (m instanceof Float64Array && v instanceof Float64Array) {
      out.push(`    m̂ = m/(1 − β1ᵗ) = ${flat(m.map((x) => x / c1))}`);
      out.push(`    v̂ = v/(1 − β2ᵗ) = ${flat(v.map((x) => x / c2))}`);
      const eps = typeof p.eps === "number" ? p.eps : 1e-8;
      out.push(`    update = lr·m̂/(√v̂ + ε) = ${flat(m.map((x, i) => (t.lr * (x / c1)) / (Math.sqrt(v[i] / c2) + eps)))}`);
    }
  }
  return out;
}
