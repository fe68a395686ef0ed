/** `nn-lab softmax LOGIT... [--temperature T[,T...]]`: logits → exponents → probabilities, at each temperature. */
import { parseDecimal } from "../data/csv.js";
import { shown } from "../files.js";
import { InputError } from "../errors.js";
import { colorDepth, terminalWidth } from "../terminal/colors.js";
import { softmaxAt, softmaxTable } from "../terminal/softmax.js";
import { softmaxChart } from "../terminal/softmax-chart.js";
import { EXIT } from "./exit.js";
import type { CommonOptions } from "./options.js";
import { emit } from "./output.js";

export interface SoftmaxOptions extends CommonOptions {
  temperature: string;
  chart?: boolean;
}

/** A logit or a temperature: a finite decimal number (as in a CSV cell: no 0x10, no Infinity). */
function parseNumber(text: string, what: string): number {
  const v = parseDecimal(text.trim());
  if (v === null || !Number.isFinite(v))
    throw new InputError(`${what}: expected a decimal number (like 2, -1.5 or 1e-3), got '${shown(text, 40)}'`);
  return v;
}

export async function softmaxCommand(args: string[], opts: SoftmaxOptions): Promise<number> {
  const logits = args.map((a) => parseNumber(a, "LOGIT"));
  const temperatures = opts.temperature.split(",").map((t) => {
    const v = parseNumber(t, "--temperature");
    if (!(v >= 1e-6 && v <= 1e6)) throw new InputError(`--temperature: must be between 1e-6 and 1e6, got '${t}'`);
    return v;
  });
  const width = terminalWidth(process.stdout);
  const depth = colorDepth(process.stdout, opts.color, process.env);
  emit(
    opts,
    () => ({ logits, temperatures: temperatures.map((t) => softmaxAt(logits, t)) }),
    () =>
      softmaxTable(logits, temperatures, { width, depth, labels: args.map((a) => a.trim()) }) +
      "\n" +
      (opts.chart ? "\n" + softmaxChart(logits, { width, depth, from: logits[0] - 6, to: logits[0] + 6 }) + "\n" : ""),
  );
  return EXIT.ok;
}
