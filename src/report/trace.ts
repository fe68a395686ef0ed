/** Text rendering of one traced training step (nn-lab trace): small matrices whole, large ones summarised. */
import { chainLines, optimizerLines } from "./trace-chain.js";
import type { LayerTrace, Matrix, StepTrace } from "../train/trace.js";

/** A number as a person writes it: 6 significant digits, no trailing zeros (0.5840000000000001 → 0.584). */
export function num(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a < 1e-4 || a >= 1e6) return v.toExponential(4).replace(/\.?0+e/, "e");
  return String(Number(v.toPrecision(6)));
}

const MAX_CELLS = 48;
const MAX_ROWS = 6;

/** [[a, b], [c, d]] for small matrices; a one-line summary for large ones. */
export function matrix(m: Matrix): string {
  if (m.rows * m.cols <= MAX_CELLS) {
    const rows: string[] = [];
    for (let r = 0; r < m.rows; r++) rows.push(`[${Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols), num).join(", ")}]`);
    return `[${rows.join(", ")}]`;
  }
  if (m.cols <= 8 && m.rows > MAX_ROWS) {
    const shown: string[] = [];
    for (let r = 0; r < MAX_ROWS; r++) shown.push(`[${Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols), num).join(", ")}]`);
    return `[${shown.join(", ")}, … ${m.rows - MAX_ROWS} more rows]`;
  }
  return summary(m.data, `${m.rows}×${m.cols}`);
}

export function vector(v: Float64Array): string {
  return v.length <= MAX_CELLS ? `[${Array.from(v, num).join(", ")}]` : summary(v, `${v.length}`);
}

function summary(data: Float64Array, shape: string): string {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let sq = 0;
  for (const v of data) {
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
    sq += v * v;
  }
  const mean = sum / data.length;
  const std = Math.sqrt(Math.max(0, sq / data.length - mean * mean));
  return `(${shape}: mean ${num(mean)}, std ${num(std)}, min ${num(min)}, max ${num(max)}, ‖·‖ ${num(Math.sqrt(sq))})`;
}

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
  const p = (s = "") => out.push(s);
  p(`nn-lab trace: ${name} — one training step on a batch of ${t.rows} row${t.rows === 1 ? "" : "s"}`);
  p(`loss ${t.lossName}, output ${t.output}, optimizer ${t.optimizer}, lr ${num(t.lr)}`);
  p();
  p("Forward pass");
  p(`  x (${t.x.rows}×${t.x.cols}) = ${matrix(t.x)}`);
  for (const l of t.layers) {
    const below = l.layer === 1 ? "x" : `a${l.layer - 1}`;
    const isOut = l.layer === L;
    p(
      `  layer ${l.layer} (${isOut ? `output, ${l.activation}` : l.activation}): z${l.layer} = ${below}·W${l.layer}ᵀ${l.bias ? ` + b${l.layer}` : ""}`,
    );
    p(`    W${l.layer} (${l.weight.rows}×${l.weight.cols}, out×in) = ${matrix(l.weight)}`);
    if (l.bias) p(`    b${l.layer} = ${vector(l.bias)}`);
    p(`    z${l.layer} = ${matrix(l.z)}`);
    p(`    ${isOut ? "ŷ" : `a${l.layer}`} = ${l.activation}(z${l.layer}) = ${matrix(l.a)}`);
  }
  p(`  y = ${matrix(t.y)}`);
  p(`  loss = ${LOSS_FORMULA[t.lossName] ?? t.lossName} = ${num(t.loss)}`);
  p();
  if (t.status === "loss") return stopped(out, "the loss is not finite");
  p("Backward pass (chain rule, from the loss down)");
  for (let i = L - 1; i >= 0; i--) out.push(...backwardLines(t.layers[i], L, t));
  p();
  const chain = chainLines(t);
  if (chain.length) out.push(...chain, "");
  if (t.status === "gradient") return stopped(out, `the gradient is not finite (‖g‖ = ${num(t.gradNorm)})`);
  p(`Update (${t.optimizer}, lr ${num(t.lr)})${t.optimizer === "sgd" ? ": W ← W − lr·dL/dW" : ""}`);
  p(`  gradient norm ‖g‖ = ${num(t.gradNorm)}${t.clip ? `; clip ${t.clip}: ${t.clipped ? "clipped" : "not clipped"}` : ""}`);
  out.push(...optimizerLines(t));
  for (let i = L - 1; i >= 0; i--) {
    const l = t.layers[i];
    p(`  W${l.layer}: ${matrix(l.weight)} → ${matrix(l.newWeight)}`);
    if (l.bias && l.newBias) p(`  b${l.layer}: ${vector(l.bias)} → ${vector(l.newBias)}`);
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
    lines.push(`           dL/dW${k} = dL/dz${k}ᵀ·${below} = ${l.dW ? matrix(l.dW) : "—"}`);
    if (l.db) lines.push(`           dL/db${k} = Σ rows of dL/dz${k} = ${vector(l.db)}`);
    if (l.daBelow) lines.push(`           dL/da${k - 1} = dL/dz${k}·W${k} = ${matrix(l.daBelow)}`);
    return lines;
  }
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
    })),
  };
}
