/** `nn-lab trace CONFIG`: one training step written out number by number. */
import { loadConfig, parseOverride } from "../config/load.js";
import { resolveExperiment } from "../config/resolve.js";
import { renderTrace } from "../report/trace.js";
import { traceStep } from "../train/step.js";
import { EXIT } from "./exit.js";

export async function traceCommand(file: string, opts: { set: string[] }): Promise<number> {
  const experiment = resolveExperiment(loadConfig(file, opts.set.map(parseOverride)));
  process.stdout.write(renderTrace(traceStep(experiment), experiment.config.name));
  return EXIT.ok;
}
