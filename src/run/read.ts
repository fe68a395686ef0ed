/** Reading finished run folders back: summary.json, config.json and metrics.csv, with one clear line when they are bad. */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../errors.js";
import type { Summary } from "./run.js";

/** A JSON file, or an InputError naming it and why it could not be read. */
export function readJsonFile<T>(path: string, what: string): T {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as T;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(
      `${path}: cannot read ${what} (${code === "ENOENT" ? "no such file" : (code ?? (e as Error).message.split("\n")[0])})`,
    );
  }
}

/** A run folder or a summary.json path → its summary. */
export function readSummary(path: string): Summary {
  const file = existsSync(path) && statSync(path).isDirectory() ? join(path, "summary.json") : path;
  const s = readJsonFile<Summary>(file, "the run summary");
  if (!s || typeof s !== "object" || !s.final || typeof s.status !== "string")
    throw new InputError(`${file}: not an nn-lab summary.json (no status/final)`);
  return s;
}

/** The run's config `expect:` block ({} when the folder has no config.json). */
export function readConfigExpect(dir: string): Record<string, string | number> {
  const configPath = join(dir, "config.json");
  return existsSync(configPath)
    ? (readJsonFile<{ expect?: Record<string, string | number> }>(configPath, "the run config").expect ?? {})
    : {};
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

export function readRunMetrics(dir: string): RunMetrics {
  const lines = readFileSync(join(dir, "metrics.csv"), "utf8").trimEnd().split("\n");
  const header = lines[0].split(",");
  const rows = lines.slice(1).map((l) => l.split(",").map((c) => (c === "" ? null : Number(c))));
  let summary: Summary | null = null;
  try {
    summary = JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")) as Summary;
  } catch {
    summary = null; // an interrupted or killed run: compare what it wrote
  }
  return { dir, header, rows, summary };
}
