/**
 * A metrics.csv whose last line was cut mid-number (a crash or a full disk while writing): the cut row still has
 * every cell and an integer epoch, so only its missing newline tells. `check` and `sweep merge` refuse it (exit 2,
 * one line naming the file) rather than gate or merge a truncated final value (issue 27).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runMain, tempDir, writeFile, type CliResult } from "../helpers.js";

describe("a metrics.csv cut inside its last number", () => {
  const dir = tempDir();
  const cfg = writeFile(dir, "x.yaml", "data: {kind: xor}\ntrain: {epochs: 20}\n");
  const out = join(dir, "sw");
  const runDir = join(out, "0000-lr=0.1,seed=0");
  const metrics = join(runDir, "metrics.csv");
  let made: CliResult;
  let good: string;
  let cut: string;
  beforeAll(async () => {
    made = await runMain(["sweep", cfg, "--grid", "train.lr=0.1", "--jobs", "1", "--out", out, "--quiet"]);
    good = readFileSync(metrics, "utf8");
    // the last row's last cell loses its final digits and the newline: same cell count, epoch 20 still there
    cut = good.slice(0, good.trimEnd().length - 3);
  });

  it("is still a row of the full width ending at the summary's epoch (only the newline is missing)", () => {
    expect(made.code, made.stderr).toBe(0);
    const lines = cut.split("\n");
    expect(lines.at(-1)!.split(",")).toHaveLength(lines[0].split(",").length);
    expect(lines.at(-1)!.split(",")[0]).toBe("20");
  });

  it("check refuses it: exit 2, naming the file", async () => {
    writeFileSync(metrics, cut);
    const r = await runMain(["check", runDir, "--expect", "train_loss<10"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/metrics\.csv: the last line is cut off/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it("sweep merge refuses it: exit 2, naming the file", async () => {
    writeFileSync(metrics, cut);
    const r = await runMain(["sweep", "merge", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/metrics\.csv: the last line is cut off/);
    // the whole file back: both accept it
    writeFileSync(metrics, good);
    expect((await runMain(["sweep", "merge", out])).code).toBe(0);
    expect((await runMain(["check", runDir, "--expect", "train_loss<10"])).code).toBe(0);
  });
});
