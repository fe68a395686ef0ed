/** `nn-lab trace CONFIG`: one training step written out number by number. */
import { loadConfig, parseOverride } from "../config/load.js";
import { resolveExperiment } from "../config/resolve.js";
import { renderTrace, traceJson } from "../terminal/trace.js";
import { traceStep } from "../train/trace.js";
import { EXIT } from "./exit.js";
import type { CommonOptions, ConfigOptions } from "./options.js";
import { emit } from "./output.js";
import { environment } from "./environment.js";

export interface TraceOptions extends CommonOptions, ConfigOptions {}

export async function traceCommand(file: string, opts: TraceOptions): Promise<number> {
  const experiment = resolveExperiment(loadConfig(file, opts.set.map(parseOverride)), { memoryLimitMb: environment().memoryLimitMb });
  const trace = traceStep(experiment);
  emit(
    opts,
    () => traceJson(trace),
    () => renderTrace(trace, experiment.config.name),
  );
  return EXIT.ok;
}
