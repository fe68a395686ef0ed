/** Plain-text tables and wrapped legends; cells may hold colour escapes, which take no width. */
import { visibleWidth } from "./colors.js";

export interface Column {
  header: string;
  /** Default: right for numbers, so decimal points line up; set "left" for names. */
  align?: "left" | "right";
}

export interface TableOptions {
  /** Spaces before every line (default 2). */
  indent?: number;
  /** Spaces between columns (default 2). */
  gap?: number;
  /** A rule of ─ under the header (default true). */
  rule?: boolean;
}

/** The table as lines joined by \n (no trailing newline); trailing spaces trimmed. */
export function renderTable(columns: readonly Column[], rows: readonly (readonly string[])[], opts: TableOptions = {}): string {
  const indent = " ".repeat(opts.indent ?? 2);
  const gap = " ".repeat(opts.gap ?? 2);
  const widths = columns.map((c, j) => Math.max(visibleWidth(c.header), ...rows.map((r) => visibleWidth(r[j] ?? ""))));
  const pad = (s: string, j: number) => {
    const fill = " ".repeat(widths[j] - visibleWidth(s));
    return columns[j].align === "left" ? s + fill : fill + s;
  };
  const line = (cells: readonly string[]) => (indent + columns.map((_, j) => pad(cells[j] ?? "", j)).join(gap)).replace(/ +$/, "");
  const out = [line(columns.map((c) => c.header))];
  if (opts.rule ?? true) out.push(indent + widths.map((w) => "─".repeat(w)).join(gap));
  for (const r of rows) out.push(line(r));
  return out.join("\n");
}

export interface FitColumn extends Column {
  /** A shorter header, used when the table is too wide. */
  short?: string;
  /** This column's cells may be cut (with …) to make the table fit. */
  truncate?: boolean;
  /** Stays in the table even when every row holds the same value (e.g. the n beside means). */
  keep?: boolean;
}

/**
 * The table fitted to `width` columns (Infinity: every column as it is): columns empty (—) in every row are dropped;
 * then, while too wide, headers are shortened and the truncatable column cut with "…" (to no less than 8 characters).
 */
export function fitTable(
  columns: readonly FitColumn[],
  rows: readonly (readonly string[])[],
  width: number,
  opts: TableOptions = {},
): string {
  const widest = (t: string) => Math.max(...t.split("\n").map(visibleWidth));
  if (!Number.isFinite(width)) return renderTable(columns, rows, opts);
  const keep = columns.map((_, j) => j < 1 || rows.some((r) => (r[j] ?? "—") !== "—"));
  let cols = columns.filter((_, j) => keep[j]);
  let cells = rows.map((r) => r.filter((_, j) => keep[j]));
  let table = renderTable(cols, cells, opts);
  if (widest(table) <= width) return table;
  cols = cols.map((c) => ({ ...c, header: c.short ?? c.header }));
  table = renderTable(cols, cells, opts);
  if (widest(table) <= width) return table;
  // columns with one value for every run say it once, under the table
  const same = cols.map((c, j) => j > 0 && !c.truncate && !c.keep && cells.length > 1 && cells.every((r) => r[j] === cells[0][j]));
  const note = cols.filter((_, j) => same[j]).map((c) => `${c.header} ${cells[0][cols.indexOf(c)]}`);
  cols = cols.filter((_, j) => !same[j]);
  cells = cells.map((r) => r.filter((_, j) => !same[j]));
  const footer =
    note.length > 0 ? flow([`same for every run: ${note[0]}`, ...note.slice(1)], width, " ".repeat(opts.indent ?? 2), " · ") : [];
  table = renderTable(cols, cells, opts);
  const over = widest(table) - width;
  const j = cols.findIndex((c) => c.truncate);
  if (over > 0 && j >= 0) {
    const current = Math.max(visibleWidth(cols[j].header), ...cells.map((r) => visibleWidth(r[j] ?? "")));
    const room = Math.max(8, current - over);
    cells = cells.map((r) => r.map((c, k) => (k === j ? middleEllipsis(c, room) : c)));
    table = renderTable(cols, cells, opts);
  }
  return [table, ...footer].join("\n");
}

/** s in at most n characters: its start and its end around "…" (the end tells variants apart). */
export function middleEllipsis(s: string, n: number): string {
  const chars = [...s];
  if (chars.length <= n) return s;
  const head = Math.floor((n - 1) / 3);
  return chars.slice(0, head).join("") + "…" + chars.slice(chars.length - (n - 1 - head)).join("");
}

/** Items laid out on as few lines as fit in `width`, each line starting with `indent`, items `sep` apart. */
export function flow(items: readonly string[], width: number, indent = "  ", sep = "   "): string[] {
  const lines: string[] = [];
  let cur = "";
  let curWidth = 0;
  for (const item of items) {
    const w = visibleWidth(item);
    if (curWidth > 0 && curWidth + sep.length + w > width) {
      lines.push(cur);
      cur = "";
      curWidth = 0;
    }
    if (curWidth === 0) {
      cur = indent + item;
      curWidth = indent.length + w;
    } else {
      cur += sep + item;
      curWidth += sep.length + w;
    }
  }
  if (curWidth > 0) lines.push(cur);
  return lines;
}
