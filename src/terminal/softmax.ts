/**
 * Softmax written out as it is computed: for each temperature T, the logits are divided by T, the largest is
 * subtracted (so e^z never overflows), exponentiated, and each exponent divided by their sum:
 * p_i = e^(z_i/T − m) / Σ_j e^(z_j/T − m), m = max_j z_j/T. Low T sharpens the distribution, high T flattens it.
 */
import { softmaxRow } from "../engine/losses.js";
import { paint, PALETTE, visibleWidth, type ColorDepth } from "./colors.js";
import { flow } from "./table.js";
import { fixed } from "../format.js";

export interface SoftmaxColumn {
  temperature: number;
  /** e^(z_i/T), the raw exponents of the formula (∞ once z/T > 709: why nobody computes them). */
  raw: number[];
  rawSum: number;
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
  const raw = Array.from(scaled, (z) => Math.exp(z));
  const rawSum = raw.reduce((a, b) => a + b, 0);
  const probs = new Float64Array(scaled.length);
  softmaxRow(scaled, 0, scaled.length, probs, 0);
  let expSum = 0;
  let probSum = 0;
  for (let i = 0; i < exps.length; i++) [expSum, probSum] = [expSum + exps[i], probSum + probs[i]];
  return { temperature, raw, rawSum, exps, probs: Array.from(probs), expSum, probSum };
}

const EIGHTHS = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];

/** A horizontal bar of p·width cells, in eighths of a cell. */
export function bar(p: number, width: number): string {
  const eighths = Math.round(Math.min(1, Math.max(0, p)) * width * 8);
  return "█".repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8];
}

/** `digits` decimals; an exponent (2 decimals) for a value too small to show in them. */
function num(v: number, digits: number): string {
  return fixed(v, digits, { below: 10 ** -digits, from: Infinity, digits: 2, trim: false });
}

/** A raw exponent as the textbook writes it (7.39, 2.72, 1.11, sum 11.21); ∞ where it overflowed. */
function rawNum(v: number): string {
  return v === Infinity ? "∞" : fixed(v, 2, { below: 0.01, from: 1e7, digits: 2, trim: false });
}

/** Cells of one column, right-aligned to its widest (escapes take no width). */
function column(cells: readonly string[], width = Math.max(...cells.map(visibleWidth))): string[] {
  return cells.map((c) => " ".repeat(width - visibleWidth(c)) + c);
}

/** One temperature's column group: exponents, probabilities, bars — a header row, a row per logit, a sum row. */
function group(g: SoftmaxColumn, barWidth: number, depth: ColorDepth): string[] {
  const raw = column(["e^z", ...g.raw.map(rawNum), rawNum(g.rawSum)]);
  const exps = column(["e^(z−m)", ...g.exps.map((e) => num(e, 4)), num(g.expSum, 4)]);
  const probs = column(["p", ...g.probs.map((p) => p.toFixed(3)), g.probSum.toFixed(3)]);
  const bars = ["", ...g.probs.map((p, i) => paint(bar(p, barWidth), { fg: PALETTE[i % PALETTE.length] }, depth)), ""];
  const rows = exps.map((e, r) => `${raw[r]}  ${e}  ${probs[r]}  ${bars[r]}`);
  const width = visibleWidth(raw[0]) + 2 + visibleWidth(exps[0]) + 2 + visibleWidth(probs[0]) + 2 + barWidth;
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
  // As many temperature groups side by side as fit with bars of at least 5 cells; the rest in blocks below.
  const numbers = gap.length + group(columns[0], 0, 1)[0].length;
  const perBlock = Math.max(1, Math.min(columns.length, Math.floor((opts.width - 2 - names[0].length) / (numbers + 5))));
  const room = opts.width - 2 - names[0].length - perBlock * numbers;
  const barWidth = Math.max(5, Math.min(30, Math.floor(room / perBlock)));
  const legend = flow(
    (
      "e^z: the raw exponents e^(z/T) of the formula (they overflow to ∞ once z/T > 709). " +
      "e^(z−m): what is computed instead, e^(z/T − m) with m = max z/T, so the largest is e^0 = 1. " +
      "p = exponent / sum comes out the same from both columns: e^(z/T − m) = e^(z/T)·e^(−m), " +
      "and the factor e^(−m) is in every exponent and in their sum, so it cancels."
    ).split(" "),
    opts.width,
    "",
    " ",
  );
  const out = [...legend];
  for (let b = 0; b < columns.length; b += perBlock) {
    const groups = columns.slice(b, b + perBlock).map((g) => group(g, barWidth, opts.depth));
    if (b > 0) out.push("");
    out.push(...names.map((name, r) => "  " + name + groups.map((g) => gap + g[r]).join("")));
  }
  return out.map((l) => l.replace(/ +$/, "")).join("\n");
}
