/**
 * The playground page: two variants of one experiment, A and B, trained side by side in Web Workers by nn-lab's
 * own engine (worker.ts), paired — same seed, data and initial weights unless the user changes them. Each shows
 * its decision boundary, loss curve and gradient flow on shared axes, and inside the network: every unit's output
 * over the input plane, the weights as edges, dead and saturated units marked. A variant exports as a config that
 * `nn-lab train` reproduces bit for bit, with its metrics.csv and model.json; a config is imported by pasting it.
 */
import { parse, stringify } from "yaml";
import { ACTIVATION_NAMES } from "../../engine/activations.js";
import { INIT_NAMES } from "../../engine/init.js";
import { LOSS_NAMES, OUTPUTS } from "../../engine/losses.js";
import { OPTIMIZER_NAMES } from "../../engine/optim.js";
import { GENERATOR_NAMES } from "../../data/generators.js";
import type { MetricsRow } from "../../metrics.js";
import type { FromPage, NetworkView, PlanePoints, ToPage } from "./protocol.js";

type Doc = Record<string, unknown> & { data: Record<string, unknown>; model: Record<string, unknown>; train: Record<string, unknown> };

interface Variant {
  name: "A" | "B";
  doc: Doc;
  /** A pasted config's own text, trained and exported as written until a control changes it. */
  text: string | null;
  worker: Worker;
  id: number;
  rows: MetricsRow[];
  points: PlanePoints | null;
  view: NetworkView | null;
  done: { metricsCsv: string; modelJson: string; status: string } | null;
  error: string | null;
  epochs: number;
  /** The unit shown large: [layer, unit] (layer = hidden index; the last is the output). */
  selected: [number, number] | null;
  el: Record<string, HTMLElement>;
}

const SHARED_DATA = ["kind", "n", "noise", "test"] as const;
const COLORS = { A: "#1f77b4", B: "#d62728" };

/** The imported data set (CSV), shared by A and B: the worker reads it where the config's data.path points. */
let dataFile: { name: string; text: string; target: string } | null = null;

const boot = JSON.parse(document.getElementById("play-data")!.textContent!) as { yaml: string; workerSource: string; title: string };
const workerUrl = URL.createObjectURL(new Blob([boot.workerSource], { type: "text/javascript" }));
let running = false;

