/**
 * Helpers for the classic experiments: run a config's documented command through the built CLI (in-process) and read the
 * runs back. Every test also checks that the command it runs is the one the config's header comment shows
 * (expectDocumented), so the comments cannot drift from what is tested.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { column, readJson, readMetrics, ROOT, runMain, tempDir, type CliResult } from "../helpers.js";

/** The header comment of a config: its leading `#` lines, without the `#`. */
export function headerComment(config: string): string {
  const lines = readFileSync(join(ROOT, config), "utf8").split("\n");
  const end = lines.findIndex((l) => !l.startsWith("#"));
  return lines
    .slice(0, end < 0 ? lines.length : end)
    .map((l) => l.replace(/^#\s?/, ""))
    .join("\n");
}

/** `args` as a POSIX shell would need them typed (single quotes around anything beyond plain characters). */
export function shellJoin(args: string[]): string {
  return args.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(" ");
}

/** Fail unless `nn-lab ARGS` appears in the config's header comment. */
export function expectDocumented(config: string, args: string[]): void {
  const command = `nn-lab ${shellJoin(args)}`;
  expect(headerComment(config), `${config} documents \`${command}\``).toContain(command);
}

export interface Metrics {
  header: string[];
  rows: (number | null)[][];
  col: (name: string) => (number | null)[];
  /** The value of a column at an epoch (the row whose epoch column equals it). */
  at: (name: string, epoch: number) => number | null;
  last: (name: string) => number | null;
}

export function metrics(runDir: string): Metrics {
  const m = readMetrics(runDir);
  const col = (name: string) => column(m, name);
  const epochs = col("epoch");
  return {
    ...m,
    col,
    at: (name, epoch) => {
      const i = epochs.indexOf(epoch);
      if (i < 0) throw new Error(`${runDir}/metrics.csv has no row for epoch ${epoch}`);
      return col(name)[i];
    },
    last: (name) => col(name)[m.rows.length - 1],
  };
}

export interface ComparedRun {
  label: string;
  dir: string;
  status: string;
  epochs: number;
  final: { train_loss: number | null; train_acc: number | null; test_loss: number | null; test_acc: number | null };
  epochs_to_target: number | null;
  metrics: Metrics;
  summary: Summary;
}

export interface Summary {
  status: string;
  epochs: number;
  diverged_at: { epoch: number; what: string } | null;
  confusion: number[][] | null;
  final: Record<string, number | null>;
}

/** Run `nn-lab compare ARGS` into a temp folder; the runs keyed by label. */
export async function compare(args: string[]): Promise<{ result: CliResult; runs: Map<string, ComparedRun> }> {
  const result = await runMain([...args, "--runs", tempDir("nn-lab-classic-"), "--json"]);
  expect(result.code, result.stderr).toBe(0);
  const doc = JSON.parse(result.stdout) as { runs: Omit<ComparedRun, "metrics" | "summary">[] };
  const runs = new Map(
    doc.runs.map((r) => [r.label, { ...r, metrics: metrics(r.dir), summary: readJson<Summary>(join(r.dir, "summary.json")) }]),
  );
  return { result, runs };
}

/** Run `nn-lab train ARGS` (one config) into a temp folder. */
export async function train(args: string[]): Promise<{ result: CliResult; dir: string; metrics: Metrics; summary: Summary }> {
  const dir = join(tempDir("nn-lab-classic-"), "run");
  const result = await runMain([...args, "--run-dir", dir, "--quiet"]);
  return { result, dir, metrics: metrics(dir), summary: readJson<Summary>(join(dir, "summary.json")) };
}

export const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** The numbers of a column, failing on an empty cell. */
export function numbers(xs: (number | null)[]): number[] {
  return xs.map((x, i) => {
    if (x === null) throw new Error(`empty cell in row ${i}`);
    return x;
  });
}
