import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, readJson, tempDir, writeFile } from "../helpers.js";

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
  const hasRows = async (rows: number) => {
    for (let i = 0; i < 400; i++) {
      const p = join(runDir, "metrics.csv");
      if (existsSync(p) && readFileSync(p, "utf8").split("\n").length > rows + 2) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error("training did not start");
  };
  return { child, exited, hasRows };
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
  it.each([
    ["SIGINT", "0"],
    ["SIGTERM", "0"],
    ["SIGINT", "1"],
  ] as const)("%s (evaluation thread %s): the epoch finishes, files are flushed, status interrupted, exit 130", async (signal, thread) => {
    const dir = tempDir();
    const run = join(dir, "run");
    const t = startTraining(run, writeFile(dir, "long.yaml", LONG.replace("batch: full", "batch: 16")), { NN_LAB_EVAL_THREAD: thread });
    await t.hasRows(5);
    t.child.kill(signal);
    const { code } = await t.exited;
    expect(code).toBe(130);
    const rows = checkMetrics(run);
    const s = readJson<{ status: string; epochs: number }>(join(run, "summary.json"));
    expect(s.status).toBe("interrupted");
    expect(s.epochs).toBe(rows - 1);
    expect(readJson<{ format: string }>(join(run, "model.json")).format).toBe("nn-lab.model.v1");
  });

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
    await new Promise((r) => setTimeout(r, 400));
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
