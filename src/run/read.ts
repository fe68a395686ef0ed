/**
 * Run folders read back (by sweep resume and merge, check, compare): every file is validated with the same
 * schema its writer follows, so a hand-edited or half-written file is an input error naming the file and the
 * key, never a crash; and a run counts as finished only when its files agree with each other — summary.json
 * (written last) says how many epochs ran, metrics.csv holds exactly that many rows after epoch 0 and ends at
 * that epoch, and model.json exists — so a run whose files another process overwrote is redone, not trusted.
 */
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import * as z from "zod";
import { expectSchema } from "../config/schema.js";
import { formatIssues } from "../config/format.js";
import { InputError } from "../errors.js";
import { readInputText, shown } from "../files.js";
import { parseDecimal, parseWrittenNumber } from "../data/csv.js";
import { loadConfig } from "../config/load.js";
import { outputUnits } from "../config/derived.js";
import { resolveExperiment, type Experiment, type ResolvedConfig, type ResolveOptions } from "../config/resolve.js";
import { makeHead, type Head } from "../engine/losses.js";
import type { Mlp } from "../engine/mlp.js";
import { configNetwork, copyNorm, MODEL_FORMAT } from "../train/model.js";
import { summarySchema, type Summary } from "./summary.js";
import { SNAPSHOTS_FILE, SNAPSHOTS_FORMAT, type SnapshotsFile } from "./snapshots-file.js";

/** The parts of a run's config.json that are read back. */
export const runConfigSchema = z.looseObject({
  expect: expectSchema.default({}),
  train: z.looseObject({ log_every: z.int().min(1).default(1) }).prefault({}),
  model: z
    .looseObject({ layers: z.array(z.looseObject({ activation: z.looseObject({ name: z.string() }) })), output: z.string() })
    .optional()
    .catch(undefined), // only for labels (compare's gradient flow): a model block it cannot read leaves them out
});

/** Read a JSON file a run or sweep folder holds; any problem is an InputError naming the file. */
export function readRunJson(file: string, what: string): unknown {
  const text = readInputText(file, (why) => new InputError(`${file}: cannot read ${what} (${why})`));
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new InputError(`${file}: ${what} is not valid JSON (${shown((e as Error).message.split("\n")[0], 80)})`);
  }
}

/** Validate a read-back document; the first few problems, one line each. */
export function validated<T>(schema: z.ZodType<T>, doc: unknown, file: string, what: string): T {
  const r = schema.safeParse(doc);
  if (r.success) return r.data;
  const lines = formatIssues(r.error.issues, { raw: doc, where: () => file, keysAt: () => [] });
  const more = lines.length > 1 ? ` (and ${lines.length - 1} more)` : "";
  throw new InputError(`${file}: not a valid ${what}: ${lines[0].slice(file.length + 2)}${more}`);
}

export function readSummaryFile(file: string): Summary {
  return validated(summarySchema, readRunJson(file, "the run summary"), file, "nn-lab summary.json");
}

export interface RunConfigParts {
  expect: Record<string, string | number>;
  logEvery: number;
  /** Each weight layer's activation, hidden layers then the output's (null when config.json has no model block). */
  activations: string[] | null;
}

export function readRunConfig(file: string): RunConfigParts {
  const cfg = validated(runConfigSchema, readRunJson(file, "the run config"), file, "nn-lab run config.json");
  const activations = cfg.model ? [...cfg.model.layers.map((l) => l.activation.name), cfg.model.output] : null;
  return { expect: cfg.expect as Record<string, string | number>, logEvery: cfg.train.log_every, activations };
}

/**
 * Why a run folder's files do not agree with its summary (null when they do): metrics.csv must hold the header,
 * epoch 0 and one row per logged epoch up to `summary.epochs`, in order and with no stray bytes; model.json must
 * exist. `logEvery` > 1 writes every k-th epoch (plus the first and last).
 */