const app = document.getElementById("app")!;
app.innerHTML = `
<header class="bar">
  <h1>${escapeHtml(boot.title)}</h1>
  <div class="buttons" role="toolbar" aria-label="training">
    <button id="play" type="button" aria-pressed="false">Play</button>
    <button id="step" type="button" title="train one epoch">Step</button>
    <button id="reset" type="button" title="back to epoch 0, same initial weights">Reset</button>
    <button id="reseed" type="button" title="a new seed: new data and new initial weights for both">New seed</button>
    <span id="epoch" aria-live="polite"></span>
  </div>
</header>
<section class="shared" aria-label="data and seed, shared by A and B">
  <label>data <select id="kind">${GENERATOR_NAMES.map((k) => `<option>${k}</option>`).join("")}<option disabled>csv</option></select></label>
  <label>n <input id="n" type="number" min="2" step="1"></label>
  <label>noise <input id="noise" type="number" min="0" step="0.05"></label>
  <label>test <input id="test" type="number" min="0" max="0.9" step="0.05"></label>
  <label>seed <input id="seed" type="number" step="1"></label>
  <label>epochs <input id="epochs" type="number" min="1" step="1"></label>
  <details class="dataset"><summary>import a data set (CSV)</summary>
    <p>A header row, two input columns and a label column (0/1, or 0…K−1), as <code>nn-lab data … --out</code> writes. Paste it, or drop a .csv file here; it is read and checked by the CLI's own code, and the exported config names it (export it too, next to the config).</p>
    <textarea id="csv-text" rows="6" aria-label="CSV data set to import"></textarea>
    <label>label column <input id="csv-target" type="text" value="label"></label>
    <button type="button" id="csv-load">load</button>
    <button type="button" id="csv-export" disabled>data.csv</button>
  </details>
</section>
<div class="variants"><section id="A" class="variant"></section><section id="B" class="variant"></section></div>
<footer>Trained in your browser by nn-lab's own engine (float64), exactly as <code>nn-lab train</code> trains the exported config. Nothing is loaded from the network.</footer>`;

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function variantHtml(name: string): string {
  const select = (key: string, options: readonly string[]) =>
    `<select data-key="${key}">${options.map((o) => `<option>${o}</option>`).join("")}</select>`;
  return `
<h2><span class="swatch" style="background:${COLORS[name as "A"]}"></span>${name} <span class="status"></span></h2>
<form class="controls" aria-label="variant ${name}">
  <label>hidden layers <input data-key="layers" type="text" inputmode="numeric" title="widths, comma-separated; empty: a linear model"></label>
  <label>activation ${select("activation", ACTIVATION_NAMES)}</label>
  <label>init ${select("init", INIT_NAMES)}</label>
  <label>residual <input data-key="residual" type="checkbox" title="a hidden layer whose input and output widths match adds its input: h = h_prev + f(z)"></label>
  <label>norm ${select("norm", ["none", "batch"])}</label>
  <label>output ${select("output", ["(default)", ...OUTPUTS])}</label>
  <label>loss ${select("loss", ["(default)", ...LOSS_NAMES])}</label>
  <label>optimizer ${select("optimizer", OPTIMIZER_NAMES)}</label>
  <label>lr <input data-key="lr" type="number" min="0" step="any"></label>
  <label>batch <input data-key="batch" type="text" title="a number of rows, or full"></label>
  <label>clip norm <input data-key="clip" type="number" min="0" step="any" title="empty: no clipping"></label>
  <label>l2 <input data-key="l2" type="number" min="0" step="any"></label>
</form>
<p class="error" role="alert"></p>
<div class="panels">
  <figure><canvas class="map" width="240" height="240" aria-label="decision boundary"></canvas><figcaption>decision boundary and the training points</figcaption></figure>
  <figure><canvas class="loss" width="320" height="200" aria-label="loss"></canvas><figcaption>loss (log scale; A and B on the same axes)</figcaption></figure>
  <figure><div class="flow"></div><figcaption>gradient flow: ‖∇W‖ per layer, last epoch (log scale, shared)</figcaption></figure>
</div>
<div class="network"><svg class="edges"></svg><div class="layers"></div></div>
<div class="detail"></div>
<div class="io">
  <button type="button" data-export="yaml">config.yaml</button>
  <button type="button" data-export="csv" disabled>metrics.csv</button>
  <button type="button" data-export="model" disabled>model.json</button>
  <details><summary>import a config</summary><textarea rows="8" aria-label="config to import (YAML or JSON)"></textarea><button type="button" data-import>load</button></details>
</div>`;
}

const variants: Variant[] = (["A", "B"] as const).map((name) => {
  const section = byId<HTMLElement>(name);
  section.innerHTML = variantHtml(name);
  const q = <T extends HTMLElement>(sel: string) => section.querySelector(sel) as T;
  const v: Variant = {
    name,
    doc: initialDoc(name),
    text: null,
    worker: new Worker(workerUrl),
    id: 0,
    rows: [],
    points: null,
    view: null,
    done: null,
    error: null,
    epochs: 0,
    selected: null,
    el: {
      section,
      status: q(".status"),
      error: q(".error"),
      map: q(".map"),
      loss: q(".loss"),
      flow: q(".flow"),
      network: q(".network"),
      layers: q(".layers"),
      edges: q(".edges"),
      detail: q(".detail"),
    },
  };
  v.worker.onmessage = (e: MessageEvent<ToPage>) => receive(v, e.data);
  section.querySelectorAll<HTMLInputElement | HTMLSelectElement>("[data-key]").forEach((input) => {
    input.addEventListener("change", () => {
      const checkbox = input instanceof HTMLInputElement && input.type === "checkbox";
      setFromControl(v.doc, input.dataset.key!, checkbox ? String(input.checked) : input.value);
      v.text = null;
      restart(v);
    });
  });
  section
    .querySelectorAll<HTMLButtonElement>("[data-export]")
    .forEach((b) => b.addEventListener("click", () => exportFile(v, b.dataset.export!)));
  q<HTMLButtonElement>("[data-import]").addEventListener("click", () => importConfig(v, q<HTMLTextAreaElement>("textarea").value));
  return v;
});

