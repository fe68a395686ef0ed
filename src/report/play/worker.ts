/**
 * The playground's training thread (a Web Worker): nn-lab's own config loader, data generators, engine and
 * training loop, bundled — not re-written — so a variant trained here gives, bit for bit, the metrics.csv and
 * model.json that `nn-lab train` gives for its exported config. The page sends a variant's YAML; the worker
 * validates it with the CLI's schema (same messages), trains it epoch by epoch (paused, stepped or running), and
 * posts rows, the weights and each unit's output over the input plane, throttled like `--live`.
 */
import { loadConfigText } from "../../config/load.js";
import { resolveExperiment, type Experiment } from "../../config/resolve.js";
import { makeActivation } from "../../engine/activations.js";
import { makeHead } from "../../engine/losses.js";
import type { Mlp } from "../../engine/mlp.js";
import { holdCsvText } from "../../data/csv.js";
import { applyFeatures } from "../../data/features.js";
import { resolveDataPath } from "../../data/prepare.js";
import type { Dataset } from "../../data/dataset.js";
import { shown } from "../../files.js";
import { metricsColumns, type MetricsRow } from "../../metrics.js";
import { metricsLine } from "../../run/metrics-csv.js";
import { buildExperimentModel, modelToJson } from "../../train/model.js";
import { train } from "../../train/train.js";
import type { FromPage, NetworkView, PlanePoints, ToPage } from "./protocol.js";

/** The grid each unit's map is drawn from: GRID × GRID points over the data's bounds (plus a margin). */
export const GRID = 28;
/** The least time between two views of the network posted to the page (drawing is throttled like --live). */
const VIEW_MS = 120;

const post = (message: ToPage) => (self as unknown as { postMessage(m: ToPage): void }).postMessage(message);

// The training loop yields with setImmediate, which a browser lacks: a message channel gives the same "next turn".
if (typeof (globalThis as { setImmediate?: unknown }).setImmediate !== "function") {
  (globalThis as { setImmediate?: (f: () => void) => void }).setImmediate = (f: () => void) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => f();
    channel.port2.postMessage(0);
  };
}

interface Session {
  id: number;
  paused: boolean;
  /** Epochs still allowed while paused (step). */
  credit: number;
  stopped: boolean;
  wake: (() => void) | null;
}

let session: Session | null = null;

self.onmessage = (event: MessageEvent<FromPage>) => {
  const m = event.data;
  if (m.type === "start") void start(m.id, m.yaml, m.paused, m.files);
  else if (session !== null && m.id === session.id) {
    if (m.type === "pause") session.paused = true;
    else if (m.type === "resume") session.paused = false;
    else if (m.type === "step") session.credit++;
    else if (m.type === "stop") session.stopped = true;
    session.wake?.();
  }
};

/** Validate and train one variant; every message carries the session id, so the page ignores a superseded run. */
async function start(id: number, yaml: string, paused: boolean, files: Record<string, string>): Promise<void> {
  if (session) {
    session.stopped = true;
    session.wake?.();
  }
  const s: Session = { id, paused, credit: 0, stopped: false, wake: null };
  session = s;
  let experiment: Experiment;
  try {
    const loaded = loadConfigText(yaml, "config.yaml");
    // an imported data set is read where the config says, as `nn-lab train` reads the file next to the config
    for (const [name, text] of Object.entries(files)) holdCsvText(resolveDataPath(name, loaded.baseDir), text);
    const block = loaded.parsed.data;
    if (block.kind === "csv" && !(block.path in files))
      throw new Error(`config.yaml: data.path: ${shown(block.path, 40)} is not in the page; import it under "import a data set (CSV)"`);
    experiment = resolveExperiment(loaded);
    if (block.kind === "csv" && experiment.data.all.d !== 2) {
      const names = experiment.data.all.inputNames.map((n) => shown(n, 20)).join(", ");
      const expected = `expected 2 input columns besides '${shown(block.target, 20)}'`;
      throw new Error(
        `${shown(block.path, 40)}: the playground draws a data set on a plane: ${expected}, got ${experiment.data.all.d} (${names})`,
      );
    }
  } catch (e) {
    post({ type: "error", id, message: (e as Error).message });
    return;
  }
  const { config } = experiment;
  const layers = config.model.layers.length + 1;
  const header = metricsColumns(layers, layers - 1).join(",") + "\n";
  let csv = header;
  const mlp = buildExperimentModel(experiment);
  const viewer = new Viewer(experiment, mlp);
  post({ type: "started", id, header: metricsColumns(layers, layers - 1), points: viewer.points, epochs: config.train.epochs });
  let rows: MetricsRow[] = [];
  let lastView = -Infinity;
  const flush = (epoch: number, force: boolean) => {
    const now = performance.now();
    if (!force && now - lastView < VIEW_MS) return;
    lastView = now;
    post({ type: "progress", id, rows, view: viewer.view(epoch) });
    rows = [];
  };
  try {
    const result = await train(
      experiment,
      {
        onEpoch: (row) => {
          csv += metricsLine(row);
          rows.push(row);
        },
        onWeights: (epoch) => {
          viewer.epoch = epoch;
          flush(epoch, s.paused && s.credit === 0);
        },
        shouldStop: () => s.stopped,
        pace: () => (s.stopped || !s.paused || s.credit > 0 ? consume(s) : wait(s).then(() => consume(s))),
        evalThread: "off",
      },
      mlp,
    );
    flush(result.epochs, true);
    if (s.stopped) return;
    post({
      type: "done",
      id,
      status: result.status,
      epochs: result.epochs,
      metricsCsv: csv,
      modelJson: JSON.stringify(modelToJson(result.mlp, config), null, 2) + "\n",
    });
  } catch (e) {
    post({ type: "error", id, message: (e as Error).message });
  }
}

