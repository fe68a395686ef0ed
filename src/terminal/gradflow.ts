/**
 * The gradient-flow panel: for each layer, the norm of its weight gradient ‖∇W‖ in the first trained epoch and in
 * the last, as horizontal bars on one log scale with the numbers, and the dead (ReLU family) or saturated
 * (sigmoid/tanh) fraction of its units where that applies. Vanishing gradients show as bars that shrink toward
 * layer 1, exploding ones as bars that grow; a layer that stopped learning as a bar that collapsed.
 *
 * The scale starts one decade below the smallest norm, so the smallest bar is still seen; a zero norm has no bar.
 */
import type { MetricsRow } from "../metrics.js";
import { paint, PALETTE, type ColorDepth } from "./colors.js";
import { panelWidth, sideBySide } from "./layout.js";
import { flow } from "./table.js";
import { significant } from "../format.js";

export interface GradientFlowInput {
  /** The first epoch with steps (epoch 1, normally) and the last row of the run. */
  first: Pick<MetricsRow, "epoch" | "grad_norm_layer" | "dead_frac_layer" | "sat_frac_layer">;
  last: Pick<MetricsRow, "epoch" | "grad_norm_layer" | "dead_frac_layer" | "sat_frac_layer">;
  /** Each layer's activation, hidden layers then the output's. */
  activations: readonly string[];
}

export interface GradientFlowOptions {
  width: number;
  depth: ColorDepth;
}

const EIGHTHS = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
const FIRST_COLOR = PALETTE[0];
const LAST_COLOR = PALETTE[1];

/** A norm in 2 significant digits: 0.25, 3.1, 2.6e-5, 1.2e+4. */
export function shortNumber(v: number | null): string {
  // decided on the rounded value: 9999 rounds to 1.0e+4 (not "10000"), 0.0009996 to 0.001
  return v === null ? "—" : significant(v, 2, { below: 1e-3, from: 1e4, digits: 1, trim: false });
}

/** A bar of `eighths` eighth-blocks. */
function bar(eighths: number): string {
  return "█".repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8];
}

/** The panel as lines joined by \n; "" when the run has no trained epoch (no gradient was taken). */
export function gradientFlow(input: GradientFlowInput, opts: GradientFlowOptions): string {
  const { first, last } = input;
  const L = first.grad_norm_layer.length;
  if (L === 0 || first.grad_norm_layer.every((v) => v === null)) return "";
  const values = [...first.grad_norm_layer, ...last.grad_norm_layer].filter((v): v is number => v !== null && Number.isFinite(v) && v > 0);
  const hi = values.length > 0 ? Math.max(...values) : 1;
  const lo = values.length > 0 ? Math.min(...values) / 10 : 0.1;
  const span = Math.log10(hi) - Math.log10(lo);
  const labels = input.activations.map((a, i) => `layer ${i + 1} ${i === L - 1 ? "out" : a}`);
  const labelWidth = Math.max(...labels.map((l) => l.length));
  const units = Array.from({ length: L }, (_, i) => unitsNote(first, last, i));
  const unitsWidth = Math.max(0, ...units.map((u) => u.length));
  const numWidth = Math.max(4, ...[...first.grad_norm_layer, ...last.grad_norm_layer].map((v) => shortNumber(v).length));
  // 2 indent + label + 2 + (bar + 1 + number + 3) × 2 + units
  const barWidth = Math.max(6, Math.min(30, Math.floor((opts.width - 2 - labelWidth - 2 - 2 * (numWidth + 4) - unitsWidth) / 2)));
  const cell = (v: number | null, color: (typeof PALETTE)[number]) => {
    const eighths =
      v === null || !(v > 0)
        ? 0
        : Number.isFinite(v)
          ? Math.max(1, Math.round(((Math.log10(v) - Math.log10(lo)) / span) * barWidth * 8))
          : barWidth * 8;
    const b = bar(Math.min(eighths, barWidth * 8));
    const drawn = paint(b, { fg: color }, opts.depth);
    return drawn + " ".repeat(barWidth - [...b].length) + " " + shortNumber(v).padStart(numWidth);
  };
  // narrow: the scale on a line of its own, never a number cut
  const head = flow(["gradient flow · ‖∇W‖ per layer,", `log scale from ${shortNumber(lo)} to ${shortNumber(hi)}`], opts.width, "", " ");
  // "epoch 1 (first)", or just "epoch 1" when the column is narrower (the first column is the first epoch)
  const colHead = (text: string, color: (typeof PALETTE)[number]) => {
    const room = barWidth + 1 + numWidth;
    const t = text.length <= room ? text : text.replace(/ \((first|last)\)$/, "").slice(0, room);
    return paint(t, { fg: color, bold: true }, opts.depth) + " ".repeat(room - t.length);
  };
  const lines = [
    ...head,
    (
      "  " +
      " ".repeat(labelWidth) +
      "  " +
      colHead(`epoch ${first.epoch} (first)`, FIRST_COLOR) +
      "   " +
      colHead(`epoch ${last.epoch} (last)`, LAST_COLOR)
    ).replace(/ +$/, ""),
  ];
  for (let i = 0; i < L; i++) {
    const row =
      "  " +
      labels[i].padEnd(labelWidth) +
      "  " +
      cell(first.grad_norm_layer[i], FIRST_COLOR) +
      "   " +
      cell(last.grad_norm_layer[i], LAST_COLOR) +
      (units[i] ? "   " + units[i] : "");
    lines.push(row.replace(/ +$/, ""));
  }
  return lines.join("\n");
}

