/**
 * A live frame fitted to the terminal: never cut. The frame is a head (status lines, always shown) and panels; when
 * it is taller than the terminal (its rows − 1: the cursor's row stays free), a panel that can shrink (a map) gives
 * up rows first, then whole panels are hidden in the frame's stated order — never part of one — until it fits, and
 * one line under the head says so: "gradient flow hidden: 24 rows, needs 36" (36: the height at which nothing is
 * hidden). A panel hidden early is shown again when hiding a later one made room for it. Every line is wrapped at
 * word boundaries to the width first, so what is measured is what the terminal shows.
 */
import { wrapBlock } from "./layout.js";

export interface Panel {
  /** What the note calls it when it is hidden: "gradient flow". */
  name: string;
  /** The panel drawn `excess` lines shorter when it can (0: its own size); "" when it has nothing to show yet. */
  draw: (excess: number) => string;
}

/** A panel whose drawing at each excess is done once (fitting asks for it several times). */
export function panel(name: string, draw: (excess: number) => string): Panel {
  const drawn = new Map<number, string>();
  return {
    name,
    draw: (excess) => {
      if (!drawn.has(excess)) drawn.set(excess, draw(excess));
      return drawn.get(excess)!;
    },
  };
}

/** What a layout is given: each shown panel's name and text, in the frame's order. */
export type Shown = { name: string; text: string }[];
export type Layout = (head: string[], shown: Shown) => string;

/** What a live view draws at one terminal height: the head's lines and the panels, in the order they are shown. */
export interface FrameParts {
  head: string[];
  panels: Panel[];
}

/** The frame as drawn, and the names of the panels it hid (the command prints those after the run). */
export interface Frame {
  text: string;
  hidden: string[];
}

export interface FitOptions {
  width: number;
  height: number;
  /** Names of panels, the first hidden first. */
  hideOrder: readonly string[];
  /** The final frame: its note says the hidden panels are printed below. */
  final?: boolean;
}

/**
 * The frame of `build(height)` fitted to width × height. `layout` joins the head (and the note) and the shown
 * panels' texts into lines; `build` is asked again at larger heights to say how many rows would show everything.
 */
export function fitFrame(build: (height: number) => FrameParts, layout: Layout, opts: FitOptions): Frame {
  const { width, height } = opts;
  const budget = Math.max(1, height - 1);
  const parts = build(height);
  const present = parts.panels.filter((p) => p.draw(0) !== "");
  const attempt = (shown: readonly Panel[], head: string[]) => drawFitting(shown, head, layout, width, budget);
  const full = attempt(present, parts.head);
  if (full.fits) return { text: full.text, hidden: [] };
  const order = opts.hideOrder.map((name) => present.find((p) => p.name === name)).filter((p): p is Panel => p !== undefined);
  const needs = rowsToShowAll(build, layout, width, height);
  const note = (hidden: readonly Panel[]) =>
    `${hidden.map((p) => p.name).join(", ")} hidden: ${height} rows, needs ${needs}${opts.final ? " (printed below)" : ""}`;
  const withHidden = (hidden: readonly Panel[]) =>
    attempt(
      present.filter((p) => !hidden.includes(p)),
      [...parts.head, note(hidden)],
    );
  let hidden: Panel[] = [];
  let best = full;
  for (const p of order) {
    hidden = [...hidden, p];
    best = withHidden(hidden);
    if (best.fits) break;
  }
  // a panel hidden before the one whose hiding made room: shown again when it fits
  for (const p of hidden.slice(0, -1)) {
    const fewer = hidden.filter((h) => h !== p);
    const tried = withHidden(fewer);
    if (tried.fits) [hidden, best] = [fewer, tried];
  }
  return { text: best.text, hidden: hidden.map((p) => p.name) };
}

/**
 * The shown panels laid out under the head. When the whole is too tall, the panels are asked, the last first, to
 * give up the excess (a map loses rows before the chart above it), each time what is still too much.
 */
function drawFitting(
  shown: readonly Panel[],
  head: string[],
  layout: Layout,
  width: number,
  budget: number,
): { text: string; fits: boolean } {
  const excess = shown.map(() => 0);
  const lay = () =>
    wrapBlock(
      layout(
        head,
        shown.map((p, i) => ({ name: p.name, text: p.draw(excess[i]) })),
      ),
      width,
    );
  let text = lay();
  for (let i = shown.length - 1; i >= 0 && lineCount(text) > budget; i--) {
    excess[i] = lineCount(text) - budget;
    text = lay();
  }
  return { text, fits: lineCount(text) <= budget };
}

/** The smallest terminal height at which the frame hides nothing (panels grow with the height, so it is searched). */
function rowsToShowAll(build: (height: number) => FrameParts, layout: Layout, width: number, height: number): number {
  let h = height + 1;
  for (let i = 0; i < 20; i++) {
    const parts = build(h);
    const shown = parts.panels.filter((p) => p.draw(0) !== "");
    const tried = drawFitting(shown, parts.head, layout, width, h - 1);
    if (tried.fits) return h;
    h = Math.max(h + 1, lineCount(tried.text) + 1);
  }
  return h;
}

const lineCount = (text: string) => text.split("\n").length;
