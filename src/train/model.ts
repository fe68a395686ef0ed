/** Build the network a resolved config describes, initialise it, and read/write `model.json`. */
import { makeActivation, type ActivationChoice } from "../engine/activations.js";
import { initWeights } from "../engine/init.js";
import type { Layer } from "../engine/layer.js";
import { Mlp } from "../engine/mlp.js";
import { Rng } from "../engine/rng.js";
import { InputError } from "../errors.js";
import { outputUnits } from "../config/derived.js";
import type { Experiment, ResolvedConfig } from "../config/resolve.js";
import { confine, readInputText, shown } from "../files.js";

export const MODEL_FORMAT = "nn-lab.model.v1";

/** The experiment's network with its initial weights (reads init.from files: bad ones throw InputError). */
export function buildExperimentModel(experiment: Experiment): Mlp {
  const { config, data } = experiment;
  return buildModel(config, data.train.d, outputUnits(config.train.loss, data.train.classes));
}

export function buildModel(config: ResolvedConfig, inputs: number, outputs: number): Mlp {
  const mlp = configNetwork(config, inputs, outputs);
  const init = config.model.init;
  if ("from" in init) {
    loadWeights(mlp, init.from);
  } else if ("weights" in init) {
    // shapes were checked against the network when the config was resolved
    mlp.layers.forEach((layer, l) => {
      layer.weight.set(init.weights[l].flat());
      layer.bias?.set(init.biases?.[l] ?? new Array<number>(layer.outDim).fill(0));
    });
  } else {
    // One stream per layer: networks that differ in a later layer still share the earlier layers' weights.
    mlp.layers.forEach((layer, l) => {
      initWeights(init, layer.weight, layer.inDim, layer.outDim, Rng.stream(config.seed, "init", l));
      layer.bias?.fill(config.model.bias_init);
    });
  }
  return mlp;
}

/** The network a config describes, its parameters all 0 (buildModel initialises them; a run folder's reader loads model.json). */
export function configNetwork(config: ResolvedConfig, inputs: number, outputs: number): Mlp {
  return new Mlp({
    inputs,
    hidden: config.model.layers.map((l) => ({ units: l.units, activation: makeActivation(l.activation) })),
    outputs,
    bias: config.model.bias,
    residual: config.model.residual,
    norm: config.model.norm,
  });
}

/** A hidden layer's batch norm in model.json: γ, β (trained) and the running statistics, one value per unit. */
export interface NormFile {
  gamma: number[];
  beta: number[];
  running_mean: number[];
  running_var: number[];
}
const NORM_KEYS = ["gamma", "beta", "running_mean", "running_var"] as const;

export interface ModelFile {
  format: typeof MODEL_FORMAT;
  inputs: number;
  layers: {
    in: number;
    out: number;
    activation: string | ActivationChoice;
    weight: number[][];
    bias: number[] | null;
    /** Present on hidden layers with batch norm (model.norm: batch). */
    norm?: NormFile;
    /** Present (true) on hidden layers that add their input: h = h_prev + f(bn(z)). */
    residual?: true;
  }[];
}

export function modelToJson(mlp: Mlp, config: ResolvedConfig): ModelFile {
  return {
    format: MODEL_FORMAT,
    inputs: mlp.inputs,
    layers: mlp.layers.map((layer, l) => {
      const hidden = config.model.layers[l];
      const act = hidden ? (Object.keys(hidden.activation).length > 1 ? hidden.activation : hidden.activation.name) : config.model.output;
      const weight: number[][] = [];
      for (let o = 0; o < layer.outDim; o++) weight.push(Array.from(layer.weight.subarray(o * layer.inDim, (o + 1) * layer.inDim)));
      const bn = layer.norm;
      return {
        in: layer.inDim,
        out: layer.outDim,
        activation: act,
        weight,
        bias: layer.bias ? Array.from(layer.bias) : null,
        ...(bn
          ? {
              norm: {
                gamma: Array.from(bn.gamma),
                beta: Array.from(bn.beta),
                running_mean: Array.from(bn.runningMean),
                running_var: Array.from(bn.runningVar),
              },
            }
          : {}),
        ...(layer.skip ? { residual: true as const } : {}),
      };
    }),
  };
}