/** "dead 0% → 50%" or "sat 12% → 90%" for hidden layer i, where the fraction applies; "" otherwise. */
function unitsNote(first: GradientFlowInput["first"], last: GradientFlowInput["last"], i: number): string {
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? "—" : `${Math.round(v * 100)}%`);
  const dead = [first.dead_frac_layer[i], last.dead_frac_layer[i]];
  const sat = [first.sat_frac_layer[i], last.sat_frac_layer[i]];
  if (dead.some((v) => v !== null && v !== undefined)) return `dead ${pct(dead[0])} → ${pct(dead[1])}`;
  if (sat.some((v) => v !== null && v !== undefined)) return `sat ${pct(sat[0])} → ${pct(sat[1])}`;
  return "";
}

/** One run of the side-by-side panel: its label, its first trained and latest rows (null before any), its layers' activations. */
export interface FlowRun {
  label: string;
  first: GradientFlowInput["first"] | null;
  last: GradientFlowInput["last"] | null;
  activations: readonly string[];
}

/**
 * The gradient flow of several runs side by side (compare --live): a block per run, titled with its label and
 * epochs, a row per layer with the latest ‖∇W‖ as a bar — all runs on one log scale, so their bars compare — then
 * "first → latest" in numbers and the latest dead or saturated fraction. As many blocks in a row as fit the width.
 * The scale stops at OFF_SCALE (an exploding run's norms run off its end, ▸), so they do not flatten the others.
 */
export function gradientFlowSideBySide(runs: readonly FlowRun[], opts: GradientFlowOptions & { eachOwnEpochs?: boolean }): string {
  const norms = runs.flatMap((r) => [...(r.first?.grad_norm_layer ?? []), ...(r.last?.grad_norm_layer ?? [])]);
  const values = norms.filter((v): v is number => v !== null && Number.isFinite(v) && v > 0);
  if (values.length === 0) return "";
  // an exploding run (‖∇W‖ of 1e+91) must not flatten the others' bars: the scale stops at OFF_SCALE, and a norm
  // beyond it is a full bar ending in ▸ (its number says how far)
  const max = Math.max(...values);
  const hi = Math.min(max, OFF_SCALE);
  const lo = Math.min(...values) / 10;
  const w = panelWidth(runs.length, opts.width, { min: 36, max: 64 });
  // the epochs said once when every run has the same ones, else (and live, where they move apart) in each block's title
  const spans = new Set(runs.map((r) => (r.first && r.last ? `epoch ${r.first.epoch} → ${r.last.epoch}` : "")));
  const shared = spans.size === 1 && !spans.has("") && !opts.eachOwnEpochs ? [...spans][0] : null;
  const blocks = runs.map((r) => flowBlock(r, { lo, hi, width: w, depth: opts.depth, epochs: shared === null }));
  const head = flow(
    [
      shared ? `gradient flow · ‖∇W‖ per layer, ${shared}` : "gradient flow · ‖∇W‖ per layer",
      "(bar: latest),",
      `log scale from ${shortNumber(lo)} to ${shortNumber(hi)}${max > hi ? ` (${OFF_SCALE_MARK} beyond)` : ""}`,
    ],
    opts.width,
    "",
    " ",
  );
  return [...head, sideBySide(blocks, opts.width)].join("\n");
}

/**
 * One run's block: "label · epoch 1 → 120" (the label alone when that does not fit, or when the head says the
 * epochs for every run), then per layer
 * "1 relu  ████▌  0.25 → 0.011  dead 6%". A narrow block leaves out the dead/saturated fractions before its bars
 * get shorter than MIN_BAR.
 */
