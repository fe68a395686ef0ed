import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, readJson, runMain, tempDir, writeFile } from "../helpers.js";
import { stopWhen, waitFor } from "../processes.js";

const LONG = "name: long\ndata: {kind: moons, n: 64}\nmodel: {layers: [8]}\ntrain: {epochs: 10000000, batch: full}\n";

/** Start a training process; resolves once metrics.csv has at least `rows` data rows. */
function startTraining(runDir: string, cfg: string, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [BIN, "train", cfg, "--run-dir", runDir, "--quiet"], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += String(d)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal, stderr })),
  );
  /** metrics.csv has more than `rows` data rows. */
  const rowsOver = (rows: number) => () => {
    const p = join(runDir, "metrics.csv");
    return existsSync(p) && readFileSync(p, "utf8").split("\n").length > rows + 2;
  };
  const hasRows = async (rows: number) => {
    await waitFor(rowsOver(rows), 60_000).catch(() => {
      throw new Error("training did not start");
    });
  };
  return { child, exited, hasRows, rowsOver };
}

/** Every line of metrics.csv is complete: as many cells as the header, all numbers or empty. */
function checkMetrics(runDir: string): number {
  const text = readFileSync(join(runDir, "metrics.csv"), "utf8");
  expect(text.endsWith("\n")).toBe(true);
  const lines = text.trimEnd().split("\n");
  const width = lines[0].split(",").length;
  lines.slice(1).forEach((l, i) => {
    const cells = l.split(",");
    expect(cells).toHaveLength(width);
    expect(Number(cells[0])).toBe(i);
    cells.forEach((c) => expect(c === "" || !Number.isNaN(Number(c))).toBe(true));
  });
  return lines.length - 1;
}

describe("interrupts and crashes leave valid files", () => {
  // independent processes, each waited on: run side by side
  it.concurrent.each([
    ["SIGINT", "0", 130],
    ["SIGTERM", "0", 143],
    ["SIGHUP", "0", 129],
    ["SIGINT", "1", 130],
    ["SIGHUP", "1", 129],
  ] as const)(
    "%s (evaluation thread %s): the epoch finishes, files are flushed, status interrupted, exit %i (128+N)",
    async (signal, thread, exit) => {
      const dir = tempDir();
      const run = join(dir, "run");
      const t = startTraining(run, writeFile(dir, "long.yaml", LONG.replace("batch: full", "batch: 16")), { NN_LAB_EVAL_THREAD: thread });
      await t.hasRows(5);
      t.child.kill(signal);
      const { code } = await t.exited;
      expect(code).toBe(exit);
      const rows = checkMetrics(run);
      const s = readJson<{ status: string; epochs: number }>(join(run, "summary.json"));
      expect(s.status).toBe("interrupted");
      expect(s.epochs).toBe(rows - 1);
      expect(readJson<{ format: string }>(join(run, "model.json")).format).toBe("nn-lab.model.v1");
    },
  );

  it("SIGKILL mid-run: metrics.csv is readable up to the last finished epoch, config.json is whole", async () => {
    const dir = tempDir();
    const run = join(dir, "run");
    const t = startTraining(run, writeFile(dir, "long.yaml", LONG));
    await t.hasRows(5);
    t.child.kill("SIGKILL");
    const { signal } = await t.exited;
    expect(signal).toBe("SIGKILL");
    expect(checkMetrics(run)).toBeGreaterThanOrEqual(6);
    expect(readJson<{ name: string }>(join(run, "config.json")).name).toBe("long");
    expect(readdirSync(run).filter((f) => f.includes(".tmp-"))).toEqual([]);
  });

  it("processes racing for the same run folder name each get their own folder", async () => {
    const dir = tempDir();
    const cfg = writeFile(dir, "race.yaml", "name: race\ndata: {kind: xor}\ntrain: {epochs: 5}\n");
    const runs = join(dir, "runs");
    const codes = await Promise.all(
      Array.from(
        { length: 4 },
        () =>
          new Promise<number | null>((resolve) =>
            spawn(process.execPath, [BIN, "train", cfg, "--runs", runs, "--quiet"]).on("exit", (c) => resolve(c)),
          ),
      ),
    );
    expect(codes).toEqual([0, 0, 0, 0]);
    const folders = readdirSync(runs);
    expect(folders).toHaveLength(4);
    for (const f of folders) expect(readJson<{ status: string }>(join(runs, f, "summary.json")).status).toBe("completed");
  });
});

describe("rows that log_every skips", () => {
  it("an interrupt writes the last finished epoch's row, so summary, metrics.csv and model.json agree", async () => {
    const dir = tempDir();
    const run = join(dir, "run");
    const t = startTraining(run, writeFile(dir, "sparse.yaml", LONG.replace("batch: full}", "batch: full, log_every: 100000}")));
    await t.hasRows(0);
    // no wait for more epochs (it was 400 ms of training): the loop takes a signal only at a yield, the first one
    // after 50 ms of epochs (train.ts), so the run stops at epoch 1 or later, a row log_every skipped, whenever it comes
    t.child.kill("SIGINT");
    expect((await t.exited).code).toBe(130);
    const lines = readFileSync(join(run, "metrics.csv"), "utf8").trimEnd().split("\n");
    const lastEpoch = Number(lines[lines.length - 1].split(",")[0]);
    const s = readJson<{ status: string; epochs: number; final: { train_loss: number } }>(join(run, "summary.json"));
    expect(s.status).toBe("interrupted");
    expect(s.epochs).toBeGreaterThan(0);
    expect(lastEpoch).toBe(s.epochs);
    expect(Number(lines[lines.length - 1].split(",")[1])).toBe(s.final.train_loss);
  });
});