/** The config the page opened with (from `nn-lab play CONFIG`), A as it is and B with another activation. */
function initialDoc(name: "A" | "B"): Doc {
  const doc = (parse(boot.yaml) ?? {}) as Doc;
  doc.data ??= { kind: "moons" };
  doc.model ??= {};
  doc.train ??= {};
  delete doc.expect; // a CI gate has no meaning here
  if (name === "B") {
    const a = String(doc.model.activation ?? "relu");
    doc.model.activation = a === "relu" ? "sigmoid" : "relu";
    doc.name = `${String(doc.name ?? "play")}-b`;
  } else doc.name = String(doc.name ?? "play");
  return doc;
}

// ---- the controls ---------------------------------------------------------------------------------

function setFromControl(doc: Doc, key: string, value: string): void {
  const m = doc.model;
  const t = doc.train;
  const num = (s: string) => (s.trim() === "" ? undefined : Number(s));
  if (key === "layers")
    m.layers =
      value.trim() === ""
        ? []
        : value
            .split(/[\s,]+/)
            .filter(Boolean)
            .map(Number);
  else if (key === "activation" || key === "init") m[key] = value;
  else if (key === "residual") setOrDelete(m, "residual", value === "true" ? true : undefined);
  else if (key === "norm") setOrDelete(m, "norm", value === "none" ? undefined : value);
  else if (key === "output") setOrDelete(m, "output", value === "(default)" ? undefined : value);
  else if (key === "loss") setOrDelete(t, "loss", value === "(default)" ? undefined : value);
  else if (key === "optimizer") t.optimizer = value;
  else if (key === "lr" || key === "l2") setOrDelete(t, key, num(value));
  else if (key === "batch") setOrDelete(t, "batch", value.trim() === "full" ? "full" : num(value));
  else if (key === "clip") setOrDelete(t, "clip", num(value) === undefined ? undefined : { norm: num(value) });
}

function setOrDelete(o: Record<string, unknown>, key: string, value: unknown): void {
  if (value === undefined) delete o[key];
  else o[key] = value;
}

/** The controls show the doc's values (after an import, a reset or at start). */
function showControls(v: Variant): void {
  const m = v.doc.model;
  const t = v.doc.train;
  const layers = (m.layers as unknown[] | undefined) ?? [16, 16];
  const values: Record<string, string> = {
    layers: layers.map((l) => (typeof l === "number" ? l : (l as { units: number }).units)).join(","),
    activation: String(m.activation ?? "relu"),
    init: String(typeof m.init === "string" ? m.init : "xavier_uniform"),
    residual: String(m.residual === true),
    norm: String(m.norm ?? "none"),
    output: String(m.output ?? "(default)"),
    loss: String(t.loss ?? "(default)"),
    optimizer: String(typeof t.optimizer === "string" ? t.optimizer : ((t.optimizer as { name?: string } | undefined)?.name ?? "sgd")),
    lr: t.lr === undefined || t.lr === null ? "" : String(t.lr),
    batch: String(t.batch ?? 32),
    clip: t.clip && typeof t.clip === "object" && "norm" in t.clip ? String((t.clip as { norm: number }).norm) : "",
    l2: String(t.l2 ?? 0),
  };
  v.el.section.querySelectorAll<HTMLInputElement | HTMLSelectElement>("[data-key]").forEach((input) => {
    if (input instanceof HTMLInputElement && input.type === "checkbox") input.checked = values[input.dataset.key!] === "true";
    else input.value = values[input.dataset.key!] ?? "";
  });
}