function flowBlock(r: FlowRun, g: { lo: number; hi: number; width: number; depth: ColorDepth; epochs: boolean }): string {
  const { first, last } = r;
  const epochs = first && last && g.epochs ? `${r.label} · epoch ${first.epoch} → ${last.epoch}` : r.label;
  const title = [...epochs].length <= g.width ? epochs : clipText(r.label, g.width);
  if (!first || !last) return `${title}\n(no trained epoch yet)`;
  const L = last.grad_norm_layer.length;
  const labels = Array.from({ length: L }, (_, i) => `${i + 1} ${i === L - 1 ? "out" : (r.activations[i] ?? "")}`.trim());
  const numbers = Array.from({ length: L }, (_, i) => `${shortNumber(first.grad_norm_layer[i])} → ${shortNumber(last.grad_norm_layer[i])}`);
  const labelWidth = Math.max(...labels.map((l) => l.length));
  const numWidth = Math.max(...numbers.map((n) => [...n].length));
  let units = Array.from({ length: L }, (_, i) => latestUnits(last, i));
  const room = (u: string[]) => {
    const unitsWidth = Math.max(0, ...u.map((x) => x.length));
    return g.width - labelWidth - 2 - 2 - numWidth - (unitsWidth ? unitsWidth + 2 : 0);
  };
  if (room(units) < MIN_BAR) units = units.map(() => "");
  const barWidth = Math.max(MIN_BAR, room(units));
  const span = Math.log10(g.hi) - Math.log10(g.lo);
  const rows = labels.map((label, i) => {
    const v = last.grad_norm_layer[i];
    const eighths =
      v === null || !(v > 0)
        ? 0
        : Number.isFinite(v)
          ? Math.max(1, Math.round(((Math.log10(v) - Math.log10(g.lo)) / span) * barWidth * 8))
          : barWidth * 8;
    const b = v !== null && v > g.hi ? "█".repeat(barWidth - 1) + OFF_SCALE_MARK : bar(Math.min(eighths, barWidth * 8));
    const line =
      label.padEnd(labelWidth) +
      "  " +
      paint(b, { fg: LAST_COLOR }, g.depth) +
      " ".repeat(barWidth - [...b].length) +
      "  " +
      numbers[i].padEnd(numWidth) +
      (units[i] ? "  " + units[i] : "");
    return line.replace(/ +$/, "");
  });
  return [title, ...rows].join("\n");
}

/** Where the side-by-side scale stops: a larger ‖∇W‖ in these small networks is an exploding gradient. */
export const OFF_SCALE = 1e4;
const OFF_SCALE_MARK = "▸";

/** The shortest bar a side-by-side block draws (columns). */
const MIN_BAR = 3;

/** "dead 25%" or "sat 90%" for hidden layer i at the latest epoch, where it applies; "" otherwise. */
function latestUnits(last: GradientFlowInput["last"], i: number): string {
  const pct = (v: number) => `${Math.round(v * 100)}%`;
  const dead = last.dead_frac_layer[i];
  const sat = last.sat_frac_layer[i];
  if (dead !== null && dead !== undefined) return `dead ${pct(dead)}`;
  if (sat !== null && sat !== undefined) return `sat ${pct(sat)}`;
  return "";
}

/** s cut to n characters with "…". */
function clipText(s: string, n: number): string {
  const chars = [...s];
  return chars.length <= n ? s : chars.slice(0, Math.max(1, n - 1)).join("") + "…";
}

/** Each weight layer's activation, hidden layers first, then the output's. */
export function layerActivations(config: { model: { layers: readonly { activation: { name: string } }[]; output: string } }): string[] {
  return [...config.model.layers.map((l) => l.activation.name), config.model.output];
}

/** Keeps the rows the panel needs as a run's rows stream by: the first with steps, and the latest. */
export class GradientFlowTracker {
  first: MetricsRow | null = null;
  last: MetricsRow | null = null;

  observe(row: MetricsRow): void {
    if (row.epoch > 0 && row.grad_norm_layer.some((v) => v !== null)) {
      this.first ??= row;
      this.last = row;
    }
  }

  /** The panel, or "" before the first trained epoch. */
  render(activations: readonly string[], opts: GradientFlowOptions): string {
    if (!this.first || !this.last) return "";
    return gradientFlow({ first: this.first, last: this.last, activations }, opts);
  }
}
