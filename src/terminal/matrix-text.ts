/** Matrices and vectors as text, for trace and collapse: small ones whole, large ones summarised. */
import type { Matrix } from "../train/step-trace.js";
import { significant } from "../format.js";

/** A number as a person writes it: 6 significant digits, no trailing zeros (0.5840000000000001 → 0.584). */
export function num(v: number): string {
  return significant(v, 6, { below: 1e-4, from: 1e6, digits: 4, trim: true });
}

const MAX_CELLS = 48;
const MAX_ROWS = 6;

/** [[a, b], [c, d]] for small matrices; a one-line summary for large ones. */
export function matrix(m: Matrix): string {
  if (m.rows * m.cols <= MAX_CELLS) {
    const rows: string[] = [];
    for (let r = 0; r < m.rows; r++) rows.push(`[${Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols), num).join(", ")}]`);
    return `[${rows.join(", ")}]`;
  }
  if (m.cols <= 8 && m.rows > MAX_ROWS) {
    const shown: string[] = [];
    for (let r = 0; r < MAX_ROWS; r++) shown.push(`[${Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols), num).join(", ")}]`);
    return `[${shown.join(", ")}, … ${m.rows - MAX_ROWS} more rows]`;
  }
  return summary(m.data, `${m.rows}×${m.cols}`);
}

export function vector(v: Float64Array): string {
  return v.length <= MAX_CELLS ? `[${Array.from(v, num).join(", ")}]` : summary(v, `${v.length}`);
}

function summary(data: Float64Array, shape: string): string {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let sq = 0;
  for (const v of data) {
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
    sq += v * v;
  }
  const mean = sum / data.length;
  const std = Math.sqrt(Math.max(0, sq / data.length - mean * mean));
  return `(${shape}: mean ${num(mean)}, std ${num(std)}, min ${num(min)}, max ${num(max)}, ‖·‖ ${num(Math.sqrt(sq))})`;
}

/**
 * A trace line fitted to `width` columns: while it is too long, its longest bracketed list ([a, b, …] or
 * [[row], [row], …]) loses middle entries, replaced by a count — `[[0.26], [0.23], … 28 rows …, [0.61]]`,
 * `[[0.18, 0.31, … 10 values …, 0.61]]`. A list that already ends in `… N more rows` keeps that end; a list of
 * at most 8 entries is kept whole. Lines that fit, and lines without such lists, are returned as they are (the
 * caller wraps them). `trace --json` has every number.
 */
export function fitLine(line: string, width: number): string {
  let out = line;
  for (let pass = 0; out.length > width && pass < 8; pass++) {
    const span = longestList(out);
    if (!span) break;
    const text = out.slice(span.start, span.end);
    const shorter = elide(text, Math.max(0, text.length - (out.length - width)));
    if (shorter.length >= text.length) break;
    out = out.slice(0, span.start) + shorter + out.slice(span.end);
  }
  return out;
}

/** The outermost [...] with the most characters. */
function longestList(line: string): { start: number; end: number } | null {
  let best: { start: number; end: number } | null = null;
  let depth = 0;
  let start = 0;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === "[" && depth++ === 0) start = i;
    if (line[i] === "]" && --depth === 0 && (!best || i + 1 - start > best.end - best.start)) best = { start, end: i + 1 };
  }
  return best;
}

/** The entries of "[e1, e2, …]" at its top level. */
function entries(list: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let from = 1;
  for (let i = 1; i < list.length - 1; i++) {
    if (list[i] === "[") depth++;
    if (list[i] === "]") depth--;
    if (depth === 0 && list.startsWith(", ", i)) {
      items.push(list.slice(from, i));
      from = i + 2;
    }
  }
  items.push(list.slice(from, list.length - 1));
  return items;
}

/** Lists of at most this many entries (rows, or values of one row) are never elided. */
const MIN_ELIDED = 8;

/** An entry that stands for entries left out: "… 26 more rows" (at the end) or "… 28 rows …" (in the middle). */
const LEFT_OUT = /^… (\d+) (?:more )?(rows?|values?)(?: …)?$/;