function showShared(): void {
  const d = variants[0].doc.data;
  byId<HTMLSelectElement>("kind").value = String(d.kind);
  byId<HTMLSelectElement>("kind").querySelector<HTMLOptionElement>("option:last-child")!.disabled = dataFile === null;
  for (const id of ["n", "noise"]) byId<HTMLInputElement>(id).disabled = d.kind === "csv";
  byId<HTMLButtonElement>("csv-export").disabled = dataFile === null;
  byId<HTMLInputElement>("n").value = d.n === undefined ? "" : String(d.n);
  byId<HTMLInputElement>("noise").value = d.noise === undefined ? "" : String(d.noise);
  byId<HTMLInputElement>("test").value = d.test === undefined ? "" : String(d.test);
  byId<HTMLInputElement>("seed").value = String(variants[0].doc.seed ?? 0);
  byId<HTMLInputElement>("epochs").value = String(variants[0].doc.train.epochs ?? 100);
}

for (const key of [...SHARED_DATA, "seed", "epochs"]) {
  byId<HTMLInputElement>(key).addEventListener("change", (e) => {
    const value = (e.target as HTMLInputElement).value;
    for (const v of variants) {
      v.text = null;
      if (key === "seed") v.doc.seed = Number(value);
      else if (key === "epochs") v.doc.train.epochs = Number(value);
      else if (key === "kind") v.doc.data = value === "csv" ? csvData(v.doc.data) : { kind: value };
      else setOrDelete(v.doc.data, key, value.trim() === "" ? undefined : Number(value));
    }
    showShared();
    variants.forEach(restart);
  });
}

byId("play").addEventListener("click", () => {
  running = !running;
  byId("play").textContent = running ? "Pause" : "Play";
  byId("play").setAttribute("aria-pressed", String(running));
  for (const v of variants) send(v, running ? "resume" : "pause");
});
byId("step").addEventListener("click", () => {
  if (running) byId("play").click();
  for (const v of variants) send(v, "step");
});
byId("reset").addEventListener("click", () => variants.forEach(restart));
byId("reseed").addEventListener("click", () => {
  const seed = (Number(variants[0].doc.seed ?? 0) + 1) | 0;
  for (const v of variants) {
    v.doc.seed = seed;
    v.text = null;
  }
  showShared();
  variants.forEach(restart);
});

function send(v: Variant, type: "pause" | "resume" | "step" | "stop"): void {
  v.worker.postMessage({ type, id: v.id } satisfies FromPage);
}

/** The variant's config as YAML: what the page trains and what it exports. */
function yamlOf(v: Variant): string {
  if (v.text !== null) return v.text;
  return `# nn-lab playground, variant ${v.name}: nn-lab train this file to reproduce its metrics.csv and model.json\n${stringify(v.doc)}`;
}

/** Train the variant again from epoch 0: same seed → same data and initial weights. */
function restart(v: Variant): void {
  v.id++;
  v.rows = [];
  v.view = null;
  v.done = null;
  v.error = null;
  v.epochs = 0;
  const files = dataFile ? { [dataFile.name]: dataFile.text } : {};
  v.worker.postMessage({ type: "start", id: v.id, yaml: yamlOf(v), paused: !running, files } satisfies FromPage);
  showControls(v);
  draw();
}

function receive(v: Variant, m: ToPage): void {
  if (m.id !== v.id) return; // a superseded run
  if (m.type === "error") v.error = m.message;
  else if (m.type === "started") {
    v.points = m.points;
    v.epochs = m.epochs;
  } else if (m.type === "progress") {
    v.rows.push(...m.rows);
    v.view = m.view;
  } else if (m.type === "done") v.done = { metricsCsv: m.metricsCsv, modelJson: m.modelJson, status: m.status };
  scheduleDraw();
}

// ---- export and import ------------------------------------------------------------------------------

function exportFile(v: Variant, what: string): void {
  const [text, name, type] =
    what === "yaml"
      ? [yamlOf(v), `variant-${v.name}.yaml`, "text/yaml"]
      : what === "csv"
        ? [v.done!.metricsCsv, `variant-${v.name}-metrics.csv`, "text/csv"]
        : [v.done!.modelJson, `variant-${v.name}-model.json`, "application/json"];
  download(text, name, type);
}

function download(text: string, name: string, type: string): void {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
}

