/**
 * The report page's script (bundled with uPlot by esbuild into dist/report/page.js and inlined into every report).
 * It reads the JSON document in #report-data and draws: the runs table, loss and accuracy curves of every run on
 * shared axes (log/linear toggle; a diverged run is cut where it leaves the range and marked), the sweep's ranked
 * table and the metric against each swept value, the decision boundary of every run at each snapshot (slider and
 * play button), and one run's details: gradient flow per layer (log), dead/saturated fractions, health findings,
 * expectations, config. Every text from the data goes in through textContent, never as HTML.
 */
import type uPlot from "uplot";
import type { BoundaryData, ReportData, RunData } from "./data.js";
import { chart, type Line, type Mark } from "./chart.js";
import { charts, chartWidth, el, fmt, maxOf, minOf } from "./dom.js";
import { sweepView } from "./sweep-view.js";

/** A loss above this multiple of the largest epoch-0 loss has diverged (as the terminal charts). */
const DIVERGE_FACTOR = 10;
const NO_CLASS = 255;
const CLASS_COLORS: [number, number, number][] = [
  [245, 147, 34],
  [8, 119, 189],
  [46, 160, 67],
  [152, 78, 163],
  [214, 39, 40],
  [140, 86, 75],
];
const LIGHT: [number, number, number] = [246, 246, 246];

const data = JSON.parse(document.getElementById("report-data")!.textContent!) as ReportData;
const app = document.getElementById("app")!;
function section(title: string, id: string): HTMLElement {
  const s = el("section", { id });
  s.append(el("h2", {}, title));
  app.append(s);
  return s;
}

const runColor = (i: number) => `hsl(${(i * 137.508 + 25) % 360}, 70%, 42%)`;

function column(run: RunData, name: string): (number | null)[] | null {
  const i = run.columns.indexOf(name);
  return i < 0 ? null : run.rows.map((r) => r[i] ?? null);
}

function epochsOf(run: RunData): number[] {
  return (column(run, "epoch") ?? []).map((e) => e ?? NaN);
}

// ---------------------------------------------------------------------------------------------- header and runs

function header(): void {
  app.append(el("h1", {}, data.title));
  const kinds = { run: "one run", comparison: `${data.runs.length} runs side by side`, sweep: "a sweep" };
  app.append(el("p", { class: "meta" }, `${kinds[data.kind]} · nn-lab ${data.version}`));
  for (const note of data.notes) app.append(el("p", { class: "missing" }, note));
}

function statusBadge(run: RunData): HTMLElement {
  const status = run.status ?? "unknown";
  const badge = el("span", { class: `status status-${status.replace(/[^a-z_]/g, "")}` }, status);
  if (run.status === "diverged") {
    const mark = el("span", { class: "diverged-marker", title: "diverged" }, `✕ diverged at epoch ${run.divergedAt ?? "?"}`);
    return el("span", {}, badge, " ", mark);
  }
  return badge;
}

function runsTable(): void {
  const s = section(data.runs.length === 1 ? "Run" : data.sweep ? "Runs, one by one" : "Runs", "runs");
  const cols = ["train_loss", "test_loss", "train_acc", "test_acc"];
  const table = el("table", { class: "runs" });
  table.append(
    el(
      "thead",
      {},
      el(
        "tr",
        {},
        ["run", "status", "epochs", "seed", ...cols, "train ms"].map((h) => el("th", {}, h)),
      ),
    ),
  );
  const body = el("tbody");
  data.runs.forEach((run, i) => {
    const swatch = data.sweep ? "" : el("span", { class: "swatch", style: `background:${runColor(i)}` });
    const epochs = epochsOf(run);
    const row = el(
      "tr",
      {},
      el("td", { class: "label" }, swatch, breakable(run.label)),
      el("td", {}, statusBadge(run)),
      el("td", {}, epochs.length ? String(epochs[epochs.length - 1]) : "—"),
      el("td", {}, run.seed === null ? "—" : String(run.seed)),
      cols.map((c) => el("td", { class: "num" }, fmt(run.final?.[c] ?? lastValue(run, c)))),
      el("td", { class: "num" }, run.trainMs === null ? "—" : String(Math.round(run.trainMs))),
    );
    body.append(row);
    if (run.missing.length > 0) {
      const list = el(
        "ul",
        { class: "missing" },
        run.missing.map((m) => el("li", {}, m)),
      );
      body.append(el("tr", {}, el("td", { colspan: String(4 + cols.length + 1) }, list)));
    }
  });
  table.append(body);
  const damaged = data.runs.filter((r) => r.missing.length > 0);
  if (data.runs.length <= FOLD_RUNS) return void s.append(el("div", { class: "scroll" }, table));
  // many runs: the table folded away; the runs with something missing listed before it
  if (damaged.length)
    s.append(
      el(
        "ul",
        { class: "missing" },
        damaged.map((r) => el("li", {}, `${r.label}: ${r.missing.join("; ")}`)),
      ),
    );
  s.append(el("details", { class: "runs-all" }, el("summary", {}, `all ${data.runs.length} runs`), el("div", { class: "scroll" }, table)));
}

