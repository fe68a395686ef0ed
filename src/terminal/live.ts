/**
 * The live view (`train --live`, `compare --live`): frames redrawn in place on a terminal, a few times a second —
 * throttled by the clock, not by epochs (at most LIVE_FPS frames a second, and drawing at most DRAW_BUDGET of the
 * time: a costly frame waits longer for the next), so the cost does not grow with the epochs. No alternate
 * screen and no scroll region: the final frame stays on the screen above the usual summary. The cursor is hidden
 * while drawing and shown again by stop(), which the commands call on every way out (normal end, divergence,
 * SIGINT), and by suspend() (Ctrl-Z); after resume() the next frame is drawn from scratch below whatever the shell
 * printed meanwhile, never over it.
 */
import type { Head } from "../engine/losses.js";
import { makeHead } from "../engine/losses.js";
import type { Mlp } from "../engine/mlp.js";
import type { Experiment } from "../config/resolve.js";
import type { MetricsRow } from "../metrics.js";
import { runBoundary } from "./boundary.js";
import { emptyHistory, lineChart, LOSS_DIVERGE_FACTOR, lossChart, recordLoss, type LossHistory, type Series } from "./chart.js";
import { paint, PALETTE, RESET, visibleWidth, type ColorDepth } from "./colors.js";
import { GradientFlowTracker, gradientFlowSideBySide, layerActivations } from "./gradflow.js";
import { sideBySide } from "./layout.js";
import { boundaryMaps } from "./maps.js";
import { formatLoss } from "./progress.js";

/** Frames per second at most. */
export const LIVE_FPS = 4;
/** The share of the time drawing may take: after a frame that took d ms the next waits at least d / DRAW_BUDGET ms. */
export const DRAW_BUDGET = 0.03;

const HIDE_CURSOR = "\x1b[?25l";
export const SHOW_CURSOR = "\x1b[?25h";

/** Where frames go: a terminal (columns and rows known) or anything shaped like one. */
export interface LiveStream {
  columns?: number;
  rows?: number;
  write(s: string): boolean;
}

/** Draws frames in place: each frame overwrites the previous one (cursor up, clear to end of line, clear below). */
export class LiveScreen {
  private drawnLines = 0;
  private shown: string[] = [];
  /** The first frame comes 1/fps after the start too: a run shorter than that is not drawn until its end. */
  private lastDraw: number;
  private interval = 1000 / LIVE_FPS;
  private active = false;
  frames = 0;

  constructor(
    private readonly out: LiveStream,
    private readonly fps = LIVE_FPS,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.lastDraw = now();
    this.interval = 1000 / fps;
  }

  get width(): number {
    return this.out.columns && this.out.columns > 0 ? this.out.columns : 80;
  }

  get height(): number {
    return this.out.rows && this.out.rows > 0 ? this.out.rows : 24;
  }

  /** Draw when the last frame is older than 1/fps seconds (or when forced); `render` runs only then. */
  maybeDraw(render: () => string, force = false): void {
    const t = this.now();
    if (!force && t - this.lastDraw < this.interval) return;
    this.lastDraw = t;
    this.draw(render());
    // drawing takes at most BUDGET of the time: a frame that cost 30 ms waits 30/BUDGET ms for the next
    this.interval = Math.max(1000 / this.fps, (this.now() - t) / DRAW_BUDGET);
  }

  draw(frame: string): void {
    if (!this.active) {
      this.active = true;
      this.out.write(HIDE_CURSOR);
    }
    // a frame taller than the terminal cannot be redrawn in place: keep its top rows
    const lines = frame.split("\n").slice(0, Math.max(1, this.height - 1));
    let s = this.drawnLines > 0 ? `\x1b[${this.drawnLines}F` : "\r";
    // a line wider than the terminal would wrap and throw off the count of lines to go back up; a line the
    // screen already shows is stepped over, not written again (most of a frame changes little between frames)
    const clipped = lines.map((line) => clipLine(line, this.width));
    for (let i = 0; i < clipped.length; i++) s += this.shown[i] === clipped[i] ? "\n" : clipped[i] + "\x1b[K\n";
    s += "\x1b[J";
    this.out.write(s);
    this.shown = clipped;
    this.drawnLines = lines.length;
    this.frames++;
  }

