/**
 * The decision-boundary map, as TensorFlow Playground draws it: the input plane shaded by the trained model's
 * predicted class (deeper where it is surer), the training points on top — one glyph per class, uppercase where
 * the model gets the point wrong. Needs two raw inputs; derived features (x1², sin x2, …) are computed from them
 * for every cell, so a model trained on features is mapped over the plane of its raw inputs.
 */
import { shown } from "../files.js";
import type { Head } from "../engine/losses.js";
import type { Mlp } from "../engine/mlp.js";
import { parseFeature, type Feature } from "../data/features.js";
import { mix, paint, type ColorDepth, type Rgb } from "./colors.js";
import { flow } from "./table.js";
import {
  blankCells,
  cellAt,
  cellCentre,
  CLASS_SHADES,
  classColor,
  classGlyph,
  dataBounds,
  fitGrid,
  framed,
  type Cell,
  type Grid,
} from "./scatter.js";

export interface BoundaryInput {
  mlp: Mlp;
  head: Head;
  classes: number;
  /** The training points in the plane of the two raw inputs: x is n × 2, y the class of each. */
  points: { x: Float64Array; y: Float64Array; n: number };
  /** The derived features the model takes (names as in data.features), or null when it takes x1, x2 as they are. */
  features: readonly string[] | null;
  /** Names of the two raw inputs. */
  inputNames: readonly [string, string];
}

export interface BoundaryOptions {
  width: number;
  depth: ColorDepth;
  maxRows?: number;
  /** Title lines instead of "decision boundary · train set: n points · k misclassified" (small multiples): the title, then the subtitle with "· k wrong" added. */
  title?: string;
  subtitle?: string;
  /** false: no legend under the map (small multiples share one, boundaryLegend). */
  legend?: boolean;
}

/** Predicted class and confidence of each row: confidence is (p_max − 1/K)/(1 − 1/K), 0 at a tie, 1 when sure. */
export interface Predictions {
  cls: Int32Array;
  conf: Float64Array;
}

const CHUNK = 512;
/** Cells surer than this are shaded in plain mode; the rest stay blank, tracing the boundary. */
const SHADE_FROM = 0.2;
const LIGHT: Rgb = [238, 238, 238];

/** The model's predictions for n points of the raw plane (xy: n × 2), through the features when there are any. */
export function predictPlane(
  input: Pick<BoundaryInput, "mlp" | "head" | "classes" | "features">,
  xy: Float64Array,
  n: number,
): Predictions {
  const { mlp, head, classes } = input;
  const d = mlp.inputs;
  const k = mlp.outputs;
  const features = input.features ? input.features.map((f) => asFeature(f)) : null;
  const ws = mlp.workspace(Math.min(CHUNK, Math.max(1, n)));
  const xb = new Float64Array(CHUNK * d);
  const probs = new Float64Array(CHUNK * k);
  const out: Predictions = { cls: new Int32Array(n), conf: new Float64Array(n) };
  for (let start = 0; start < n; start += CHUNK) {
    const rows = Math.min(CHUNK, n - start);
    for (let r = 0; r < rows; r++) {
      const o = (start + r) * 2;
      if (features) for (let j = 0; j < d; j++) xb[r * d + j] = features[j](xy, o);
      else for (let j = 0; j < d; j++) xb[r * d + j] = xy[o + j];
    }
    const z = mlp.forward(ws, xb.subarray(0, rows * d), rows);
    head.activate(z, probs, rows, k);
    for (let r = 0; r < rows; r++) classify(z, probs, r * k, k, classes, head.output === "softmax", out, start + r);
  }
  return out;
}

function asFeature(name: string): Feature {
  const f = parseFeature(name, 2);
  if ("error" in f) throw new Error(`feature ${name}: ${f.error}`);
  return f;
}

