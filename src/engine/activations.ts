/**
 * Hidden-layer activation functions, as `torch.nn` defines them. Each entry keeps the function and its
 * derivative side by side: `forward` writes a = f(z), `backward` writes dL/dz = dL/da · f'(z).
 * Loops are written out per activation so every call site stays monomorphic in the hot path.
 */
import * as libm from "./libm.js";
import { erf } from "./special.js";

/** What a diagnostic may ask of a layer: ReLU-family units can die, sigmoid/tanh units can saturate. */
export type ActivationFamily = "relu" | "saturating" | "smooth";

export interface Activation {
  readonly name: string;
  readonly family: ActivationFamily;
  /** a = f(z) for n values. */
  forward(z: Float64Array, a: Float64Array, n: number): void;
  /** dz = da · f'(z) for n values; `a` holds f(z) from the forward pass. */
  backward(z: Float64Array, a: Float64Array, da: Float64Array, dz: Float64Array, n: number): void;
  /** Scalar f(z), for plots and tests. */
  f(z: number): number;
  /** Scalar f'(z), for plots and tests. */
  df(z: number): number;
  /** Saturating family: true when the local derivative at output a is below 1% of its maximum. */
  saturated?(a: number): boolean;
  /** Saturating family: how many of a[0..n) are saturated (the per-epoch diagnostic's loop, one call per layer). */
  countSaturated?(a: Float64Array, n: number): number;
}

/** The saturated outputs of a[0..n), counted with the activation's own test (a loop per activation: monomorphic). */
function saturationCounter(saturated: (a: number) => boolean): (a: Float64Array, n: number) => number {
  return (a, n) => {
    let count = 0;
    for (let i = 0; i < n; i++) if (saturated(a[i])) count++;
    return count;
  };
}

const SQRT1_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 0.3989422804014327; // 1/√(2π)
const SQRT_2_OVER_PI = 0.7978845608028654; // √(2/π)
const GELU_KAPPA = 0.044715;

/** linear(z) = z; linear'(z) = 1. */
export const linear: Activation = {
  name: "linear",
  family: "smooth",
  forward(z, a, n) {
    for (let i = 0; i < n; i++) a[i] = z[i];
  },
  backward(_z, _a, da, dz, n) {
    for (let i = 0; i < n; i++) dz[i] = da[i];
  },
  f: (z) => z,
  df: () => 1,
};

/** relu(z) = max(0, z); relu'(z) = 1 for z > 0, else 0 — the derivative at exactly 0 is 0, as in PyTorch. */
export const relu: Activation = {
  name: "relu",
  family: "relu",
  forward(z, a, n) {
    for (let i = 0; i < n; i++) {
      const v = z[i];
      a[i] = v > 0 ? v : 0;
    }
  },
  backward(z, _a, da, dz, n) {
    for (let i = 0; i < n; i++) dz[i] = z[i] > 0 ? da[i] : 0;
  },
  f: (z) => (z > 0 ? z : 0),
  df: (z) => (z > 0 ? 1 : 0),
};

/** leaky_relu(z) = z for z > 0, αz otherwise (α = 0.01); derivative 1 or α (α at exactly 0, as PyTorch). */
export function leakyRelu(alpha = 0.01): Activation {
  return {
    name: "leaky_relu",
    family: "relu",
    forward(z, a, n) {
      for (let i = 0; i < n; i++) {
        const v = z[i];
        a[i] = v > 0 ? v : v * alpha;
      }
    },
    backward(z, _a, da, dz, n) {
      for (let i = 0; i < n; i++) dz[i] = z[i] > 0 ? da[i] : da[i] * alpha;
    },
    f: (z) => (z > 0 ? z : z * alpha),
    df: (z) => (z > 0 ? 1 : alpha),
  };
}