function consume(s: Session): void {
  if (s.paused && s.credit > 0) s.credit--;
}

/** Resolves when the page resumes, steps or stops this session. */
function wait(s: Session): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (s.stopped || !s.paused || s.credit > 0) {
        s.wake = null;
        resolve();
      } else s.wake = check;
    };
    check();
  });
}

/**
 * What the page draws of the network: every unit's output over a grid of the input plane (from the weights the
 * loop reports, evaluated on a model of its own), the weights for the edges, and which units are dead (ReLU family:
 * zero on every training row) or saturated (sigmoid/tanh: saturated on at least half the training rows), as the
 * health section counts them.
 */
class Viewer {
  readonly points: PlanePoints;
  epoch = 0;
  private readonly own: Mlp;
  private readonly gridInputs: Float64Array;
  private readonly bounds: [number, number, number, number];

  constructor(
    private readonly experiment: Experiment,
    private readonly trained: Mlp,
  ) {
    this.own = buildExperimentModel(experiment);
    const raw = rawPlane(experiment);
    this.bounds = planeBounds(raw);
    this.points = { x: Array.from(raw.x), y: Array.from(raw.y), bounds: this.bounds, classes: raw.classes };
    this.gridInputs = gridInputs(experiment, this.bounds);
  }

  view(epoch: number): NetworkView {
    const { own, trained } = this;
    own.params.set(trained.params);
    const rows = GRID * GRID;
    const ws = own.workspace(rows);
    const z = own.forward(ws, this.gridInputs, rows);
    const units: number[][][] = [];
    for (let l = 0; l + 1 < own.layers.length; l++) units.push(columns(ws.a[l], rows, own.layers[l].outDim));
    const k = own.outputs;
    const head = makeHead(this.experiment.config.train.loss, this.experiment.config.model.output);
    const out = new Float64Array(rows * k);
    head.activate(z, out, rows, k);
    units.push(columns(out, rows, k));
    return {
      epoch,
      grid: GRID,
      units,
      weights: own.layers.map((layer) => Array.from(layer.weight)),
      dims: [own.inputs, ...own.layers.map((layer) => layer.outDim)],
      marks: this.marks(),
    };
  }

  /** Per hidden layer, per unit: "dead", "saturated" or "". */
  private marks(): string[][] {
    const { own, experiment } = this;
    const set = experiment.data.train;
    const ws = own.workspace(set.n);
    own.forward(ws, set.x, set.n);
    return experiment.config.model.layers.map((hidden, l) => {
      const act = makeActivation(hidden.activation);
      const width = own.layers[l].outDim;
      const a = ws.a[l];
      return Array.from({ length: width }, (_, u) => {
        let zeros = 0;
        let saturated = 0;
        for (let r = 0; r < set.n; r++) {
          const v = a[r * width + u];
          if (v === 0) zeros++;
          if (act.saturated?.(v)) saturated++;
        }
        if (act.family === "relu" && zeros === set.n) return "dead";
        if (act.family === "saturating" && saturated >= set.n / 2) return "saturated";
        return "";
      });
    });
  }
}

/** The training points as drawn on the plane: the raw two coordinates, before any derived features. */
function rawPlane(experiment: Experiment): Dataset {
  const set = experiment.data.train;
  if (!experiment.config.data.features) return set;
  return { ...set, x: firstTwo(experiment.data.all, set.n), d: 2 };
}

function firstTwo(all: Dataset, n: number): Float64Array {
  const x = new Float64Array(n * 2);
  for (let r = 0; r < n; r++) {
    x[2 * r] = all.x[r * all.d];
    x[2 * r + 1] = all.x[r * all.d + 1];
  }
  return x;
}

function planeBounds(set: Dataset): [number, number, number, number] {
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let r = 0; r < set.n; r++) {
    x0 = Math.min(x0, set.x[r * set.d]);
    x1 = Math.max(x1, set.x[r * set.d]);
    y0 = Math.min(y0, set.x[r * set.d + 1]);
    y1 = Math.max(y1, set.x[r * set.d + 1]);
  }
  const mx = (x1 - x0) * 0.1 || 1;
  const my = (y1 - y0) * 0.1 || 1;
  return [x0 - mx, x1 + mx, y0 - my, y1 + my];
}

/** The grid's points as the network's inputs: the plane's coordinates, through the config's features if any. */
function gridInputs(experiment: Experiment, [x0, x1, y0, y1]: [number, number, number, number]): Float64Array {
  const rows = GRID * GRID;
  const x = new Float64Array(rows * 2);
  for (let i = 0; i < GRID; i++)
    for (let j = 0; j < GRID; j++) {
      // row i from the top (largest x2), column j from the left
      x[2 * (i * GRID + j)] = x0 + ((j + 0.5) / GRID) * (x1 - x0);
      x[2 * (i * GRID + j) + 1] = y1 - ((i + 0.5) / GRID) * (y1 - y0);
    }
  const features = experiment.config.data.features;
  if (!features) return x;
  const plane: Dataset = {
    x,
    y: new Float64Array(rows),
    n: rows,
    d: 2,
    task: "classification",
    classes: 0,
    inputNames: ["x1", "x2"],
    targetName: "y",
  };
  return applyFeatures(plane, features, "data.features").x;
}

function columns(a: Float64Array, rows: number, width: number): number[][] {
  return Array.from({ length: width }, (_, u) => Array.from({ length: rows }, (_, r) => a[r * width + u]));
}
