/**
 * Test helpers: run the built CLI in this process (runMain) or in a child process (runCli), make temp folders, read
 * run files back.
 */
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

/** The built CLI in a child process: for what needs a process (signals, a terminal, exit, one smoke test per command). */
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

type Write = typeof process.stdout.write;
type MainFn = (argv: string[]) => Promise<number>;
let loadedMain: Promise<MainFn> | null = null;
let queue: Promise<unknown> = Promise.resolve();

/**
 * The built CLI's `main(argv)` (dist/cli/main.js, what bin/nn-lab.js runs) in this process, as runCli runs it in a
 * child: stdout and stderr captured and not terminals (80 columns, no colour unless the env asks), the working
 * folder `cwd` (default the repository), the environment NO_COLOR=1 and `env`, nothing inherited, and
 * the exit code returned. process.exit is refused while it runs (main never exits; a command that tried would throw
 * here). Calls run one at a time (they swap process-wide state), so a test can start several without awaiting each.
 */
export function runMain(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  const run = queue.then(() => runMainNow(args, opts));
  queue = run.catch(() => undefined);
  return run;
}

async function runMainNow(args: string[], opts: { cwd?: string; env?: Record<string, string> }): Promise<CliResult> {
  loadedMain ??= import(join(ROOT, "dist", "cli", "main.js")).then((m: { main: MainFn }) => m.main);
  const main = await loadedMain;
  const out: string[] = [];
  const err: string[] = [];
  const saved = { cwd: process.cwd(), env: process.env, exit: process.exit, out: process.stdout.write, err: process.stderr.write };
  const capture = (chunks: string[]): Write =>
    ((chunk: string | Uint8Array, encoding?: unknown, done?: unknown) => {
      chunks.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      const callback = typeof encoding === "function" ? encoding : done;
      if (typeof callback === "function") process.nextTick(callback as () => void);
      return true;
    }) as Write;
  const notTerminal = (stream: NodeJS.WriteStream) => {
    const own = { isTTY: Object.getOwnPropertyDescriptor(stream, "isTTY"), columns: Object.getOwnPropertyDescriptor(stream, "columns") };
    Object.defineProperty(stream, "isTTY", { value: undefined, configurable: true, writable: true });
    Object.defineProperty(stream, "columns", { value: undefined, configurable: true, writable: true });
    return () => {
      for (const key of ["isTTY", "columns"] as const) {
        const d = own[key];
        if (d) Object.defineProperty(stream, key, d);
        else delete (stream as unknown as Record<string, unknown>)[key];
      }
    };
  };
  const restoreOut = notTerminal(process.stdout);
  const restoreErr = notTerminal(process.stderr);
  process.stdout.write = capture(out);
  process.stderr.write = capture(err);
  process.env = { NO_COLOR: "1", ...opts.env };
  process.exit = ((code?: number) => {
    throw new Error(`process.exit(${code}) called in-process by nn-lab ${args.join(" ")}`);
  }) as typeof process.exit;
  // only when it moves: a worker thread cannot chdir (StrykerJS runs vitest in threads; runs from ROOT need none)
  const cwd = resolve(opts.cwd ?? ROOT);
  const moved = cwd !== process.cwd();
  if (moved) process.chdir(cwd);
  try {
    const code = await main(args);
    return { code, stdout: out.join(""), stderr: err.join("") };
  } finally {
    if (moved) process.chdir(saved.cwd);
    process.exit = saved.exit;
    process.env = saved.env;
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
    restoreOut();
    restoreErr();
  }
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
