/**
 * Small multiples: text blocks (maps, charts) laid out side by side, as many in a row as fit the width, then
 * wrapped to the next row of blocks.
 */
import { visibleWidth } from "./colors.js";

/** The blocks in rows of as many as fit `width`, `gap` spaces apart, rows a blank line apart; lines right-trimmed. */
export function sideBySide(blocks: readonly string[], width: number, gap = 3): string {
  const parsed = blocks.map((b) => {
    const lines = b.split("\n");
    return { lines, width: Math.max(0, ...lines.map(visibleWidth)) };
  });
  const rows: (typeof parsed)[] = [];
  let cur: typeof parsed = [];
  let used = 0;
  for (const b of parsed) {
    const need = cur.length === 0 ? b.width : used + gap + b.width;
    if (cur.length > 0 && need > width) {
      rows.push(cur);
      cur = [];
      used = 0;
    }
    used = cur.length === 0 ? b.width : used + gap + b.width;
    cur.push(b);
  }
  if (cur.length > 0) rows.push(cur);
  return rows
    .map((row) => {
      const height = Math.max(...row.map((b) => b.lines.length));
      const out: string[] = [];
      for (let i = 0; i < height; i++) {
        const line = row.map((b, j) => {
          const text = b.lines[i] ?? "";
          return j === row.length - 1 ? text : text + " ".repeat(b.width - visibleWidth(text) + gap);
        });
        out.push(line.join("").replace(/ +$/, ""));
      }
      return out.join("\n");
    })
    .join("\n\n");
}

/** The width of each of n panels: as many per row as fit at `min` columns or more, at most `max` wide. */
export function panelWidth(n: number, width: number, opts: { min?: number; max?: number; gap?: number } = {}): number {
  const { min = 28, max = 60, gap = 3 } = opts;
  const perRow = Math.max(1, Math.min(n, Math.floor((width + gap) / (min + gap))));
  return Math.max(Math.min(min, width), Math.min(max, Math.floor((width - gap * (perRow - 1)) / perRow)));
}
