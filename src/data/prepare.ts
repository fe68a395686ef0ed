/**
 * From a data block to train/test sets: generate (or read), shuffle, split, derive features.
 * Generated sets are always shuffled before the split; csv and inline data keep their row order when
 * data.test is 0 (and a CSV `split` column, as `nn-lab data` writes, fixes the split exactly).
 */
import { isAbsolute, resolve } from "node:path";
import { Rng } from "../engine/rng.js";
import { InputError } from "../errors.js";
import type { Dataset, Split, Task } from "./dataset.js";
import { applyFeatures } from "./features.js";
import { GENERATORS, type GeneratorName } from "./generators.js";
import { readCsv } from "./csv.js";

/** A data block as the resolved config holds it. */
export type DataConfig =
  | { kind: GeneratorName; n: number; noise: number; classes?: number; factor?: number; test: number; features: string[] | null }
  | { kind: "csv"; path: string; target: string; test: number; features: string[] | null }
  | { kind: "inline"; x: number[][]; y: number[]; test: number; features: string[] | null };

export interface PrepareOptions {
  seed: number;
  /** The task when the data cannot tell (csv/inline); null = infer from the targets. */
  task: Task | null;
  /** Folder that relative data paths are taken from (the config file's). */
  baseDir: string;
  /** Where the data block came from, for messages (e.g. "configs/a.yaml: data"). */
  where: string;
}

export interface Prepared extends Split {
  /** Train rows then test rows: exactly what is trained on, in order (before feature derivation). */
  all: Dataset;
  testCount: number;
}

export function resolveDataPath(path: string, baseDir: string): string {
  return isAbsolute(path) ? path : resolve(baseDir, path);
}

export function prepareData(cfg: DataConfig, opts: PrepareOptions): Prepared {
  const { seed, where } = opts;
  let raw: Dataset;
  let fixedSplit: boolean[] | null = null;
  let shuffle = cfg.test > 0;
  if (cfg.kind === "csv" || cfg.kind === "inline") {
    const table =
      cfg.kind === "csv"
        ? readCsv(resolveDataPath(cfg.path, opts.baseDir), cfg.target, cfg.path, `${where}.path`)
        : inlineTable(cfg, where);
    fixedSplit = table.isTest;
    if (fixedSplit) shuffle = false;
    const task = opts.task ?? inferTask(table.y);
    const d = table.inputNames.length;
    raw = {
      x: table.x,
      y: table.y,
      n: table.n,
      d,
      task,
      classes: 0,
      inputNames: table.inputNames,
      targetName: cfg.kind === "csv" ? cfg.target : "y",
    };
    if (task === "classification") raw.classes = checkLabels(table.y, cfg.kind === "csv" ? cfg.path : `${where}.y`);
  } else {
    const gen = GENERATORS[cfg.kind];
    raw = gen.generate(
      { n: cfg.n, noise: cfg.noise, classes: cfg.classes ?? gen.defaults.classes, factor: cfg.factor ?? 0.8 },
      Rng.stream(seed, "data"),
    );
    shuffle = true;
  }

  const order = Uint32Array.from({ length: raw.n }, (_, i) => i);
  if (shuffle) Rng.stream(seed, "split").shuffle(order);
  let testCount: number;
  if (fixedSplit) {
    const trainRows = [...order].filter((i) => !fixedSplit![i]);
    const testRows = [...order].filter((i) => fixedSplit![i]);
    order.set([...trainRows, ...testRows]);
    testCount = testRows.length;
  } else {
    testCount = Math.round(raw.n * cfg.test);
  }
  const trainCount = raw.n - testCount;
  if (trainCount < 1) throw new InputError(`${where}.test: leaves no training rows (${raw.n} rows, ${testCount} held out)`);
  if (raw.task === "classification" && raw.n < raw.classes) {
    // a CSV or inline set has no data.n: name the file (or data.y) and its labels instead
    if (cfg.kind === "csv" || cfg.kind === "inline")
      throw new InputError(
        `${cfg.kind === "csv" ? cfg.path : `${where}.y`}: ${raw.n} rows cannot cover ${raw.classes} classes (labels 0..${raw.classes - 1}); class labels must be 0..K−1`,
      );
    throw new InputError(`${where}.n: ${raw.n} samples cannot cover ${raw.classes} classes`);
  }
  const all = permuteRows(raw, order);
  const features = cfg.features;
  const derive = (ds: Dataset) => (features ? applyFeatures(ds, features, `${where}.features`) : ds);
  // train and test are the two halves of `all`, as views: the rows are held once
  const train = derive(rowRange(all, 0, trainCount));
  const test = testCount > 0 ? derive(rowRange(all, trainCount, raw.n)) : null;
  return { all, train, test, testCount };
}

/**
 * The data set with row r taken from row order[r] (order a permutation), rearranged in place one cycle at a time:
 * the same rows as a copy (`takeRows` in dataset.ts), without holding the data twice.
 */
function permuteRows(ds: Dataset, order: Uint32Array): Dataset {
  const { x, y, d, n } = ds;
  const done = new Uint8Array(n);
  const keptX = new Float64Array(d);
  for (let start = 0; start < n; start++) {
    if (done[start]) continue;
    for (let j = 0; j < d; j++) keptX[j] = x[start * d + j];
    const keptY = y[start];
    for (let r = start; ;) {
      done[r] = 1;
      const src = order[r];
      if (src === start) {
        for (let j = 0; j < d; j++) x[r * d + j] = keptX[j];
        y[r] = keptY;
        break;
      }
      for (let j = 0; j < d; j++) x[r * d + j] = x[src * d + j];
      y[r] = y[src];
      r = src;
    }
  }
  return ds;
}

/** Rows [from, to) of a data set, as views into its arrays (no copy). */
function rowRange(ds: Dataset, from: number, to: number): Dataset {
  return { ...ds, x: ds.x.subarray(from * ds.d, to * ds.d), y: ds.y.subarray(from, to), n: to - from };
}

function inlineTable(cfg: Extract<DataConfig, { kind: "inline" }>, where: string) {
  const d = cfg.x[0].length;
  if (cfg.x.length !== cfg.y.length) throw new InputError(`${where}: x has ${cfg.x.length} rows but y has ${cfg.y.length}`);
  const x = new Float64Array(cfg.x.length * d);
  cfg.x.forEach((row, r) => {
    if (row.length !== d) throw new InputError(`${where}.x[${r}]: expected ${d} values (as x[0]), got ${row.length}`);
    row.forEach((v, j) => (x[r * d + j] = v));
  });
  return { inputNames: Array.from({ length: d }, (_, j) => `x${j + 1}`), x, y: Float64Array.from(cfg.y), n: cfg.y.length, isTest: null };
}

function inferTask(y: Float64Array): Task {
  let max = 0;
  for (const v of y) {
    if (!Number.isInteger(v) || v < 0) return "regression";
    if (v > max) max = v;
  }
  return max >= 1 && max < 1000 ? "classification" : "regression";
}

/** Class labels must be 0..K−1 with K ≥ 2; returns K. */
function checkLabels(y: Float64Array, where: string): number {
  let max = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (!Number.isInteger(v) || v < 0) throw new InputError(`${where}: class labels must be integers 0..K−1, got ${v} (row ${i + 1})`);
    if (v > max) max = v;
  }
  if (max < 1) throw new InputError(`${where}: class labels must include at least two classes (0 and 1), got only ${max}`);
  return max + 1;
}