/** As the evaluator decides: one output → p > 0.5 is class 1; several → argmax of z. */
function classify(
  z: Float64Array,
  a: Float64Array,
  o: number,
  k: number,
  classes: number,
  softmax: boolean,
  out: Predictions,
  i: number,
): void {
  if (k === 1) {
    const p = Math.min(1, Math.max(0, a[o]));
    out.cls[i] = a[o] > 0.5 ? 1 : 0;
    out.conf[i] = Math.abs(2 * p - 1);
    return;
  }
  let best = 0;
  for (let j = 1; j < k; j++) if (z[o + j] > z[o + best]) best = j;
  let pmax: number;
  if (softmax) {
    pmax = a[o + best];
  } else {
    // mse on one-hot targets: outputs clamped to [0, 1] and normalised stand in for probabilities.
    let sum = 0;
    for (let j = 0; j < k; j++) sum += Math.min(1, Math.max(0, a[o + j]));
    pmax = sum > 0 ? Math.min(1, Math.max(0, a[o + best])) / sum : 1 / k;
  }
  const K = Math.max(classes, k);
  out.cls[i] = best;
  out.conf[i] = Math.min(1, Math.max(0, (pmax - 1 / K) / (1 - 1 / K)));
}

/** The map as text: the framed plane, then the legend; the first line is a title. */
export function decisionBoundary(input: BoundaryInput, opts: BoundaryOptions): string {
  const { points } = input;
  const grid = fitGrid(dataBounds(points.x, points.n, 2, 0, 1), opts.width, opts.maxRows ?? 24);
  const centres = new Float64Array(grid.cols * grid.rows * 2);
  for (let r = 0; r < grid.rows; r++) {
    for (let c = 0; c < grid.cols; c++) centres.set(cellCentre(grid, c, r), (r * grid.cols + c) * 2);
  }
  const plane = predictPlane(input, centres, grid.cols * grid.rows);
  const pointPreds = predictPlane(input, points.x, points.n);
  return renderBoundary(
    grid,
    plane,
    { ...points, predicted: pointPreds.cls },
    input.classes,
    [shown(input.inputNames[0]), shown(input.inputNames[1])],
    opts.depth,
    opts.width,
    opts,
  );
}

/** Draw a classified plane (one prediction per cell, row-major from the top) and the points over it. */
export function renderBoundary(
  grid: Grid,
  plane: Predictions,
  points: { x: Float64Array; y: Float64Array; n: number; predicted: Int32Array },
  classes: number,
  names: readonly [string, string],
  depth: ColorDepth,
  width = 80,
  look: Pick<BoundaryOptions, "title" | "subtitle" | "legend"> = {},
): string {
  const cells = blankCells(grid);
  for (let r = 0; r < grid.rows; r++) {
    for (let c = 0; c < grid.cols; c++) {
      const i = r * grid.cols + c;
      // Without colour every other column is shaded: a lighter texture, against which the points stand out.
      cells[r][c] = depth >= 8 || c % 2 === 0 ? shade(plane.cls[i], plane.conf[i], depth) : { ch: " " };
    }
  }
  const wrong = drawPoints(cells, grid, points, classes, depth);
  const title =
    look.title !== undefined
      ? [look.title, `${look.subtitle ? `${look.subtitle} · ` : ""}${wrong} of ${points.n} wrong`].map((l) =>
          [...l].slice(0, width).join(""),
        )
      : flow(["decision boundary", `train set: ${points.n} points`, `${wrong} misclassified`], width, "", " · ");
  const key = look.legend === false ? [] : legend(classes, depth, width);
  return [...title, ...framed(cells, grid, names[0], names[1], depth), ...key].join("\n");
}

function shade(cls: number, conf: number, depth: ColorDepth): Cell {
  if (depth >= 8) return { ch: " ", bg: mix(LIGHT, classColor(cls), 0.1 + 0.5 * conf) };
  const ch = conf < SHADE_FROM ? " " : CLASS_SHADES[cls % CLASS_SHADES.length];
  return depth === 4 ? { ch, fg: classColor(cls) } : { ch };
}

