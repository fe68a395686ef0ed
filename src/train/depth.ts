/**
 * The depth picture (issue 21 §2): the material says the gradient reaching the first layer is a product of one
 * factor per layer, so it "shrinks exponentially with depth" (grows, when each factor is above 1). Measured here as
 * the ratio ‖∇W₁‖ / ‖∇W_L‖ — the first hidden layer's weight gradient against the last hidden layer's — in the first
 * epoch (each norm the mean over the epoch's steps, as metrics.csv's grad_norm_layerK in row 1), for L = 2 … 30 hidden
 * layers of the same width, per variant and seed. On a log axis an exponential in L is a straight line: its slope is
 * log10 of the factor per layer. A variant's run is exactly `nn-lab train` on depthConfig(variant, L, seed) for one epoch.
 */
import type { Experiment } from "../config/resolve.js";
import { resolveExperiment } from "../config/resolve.js";
import { configSchema } from "../config/schema.js";
import { buildExperimentModel } from "./model.js";
import { experimentStep, trainStep } from "./step.js";

export interface DepthVariant {
  name: string;
  /** The config's model keys beside the layers. */
  model: Record<string, unknown>;
  /** What the material says happens as L grows: the ratio falls, stays, or grows exponentially. */
  theory: "vanishes" | "holds" | "explodes";
}

/** Hidden width of every depth-picture network. */
export const DEPTH_WIDTH = 16;

export const DEPTH_VARIANTS: readonly DepthVariant[] = [
  { name: "sigmoid", model: { activation: "sigmoid", init: "xavier_uniform" }, theory: "vanishes" },
  // Xavier was derived for tanh: at init its factor per layer is close to 1 (tanh′ ≈ 1 near 0), so the line is flat
  { name: "tanh", model: { activation: "tanh", init: "xavier_uniform" }, theory: "holds" },
  { name: "relu + he", model: { activation: "relu", init: "he_normal" }, theory: "holds" },
  { name: "sigmoid + residual", model: { activation: "sigmoid", init: "xavier_uniform", residual: true }, theory: "holds" },
  { name: "sigmoid + batch norm", model: { activation: "sigmoid", init: "xavier_uniform", norm: "batch" }, theory: "holds" },
  // N(0, 1) on width 16 (4× Xavier's std): each layer's factor W·tanh′ is above 1 on average, while tanh keeps the
  // activations bounded — so the gradient grows toward the input layer (a ReLU or linear net's activations would grow
  // as fast as its gradients and the ratio would stay flat)
  { name: "tanh, large init", model: { activation: "tanh", init: { name: "normal", std: 1 } }, theory: "explodes" },
];

/** The config of one point: `depth` hidden layers on moons, one epoch of SGD in batches of 32. */
export function depthConfig(variant: DepthVariant, depth: number, seed: number): Record<string, unknown> {
  return {
    name: "depth",
    seed,
    data: { kind: "moons", n: 256, noise: 0.1, test: 0 },
    model: { layers: new Array<number>(depth).fill(DEPTH_WIDTH), ...variant.model },
    train: { epochs: 1, batch: 32, optimizer: "sgd", lr: 0.1, shuffle: true },
    snapshots: { count: 0 },
  };
}

export function depthExperiment(raw: Record<string, unknown>): Experiment {
  return resolveExperiment({ parsed: configSchema.parse(raw), file: "depth", baseDir: ".", defaultName: "depth" });
}

/** ‖∇W₁‖ / ‖∇W_L‖ over the first epoch: the mean of each norm over the epoch's steps, first hidden layer over last. */
export function firstEpochRatio(experiment: Experiment): number {
  const mlp = buildExperimentModel(experiment);
  const step = experimentStep(experiment.config, mlp, experiment.data.train);
  const last = mlp.layers.length - 2;
  step.beginEpoch(1);
  let first = 0;
  let lastSum = 0;
  const n = experiment.data.train.n;
  for (let start = 0; start < n; start += step.batch) {
    const status = trainStep(step, start, Math.min(step.batch, n - start));
    if (status === "loss" || status === "gradient") break;
    first += step.layerNorms[0];
    lastSum += step.layerNorms[last];
    if (status !== "ok") break;
  }
  return first / lastSum;
}

export interface DepthCurve {
  variant: DepthVariant;
  depths: number[];
  /** ratios[d][s]: depth depths[d], seed seeds[s]. */
  ratios: number[][];
  /** Per depth: the geometric mean over seeds (the mean of log10 ratio), and the smallest and largest ratio. */
  mean: number[];
  min: number[];
  max: number[];
  /** Least-squares line through (L, log10 mean ratio): slope (decades per layer) and R². */
  fit: LineFit;
}

export interface DepthPicture {
  depths: number[];
  seeds: number[];
  width: number;
  curves: DepthCurve[];
}

export function depthPicture(depths: readonly number[], seeds: readonly number[], variants = DEPTH_VARIANTS): DepthPicture {
  const curves = variants.map((variant) => {
    const ratios = depths.map((L) => seeds.map((s) => firstEpochRatio(depthExperiment(depthConfig(variant, L, s)))));
    // a summary printed by `nn-lab depth` (never in a run folder, never in the page): Math.log10 is fine here
    // eslint-disable-next-line no-restricted-properties
    const logs = ratios.map((r) => r.reduce((sum, v) => sum + Math.log10(v), 0) / r.length);
    return {
      variant,
      depths: [...depths],
      ratios,
      mean: logs.map((v) => 10 ** v),
      min: ratios.map((r) => Math.min(...r)),
      max: ratios.map((r) => Math.max(...r)),
      fit: fitLine([...depths], logs),
    };
  });
  return { depths: [...depths], seeds: [...seeds], width: DEPTH_WIDTH, curves };
}

export interface LineFit {
  slope: number;
  intercept: number;
  /** Coefficient of determination: 1 = every point on the line. */
  r2: number;
}

/** Ordinary least squares y = intercept + slope·x. */
export function fitLine(x: readonly number[], y: readonly number[]): LineFit {
  const n = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let ssr = 0;
  for (let i = 0; i < n; i++) ssr += (y[i] - intercept - slope * x[i]) ** 2;
  return { slope, intercept, r2: syy === 0 ? 1 : 1 - ssr / syy };
}
