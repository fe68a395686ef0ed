/**
 * A sweep stopped with Ctrl-C says what happened: the ranking averages completed runs only (an interrupted run's
 * partial loss is not a result), every grid point is listed with n/N seeds, and a last line counts done,
 * interrupted and not-started runs and says how to resume — in the table and in --json.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, readJson, runMain, tempDir, writeFile } from "../helpers.js";

const LONG = `
name: s
seed: 1
data: {kind: moons, n: 80, noise: 0.15, test: 0.25}
model: {layers: [6], activation: tanh, init: xavier_uniform}
train: {epochs: 15000, batch: 16, optimizer: sgd, lr: 0.3}
`;

/** Start a sweep, SIGINT it once `after` runs are reported, and collect its output. */
function interruptedSweep(args: string[], after: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
  let stdout = "";
  let stderr = "";
  let sent = false;
  child.stdout.on("data", (d) => (stdout += String(d)));
  child.stderr.on("data", (d) => {
    stderr += String(d);
    if (!sent && new RegExp(`^\\[${after}/\\d+\\]`, "m").test(stderr)) {
      sent = true;
      setTimeout(() => child.kill("SIGINT"), 200); // the next run (about 1.5 s of training) is under way by then
    }
  });
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, stdout, stderr })));
}

interface Ranked {
  point: Record<string, unknown>;
  mean: number;
  seeds: number;
  completed: number;
  interrupted: number;
  notStarted: number;
  seeds_text: string;
}

describe("a sweep stopped by Ctrl-C", () => {
  it("ranks completed runs only, lists every point with n/N seeds, and counts what is left", async () => {
    const dir = tempDir();
    const cfg = writeFile(dir, "s.yaml", LONG);
    const out = join(dir, "sw");
    const args = ["sweep", cfg, "--grid", "train.lr=0.1,0.2,0.3", "--seeds", "1-4", "--jobs", "1", "--out", out];
    const r = await interruptedSweep(args, 1);
    expect(r.code).toBe(130);
    const runs = readdirSync(out).filter((f) => /^\d{4}-/.test(f));
    const status = (f: string) =>
      existsSync(join(out, f, "summary.json")) ? readJson<{ status: string }>(join(out, f, "summary.json")).status : "none";
    const completed = runs.filter((f) => status(f) === "completed");
    const interrupted = runs.filter((f) => status(f) === "interrupted");
    expect(completed.length).toBeGreaterThanOrEqual(1);
    expect(interrupted).toHaveLength(1); // --jobs 1: the one run in progress
    const notStarted = 12 - completed.length - interrupted.length;
    expect(notStarted).toBeGreaterThan(0);

    const lines = r.stdout.trimEnd().split("\n");
    expect(lines).toContain(`${completed.length}/12 runs done, 1 interrupted, ${notStarted} not started — run the same command to resume`);
    // every grid point is listed, including those that never ran, with n/N seeds
    const rows = lines.filter((l) => /^(\d+|—)\s+0\.[123]\s/.test(l));
    expect(rows).toHaveLength(3);
    expect(rows.some((l) => /\s0\/4 \(4 not started\)$/.test(l))).toBe(true);
    // the point of the interrupted run: its mean is over its completed runs only
    const lr01 = rows.find((l) => /^\S+\s+0\.1\s/.test(l))!;
    const done01 = completed.filter((f) => f.includes("lr=0.1,"));
    const losses = done01.map((f) => readJson<{ final: { test_loss: number } }>(join(out, f, "summary.json")).final.test_loss);
    const mean = losses.reduce((a, b) => a + b, 0) / losses.length;
    const shown = Number(lr01.trim().split(/\s+/)[2]); // the table prints 4 significant digits (e.g. 9.717e-4)
    expect(Math.abs(shown - mean) / mean).toBeLessThan(1e-3);
    expect(lr01).toMatch(new RegExp(`\\s${done01.length}/4 \\(.*1 interrupted`));

    // check on the half-done sweep fails, naming the runs that did not complete and why
    const gate = await runMain(["check", out, "--expect", "train_loss<100"]);
    expect(gate.code).toBe(1);
    expect(gate.stdout).toMatch(
      new RegExp(
        `^check .*: sweep of 3 grid points × 4 seeds — ${completed.length} completed, 1 interrupted, ${notStarted} not started$`,
        "m",
      ),
    );
    expect(gate.stdout).toMatch(new RegExp(`FAIL  ${notStarted + 1} runs did not complete: .*\\((interrupted|not started)\\)`));
    expect(gate.stdout.trimEnd().split("\n").pop()).toBe("FAIL");
  });

  it("--json carries the same counts: progress {done, interrupted, not_started} and n/N seeds per point", async () => {
    const dir = tempDir();
    const cfg = writeFile(dir, "s.yaml", LONG);
    const out = join(dir, "sw");
    const args = ["sweep", cfg, "--grid", "train.lr=0.1,0.2,0.3", "--seeds", "1-4", "--jobs", "1", "--out", out, "--json"];
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    child.stdout.on("data", (d) => (stdout += String(d)));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
    // --json writes no progress lines: wait until the second run is training (its metrics.csv exists; the first has
    // finished), so that the signal lands inside a run rather than between two
    for (let i = 0; i < 2400; i++) {
      const second = existsSync(out) ? readdirSync(out).find((f) => f.startsWith("0001-")) : undefined;
      if (second && existsSync(join(out, second, "metrics.csv"))) break;
      await new Promise((res) => setTimeout(res, 25));
    }
    await new Promise((res) => setTimeout(res, 100));
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    const doc = JSON.parse(stdout) as { progress: Record<string, unknown>; ranked: Ranked[] };
    const p = doc.progress as { total: number; done: number; interrupted: number; not_started: number; resumable: boolean; text: string };
    expect(p.total).toBe(12);
    expect(p.done + p.interrupted + p.not_started).toBe(12);
    expect(p.interrupted).toBe(1);
    expect(p.resumable).toBe(true);
    expect(p.text).toBe(`${p.done}/12 runs done, 1 interrupted, ${p.not_started} not started — run the same command to resume`);
    expect(doc.ranked).toHaveLength(3);
    expect(doc.ranked.map((g) => g.seeds)).toEqual([4, 4, 4]);
    expect(doc.ranked.reduce((a, g) => a + g.completed, 0)).toBe(p.done);
    // points without a completed run come last and have no mean
    const empty = doc.ranked.filter((g) => g.completed === 0);
    expect(empty.every((g) => g.mean === null)).toBe(true); // NaN is null in JSON
    expect(doc.ranked.slice(doc.ranked.length - empty.length)).toEqual(empty);
  });
});