/** `list` in at most `room` characters if it can be: middle entries out, their count in. */
function elide(list: string, room: number): string {
  const items = entries(list);
  const rows = items[0].startsWith("[");
  // one row of a matrix: elide inside it
  if (items.length === 1 && rows) return `[${elide(items[0], room - 2)}]`;
  const gaps = items.map((e) => LEFT_OUT.exec(e));
  const firstGap = gaps.findIndex((g) => g !== null);
  const lastGap = gaps.length - 1 - [...gaps].reverse().findIndex((g) => g !== null);
  const leading = firstGap < 0 ? items : items.slice(0, firstGap);
  const trailing = firstGap < 0 ? [] : items.slice(lastGap + 1);
  const total = items.reduce((n, _, k) => n + (gaps[k] ? Number(gaps[k]![1]) : 1), 0);
  const unit = rows ? "rows" : "values";
  // a short list is worth every number (the textbook's 3×2 gradient): it wraps instead
  if (total <= MIN_ELIDED) return list;
  const shown = leading.length + trailing.length;
  for (let keep = Math.min(shown, items.length - 1); keep >= 1; keep--) {
    // half from each end where there is an end to take from (a list that ends in "… N more rows" has no tail)
    const tail = firstGap < 0 ? Math.min(Math.floor(keep / 2), items.length) : Math.min(Math.floor(keep / 2), trailing.length);
    const head = Math.min(keep - tail, leading.length);
    const hidden = total - head - tail;
    const ends =
      firstGap < 0
        ? { head: items.slice(0, head), tail: items.slice(items.length - tail) }
        : { head: leading.slice(0, head), tail: trailing.slice(trailing.length - tail) };
    const gap = tail === 0 ? `… ${hidden} more ${unit}` : `… ${hidden} ${unit} …`;
    const text = `[${[...ends.head, gap, ...ends.tail].join(", ")}]`;
    if (text.length <= room || keep === 1) return text;
  }
  return list;
}

/**
 * A trace line that still does not fit `width` after {@link fitLine}, on several lines, as NumPy prints a matrix:
 * breaks only at spaces (a number is never cut), preferring the boundary between two rows of a matrix ("], ["),
 * then before an arrow ("→"), then after a comma. When every row of the line's first matrix fits beside its name,
 * rows continue under the first row (the column after "[["); otherwise the matrix starts on a line of its own,
 * 4 columns in. A line that fits is returned alone.
 */
export function breakLine(line: string, width: number): string[] {
  if (columns(line) <= width) return [line];
  const lead = line.length - line.trimStart().length;
  const open = line.indexOf("[[");
  if (open < 0) return pack(line, width, lead, lead + 4);
  const at = columns(line.slice(0, open));
  if (at + 1 + longestRow(line.slice(open)) <= width) return pack(line, width, lead, at + 1);
  const head = line.slice(0, open).trimEnd();
  return [head, ...pack(" ".repeat(lead + 4) + line.slice(open), width, lead + 4, lead + 5)];
}

function columns(text: string): number {
  return [...text].length;
}

/** The widest row "[…]," of the matrices in `text` (rows are the lists one level down). */
function longestRow(text: string): number {
  let depth = 0;
  let start = 0;
  let widest = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "[" && depth++ === 1) start = i;
    if (text[i] === "]" && --depth === 1) widest = Math.max(widest, columns(text.slice(start, i + 2)));
  }
  return widest;
}

/** `text` broken into lines of at most `width` where it can be: the first from its own indent, the rest at `hang`. */
function pack(text: string, width: number, lead: number, hang: number): string[] {
  const out: string[] = [];
  let rest = text;
  let indent = lead;
  while (columns(rest) > width) {
    const cut = breakAt(rest, width, indent);
    if (cut < 0) break;
    out.push(rest.slice(0, cut).trimEnd());
    rest = " ".repeat(hang) + rest.slice(cut).trimStart();
    indent = hang;
  }
  out.push(rest);
  return out;
}

/** Where to break `text` so that its first part fits `width`: the best space past its indent, or -1 if none. */
function breakAt(text: string, width: number, indent: number): number {
  const chars = [...text];
  let unit = 0; // chars[col] starts at text[unit]
  const spaces: { at: number; score: number }[] = [];
  for (let col = 0; col < chars.length && col <= width; col++) {
    if (chars[col] === " " && col > indent) {
      const before = text.slice(0, unit);
      const score = before.endsWith("],") ? 3 : text.startsWith(" →", unit) ? 2 : before.endsWith(",") ? 1 : 0;
      spaces.push({ at: unit, score });
    }
    unit += chars[col].length;
  }
  if (!spaces.length) return -1;
  // the best kind of break in the last two thirds of the line, else the last space
  const floor = indent + Math.floor((width - indent) / 3);
  for (const score of [3, 2, 1]) {
    const best = spaces.filter((s) => s.score === score && s.at >= floor).pop();
    if (best) return best.at;
  }
  return spaces[spaces.length - 1].at;
}
