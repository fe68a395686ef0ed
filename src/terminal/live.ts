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
import { regressionFit } from "./fit.js";
import { fitFrame, panel, type Frame, type FrameParts, type Shown } from "./live-fit.js";
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

  /** The regression fit (1-D: the curve; 2-D: a slice per input), charts `height` rows tall; null for anything else. */
  fit(width: number, depth: ColorDepth, height: number): string | null {
    if (!this.mlp) return null;
    return regressionFit({ mlp: this.mlp, head: this.head }, this.experiment.data, this.experiment.config.data.features ?? null, {
      width,
      depth,
      height,
    });
  }

  map(width: number, depth: ColorDepth, maxRows: number): string | null {
    if (!this.mlp) return null;
    const features = this.experiment.config.data.features ?? null;
    const map = runBoundary({ mlp: this.mlp, head: this.head }, this.experiment.data, features, { width, depth, maxRows });
    return map && map.startsWith("decision boundary: not drawn") ? null : map;
  }
}

/**
 * compare --live: the rows of runs trained together (in lock-step), let through to their views so that a frame shows
 * every run at one epoch — the latest that every run still training has logged (a run that ended shows its last).
 * With an evaluation thread a run's rows arrive a few epochs late, and runs may log at different epochs: rows wait
 * here until the others have caught up.
 */
export class InStep {
  private readonly queued: MetricsRow[][];
  private readonly ended: boolean[];

  constructor(private readonly views: readonly LiveRun[]) {
    this.queued = views.map(() => []);
    this.ended = views.map(() => false);
  }

  /** Run i logged `row`; true when rows went through (a frame may be drawn). */
  observe(i: number, row: MetricsRow): boolean {
    this.queued[i].push(row);
    return this.release();
  }

  /** Run i ended: its rows all go through. */
  end(i: number): boolean {
    this.ended[i] = true;
    return this.release();
  }

  /** The epoch every run still training has logged (Infinity when none is). */
  private shared(): number {
    let epoch = Infinity;
    this.views.forEach((v, i) => {
      if (!this.ended[i]) epoch = Math.min(epoch, this.queued[i].at(-1)?.epoch ?? v.last?.epoch ?? -1);
    });
    return epoch;
  }

  private release(): boolean {
    const epoch = this.shared();
    let moved = false;
    this.queued.forEach((rows, i) => {
      while (rows.length > 0 && rows[0].epoch <= epoch) {
        this.views[i].observe(rows.shift()!);
        moved = true;
      }
    });
    return moved;
  }
}

const LIVE_MARK = (depth: ColorDepth) => paint("●", { fg: PALETTE[3], bold: true }, depth);

/** What a frame is drawn for: the terminal's size and colours, the y scale, and whether it is the final frame. */
export interface FrameOptions {
  width: number;
  height: number;
  depth: ColorDepth;
  logY: boolean | "auto";
  final?: boolean;
}

/**
 * The order in which a frame too tall for the terminal hides whole panels, the first first: the gradient flow
 * (its numbers change least from frame to frame), then the map (or the fit), then the loss chart. The status lines
 * are always shown. What was hidden is printed after the run.
 */
export const HIDE_ORDER = ["gradient flow", "decision boundary", "fit", "decision boundaries", "loss chart"] as const;

/**
 * The frame of `train --live`: status line, loss chart, then the boundary map (or, for regression, the fit) and the
 * gradient-flow panel (side by side when they fit), fitted to the terminal (see live-fit.ts).
 */
export function trainFrame(run: LiveRun, opts: FrameOptions): Frame {
  const { width, depth } = opts;
  const build = (height: number): FrameParts => {
    const chart = (excess: number) =>
      run.history.epoch.length > 0 ? lossChart(run.history, { width, depth, logY: opts.logY, height: chartHeight(height, excess) }) : "";
    const mapWidth = Math.min(width, 64);
    // wide terminals: the panel beside the map; narrow ones: under it
    const flowWidth = width - mapWidth - 3 >= 70 ? width - mapWidth - 3 : Math.min(width, 100);
    const flow = run.flow.render(layerActivations(run.experiment.config), { width: flowWidth, depth });
    const regression = run.experiment.data.all.task === "regression";
    const picture = regression
      ? panel("fit", () => run.fit(width, depth, chartHeight(height)) ?? "")
      : panel("decision boundary", (excess) => shrunk((rows) => run.map(mapWidth, depth, rows), mapRows(height), excess));
    return {
      head: [`${LIVE_MARK(depth)} ${run.label} · ${run.status(width)}`],
      panels: [panel("loss chart", chart), picture, panel("gradient flow", () => flow)],
    };
  };
  const layout = (head: string[], shown: Shown) => {
    const chart = shown.filter((p) => p.name === "loss chart").map((p) => p.text);
    const lower = shown.filter((p) => p.name !== "loss chart").map((p) => p.text);
    return [head.join("\n"), ...chart, ...(lower.length > 0 ? [sideBySide(lower, width)] : [])].join("\n\n");
  };
  return fitFrame(build, layout, { width, height: opts.height, hideOrder: HIDE_ORDER, final: opts.final });
}

