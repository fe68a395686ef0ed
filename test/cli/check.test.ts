/**
 * The CI gate has no holes: runs that did not finish fail it, it refuses to check nothing, expectations carry
 * their comparison, baselines are made by a command and never overwritten silently, an empty or diverged baseline
 * is refused, and a sweep's grid is well-formed (one --grid per key, no seed axis, --jobs capped). The CLI runs
 * in-process (test/helpers.ts runMain); the interrupted run (a real SIGINT) and check's smoke test are real processes.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BIN, readJson, runCli, runMain, tempDir, writeFile } from "../helpers.js";

const BASE = `
name: g
seed: 1
data: {kind: moons, n: 80, noise: 0.15, test: 0.25}
model: {layers: [6], activation: tanh, init: xavier_uniform}
train: {epochs: 15, batch: 16, optimizer: sgd, lr: 0.3}
`;

/** Start a long training run, SIGINT it once a few epochs are written; resolves when it exited. */
async function interruptedRun(dir: string): Promise<string> {
  const cfg = writeFile(dir, "long.yaml", BASE.replace("epochs: 15", "epochs: 10000000"));
  const run = join(dir, "interrupted");
  const child = spawn(process.execPath, [BIN, "train", cfg, "--run-dir", run, "--quiet"], { stdio: "ignore" });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
  for (let i = 0; i < 400; i++) {
    const p = join(run, "metrics.csv");
    if (existsSync(p) && readFileSync(p, "utf8").split("\n").length > 8) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  child.kill("SIGINT");
  expect(await exited).toBe(130);
  return run;
}

describe("check: only completed (or stopped_early) runs pass", () => {
  const dir = tempDir();
  const cfg = writeFile(dir, "g.yaml", BASE);
  const ok = join(dir, "ok");
  const diverged = join(dir, "diverged");
  beforeAll(async () => {
    await runMain(["train", cfg, "--run-dir", ok, "--quiet"]);
    await runMain(["train", cfg, "--run-dir", diverged, "--quiet", "--set", "train.lr=1e300", "--set", "model.activation=relu"]);
  });

  it("an interrupted run fails (exit 1) with its status named, even when its expectations hold; --allow interrupted lets it pass", async () => {
    const run = await interruptedRun(dir);
    expect(readJson<{ status: string }>(join(run, "summary.json")).status).toBe("interrupted");
    const r = await runMain(["check", run, "--expect", "train_loss<100"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/status interrupted/);
    expect(r.stdout).toMatch(/FAIL\s+the run is interrupted — only completed or stopped_early runs pass/);
    expect(r.stdout).toMatch(/PASS\s+train_loss < 100/);
    expect(r.stdout.trimEnd().split("\n").pop()).toBe("FAIL");
    const json = JSON.parse((await runMain(["check", run, "--expect", "train_loss<100", "--json"])).stdout);
    expect([json.status, json.passed]).toEqual(["interrupted", false]);
    const allowed = await runMain(["check", run, "--expect", "train_loss<100", "--allow", "interrupted"]);
    expect(allowed.code).toBe(0);
  });

  it("a diverged run fails with its status named; --allow diverged is for a test that expects divergence", async () => {
    expect(readJson<{ status: string }>(join(diverged, "summary.json")).status).toBe("diverged");
    const r = await runMain(["check", diverged, "--expect", "epochs>=0"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL\s+the run is diverged/);
    expect((await runMain(["check", diverged, "--expect", "epochs>=0", "--allow", "diverged"])).code).toBe(0);
    const bad = await runMain(["check", diverged, "--expect", "epochs>=0", "--allow", "finished"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--allow finished: expected one of interrupted, diverged/);
  });

  it("nothing to check is an input error (exit 2) that says what to add", async () => {
    const r = await runMain(["check", ok]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(
      /nothing to check — its config has no expect: block; add --expect 'test_acc>=0.9'.*--baseline FILE.*--write-baseline FILE/,
    );
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("a baseline with no metrics, or one that diverged, is refused (exit 2) instead of passing vacuously", async () => {
    const bare = writeFile(dir, "bare.json", '{"status":"completed","final":{}}');
    const r0 = await runMain(["check", ok, "--baseline", bare]);
    expect(r0.code).toBe(2);
    expect(r0.stderr).toMatch(/bare\.json: /);
    // a well-formed summary whose final metrics are all null (a hand-made or damaged one) would compare nothing
    const summary = readJson<{ final: Record<string, unknown> }>(join(ok, "summary.json"));
    const nulls = Object.fromEntries(Object.keys(summary.final).map((k) => [k, null]));
    const empty = writeFile(dir, "empty.json", JSON.stringify({ ...summary, final: nulls }));
    const r = await runMain(["check", ok, "--baseline", empty]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/empty\.json: the baseline holds no final metrics to compare with, so every run would pass/);
    const d = await runMain(["check", ok, "--baseline", diverged]);
    expect(d.code).toBe(2);
    expect(d.stderr).toMatch(/the baseline run's status is 'diverged'; a baseline must be a run that completed/);
  });
});

describe("expect: a bare number is an input error suggesting the comparison", () => {
  it('train refuses `expect: {test_loss: 0.3}` (exit 2, no run folder) and suggests "<= 0.3"', async () => {
    const dir = tempDir();
    const cfg = writeFile(dir, "b.yaml", BASE + "expect: {test_loss: 0.3}\n");
    const r = await runMain(["train", cfg, "--runs", join(dir, "runs")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /b\.yaml:\d+:\d+: expect\.test_loss: a bare number \(0\.3\) does not say which way to compare; write the comparison, e\.g\. "<= 0\.3"/,
    );
    expect(existsSync(join(dir, "runs"))).toBe(false);
    // written out, == still works
    const eq = writeFile(dir, "eq.yaml", BASE + 'expect: {epochs: "== 15"}\n');
    expect((await runMain(["train", eq, "--runs", join(dir, "runs"), "--quiet"])).code).toBe(0);
  });

  it("check refuses a run folder whose config.json (older nn-lab) holds a bare number", async () => {
    const dir = tempDir();
    const run = join(dir, "run");
    await runMain(["train", writeFile(dir, "c.yaml", BASE), "--run-dir", run, "--quiet"]);
    const config = readJson<Record<string, unknown>>(join(run, "config.json"));
    writeFileSync(join(run, "config.json"), JSON.stringify({ ...config, expect: { test_loss: 0.3 } }));
    const r = await runMain(["check", run]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/config\.json: expect\.test_loss: a bare number \(0\.3\).*"<= 0\.3"/);
  });
});

describe("check --write-baseline", () => {
  const dir = tempDir();
  const run = join(dir, "run");
  beforeAll(async () => {
    await runMain(["train", writeFile(dir, "c.yaml", BASE), "--run-dir", run, "--quiet"]);
  });

  // check's smoke test: the built CLI in a real process (the other tests run main(argv) in-process)
  it("writes a baseline of the run's final metrics that check --baseline reads back", async () => {
    const file = join(dir, "ci", "baseline.json");
    const w = runCli(["check", run, "--write-baseline", file]);
    expect(w.code).toBe(0);
    expect(w.stdout).toMatch(/wrote baseline .*baseline\.json/);
    const b = readJson<{ format: string; points: { metrics: Record<string, { mean: number; n: number }> }[] }>(file);
    const summary = readJson<{ final: Record<string, number> }>(join(run, "summary.json"));
    expect(b.format).toBe("nn-lab.baseline.v1");
    expect(b.points[0].metrics.test_loss).toEqual({ mean: summary.final.test_loss, std: 0, n: 1 });
    // read back in-process: the smoke test above is the process (one per command)
    const c = await runMain(["check", run, "--baseline", file, "--json"]);
    expect(c.code).toBe(0);
    expect(JSON.parse(c.stdout).baseline.rows.map((r: { metric: string }) => r.metric)).toEqual([
      "train_loss",
      "test_loss",
      "train_acc",
      "test_acc",
    ]);
  });

  it("refuses to overwrite an existing file without --overwrite, and replaces it with", async () => {
    const file = writeFile(dir, "mine.json", "precious\n");
    const r = await runMain(["check", run, "--write-baseline", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--write-baseline .*mine\.json: the file exists; pass --overwrite to replace it/);
    expect(readFileSync(file, "utf8")).toBe("precious\n");
    expect((await runMain(["check", run, "--write-baseline", file, "--overwrite"])).code).toBe(0);
    expect(readJson<{ format: string }>(file).format).toBe("nn-lab.baseline.v1");
  });
});

describe("sweep: the grid is well-formed", () => {
  const dir = tempDir();
  const cfg = writeFile(dir, "s.yaml", BASE);

  it("two --grid for the same key are an input error (exit 2, nothing created)", async () => {
    const out = join(dir, "dup");
    const r = await runMain(["sweep", cfg, "--grid", "train.lr=0.01,0.02", "--grid", "train.lr=0.03", "--out", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--vary train\.lr: given more than once; list every value in one --vary train\.lr=0\.01,0\.02,0\.03/);
    expect(existsSync(out)).toBe(false);
  });

  it("--grid seed=5,6 is refused with the --seeds to use instead (it used to train seed 0 twice)", async () => {
    const out = join(dir, "seed");
    const r = await runMain(["sweep", cfg, "--grid", "seed=5,6", "--out", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--vary seed=5,6: seeds are not a grid axis; use --seeds 5,6/);
    expect(existsSync(out)).toBe(false);
    const inConfig = writeFile(dir, "sc.yaml", BASE + "sweep: {grid: {seed: [5, 6]}}\n");
    const c = await runMain(["sweep", inConfig, "--out", out]);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/sc\.yaml: sweep\.grid: seed=5,6: seeds are not a grid axis; use --seeds 5,6 or sweep\.seeds: \[5,6\]/);
  });

  it("--jobs is capped at the number of runs and at 4 per core, and says so; --jobs 1e9 is not a whole number", async () => {
    const few = await runMain(["sweep", cfg, "--grid", "train.lr=0.1,0.2,0.3", "--jobs", "400", "--out", join(dir, "few"), "--json"]);
    expect(few.code).toBe(0);
    expect(JSON.parse(few.stdout).jobs).toBe(3);
    expect(few.stderr).toMatch(/--jobs 400: using 3 \(one per run: the sweep has 3 runs\)/);
    const cores = availableParallelism();
    const runs = 4 * cores + 2;
    const many = await runMain([
      "sweep",
      cfg,
      "--grid",
      "train.epochs=1",
      "--seeds",
      `1-${runs}`,
      "--jobs",
      "400",
      "--out",
      join(dir, "many"),
      "--json",
    ]);
    expect(many.code).toBe(0);
    expect(JSON.parse(many.stdout).jobs).toBe(4 * cores);
    expect(many.stderr).toContain(`--jobs 400: using ${4 * cores} (at most 4 per core on this ${cores}-core machine)`);
    const huge = await runMain(["sweep", cfg, "--grid", "train.lr=0.1", "--jobs", "1e9", "--out", join(dir, "huge")]);
    expect(huge.code).toBe(2);
    expect(huge.stderr).toMatch(/--jobs 1e9: expected a whole number >= 1/);
  });
});