/** A pasted config replaces the variant's; it is checked by the worker with the CLI's own schema and messages. */
function importConfig(v: Variant, text: string): void {
  let doc: unknown;
  try {
    doc = text.trim().startsWith("{") ? JSON.parse(text) : parse(text);
  } catch (e) {
    v.error = `config.yaml: ${(e as Error).message.split("\n")[0]}`;
    draw();
    return;
  }
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
    v.error = "config.yaml: expected a mapping with at least a data block (e.g. data: {kind: moons})";
    draw();
    return;
  }
  const d = doc as Doc;
  d.data ??= {} as Doc["data"];
  d.model ??= {};
  d.train ??= {};
  v.doc = d;
  v.text = text;
  restart(v);
}

/** The data block for the imported CSV, keeping the test fraction the variants had. */
function csvData(previous: Record<string, unknown>): Doc["data"] {
  const test = previous.test;
  return { kind: "csv", path: dataFile!.name, target: dataFile!.target, ...(test === undefined ? {} : { test }) };
}

/**
 * A CSV data set replaces both variants' data (A and B stay paired). It is checked where `nn-lab train` checks it —
 * in the worker, by src/data/csv.ts and src/data/prepare.ts — so a bad file gets the CLI's message; a dropped file
 * keeps its name (the config's data.path), a pasted one is data.csv.
 */
function importDataSet(text: string, name = "data.csv"): void {
  const target = byId<HTMLInputElement>("csv-target").value.trim() || "label";
  dataFile = { name: /^[\w.-]+\.csv$/i.test(name) ? name : "data.csv", text, target };
  for (const v of variants) {
    v.text = null;
    v.doc.data = csvData(v.doc.data);
  }
  showShared();
  variants.forEach(restart);
}

byId("csv-load").addEventListener("click", () => importDataSet(byId<HTMLTextAreaElement>("csv-text").value));
byId("csv-export").addEventListener("click", () => {
  if (dataFile) download(dataFile.text, dataFile.name, "text/csv");
});
const dropZone = document.querySelector<HTMLElement>("details.dataset")!;
dropZone.addEventListener("dragover", (e) => e.preventDefault());
dropZone.addEventListener("drop", (e) => {
  e.preventDefault();
  const file = e.dataTransfer?.files[0];
  if (!file) return;
  void file.text().then((text) => {
    byId<HTMLTextAreaElement>("csv-text").value = text;
    importDataSet(text, file.name);
  });
});

// ---- drawing ------------------------------------------------------------------------------------------

let drawQueued = false;
function scheduleDraw(): void {
  if (drawQueued) return;
  drawQueued = true;
  requestAnimationFrame(() => {
    drawQueued = false;
    draw();
  });
}

function draw(): void {
  const lossRange = sharedLossRange();
  const flowRange = sharedFlowRange();
  const shown = variants.map((v) => v.rows.at(-1)?.epoch ?? 0);
  byId("epoch").textContent =
    `epoch ${Math.min(...shown)}${shown[0] !== shown[1] ? ` (A ${shown[0]}, B ${shown[1]})` : ""} of ${Math.max(...variants.map((v) => v.epochs))}`;
  for (const v of variants) {
    const last = v.rows.at(-1);
    v.el.status.textContent = v.error
      ? "error"
      : v.done
        ? `${v.done.status}, epoch ${last?.epoch ?? 0}`
        : last
          ? `epoch ${last.epoch}`
          : "";
    v.el.error.textContent = v.error ?? "";
    v.el.section
      .querySelectorAll<HTMLButtonElement>("[data-export=csv],[data-export=model]")
      .forEach((b) => (b.disabled = v.done === null));
    drawMap(v);
    drawLoss(v, lossRange);
    drawFlow(v, flowRange);
    drawNetwork(v);
  }
}

/** log10 range of every loss both variants have so far (shared axes). */
function sharedLossRange(): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of variants)
    for (const r of v.rows)
      for (const x of [r.train_loss, r.test_loss])
        if (typeof x === "number" && x > 0 && Number.isFinite(x)) {
          lo = Math.min(lo, Math.log10(x));
          hi = Math.max(hi, Math.log10(x));
        }
  return lo === Infinity ? [-1, 0] : [Math.floor(lo * 2) / 2, Math.max(Math.ceil(hi * 2) / 2, Math.floor(lo * 2) / 2 + 0.5)];
}

