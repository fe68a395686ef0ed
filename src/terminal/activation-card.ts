/**
 * The activation card under `nn-lab plot NAME` and the comparison table of `nn-lab activations`. Formulas, uses
 * and pitfalls come from the registry entry (src/engine/activations.ts); every number comes from
 * activationFacts(), i.e. from the engine's own f and f′.
 */
import { ACTIVATIONS, type Activation, type ActivationName, type ActivationText } from "../engine/activations.js";
import { activationFacts, type ActivationFacts, type RangeEnd } from "../engine/activation-facts.js";
import { renderTable } from "./table.js";

/** A value as a card prints it: 4 significant digits, no trailing zeros (σ(6) = 0.9975); an exponent below 1e-4. */
export function cardNum(v: number): string {
  if (v === Infinity) return "∞";
  if (v === -Infinity) return "-∞";
  if (v === 0 || Object.is(v, -0)) return "0";
  const a = Math.abs(v);
  if (a < 1e-4 || a >= 1e6) return v.toExponential(2).replace(/\.?0+e/, "e");
  const short = Number(v.toPrecision(4));
  // tanh(6) = 0.99998771 is not 1: more digits where rounding would reach a whole number it does not equal
  return String(Number.isInteger(short) && short !== v ? Number(v.toPrecision(6)) : short);
}

/** A location or extreme to 3 decimals (GELU's minimum −0.170 at z = −0.752). */
export function fixed3(v: number): string {
  if (!Number.isFinite(v)) return cardNum(v);
  const s = v.toFixed(3).replace(/^-0\.000$/, "0.000");
  return s.endsWith(".000") ? s.slice(0, -4) : s;
}

function end(e: RangeEnd): string {
  return Number.isFinite(e.value) ? (e.at !== null ? fixed3(e.value) : cardNum(e.value)) : cardNum(e.value);
}

/** "[-0.170, ∞)" — a bracket is closed when the value is reached at a finite z. */
export function rangeText(f: ActivationFacts): string {
  const { min, max } = f.range;
  return `${min.attained ? "[" : "("}${end(min)}, ${end(max)}${max.attained ? "]" : ")"}`;
}

function rangeLine(f: ActivationFacts): string {
  const notes: string[] = [];
  const { min, max } = f.range;
  if (min.at !== null) notes.push(`minimum ${fixed3(min.value)} at z = ${fixed3(min.at)}`);
  if (max.at !== null) notes.push(`maximum ${fixed3(max.value)} at z = ${fixed3(max.at)}`);
  const limits = [min, max].filter((e) => Number.isFinite(e.value) && !e.attained);
  const side = (e: RangeEnd) => `z → ${e.approachedAs === -1 ? "−∞" : e.approachedAs === 1 ? "∞" : "±∞"}`;
  if (limits.length === 1) notes.push(`${cardNum(limits[0].value)} is a limit as ${side(limits[0])}, never reached`);
  if (limits.length === 2)
    notes.push(`${limits.map((e) => cardNum(e.value)).join(" and ")} are limits as ${limits.map(side).join(" and ")}, never reached`);
  return rangeText(f) + (notes.length ? ` — ${notes.join("; ")}` : "");
}

function slopeText(f: ActivationFacts): string {
  const m = f.maxSlope;
  if (m.toInfinity) return `max f′ → ${cardNum(m.value)} as z → ∞`;
  if (m.from === -Infinity) return `f′ = ${cardNum(m.value)} everywhere`;
  if (m.from !== null) return `max f′ = ${cardNum(m.value)} for z > ${fixed3(m.from)}`;
  return `max f′ = ${fixed3(m.value)} at z = ${fixed3(m.at!)}`;
}

function negativeText(f: ActivationFacts): string | null {
  const n = f.negativeSlope;
  if (!n) return null;
  const where =
    n.from === -Infinity
      ? `for z < ${fixed3(n.to)}`
      : n.to === Infinity
        ? `for z > ${fixed3(n.from)}`
        : `for ${fixed3(n.from)} < z < ${fixed3(n.to)}`;
  const zero = n.from === -Infinity ? `f′ = 0 at z = ${fixed3(n.to)} and ` : "";
  return `${zero}f′ < 0 ${where} (lowest ${fixed3(n.min)} at z = ${fixed3(n.at)}): not monotonic, and the gradient is not non-zero everywhere`;
}

export function centringText(f: ActivationFacts, f0: number): string {
  if (f.centring === "odd") return "yes: f(−z) = −f(z), outputs symmetric around 0";
  if (f.centring === "non-negative")
    return `no: outputs ≥ ${cardNum(f.range.min.value)} (f(0) = ${cardNum(f0)}), so every input of the next layer is positive`;
  return `partly: f(0) = ${cardNum(f0)} and outputs go down to ${end(f.range.min)}, but not symmetrically`;
}

const TINY = 1e-6;