/** elu(z) = z for z > 0, α(eᶻ − 1) otherwise (α = 1); elu'(z) = 1 for z > 0, αeᶻ otherwise. */
export function elu(alpha = 1): Activation {
  return {
    name: "elu",
    family: "relu",
    forward(z, a, n) {
      for (let i = 0; i < n; i++) {
        const v = z[i];
        a[i] = v > 0 ? v : alpha * libm.expm1(v);
      }
    },
    backward(z, _a, da, dz, n) {
      for (let i = 0; i < n; i++) {
        const v = z[i];
        dz[i] = v > 0 ? da[i] : da[i] * alpha * libm.exp(v);
      }
    },
    f: (z) => (z > 0 ? z : alpha * libm.expm1(z)),
    df: (z) => (z > 0 ? 1 : alpha * libm.exp(z)),
  };
}

/** gelu(z) = z·Φ(z) = ½z(1 + erf(z/√2)) (exact, as GELU()); gelu'(z) = Φ(z) + z·φ(z), φ(z) = e^(−z²/2)/√(2π). */
export const gelu: Activation = {
  name: "gelu",
  family: "smooth",
  forward(z, a, n) {
    for (let i = 0; i < n; i++) {
      const v = z[i];
      a[i] = 0.5 * v * (1 + erf(v * SQRT1_2));
    }
  },
  backward(z, _a, da, dz, n) {
    for (let i = 0; i < n; i++) {
      const v = z[i];
      const cdf = 0.5 * (1 + erf(v * SQRT1_2));
      const pdf = libm.exp(-0.5 * v * v) * INV_SQRT_2PI;
      dz[i] = da[i] * (cdf + v * pdf);
    }
  },
  f: (z) => 0.5 * z * (1 + erf(z * SQRT1_2)),
  df: (z) => 0.5 * (1 + erf(z * SQRT1_2)) + z * libm.exp(-0.5 * z * z) * INV_SQRT_2PI,
};

/**
 * gelu_tanh(z) = ½z(1 + tanh(u)), u = √(2/π)(z + 0.044715z³) (GELU(approximate="tanh"));
 * gelu_tanh'(z) = ½(1 + tanh u) + ½z(1 − tanh²u)·√(2/π)(1 + 3·0.044715z²).
 */
export const geluTanh: Activation = {
  name: "gelu_tanh",
  family: "smooth",
  forward(z, a, n) {
    for (let i = 0; i < n; i++) {
      const v = z[i];
      a[i] = 0.5 * v * (1 + libm.tanh(SQRT_2_OVER_PI * (v + GELU_KAPPA * v * v * v)));
    }
  },
  backward(z, _a, da, dz, n) {
    for (let i = 0; i < n; i++) dz[i] = da[i] * geluTanhDerivative(z[i]);
  },
  f: (z) => 0.5 * z * (1 + libm.tanh(SQRT_2_OVER_PI * (z + GELU_KAPPA * z * z * z))),
  df: (z) => geluTanhDerivative(z),
};

function geluTanhDerivative(v: number): number {
  const t = libm.tanh(SQRT_2_OVER_PI * (v + GELU_KAPPA * v * v * v));
  return 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * SQRT_2_OVER_PI * (1 + 3 * GELU_KAPPA * v * v);
}

/** swish(z) = SiLU(z) = z·σ(z); swish'(z) = σ(z)(1 + z(1 − σ(z))). */
export const swish: Activation = {
  name: "swish",
  family: "smooth",
  forward(z, a, n) {
    for (let i = 0; i < n; i++) {
      const v = z[i];
      a[i] = v / (1 + libm.exp(-v));
    }
  },
  backward(z, _a, da, dz, n) {
    for (let i = 0; i < n; i++) {
      const v = z[i];
      const s = 1 / (1 + libm.exp(-v));
      dz[i] = da[i] * s * (1 + v * (1 - s));
    }
  },
  f: (z) => z / (1 + libm.exp(-z)),
  df: (z) => {
    const s = 1 / (1 + libm.exp(-z));
    return s * (1 + z * (1 - s));
  },
};