/** Copy the weights of a model.json into mlp; every shape must match. */
export function loadWeights(mlp: Mlp, path: string): void {
  confine(path, `${path}: model.init.from`);
  const text = readInputText(path, (why) => new InputError(`${path}: model.init.from: cannot read the model file (${why})`));
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    // V8's message quotes the file's content: say only that it is not JSON
    throw new InputError(`${path}: model.init.from: not an nn-lab model (not valid JSON)`);
  }
  const bad = (msg: string) => new InputError(`${path}: ${msg}`);
  const m = doc as Partial<ModelFile>;
  if (!m || typeof m !== "object" || m.format !== MODEL_FORMAT)
    throw bad(`not an nn-lab model: expected "format": "${MODEL_FORMAT}", got ${shown(JSON.stringify(m?.format ?? null), 30)}`);
  if (!Array.isArray(m.layers)) throw bad(`expected "layers" to be a list`);
  if (m.inputs !== mlp.inputs) throw bad(`the model takes ${String(m.inputs)} inputs, the config's data gives ${mlp.inputs}`);
  if (m.layers.length !== mlp.layers.length)
    throw bad(`the model has ${m.layers.length} layers, the config ${mlp.layers.length} (hidden + output)`);
  mlp.layers.forEach((layer, l) => {
    const src = m.layers![l];
    const shape = `${layer.outDim}×${layer.inDim}`;
    if (
      !Array.isArray(src?.weight) ||
      src.weight.length !== layer.outDim ||
      src.weight.some((r) => !Array.isArray(r) || r.length !== layer.inDim)
    ) {
      throw bad(`layers[${l}].weight: expected ${shape} (out×in) to match the config, got ${describeShape(src?.weight)}`);
    }
    src.weight.forEach((row, o) =>
      row.forEach((v, i) => {
        if (typeof v !== "number" || !Number.isFinite(v))
          throw bad(`layers[${l}].weight[${o}][${i}]: expected a finite number, got ${shown(JSON.stringify(v) ?? "nothing", 30)}`);
        layer.weight[o * layer.inDim + i] = v;
      }),
    );
    if (layer.bias) {
      if (src.bias === null || src.bias === undefined) {
        layer.bias.fill(0);
      } else if (!Array.isArray(src.bias) || src.bias.length !== layer.outDim) {
        throw bad(`layers[${l}].bias: expected ${layer.outDim} values, got ${describeShape(src.bias)}`);
      } else {
        src.bias.forEach((v, o) => {
          if (typeof v !== "number" || !Number.isFinite(v))
            throw bad(`layers[${l}].bias[${o}]: expected a finite number, got ${shown(JSON.stringify(v) ?? "nothing", 30)}`);
          layer.bias![o] = v;
        });
      }
    }
    copyNorm(layer, src.norm, `layers[${l}].norm`, bad);
  });
}

/**
 * A layer's batch norm from a model file's `norm` (γ, β, running mean and variance): a network with batch norm takes
 * it when present (absent: γ = 1, β = 0 and fresh statistics stay); a network without batch norm refuses it.
 */
export function copyNorm(layer: Layer, src: unknown, key: string, bad: (msg: string) => Error): void {
  const bn = layer.norm;
  if (src === undefined || src === null) return;
  if (!bn) throw bad(`${key}: the file has batch norm here, the config's network does not (set model.norm: batch, or use another file)`);
  const doc = src as Record<string, unknown>;
  const into = { gamma: bn.gamma, beta: bn.beta, running_mean: bn.runningMean, running_var: bn.runningVar };
  for (const name of NORM_KEYS) {
    const values = doc[name];
    if (!Array.isArray(values) || values.length !== bn.width)
      throw bad(`${key}.${name}: expected ${bn.width} values, got ${describeShape(values)}`);
    values.forEach((v, i) => {
      if (typeof v !== "number" || !Number.isFinite(v))
        throw bad(`${key}.${name}[${i}]: expected a finite number, got ${shown(JSON.stringify(v) ?? "nothing", 30)}`);
      into[name][i] = v;
    });
  }
}

function describeShape(v: unknown): string {
  if (!Array.isArray(v)) return shown(JSON.stringify(v ?? null), 30);
  if (Array.isArray(v[0])) return `${v.length}×${(v[0] as unknown[]).length}`;
  return `${v.length} values`;
}