export function saturationText(f: ActivationFacts): string {
  const { left, right, flatUpTo } = f.saturation;
  const at = (z: number) => cardNum(f.values.find((v) => v.z === z)!.df);
  if (flatUpTo !== null)
    return `on the left, completely: f′ = 0 for every z ≤ ${fixed3(flatUpTo)} (a unit stuck there gets no gradient); none for z > 0`;
  const l = Math.abs(left) < TINY;
  const r = Math.abs(right) < TINY;
  if (l && r) return `yes, both sides: f′ → 0 as |z| grows (f′(−6) = ${at(-6)}, f′(6) = ${at(6)})`;
  if (l) return `on the left: f′ → 0 as z → −∞ (f′(−6) = ${at(-6)}); not on the right (f′ → ${cardNum(right)})`;
  if (r) return `on the right: f′ → 0 as z → ∞ (f′(6) = ${at(6)}); not on the left (f′ → ${cardNum(left)})`;
  return `no: f′ → ${cardNum(left)} on the left and ${cardNum(right)} on the right`;
}

/** Short form for the comparison table. */
function saturationShort(f: ActivationFacts): string {
  const l = Math.abs(f.saturation.left) < TINY;
  const r = Math.abs(f.saturation.right) < TINY;
  return l && r ? "both" : l ? "left" : r ? "right" : "no";
}

/** Words of `text` on lines of at most `width`, the first after `first`, the rest after `hang` spaces. */
export function wrap(text: string, width: number, first: string, hang: number): string[] {
  const lines: string[] = [];
  let cur = first;
  let empty = true;
  for (const word of text.split(" ")) {
    if (!empty && cur.length + 1 + word.length > width) {
      lines.push(cur);
      cur = " ".repeat(hang) + word;
    } else {
      cur += (empty ? "" : " ") + word;
    }
    empty = false;
  }
  lines.push(cur);
  return lines;
}

/** The card of one activation, `width` columns wide. */
export function activationCard(label: string, act: Activation, text: ActivationText, width: number): string {
  const facts = activationFacts(act);
  const w = Math.max(40, width);
  const out: string[] = [`${label}`];
  const KEY = 16;
  const field = (key: string, value: string) => out.push(...wrap(value, w, `  ${key.padEnd(KEY - 2)}`, KEY));
  field("f(z)", text.formula);
  field("f′(z)", text.derivative);
  field("range", rangeLine(facts));
  field("slope", slopeText(facts));
  const neg = negativeText(facts);
  if (neg) field("", neg);
  field("zero-centred", centringText(facts, act.f(0)));
  field("saturating", saturationText(facts));
  out.push("");
  out.push(
    ...renderTable(
      [{ header: "z" }, ...facts.values.map((v) => ({ header: String(v.z) }))],
      [
        ["f(z)", ...facts.values.map((v) => cardNum(v.f))],
        ["f′(z)", ...facts.values.map((v) => cardNum(v.df))],
      ],
      { indent: 2, gap: 3 },
    ).split("\n"),
  );
  out.push("");
  field("typical use", text.use);
  field("pitfall", text.pitfall);
  return out.join("\n");
}

/** The card of a registry entry at its default parameters. */
export function registryCard(name: ActivationName, width: number): string {
  const entry = ACTIVATIONS[name];
  const act = (entry.make as (p: Record<string, number>) => Activation)(entry.params);
  return activationCard(name, act, entry, width);
}

/** `nn-lab activations`: every activation of the registry (or the given ones), one row each, computed. */
export function activationsTable(names: readonly { label: string; act: Activation; use: string }[], width: number): string {
  const rows = names.map(({ label, act }) => {
    const f = activationFacts(act);
    const m = f.maxSlope;
    const slope = m.toInfinity ? `→${cardNum(m.value)}` : m.at !== null ? `${fixed3(m.value)} @${fixed3(m.at)}` : cardNum(m.value);
    const centred = f.centring === "odd" ? "yes" : f.centring === "non-negative" ? "no" : "partly";
    return [
      label,
      rangeText(f),
      slope,
      cardNum(act.df(-6)),
      cardNum(act.df(6)),
      centred,
      saturationShort(f),
      f.negativeSlope ? "yes" : "no",
    ];
  });
  const columns = [
    { header: "name", align: "left" as const },
    { header: "range", align: "left" as const },
    { header: "max f′" },
    { header: "f′(-6)" },
    { header: "f′(6)" },
    { header: "centred", align: "left" as const },
    { header: "saturates", align: "left" as const },
    { header: "f′<0", align: "left" as const },
  ];
  const table = renderTable(columns, rows, { indent: 2, gap: width < 90 ? 1 : 2 });
  // typical uses below the table, wrapped, rather than clipped into a column
  const out = [table, ""];
  for (const n of names) out.push(...wrap(n.use, Math.max(40, width), `  ${n.label.padEnd(11)} `, 14));
  out.push("");
  out.push(
    ...wrap(
      "Computed from each activation's f and f′ in the engine: range from its extremes and limits, max f′ with where it is, f′ at ±6 (saturation), f′<0 = the slope turns negative somewhere. nn-lab plot NAME shows one activation's chart and card.",
      Math.max(40, width),
      "  ",
      2,
    ),
  );
  return out.join("\n");
}
