/** Test helpers: run the built CLI in a child process, make temp folders, read run files back. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const ROOT = resolve(__dirname, "..");
export const BIN = join(ROOT, "bin", "nn-lab.js");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], opts: { cwd?: string; env?: Record<string, string>; input?: string } = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: "1", ...opts.env },
    input: opts.input,
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(prefix = "nn-lab-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeFile(dir: string, name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

export function readJson<T = Record<string, unknown>>(path: string): T {
  return JSON.parse(readFileSync(path, "utf8")) as T;
}

/** metrics.csv as header + numeric rows (empty cells → null). */
export function readMetrics(runDir: string): { header: string[]; rows: (number | null)[][] } {
  const lines = readFileSync(join(runDir, "metrics.csv"), "utf8").trimEnd().split("\n");
  const header = lines[0].split(",");
  const rows = lines.slice(1).map((l) => l.split(",").map((c) => (c === "" ? null : Number(c))));
  return { header, rows };
}

export function column(m: { header: string[]; rows: (number | null)[][] }, name: string): (number | null)[] {
  const i = m.header.indexOf(name);
  if (i < 0) throw new Error(`no column ${name} in ${m.header.join(",")}`);
  return m.rows.map((r) => r[i]);
}

export function onlyRunDir(parent: string): string {
  const entries = readdirSync(parent);
  if (entries.length !== 1) throw new Error(`expected one run folder in ${parent}, got ${entries.join(", ")}`);
  return join(parent, entries[0]);
}
