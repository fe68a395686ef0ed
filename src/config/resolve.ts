/**
 * From a validated config to the resolved one: defaults that depend on other keys (name from the file,
 * loss from the data, output from the loss, lr from the optimizer), paths made absolute, and the checks
 * that span keys (loss vs output, loss vs data). The result is what config.json holds.
 */
import { LOSSES, type LossName, type OutputName } from "../engine/losses.js";
import { InputError } from "../errors.js";
import type { LossMetric } from "../metrics.js";
import { prepareData, resolveDataPath, type Prepared } from "../data/prepare.js";
import { batchRows, outputUnits } from "./derived.js";
import { OPTIMIZERS } from "../engine/optim.js";
import type { InlineInit, ParsedConfig } from "./schema.js";
import type { LoadedConfig } from "./load.js";

export type ResolvedConfig = Omit<ParsedConfig, "$schema" | "name" | "train" | "model"> & {
  name: string;
  model: Omit<ParsedConfig["model"], "output"> & { output: OutputName };
  train: Omit<ParsedConfig["train"], "loss" | "lr" | "early_stop"> & {
    loss: LossName;
    lr: number;
    early_stop: { metric: LossMetric; patience: number; min_delta: number } | null;
  };
};

export interface Experiment {
  config: ResolvedConfig;
  data: Prepared;
  /** Where the config came from, for messages. */
  source: string;
}

export interface ResolveOptions {
  /** The memory limit in MiB (the CLI reads it from NN_LAB_MEMORY_LIMIT_MB); default DEFAULT_MEMORY_LIMIT_MB. */
  memoryLimitMb?: number;
}

export function resolveExperiment(loaded: LoadedConfig, opts: ResolveOptions = {}): Experiment {
  const { parsed, file } = loaded;
  const p = parsed;
  // csv/inline data: the loss says whether targets are classes (bce, cross_entropy) or values (mse); without one, the targets do.
  const taskHint = p.train.loss === null ? null : p.train.loss === "mse" ? "regression" : "classification";
  const data = prepareData(p.data, { seed: p.seed, task: taskHint, baseDir: loaded.baseDir, where: `${file}: data` });
  const task = data.train.task;
  const classes = data.train.classes;
  const loss: LossName = p.train.loss ?? (task === "regression" ? "mse" : classes > 2 ? "cross_entropy" : "bce");
  if (task === "regression" && loss !== "mse") {
    throw new InputError(`${file}: train.loss: ${loss} needs class labels, but the data (${p.data.kind}) is regression; use mse`);
  }
  if (loss === "bce" && classes > 2) {
    throw new InputError(`${file}: train.loss: bce is for 2 classes, but the data has ${classes}; use cross_entropy (with output softmax)`);
  }
  const output: OutputName = p.model.output ?? LOSSES[loss].defaultOutput;
  if (!(LOSSES[loss].outputs as readonly string[]).includes(output)) {
    throw new InputError(`${file}: model.output: loss ${loss} needs output ${LOSSES[loss].outputs.join(" or ")}, got ${output}`);
  }
  const outputs = outputUnits(loss, classes);
  if (output === "softmax" && outputs < 2) {
    throw new InputError(
      `${file}: model.output: softmax over a single output is always 1 (no gradient); use sigmoid or linear, or cross_entropy for classes`,
    );
  }
  const earlyStop = p.train.early_stop && {
    ...p.train.early_stop,
    metric: p.train.early_stop.metric ?? (data.test ? "test_loss" : "train_loss"),
  };
  if (earlyStop?.metric === "test_loss" && data.test === null) {
    throw new InputError(`${file}: train.early_stop.metric: test_loss needs a test set (data.test > 0); use train_loss`);
  }
  if (p.model.norm === "batch" && p.model.layers.length > 0) checkNormBatch(file, batchRows(p.train.batch, data.train.n), data.train.n);
  checkMemory(file, p, data.train.d, outputs, data.train.n + (data.test?.n ?? 0), opts.memoryLimitMb ?? DEFAULT_MEMORY_LIMIT_MB);
  const dataBlock = p.data.kind === "csv" ? { ...p.data, path: resolveDataPath(p.data.path, loaded.baseDir) } : p.data;
  const init = "from" in p.model.init ? { from: resolveDataPath(p.model.init.from, loaded.baseDir) } : p.model.init;
  if ("weights" in init) checkInlineInit(file, init, [data.train.d, ...p.model.layers.map((l) => l.units), outputs], p.model.bias);
  const config: ResolvedConfig = {
    name: p.name ?? loaded.defaultName,
    seed: p.seed,
    data: dataBlock,
    model: { ...p.model, output, init },
    train: { ...p.train, loss, lr: p.train.lr ?? OPTIMIZERS[p.train.optimizer.name].lr, early_stop: earlyStop },
    expect: p.expect,
    snapshots: p.snapshots,
    sweep: p.sweep,
  };
  return { config, data, source: file };
}

