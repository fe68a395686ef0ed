/**
 * examples/gnu-parallel.sh, run as written with the real GNU parallel (Debian package `parallel`) in a fresh copy
 * of the repository: three shards as three processes, then `sweep merge`. The merged sweep.csv must be the one an
 * unsharded run of the same grid writes (train_ms aside), and the merged folder is a sweep: `check` (with
 * --expect, --write-baseline and --baseline … --tolerance 3se) and `report` work on it.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runMain } from "../helpers.js";
import { expectMergedEqualsUnsharded, freshCopy } from "./helpers.js";
import { needs, PARALLEL } from "../system-tools.js";

describe.runIf(needs(PARALLEL, "examples/gnu-parallel.sh"))("examples/gnu-parallel.sh on GNU parallel", () => {
  it("shards in parallel, merges, and gives the unsharded sweep.csv", { timeout: 600_000 }, async () => {
    const repo = freshCopy({ built: true });
    const script = readFileSync(join(ROOT, "examples", "gnu-parallel.sh"), "utf8");
    const r = spawnSync("bash", ["examples/gnu-parallel.sh"], { cwd: repo, encoding: "utf8", timeout: 540_000 });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stderr).toMatch(/merged (\d+) of \1 runs into runs\/moons-sweep\/sweep\.csv/);

    await expectMergedEqualsUnsharded(repo, script);

    // the merged folder is a sweep: gated (expectations, a baseline written from it and checked against), reported
    // (nn-lab in this process: the example's own commands above ran as processes)
    const cli = (...args: string[]) => runMain(args, { cwd: repo });
    const gate = await cli("check", "runs/moons-sweep", "--expect", "train_acc>=0.5", "--write-baseline", "runs/baseline.json");
    expect(gate.code, gate.stdout + gate.stderr).toBe(0);
    expect(gate.stdout).toMatch(/^check runs\/moons-sweep: sweep of 6 grid points × 2 seeds — 12 completed$/m);
    expect(JSON.parse(readFileSync(join(repo, "runs", "baseline.json"), "utf8")).points).toHaveLength(6);
    const again = await cli("check", "runs/moons-sweep", "--baseline", "runs/unsharded", "--tolerance", "3se");
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout.match(/ PASS$/gm)).toHaveLength(6 * 4);
    const report = await cli("report", "runs/moons-sweep");
    expect(report.code, report.stderr).toBe(0);
    expect(readFileSync(join(repo, "runs", "moons-sweep", "report.html"), "utf8")).toContain('"planned":12,"found":12');
  });
});