/** The last data row's epoch in metrics.csv. */
function lastEpoch(runDir: string): number {
  const lines = readFileSync(join(runDir, "metrics.csv"), "utf8").trimEnd().split("\n");
  return Number(lines[lines.length - 1].split(",")[0]);
}

describe("a forced exit (two signals) leaves a run complete up to the last finished epoch (issue 22 item 1)", () => {
  const CFG = "name: dc\ndata: {kind: moons, n: 2000}\nmodel: {layers: [64, 64]}\ntrain: {epochs: 1500, lr: 0.05}\n";

  /**
   * Two signals that reach the process together, so the second forces the exit before the first is acted on: sent
   * while it is stopped (SIGSTOP), then SIGCONT. Two different ones, as two of the same pending signal are one.
   */
  const twoSignals = async (child: ChildProcess) => {
    child.kill("SIGSTOP");
    child.kill("SIGINT");
    child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 20));
    child.kill("SIGCONT");
  };

  // independent processes, each waited on: run side by side
  it.concurrent.each([
    ["1", 1],
    ["0", 1],
    ["0", 7],
  ] as const)(
    "evaluation thread %s, log_every %i: rows flushed, summary names the last row, model.json is that epoch's weights; check verifies it",
    async (thread, logEvery) => {
      const dir = tempDir();
      const run = join(dir, "dc");
      const cfg = writeFile(dir, "dc.yaml", CFG.replace("lr: 0.05}", `lr: 0.05, log_every: ${logEvery}}`));
      const t = startTraining(run, cfg, { NN_LAB_EVAL_THREAD: thread });
      // held still (SIGSTOP) as soon as it has the rows, so it trains a few epochs, not as many as a loaded machine lets
      // pass before the test looks (the retrain below repeats them): 4 rows (epoch 3 on) when every epoch is logged,
      // 2 rows with log_every 7 (epochs 0 and 7: epoch 7 on, rows with unlogged epochs between, as 4 rows, epoch 21
      // on, gave at twice the training here and in the retrain)
      await stopWhen(t.child, t.rowsOver(logEvery === 1 ? 3 : 1), 60_000);
      await twoSignals(t.child);
      const { code } = await t.exited;
      const s = readJson<{ status: string; epochs: number }>(join(run, "summary.json"));
      expect(s.status).toBe("interrupted");
      expect(lastEpoch(run)).toBe(s.epochs);
      // the same config trained for exactly that many epochs writes the same metrics.csv and model.json, byte for byte
      const again = join(dir, "again");
      const r = await runMain(["train", cfg, "--set", `train.epochs=${s.epochs}`, "--run-dir", again, "--quiet"], {
        env: { NN_LAB_EVAL_THREAD: "0" },
      });
      expect(r.code).toBe(0);
      expect(readFileSync(join(run, "metrics.csv"), "utf8")).toBe(readFileSync(join(again, "metrics.csv"), "utf8"));
      expect(readFileSync(join(run, "model.json"), "utf8")).toBe(readFileSync(join(again, "model.json"), "utf8"));
      // the decision-boundary snapshots end at that epoch too
      const snaps = readJson<{ epochs: number[] }>(join(run, "snapshots.json"));
      expect(snaps.epochs[snaps.epochs.length - 1]).toBe(s.epochs);
      expect((await runMain(["check", run, "--expect", "test_acc>=0.5", "--allow", "interrupted"])).code).toBe(0);
      expect([130, 143]).toContain(code); // 128+N for the first of the two (the kernel picks which comes first)
    },
  );

  it("check verifies an interrupted run's files too: a cut metrics.csv is exit 2, not a pass", async () => {
    const dir = tempDir();
    const cfg = writeFile(dir, "x.yaml", "data: {kind: xor}\nmodel: {layers: [4]}\ntrain: {epochs: 20}\n");
    const run = join(dir, "run");
    expect((await runMain(["train", cfg, "--run-dir", run, "--quiet"])).code).toBe(0);
    const summaryPath = join(run, "summary.json");
    writeFileSync(summaryPath, readFileSync(summaryPath, "utf8").replace('"status": "completed"', '"status": "interrupted"'));
    const csv = readFileSync(join(run, "metrics.csv"), "utf8").trimEnd().split("\n");
    writeFileSync(join(run, "metrics.csv"), csv.slice(0, -1).join("\n") + "\n");
    const r = await runMain(["check", run, "--expect", "train_loss<10", "--allow", "interrupted"]);
    expect(r.stderr).toMatch(/metrics\.csv ends at epoch 19, summary\.json says 20 epochs/);
    expect(r.code).toBe(2);
  });
});
