/** Text rendering of one traced training step (nn-lab trace): small matrices whole, large ones summarised. */
import { chainLines, optimizerLines } from "./trace-chain.js";
import type { LayerTrace, Matrix, NormTrace, StepTrace } from "../train/step-trace.js";
import { matrix, num, vector } from "./matrix-text.js";
import { blockBackwardLines, blockChainLines, blockForwardLines, hasBlocks, inputName, weightLines } from "./trace-blocks.js";

const LOSS_FORMULA: Record<string, string> = {
  mse: "mean((ŷ − y)²) over all elements",
  bce: "mean(−y·log σ(z) − (1 − y)·log(1 − σ(z))), computed from the logits z",
  cross_entropy: "mean over rows of −log softmax(z)[y]",
};

/** The trace up to where a diverging step stopped, and what training does there. */
function stopped(out: string[], what: string): string {
  out.push(`The step stops here: ${what}. Training stops the same way, with status diverged at epoch 1, step 1.`);
  return out.join("\n") + "\n";
}

export function renderTrace(t: StepTrace, name: string): string {
  const out: string[] = [];
  const L = t.layers.length;
  const p = (...s: string[]) => out.push(...(s.length ? s : [""]));
  p(`nn-lab trace: ${name} — one training step on a batch of ${t.rows} row${t.rows === 1 ? "" : "s"}`);
  p(`loss ${t.lossName}, output ${t.output}, optimizer ${t.optimizer}, lr ${num(t.lr)}`);
  p();
  p("Forward pass");
  p(`  x (${t.x.rows}×${t.x.cols}) = ${matrix(t.x)}`);
  const blocks = hasBlocks(t);
  for (const l of t.layers) {
    const below = inputName(t, l.layer);
    const isOut = l.layer === L;
    p(
      `  layer ${l.layer} (${isOut ? `output, ${l.activation}` : l.activation}): z${l.layer} = ${below}·W${l.layer}ᵀ${l.bias ? ` + b${l.layer}` : ""}`,
    );
    p(`    W${l.layer} (${l.weight.rows}×${l.weight.cols}, out×in) = ${matrix(l.weight)}`);
    if (l.bias) p(`    b${l.layer} = ${vector(l.bias)}`);
    p(`    z${l.layer} = ${matrix(l.z)}`);
    if (blocks && !isOut) out.push(...blockForwardLines(t, l));
    else p(`    ${isOut ? "ŷ" : `a${l.layer}`} = ${l.activation}(z${l.layer}) = ${matrix(l.a)}`);
  }
  p(`  y = ${matrix(t.y)}`);
  p(`  loss = ${LOSS_FORMULA[t.lossName] ?? t.lossName} = ${num(t.loss)}`);
  p();
  if (t.status === "loss") return stopped(out, "the loss is not finite");
  p("Backward pass (chain rule, from the loss down)");
  for (let i = L - 1; i >= 0; i--)
    out.push(...(blocks && i < L - 1 ? blockBackwardLines(t, t.layers[i]) : backwardLines(t.layers[i], L, t)));
  p();
  const chain = blocks ? blockChainLines(t) : chainLines(t);
  if (chain.length) out.push(...chain, "");
  if (t.status === "gradient") return stopped(out, `the gradient is not finite (‖g‖ = ${num(t.gradNorm)})`);
  p(`Update (${t.optimizer}, lr ${num(t.lr)})${t.optimizer === "sgd" ? ": W ← W − lr·dL/dW" : ""}`);
  p(`  gradient norm ‖g‖ = ${num(t.gradNorm)}${t.clip ? `; clip ${t.clip}: ${t.clipped ? "clipped" : "not clipped"}` : ""}`);
  out.push(...optimizerLines(t));
  for (let i = L - 1; i >= 0; i--) {
    const l = t.layers[i];
    p(`  W${l.layer}: ${matrix(l.weight)} → ${matrix(l.newWeight)}`);
    if (l.bias && l.newBias) p(`  b${l.layer}: ${vector(l.bias)} → ${vector(l.newBias)}`);
    if (l.norm)
      p(
        `  γ${l.layer}: ${vector(l.norm.gamma)} → ${vector(l.norm.newGamma)}`,
        `  β${l.layer}: ${vector(l.norm.beta)} → ${vector(l.norm.newBeta)}`,
      );
  }
  if (t.status === "weight") return stopped(out, "a weight is not finite after the update");
  return out.join("\n") + "\n";

  function backwardLines(l: LayerTrace, layers: number, tr: StepTrace): string[] {
    const k = l.layer;
    const below = k === 1 ? "x" : `a${k - 1}`;
    const lines: string[] = [];
    if (k === layers) {
      const how =
        tr.lossName === "mse"
          ? tr.output === "linear"
            ? "2(ŷ − y)/N"
            : `2(ŷ − y)/N · ${tr.output}'(z)`
          : tr.output === "softmax"
            ? "(softmax(z) − onehot(y))/N"
            : "(σ(z) − y)/N";
      lines.push(`  layer ${k}: dL/dz${k} = ${how} = ${l.dz ? matrix(l.dz) : "—"}`);
    } else {
      lines.push(`  layer ${k}: dL/dz${k} = dL/da${k} ⊙ ${l.activation}'(z${k}) = ${l.dz ? matrix(l.dz) : "—"}`);
    }
    if (blocks) return [...lines, ...weightLines(tr, l)];
    lines.push(`           dL/dW${k} = dL/dz${k}ᵀ·${below} = ${l.dW ? matrix(l.dW) : "—"}`);
    if (l.db) lines.push(`           dL/db${k} = Σ rows of dL/dz${k} = ${vector(l.db)}`);
    if (l.daBelow) lines.push(`           dL/da${k - 1} = dL/dz${k}·W${k} = ${matrix(l.daBelow)}`);
    return lines;
  }
}