function sharedFlowRange(): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of variants) {
    const norms = v.rows.at(-1)?.grad_norm_layer ?? [];
    for (const x of norms)
      if (typeof x === "number" && x > 0 && Number.isFinite(x)) {
        lo = Math.min(lo, Math.log10(x));
        hi = Math.max(hi, Math.log10(x));
      }
  }
  return lo === Infinity ? [-3, 0] : [Math.floor(lo), Math.max(Math.ceil(hi), Math.floor(lo) + 1)];
}

/** Blue for negative (or class 0), orange for positive (class 1), white at the middle, as TF Playground. */
function diverging(t: number): [number, number, number] {
  const c = Math.max(-1, Math.min(1, t));
  const [r, g, b] = c < 0 ? [8, 119, 189] : [245, 147, 34];
  const k = Math.abs(c);
  return [Math.round(255 + (r - 255) * k), Math.round(255 + (g - 255) * k), Math.round(255 + (b - 255) * k)];
}

const CLASS_COLORS: [number, number, number][] = [
  [8, 119, 189],
  [245, 147, 34],
  [44, 160, 44],
  [148, 103, 189],
  [140, 86, 75],
  [227, 119, 194],
];

/** One map: values over grid × grid cells painted into a canvas (output maps as probabilities). */
function paintGrid(canvas: HTMLCanvasElement, grid: number, color: (cell: number) => [number, number, number]): void {
  const ctx = canvas.getContext("2d")!;
  const img = ctx.createImageData(grid, grid);
  for (let c = 0; c < grid * grid; c++) {
    const [r, g, b] = color(c);
    img.data.set([r, g, b, 255], c * 4);
  }
  const tmp = document.createElement("canvas");
  tmp.width = grid;
  tmp.height = grid;
  tmp.getContext("2d")!.putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(tmp, 0, 0, canvas.width, canvas.height);
}

function outputColor(view: NetworkView): (cell: number) => [number, number, number] {
  const out = view.units[view.units.length - 1];
  if (out.length === 1) return (c) => diverging(2 * out[0][c] - 1);
  return (c) => {
    let best = 0;
    for (let k = 1; k < out.length; k++) if (out[k][c] > out[best][c]) best = k;
    const [r, g, b] = CLASS_COLORS[best % CLASS_COLORS.length];
    const conf = out[best][c];
    return [Math.round(255 + (r - 255) * conf), Math.round(255 + (g - 255) * conf), Math.round(255 + (b - 255) * conf)];
  };
}

function drawMap(v: Variant): void {
  const canvas = v.el.map as HTMLCanvasElement;
  const ctx = canvas.getContext("2d")!;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  if (v.view) paintGrid(canvas, v.view.grid, outputColor(v.view));
  const p = v.points;
  if (!p) return;
  const [x0, x1, y0, y1] = p.bounds;
  const nTrain = p.y.length;
  for (let i = 0; i < nTrain; i++) {
    const px = ((p.x[2 * i] - x0) / (x1 - x0)) * canvas.width;
    const py = (1 - (p.x[2 * i + 1] - y0) / (y1 - y0)) * canvas.height;
    const [r, g, b] = p.classes > 0 ? CLASS_COLORS[p.y[i] % CLASS_COLORS.length] : diverging(Math.tanh(p.y[i]));
    ctx.beginPath();
    ctx.arc(px, py, 2.5, 0, 2 * Math.PI);
    ctx.fillStyle = `rgb(${r},${g},${b})`;
    ctx.fill();
    ctx.strokeStyle = "#fff";
    ctx.lineWidth = 0.8;
    ctx.stroke();
  }
}

