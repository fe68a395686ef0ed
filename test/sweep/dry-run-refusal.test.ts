/**
 * `sweep --dry-run` predicts what the real run does to its folder (issue 23): after --seeds (or the grid) changed,
 * the real run refuses ("holds a different sweep (… the seeds)", exit 2); the dry run used to list renumbered
 * done/todo runs and exit 0. Now both print the same one line and exit 2, and the dry run writes nothing.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runMain, tempDir, writeFile } from "../helpers.js";

const XOR = "name: x\ndata: {kind: xor}\nmodel: {layers: [2]}\ntrain: {epochs: 2}\n";

describe("sweep --dry-run predicts the real run's refusal", () => {
  it.each([
    ["the seeds changed", ["--seeds", "1,2,3"], "the seeds"],
    ["a --set changed", ["--set", "train.epochs=3"], ""],
  ])("%s: the same message and exit code as the real run", async (_, change, why) => {
    const dir = tempDir();
    const cfg = writeFile(dir, "x.yaml", XOR);
    const out = join(dir, "sw");
    const base = ["sweep", cfg, "--grid", "train.lr=0.1,0.2", "--jobs", "1", "--out", out];
    expect((await runMain([...base, "--seeds", "1,2", "--quiet"])).code).toBe(0);
    const before = readdirSync(out).sort();
    const changed = [...base, "--seeds", "1,2", ...change];
    const dry = await runMain([...changed, "--dry-run"]);
    const real = await runMain(changed);
    expect(real.code).toBe(2);
    expect(real.stderr).toMatch(
      new RegExp(`^nn-lab: error: ${out}: holds a different sweep \\(its sweep.json differs: .*${why}.*\\); use another --out\\n$`),
    );
    expect(dry.code).toBe(real.code);
    expect(dry.stderr).toBe(real.stderr);
    expect(dry.stdout).toBe("");
    expect(readdirSync(out).sort()).toEqual(before);
  });

  it("a folder of other files: the same refusal; the unchanged sweep still lists its runs as done", async () => {
    const dir = tempDir();
    const cfg = writeFile(dir, "x.yaml", XOR);
    const mine = join(dir, "mine");
    writeFile(dir, "keep", "");
    const args = ["sweep", cfg, "--grid", "train.lr=0.1", "--jobs", "1", "--out", dir];
    const dry = await runMain([...args, "--dry-run"]);
    const real = await runMain(args);
    expect(real.code).toBe(2);
    expect(dry.code).toBe(2);
    expect(dry.stderr).toBe(real.stderr);
    expect(real.stderr).toMatch(/the folder is not empty and holds no sweep/);
    const ok = ["sweep", cfg, "--grid", "train.lr=0.1", "--jobs", "1", "--out", mine, "--seeds", "1"];
    expect((await runMain([...ok, "--quiet"])).code).toBe(0);
    const again = await runMain([...ok, "--dry-run"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(`1 of 1 runs into ${mine}:\ndone  0000-lr=0.1,seed=1\n`);
  });
});