/**
 * Batch norm in training mode needs two rows or more in every batch (one row has no variance; torch.nn.BatchNorm1d
 * raises "Expected more than 1 value per channel when training"): refused here rather than a NaN at some step.
 */
function checkNormBatch(file: string, batch: number, rows: number): void {
  const last = rows % batch;
  if (batch > 1 && last !== 1) return;
  const why =
    batch === 1
      ? `batch ${batch} on ${rows} training rows is one row per step`
      : `batch ${batch} on ${rows} training rows leaves a last batch of 1 row (${rows} = ${(rows - 1) / batch}×${batch} + 1)`;
  throw new InputError(
    `${file}: train.batch: model.norm: batch needs at least 2 rows in every training batch (as torch's BatchNorm1d); ${why}; choose another batch size`,
  );
}

/** Inline weights must match the network layer by layer: W_l is out×in, b_l has out values (or is null). */
function checkInlineInit(file: string, init: InlineInit, dims: number[], bias: boolean): void {
  const layers = dims.length - 1;
  const bad = (key: string, msg: string) => new InputError(`${file}: model.init.${key}: ${msg}`);
  if (init.weights.length !== layers)
    throw bad(
      "weights",
      `expected ${layers} matrices (${layers - 1} hidden + output, layer sizes ${dims.join("→")}), got ${init.weights.length}`,
    );
  init.weights.forEach((w, l) => {
    const [inDim, outDim] = [dims[l], dims[l + 1]];
    const cols = new Set(w.map((r) => r.length));
    if (w.length !== outDim || cols.size !== 1 || !cols.has(inDim)) {
      const got = cols.size === 1 ? `${w.length}×${w[0].length}` : `${w.length} rows of ${[...cols].join("/")} values`;
      throw bad(
        `weights[${l}]`,
        `expected ${outDim}×${inDim} (out×in: layer ${l + 1} maps ${inDim} inputs to ${outDim} units), got ${got}`,
      );
    }
  });
  if (init.biases === null) return;
  if (!bias && init.biases.some((b) => b !== null)) throw bad("biases", "the model has bias: false; leave biases out (or null)");
  if (init.biases.length !== layers)
    throw bad("biases", `expected ${layers} entries (one per layer, null for zeros), got ${init.biases.length}`);
  init.biases.forEach((b, l) => {
    if (b !== null && b.length !== dims[l + 1])
      throw bad(`biases[${l}]`, `expected ${dims[l + 1]} values (layer ${l + 1}'s units), got ${b.length}`);
  });
}

/** Refuse configs whose buffers would not fit: the limit is ResolveOptions.memoryLimitMb (NN_LAB_MEMORY_LIMIT_MB, default 4096 MiB). */
export const DEFAULT_MEMORY_LIMIT_MB = 4096;

/**
 * Bytes a run allocates, estimated before allocating: parameters × 6 (values, gradients, up to 3 optimizer
 * buffers, a copy), activations × 4 buffers (z, a, dL/da, dL/dz) for a batch and for a 512-row evaluation
 * chunk, and the data (inputs and targets, twice: the set and its split). Float64 throughout.
 */
export const PER_LAYER_BYTES = 4096;

export function estimateBytes(
  inputs: number,
  hidden: number[],
  outputs: number,
  batch: number,
  rows: number,
): { bytes: number; params: number } {
  const dims = [inputs, ...hidden, outputs];
  let params = 0;
  let units = 0;
  for (let l = 0; l + 1 < dims.length; l++) {
    params += dims[l] * dims[l + 1] + dims[l + 1];
    units += dims[l + 1];
  }
  // per layer: its objects and typed-array headers (~2 KiB), and the metrics row (3 columns a layer) kept per epoch
  const layers = dims.length - 1;
  const bytes = 8 * (6 * params + 4 * units * (batch + Math.min(512, rows)) + 2 * rows * (inputs + outputs + 1)) + layers * PER_LAYER_BYTES;
  return { bytes, params };
}

function checkMemory(file: string, p: ParsedConfig, inputs: number, outputs: number, rows: number, limitMb: number): void {
  const batch = batchRows(p.train.batch, rows);
  const { bytes, params } = estimateBytes(
    inputs,
    p.model.layers.map((l) => l.units),
    outputs,
    batch,
    rows,
  );
  const mb = bytes / 2 ** 20;
  if (mb > limitMb) {
    throw new InputError(
      `${file}: model.layers: this network needs about ${mb >= 10240 ? `${(mb / 1024).toFixed(1)} GiB` : `${Math.ceil(mb)} MiB`} (${params.toLocaleString("en-US")} parameters, batch ${batch}), over the limit of ${limitMb} MiB (set NN_LAB_MEMORY_LIMIT_MB to change it)`,
    );
  }
}
