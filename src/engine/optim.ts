/**
 * Optimizers as torch.optim (1.13+ single-tensor code paths), sorted in order of increasing complexity.
 * Each works in place on one flat parameter vector p and its gradient g (all layers' W and b back to back),
 * so a step is one pass over memory. `lr` comes in per step from the schedule.
 */
import * as libm from "./libm.js";
import { paramDefaults, type FlagParam, type NumericParam } from "./params.js";

export interface Optimizer {
  step(p: Float64Array, g: Float64Array, lr: number): void;
  /**
   * The state the next step starts from, named as torch's `optimizer.state[p]` (momentum_buffer; step, exp_avg,
   * exp_avg_sq, max_exp_avg_sq; square_avg, grad_avg): live buffers over the flat parameter vector, to copy if kept.
   * Empty before the first step and for plain SGD.
   */
  state(): OptimizerState;
}

export type OptimizerState = Readonly<Record<string, Float64Array | number>>;

/** The non-null entries of a state record. */
function present(entries: Record<string, Float64Array | number | null>): OptimizerState {
  const out: Record<string, Float64Array | number> = {};
  for (const [k, v] of Object.entries(entries)) if (v !== null) out[k] = v;
  return out;
}

export interface SgdOptions {
  momentum: number;
  dampening: number;
  nesterov: boolean;
  weight_decay: number;
}

/**
 * SGD(momentum μ, dampening τ, nesterov, weight_decay λ):
 *   g ← g + λp;  b ← g on the first step, else μb + (1 − τ)g;  d ← nesterov ? g + μb : b (or g when μ = 0);  p ← p − lr·d
 */
export class Sgd implements Optimizer {
  private buf: Float64Array | null = null;
  constructor(private readonly o: SgdOptions) {}
  state(): OptimizerState {
    return present({ momentum_buffer: this.buf });
  }

  step(p: Float64Array, g: Float64Array, lr: number): void {
    const { momentum, dampening, nesterov, weight_decay: wd } = this.o;
    const n = p.length;
    if (momentum === 0) {
      for (let i = 0; i < n; i++) p[i] -= lr * (g[i] + wd * p[i]);
      return;
    }
    const first = this.buf === null;
    const buf = (this.buf ??= new Float64Array(n));
    for (let i = 0; i < n; i++) {
      const gi = wd !== 0 ? g[i] + wd * p[i] : g[i];
      const b = first ? gi : momentum * buf[i] + (1 - dampening) * gi;
      buf[i] = b;
      p[i] -= lr * (nesterov ? gi + momentum * b : b);
    }
  }
}

export interface AdamOptions {
  beta1: number;
  beta2: number;
  eps: number;
  weight_decay: number;
  amsgrad: boolean;
  /** AdamW: weight decay applied to p directly (p ← p(1 − lr·λ)) instead of added to g. */
  decoupled: boolean;
}

/**
 * Adam(β₁, β₂, ε, weight_decay λ, amsgrad) and, with `decoupled`, AdamW:
 *   AdamW: p ← p(1 − lr·λ);   Adam: g ← g + λp
 *   m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²;  (amsgrad: v̂ ← max(v̂, v))
 *   p ← p − (lr/(1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
 */
export class Adam implements Optimizer {
  private m: Float64Array | null = null;
  private v: Float64Array | null = null;
  private vMax: Float64Array | null = null;
  private t = 0;
  constructor(private readonly o: AdamOptions) {}
  state(): OptimizerState {
    return this.t === 0 ? {} : present({ step: this.t, exp_avg: this.m, exp_avg_sq: this.v, max_exp_avg_sq: this.vMax });
  }

