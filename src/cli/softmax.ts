/** `nn-lab softmax LOGIT... [--temperature T[,T...]]`: logits → exponents → probabilities, at each temperature. */
import { InputError } from "../errors.js";
import { colorDepth, terminalWidth } from "../report/colors.js";
import { softmaxAt, softmaxTable } from "../report/softmax.js";
import { EXIT } from "./exit.js";
import type { CommonOptions } from "./options.js";

export interface SoftmaxOptions extends CommonOptions {
  temperature?: string;
}

function parseNumber(text: string, what: string): number {
  const v = Number(text);
  if (text.trim() === "" || !Number.isFinite(v)) throw new InputError(`${what}: expected a number, got '${text}'`);
  return v;
}

export async function softmaxCommand(args: string[], opts: SoftmaxOptions): Promise<number> {
  const logits = args.map((a) => parseNumber(a, "LOGIT"));
  const temperatures = (opts.temperature ?? "1").split(",").map((t) => {
    const v = parseNumber(t, "--temperature");
    if (!(v >= 1e-6 && v <= 1e6)) throw new InputError(`--temperature: must be between 1e-6 and 1e6, got '${t}'`);
    return v;
  });
  if (opts.json) {
    process.stdout.write(JSON.stringify({ logits, temperatures: temperatures.map((t) => softmaxAt(logits, t)) }, null, 2) + "\n");
    return EXIT.ok;
  }
  const table = softmaxTable(logits, temperatures, {
    width: terminalWidth(process.stdout),
    depth: colorDepth(process.stdout, opts.color),
    labels: args.map((a) => a.trim()),
  });
  process.stdout.write(table + "\n");
  return EXIT.ok;
}
