/**
 * nn-lab as a library: load a config, train it, read the metrics — without the terminal.
 *
 *   import { loadConfig, resolveExperiment, train } from "nn-lab";
 *   const result = await train(resolveExperiment(loadConfig("configs/moons.yaml")), { onEpoch: (row) => ... });
 */
import { useBuiltins } from "./engine/libm.js";

// Math.exp … where this Node's V8 gives the engine's fdlibm bits (faster; the same numbers either way)
useBuiltins(process.versions.v8);

export * as engine from "./engine/index.js";
export { loadConfig, parseOverride, type LoadedConfig, type Override } from "./config/load.js";
export { resolveExperiment, type Experiment, type ResolvedConfig, type ResolveOptions } from "./config/resolve.js";
export { configSchema, type RawConfig, type ParsedConfig } from "./config/schema.js";
export { train, type TrainResult, type TrainHooks, type RunStatus } from "./train/train.js";
export type { MetricsRow } from "./metrics.js";
export { runExperiment, type RunOptions, type RunOutcome } from "./run/run-experiment.js";
export type { Summary } from "./run/summary.js";
export { prepareData, type Prepared } from "./data/prepare.js";
export type { Dataset } from "./data/dataset.js";
export { InputError } from "./errors.js";
export { setInputLimits, DEFAULT_INPUT_LIMITS, type InputLimits } from "./files.js";