  step(p: Float64Array, g: Float64Array, lr: number): void {
    const { beta1, beta2, eps, weight_decay: wd, amsgrad, decoupled } = this.o;
    const n = p.length;
    const m = (this.m ??= new Float64Array(n));
    const v = (this.v ??= new Float64Array(n));
    const vMax = amsgrad ? (this.vMax ??= new Float64Array(n)) : v;
    this.t += 1;
    const stepSize = lr / (1 - libm.pow(beta1, this.t));
    const bc2Sqrt = Math.sqrt(1 - libm.pow(beta2, this.t));
    const decay = decoupled ? 1 - lr * wd : 1;
    const l2 = decoupled ? 0 : wd;
    for (let i = 0; i < n; i++) {
      if (decay !== 1) p[i] *= decay;
      const gi = l2 !== 0 ? g[i] + l2 * p[i] : g[i];
      const mi = m[i] * beta1 + gi * (1 - beta1);
      const vi = v[i] * beta2 + (1 - beta2) * gi * gi;
      m[i] = mi;
      v[i] = vi;
      let vHat = vi;
      if (amsgrad) {
        if (vi > vMax[i]) vMax[i] = vi;
        vHat = vMax[i];
      }
      p[i] -= stepSize * (mi / (Math.sqrt(vHat) / bc2Sqrt + eps));
    }
  }
}

export interface RmspropOptions {
  alpha: number;
  eps: number;
  momentum: number;
  centered: boolean;
  weight_decay: number;
}

/**
 * RMSprop(α, ε, momentum μ, centered, weight_decay λ):
 *   g ← g + λp;  v ← αv + (1 − α)g²;  (centered: ḡ ← αḡ + (1 − α)g, v' = v − ḡ²)  d = √v' + ε
 *   μ > 0: b ← μb + g/d, p ← p − lr·b;  else p ← p − lr·g/d
 */
export class Rmsprop implements Optimizer {
  private v: Float64Array | null = null;
  private gAvg: Float64Array | null = null;
  private buf: Float64Array | null = null;
  constructor(private readonly o: RmspropOptions) {}
  state(): OptimizerState {
    return present({ square_avg: this.v, grad_avg: this.gAvg, momentum_buffer: this.buf });
  }

  step(p: Float64Array, g: Float64Array, lr: number): void {
    const { alpha, eps, momentum, centered, weight_decay: wd } = this.o;
    const n = p.length;
    const v = (this.v ??= new Float64Array(n));
    const gAvg = centered ? (this.gAvg ??= new Float64Array(n)) : v;
    const buf = momentum > 0 ? (this.buf ??= new Float64Array(n)) : v;
    for (let i = 0; i < n; i++) {
      const gi = wd !== 0 ? g[i] + wd * p[i] : g[i];
      const vi = alpha * v[i] + (1 - alpha) * gi * gi;
      v[i] = vi;
      let avg: number;
      if (centered) {
        const ga = alpha * gAvg[i] + (1 - alpha) * gi;
        gAvg[i] = ga;
        avg = Math.sqrt(vi - ga * ga) + eps;
      } else {
        avg = Math.sqrt(vi) + eps;
      }
      if (momentum > 0) {
        const b = momentum * buf[i] + gi / avg;
        buf[i] = b;
        p[i] -= lr * b;
      } else {
        p[i] -= lr * (gi / avg);
      }
    }
  }
}

/** Optimizer choices as the resolved config holds them (every parameter filled in). */
export type OptimizerChoice =
  | ({ name: "sgd" | "momentum" } & SgdOptions)
  | ({ name: "adam" | "adamw" } & Omit<AdamOptions, "decoupled">)
  | ({ name: "rmsprop" } & RmspropOptions);

/** What the registry holds for one optimizer. */
export interface OptimizerSpec {
  /** Every parameter a config may set: torch.optim's default, and a number's range (the config schema checks it). */
  readonly params: Readonly<Record<string, NumericParam | FlagParam>>;
  /** The learning rate when the config gives none. */
  readonly lr: number;
  /** The update rule, as `nn-lab trace` prints it. */
  readonly rule: string;
}

const fraction = (d: number) => ({ default: d, bound: "fraction" }) as const;
const nonnegative = (d: number) => ({ default: d, bound: "nonnegative" }) as const;
const flag = (d: boolean) => ({ default: d }) as const;
const sgdParams = (momentum: number) => ({
  momentum: fraction(momentum),
  dampening: fraction(0),
  nesterov: flag(false),
  weight_decay: nonnegative(0),
});
const adamParams = (weightDecay: number) => ({
  beta1: fraction(0.9),
  beta2: fraction(0.999),
  eps: nonnegative(1e-8),
  weight_decay: nonnegative(weightDecay),
  amsgrad: flag(false),
});

