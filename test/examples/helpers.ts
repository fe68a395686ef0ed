/** Helpers for the tests that run examples/ as written: a fresh copy of the repository, and sweep.csv read back. */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import { expect } from "vitest";
import { ROOT, runMain, tempDir } from "../helpers.js";

/**
 * A fresh copy of the repository: the files git tracks or would track (what a checkout of this tree holds).
 * With `built`, node_modules and dist are links to this checkout's (the examples run `node bin/nn-lab.js`).
 */
export function freshCopy(opts: { built?: boolean } = {}): string {
  const dest = join(tempDir("nn-lab-checkout-"), "repo");
  const files = spawnSync("git", ["ls-files", "-co", "--exclude-standard", "-z"], { cwd: ROOT, encoding: "utf8" });
  expect(files.status).toBe(0);
  // (a worktree's node_modules may itself be a symbolic link, which git lists as an untracked file)
  for (const f of files.stdout.split("\0").filter((f) => f && f !== "node_modules" && f !== "dist")) {
    if (!existsSync(join(ROOT, f))) continue; // deleted in the working tree
    mkdirSync(dirname(join(dest, f)), { recursive: true });
    cpSync(join(ROOT, f), join(dest, f));
  }
  if (opts.built) for (const d of ["node_modules", "dist"]) symlinkSync(join(ROOT, d), join(dest, d));
  return dest;
}

/** sweep.csv's rows without the train_ms column (timings differ between any two executions). */
export function sweepTable(file: string): string[][] {
  const rows = readFileSync(file, "utf8")
    .trimEnd()
    .split("\n")
    .map((l) => l.split(","));
  const t = rows[0].indexOf("train_ms");
  expect(t).toBeGreaterThan(0);
  return rows.map((r) => r.filter((_, i) => i !== t));
}

/** The `sweep CONFIG --vary … --seeds …` part (`--grid`, its alias, too) of an example script's nn-lab command, as arguments. */
export function sweepArgs(script: string): string[] {
  const text = script.replace(/\\\n/g, " ");
  const m = /sweep\s+(configs\/\S+)((?:\s+--(?:vary|grid)\s+\S+)+)\s+--seeds\s+(\S+)/.exec(text);
  expect(m, "the example's sweep command").not.toBeNull();
  return [m![1], ...m![2].trim().split(/\s+/), "--seeds", m![3]];
}

/**
 * The example's merged sweep equals the same grid swept in one process: `nn-lab sweep` with the example's config,
 * grid and seeds (in this process, --jobs 1: sweep.csv does not depend on --jobs, test/sweep/sweep.test.ts; into
 * runs/unsharded), then both sweep.csv tables compared without their timings. Returns the merged table.
 */
export async function expectMergedEqualsUnsharded(repo: string, script: string): Promise<string[][]> {
  const whole = await runMain(["sweep", ...sweepArgs(script), "--jobs", "1", "--out", "runs/unsharded", "--quiet"], { cwd: repo });
  expect(whole.code, whole.stderr).toBe(0);
  const merged = sweepTable(join(repo, "runs", "moons-sweep", "sweep.csv"));
  expect(merged.length).toBeGreaterThan(1);
  expect(merged).toEqual(sweepTable(join(repo, "runs", "unsharded", "sweep.csv")));
  return merged;
}
