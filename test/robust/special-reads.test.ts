/**
 * Issue 12, finding 6 (the audit): every file a user or a run or sweep folder supplies is read through src/files.ts
 * — regular files only, under the size cap — and ESLint forbids direct fs reads elsewhere in src (proved in
 * test/architecture/lint-rules.test.ts, with the ESLint instance the other lint rules use). These are the
 * places the first pass missed: a sweep's claim files (`<sweep>/<run-id>.lock`) and the config hashed for the
 * sweep's identity. A FIFO or a device in their place is one clear input line, never a hang: every command that meets
 * one runs in a child process with a 20 s timeout (and a 3 GB address-space limit), so a hang or a runaway read fails
 * the test instead of stalling the suite or the machine. The set-up runs, before any odd file exists, are in-process.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, lstatSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { BIN, ROOT, runMain, tempDir, writeFile } from "../helpers.js";

function bounded(args: string[]): { code: number | null; signal: NodeJS.Signals | null; stderr: string } {
  const r = spawnSync("prlimit", ["--as=3000000000", process.execPath, ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: "1" },
    encoding: "utf8",
    timeout: 20_000,
    // SIGKILL: a process blocked opening a FIFO never runs the SIGTERM handler that sweep installs
    killSignal: "SIGKILL",
  });
  return { code: r.status, signal: r.signal, stderr: r.stderr };
}

/** A finished two-run sweep whose run folders are then removed, so the next `sweep` claims both runs again. */
async function sweepToRedo(): Promise<{ out: string; args: string[] }> {
  const dir = tempDir();
  const cfg = writeFile(dir, "x.yaml", "data: {kind: xor}\ntrain: {epochs: 2}\n");
  const out = join(dir, "sw");
  const args = ["sweep", cfg, "--grid", "train.lr=0.1,0.2", "--out", out, "--quiet"];
  // (nothing odd in the folder yet: in-process)
  expect((await runMain([...args, "--jobs", "1"])).code).toBe(0);
  for (const id of ["0000-lr=0.1,seed=0", "0001-lr=0.2,seed=0"]) rmSync(join(out, id), { recursive: true });
  return { out, args };
}

describe("a sweep's claim files are read as regular files only", () => {
  it("a FIFO in place of a run's claim (--jobs 1): exit 2 naming it, no hang, the FIFO left alone", async () => {
    const { out, args } = await sweepToRedo();
    const lock = join(out, "0000-lr=0.1,seed=0.lock");
    expect(spawnSync("mkfifo", [lock]).status).toBe(0);
    const r = bounded([BIN, ...args, "--jobs", "1"]);
    expect(r.signal).toBe(null);
    expect(r.stderr).toBe(
      `nn-lab: error: ${lock}: cannot read the run's claim (it is a FIFO (named pipe), not a regular file); remove it and re-run\n`,
    );
    expect(r.code).toBe(2);
    expect(lstatSync(lock).isFIFO()).toBe(true);
  });

  it("a device (a copy of /dev/zero made with mknod) in place of a claim (--jobs 2): exit 2, and no run folder is left half-written", async () => {
    const { out, args } = await sweepToRedo();
    const lock = join(out, "0001-lr=0.2,seed=0.lock");
    expect(spawnSync("mknod", [lock, "c", "1", "5"]).status).toBe(0);
    const r = bounded([BIN, ...args, "--jobs", "2"]);
    expect(r.signal).toBe(null);
    expect(r.stderr).toBe(
      `nn-lab: error: ${lock}: cannot read the run's claim (it is a device, not a regular file); remove it and re-run\n`,
    );
    expect(r.code).toBe(2);
    expect(lstatSync(lock).isCharacterDevice()).toBe(true);
    // the other worker's run either finished (summary.json) or was removed with its claim
    for (const f of readdirSync(out).filter((f) => f.startsWith("0000-")))
      expect(f.endsWith(".lock") ? "a claim left behind" : existsSync(join(out, f, "summary.json"))).toBe(true);
  });
});

describe("the config hashed for a sweep's identity is read as a regular file only", () => {
  const makePlan = (config: string) =>
    bounded([
      "--input-type=module",
      "-e",
      `const { makePlan } = await import(${JSON.stringify(pathToFileURL(join(ROOT, "dist", "sweep", "sweep.js")).href)});
       try { makePlan(process.argv[1], [], [0]); } catch (e) { process.stderr.write(e.name + ": " + e.message + "\\n"); process.exit(2); }`,
      config,
    ]);

  it("a FIFO: an InputError naming it, no hang", () => {
    const fifo = join(tempDir(), "s.yaml");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    const r = makePlan(fifo);
    expect(r.signal).toBe(null);
    expect(r.stderr).toBe(`InputError: ${fifo}: cannot read the config (it is a FIFO (named pipe), not a regular file)\n`);
    expect(r.code).toBe(2);
  });

  it("/dev/zero: an InputError, not a read without end", () => {
    const r = makePlan("/dev/zero");
    expect(r.signal).toBe(null);
    expect(r.stderr).toBe("InputError: /dev/zero: cannot read the config (it is a device, not a regular file)\n");
    expect(r.code).toBe(2);
  });
});

describe("nn-lab report reads a run folder's files as regular files only", () => {
  it("FIFOs in place of metrics.csv and snapshots.json are reported, not waited on", async () => {
    const dir = tempDir();
    const cfg = writeFile(dir, "xor.yaml", "data: { kind: xor }\nmodel: { layers: [4], activation: tanh }\ntrain: { epochs: 5 }\n");
    const run = join(dir, "run");
    expect((await runMain(["train", cfg, "--run-dir", run, "--quiet"])).code).toBe(0);
    const odd = join(dir, "fifos");
    cpSync(run, odd, { recursive: true });
    for (const f of ["metrics.csv", "snapshots.json"]) {
      rmSync(join(odd, f));
      expect(spawnSync("mkfifo", [join(odd, f)]).status).toBe(0);
    }
    const out = join(dir, "fifos.html");
    const r = bounded([BIN, "report", odd, "--out", out]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const html = readFileSync(out, "utf8");
    expect(html).toContain("metrics.csv is missing or unusable (it is a FIFO (named pipe), not a regular file): no curves");
    expect(html).toContain(
      "snapshots.json: cannot read nn-lab.snapshots.v1 (it is a FIFO (named pipe), not a regular file): no decision boundary",
    );
  });
});