function drawLoss(v: Variant, [lo, hi]: [number, number]): void {
  const canvas = v.el.loss as HTMLCanvasElement;
  const ctx = canvas.getContext("2d")!;
  const W = canvas.width;
  const H = canvas.height;
  const left = 44;
  const bottom = H - 18;
  ctx.clearRect(0, 0, W, H);
  ctx.font = "11px system-ui, sans-serif";
  ctx.fillStyle = "#555";
  ctx.strokeStyle = "#ddd";
  for (let d = Math.ceil(lo); d <= hi; d++) {
    const y = bottom - ((d - lo) / (hi - lo)) * (bottom - 8);
    ctx.beginPath();
    ctx.moveTo(left, y);
    ctx.lineTo(W, y);
    ctx.stroke();
    ctx.fillText(`1e${d}`, 4, y + 4);
  }
  const epochs = Math.max(1, variants[0].epochs, variants[1].epochs);
  ctx.fillText("0", left, H - 4);
  ctx.fillText(String(epochs), W - 30, H - 4);
  const plot = (rows: MetricsRow[], key: "train_loss" | "test_loss", color: string, dash: number[]) => {
    ctx.beginPath();
    ctx.setLineDash(dash);
    ctx.strokeStyle = color;
    let started = false;
    for (const r of rows) {
      const val = r[key];
      if (typeof val !== "number" || !(val > 0) || !Number.isFinite(val)) continue;
      const x = left + (r.epoch / epochs) * (W - left - 4);
      const y = bottom - ((Math.log10(val) - lo) / (hi - lo)) * (bottom - 8);
      if (started) ctx.lineTo(x, y);
      else ctx.moveTo(x, y);
      started = true;
    }
    ctx.stroke();
    ctx.setLineDash([]);
  };
  // the other variant faint, for comparison on the same axes; this one bold
  for (const other of variants) if (other !== v) plot(other.rows, "train_loss", "#bbb", []);
  plot(v.rows, "train_loss", COLORS[v.name], []);
  plot(v.rows, "test_loss", COLORS[v.name], [4, 3]);
  const last = v.rows.at(-1);
  if (last) {
    ctx.fillStyle = "#222";
    const test = typeof last.test_loss === "number" ? `, test ${fmt(last.test_loss)}` : "";
    ctx.fillText(`train ${fmt(last.train_loss)}${test}`, left + 4, 12);
  }
}

function drawFlow(v: Variant, [lo, hi]: [number, number]): void {
  const norms = v.rows.at(-1)?.grad_norm_layer ?? [];
  v.el.flow.innerHTML = norms
    .map((x, i) => {
      const ok = typeof x === "number" && x > 0 && Number.isFinite(x);
      const w = ok ? Math.max(1, ((Math.log10(x) - lo) / (hi - lo)) * 100) : 0;
      const label = i === norms.length - 1 ? "out" : `layer ${i + 1}`;
      return `<div class="flowrow"><span>${label}</span><span class="bar"><span style="width:${w.toFixed(1)}%;background:${COLORS[v.name]}"></span></span><span>${
        typeof x === "number" ? fmt(x) : "–"
      }</span></div>`;
    })
    .join("");
}

/** Units as small maps in columns (inputs, hidden layers, output), weights as edges between them. */
function drawNetwork(v: Variant): void {
  const view = v.view;
  const layersEl = v.el.layers;
  const svg = v.el.edges as unknown as SVGSVGElement;
  if (!view) {
    layersEl.innerHTML = "";
    svg.innerHTML = "";
    return;
  }
  const inputs = Array.from({ length: view.dims[0] }, (_, i) => `<div class="unit input" title="input ${i + 1}">x${i + 1}</div>`).join("");
  const cols = [`<div class="col">${inputs}</div>`];
  view.units.forEach((layer, l) => {
    const isOut = l === view.units.length - 1;
    const cells = layer
      .map((_, u) => {
        const mark = isOut ? "" : (view.marks[l]?.[u] ?? "");
        const title = `${isOut ? "output" : `layer ${l + 1}`} unit ${u + 1}${mark ? ` (${mark})` : ""}`;
        return `<button type="button" class="unit ${mark}" data-l="${l}" data-u="${u}" title="${title}" aria-label="${title}"><canvas width="${view.grid}" height="${view.grid}"></canvas></button>`;
      })
      .join("");
    cols.push(`<div class="col">${cells}</div>`);
  });
  layersEl.innerHTML = cols.join("");
  layersEl.querySelectorAll<HTMLButtonElement>("button.unit").forEach((b) => {
    const l = Number(b.dataset.l);
    const u = Number(b.dataset.u);
    paintUnit(b.querySelector("canvas")!, view, l, u);
    b.addEventListener("click", () => {
      v.selected = [l, u];
      drawDetail(v);
    });
  });
  drawEdges(v, view);
  drawDetail(v);
}

