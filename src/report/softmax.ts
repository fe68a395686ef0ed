/**
 * Softmax written out as it is computed: for each temperature T, the logits are divided by T, the largest is
 * subtracted (so e^z never overflows), exponentiated, and each exponent divided by their sum:
 * p_i = e^(z_i/T − m) / Σ_j e^(z_j/T − m), m = max_j z_j/T. Low T sharpens the distribution, high T flattens it.
 */
import { softmaxRow } from "../engine/losses.js";
import { paint, PALETTE, visibleWidth, type ColorDepth } from "./colors.js";
import { flow } from "./table.js";

export interface SoftmaxColumn {
  temperature: number;
  /** e^(z_i/T − max), the exponents as computed. */
  exps: number[];
  probs: number[];
  expSum: number;
  probSum: number;
}

/** The exponents and probabilities of `logits` at temperature T (the probabilities from the engine's softmax). */
export function softmaxAt(logits: readonly number[], temperature: number): SoftmaxColumn {
  const scaled = Float64Array.from(logits, (z) => z / temperature);
  const max = Math.max(...scaled);
  const exps = Array.from(scaled, (z) => Math.exp(z - max));
  const probs = new Float64Array(scaled.length);
  softmaxRow(scaled, 0, scaled.length, probs, 0);
  let expSum = 0;
  let probSum = 0;
  for (let i = 0; i < exps.length; i++) [expSum, probSum] = [expSum + exps[i], probSum + probs[i]];
  return { temperature, exps, probs: Array.from(probs), expSum, probSum };
}

const EIGHTHS = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];

/** A horizontal bar of p·width cells, in eighths of a cell. */
export function bar(p: number, width: number): string {
  const eighths = Math.round(Math.min(1, Math.max(0, p)) * width * 8);
  return "█".repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8];
}

function num(v: number, digits: number): string {
  const a = Math.abs(v);
  return a !== 0 && a < 10 ** -digits ? v.toExponential(2) : v.toFixed(digits);
}

/** Cells of one column, right-aligned to its widest (escapes take no width). */
function column(cells: readonly string[], width = Math.max(...cells.map(visibleWidth))): string[] {
  return cells.map((c) => " ".repeat(width - visibleWidth(c)) + c);
}

/** One temperature's column group: exponents, probabilities, bars — a header row, a row per logit, a sum row. */
function group(g: SoftmaxColumn, barWidth: number, depth: ColorDepth): string[] {
  const exps = column(["exp", ...g.exps.map((e) => num(e, 4)), num(g.expSum, 4)]);
  const probs = column(["p", ...g.probs.map((p) => p.toFixed(3)), g.probSum.toFixed(3)]);
  const bars = ["", ...g.probs.map((p, i) => paint(bar(p, barWidth), { fg: PALETTE[i % PALETTE.length] }, depth)), ""];
  const rows = exps.map((e, r) => `${e}  ${probs[r]}  ${bars[r]}`);
  const width = visibleWidth(exps[0]) + 2 + visibleWidth(probs[0]) + 2 + barWidth;
  return [`T = ${g.temperature}`, ...rows].map((row) => row + " ".repeat(Math.max(0, width - visibleWidth(row))));
}

/** The table: a logit column, then per temperature a group of exponent, probability and bar; a sum row at the bottom. */
export function softmaxTable(
  logits: readonly number[],
  temperatures: readonly number[],
  opts: { width: number; depth: ColorDepth; labels?: readonly string[] },
): string {
  const gap = "   ";
  const columns = temperatures.map((t) => softmaxAt(logits, t));
  const names = column(["", "logit", ...logits.map((z, i) => opts.labels?.[i] ?? String(z)), "sum"]);
  // The bars take what the numbers leave of the width, shared between the groups.
  const numbers = columns.reduce((sum, g) => sum + gap.length + group(g, 0, 1)[0].length, 0);
  const room = opts.width - 2 - names[0].length - numbers;
  const barWidth = Math.max(5, Math.min(30, Math.floor(room / temperatures.length)));
  const groups = columns.map((g) => group(g, barWidth, opts.depth));
  const legend = flow(
    ["p = exp / sum,", "exp = e^(z/T − m),", "m = max z/T (subtracted first, so nothing overflows)"],
    opts.width,
    "",
    " ",
  );
  const rows = names.map((name, r) => "  " + name + groups.map((g) => gap + g[r]).join(""));
  return [...legend, ...rows].map((l) => l.replace(/ +$/, "")).join("\n");
}