/** σ' = a(1 − a) below 1% of its maximum ¼. */
const sigmoidSaturated = (a: number): boolean => a * (1 - a) < 0.0025;
/** tanh' = 1 − a² below 1% of its maximum 1. */
const tanhSaturated = (a: number): boolean => 1 - a * a < 0.01;

/**
 * sigmoid(z) = σ(z) = 1/(1 + e^(−z)); σ'(z) = σ(1 − σ), at most ¼.
 * Saturated when σ' < 1% of ¼, i.e. |z| > 5.99 (σ' < 0.0025).
 */
export const sigmoid: Activation = {
  name: "sigmoid",
  family: "saturating",
  forward(z, a, n) {
    for (let i = 0; i < n; i++) a[i] = 1 / (1 + libm.exp(-z[i]));
  },
  backward(_z, a, da, dz, n) {
    for (let i = 0; i < n; i++) {
      const s = a[i];
      dz[i] = da[i] * s * (1 - s);
    }
  },
  f: (z) => 1 / (1 + libm.exp(-z)),
  df: (z) => {
    const s = 1 / (1 + libm.exp(-z));
    return s * (1 - s);
  },
  saturated: sigmoidSaturated,
  countSaturated: saturationCounter(sigmoidSaturated),
};

/** tanh(z); tanh'(z) = 1 − tanh²(z), at most 1. Saturated when 1 − a² < 0.01, i.e. |z| > 2.99. */
export const tanh: Activation = {
  name: "tanh",
  family: "saturating",
  forward(z, a, n) {
    for (let i = 0; i < n; i++) a[i] = libm.tanh(z[i]);
  },
  backward(_z, a, da, dz, n) {
    for (let i = 0; i < n; i++) {
      const t = a[i];
      dz[i] = da[i] * (1 - t * t);
    }
  },
  f: (z) => libm.tanh(z),
  df: (z) => {
    const t = libm.tanh(z);
    return 1 - t * t;
  },
  saturated: tanhSaturated,
  countSaturated: saturationCounter(tanhSaturated),
};

/**
 * softplus(z) = (1/β)·log(1 + e^(βz)), and z itself where βz > threshold (β = 1, threshold = 20, as Softplus());
 * softplus'(z) = e^(βz)/(1 + e^(βz)) = σ(βz), and 1 above the threshold.
 */
export function softplus(beta = 1, threshold = 20): Activation {
  return {
    name: "softplus",
    family: "smooth",
    forward(z, a, n) {
      for (let i = 0; i < n; i++) {
        const v = z[i];
        a[i] = v * beta > threshold ? v : libm.log1p(libm.exp(v * beta)) / beta;
      }
    },
    backward(z, _a, da, dz, n) {
      for (let i = 0; i < n; i++) {
        const v = z[i];
        const e = libm.exp(v * beta);
        dz[i] = v * beta > threshold ? da[i] : (da[i] * e) / (e + 1);
      }
    },
    f: (z) => (z * beta > threshold ? z : libm.log1p(libm.exp(z * beta)) / beta),
    df: (z) => {
      const e = libm.exp(z * beta);
      return z * beta > threshold ? 1 : e / (e + 1);
    },
  };
}

/** What a learner is told about an activation: f and f′ as formulas, where it is used, what goes wrong. */
export interface ActivationText {
  /** f(z), e.g. "max(0, z)". */
  readonly formula: string;
  /** f′(z), e.g. "1 for z > 0, else 0". */
  readonly derivative: string;
  /** Where it is typically used. */
  readonly use: string;
  /** What goes wrong with it (dying, saturation, false claims). */
  readonly pitfall: string;
}

/**
 * The parameters an activation accepts, with their defaults (as in torch.nn), and its description: at the
 * defaults (the fields), and for any parameters (`describe`), so that leaky_relu:0.2's card says α = 0.2.
 */