export function runFilesProblem(dir: string, summary: Summary, logEvery = 1): string | null {
  const metricsPath = join(dir, "metrics.csv");
  let text: string;
  try {
    text = readInputText(metricsPath, (why) => new InputError(why));
  } catch (e) {
    return `metrics.csv: ${(e as Error).message}`;
  }
  const lines = text.split("\n");
  if (lines[lines.length - 1] !== "") return "metrics.csv: the last line is cut off";
  lines.pop();
  const rows = lines.slice(1);
  if (rows.length === 0) return "metrics.csv: no rows";
  const width = lines[0].split(",").length;
  const epochs: number[] = [];
  for (const [i, row] of rows.entries()) {
    const cells = row.split(",");
    const epoch = parseDecimal(cells[0]) ?? NaN;
    if (cells.length !== width || !Number.isInteger(epoch)) return `metrics.csv:${i + 2}: not a metrics row`;
    epochs.push(epoch);
  }
  if (epochs[0] !== 0) return "metrics.csv: does not start at epoch 0";
  const last = epochs[epochs.length - 1];
  if (last !== summary.epochs) return `metrics.csv ends at epoch ${last}, summary.json says ${summary.epochs} epochs`;
  for (let i = 1; i < epochs.length; i++) if (epochs[i] <= epochs[i - 1]) return `metrics.csv:${i + 2}: epochs out of order`;
  const expected = logEvery <= 1 ? summary.epochs + 1 : null;
  if (expected !== null && rows.length !== expected)
    return `metrics.csv holds ${rows.length} rows, expected ${expected} (epochs 0..${summary.epochs})`;
  try {
    readInputText(join(dir, "model.json"), (why) => new InputError(why));
  } catch (e) {
    return `model.json: ${(e as Error).message}`;
  }
  return null;
}

/** A JSON file, or an InputError naming it and why it could not be read. */
export function readJsonFile<T>(path: string, what: string): T {
  return readRunJson(path, what) as T;
}

/**
 * A run folder or a summary.json path → its summary, validated as the run wrote it; for a run folder its
 * metrics.csv and model.json must agree with the summary too, whatever its status (an interrupted run is complete
 * up to its last row; a run whose files were cut is no run to gate on).
 */
export function readSummary(path: string): Summary {
  const isDir = existsSync(path) && statSync(path).isDirectory();
  const file = isDir ? join(path, "summary.json") : path;
  const s = readSummaryFile(file);
  if (isDir) {
    const configPath = join(path, "config.json");
    const logEvery = existsSync(configPath) ? readRunConfig(configPath).logEvery : 1;
    const problem = runFilesProblem(path, s, logEvery);
    if (problem) throw new InputError(`${path}: ${problem}; the run's files do not agree with its summary.json`);
  }
  return s;
}

/** The run's config `expect:` block ({} when the folder has no config.json), validated as the config schema does. */
export function readConfigExpect(dir: string): Record<string, string | number> {
  const configPath = join(dir, "config.json");
  return existsSync(configPath) ? readRunConfig(configPath).expect : {};
}

/** A weight as model.json holds it: a number, or null where the run diverged (JSON writes NaN and ±Infinity as null). */
const weightValue = z.number().nullable();

/** model.json as run/run-experiment.ts writes it (train/model.ts modelToJson). */
export const modelFileSchema = z.looseObject({
  format: z.literal(MODEL_FORMAT),
  inputs: z.int().min(1),
  layers: z.array(
    z.looseObject({
      in: z.int().min(1),
      out: z.int().min(1),
      weight: z.array(z.array(weightValue)),
      bias: z.array(weightValue).nullable(),
    }),
  ),
});

/** A finished run's network and data, rebuilt from its folder (compare RUN_DIR... draws their decision boundaries). */
export interface RunModel {
  /** config.json resolved again: its data generated (or read) exactly as the run trained on it. */
  experiment: Experiment;
  /** model.json's weights in the network config.json describes, and the head of its loss and output. */
  model: { mlp: Mlp; head: Head };
}

/** Whether a run folder holds what readRunModel needs (config.json and model.json); a killed run may not. */
export const hasRunModel = (dir: string): boolean => existsSync(join(dir, "config.json")) && existsSync(join(dir, "model.json"));

/**
 * Rebuild a run's trained network: config.json is loaded and resolved as any config is (validated, every problem
 * naming the file and key), which regenerates the run's data from its seed; model.json is validated and its weights,
 * whose shapes must be those of config.json's network, are copied in. A diverged run's non-finite weights come back NaN.
 */
export function readRunModel(dir: string, opts: ResolveOptions = {}): RunModel {
  const experiment = resolveExperiment(loadConfig(join(dir, "config.json")), opts);
  const { config, data } = experiment;
  const file = join(dir, "model.json");
  const doc = validated(modelFileSchema, readRunJson(file, "the run's model"), file, "nn-lab model.json");
  const mlp = configNetwork(config, data.train.d, outputUnits(config.train.loss, data.train.classes));
  copyWeights(mlp, doc, file);
  return { experiment, model: { mlp, head: makeHead(config.train.loss, config.model.output) } };
}

