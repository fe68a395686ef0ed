/**
 * `nn-lab plot NAME... [--derivative | --both] [--from A --to B]`: activation functions from the registry, and
 * their derivatives, in one chart with a legend — where sigmoid'(z) goes flat, where relu' is 0.
 * A parametric activation takes its parameters after a colon: leaky_relu:0.2 (the first parameter), softplus:beta=2.
 */
import { shown } from "../files.js";
import {
  ACTIVATION_NAMES,
  ACTIVATIONS,
  POSITIVE_PARAMS,
  type Activation,
  type ActivationSpec,
  type ActivationText,
} from "../engine/activations.js";
import { activationFacts } from "../engine/activation-facts.js";
import { didYouMean, InputError } from "../errors.js";
import { activationCard, activationsTable } from "../terminal/activation-card.js";
import { lineChart, type Series } from "../terminal/chart.js";
import { softmaxChart } from "../terminal/softmax-chart.js";
import { colorDepth, terminalWidth } from "../terminal/colors.js";
import { EXIT } from "./exit.js";
import type { CommonOptions } from "./options.js";
import { emit } from "./output.js";

export interface PlotOptions extends CommonOptions {
  derivative?: boolean;
  both?: boolean;
  from: string;
  to: string;
}

/** Samples across [from, to]; the chart resamples them to its columns. */
const SAMPLES = 601;

/** An activation from its command-line spelling: name, name:value (first parameter), name:key=value,key=value. */
export function parseActivation(text: string): Activation {
  return parseActivationSpec(text).act;
}

/** The activation and its description at the parameters given (for the card's formulas and text). */
export function parseActivationSpec(text: string): { act: Activation; spec: ActivationText } {
  const [name, params] = splitOnce(text, ":");
  if (!Object.hasOwn(ACTIVATIONS, name)) {
    throw new InputError(
      `plot: unknown activation '${shown(name, 40)}'${didYouMean(name, ACTIVATION_NAMES)}; expected one of ${ACTIVATION_NAMES.join(", ")}`,
    );
  }
  const spec = ACTIVATIONS[name as keyof typeof ACTIVATIONS] as unknown as ActivationSpec;
  const keys = Object.keys(spec.params);
  const values: Record<string, number> = { ...spec.params };
  if (params !== null) {
    if (keys.length === 0) throw new InputError(`plot: ${name} takes no parameters, got '${text}'`);
    for (const part of params.split(",")) {
      const [k, v] = part.includes("=") ? splitOnce(part, "=") : [keys[0], part];
      if (!keys.includes(k))
        throw new InputError(`plot: ${name} has no parameter '${k}'${didYouMean(k, keys)}; it takes ${keys.join(", ")}`);
      const x = Number(v);
      if (v === null || v.trim() === "" || !Number.isFinite(x)) throw new InputError(`plot: ${text}: ${k} must be a number, got '${v}'`);
      if (POSITIVE_PARAMS.has(k) && !(x > 0)) throw new InputError(`plot: ${text}: ${k} must be > 0, got ${x}`);
      values[k] = x;
    }
  }
  return { act: spec.make(values), spec: spec.describe(values) };
}

function splitOnce(s: string, sep: string): [string, string | null] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, null] : [s.slice(0, i), s.slice(i + 1)];
}

function parseEnd(flag: string, v: string): number {
  const x = Number(v);
  if (v.trim() === "" || !Number.isFinite(x)) throw new InputError(`${flag}: expected a number, got '${v}'`);
  if (Math.abs(x) > 1e6) throw new InputError(`${flag}: expected a number between -1e6 and 1e6, got '${v}'`);
  return x;
}

/** The chart for activations given as on the command line (pure: width and colour depth come in). */
export function activationChart(
  names: readonly string[],
  opts: { from: number; to: number; derivative?: boolean; both?: boolean; width: number; depth: 1 | 4 | 8 | 24 },
): string {
  const acts = names.map((n) => ({ label: n, act: parseActivation(n) }));
  const z = Array.from({ length: SAMPLES }, (_, i) => opts.from + ((opts.to - opts.from) * i) / (SAMPLES - 1));
  const series: Series[] = [];
  for (const { label, act } of acts) {
    if (!opts.derivative || opts.both) series.push({ name: label, x: z, y: z.map((v) => act.f(v)) });
    if (opts.derivative || opts.both) series.push({ name: `${label}'`, x: z, y: z.map((v) => act.df(v)) });
  }
  const what = opts.both ? "f(z) and f'(z)" : opts.derivative ? "f'(z)" : "f(z)";
  return lineChart(series, { width: opts.width, depth: opts.depth, height: 16, title: what, xLabel: "z" });
}

/** Softmax is not element-wise: its pictures are of a vector (src/terminal/softmax-chart.ts). */
export const SOFTMAX_POINTER =
  "softmax is not an element-wise activation: it maps a whole vector of logits\n" +
  "to probabilities that sum to 1, so it has no single f(z) curve. Below, for the\n" +
  "logits 2, 1, 0.1: each p as z1 sweeps, p against temperature, and saturation.\n" +
  "Your own logits: nn-lab softmax 2.0 1.0 0.1 --chart";

/** The logits `plot softmax` draws: the material's example. */
export const SOFTMAX_EXAMPLE = [2, 1, 0.1] as const;

export async function plotCommand(allNames: string[], opts: PlotOptions): Promise<number> {
  const width = terminalWidth(process.stdout);
  const depth = colorDepth(process.stdout, opts.color, process.env);
  const names = allNames.filter((n) => n !== "softmax");
  const note = names.length < allNames.length ? { note: SOFTMAX_POINTER } : {};
  const text = !opts.json && !opts.quiet;
  const from = parseEnd("--from", opts.from);
  const to = parseEnd("--to", opts.to);
  if (!(from < to)) throw new InputError(`--from ${opts.from} --to ${opts.to}: the range is empty; --from must be less than --to`);
  if (text && names.length < allNames.length) {
    const chart = softmaxChart(SOFTMAX_EXAMPLE, { width, depth, from, to });
    process.stdout.write(SOFTMAX_POINTER + "\n\n" + chart + "\n" + (names.length ? "\n" : ""));
  }
  if (names.length === 0) {
    emit(
      opts,
      () => ({ functions: [], ...note }),
      () => "",
    );
    return EXIT.ok;
  }
  if (!text) {
    // --json: the numbers the card shows, computed from the engine; --quiet: the names were checked, nothing printed
    emit(
      opts,
      () => ({ from, to, functions: names.map((n) => ({ name: n, facts: activationFacts(parseActivation(n)) })), ...note }),
      () => "",
    );
    return EXIT.ok;
  }
  const chart = activationChart(names, { from, to, derivative: opts.derivative, both: opts.both, width, depth });
  process.stdout.write(chart + "\n\n" + cards(names, width) + "\n");
  return EXIT.ok;
}

/** Under the chart: one activation's card, or the comparison rows of several. */
export function cards(names: readonly string[], width: number): string {
  if (names.length === 1) {
    const { act, spec } = parseActivationSpec(names[0]);
    return activationCard(names[0], act, spec, width);
  }
  const rows = names.map((n) => {
    const { act, spec } = parseActivationSpec(n);
    return { label: n, act, use: spec.use };
  });
  return activationsTable(rows, width);
}