/** A batch-norm layer's traced values, for JSON. */
function normJson(n: NormTrace): Record<string, unknown> {
  const vec = (v: Float64Array | null) => (v ? Array.from(v) : null);
  return {
    mean: vec(n.mean),
    variance: vec(n.variance),
    xhat: rowsOf(n.xhat),
    u: rowsOf(n.u),
    gamma: vec(n.gamma),
    beta: vec(n.beta),
    running_mean: vec(n.runningMean),
    running_var: vec(n.runningVar),
    du: n.du ? rowsOf(n.du) : null,
    d_gamma: vec(n.dGamma),
    d_beta: vec(n.dBeta),
    new_gamma: vec(n.newGamma),
    new_beta: vec(n.newBeta),
  };
}

/** A matrix as nested rows, for JSON. */
function rowsOf(m: Matrix): number[][] {
  return Array.from({ length: m.rows }, (_, r) => Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols)));
}

/** `trace --json`: every number of the step at full precision, matrices as rows (out×in for weights). */
export function traceJson(t: StepTrace): Record<string, unknown> {
  const vec = (v: Float64Array | null) => (v ? Array.from(v) : null);
  return {
    rows: t.rows,
    loss_name: t.lossName,
    output: t.output,
    optimizer: t.optimizer,
    lr: t.lr,
    x: rowsOf(t.x),
    y: rowsOf(t.y),
    loss: t.loss,
    grad_norm: t.gradNorm,
    clipped: t.clipped,
    status: t.status,
    optimizer_state: Object.fromEntries(Object.entries(t.optimizerState).map(([k, v]) => [k, typeof v === "number" ? v : Array.from(v)])),
    layers: t.layers.map((l) => ({
      layer: l.layer,
      activation: l.activation,
      weight: rowsOf(l.weight),
      bias: vec(l.bias),
      z: rowsOf(l.z),
      a: rowsOf(l.a),
      dz: l.dz ? rowsOf(l.dz) : null,
      dW: l.dW ? rowsOf(l.dW) : null,
      db: vec(l.db),
      da_below: l.daBelow ? rowsOf(l.daBelow) : null,
      new_weight: rowsOf(l.newWeight),
      new_bias: vec(l.newBias),
      ...(l.skip ? { residual: true, h: l.h ? rowsOf(l.h) : null } : {}),
      ...(l.dOut ? { d_out: rowsOf(l.dOut) } : {}),
      ...(l.norm ? { norm: normJson(l.norm) } : {}),
    })),
  };
}