/** A run name as text with a line-break opportunity after each comma ("activation=relu,lr=0.1"), so it wraps between settings. */
function breakable(name: string): (Node | string)[] {
  return name.split(/(?<=,)/).flatMap((part, i) => (i === 0 ? [part] : [el("wbr"), part]));
}

/** More runs than this: the runs table is folded (a sweep's grid points come first). */
const FOLD_RUNS = 30;

function lastValue(run: RunData, name: string): number | null {
  const c = column(run, name);
  if (!c) return null;
  for (let i = c.length - 1; i >= 0; i--) if (c[i] !== null) return c[i];
  return null;
}

// ---------------------------------------------------------------------------------------------- charts

window.addEventListener("resize", () => {
  for (const { chart: c, box } of charts) c.setSize({ width: chartWidth(box), height: 260 });
});

/** Curves of every run: loss (with a log toggle, diverged runs cut and marked) and accuracy. */
function curves(): void {
  const s = section("Curves", "curves");
  const withRows = data.runs.filter((r) => r.rows.length > 0);
  if (withRows.length === 0) {
    s.append(el("p", { class: "missing" }, "No run has readable metrics: nothing to chart."));
    return;
  }
  // a loss above 10× the largest epoch-0 loss has diverged: cut there so it does not flatten the others
  const start = maxOf(
    withRows.flatMap((r) => ["train_loss", "test_loss"].map((c) => column(r, c)?.[0] ?? 0).filter((v): v is number => v !== null)),
  );
  const cutoff = start > 0 ? DIVERGE_FACTOR * start : Infinity;
  const losses: Line[] = [];
  const accs: Line[] = [];
  const marks: HTMLElement[] = [];
  // a curve that leaves the range climbs to the chart's top (the largest loss kept) at that epoch and ends in ✕
  const top = maxOf(
    withRows.flatMap((r) =>
      ["train_loss", "test_loss"].flatMap((c) =>
        (column(r, c) ?? []).filter((v): v is number => v !== null && Number.isFinite(v) && v <= cutoff),
      ),
    ),
  );
  const crosses: Mark[] = [];
  data.runs.forEach((run, i) => {
    const x = epochsOf(run);
    const diverged = run.status === "diverged";
    let cut = false;
    for (const [name, dash] of [
      ["train_loss", undefined],
      ["test_loss", [6, 4]],
    ] as const) {
      const y = column(run, name);
      if (!y || y.every((v) => v === null)) continue;
      const { clean, leftAt } = untilOutOfRange(y, cutoff, top, diverged && run.divergedAt !== null ? x.indexOf(run.divergedAt) : -1);
      if (leftAt !== null) {
        cut = true;
        crosses.push({ x: x[leftAt], y: top, color: runColor(i) });
      }
      const suffix = diverged ? ` ✕ diverged at epoch ${run.divergedAt ?? "?"}` : "";
      losses.push({ label: `${run.label} ${name}${suffix}`, color: runColor(i), dash: dash ? [...dash] : undefined, x, y: clean });
    }
    for (const [name, dash] of [
      ["train_acc", undefined],
      ["test_acc", [6, 4]],
    ] as const) {
      const y = column(run, name);
      if (!y || y.every((v) => v === null)) continue;
      accs.push({ label: `${run.label} ${name}`, color: runColor(i), dash: dash ? [...dash] : undefined, x, y });
    }
    if (diverged || cut) {
      const text = diverged
        ? `✕ ${run.label} diverged at epoch ${run.divergedAt ?? "?"}: its loss curve is drawn up to where it left the range`
        : `✕ ${run.label}: loss above ${fmt(cutoff)} (10× the largest starting loss) is off the chart`;
      marks.push(el("li", { class: "diverged-marker" }, text));
    }
  });
  const controls = el("label", { class: "toggle" });
  const logBox = el("input", { type: "checkbox", id: "log-toggle" }) as HTMLInputElement;
  const all = losses.flatMap((l) => l.y).filter((v): v is number => v !== null && v > 0);
  logBox.checked = all.length > 0 && maxOf(all) / minOf(all) > 100;
  controls.append(logBox, " log scale");
  s.append(controls);
  if (marks.length) s.append(el("ul", { class: "marks" }, marks));
  const holder = el("div");
  s.append(holder);
  let lossChart: uPlot | null = null;
  const drawLoss = () => {
    if (lossChart) {
      const at = charts.findIndex((c) => c.chart === lossChart);
      if (at >= 0) charts.splice(at, 1);
      lossChart.destroy();
      holder.replaceChildren();
    }
    lossChart = chart(holder, losses, {
      title: "loss (solid: train, dashed: test)",
      yLabel: "loss",
      log: logBox.checked,
      id: "chart-loss",
      marks: crosses,
    });
  };
  logBox.addEventListener("change", drawLoss);
  drawLoss();
  if (accs.length)
    chart(s, accs, { title: "accuracy (solid: train, dashed: test)", yLabel: "accuracy", log: false, id: "chart-accuracy", range: [0, 1] });
}