function copyWeights(mlp: Mlp, doc: z.infer<typeof modelFileSchema>, file: string): void {
  const bad = (key: string, msg: string) => new InputError(`${file}: ${key}: ${msg}, as config.json's network has`);
  if (doc.inputs !== mlp.inputs) throw bad("inputs", `expected ${mlp.inputs}, got ${doc.inputs}`);
  if (doc.layers.length !== mlp.layers.length)
    throw bad("layers", `expected ${mlp.layers.length} layers (hidden + output), got ${doc.layers.length}`);
  mlp.layers.forEach((layer, l) => {
    const { weight, bias } = doc.layers[l];
    if (weight.length !== layer.outDim || weight.some((row) => row.length !== layer.inDim))
      throw bad(
        `layers[${l}].weight`,
        `expected ${layer.outDim}×${layer.inDim} (out×in), got ${weight.length} rows of ${weight[0]?.length ?? 0}`,
      );
    weight.forEach((row, o) => row.forEach((v, i) => (layer.weight[o * layer.inDim + i] = v ?? NaN)));
    if (!layer.bias) {
      if (bias !== null) throw bad(`layers[${l}].bias`, `expected null (bias: false), got ${bias.length} values`);
      return;
    }
    if (bias === null || bias.length !== layer.outDim)
      throw bad(`layers[${l}].bias`, `expected ${layer.outDim} values, got ${bias === null ? "null" : bias.length}`);
    bias.forEach((v, o) => (layer.bias![o] = v ?? NaN));
    copyNorm(layer, doc.layers[l].norm, `layers[${l}].norm`, (msg) => new InputError(`${file}: ${msg}`));
  });
}

/** A folder holding a metrics.csv. */
export const isRunDir = (p: string): boolean => existsSync(p) && statSync(p).isDirectory() && existsSync(join(p, "metrics.csv"));

/** A run's metrics.csv (header and numeric rows, empty cells null) and its summary, null when it has none. */
export interface RunMetrics {
  dir: string;
  header: string[];
  rows: (number | null)[][];
  summary: Summary | null;
}

/** One metrics.csv row's cells: empty → null, else a number as nn-lab writes it; anything else names file:line:column. */
function metricsCells(line: string, where: string): (number | null)[] {
  let column = 1;
  return line.split(",").map((c) => {
    const v = c === "" ? null : parseWrittenNumber(c);
    if (v === null && c !== "")
      throw new InputError(`${where}:${column}: expected a decimal number (or NaN, Infinity as nn-lab writes them), got '${shown(c, 24)}'`);
    column += c.length + 1;
    return v;
  });
}

export function readRunMetrics(dir: string): RunMetrics {
  const file = join(dir, "metrics.csv");
  const lines = readInputText(file, (why) => new InputError(`${file}: cannot read the run's metrics (${why})`))
    .trimEnd()
    .split("\n");
  const header = lines[0].split(",");
  const rows = lines.slice(1).map((l, i) => metricsCells(l, `${file}:${i + 2}`));
  // no summary.json: an interrupted or killed run, compared on what it wrote; one that is there must be valid
  const summaryFile = join(dir, "summary.json");
  const summary = existsSync(summaryFile) ? readSummaryFile(summaryFile) : null;
  return { dir, header, rows, summary };
}

/** A run folder read leniently, for the HTML report: every part that can be read, and what could not, in words. */
export interface RunFolder {
  config: ResolvedConfig | null;
  summary: Summary | null;
  /** metrics.csv's header and its whole rows (empty cells and non-numbers null). */
  columns: string[];
  rows: (number | null)[][];
  snapshots: SnapshotsFile | null;
  missing: string[];
}

export function readRunFolder(dir: string): RunFolder {
  const missing: string[] = [];
  const config = readPart(join(dir, "config.json"), reportConfigSchema, "nn-lab run config.json", "no resolved config", missing);
  if (!config && !existsSync(join(dir, "config.json"))) missing.push("config.json is missing: no resolved config");
  let summary: Summary | null = null;
  if (!existsSync(join(dir, "summary.json")))
    missing.push("summary.json is missing: the run did not finish (no status, final metrics, health or expectations)");
  else {
    try {
      summary = readSummaryFile(join(dir, "summary.json"));
    } catch (e) {
      missing.push(`${e instanceof InputError ? e.problems.join("; ") : String(e)}: no status, final metrics, health or expectations`);
    }
  }
  const { columns, rows } = readMetricsLenient(dir, missing);
  const snapshots = existsSync(join(dir, SNAPSHOTS_FILE))
    ? (readPart(join(dir, SNAPSHOTS_FILE), snapshotsSchema, SNAPSHOTS_FORMAT, "no decision boundary", missing) as SnapshotsFile | null)
    : null;
  return { config: config as ResolvedConfig | null, summary, columns, rows, snapshots, missing };
}