function paintUnit(canvas: HTMLCanvasElement, view: NetworkView, l: number, u: number): void {
  const values = view.units[l][u];
  if (l === view.units.length - 1) {
    paintGrid(canvas, view.grid, (c) => diverging(2 * values[c] - 1));
    return;
  }
  // each unit's own range, lowest blue to highest orange, so its shape shows (the detail view gives the numbers)
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of values) {
    lo = Math.min(lo, x);
    hi = Math.max(hi, x);
  }
  paintGrid(canvas, view.grid, (c) => diverging(hi > lo ? (2 * (values[c] - lo)) / (hi - lo) - 1 : 0));
}

function drawEdges(v: Variant, view: NetworkView): void {
  const svg = v.el.edges as unknown as SVGSVGElement;
  const box = v.el.network.getBoundingClientRect();
  const cols = [...v.el.layers.querySelectorAll<HTMLElement>(".col")];
  const centres = cols.map((col) =>
    [...col.children].map((el) => {
      const r = el.getBoundingClientRect();
      return { left: r.left - box.left, right: r.right - box.left, y: r.top - box.top + r.height / 2 };
    }),
  );
  svg.setAttribute("width", String(box.width));
  svg.setAttribute("height", String(box.height));
  let max = 0;
  for (const w of view.weights) for (const x of w) max = Math.max(max, Math.abs(x));
  const lines: string[] = [];
  view.weights.forEach((w, l) => {
    const from = centres[l];
    const to = centres[l + 1];
    if (!from || !to) return;
    const inDim = from.length;
    to.forEach((t, o) =>
      from.forEach((f, i) => {
        const x = w[o * inDim + i];
        const width = max === 0 ? 0.5 : 0.3 + 3.5 * (Math.abs(x) / max);
        const color = x >= 0 ? "#f59322" : "#0877bd";
        lines.push(
          `<line x1="${f.right.toFixed(1)}" y1="${f.y.toFixed(1)}" x2="${t.left.toFixed(1)}" y2="${t.y.toFixed(1)}" stroke="${color}" stroke-width="${width.toFixed(2)}" stroke-opacity="0.7"><title>w = ${fmt(x)}</title></line>`,
        );
      }),
    );
  });
  svg.innerHTML = lines.join("");
}

function drawDetail(v: Variant): void {
  const view = v.view;
  if (!view || !v.selected) {
    v.el.detail.innerHTML = "";
    return;
  }
  const [l, u] = v.selected;
  if (!view.units[l]?.[u]) return;
  const values = view.units[l][u];
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of values) {
    lo = Math.min(lo, x);
    hi = Math.max(hi, x);
  }
  const isOut = l === view.units.length - 1;
  const mark = isOut ? "" : (view.marks[l]?.[u] ?? "");
  v.el.detail.innerHTML = `<canvas width="200" height="200"></canvas><p>${isOut ? "output" : `layer ${l + 1}`} unit ${u + 1}${
    mark ? ` — ${mark}` : ""
  }: output from ${fmt(lo)} (blue) to ${fmt(hi)} (orange) over the plane, epoch ${view.epoch}</p>`;
  paintUnit(v.el.detail.querySelector("canvas")!, view, l, u);
}

function fmt(x: number | null | undefined): string {
  if (typeof x !== "number") return "–";
  if (x === 0) return "0";
  const a = Math.abs(x);
  return a >= 1e4 || a < 1e-3 ? x.toExponential(2) : x.toPrecision(4).replace(/\.?0+$/, "");
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

showShared();
variants.forEach(restart);