/**
 * Each cell with points shows one: a misclassified one if there is any (the most frequent true class among them),
 * else the most frequent class. Returns how many points are misclassified.
 */
function drawPoints(
  cells: Cell[][],
  grid: Grid,
  points: { x: Float64Array; y: Float64Array; n: number; predicted: Int32Array },
  classes: number,
  depth: ColorDepth,
): number {
  let wrong = 0;
  const tally = new Map<number, { right: number[]; wrong: number[] }>();
  for (let i = 0; i < points.n; i++) {
    const label = points.y[i];
    const miss = points.predicted[i] !== label;
    if (miss) wrong++;
    const at = cellAt(grid, points.x[i * 2], points.x[i * 2 + 1]);
    if (!at) continue;
    const key = at[1] * grid.cols + at[0];
    const t = tally.get(key) ?? { right: new Array<number>(classes).fill(0), wrong: new Array<number>(classes).fill(0) };
    (miss ? t.wrong : t.right)[label] += 1;
    tally.set(key, t);
  }
  for (const [key, t] of tally) {
    const miss = t.wrong.some((v) => v > 0);
    const counts = miss ? t.wrong : t.right;
    const label = counts.indexOf(Math.max(...counts));
    const cell = cells[Math.floor(key / grid.cols)][key % grid.cols];
    cells[Math.floor(key / grid.cols)][key % grid.cols] = {
      ch: classGlyph(label, miss),
      fg: pointColor(label, depth),
      bg: cell.bg,
      bold: true,
    };
  }
  return wrong;
}

/** The colour a point of class c is drawn in, on the map and in its legend: darker than the shading with 256 colours or more. */
export function pointColor(c: number, depth: ColorDepth): Rgb {
  return depth >= 8 ? mix(classColor(c), [0, 0, 0], 0.35) : classColor(c);
}

/** The legend of the map's glyphs and shading, for maps drawn without their own. */
export function boundaryLegend(classes: number, depth: ColorDepth, width: number): string {
  return legend(classes, depth, width).join("\n");
}

function legend(classes: number, depth: ColorDepth, width: number): string[] {
  const glyphs = Array.from(
    { length: classes },
    (_, c) => `${paint(classGlyph(c), { fg: pointColor(c, depth), bold: true }, depth)} class ${c}`,
  );
  const upper = Array.from({ length: classes }, (_, c) => classGlyph(c, true)).join(" ");
  const shades = Array.from({ length: classes }, (_, c) => {
    const sw =
      depth >= 8 ? paint("  ", shade(c, 1, depth), depth) : paint(CLASS_SHADES[c % CLASS_SHADES.length], shade(c, 1, depth), depth);
    return `${sw} ${c}`;
  });
  const unsure = depth >= 8 ? "paler = less sure" : "blank = unsure";
  return [
    ...flow(["points:", ...glyphs, `(${upper}: misclassified)`], width),
    ...flow(["shading: predicted class", ...shades, `(${unsure})`], width, "  ", "  "),
  ];
}

/**
 * The map for a finished run, or null when there is none to draw (regression); a one-line note when the data
 * is classification but not on two raw inputs. The training points are the raw train rows (before features).
 */
export function runBoundary(
  run: { mlp: Mlp; head: Head },
  data: { all: { x: Float64Array; y: Float64Array; d: number; classes: number; task: string; inputNames: string[] }; train: { n: number } },
  features: readonly string[] | null,
  opts: BoundaryOptions,
): string | null {
  const { all } = data;
  if (all.task !== "classification") return null;
  if (all.d !== 2) return `decision boundary: not drawn — the data has ${all.d} inputs, the map needs 2`;
  const n = data.train.n;
  return decisionBoundary(
    {
      mlp: run.mlp,
      head: run.head,
      classes: all.classes,
      points: { x: all.x.subarray(0, n * 2), y: all.y.subarray(0, n), n },
      features,
      inputNames: [all.inputNames[0], all.inputNames[1]],
    },
    opts,
  );
}
