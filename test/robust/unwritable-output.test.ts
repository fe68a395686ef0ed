import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { OutputError } from "../../src/errors.js";
import { MetricsWriter } from "../../src/run/metrics-csv.js";
import { writeFileAtomic } from "../../src/run/run-folder.js";
import { runMain, tempDir, writeFile } from "../helpers.js";

describe("files that cannot be written give a clear error, not a crash", () => {
  it("a full device: OutputError naming the file and ENOSPC", () => {
    expect(existsSync("/dev/full")).toBe(true);
    expect(() => new MetricsWriter("/dev/full", ["epoch"], true)).toThrow(OutputError);
    expect(() => new MetricsWriter("/dev/full", ["epoch"], true)).toThrow("cannot write /dev/full: no space left on the device (ENOSPC)");
  });

  it("a path through a file: OutputError, and no temp file left", () => {
    const dir = tempDir();
    const file = writeFile(dir, "plain", "x");
    expect(() => writeFileAtomic(join(file, "summary.json"), "{}")).toThrow(
      /cannot write .*plain\/summary\.json: a part of the path is a file, not a folder \(ENOTDIR\)/,
    );
  });

  it("an unusable runs folder is refused before training (exit 2)", async () => {
    const dir = tempDir();
    const file = writeFile(dir, "runs", "not a folder");
    const cfg = writeFile(dir, "c.yaml", "data: {kind: xor}\ntrain: {epochs: 1}\n");
    const r = await runMain(["train", cfg, "--runs", join(file, "sub")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^nn-lab: error: .*runs\/sub: cannot create the runs folder \(ENOTDIR\)\n$/);
  });

  // A real full disk: a 64 KiB tmpfs (needs root and mount rights; skipped elsewhere, saying so).
  const mnt = join(tempDir(), "small");
  mkdirSync(mnt);
  const mount = () => execFileSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", mnt], { stdio: "ignore" });
  let canMount = false;
  try {
    mount();
    execFileSync("umount", [mnt]);
    canMount = true;
  } catch {
    console.log("skipping the full-disk test: cannot mount a small tmpfs here (needs root)");
  }
  it.skipIf(!canMount).each(["0", "1"])(
    "a disk that fills up mid-run (evaluation thread %s): exit 2, one line naming metrics.csv and ENOSPC",
    async (thread) => {
      mount();
      try {
        const dir = tempDir();
        const cfg = writeFile(dir, "c.yaml", "data: {kind: moons, n: 40}\nmodel: {layers: [4]}\ntrain: {epochs: 100000, batch: 8}\n");
        const r = await runMain(["train", cfg, "--run-dir", join(mnt, "run")], { env: { NN_LAB_EVAL_THREAD: thread } });
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/^nn-lab: error: cannot write .*run\/metrics\.csv: no space left on the device \(ENOSPC\)\n$/);
      } finally {
        execFileSync("umount", [mnt]);
      }
    },
  );
});

// Issue 22 item 10: an output that cannot be written is exit 2 on every command (1 means only a failed result).
/** Root with mount rights (a tmpfs can be mounted here), else the tests that need it are skipped, saying so. */
function tmpfsMountable(): boolean {
  const at = join(tempDir(), "probe");
  mkdirSync(at);
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", at], { stdio: "ignore" });
    execFileSync("umount", [at]);
    return true;
  } catch {
    console.log("skipping the read-only file system tests: cannot mount a tmpfs here (needs root)");
    return false;
  }
}

describe.runIf(tmpfsMountable())("a read-only file system: exit 2 on every command, one line naming the file and EROFS", () => {
  const ro = join(tempDir(), "ro");
  mkdirSync(ro);
  const dir = tempDir();
  const cfg = writeFile(dir, "c.yaml", "data: {kind: xor}\nmodel: {layers: [4]}\ntrain: {epochs: 3}\n");
  const run = join(dir, "run");
  const cases: [string, string[]][] = [
    ["train", ["train", cfg, "--run-dir", join(ro, "run")]],
    ["sweep", ["sweep", cfg, "--grid", "train.lr=0.1,0.2", "--out", join(ro, "sw")]],
    ["compare", ["compare", cfg, "--vary", "train.lr=0.1,0.2", "--runs", join(dir, "cmp"), "--out", ro]],
    ["report", ["report", run, "--out", join(ro, "r.html")]],
    ["check --write-baseline", ["check", run, "--write-baseline", join(ro, "b.json")]],
    ["data --out", ["data", "moons", "--out", join(ro, "d.csv")]],
    ["schema --out", ["schema", "--out", join(ro, "s.json")]],
  ];
  it.each(cases)("%s", async (_, args) => {
    if (!existsSync(run)) expect((await runMain(["train", cfg, "--run-dir", run, "--quiet"])).code).toBe(0);
    execFileSync("mount", ["-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", ro], { stdio: "ignore" });
    try {
      const r = await runMain([...args, "--quiet"]);
      expect(r.stderr).toMatch(/^nn-lab: error: .*\/ro\b.*(EROFS|read-only)/);
      expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(r.code).toBe(2);
    } finally {
      execFileSync("umount", [ro]);
    }
  });
});

describe("folders nn-lab cannot create", () => {
  // Node's own recursive mkdirSync never returns for a path under /proc; nn-lab must answer at once.
  it.skipIf(!existsSync("/proc/self"))("--run-dir and --runs under /proc are refused with exit 2, not a hang", async () => {
    const dir = tempDir();
    const cfg = writeFile(dir, "c.yaml", "data: {kind: xor}\ntrain: {epochs: 1}\n");
    const a = await runMain(["train", cfg, "--run-dir", "/proc/nn-lab-x"]);
    expect(a.code).toBe(2);
    expect(a.stderr).toBe("nn-lab: error: --run-dir /proc/nn-lab-x: cannot create the run folder (ENOENT)\n");
    const b = await runMain(["train", cfg, "--runs", "/proc/nn-lab-x/runs"]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/cannot create the runs folder \(ENOENT\)/);
  });

  it("--run-dir creates missing parent folders", async () => {
    const dir = tempDir();
    const cfg = writeFile(dir, "c.yaml", "data: {kind: xor}\ntrain: {epochs: 1}\n");
    expect((await runMain(["train", cfg, "--run-dir", join(dir, "a", "b", "run"), "--quiet"])).code).toBe(0);
    expect(existsSync(join(dir, "a", "b", "run", "summary.json"))).toBe(true);
  });
});
