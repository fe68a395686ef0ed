/**
 * `nn-lab trace` for hidden layers with batch norm and residual connections: the batch statistics, x̂, u = γ·x̂ + β,
 * the running statistics' update, h = h_prev + a forward; backward, ∂L/∂u, ∂L/∂γ, ∂L/∂β, ∂L/∂z through batch norm, and
 * the skip's "+1" path: ∂L/∂h_prev = ∂L/∂z·W + ∂L/∂h, the second term reaching the layer below as it is.
 */
import type { LayerTrace, Matrix, StepTrace } from "../train/step-trace.js";
import { matrix, num, vector } from "./matrix-text.js";

/** True when the traced network has a batch-norm or skip layer (the plain rendering is used otherwise). */
export const hasBlocks = (t: StepTrace): boolean => t.layers.some((l) => l.norm !== null || l.skip);

/** The name of layer k's input: x, h(k−1) after a skip layer, else a(k−1). */
export function inputName(t: StepTrace, k: number): string {
  if (k === 1) return "x";
  return t.layers[k - 2].skip ? `h${k - 1}` : `a${k - 1}`;
}

const subtract = (a: Matrix, b: Matrix): Matrix => ({ ...a, data: a.data.map((v, i) => v - b.data[i]) });

/** Forward lines of a hidden block after its z line: batch norm, the activation, the skip. */
export function blockForwardLines(t: StepTrace, l: LayerTrace): string[] {
  const k = l.layer;
  const out: string[] = [];
  const bn = l.norm;
  if (bn) {
    out.push(
      `    batch norm, training mode (the batch's own statistics over its ${t.rows} rows):`,
      `      μ${k} = mean of z${k} over the rows = ${vector(bn.mean)}`,
      `      σ²${k} = mean of (z${k} − μ${k})² (biased) = ${vector(bn.variance)}`,
      `      x̂${k} = (z${k} − μ${k})/√(σ²${k} + 1e-5) = ${matrix(bn.xhat)}`,
      `      u${k} = γ${k}·x̂${k} + β${k} = ${matrix(bn.u)}   (γ${k} = ${vector(bn.gamma)}, β${k} = ${vector(bn.beta)})`,
      `      running mean ← 0.9·${vector(bn.runningMeanBefore)} + 0.1·μ${k} = ${vector(bn.runningMean)}`,
      `      running var ← 0.9·${vector(bn.runningVarBefore)} + 0.1·σ²${k}·${t.rows}/${t.rows - 1} = ${vector(bn.runningVar)}` +
        "   (metrics use these: eval mode)",
    );
  }
  const arg = bn ? `u${k}` : `z${k}`;
  out.push(`    a${k} = ${l.activation}(${arg}) = ${matrix(l.a)}`);
  if (l.skip && l.h) out.push(`    h${k} = ${inputName(t, k)} + a${k} = ${matrix(l.h)}   (residual: the layer's input added back)`);
  return out;
}

/** Backward lines of a hidden block: from ∂L/∂(its output) down to ∂L/∂z, W, b, γ, β and the input. */
export function blockBackwardLines(t: StepTrace, l: LayerTrace): string[] {
  const k = l.layer;
  const outName = l.skip ? `h${k}` : `a${k}`;
  const lines = [`  layer ${k}: dL/d${outName} = ${l.dOut ? matrix(l.dOut) : "—"}`];
  const bn = l.norm;
  if (bn) {
    const via = l.skip ? ` (h${k} = ${inputName(t, k)} + a${k}: dh${k}/da${k} = 1)` : "";
    lines.push(
      `           dL/du${k} = dL/d${outName} ⊙ ${l.activation}′(u${k}) = ${bn.du ? matrix(bn.du) : "—"}${via}`,
      `           dL/dγ${k} = Σ rows of dL/du${k} ⊙ x̂${k} = ${bn.dGamma ? vector(bn.dGamma) : "—"}`,
      `           dL/dβ${k} = Σ rows of dL/du${k} = ${bn.dBeta ? vector(bn.dBeta) : "—"}`,
      `           dL/dz${k} = γ${k}/(N·√(σ²${k} + ε)) ⊙ (N·dL/du${k} − dL/dβ${k} − x̂${k} ⊙ dL/dγ${k}) = ${l.dz ? matrix(l.dz) : "—"}` +
        `   (N = ${t.rows}: every row's z moves μ and σ²)`,
    );
  } else {
    lines.push(`           dL/dz${k} = dL/d${outName} ⊙ ${l.activation}′(z${k}) = ${l.dz ? matrix(l.dz) : "—"}`);
  }
  lines.push(...weightLines(t, l));
  return lines;
}

/** dL/dW, dL/db and dL/d(input) of layer k; a skip layer's input gradient is the W path plus the "+1" path. */
export function weightLines(t: StepTrace, l: LayerTrace): string[] {
  const k = l.layer;
  const below = inputName(t, k);
  const lines = [`           dL/dW${k} = dL/dz${k}ᵀ·${below} = ${l.dW ? matrix(l.dW) : "—"}`];
  const shiftFree = l.norm ? "   (0 up to rounding: batch norm removes any shift of z)" : "";
  if (l.db) lines.push(`           dL/db${k} = Σ rows of dL/dz${k} = ${vector(l.db)}${shiftFree}`);
  if (!l.daBelow) return lines;
  if (l.skip && l.dOut) {
    const viaW = subtract(l.daBelow, l.dOut);
    lines.push(
      `           dL/d${below} = dL/dz${k}·W${k} + dL/dh${k}   (the skip's "+1" path: dh${k}/d${below} = 1 + da${k}/d${below})`,
      `                 = ${matrix(viaW)} + ${matrix(l.dOut)}`,
      `                 = ${matrix(l.daBelow)}`,
    );
  } else {
    lines.push(`           dL/d${below} = dL/dz${k}·W${k} = ${matrix(l.daBelow)}`);
  }
  return lines;
}

/** "Chain rule, factor by factor" for a network with blocks: each layer's local factor, the +1 of every skip. */
export function blockChainLines(t: StepTrace): string[] {
  if (t.layers.some((l) => !l.dz || !l.dW)) return [];
  const L = t.layers.length;
  const out = ["Chain rule, factor by factor (a batch: matrices, summed over rows)"];
  out.push(`  dL/dz${L} from the loss and the ${t.output} output; dL/dW${L} = dL/dz${L}ᵀ·${inputName(t, L)}`);
  for (let k = L - 1; k >= 1; k--) {
    const l = t.layers[k - 1];
    const outName = l.skip ? `h${k}` : `a${k}`;
    const input = inputName(t, k);
    const f = l.norm ? `${l.activation}′(u${k}) · bn′ · W${k}` : `${l.activation}′(z${k}) · W${k}`;
    const local = l.skip ? `1 + ${f}` : f;
    out.push(`  d${outName}/d${input} = ${local}${l.skip ? "   ← the skip: the 1 passes dL/dh" + k + " down whatever f′ is" : ""}`);
  }
  const skips = t.layers.filter((l) => l.skip).length;
  const meanAbs = (m: Matrix) => m.data.reduce((sum, v) => sum + Math.abs(v), 0) / Math.max(1, m.data.length);
  if (skips > 0)
    out.push(
      `  each skip's 1 opens a path on which dL/dh is multiplied by no f′ (${skips} skip layer${skips === 1 ? "" : "s"} here):` +
        ` mean |dL/dz1| = ${num(meanAbs(t.layers[0].dz!))}, mean |dL/dz${L}| = ${num(meanAbs(t.layers[L - 1].dz!))}`,
    );
  return out;
}
