/**
 * Output layer + loss, fused where that is what keeps the numbers stable, with PyTorch's mean reduction.
 * Every head works on the output layer's pre-activations z (rows × k) and writes dL/dz directly.
 *
 * Targets y: bce and mse take rows × k values; cross_entropy takes one class index per row.
 */
import * as libm from "./libm.js";

/** Output activations. */
export const OUTPUTS = ["sigmoid", "softmax", "linear"] as const;
export type OutputName = (typeof OUTPUTS)[number];

export interface LossSpec {
  /** The output activation used when the config does not name one. */
  readonly defaultOutput: OutputName;
  /** Output activations this loss accepts. */
  readonly outputs: readonly OutputName[];
  readonly summary: string;
}

/** The one list of losses. */
export const LOSSES = {
  mse: { defaultOutput: "linear", outputs: OUTPUTS, summary: "mean over all elements of (a − y)²" },
  bce: { defaultOutput: "sigmoid", outputs: ["sigmoid"], summary: "binary cross-entropy, from logits, mean over elements" },
  cross_entropy: { defaultOutput: "softmax", outputs: ["softmax"], summary: "log-softmax + NLL, mean over samples" },
} as const satisfies Record<string, LossSpec>;
export type LossName = keyof typeof LOSSES;
export const LOSS_NAMES = Object.keys(LOSSES) as [LossName, ...LossName[]];

export interface Head {
  readonly loss: LossName;
  readonly output: OutputName;
  /** Columns of y per row: k for bce/mse, 1 (the class index) for cross_entropy. */
  targetWidth(k: number): number;
  /** Sum of the per-element (mse, bce) or per-sample (cross_entropy) losses over `rows` rows. */
  lossSum(z: Float64Array, y: Float64Array, rows: number, k: number): number;
  /** How many terms lossSum adds up, so that mean = lossSum / count. */
  count(rows: number, k: number): number;
  /** dz = ∂(mean loss over the rows)/∂z; returns that mean loss. */
  gradient(z: Float64Array, y: Float64Array, rows: number, k: number, dz: Float64Array): number;
  /**
   * `lossSum` and `gradient` in one pass: returns the same sum as lossSum and writes the same dz as gradient, bit for
   * bit (an evaluation of exactly the batch a full-batch step takes next computes both at once: one exp less per row).
   */
  lossSumAndGradient(z: Float64Array, y: Float64Array, rows: number, k: number, dz: Float64Array): number;
  /** a = output activation of z (probabilities for sigmoid and softmax). */
  activate(z: Float64Array, a: Float64Array, rows: number, k: number): void;
}

/** σ(z) = 1/(1 + e^(−z)), as torch.sigmoid. */
function sigma(z: number): number {
  return 1 / (1 + libm.exp(-z));
}

/** One bce term (1 − y)·x + m + log(1 + e^(−|x|)), m = max(−x, 0): see bceHead. */
function bceTerm(x: number, y: number): number {
  return bceTermWith(x, y, x < 0 ? -x : 0, libm.exp(-(x < 0 ? -x : x)));
}

/** The bce term with m and e = e^(−|x|) given (the same operations in the same order as bceTerm). */
function bceTermWith(x: number, y: number, m: number, e: number): number {
  return (1 - y) * x + m + libm.log(1 + e);
}

/** softmax of one row, with the max subtracted first (so logits of 1000 do not overflow). */
export function softmaxRow(z: Float64Array, offset: number, k: number, out: Float64Array, outOffset: number): void {
  let max = -Infinity;
  for (let j = 0; j < k; j++) if (z[offset + j] > max) max = z[offset + j];
  let sum = 0;
  for (let j = 0; j < k; j++) {
    const e = libm.exp(z[offset + j] - max);
    out[outOffset + j] = e;
    sum += e;
  }
  for (let j = 0; j < k; j++) out[outOffset + j] /= sum;
}

function activateOutput(output: OutputName, z: Float64Array, a: Float64Array, rows: number, k: number): void {
  const n = rows * k;
  if (output === "sigmoid") for (let i = 0; i < n; i++) a[i] = sigma(z[i]);
  else if (output === "linear") for (let i = 0; i < n; i++) a[i] = z[i];
  else for (let r = 0; r < rows; r++) softmaxRow(z, r * k, k, a, r * k);
}

/**
 * bce with a sigmoid output, from logits as BCEWithLogitsLoss:
 * ℓ(z, y) = (1 − y)·z + m + log(e^(−m) + e^(−z−m)), m = max(−z, 0)  (= log(1 + e^(−z)) − ... never log 0);
 * ∂ℓ/∂z = σ(z) − y; mean over all rows·k elements.
 * One of e^(−m), e^(−z−m) is always e^0 = 1 exactly (m = 0 for z ≥ 0; −z − m = 0 for z < 0), and the other is
 * e^(−|z|), so the sum is 1 + e^(−|z|) with the same bits and one exp; for z ≥ 0 that same e^(−z) gives σ(z).
 */
