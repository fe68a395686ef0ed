/**
 * `--out` means one thing on every command: where the command's results go, created when missing (issue 23).
 * compare's --out is the comparison's folder (its run folders, compare.csv); it is claimed before anything trains,
 * so an unusable one is exit 2 naming it with no run folder left anywhere; it used to train every run and then fail
 * with ENOENT, exit 1. A file --out (data, schema, report, play) gets its missing folders too.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runMain, tempDir, writeFile } from "../helpers.js";

const XOR = "name: x\ndata: {kind: xor}\nmodel: {layers: [4]}\ntrain: {epochs: 3}\n";

describe("compare --out", () => {
  it("a missing folder is created and holds the comparison: its run folders and compare.csv (nothing under --runs)", async () => {
    const dir = tempDir();
    const cfg = writeFile(dir, "x.yaml", XOR);
    const out = join(dir, "a", "new-folder");
    const r = await runMain(["compare", cfg, "--vary", "train.lr=0.1,0.2", "--out", out, "--runs", join(dir, "runs"), "--no-boundary"]);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["0000-lr=0.1", "0001-lr=0.2", "compare.csv"]);
    for (const run of ["0000-lr=0.1", "0001-lr=0.2"])
      expect(JSON.parse(readFileSync(join(out, run, "summary.json"), "utf8")).status).toBe("completed");
    const csv = readFileSync(join(out, "compare.csv"), "utf8").trimEnd().split("\n");
    expect(csv[0]).toBe("epoch,lr=0.1,lr=0.2");
    expect(csv).toHaveLength(5); // epochs 0-3
    expect(existsSync(join(dir, "runs"))).toBe(false);
    expect(r.stdout).toContain(`compare.csv: ${join(out, "compare.csv")}\n`);
  });

  it.each([
    ["a path through a file", (dir: string) => join(writeFile(dir, "plain", "x"), "sub"), "cannot look at OUT/compare.csv (ENOTDIR)"],
    ["a folder that cannot be made", () => "/proc/nn-lab-x/cmp", "cannot create the folder (ENOENT)"],
  ])("%s: exit 2 naming it before anything trains, no run folder left", async (_, outIn, why) => {
    const dir = tempDir();
    const cfg = writeFile(dir, "x.yaml", XOR);
    const out = outIn(dir);
    const r = await runMain(["compare", cfg, "--vary", "train.lr=0.1,0.2", "--out", out, "--runs", join(dir, "runs")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`nn-lab: error: --out ${out}: ${why.replace("OUT", out)}\n`);
    expect(existsSync(join(dir, "runs"))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(existsSync(join(dir, "plain")) ? ["plain", "x.yaml"] : ["x.yaml"]);
  });

  it("a non-empty folder is refused before training unless --overwrite, which replaces the comparison's files", async () => {
    const dir = tempDir();
    const cfg = writeFile(dir, "x.yaml", XOR);
    const out = join(dir, "cmp");
    const args = ["compare", cfg, "--vary", "train.lr=0.1,0.2", "--out", out, "--quiet"];
    expect((await runMain(args)).code).toBe(0);
    writeFile(out, "notes.txt", "mine");
    const again = await runMain(args);
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(`nn-lab: error: --out ${out}: ${join(out, "compare.csv")} exists; pick another name or pass --overwrite\n`);
    expect((await runMain([...args, "--overwrite"])).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["0000-lr=0.1", "0001-lr=0.2", "compare.csv", "notes.txt"]);
    expect(readFileSync(join(out, "notes.txt"), "utf8")).toBe("mine");
  });

  it("for run folders (nothing trained): compare.csv goes into --out, created when missing", async () => {
    const dir = tempDir();
    const cfg = writeFile(dir, "x.yaml", XOR);
    for (const run of ["a", "b"]) expect((await runMain(["train", cfg, "--run-dir", join(dir, run), "--quiet"])).code).toBe(0);
    const out = join(dir, "new", "cmp");
    const r = await runMain(["compare", join(dir, "a"), join(dir, "b"), "--out", out, "--quiet"]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(out, "compare.csv"), "utf8").split("\n")[0]).toBe("epoch,a,b");
  });
});

describe("a file --out gets its missing folders", () => {
  it.each([
    ["data", ["data", "xor"]],
    ["schema", ["schema"]],
    ["play", ["play"]],
  ])("%s --out a/b/FILE", async (_, args) => {
    const dir = tempDir();
    const out = join(dir, "a", "b", "file");
    const r = await runMain([...args, "--out", out, "--quiet"]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(out, "utf8").length).toBeGreaterThan(30);
  });

  it("a folder it cannot make: exit 2 naming the file, nothing left", async () => {
    const dir = tempDir();
    const out = join(writeFile(dir, "plain", "x"), "b", "d.csv");
    const r = await runMain(["data", "xor", "--out", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`nn-lab: error: --out ${out}: cannot look at ${out} (ENOTDIR)\n`);
    expect(readdirSync(dir)).toEqual(["plain"]);
  });
});
