/**
 * Weight initializers as `torch.nn.init`, every one a preset of one variance-scaling rule on W (out × in):
 *   normal:  W ~ N(0, s²),        s = √(scale / fan)
 *   uniform: W ~ U(−a, a),        a = √(3·scale / fan)
 * with fan = fan_in (in), fan_out (out) or their mean, and scale = gain². So xavier_uniform has
 * a = gain·√(6/(fan_in + fan_out)), he_normal s = √(2/fan_in). Biases start at a constant (0 by default).
 */
import type { NumericParam } from "./params.js";
import type { Rng } from "./rng.js";

export type FanMode = "fan_in" | "fan_out" | "fan_avg";
export interface VarianceScaling {
  scale: number;
  mode: FanMode;
  distribution: "normal" | "uniform";
}

/** Fill w (out × in, row-major) with the variance-scaling distribution. */
export function varianceScaling(vs: VarianceScaling, w: Float64Array, fanIn: number, fanOut: number, rng: Rng): void {
  const fan = vs.mode === "fan_in" ? fanIn : vs.mode === "fan_out" ? fanOut : (fanIn + fanOut) / 2;
  if (vs.distribution === "normal") fillNormal(w, 0, Math.sqrt(vs.scale / fan), rng);
  else fillUniform(w, Math.sqrt((3 * vs.scale) / fan), rng);
}

export function fillNormal(w: Float64Array, mean: number, std: number, rng: Rng): void {
  for (let i = 0; i < w.length; i++) w[i] = mean + std * rng.normal();
}

export function fillUniform(w: Float64Array, limit: number, rng: Rng): void {
  for (let i = 0; i < w.length; i++) w[i] = limit * (2 * rng.nextDouble() - 1);
}

/** An initializer as the resolved config holds it. */
export type InitChoice =
  | { name: "zeros" }
  | { name: "normal"; std: number; mean: number }
  | { name: "uniform"; limit: number }
  | { name: "xavier_uniform" | "xavier_normal" | "he_normal" | "he_uniform" | "lecun_normal"; gain: number };

export interface InitSpec {
  readonly summary: string;
  /** Its numeric parameters (in config.json's order), each with its default and range; the config schema reads them. */
  readonly params: Readonly<Record<string, NumericParam>>;
  readonly vs?: Omit<VarianceScaling, "scale">;
  /** The scale of the variance-scaling rule for gain 1 (xavier 1, he 2, lecun 1). */
  readonly baseScale?: number;
}

/** The gain of a variance-scaling initializer: the standard deviation's multiplier (torch's `gain`). */
const GAIN = { gain: { default: 1, bound: "positive" } } as const;

/** The one list of initializers, each with its parameters' defaults and ranges. */
export const INITIALIZERS = {
  zeros: { summary: "all zeros (every unit identical: symmetry is never broken)", params: {} },
  normal: {
    summary: "N(mean, std²), std 1 and mean 0 by default (torch.nn.init.normal_)",
    params: { std: { default: 1, bound: "nonnegative" }, mean: { default: 0, bound: "any" } },
  },
  uniform: { summary: "U(−limit, limit), limit 1 by default", params: { limit: { default: 1, bound: "nonnegative" } } },
  xavier_uniform: {
    summary: "U(±gain·√(6/(fan_in+fan_out)))",
    params: GAIN,
    vs: { mode: "fan_avg", distribution: "uniform" },
    baseScale: 1,
  },
  xavier_normal: { summary: "N(0, gain²·2/(fan_in+fan_out))", params: GAIN, vs: { mode: "fan_avg", distribution: "normal" }, baseScale: 1 },
  he_normal: { summary: "N(0, 2/fan_in) (kaiming_normal_)", params: GAIN, vs: { mode: "fan_in", distribution: "normal" }, baseScale: 2 },
  he_uniform: {
    summary: "U(±√(6/fan_in)) (kaiming_uniform_)",
    params: GAIN,
    vs: { mode: "fan_in", distribution: "uniform" },
    baseScale: 2,
  },
  lecun_normal: { summary: "N(0, 1/fan_in)", params: GAIN, vs: { mode: "fan_in", distribution: "normal" }, baseScale: 1 },
} as const satisfies Record<string, InitSpec>;
export type InitName = keyof typeof INITIALIZERS;
export const INIT_NAMES = Object.keys(INITIALIZERS) as [InitName, ...InitName[]];

/** Short names accepted in configs. */
export const INIT_ALIASES = {
  random: { name: "normal", std: 0.1 },
  xavier: { name: "xavier_uniform" },
  glorot: { name: "xavier_uniform" },
  he: { name: "he_normal" },
  kaiming: { name: "he_normal" },
  lecun: { name: "lecun_normal" },
} as const;

/** Initialize one weight matrix w (out × in) as the choice says. */
export function initWeights(choice: InitChoice, w: Float64Array, fanIn: number, fanOut: number, rng: Rng): void {
  switch (choice.name) {
    case "zeros":
      w.fill(0);
      return;
    case "normal":
      fillNormal(w, choice.mean, choice.std, rng);
      return;
    case "uniform":
      fillUniform(w, choice.limit, rng);
      return;
    default: {
      const spec: InitSpec = INITIALIZERS[choice.name];
      const vs = spec.vs!;
      varianceScaling({ ...vs, scale: (spec.baseScale ?? 1) * choice.gain * choice.gain }, w, fanIn, fanOut, rng);
    }
  }
}
