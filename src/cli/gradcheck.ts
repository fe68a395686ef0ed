/** `nn-lab gradcheck CONFIG`: backprop against central differences, per layer; exit 1 when they disagree. */
import { wrap } from "../terminal/activation-card.js";
import { terminalWidth } from "../terminal/colors.js";
import { loadConfig, parseOverride } from "../config/load.js";
import { resolveExperiment } from "../config/resolve.js";
import { GRADCHECK_ATOL, GRADCHECK_RTOL, GRADCHECK_STEP, gradcheckExperiment, type GradcheckResult } from "../train/gradcheck.js";
import { InputError } from "../errors.js";
import { EXIT } from "./exit.js";
import type { CommonOptions, ConfigOptions } from "./options.js";
import { emit } from "./output.js";
import { environment } from "./environment.js";

export interface GradcheckOptions extends CommonOptions, ConfigOptions {
  rows: string;
}

export async function gradcheckCommand(file: string, opts: GradcheckOptions): Promise<number> {
  const experiment = resolveExperiment(loadConfig(file, opts.set.map(parseOverride)), { memoryLimitMb: environment().memoryLimitMb });
  const rows = Number(opts.rows);
  if (!Number.isInteger(rows) || rows < 1) throw new InputError(`--rows ${opts.rows}: expected a whole number >= 1`);
  const r = gradcheckExperiment(experiment, rows);
  emit(
    opts,
    () => gradcheckJson(r, experiment.config.name),
    () => renderGradcheck(r, experiment.config.name, terminalWidth(process.stdout)),
  );
  return r.passed ? EXIT.ok : EXIT.failed;
}

export function gradcheckJson(r: GradcheckResult & { rows: number }, name: string) {
  return {
    name,
    rows: r.rows,
    loss: r.loss,
    passed: r.passed,
    step: GRADCHECK_STEP,
    tolerance: { atol: GRADCHECK_ATOL, rtol: GRADCHECK_RTOL },
    checks: r.checks,
    gradients: { backprop: Array.from(r.backprop), numeric: Array.from(r.numeric) },
  };
}

export function renderGradcheck(r: GradcheckResult & { rows: number }, name: string, width = 80): string {
  const e = (v: number) => v.toExponential(2);
  const lines = [
    ...wrap(
      `gradcheck: ${name} — backprop vs central differences (h = ${GRADCHECK_STEP}) on ${r.rows} rows, loss ${r.loss.toPrecision(6)}`,
      width,
      "",
      2,
    ),
    ...wrap(
      `a parameter fails when |backprop − numeric| > ${GRADCHECK_ATOL} + ${GRADCHECK_RTOL}·|numeric|; points on a ReLU kink are reported, not failed`,
      width,
      "",
      2,
    ),
    "",
    "layer  param    count  max abs err  max rel err  kinks  result",
  ];
  for (const c of r.checks) {
    const result = c.failures > 0 ? `FAIL (${c.failures})` : "ok";
    lines.push(
      `${String(c.layer).padStart(5)}  ${c.kind.padEnd(6)}  ${String(c.count).padStart(6)}  ${e(c.maxAbsError).padStart(11)}  ${e(c.maxRelError).padStart(11)}  ${String(c.kinks).padStart(5)}  ${result}`,
    );
  }
  lines.push("", r.passed ? "PASS: backprop agrees with finite differences" : "FAIL: backprop disagrees with finite differences");
  return lines.join("\n") + "\n";
}