/**
 * The one list of optimizers: their parameters (torch.optim's defaults: momentum is SGD with μ = 0.9, adamw decays
 * 0.01; with the range of each number: β, α, μ and dampening in [0, 1), ε and weight decay ≥ 0), the default learning
 * rate (torch's Adam default; 0.1 for plain SGD on toy problems) and the update rule `trace` prints. The config
 * schema, resolve's default lr and trace read it; a new optimizer is one entry here (and its class above).
 */
export const OPTIMIZERS = {
  sgd: { params: sgdParams(0), lr: 0.1, rule: "W ← W − lr·g" },
  momentum: { params: sgdParams(0.9), lr: 0.05, rule: "buf ← μ·buf + g (the first step: buf = g); W ← W − lr·buf" },
  adam: {
    params: adamParams(0),
    lr: 0.001,
    rule: "t ← t + 1; m ← β1·m + (1 − β1)·g; v ← β2·v + (1 − β2)·g²; m̂ = m/(1 − β1ᵗ); v̂ = v/(1 − β2ᵗ); W ← W − lr·m̂/(√v̂ + ε)",
  },
  adamw: { params: adamParams(0.01), lr: 0.001, rule: "W ← W − lr·λ·W; then Adam's m, v, m̂, v̂: W ← W − lr·m̂/(√v̂ + ε)" },
  rmsprop: {
    params: { alpha: fraction(0.99), eps: nonnegative(1e-8), momentum: fraction(0), centered: flag(false), weight_decay: nonnegative(0) },
    lr: 0.01,
    rule: "v ← α·v + (1 − α)·g²; W ← W − lr·g/(√v + ε)",
  },
} as const satisfies Record<string, OptimizerSpec>;
export type OptimizerName = keyof typeof OPTIMIZERS;
export const OPTIMIZER_NAMES = Object.keys(OPTIMIZERS) as [OptimizerName, ...OptimizerName[]];

type Defaults<P> = { -readonly [K in keyof P]: P[K] extends { readonly default: infer D } ? D : never };

/** An optimizer's parameters at their defaults, in the registry's order: sgd → {momentum: 0, dampening: 0, …}. */
export function optimizerDefaults<N extends OptimizerName>(name: N): Defaults<(typeof OPTIMIZERS)[N]["params"]> {
  return paramDefaults(OPTIMIZERS[name].params) as Defaults<(typeof OPTIMIZERS)[N]["params"]>;
}

export function makeOptimizer(choice: OptimizerChoice): Optimizer {
  switch (choice.name) {
    case "sgd":
    case "momentum":
      return new Sgd(choice);
    case "adam":
      return new Adam({ ...choice, decoupled: false });
    case "adamw":
      return new Adam({ ...choice, decoupled: true });
    case "rmsprop":
      return new Rmsprop(choice);
  }
}

/**
 * clip_grad_norm_(max_norm): total = ‖g‖₂ over every parameter; when max_norm/(total + 1e-6) < 1, g is scaled by it.
 * Returns true when the gradient was changed.
 */
export function clipGradNorm(g: Float64Array, totalNorm: number, maxNorm: number): boolean {
  const coef = maxNorm / (totalNorm + 1e-6);
  if (!(coef < 1)) return false;
  for (let i = 0; i < g.length; i++) g[i] *= coef;
  return true;
}

/** clip_grad_value_(v): every component clamped to [−v, v]. Returns true when any component changed. */
export function clipGradValue(g: Float64Array, v: number): boolean {
  let changed = false;
  for (let i = 0; i < g.length; i++) {
    const x = g[i];
    if (x > v) {
      g[i] = v;
      changed = true;
    } else if (x < -v) {
      g[i] = -v;
      changed = true;
    }
  }
  return changed;
}

/**
 * l1/l2 penalty gradients on weights only (the ranges of p that hold weight matrices, not biases):
 * g ← g + l1·sign(W) + l2·W — the penalty l1·Σ|W| + (l2/2)·ΣW², torch's weight_decay convention for l2.
 */
export function addPenaltyGradient(
  p: Float64Array,
  g: Float64Array,
  ranges: readonly (readonly [number, number])[],
  l1: number,
  l2: number,
): void {
  for (const [from, to] of ranges) {
    for (let i = from; i < to; i++) {
      const w = p[i];
      g[i] += l2 * w + (w > 0 ? l1 : w < 0 ? -l1 : 0);
    }
  }
}
