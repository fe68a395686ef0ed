/**
 * Terminal colour (and width): whether to use colour, how many colours the terminal has, and SGR escape sequences for an RGB
 * colour at that depth. Depth 1 means no colour at all — every renderer then draws plain characters only.
 * NO_COLOR (https://no-color.org) and --no-color turn colour off; FORCE_COLOR turns it on where stdout is no TTY.
 */

/** Bits of colour: 1 = none, 4 = the 16 ANSI colours, 8 = the 256-colour palette, 24 = truecolor. */
export type ColorDepth = 1 | 4 | 8 | 24;

export type Rgb = readonly [r: number, g: number, b: number];

/** What colorDepth needs to know of an output stream (a tty.WriteStream, or anything shaped like one). */
export interface ColorStream {
  isTTY?: boolean;
  getColorDepth?: (env?: Record<string, string | undefined>) => number;
}

/**
 * The colour depth to draw with on `stream`, given the --no-color flag (commander sets color === false) and the
 * environment (NO_COLOR, FORCE_COLOR), which the CLI passes in: only src/cli reads process.env.
 */
export function colorDepth(stream: ColorStream, flag: boolean | undefined, env: Record<string, string | undefined>): ColorDepth {
  if (flag === false) return 1;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return 1;
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === "0" || force === "false") return 1;
    if (force === "2") return 8;
    if (force === "3") return 24;
    if (!stream.isTTY) return 4;
  }
  if (!stream.isTTY) return 1;
  const depth = stream.getColorDepth?.(env) ?? 4;
  return depth >= 24 ? 24 : depth >= 8 ? 8 : depth >= 4 ? 4 : 1;
}

/** Columns to fit output to: the terminal's width, or 80 when the stream is not a terminal. */
export function terminalWidth(stream: { isTTY?: boolean; columns?: number }): number {
  return stream.isTTY && stream.columns && stream.columns > 0 ? stream.columns : 80;
}

export const RESET = "\x1b[0m";

/** The 16 ANSI colours as xterm draws them, index i ↔ SGR 30+i (i < 8) or 90+i−8. */
const ANSI16: readonly Rgb[] = [
  [0, 0, 0],
  [205, 0, 0],
  [0, 205, 0],
  [205, 205, 0],
  [0, 0, 238],
  [205, 0, 205],
  [0, 205, 205],
  [229, 229, 229],
  [127, 127, 127],
  [255, 0, 0],
  [0, 255, 0],
  [255, 255, 0],
  [92, 92, 255],
  [255, 0, 255],
  [0, 255, 255],
  [255, 255, 255],
];

function nearestAnsi16(c: Rgb): number {
  let best = 0;
  let bestDist = Infinity;
  for (let i = 0; i < ANSI16.length; i++) {
    const [r, g, b] = ANSI16[i];
    const d = (r - c[0]) ** 2 + (g - c[1]) ** 2 + (b - c[2]) ** 2;
    if (d < bestDist) {
      best = i;
      bestDist = d;
    }
  }
  return best;
}

/** Index into the 256-colour palette: the 6×6×6 cube, or the 24-step grey ramp for greys. */
export function ansi256(c: Rgb): number {
  const [r, g, b] = c;
  if (Math.max(r, g, b) - Math.min(r, g, b) < 12) {
    const grey = (r + g + b) / 3;
    if (grey < 4) return 16;
    if (grey > 246) return 231;
    return 232 + Math.round(((grey - 8) / 238) * 23);
  }
  const q = (v: number) => Math.round((v / 255) * 5);
  return 16 + 36 * q(r) + 6 * q(g) + q(b);
}

/** The SGR parameters selecting colour c as foreground (or background) at the given depth; "" at depth 1. */
export function sgrColor(c: Rgb, depth: ColorDepth, background = false): string {
  if (depth === 1) return "";
  if (depth === 24) return `${background ? 48 : 38};2;${Math.round(c[0])};${Math.round(c[1])};${Math.round(c[2])}`;
  if (depth === 8) return `${background ? 48 : 38};5;${ansi256(c)}`;
  const i = nearestAnsi16(c);
  return String((i < 8 ? 30 + i : 90 + i - 8) + (background ? 10 : 0));
}

export interface Style {
  fg?: Rgb;
  bg?: Rgb;
  bold?: boolean;
}

/** text wrapped in the escape sequences for `style`; text itself at depth 1 or with no style. */
export function paint(text: string, style: Style, depth: ColorDepth): string {
  if (depth === 1) return text;
  const params: string[] = [];
  if (style.bold) params.push("1");
  if (style.fg) params.push(sgrColor(style.fg, depth));
  if (style.bg) params.push(sgrColor(style.bg, depth, true));
  return params.length === 0 ? text : `\x1b[${params.join(";")}m${text}${RESET}`;
}

/** a·(1 − t) + b·t, per channel. */
export function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

/**
 * The palette for series and classes, TensorFlow Playground's orange and blue first; chosen so that their
 * nearest ANSI colours differ too.
 */
export const PALETTE: readonly Rgb[] = [
  [245, 147, 34], // orange (Playground's negative class)
  [8, 119, 189], // blue (Playground's positive class)
  [44, 160, 44], // green
  [214, 39, 40], // red
  [148, 103, 189], // purple
  [23, 190, 207], // cyan
  [227, 119, 194], // pink
  [188, 189, 34], // olive
];

/** Series colours for line charts: blue for the first (train), orange for the second (test), then the rest. */
export const SERIES_COLORS: readonly Rgb[] = [PALETTE[1], PALETTE[0], ...PALETTE.slice(2)];

// eslint-disable-next-line no-control-regex
const ANSI_RE = /\x1b\[[0-9;]*m/g;

/** s without its SGR escape sequences. */
export function stripAnsi(s: string): string {
  return s.replace(ANSI_RE, "");
}

/** Columns a line takes on screen: code points, escapes not counted (every glyph nn-lab draws is one column wide). */
export function visibleWidth(s: string): number {
  return [...stripAnsi(s)].length;
}
