/**
 * Sweep plans: `--vary key=v1,v2` values (alias `--grid`) (YAML scalars, commas inside [] or {} kept), the cartesian product in
 * a fixed order (the first key varies slowest, seeds fastest), stable run ids, and deterministic shards.
 */
import { parseYamlValue, UNSAFE_KEYS } from "../config/load.js";
import { InputError } from "../errors.js";

export interface GridAxis {
  key: string;
  values: unknown[];
}

export interface PlannedRun {
  /** 0-based position in the full grid. */
  index: number;
  /** key → value for this grid point. */
  point: Record<string, unknown>;
  seed: number;
  /** Folder name inside the sweep folder: stable across invocations, so re-runs find completed runs. */
  id: string;
}

/** Split on commas that are not inside brackets, braces or quotes. */
export function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let cur = "";
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === "[" || ch === "{") depth++;
    else if (ch === "]" || ch === "}") depth--;
    else if (ch === "," && depth === 0) {
      parts.push(cur);
      cur = "";
      continue;
    }
    cur += ch;
  }
  parts.push(cur);
  return parts.map((p) => p.trim());
}

/** A grid key: names (or list indices) joined by dots, none of them __proto__/constructor/prototype. */
export function isKeyPath(key: string): boolean {
  return /^[A-Za-z_][\w]*(\.([A-Za-z_][\w]*|\d+))*$/.test(key) && !key.split(".").some((k) => UNSAFE_KEYS.has(k));
}

/** Parse `key=v1,v2,...` (values as YAML: 0.1, relu, [8, 8], {name: adam}). */
export function parseAxis(text: string, flag = "--vary"): GridAxis {
  const eq = text.indexOf("=");
  if (eq <= 0) throw new InputError(`${flag} ${text}: expected key.path=v1,v2 (e.g. ${flag} model.activation=sigmoid,relu)`);
  const key = text.slice(0, eq).trim();
  if (!isKeyPath(key)) throw new InputError(`${flag} ${text}: '${key}' is not a key path`);
  const values = splitTopLevel(text.slice(eq + 1)).map((v) => {
    if (v === "") throw new InputError(`${flag} ${text}: an empty value`);
    return parseYamlValue(v, `${flag} ${text}`);
  });
  return { key, values };
}

/**
 * The axes of one sweep or comparison: each key once (two `--vary train.lr=…` would plan runs with the same names),
 * and never `seed` (seeds are their own axis: --seeds, or the config's sweep.seeds). `flag` is where they came from
 * (`--vary`, or a config's `sweep.grid`).
 */
export function checkAxes(axes: GridAxis[], flag = "--vary", kind: "sweep" | "comparison" = "sweep"): GridAxis[] {
  const problems: string[] = [];
  const seen = new Map<string, GridAxis>();
  for (const a of axes) {
    const values = a.values.map((v) => (typeof v === "object" && v !== null ? JSON.stringify(v) : String(v))).join(",");
    if (a.key === "seed")
      problems.push(
        kind === "comparison"
          ? `--vary seed=${values}: a seed is not a variant (variants share one seed, so the comparison is paired); use --seeds ${values} to train every variant on each seed`
          : `${flag} seed=${values}: seeds are not a grid axis; use --seeds ${values}${flag.startsWith("--") ? "" : ` or sweep.seeds: [${values}]`}`,
      );
    const prev = seen.get(a.key);
    if (prev) {
      const all = [...prev.values, ...a.values].map((v) => (typeof v === "object" && v !== null ? JSON.stringify(v) : String(v)));
      problems.push(`${flag} ${a.key}: given more than once; list every value in one ${flag} ${a.key}=${all.join(",")}`);
    } else seen.set(a.key, a);
  }
  if (problems.length > 0) throw new InputError(problems);
  return axes;
}

/** A sweep has at most this many runs (grid points × seeds); counted before anything is expanded. */
export const MAX_RUNS = 100_000;

/** Parse `--seeds 1,2,3` or a range `1-5`. */
export function parseSeeds(text: string): number[] {
  const range = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(text);
  if (range) {
    const count = Number(range[2]) - Number(range[1]) + 1;
    if (count > MAX_RUNS)
      throw new InputError(
        `--seeds ${text}: ${count.toLocaleString("en-US")} seeds, more than a sweep's limit of ${MAX_RUNS.toLocaleString("en-US")} runs`,
      );
  }
  const seeds = range
    ? Array.from({ length: Math.max(0, Number(range[2]) - Number(range[1]) + 1) }, (_, i) => Number(range[1]) + i)
    : text.split(",").map((s) => Number(s.trim()));
  if (seeds.length === 0 || seeds.some((s) => !Number.isSafeInteger(s) || s < 0)) {
    throw new InputError(`--seeds ${text}: expected whole numbers >= 0, like 1,2,3 or 1-5`);
  }
  return seeds;
}

