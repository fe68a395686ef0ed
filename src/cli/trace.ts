/** `nn-lab trace CONFIG`: one training step written out number by number. */
import { loadConfig, parseOverride } from "../config/load.js";
import { resolveExperiment } from "../config/resolve.js";
import { terminalWidth } from "../terminal/colors.js";
import { breakLine, fitLine } from "../terminal/matrix-text.js";
import { renderTrace, traceJson } from "../terminal/trace-text.js";
import { traceStep } from "../train/step-trace.js";
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
    () => fitLines(renderTrace(trace, experiment.config.name), terminalWidth(process.stdout)),
  );
  return EXIT.ok;
}

/**
 * Every line of the trace fitted to the terminal: long vectors and matrices lose middle entries, counted; a line
 * that still does not fit (a short matrix kept whole, a large one's summary) is broken at spaces, a matrix between
 * its rows. No number is cut; `--json` has every number at full precision.
 */
function fitLines(text: string, width: number): string {
  return text
    .split("\n")
    .flatMap((l) => breakLine(fitLine(l, width), width))
    .join("\n");
}
