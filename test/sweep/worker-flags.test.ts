/**
 * Worker threads (sweep jobs, the evaluation thread) start under node flags a worker may not take. `node --max-lazy
 * bin/nn-lab.js …` (a V8 option: process-wide, so already in force in every thread) made Node refuse the worker's
 * flag list, and the command died with "internal error … this is a bug". Now the worker starts without the flags.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, tempDir, writeFile } from "../helpers.js";

const CONFIG = "data: {kind: xor}\nmodel: {layers: [4]}\ntrain: {epochs: 5}\n";

function node(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ["--max-lazy", BIN, ...args], { encoding: "utf8", env: { ...process.env, ...env } });
}

describe("node flags a worker thread cannot take", () => {
  it("sweep --jobs 2 trains every run", () => {
    const dir = tempDir();
    const cfg = writeFile(dir, "x.yaml", CONFIG);
    const out = join(dir, "sweep");
    const r = node(["sweep", cfg, "--grid", "train.lr=0.1,0.2", "--jobs", "2", "--out", out, "--quiet"]);
    expect(r.stderr).not.toContain("internal error");
    expect(r.status).toBe(0);
    const runs = readdirSync(out).filter((f) => f.startsWith("0"));
    expect(runs).toHaveLength(2);
    for (const run of runs) expect(JSON.parse(readFileSync(join(out, run, "summary.json"), "utf8")).status).toBe("completed");
  });

  it("train with the evaluation thread on gives the same metrics.csv as without it", () => {
    const dir = tempDir();
    const cfg = writeFile(dir, "x.yaml", CONFIG);
    const on = node(["train", cfg, "--run-dir", join(dir, "on"), "--json"], { NN_LAB_EVAL_THREAD: "1" });
    const off = node(["train", cfg, "--run-dir", join(dir, "off"), "--json"], { NN_LAB_EVAL_THREAD: "0" });
    expect(on.stderr).not.toContain("internal error");
    expect([on.status, off.status]).toEqual([0, 0]);
    expect(readFileSync(join(dir, "on", "metrics.csv"), "utf8")).toBe(readFileSync(join(dir, "off", "metrics.csv"), "utf8"));
  });
});