/** A grid value as a person reads it: 0.1, relu, [8, 8], leaky_relu(alpha=0.1), {norm: 1}. */
export function displayValue(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(displayValue).join(", ")}]`;
  if (v !== null && typeof v === "object") {
    const { name, ...rest } = v as Record<string, unknown>;
    const params = Object.entries(rest).map(([k, x]) => `${k}=${displayValue(x)}`);
    if (typeof name === "string") return params.length ? `${name}(${params.join(", ")})` : name;
    return `{${params.join(", ")}}`;
  }
  return String(v);
}

/** A grid value in a folder name: [8, 8] → 8x8, [] → none, {name: leaky_relu, alpha: 0.1} → leaky_relu-alpha0.1. */
function slug(v: unknown): string {
  let s: string;
  if (Array.isArray(v)) s = v.length === 0 ? "none" : v.map(slug).join("x");
  else if (v !== null && typeof v === "object") {
    const { name, ...rest } = v as Record<string, unknown>;
    s = [typeof name === "string" ? name : "", ...Object.entries(rest).map(([k, x]) => `${k}${slug(x)}`)].filter(Boolean).join("-");
  } else s = String(v);
  return (
    s
      .replace(/[^A-Za-z0-9.+_-]+/g, "_")
      .replace(/^_+|_+$/g, "")
      .slice(0, 40) || "_"
  );
}

/** Every grid point × seed, in a fixed order; ids are `NNNN-key=value,...,seed=S`. */
export function expandGrid(axes: GridAxis[], seeds: number[]): PlannedRun[] {
  checkGridSize(axes, seeds.length);
  let points: Record<string, unknown>[] = [{}];
  for (const axis of axes) points = points.flatMap((p) => axis.values.map((v) => ({ ...p, [axis.key]: v })));
  const total = points.length * seeds.length;
  const width = Math.max(4, String(total - 1).length);
  const runs: PlannedRun[] = [];
  for (const point of points) {
    for (const seed of seeds) {
      const index = runs.length;
      const label = [...Object.entries(point).map(([k, v]) => `${k.split(".").pop()}=${slug(v)}`), `seed=${seed}`].join(",");
      runs.push({ index, point, seed, id: `${String(index).padStart(width, "0")}-${label}` });
    }
  }
  return runs;
}

/** Refuse a grid past MAX_RUNS, with its size, before a single run is expanded. */
export function checkGridSize(axes: GridAxis[], seeds: number): void {
  const count = axes.reduce((n, a) => n * a.values.length, seeds);
  if (count > MAX_RUNS) {
    const shape = [...axes.map((a) => `${a.values.length} ${a.key}`), `${seeds} seed${seeds === 1 ? "" : "s"}`].join(" × ");
    throw new InputError(
      `sweep: the grid has ${count.toLocaleString("en-US")} runs (${shape}), more than the limit of ${MAX_RUNS.toLocaleString("en-US")}; split it into several sweeps`,
    );
  }
}

export interface Shard {
  index: number; // 1-based
  count: number;
}

/** The scheduler's variables `--shard auto` reads (the CLI copies them from the environment: SHARD_VARIABLES). */
export type ShardVariables = Readonly<Partial<Record<(typeof SHARD_VARIABLES)[number], string>>>;
export const SHARD_VARIABLES = [
  "SLURM_ARRAY_TASK_ID",
  "SLURM_ARRAY_TASK_COUNT",
  "SLURM_ARRAY_TASK_MIN",
  "SLURM_ARRAY_TASK_STEP",
  "JOB_COMPLETION_INDEX",
  "NN_LAB_SHARDS",
] as const;

/** `--shard I/N` (1-based), or `auto` from SLURM_ARRAY_TASK_ID/COUNT (and _MIN) or JOB_COMPLETION_INDEX + NN_LAB_SHARDS. */
export function parseShard(text: string, env: ShardVariables = {}): Shard {
  if (text === "auto") {
    const int = (name: keyof ShardVariables, fallback?: number): number => {
      const v = env[name];
      if (v === undefined && fallback !== undefined) return fallback;
      if (v === undefined || !/^\d+$/.test(v.trim()))
        throw new InputError(`--shard auto: ${name} must be a whole number, got '${v ?? ""}'`);
      return Number(v);
    };
    if (env.SLURM_ARRAY_TASK_ID !== undefined) {
      // task IDs run MIN, MIN+STEP, …: shard = (ID − MIN)/STEP + 1
      const id = int("SLURM_ARRAY_TASK_ID");
      const min = int("SLURM_ARRAY_TASK_MIN", 0);
      const step = Math.max(1, int("SLURM_ARRAY_TASK_STEP", 1));
      if ((id - min) % step !== 0)
        throw new InputError(`--shard auto: SLURM_ARRAY_TASK_ID ${id} is not MIN ${min} plus a multiple of STEP ${step}`);
      return checkShard((id - min) / step + 1, int("SLURM_ARRAY_TASK_COUNT"), `--shard auto (SLURM_ARRAY_TASK_ID=${id})`);
    }
    if (env.JOB_COMPLETION_INDEX !== undefined) {
      if (env.NN_LAB_SHARDS === undefined)
        throw new InputError("--shard auto: JOB_COMPLETION_INDEX is set but NN_LAB_SHARDS (the Job's completions) is not");
      return checkShard(
        int("JOB_COMPLETION_INDEX") + 1,
        int("NN_LAB_SHARDS"),
        `--shard auto (JOB_COMPLETION_INDEX=${env.JOB_COMPLETION_INDEX})`,
      );
    }
    throw new InputError("--shard auto: found neither SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT nor JOB_COMPLETION_INDEX");
  }
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) throw new InputError(`--shard ${text}: expected I/N with 1 <= I <= N (e.g. --shard 2/3), or auto`);
  return checkShard(Number(m[1]), Number(m[2]), `--shard ${text}`);
}

function checkShard(index: number, count: number, where: string): Shard {
  if (!Number.isInteger(count) || count < 1) throw new InputError(`${where}: the shard count must be a whole number >= 1, got ${count}`);
  if (!Number.isInteger(index) || index < 1 || index > count)
    throw new InputError(`${where}: the shard must be between 1 and ${count}, got ${index}`);
  return { index, count };
}

/** Runs of one shard: every N-th run, starting at I − 1 (round-robin keeps shards balanced across the grid). */
export function shardRuns(runs: PlannedRun[], shard: Shard | null): PlannedRun[] {
  return shard ? runs.filter((r) => r.index % shard.count === shard.index - 1) : runs;
}
