/**
 * examples/gnu-parallel.sh, run as written with the real GNU parallel (Debian package `parallel`) in a fresh copy
 * of the repository: three shards as three processes, then `sweep merge`. The merged sweep.csv must be the one an
 * unsharded run of the same grid writes (train_ms aside).
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers.js";
import { expectMergedEqualsUnsharded, freshCopy } from "./helpers.js";

describe("examples/gnu-parallel.sh on GNU parallel", () => {
  it("shards in parallel, merges, and gives the unsharded sweep.csv", { timeout: 600_000 }, () => {
    const which = spawnSync("parallel", ["--version"], { encoding: "utf8" });
    expect(which.status, "GNU parallel is not installed (apt-get install -y parallel; .ci/run installs it)").toBe(0);
    expect(which.stdout).toMatch(/^GNU parallel/);
    const repo = freshCopy({ built: true });
    const script = readFileSync(join(ROOT, "examples", "gnu-parallel.sh"), "utf8");
    const r = spawnSync("bash", ["examples/gnu-parallel.sh"], { cwd: repo, encoding: "utf8", timeout: 540_000 });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stderr).toMatch(/merged (\d+) of \1 runs into runs\/moons-sweep\/sweep\.csv/);

    expectMergedEqualsUnsharded(repo, script, 540_000);
  });
});