  /** Leave the last frame where it is and show the cursor again. Safe to call more than once. */
  stop(): void {
    if (!this.active) return;
    this.active = false;
    this.out.write(SHOW_CURSOR);
  }

  /** Before the process stops (Ctrl-Z): the cursor shown, the frame left as it is. */
  suspend(): void {
    this.stop();
  }

  /**
   * After the process continues (fg): the shell has printed below the last frame, so the cursor no longer stands
   * under it. The next frame starts afresh where the cursor is (nothing moved up over, nothing stepped over), and
   * comes at the next maybeDraw, not 1/fps later.
   */
  resume(): void {
    this.drawnLines = 0;
    this.shown = [];
    this.lastDraw = -Infinity;
  }
}

/** The line cut to `width` visible columns (escape sequences kept, colour reset after a cut). */
export function clipLine(line: string, width: number): string {
  if (visibleWidth(line) <= width) return line;
  let out = "";
  let visible = 0;
  // eslint-disable-next-line no-control-regex
  for (const token of line.match(/\x1b\[[0-9;]*m|[^\x1b]/gu) ?? []) {
    if (token.startsWith("\x1b")) out += token;
    else if (visible < width) {
      out += token;
      visible++;
    }
  }
  return out + RESET;
}

/** One run as the live view follows it: its losses, gradient flow, latest row and (when it has one) its network. */
export class LiveRun {
  readonly history: LossHistory = emptyHistory();
  readonly flow = new GradientFlowTracker();
  last: MetricsRow | null = null;
  mlp: Mlp | null = null;
  readonly head: Head;

  constructor(
    readonly label: string,
    readonly experiment: Experiment,
  ) {
    this.head = makeHead(experiment.config.train.loss, experiment.config.model.output);
  }

  observe(row: MetricsRow): void {
    recordLoss(this.history, row);
    this.flow.observe(row);
    this.last = row;
  }

  /** "epoch 120/200 · train_loss 0.0123 · test_loss 0.0150 · test_acc 0.975" (test_loss left out when narrow). */
  status(width = Infinity): string {
    const r = this.last;
    const epochs = this.experiment.config.train.epochs;
    if (!r) return `epoch 0/${epochs}`;
    const acc = r.test_acc ?? r.train_acc;
    return (
      `epoch ${r.epoch}/${epochs} · train_loss ${formatLoss(r.train_loss)}` +
      (r.test_loss !== null && width >= 100 ? ` · test_loss ${formatLoss(r.test_loss)}` : "") +
      (acc !== null ? ` · ${r.test_acc !== null ? "test" : "train"}_acc ${acc.toFixed(3)}` : "")
    );
  }

  map(width: number, depth: ColorDepth, maxRows: number): string | null {
    if (!this.mlp) return null;
    const features = this.experiment.config.data.features ?? null;
    const map = runBoundary({ mlp: this.mlp, head: this.head }, this.experiment.data, features, { width, depth, maxRows });
    return map && map.startsWith("decision boundary: not drawn") ? null : map;
  }
}

const LIVE_MARK = (depth: ColorDepth) => paint("●", { fg: PALETTE[3], bold: true }, depth);

/** The frame of `train --live`: status line, loss chart, then the boundary map and the gradient-flow panel (side by side when they fit). */
export function trainFrame(run: LiveRun, opts: { width: number; height: number; depth: ColorDepth; logY: boolean | "auto" }): string {
  const { width, depth } = opts;
  const head = `${LIVE_MARK(depth)} ${run.label} · ${run.status(width)}`;
  const chart =
    run.history.epoch.length > 0 ? lossChart(run.history, { width, depth, logY: opts.logY, height: chartHeight(opts.height) }) : "";
  const mapWidth = Math.min(width, 64);
  // wide terminals: the panel beside the map; narrow ones: under it
  const flowWidth = width - mapWidth - 3 >= 70 ? width - mapWidth - 3 : Math.min(width, 100);
  const flow = run.flow.render(layerActivations(run.experiment.config), { width: flowWidth, depth });
  const map = run.map(mapWidth, depth, mapRows(opts.height));
  const lower = [map, flow].filter((b): b is string => !!b);
  return [head, chart, lower.length > 0 ? sideBySide(lower, width) : ""].filter((b) => b !== "").join("\n\n");
}

/**
 * The frame of `compare --live`: one status line per run, one shared loss chart, the runs' gradient flow side by
 * side, then their maps side by side — the maps given the rows that are left, so the frame fits the terminal.
 */
export function compareFrame(
  runs: readonly LiveRun[],
  opts: { width: number; height: number; depth: ColorDepth; logY: boolean | "auto" },
): string {
  const { width, depth } = opts;
  const labelWidth = Math.max(...runs.map((r) => r.label.length));
  const status = runs.map((r) => `${LIVE_MARK(depth)} ${r.label.padEnd(labelWidth)}  ${r.status(width - labelWidth - 4)}`);
  const series: Series[] = runs.map((r) => ({ name: r.label, x: r.history.epoch, y: r.history.train_loss }));
  const chart = runs.some((r) => r.history.epoch.length > 0)
    ? lineChart(series, {
        width,
        depth,
        logY: opts.logY,
        height: chartHeight(opts.height),
        divergeAbove: LOSS_DIVERGE_FACTOR,
        title: "train_loss by epoch",
        xLabel: "epoch",
      })
    : "";
  const flow = gradientFlowSideBySide(
    runs.map((r) => ({ label: r.label, first: r.flow.first, last: r.flow.last, activations: layerActivations(r.experiment.config) })),
    { width, depth, eachOwnEpochs: true },
  );
  const upper = [status.join("\n"), chart, flow].filter((b) => b !== "");
  const ready = runs.every((r) => r.mlp !== null);
  const maps = (maxRows: number) =>
    boundaryMaps(
      runs.map((r) => ({
        label: r.label,
        score: r.last && (r.last.test_acc ?? r.last.train_acc) !== null ? `acc ${(r.last.test_acc ?? r.last.train_acc)!.toFixed(3)}` : null,
        model: { mlp: r.mlp!, head: r.head },
        data: r.experiment.data,
        features: r.experiment.config.data.features ?? null,
      })),
      { width, depth, maxRows },
    );
  const map = ready ? mapsThatFit(maps, lineCount(upper) + 1, opts.height) : null;
  return [...upper, map ?? ""].filter((b) => b !== "").join("\n\n");
}

/**
 * The maps drawn with as many rows as fit below `above` lines (blank separator included) on a screen that keeps
 * height − 1 rows: each row of maps loses the same number of rows, never below MIN_MAP_ROWS. A map is often shorter
 * than maxRows (its aspect), so the rows it drew are measured against the smallest map.
 */
function mapsThatFit(maps: (maxRows: number) => string | null, above: number, height: number): string | null {
  const map = maps(mapRows(height));
  const excess = map ? above + lineCount([map]) - (height - 1) : 0;
  if (!map || excess <= 0) return map;
  const smallest = maps(MIN_MAP_ROWS)!;
  const panelRows = map.split("\n\n").length;
  const drawn = MIN_MAP_ROWS + (lineCount([map]) - lineCount([smallest])) / panelRows;
  const rows = Math.max(MIN_MAP_ROWS, drawn - Math.ceil(excess / panelRows));
  return rows === MIN_MAP_ROWS ? smallest : maps(rows);
}

/** Lines of blocks joined by blank lines. */
const lineCount = (blocks: readonly string[]) => blocks.reduce((n, b) => n + b.split("\n").length, 0) + blocks.length - 1;

const MIN_MAP_ROWS = 6;
const chartHeight = (rows: number) => Math.max(4, Math.min(10, Math.floor(rows / 5)));
const mapRows = (rows: number) => Math.max(MIN_MAP_ROWS, Math.min(14, Math.floor(rows / 3)));