export interface ActivationSpec<P extends Record<string, number> = Record<string, number>> extends ActivationText {
  readonly params: P;
  readonly make: (params: P) => Activation;
  readonly describe: (params: P) => ActivationText;
}

/** Any entry of the registry, whatever its parameters. */
interface AnyActivationSpec extends ActivationText {
  readonly params: Record<string, number>;
  readonly make: (params: never) => Activation;
  readonly describe: (params: never) => ActivationText;
}

function spec<P extends Record<string, number>>(
  params: P,
  make: (p: P) => Activation,
  text: ActivationText | ((p: P) => ActivationText),
): ActivationSpec<P> {
  const describe = typeof text === "function" ? text : () => text;
  return { params, make, describe, ...describe(params) };
}

/** A parameter as a description writes it: 3 significant digits (0.01, 100, 0.333). */
const p3 = (v: number) => String(Number(v.toPrecision(3)));

/** How much slower leaky ReLU's negative side learns than its positive side, in words. */
function leakySlowdown(alpha: number): string {
  if (alpha > 0 && alpha < 1) return `with α = ${p3(alpha)} the negative side learns ${p3(1 / alpha)}× slower than the positive`;
  if (alpha === 1) return "with α = 1 it is the identity: no non-linearity left";
  return `with α = ${p3(alpha)} the negative side is ${alpha > 1 ? "steeper than the positive" : "flat or reversed"}: no longer a ReLU`;
}

/** Activation parameters that must be > 0 (softplus divides by β; its threshold compares βz). */
export const POSITIVE_PARAMS: ReadonlySet<string> = new Set(["beta", "threshold"]);

/**
 * The one list of hidden activations: the config schema, help text, `nn-lab activations` and the cards of
 * `nn-lab plot NAME` are derived from it. Numbers (ranges, values, maxima) are not written here: the cards
 * compute them from `f` and `df`, so the text cannot disagree with the engine.
 */
