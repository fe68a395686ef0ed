/**
 * Small multiples: text blocks (maps, charts) laid out side by side, as many in a row as fit the width, then
 * wrapped to the next row of blocks.
 */
import { RESET, stripAnsi, visibleWidth } from "./colors.js";

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

/**
 * The line wrapped to `width` visible columns at spaces, never inside a word (a number is never cut): the lines
 * after the first keep its indentation. Only a word wider than the width itself is broken. Colour escapes are kept
 * and count no columns; a line broken inside a colour is reset at its end.
 */
export function wrapLine(line: string, width: number): string[] {
  if (visibleWidth(line) <= width) return [line];
  const indent = /^ */.exec(stripAnsi(line))![0].slice(0, Math.max(0, width - 8));
  // eslint-disable-next-line no-control-regex
  const tokens = line.match(/\x1b\[[0-9;]*m|[^\x1b]/gu) ?? [];
  const out: string[] = [];
  let cur = ""; // the line being filled
  let curWidth = 0;
  let word = ""; // the word being read (and the spaces before it)
  let wordWidth = 0;
  const flush = () => {
    if (curWidth > 0 && curWidth + wordWidth > width) {
      out.push(endLine(cur));
      cur = indent;
      curWidth = indent.length;
      word = word.replace(/^ +/, "");
      wordWidth = visibleWidth(word);
    }
    while (curWidth + wordWidth > width) {
      // a word wider than a whole line: the only break inside a word
      const [head, rest] = splitAt(word, width - curWidth);
      out.push(endLine(cur + head));
      [cur, curWidth, word] = [indent, indent.length, rest];
      wordWidth = visibleWidth(word);
    }
    cur += word;
    curWidth += wordWidth;
    [word, wordWidth] = ["", 0];
  };
  for (const t of tokens) {
    if (t === " " && wordWidth > 0 && /[^ ]$/.test(stripAnsi(word))) flush();
    word += t;
    if (!t.startsWith("\x1b")) wordWidth++;
  }
  flush();
  out.push(cur);
  return out.map((l) => l.replace(/ +$/, ""));
}

/** Every line of the block wrapped to `width` (see wrapLine). */
export function wrapBlock(block: string, width: number): string {
  return block
    .split("\n")
    .flatMap((l) => wrapLine(l, width))
    .join("\n");
}

/** A broken line: its colour reset when it holds escapes. */
const endLine = (s: string) => (s.includes("\x1b[") ? s.replace(/ +$/, "") + RESET : s.replace(/ +$/, ""));

/** The first `n` visible characters of s (escapes kept with them) and the rest. */
function splitAt(s: string, n: number): [string, string] {
  // eslint-disable-next-line no-control-regex
  const tokens = s.match(/\x1b\[[0-9;]*m|[^\x1b]/gu) ?? [];
  let head = "";
  let i = 0;
  for (let visible = 0; i < tokens.length && (visible < n || tokens[i].startsWith("\x1b")); i++) {
    head += tokens[i];
    if (!tokens[i].startsWith("\x1b")) visible++;
  }
  return [head, tokens.slice(i).join("")];
}