/**
 * A JSON file of a run folder the report uses, validated against its schema; when it cannot be read or does not
 * fit, null and a note in `missing` naming the file, the key and what the report leaves out (`consequence`).
 */
function readPart<T>(path: string, schema: z.ZodType<T>, what: string, consequence: string, missing: string[]): T | null {
  if (!existsSync(path)) return null;
  try {
    return validated(schema, readRunJson(path, what), path, what);
  } catch (e) {
    missing.push(`${e instanceof InputError ? e.problems.join("; ") : String(e)}: ${consequence}`);
    return null;
  }
}

/** The parts of config.json the report reads (label, seed, the network for the decision boundary); the rest is shown as it is. */
const reportConfigSchema = z.looseObject({
  seed: z.int().min(0),
  data: z.looseObject({ kind: z.string() }),
  model: z.looseObject({
    layers: z.array(z.looseObject({ units: z.int().min(1), activation: z.looseObject({ name: z.string() }) })),
    output: z.string(),
  }),
  train: z.looseObject({ epochs: z.int().min(0), loss: z.string() }),
});

const finite = z.number().refine(Number.isFinite, "expected a finite number");

/** snapshots.json as run/snapshots-file.ts writes it: every field the report draws from, with its shape and range. */
export const snapshotsSchema = z
  .looseObject({
    format: z.literal(SNAPSHOTS_FORMAT),
    inputs: z.tuple([z.string(), z.string()]),
    classes: z.int().min(2).max(254),
    bounds: z.looseObject({ x0: finite, x1: finite, y0: finite, y1: finite }),
    points: z.looseObject({ x: z.array(z.tuple([finite, finite])), y: z.array(z.int().min(0)) }),
    epochs: z.array(z.int().min(0)).min(1),
    param_count: z.int().min(1),
    params: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, "expected base64"),
  })
  .superRefine((f, ctx) => {
    if (f.points.y.length !== f.points.x.length)
      ctx.addIssue({
        code: "custom",
        path: ["points", "y"],
        message: `expected ${f.points.x.length} labels (one per point), got ${f.points.y.length}`,
      });
    const label = f.points.y.findIndex((y) => y >= f.classes);
    if (label >= 0) ctx.addIssue({ code: "custom", path: ["points", "y", label], message: `expected a class below ${f.classes}` });
    if (!(f.bounds.x0 < f.bounds.x1 && f.bounds.y0 < f.bounds.y1))
      ctx.addIssue({ code: "custom", path: ["bounds"], message: "expected x0 < x1 and y0 < y1" });
    const bytes = Math.floor((f.params.replace(/=+$/, "").length * 3) / 4);
    if (bytes !== 8 * f.param_count * f.epochs.length)
      ctx.addIssue({
        code: "custom",
        path: ["params"],
        message: `expected ${8 * f.param_count * f.epochs.length} bytes (${f.epochs.length} epochs × ${f.param_count} float64), got ${bytes}`,
      });
  });

/** metrics.csv's rows that are whole: a row with too few cells (a file cut short) is left out and said. */
function readMetricsLenient(dir: string, missing: string[]): { columns: string[]; rows: (number | null)[][] } {
  let text: string;
  try {
    text = readInputText(join(dir, "metrics.csv"), (why) => new Error(why));
  } catch (e) {
    missing.push(`metrics.csv is missing or unusable (${(e as Error).message}): no curves`);
    return { columns: [], rows: [] };
  }
  const lines = text.split("\n");
  const complete = text.endsWith("\n");
  if (complete) lines.pop();
  const columns = (lines.shift() ?? "").split(",").filter((c) => c !== "");
  const rows: (number | null)[][] = [];
  lines.forEach((line, i) => {
    const cells = line.split(",");
    const last = i === lines.length - 1;
    if (cells.length !== columns.length || (last && !complete)) {
      missing.push(
        `metrics.csv line ${i + 2} is incomplete (${cells.length} of ${columns.length} cells${last && !complete ? ", no line end" : ""}): the file was cut short; ${rows.length} whole rows are shown`,
      );
      return;
    }
    rows.push(cells.map((c) => (c === "" || !Number.isFinite(Number(c)) ? null : Number(c))));
  });
  if (columns.length === 0) missing.push("metrics.csv has no header: no curves");
  return { columns, rows };
}
