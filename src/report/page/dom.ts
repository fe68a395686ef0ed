/** The page's small DOM and number helpers. Every text from the data goes in through text nodes, never as HTML. */
import type uPlot from "uplot";
import { significant } from "../../format.js";

export type Child = Node | string;

/** An element with attributes and children; a child may be a list of children (no spread of a long list into a call). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Child | Child[])[]) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) {
    if (Array.isArray(c)) for (const d of c) e.append(typeof d === "string" ? document.createTextNode(d) : d);
    else e.append(typeof c === "string" ? document.createTextNode(c) : c);
  }
  return e;
}

/** An SVG element with attributes. */
export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}): SVGElementTagNameMap[K] {
  const e = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

/** A value as the page shows it: `digits` significant digits, an exponent (1.23e-4) outside [0.001, 100000); "—" for none. */
export function fmt(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  return significant(v, digits, { below: 1e-3, from: 1e5, digits: 2, trim: false });
}

export function show(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}

/** The largest and smallest of a list, by a loop (Math.max(...list) overflows the call stack on a long list). */
export function maxOf(list: ArrayLike<number>, start = -Infinity): number {
  let m = start;
  for (let i = 0; i < list.length; i++) if (list[i] > m) m = list[i];
  return m;
}
export function minOf(list: ArrayLike<number>, start = Infinity): number {
  let m = start;
  for (let i = 0; i < list.length; i++) if (list[i] < m) m = list[i];
  return m;
}

/** Every uPlot chart on the page, resized with the window. */
export const charts: { chart: uPlot; box: HTMLElement }[] = [];

export function chartWidth(box: HTMLElement): number {
  return Math.max(260, Math.min(1100, (box.parentElement?.clientWidth ?? 600) - 8));
}
