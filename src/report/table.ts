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