/**
 * The frame of `compare --live`: one status line per run (under `title`, with --seeds), one shared loss chart, the
 * runs' gradient flow side by side, then their maps side by side — the maps shrunk to the rows that are left, and
 * the frame fitted to the terminal (see live-fit.ts).
 */
export function compareFrame(runs: readonly LiveRun[], opts: FrameOptions & { title?: string }): Frame {
  const { width, depth } = opts;
  const labelWidth = Math.max(...runs.map((r) => r.label.length));
  const status = runs.map((r) => `${LIVE_MARK(depth)} ${r.label.padEnd(labelWidth)}  ${r.status(width - labelWidth - 4)}`);
  const series: Series[] = runs.map((r) => ({ name: r.label, x: r.history.epoch, y: r.history.train_loss }));
  const flow = gradientFlowSideBySide(
    runs.map((r) => ({ label: r.label, first: r.flow.first, last: r.flow.last, activations: layerActivations(r.experiment.config) })),
    { width, depth, eachOwnEpochs: true },
  );
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
  const build = (height: number): FrameParts => {
    const chart = (excess: number) =>
      runs.some((r) => r.history.epoch.length > 0)
        ? lineChart(series, {
            width,
            depth,
            logY: opts.logY,
            height: chartHeight(height, excess),
            divergeAbove: LOSS_DIVERGE_FACTOR,
            title: "train_loss by epoch",
            xLabel: "epoch",
          })
        : "";
    return {
      head: [...(opts.title ? [opts.title] : []), ...status],
      panels: [
        panel("loss chart", chart),
        panel("gradient flow", () => flow),
        panel("decision boundaries", (excess) => (ready ? shrunk(maps, mapRows(height), excess) : "")),
      ],
    };
  };
  const layout = (head: string[], shown: Shown) => [head.join("\n"), ...shown.map((p) => p.text)].join("\n\n");
  return fitFrame(build, layout, { width, height: opts.height, hideOrder: HIDE_ORDER, final: opts.final });
}

/**
 * Maps drawn with at most maxRows rows, `excess` lines shorter when asked: each row of maps (they may wrap into
 * several) loses the same number of rows, never below MIN_MAP_ROWS. A map is often shorter than maxRows (its
 * aspect), so the rows it drew are measured against the smallest map.
 */
function shrunk(maps: (maxRows: number) => string | null, maxRows: number, excess: number): string {
  const map = maps(maxRows);
  if (!map || excess <= 0) return map ?? "";
  const smallest = maps(MIN_MAP_ROWS)!;
  const panelRows = map.split("\n\n").length;
  const drawn = MIN_MAP_ROWS + (lineCount(map) - lineCount(smallest)) / panelRows;
  const rows = Math.max(MIN_MAP_ROWS, drawn - Math.ceil(excess / panelRows));
  return rows === MIN_MAP_ROWS ? smallest : maps(rows)!;
}

const lineCount = (text: string) => text.split("\n").length;

const MIN_MAP_ROWS = 6;
/** The chart's rows on a terminal of `rows`: a fifth of them, 4 to 10; down to MIN_CHART_ROWS when the frame is too tall by `excess`. */
const chartHeight = (rows: number, excess = 0) => {
  const natural = Math.max(4, Math.min(10, Math.floor(rows / 5)));
  return excess > 0 ? Math.max(MIN_CHART_ROWS, natural - excess) : natural;
};
const MIN_CHART_ROWS = 3;
const mapRows = (rows: number) => Math.max(MIN_MAP_ROWS, Math.min(14, Math.floor(rows / 3)));
