import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { stopWhen } from "../processes.js";
import { BIN, readJson, runMain, tempDir, writeFile, type CliResult } from "../helpers.js";

const BASE = `
name: base
seed: 1
data: {kind: moons, n: 80, noise: 0.15, test: 0.25}
model: {layers: [6], activation: tanh, init: xavier_uniform}
train: {epochs: 15, batch: 16, optimizer: sgd, lr: 0.3}
`;
const GRID = ["--grid", "model.activation=tanh,relu", "--grid", "train.lr=0.1,0.5,1e300", "--seeds", "1,2"];

/** sweep.csv without the train_ms column (timings differ between any two executions). */
function sweepTable(dir: string): string[][] {
  const rows = readFileSync(join(dir, "sweep.csv"), "utf8")
    .trimEnd()
    .split("\n")
    .map((l) => l.split(","));
  const t = rows[0].indexOf("train_ms");
  return rows.map((r) => r.filter((_, i) => i !== t));
}

/** A shard in its own process, as on a cluster: shards run at the same time, sharing a folder or not. */
function runAsync(args: string[]): Promise<number> {
  return new Promise((resolve) => spawn(process.execPath, [BIN, ...args], { stdio: "ignore" }).on("exit", (c) => resolve(c ?? -1)));
}

/**
 * A merged folder is the unsharded sweep `whole`: its sweep.json and run folders byte for byte, and check (--expect;
 * with `grid` all completed also --write-baseline, and --baseline with --tolerance 3se), report and a resume (with
 * `grid`, the sweep's arguments) work on it as on `whole`.
 */
async function expectSweepLike(merged: string, whole: string, grid: string[]): Promise<void> {
  expect(readFileSync(join(merged, "sweep.json"), "utf8")).toBe(readFileSync(join(whole, "sweep.json"), "utf8"));
  const runs = readdirSync(whole).filter((f) => /^\d{4}-/.test(f) && !f.endsWith(".lock"));
  expect(
    readdirSync(merged)
      .filter((f) => /^\d{4}-/.test(f))
      .sort(),
  ).toEqual(runs.sort());
  for (const run of runs)
    for (const f of ["metrics.csv", "model.json", "config.json"])
      // summary.json holds timings
      expect(readFileSync(join(merged, run, f)).equals(readFileSync(join(whole, run, f))), `${run}/${f}`).toBe(true);
  const points = runs.length / 2;
  const allDone = !grid.some((g) => g.includes("1e300"));
  const allow = allDone ? [] : ["--allow", "diverged"];
  const gated = await runMain(["check", merged, "--expect", "train_acc>=0", ...allow]);
  expect(gated.stdout).toMatch(
    new RegExp(`^check .*: sweep of ${points} grid points × 2 seeds — ${allDone ? 2 * points : 2 * points - 2} completed`, "m"),
  );
  expect(gated.code, gated.stderr).toBe(0);
  expect((await runMain(["check", merged, "--expect", "train_acc>1", ...allow])).code).toBe(1);
  if (allDone) {
    // the merged sweep as a baseline, and gated against the unsharded one: no change at all
    const base = join(merged, "..", `${merged.split("/").pop()}-baseline.json`);
    const written = await runMain(["check", merged, "--write-baseline", base]);
    expect(written.code, written.stderr).toBe(0);
    expect(readJson<{ points: unknown[] }>(base).points).toHaveLength(points);
    for (const baseline of [base, whole]) {
      const gate = await runMain(["check", merged, "--baseline", baseline, "--tolerance", "3se"]);
      expect(gate.code, gate.stdout + gate.stderr).toBe(0);
      expect(gate.stdout.match(/ \+0(\.0)?% .*PASS$/gm)?.length).toBeGreaterThanOrEqual(points);
    }
  }
  const report = await runMain(["report", merged, "--out", join(merged, "report.html")]);
  expect(report.code, report.stderr).toBe(0);
  expect(readFileSync(join(merged, "report.html"), "utf8")).toContain(`"planned":${runs.length},"found":${runs.length}`);
  // a resume into the merged folder trains nothing and writes the same sweep.csv
  const before = readFileSync(join(merged, "sweep.csv"), "utf8");
  const resume = await runMain(["sweep", cfg0(merged), ...grid, "--jobs", "1", "--out", merged]);
  expect(resume.code).toBe(0);
  expect(resume.stderr.match(/already done/g)).toHaveLength(runs.length);
  expect(readFileSync(join(merged, "sweep.csv"), "utf8")).toBe(before);
}

