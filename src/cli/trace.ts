/** `nn-lab trace CONFIG`: one training step written out number by number. */
import { loadConfig, parseOverride } from "../config/load.js";
import { resolveExperiment } from "../config/resolve.js";
import { renderTrace, traceJson } from "../report/trace.js";
import { traceStep } from "../train/trace.js";
import { EXIT } from "./exit.js";

export async function traceCommand(file: string, opts: { set: string[]; json?: boolean }): Promise<number> {
  const experiment = resolveExperiment(loadConfig(file, opts.set.map(parseOverride)));
  const trace = traceStep(experiment);
  process.stdout.write(opts.json ? JSON.stringify(traceJson(trace), null, 2) + "\n" : renderTrace(trace, experiment.config.name));
  return EXIT.ok;
}