/**
 * A loss curve up to where it leaves the range (non-finite or above `cutoff`, or at index `divergedAt` at the
 * latest): that point is drawn at `top`, the points after it are gaps. `leftAt` is its index, or null.
 */
function untilOutOfRange(
  y: (number | null)[],
  cutoff: number,
  top: number,
  divergedAt: number,
): { clean: (number | null)[]; leftAt: number | null } {
  const clean: (number | null)[] = [];
  let leftAt: number | null = null;
  y.forEach((v, k) => {
    if (leftAt !== null) clean.push(null);
    else if (k !== divergedAt && (v === null || (Number.isFinite(v) && v <= cutoff))) clean.push(v);
    else {
      leftAt = k;
      clean.push(top);
    }
  });
  return { clean, leftAt };
}

// ---------------------------------------------------------------------------------------------- sweep

function sweepSection(): void {
  sweepView(section("Sweep", "sweep"), data.sweep!);
}

// ---------------------------------------------------------------------------------------------- boundary

async function inflate(b64: string): Promise<Uint8Array> {
  const bin = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const stream = new Blob([bin]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

interface Panel {
  run: RunData;
  b: BoundaryData;
  frames: Uint8Array;
  canvas: HTMLCanvasElement;
  caption: HTMLElement;
}

async function boundarySection(): Promise<void> {
  const withB = data.runs.filter((r) => r.boundary !== null);
  if (withB.length === 0) return;
  const s = section("Decision boundary over training", "boundary");
  s.append(
    el(
      "p",
      { class: "meta" },
      "Shaded by the predicted class, deeper where the model is surer; training points on top, misclassified ones drawn as ✕. Move the slider or press play to replay training: every run is shown at the same epoch (a run that ended earlier keeps its last snapshot).",
    ),
  );
  // the slider moves through epochs, so runs of different lengths stay in step; play visits every snapshot epoch
  const stops = [...new Set(withB.flatMap((r) => r.boundary!.epochs))].sort((a, b) => a - b);
  const last = stops[stops.length - 1];
  const slider = el("input", {
    type: "range",
    id: "snapshot-slider",
    min: String(stops[0]),
    max: String(last),
    step: "1",
    value: String(last),
  }) as HTMLInputElement;
  const shown = el("span", { id: "snapshot-epoch", class: "epoch" });
  const play = el("button", { type: "button", id: "snapshot-play" }, "▶ play");
  s.append(el("div", { class: "controls" }, play, slider, shown));
  const grid = el("div", { class: "panels" });
  s.append(grid);
  const panels: Panel[] = [];
  for (const run of withB) {
    const b = run.boundary!;
    const canvas = el("canvas", { class: "boundary", "data-run": run.label }) as HTMLCanvasElement;
    const caption = el("div", { class: "caption" });
    grid.append(el("figure", {}, el("figcaption", {}, breakable(run.label)), canvas, caption));
    panels.push({ run, b, frames: await inflate(b.frames), canvas, caption });
  }
  s.append(boundaryScale(maxOf(withB.map((r) => r.boundary!.classes))));
  const draw = () => {
    const epoch = Number(slider.value);
    shown.textContent = `epoch ${epoch}`;
    for (const p of panels) drawPanel(p, snapshotAt(p.b.epochs, epoch), epoch);
  };
  slider.addEventListener("input", draw);
  let timer: number | null = null;
  const stop = () => {
    if (timer !== null) clearInterval(timer);
    timer = null;
    play.textContent = "▶ play";
  };
  play.addEventListener("click", () => {
    if (timer !== null) return stop();
    if (Number(slider.value) >= last) slider.value = String(stops[0]);
    play.textContent = "❚❚ pause";
    timer = window.setInterval(() => {
      const next = stops.find((e) => e > Number(slider.value)) ?? last;
      slider.value = String(next);
      draw();
      if (next >= last) stop();
    }, 350);
  });
  draw();
}

/** The index of the last snapshot taken at or before `epoch` (the first one when all are later). */
function snapshotAt(epochs: number[], epoch: number): number {
  let k = 0;
  while (k + 1 < epochs.length && epochs[k + 1] <= epoch) k++;
  return k;
}

/** The colour scale of the maps: per class, from unsure (pale) to sure (deep), and the point marks. */
function boundaryScale(classes: number): HTMLElement {
  const items = Array.from({ length: Math.max(2, classes) }, (_, c) => {
    const [from, to] = [mix(LIGHT, classRgb(c), 0.12), mix(LIGHT, classRgb(c), 0.67)];
    const bar = el("span", { class: "ramp", style: `background:linear-gradient(to right, rgb(${from.join(",")}), rgb(${to.join(",")}))` });
    return el("span", { class: "scale-item" }, `class ${c}: unsure `, bar, " sure");
  });
  return el(
    "p",
    { class: "scale", id: "boundary-scale" },
    items,
    el("span", { class: "scale-item" }, "● training point · ✕ misclassified"),
  );
}

/** Room around a map for its axes: tick labels left and below. */
const AXIS = { left: 40, bottom: 30, top: 6, right: 8 };

function drawPanel(p: Panel, f: number, epoch: number): void {
  const { b, canvas } = p;
  const G = b.grid;
  const cells = G * G;
  const frame = p.frames.subarray(f * b.frameBytes, (f + 1) * b.frameBytes);
  const total = Math.min(360, Math.max(220, (canvas.parentElement?.parentElement?.clientWidth ?? 360) - 16));
  const width = total - AXIS.left - AXIS.right;
  const aspect = (b.bounds.y1 - b.bounds.y0) / (b.bounds.x1 - b.bounds.x0);
  const height = Math.round(width * Math.min(1.4, Math.max(0.5, aspect)));
  canvas.width = total;
  canvas.height = height + AXIS.top + AXIS.bottom;
  canvas.dataset.frame = String(f);
  canvas.dataset.epoch = String(b.epochs[f]);
  const small = document.createElement("canvas");
  small.width = G;
  small.height = G;
  const sctx = small.getContext("2d")!;
  const img = sctx.createImageData(G, G);
  for (let i = 0; i < cells; i++) {
    const cls = frame[i];
    const conf = frame[cells + i] / 255;
    const rgb: [number, number, number] = cls === NO_CLASS ? [150, 150, 150] : mix(LIGHT, classRgb(cls), 0.12 + 0.55 * conf);
    img.data.set([...rgb, 255], i * 4);
  }
  sctx.putImageData(img, 0, 0);
  const ctx = canvas.getContext("2d")!;
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(small, AXIS.left, AXIS.top, width, height);
  const toX = (x: number) => AXIS.left + ((x - b.bounds.x0) / (b.bounds.x1 - b.bounds.x0)) * width;
  const toY = (y: number) => AXIS.top + ((b.bounds.y1 - y) / (b.bounds.y1 - b.bounds.y0)) * height;
  mapAxes(ctx, b, { toX, toY, width, height });
  let wrong = 0;
  b.points.x.forEach(([x, y], i) => {
    const label = b.points.y[i];
    const predicted = frame[2 * cells + i];
    const miss = predicted !== label;
    const [r, g, bl] = classRgb(label);
    const px = toX(x);
    const py = toY(y);
    ctx.lineWidth = 1;
    if (miss) {
      wrong++;
      ctx.strokeStyle = `rgb(${r},${g},${bl})`;
      ctx.lineWidth = 2.5;
      ctx.beginPath();
      ctx.moveTo(px - 4, py - 4);
      ctx.lineTo(px + 4, py + 4);
      ctx.moveTo(px + 4, py - 4);
      ctx.lineTo(px - 4, py + 4);
      ctx.stroke();
    } else {
      ctx.fillStyle = `rgb(${r},${g},${bl})`;
      ctx.strokeStyle = "rgba(255,255,255,0.9)";
      ctx.beginPath();
      ctx.arc(px, py, 3, 0, 2 * Math.PI);
      ctx.fill();
      ctx.stroke();
    }
  });
  const ended = epoch > b.epochs[b.epochs.length - 1] ? " (its last snapshot)" : "";
  p.caption.textContent = `epoch ${b.epochs[f]}${ended} · ${wrong} of ${b.points.y.length} training points misclassified`;
}

/** A map's frame, tick labels at both ends and the middle of each input's range, and the inputs' names. */
function mapAxes(
  ctx: CanvasRenderingContext2D,
  b: BoundaryData,
  g: { toX: (x: number) => number; toY: (y: number) => number; width: number; height: number },
): void {
  ctx.strokeStyle = "#888";
  ctx.lineWidth = 1;
  ctx.strokeRect(AXIS.left - 0.5, AXIS.top - 0.5, g.width + 1, g.height + 1);
  ctx.fillStyle = "#333";
  ctx.font = "11px sans-serif";
  const tick = (v: number) => fmt(v, 2);
  const { x0, x1, y0, y1 } = b.bounds;
  ctx.textBaseline = "top";
  for (const [v, align] of [
    [x0, "left"],
    [(x0 + x1) / 2, "center"],
    [x1, "right"],
  ] as const) {
    ctx.textAlign = align;
    ctx.fillText(tick(v), g.toX(v), AXIS.top + g.height + 3);
  }
  ctx.textAlign = "center";
  ctx.fillText(b.inputs[0], AXIS.left + g.width / 2, AXIS.top + g.height + 16);
  ctx.textAlign = "right";
  for (const [v, base] of [
    [y1, "top"],
    [(y0 + y1) / 2, "middle"],
    [y0, "bottom"],
  ] as const) {
    ctx.textBaseline = base;
    ctx.fillText(tick(v), AXIS.left - 4, g.toY(v));
  }
  ctx.textBaseline = "middle";
  ctx.fillText(b.inputs[1], AXIS.left - 4, AXIS.top + g.height / 4);
}

function classRgb(c: number): [number, number, number] {
  return CLASS_COLORS[c % CLASS_COLORS.length];
}

function mix(a: [number, number, number], b: [number, number, number], t: number): [number, number, number] {
  return [0, 1, 2].map((i) => Math.round(a[i] + (b[i] - a[i]) * t)) as [number, number, number];
}

// ---------------------------------------------------------------------------------------------- one run's details

function detailsSection(): void {
  const s = section(data.runs.length === 1 ? "Inside the run" : "Inside one run", "details");
  const holder = el("div");
  if (data.runs.length > 1) {
    const select = el("select", { id: "run-select" }) as HTMLSelectElement;
    data.runs.forEach((r, i) => select.append(el("option", { value: String(i) }, r.label)));
    const divergedFirst = data.runs.findIndex((r) => r.status === "diverged");
    select.value = "0";
    select.addEventListener("change", () => details(holder, data.runs[Number(select.value)]));
    s.append(el("label", {}, "run: ", select));
    void divergedFirst;
  }
  s.append(holder);
  details(holder, data.runs[0]);
}

function details(holder: HTMLElement, run: RunData): void {
  for (let i = charts.length - 1; i >= 0; i--) {
    if (holder.contains(charts[i].box)) {
      charts[i].chart.destroy();
      charts.splice(i, 1);
    }
  }
  holder.replaceChildren();
  const x = epochsOf(run);
  const layerCols = run.columns.filter((c) => /^grad_norm_layer\d+$/.test(c));
  const palette = (i: number) => `hsl(${(i * 67 + 200) % 360}, 65%, 40%)`;
  if (layerCols.length) {
    const lines: Line[] = layerCols.map((c, i) => ({ label: `layer ${c.slice(15)} ‖∇W‖`, color: palette(i), x, y: column(run, c)! }));
    const g = column(run, "grad_norm");
    if (g) lines.push({ label: "all parameters", color: "#555", dash: [5, 4], x, y: g });
    chart(holder, lines, { title: `gradient flow: ${run.label}`, yLabel: "gradient norm (log)", log: true, id: "chart-gradients" });
  }
  const fracCols = run.columns.filter((c) => /^(dead|sat)_frac_layer\d+$/.test(c) && column(run, c)!.some((v) => v !== null));
  if (fracCols.length) {
    const lines: Line[] = fracCols.map((c, i) => ({
      label: `${c.startsWith("dead") ? "dead" : "saturated"} layer ${c.replace(/^\D+/, "")}`,
      color: palette(i),
      dash: c.startsWith("sat") ? [6, 3] : undefined,
      x,
      y: column(run, c)!,
    }));
    chart(holder, lines, {
      title: `dead and saturated units: ${run.label}`,
      yLabel: "fraction",
      log: false,
      id: "chart-units",
      range: [0, 1],
    });
  }
  const facts = el("dl", { class: "facts" });
  const fact = (k: string, v: string) => facts.append(el("dt", {}, k), el("dd", {}, v));
  fact("folder", run.dir);
  fact("status", run.status ?? "unknown (no summary.json)");
  fact("seed", run.seed === null ? "—" : String(run.seed));
  fact("nn-lab version", run.version ?? "—");
  holder.append(facts);
  holder.append(el("h3", {}, "Training health"));
  if (run.status === null) holder.append(el("p", { class: "missing" }, "not known: the run has no summary.json"));
  else if (run.health.length === 0) holder.append(el("p", {}, "no findings: training looked healthy"));
  else
    holder.append(
      el(
        "ul",
        { class: "health" },
        run.health.map((h) => el("li", {}, `${h.kind}: ${h.message}`)),
      ),
    );
  holder.append(el("h3", {}, "Expectations"));
  if (run.expect.length === 0) holder.append(el("p", {}, "none"));
  else
    holder.append(
      el(
        "ul",
        { class: "expect" },
        run.expect.map((e) =>
          el(
            "li",
            { class: e.pass ? "pass" : "fail" },
            `${e.pass ? "PASS" : "FAIL"} ${e.metric} ${e.op} ${e.threshold} (got ${fmt(e.value)})`,
          ),
        ),
      ),
    );
  holder.append(el("h3", {}, "Resolved config"));
  holder.append(el("pre", { class: "config" }, run.config === null ? "(no config.json)" : JSON.stringify(run.config, null, 2)));
}

// ---------------------------------------------------------------------------------------------- main

async function main(): Promise<void> {
  header();
  if (data.sweep) {
    // a sweep: its grid points first, then the runs one by one
    sweepSection();
    runsTable();
  } else {
    runsTable();
    curves();
  }
  await boundarySection();
  if (data.runs.length) detailsSection();
  document.body.dataset.ready = "true";
}

main().catch((e: unknown) => {
  app.append(el("p", { class: "missing" }, `The report could not be drawn: ${String(e)}`));
  document.body.dataset.ready = "error";
  throw e;
});