/** The base config of the sweep in `dir` (sweep.json names it). */
const cfg0 = (dir: string) => readJson<{ config: string }>(join(dir, "sweep.json")).config;

describe("nn-lab sweep", () => {
  const dir = tempDir();
  const cfg = writeFile(dir, "base.yaml", BASE);
  const one = join(dir, "jobs1");
  const two = join(dir, "jobs2");
  let r1: CliResult;
  let r2: CliResult;
  beforeAll(async () => {
    r1 = await runMain(["sweep", cfg, ...GRID, "--jobs", "1", "--out", one]);
    r2 = await runMain(["sweep", cfg, ...GRID, "--jobs", "2", "--out", two]);
  });

  it("runs the whole grid (12 runs) and prints a ranked table", () => {
    expect(r1.code).toBe(0);
    expect(readdirSync(one).filter((f) => /^\d{4}-/.test(f))).toHaveLength(12);
    expect(r1.stdout).toMatch(/^rank\s+model\.activation\s+train\.lr\s+test_loss mean ± std\s+seeds$/m);
    expect(r1.stdout).toMatch(/^12\/12 runs done \(2 diverged\)$/m);
    expect(r1.stderr.match(/^\[\d+\/12\]/gm)).toHaveLength(12);
  });

  it("records a diverging run as a result, not a crash", () => {
    const table = sweepTable(one);
    const status = table[0].indexOf("status");
    const lr = table[0].indexOf("train.lr");
    const act = table[0].indexOf("model.activation");
    // relu with lr 1e300 overflows to a non-finite weight; bounded tanh units keep the loss finite (huge, but a result)
    const diverged = table.slice(1).filter((r) => r[status] === "diverged");
    expect(diverged.map((r) => [r[act], r[lr]])).toEqual([
      ["relu", "1e+300"],
      ["relu", "1e+300"],
    ]);
    expect(
      table
        .slice(1)
        .filter((r) => r[status] !== "diverged")
        .every((r) => r[status] === "completed"),
    ).toBe(true);
  });

  it("--jobs 1 and --jobs 2 give byte-identical run files and the same sweep.csv", () => {
    expect(r2.code).toBe(0);
    for (const run of readdirSync(one).filter((f) => /^\d{4}-/.test(f))) {
      for (const f of ["metrics.csv", "model.json", "config.json"]) {
        expect(readFileSync(join(two, run, f)).equals(readFileSync(join(one, run, f))), `${run}/${f}`).toBe(true);
      }
    }
    expect(sweepTable(two)).toEqual(sweepTable(one));
  });

  it("re-running into the same folder skips completed runs", async () => {
    const run = readdirSync(one).find((f) => f.startsWith("0000-"))!;
    const before = statSync(join(one, run, "metrics.csv")).mtimeMs;
    const again = await runMain(["sweep", cfg, ...GRID, "--jobs", "1", "--out", one]);
    expect(again.code).toBe(0);
    expect(again.stderr.match(/already done/g)).toHaveLength(12);
    expect(statSync(join(one, run, "metrics.csv")).mtimeMs).toBe(before);
  });

  it("a different grid into the same folder is refused", async () => {
    const r = await runMain(["sweep", cfg, "--grid", "train.lr=0.2", "--out", one]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/holds a different sweep/);
  });

  it("--dry-run lists the runs and trains nothing", async () => {
    const out = join(dir, "dry");
    const r = await runMain(["sweep", cfg, ...GRID, "--out", out, "--dry-run", "--shard", "2/3"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^4 of 12 runs \(shard 2\/3\)/);
    expect(r.stdout).toContain("todo  0001-activation=tanh,lr=0.1,seed=2");
    expect(existsSync(out)).toBe(false);
  });

  it("3 shards in separate processes, merged, give the unsharded sweep.csv", async () => {
    const shards = [1, 2, 3].map((i) => join(dir, `shard${i}`));
    const codes = await Promise.all(
      shards.map((out, i) => runAsync(["sweep", cfg, ...GRID, "--jobs", "1", "--shard", `${i + 1}/3`, "--out", out, "--quiet"])),
    );
    expect(codes).toEqual([0, 0, 0]);
    expect(existsSync(join(shards[0], "sweep-shard-1-of-3.csv"))).toBe(true);
    const merged = join(dir, "merged");
    const m = await runMain(["sweep", "merge", ...shards, "--out", merged]);
    expect(m.code).toBe(0);
    expect(sweepTable(merged)).toEqual(sweepTable(one));
    // a merge with a shard missing says so and exits 1
    const partial = await runMain(["sweep", "merge", shards[0], shards[1], "--out", join(dir, "partial")]);
    expect(partial.code).toBe(1);
    expect(partial.stderr).toMatch(/merged 8 of 12 runs .*\(4 missing\)/);
    await expectSweepLike(merged, one, GRID);
  });

  it("shards into one shared folder, merged into another folder, are a sweep there too", async () => {
    const grid = ["--grid", "model.activation=tanh,relu", "--grid", "train.lr=0.1,0.5", "--seeds", "1,2"];
    const whole = join(dir, "whole-shared");
    // --jobs 1: the unsharded reference only; threads change no byte of a sweep (the --jobs 1 and 2 test above)
    expect((await runMain(["sweep", cfg, ...grid, "--jobs", "1", "--out", whole, "--quiet"])).code).toBe(0);
    const shared = join(dir, "shared");
    const codes = await Promise.all(
      [1, 2].map((i) => runAsync(["sweep", cfg, ...grid, "--jobs", "1", "--shard", `${i}/2`, "--out", shared, "--quiet"])),
    );
    expect(codes).toEqual([0, 0]);
    const merged = join(dir, "merged-shared");
    const m = await runMain(["sweep", "merge", shared, "--out", merged]);
    expect(m.stderr).toMatch(/^merged 8 of 8 runs into .*merged-shared\/sweep\.csv; 8 run folders copied into /);
    await expectSweepLike(merged, whole, grid);
    // merging again into the same folder: nothing copied, the same sweep.csv
    const again = await runMain(["sweep", "merge", shared, "--out", merged, "--overwrite"]);
    expect(again.stderr).toMatch(/^merged 8 of 8 runs into [^;]*$/m);
  });

  it("a bad grid value is bad input: exit 2 before anything trains", async () => {
    const out = join(dir, "bad");
    const r = await runMain(["sweep", cfg, "--grid", "model.activation=relu,rleu", "--out", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/model\.activation: .*got 'rleu' \(did you mean 'relu'\?\)/);
    expect(existsSync(out)).toBe(false);
  });
});

describe("nn-lab compare", () => {
  const dir = tempDir();
  const cfg = writeFile(dir, "base.yaml", BASE);

  it("--vary variants are paired: same data and the same initial weights", async () => {
    const r = await runMain([
      "compare",
      cfg,
      "--vary",
      "model.activation=sigmoid,relu",
      "--vary",
      "train.lr=0.1,0.5",
      "--set",
      "train.epochs=0",
      "--runs",
      dir,
      "--json",
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.runs.map((x: { label: string }) => x.label)).toEqual([
      "activation=sigmoid, lr=0.1",
      "activation=sigmoid, lr=0.5",
      "activation=relu, lr=0.1",
      "activation=relu, lr=0.5",
    ]);
    const weights = doc.runs.map((x: { dir: string }) =>
      JSON.stringify(readJson<{ layers: unknown[] }>(join(x.dir, "model.json")).layers.map((l) => (l as { weight: unknown }).weight)),
    );
    expect(new Set(weights).size).toBe(1);
    const lr = doc.runs.map((x: { dir: string }) => readJson<{ train: { lr: number } }>(join(x.dir, "config.json")).train.lr);
    expect(lr).toEqual([0.1, 0.5, 0.1, 0.5]);
  });

  it("writes compare.csv (epoch + the metric per run) and reads finished run folders", async () => {
    const a = writeFile(dir, "a.yaml", BASE.replace("name: base", "name: a"));
    const b = writeFile(dir, "b.yaml", BASE.replace("name: base", "name: b").replace("activation: tanh", "activation: relu"));
    const r = await runMain(["compare", a, b, "--runs", join(dir, "cmp"), "--json", "--metric", "grad_norm_layer1", "--target", "0.5"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    const csv = readFileSync(doc.csv, "utf8").trimEnd().split("\n");
    expect(csv[0]).toBe("epoch,a,b");
    expect(csv).toHaveLength(17); // header + epochs 0..15
    expect(csv[1]).toBe("0,,"); // no gradient before the first step
    const again = await runMain(["compare", ...doc.runs.map((x: { dir: string }) => x.dir), "--metric", "grad_norm_layer1"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/grad_norm_layer1 by epoch/);
    // status and epochs read back: in the row, or (when the table must shrink to 80 columns) said once for every run
    expect(again.stdout).toMatch(/^\s+a\s+completed\s+15\s|^ {2}same for every run: status completed · epochs 15 /m);
    const bad = await runMain(["compare", doc.runs[0].dir, "--metric", "trian_loss"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/did you mean 'train_loss'\?/);
  });
});

describe("nn-lab check", () => {
  const dir = tempDir();
  const cfg = writeFile(dir, "c.yaml", BASE + `expect: {train_acc: ">= 0.5"}\n`);
  beforeAll(async () => {
    expect((await runMain(["train", cfg, "--run-dir", join(dir, "run"), "--quiet"])).code).toBe(0);
    expect((await runMain(["train", cfg, "--run-dir", join(dir, "worse"), "--quiet", "--set", "train.epochs=1"])).code).toBe(0);
  });

  it("re-checks the run's own expectations and --expect: exit 0 when they pass, 1 when one fails", async () => {
    const ok = await runMain(["check", join(dir, "run")]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/PASS\s+train_acc >= 0\.5/);
    const fail = await runMain(["check", join(dir, "run"), "--expect", "train_loss<0.0000001"]);
    expect(fail.code).toBe(1);
    expect(fail.stdout).toMatch(/FAIL\s+train_loss < 1e-7/);
  });

  it("against a baseline: a run as good passes, a worse one fails beyond the tolerance", async () => {
    expect((await runMain(["check", join(dir, "run"), "--baseline", join(dir, "run", "summary.json")])).code).toBe(0);
    const worse = await runMain(["check", join(dir, "worse"), "--baseline", join(dir, "run"), "--tolerance", "10%", "--json"]);
    expect(worse.code).toBe(1);
    const doc = JSON.parse(worse.stdout);
    const loss = doc.baseline.rows.find((r: { metric: string }) => r.metric === "train_loss");
    expect(loss.pass).toBe(false);
    expect(loss.limit).toBeCloseTo(loss.baseline * 1.1, 12);
    // a tolerance wide enough lets it through
    expect((await runMain(["check", join(dir, "worse"), "--baseline", join(dir, "run"), "--tolerance", "10000%", "--set", "x"])).code).toBe(
      2,
    );
    expect((await runMain(["check", join(dir, "worse"), "--baseline", join(dir, "run"), "--tolerance", "10000%"])).code).toBe(0);
  });

  it("a missing run is bad input (exit 2)", async () => {
    const r = await runMain(["check", join(dir, "nope")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nope: no such file or folder; check takes a run folder/);
  });
});

describe("nn-lab sweep: the config's sweep block, and an interrupted sweep", () => {
  it("runs the grid and seeds of the config's sweep: block when no --grid is given", async () => {
    const dir = tempDir();
    const cfg = writeFile(dir, "s.yaml", BASE + "sweep: {grid: {model.activation: [tanh, relu], train.lr: [0.1]}, seeds: [3, 4]}\n");
    const r = await runMain(["sweep", cfg, "--out", join(dir, "sw"), "--dry-run"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split("\n").slice(1)).toEqual([
      "todo  0000-activation=tanh,lr=0.1,seed=3",
      "todo  0001-activation=tanh,lr=0.1,seed=4",
      "todo  0002-activation=relu,lr=0.1,seed=3",
      "todo  0003-activation=relu,lr=0.1,seed=4",
    ]);
  });

  it.each(["1", "2"])(
    "--jobs %s: SIGINT stops the sweep (exit 130) keeping finished runs; the same command resumes where it stopped",
    async (jobs) => {
      const dir = tempDir();
      const cfg = writeFile(dir, "s.yaml", BASE.replace("epochs: 15", "epochs: 200"));
      const out = join(dir, "sw");
      const args = ["sweep", cfg, "--grid", "train.lr=0.01,0.02,0.03,0.04,0.05,0.06,0.07,0.08", "--jobs", jobs, "--out", out];
      const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (d) => (stderr += String(d)));
      const exited = new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
      const completed = () =>
        existsSync(out) ? readdirSync(out).filter((f) => /^\d{4}-/.test(f) && existsSync(join(out, f, "summary.json"))).length : 0;
      // held still (SIGSTOP) once 1 to 5 of the 8 runs are done: at least 3 are left when it takes the SIGINT
      await stopWhen(child, () => completed() >= 1 && completed() <= 5, 60_000);
      child.kill("SIGINT");
      child.kill("SIGCONT");
      expect(await exited).toBe(130);
      expect(stderr).not.toMatch(/internal error|^\s+at /m);
      const status = (f: string) =>
        existsSync(join(out, f, "summary.json")) ? readJson<{ status: string }>(join(out, f, "summary.json")).status : "none";
      const runs = readdirSync(out).filter((f) => /^\d{4}-/.test(f));
      const finished = runs.filter((f) => status(f) === "completed");
      expect(finished.length).toBeGreaterThanOrEqual(1);
      expect(finished.length).toBeLessThan(8);
      // a run in progress stops at its next epoch as interrupted (it is trained again on resume)
      expect(runs.map(status).every((x) => x === "completed" || x === "interrupted")).toBe(true);
      const again = await runMain(args);
      expect(again.code).toBe(0);
      expect(again.stderr.match(/already done/g)).toHaveLength(finished.length);
      const rows = readFileSync(join(out, "sweep.csv"), "utf8").trimEnd().split("\n").slice(1);
      expect(rows).toHaveLength(8);
      expect(rows.every((r) => r.includes(",completed,"))).toBe(true);
    },
  );
});

describe("sweep plans are identified by the config's content", () => {
  it("shards run from different copies of one config merge; an edited config does not", async () => {
    const dir = tempDir();
    const a = writeFile(dir, "a.yaml", BASE);
    mkdirSync(join(dir, "elsewhere"));
    const b = writeFile(join(dir, "elsewhere"), "b.yaml", BASE);
    const grid = ["--grid", "train.lr=0.1,0.2", "--jobs", "1", "--quiet"];
    expect((await runMain(["sweep", a, ...grid, "--shard", "1/2", "--out", join(dir, "s1")])).code).toBe(0);
    expect((await runMain(["sweep", b, ...grid, "--shard", "2/2", "--out", join(dir, "s2")])).code).toBe(0);
    expect((await runMain(["sweep", "merge", join(dir, "s1"), join(dir, "s2"), "--out", join(dir, "m")])).code).toBe(0);
    const c = writeFile(dir, "c.yaml", BASE.replace("epochs: 15", "epochs: 16"));
    expect((await runMain(["sweep", c, ...grid, "--shard", "2/2", "--out", join(dir, "s3")])).code).toBe(0);
    const bad = await runMain(["sweep", "merge", join(dir, "s1"), join(dir, "s3"), "--out", join(dir, "m2")]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/a different sweep than/);
  });
});