function bceHead(): Head {
  return {
    loss: "bce",
    output: "sigmoid",
    targetWidth: (k) => k,
    count: (rows, k) => rows * k,
    lossSum(z, y, rows, k) {
      let sum = 0;
      const n = rows * k;
      for (let i = 0; i < n; i++) sum += bceTerm(z[i], y[i]);
      return sum;
    },
    gradient(z, y, rows, k, dz) {
      return this.lossSumAndGradient(z, y, rows, k, dz) * (1 / (rows * k));
    },
    lossSumAndGradient(z, y, rows, k, dz) {
      const n = rows * k;
      const scale = 1 / n;
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const x = z[i];
        if (x >= 0) {
          // m = 0 and e^(−|x|) = e^(−x): the loss term's exp also gives σ(x) = 1/(1 + e^(−x))
          const e = libm.exp(-x);
          sum += bceTermWith(x, y[i], 0, e);
          dz[i] = (1 / (1 + e) - y[i]) * scale;
        } else {
          sum += bceTerm(x, y[i]);
          dz[i] = (sigma(x) - y[i]) * scale;
        }
      }
      return sum;
    },
    activate: (z, a, rows, k) => activateOutput("sigmoid", z, a, rows, k),
  };
}

/**
 * cross_entropy with a softmax output, fused as CrossEntropyLoss (log_softmax + nll_loss):
 * ℓ(z, c) = log Σⱼ e^(zⱼ − M) + M − z_c, M = maxⱼ zⱼ;  ∂ℓ/∂zⱼ = softmax(z)ⱼ − [j = c]; mean over rows.
 */
function crossEntropyHead(): Head {
  return {
    loss: "cross_entropy",
    output: "softmax",
    targetWidth: () => 1,
    count: (rows) => rows,
    lossSum(z, y, rows, k) {
      let sum = 0;
      for (let r = 0; r < rows; r++) sum += crossEntropyRow(z, r * k, k, y[r]);
      return sum;
    },
    gradient(z, y, rows, k, dz) {
      return this.lossSumAndGradient(z, y, rows, k, dz) * (1 / rows);
    },
    lossSumAndGradient(z, y, rows, k, dz) {
      const scale = 1 / rows;
      let sum = 0;
      for (let r = 0; r < rows; r++) {
        const o = r * k;
        sum += crossEntropyRow(z, o, k, y[r]);
        softmaxRow(z, o, k, dz, o);
        for (let j = 0; j < k; j++) dz[o + j] *= scale;
        dz[o + y[r]] -= scale;
      }
      return sum;
    },
    activate: (z, a, rows, k) => activateOutput("softmax", z, a, rows, k),
  };
}

function crossEntropyRow(z: Float64Array, o: number, k: number, target: number): number {
  let max = -Infinity;
  for (let j = 0; j < k; j++) if (z[o + j] > max) max = z[o + j];
  let sum = 0;
  for (let j = 0; j < k; j++) sum += libm.exp(z[o + j] - max);
  return libm.log(sum) - (z[o + target] - max);
}

/**
 * mse on any output a = out(z): ℓ = mean (a − y)² over all rows·k elements; ∂ℓ/∂a = 2(a − y)/N, then through
 * the output: ·1 (linear), ·a(1 − a) (sigmoid), or the softmax Jacobian aᵢ(gᵢ − Σⱼ gⱼaⱼ).
 * `work` holds a; sized rows·k by the caller through `ensure`.
 */
function mseHead(output: OutputName): Head {
  let work = new Float64Array(0);
  return {
    loss: "mse",
    output,
    targetWidth: (k) => k,
    count: (rows, k) => rows * k,
    lossSum(z, y, rows, k) {
      const n = rows * k;
      if (work.length < n) work = new Float64Array(n);
      activateOutput(output, z, work, rows, k);
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const d = work[i] - y[i];
        sum += d * d;
      }
      return sum;
    },
    gradient(z, y, rows, k, dz) {
      return this.lossSumAndGradient(z, y, rows, k, dz) / (rows * k);
    },
    lossSumAndGradient(z, y, rows, k, dz) {
      const n = rows * k;
      if (work.length < n) work = new Float64Array(n);
      const a = work;
      activateOutput(output, z, a, rows, k);
      const scale = 2 / n;
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const d = a[i] - y[i];
        sum += d * d;
        dz[i] = d * scale;
      }
      if (output === "sigmoid") {
        for (let i = 0; i < n; i++) dz[i] *= a[i] * (1 - a[i]);
      } else if (output === "softmax") {
        for (let r = 0; r < rows; r++) {
          const o = r * k;
          let dot = 0;
          for (let j = 0; j < k; j++) dot += dz[o + j] * a[o + j];
          for (let j = 0; j < k; j++) dz[o + j] = a[o + j] * (dz[o + j] - dot);
        }
      }
      return sum;
    },
    activate: (z, a, rows, k) => activateOutput(output, z, a, rows, k),
  };
}

/** The head for a loss and output activation; throws when they do not go together (the config layer checks first). */
export function makeHead(loss: LossName, output: OutputName = LOSSES[loss].defaultOutput): Head {
  if (!(LOSSES[loss].outputs as readonly string[]).includes(output)) {
    throw new Error(`loss ${loss} needs output ${LOSSES[loss].outputs.join(" or ")}, got ${output}`);
  }
  if (loss === "bce") return bceHead();
  if (loss === "cross_entropy") return crossEntropyHead();
  return mseHead(output);
}
