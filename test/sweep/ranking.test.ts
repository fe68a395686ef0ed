/**
 * Honest aggregates: a grid point with one seed has no spread, so the ranking and the check table show its value
 * and n = 1, never "± 0"; with several seeds the mean ± std carries its n. (Before: "0.2908 ± 0.0000".)
 */
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { rank } from "../../src/sweep/rank.js";
import { expandGrid } from "../../src/sweep/grid.js";
import type { RunRecord } from "../../src/sweep/sweep.js";
import { runMain, tempDir, writeFile, type CliResult } from "../helpers.js";

const BASE = `
name: base
seed: 1
data: {kind: moons, n: 60, noise: 0.2, test: 0.25}
model: {layers: [6], activation: tanh}
train: {epochs: 10, batch: 16, optimizer: sgd, lr: 0.5}
`;

describe("sweep ranking and check with one seed per grid point", () => {
  const dir = tempDir();
  const cfg = writeFile(dir, "base.yaml", BASE);
  let one: CliResult;
  let two: CliResult;
  beforeAll(async () => {
    one = await runMain(["sweep", cfg, "--grid", "model.activation=relu,tanh", "--jobs", "1", "--out", join(dir, "one")]);
    two = await runMain(["sweep", cfg, "--grid", "model.activation=relu,tanh", "--seeds", "1,2", "--jobs", "1", "--out", join(dir, "two")]);
  });

  it("the ranking shows each point's value and n = 1, no ± 0", () => {
    expect(one.code, one.stderr).toBe(0);
    const rows = one.stdout.split("\n").filter((l) => /^\d\s/.test(l));
    expect(rows).toHaveLength(2);
    for (const r of rows) expect(r).toMatch(/^\d\s+(relu|tanh)\s+\d\.\d{4} \(n = 1\)\s+1\/1$/);
    expect(rows.join("\n")).not.toContain("±");
  });

  it("with two seeds: mean ± std (n = 2)", () => {
    expect(two.code, two.stderr).toBe(0);
    const rows = two.stdout.split("\n").filter((l) => /^\d\s/.test(l));
    for (const r of rows) expect(r).toMatch(/^\d\s+(relu|tanh)\s+\d\.\d{4} ± \d\.\d{4} \(n = 2\)\s+2\/2$/);
  });

  it("check against a one-seed baseline: values with n 1/1 beside them, no ± 0", async () => {
    const baseline = join(dir, "b.json");
    expect((await runMain(["check", join(dir, "one"), "--write-baseline", baseline])).code).toBe(0);
    const r = await runMain(["check", join(dir, "one"), "--baseline", baseline, "--tolerance", "10%"]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/sweep of 2 grid points × 1 seed — 2 completed/);
    expect(r.stdout).toMatch(/^ {2}relu\s+train_loss\s+\d\.\d{4}\s+\d\.\d{4}\s+1\/1\s/m);
    expect(r.stdout).not.toMatch(/± 0\.0000/);
  });
});

describe("rank", () => {
  it("one completed run: its value, std 0 only as a number (n = 1 says there is no spread)", () => {
    const planned = expandGrid([{ key: "train.lr", values: [0.1] }], [1, 2]);
    const records = [{ run: planned[0], summary: { status: "completed", final: { train_loss: 0.25 } } }] as unknown as RunRecord[];
    const [p] = rank(planned, records, "train_loss");
    expect([p.mean, p.std, p.completed, p.notStarted]).toEqual([0.25, 0, 1, 1]);
  });
});