export const ACTIVATIONS = {
  linear: spec({}, () => linear, {
    formula: "z",
    derivative: "1",
    use: "regression outputs; hidden layers only to show that stacked linear layers collapse into one",
    pitfall: "no non-linearity: any stack of linear layers is one linear layer (W₂·W₁ = W), so it cannot learn XOR",
  }),
  relu: spec({}, () => relu, {
    formula: "max(0, z)",
    derivative: "1 for z > 0, else 0 (0 at exactly z = 0, as PyTorch)",
    use: "the default for hidden layers of MLPs and CNNs: cheap, no saturation for z > 0, sparse activations",
    pitfall:
      "dying ReLU: a unit whose input is negative for every sample outputs 0 with gradient 0 and never updates again (a large lr or a negative bias pushes units there). And relu′ = 1 does not by itself prevent vanishing gradients, as is often said: the weights are in every layer's factor too, and with std 0.01 eight ReLU layers leave layer 1 a gradient a billion times smaller than He init's (nn-lab lesson initialisation)",
  }),
  leaky_relu: spec(
    { alpha: 0.01 },
    (p) => leakyRelu(p.alpha),
    ({ alpha }) => ({
      formula: `z for z > 0, else αz (α = ${p3(alpha)})`,
      derivative: "1 for z > 0, else α",
      use: "a ReLU that cannot die: the small slope α keeps a gradient flowing for z < 0",
      pitfall: `α is one more hyperparameter; ${leakySlowdown(alpha)}`,
    }),
  ),
  elu: spec(
    { alpha: 1 },
    (p) => elu(p.alpha),
    ({ alpha }) => ({
      formula: `z for z > 0, else α(eᶻ − 1) (α = ${p3(alpha)})`,
      derivative: "1 for z > 0, else αeᶻ",
      use: "hidden layers: smooth for z < 0 and negative outputs push mean activations towards 0",
      pitfall: `saturates for z → −∞ (f → −α = ${p3(-alpha)}, f′ → 0); the exponential costs more than ReLU`,
    }),
  ),
  gelu: spec({}, () => gelu, {
    formula: "z·Φ(z) = ½z(1 + erf(z/√2)), Φ the standard normal CDF",
    derivative: "Φ(z) + z·φ(z), φ(z) = e^(−z²/2)/√(2π)",
    use: "Transformers (BERT, GPT): a smooth ReLU that weights z by the probability Φ(z)",
    pitfall:
      "two common claims are false: its range is not (−∞, ∞) — it has a minimum (see the range) — and its gradient is not non-zero everywhere: f′ = 0 at that minimum and is negative below it",
  }),
  gelu_tanh: spec({}, () => geluTanh, {
    formula: "½z(1 + tanh(√(2/π)(z + 0.044715z³)))",
    derivative: "½(1 + tanh u) + ½z(1 − tanh²u)·√(2/π)(1 + 0.134145z²)",
    use: "the tanh approximation of GELU used by GPT-2 and older BERT code",
    pitfall: "differs from exact GELU by up to ~5e-4; as GELU, bounded below with a zero-gradient point (see the range)",
  }),
  swish: spec({}, () => swish, {
    formula: "z·σ(z) (SiLU)",
    derivative: "σ(z)(1 + z(1 − σ(z)))",
    use: "deep CNNs (EfficientNet) and LLM MLPs (SwiGLU): smooth, non-monotonic, unbounded above",
    pitfall: "not monotonic: bounded below (see the range), f′ negative left of its minimum; costs an exponential",
  }),
  sigmoid: spec({}, () => sigmoid, {
    formula: "σ(z) = 1/(1 + e^(−z))",
    derivative: "σ(z)(1 − σ(z)), at most ¼",
    use: "binary-classification outputs (a probability) and gates (LSTM); rarely hidden layers today",
    pitfall:
      "saturation: for |z| > 4.6 f′ < 0.01, so gradients vanish through stacked sigmoid layers (each multiplies by ≤ ¼); outputs are not zero-centred",
  }),
  tanh: spec({}, () => tanh, {
    formula: "tanh(z) = (eᶻ − e^(−z))/(eᶻ + e^(−z))",
    derivative: "1 − tanh²(z), at most 1",
    use: "hidden layers of small MLPs and RNNs: zero-centred, unlike sigmoid",
    pitfall:
      "saturates for |z| > 3 (f′ < 0.01): deep tanh stacks still suffer vanishing gradients, more mildly than sigmoid (f′ up to 1, not ¼: nn-lab lesson vanishing-gradients)",
  }),
  softplus: spec(
    { beta: 1, threshold: 20 },
    (p) => softplus(p.beta, p.threshold),
    ({ beta, threshold }) => ({
      formula: `log(1 + e^(βz))/β (β = ${p3(beta)}), and z where βz > ${p3(threshold)}`,
      derivative: "σ(βz)",
      use: "a smooth ReLU; outputs that must be positive (variances, rates)",
      pitfall: "never exactly 0 (no sparsity) and f′ → 0 for z → −∞, so very negative units learn slowly",
    }),
  ),
} satisfies Record<string, AnyActivationSpec>;

export type ActivationName = keyof typeof ACTIVATIONS;
export const ACTIVATION_NAMES = Object.keys(ACTIVATIONS) as [ActivationName, ...ActivationName[]];

/** An activation choice as the resolved config holds it: a name and its numeric parameters. */
export interface ActivationChoice {
  name: ActivationName;
  [param: string]: number | string;
}

/** Build the activation for a resolved choice, filling defaults for parameters not given. */
export function makeActivation(choice: ActivationChoice): Activation {
  const entry = ACTIVATIONS[choice.name] as unknown as ActivationSpec;
  const params: Record<string, number> = { ...entry.params };
  for (const key of Object.keys(entry.params)) {
    const v = choice[key];
    if (typeof v === "number") params[key] = v;
  }
  return entry.make(params);
}
