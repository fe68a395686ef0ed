/**
 * Issue 22 item 11: a message quotes a value the user gave, never a flood of it. A 100 KB name given to `lesson` or
 * `plot` is quoted as its first 40 characters and "…" (as values quoted from files are), and every error line is
 * cut at 1000 characters as a backstop; a --set value is quoted as typed, not as the number it parses to.
 */
import { describe, expect, it } from "vitest";
import { runMain, tempDir, writeFile } from "../helpers.js";

const HUGE = "a".repeat(100_000);
const CUT = `'${"a".repeat(40)}…'`;

describe("echoes of huge input are capped", () => {
  it.each([
    ["lesson", "lesson: unknown lesson"],
    ["plot", "plot: unknown activation"],
  ])("%s with a 100 KB name: exit 2, the name cut to 40 characters", async (command, says) => {
    const r = await runMain([command, HUGE]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^nn-lab: error: ${says} ${CUT}; expected one of [^\\n]+\\n$`));
    expect(r.stderr.length).toBeLessThan(1000);
    expect(r.stdout).toBe("");
  });

  it.each([
    ["train --jobs HUGE", ["train", "x.yaml", "--jobs", HUGE]],
    ["sweep --jobs HUGE", ["sweep", "x.yaml", "--grid", `train.lr=0.1`, "--jobs", HUGE]],
    ["check HUGE", ["check", HUGE]],
    ["train --set HUGE=1", ["train", "x.yaml", "--set", `${HUGE}=1`]],
    ["train --HUGE", ["train", "x.yaml", `--${HUGE}`]],
  ])("%s: one line of at most 1000 characters (and the prefix)", async (_, args) => {
    const dir = tempDir();
    writeFile(dir, "x.yaml", "data: {kind: xor}\ntrain: {epochs: 1}\n");
    const r = await runMain(args, { cwd: dir });
    expect(r.code).toBe(2);
    const lines = r.stderr.trimEnd().split("\n");
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(1000 + "nn-lab: error: …".length);
    expect(r.stderr.length).toBeLessThan(3000);
  });
});

describe("--set values are quoted as typed", () => {
  it("seed=9007199254740993 (2^53 + 1, which parses to 2^53): the message quotes 9007199254740993", async () => {
    const dir = tempDir();
    writeFile(dir, "x.yaml", "data: {kind: xor}\ntrain: {epochs: 1}\n");
    const r = await runMain(["train", "x.yaml", "--set", "seed=9007199254740993"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("nn-lab: error: --set seed=9007199254740993: seed: must be <= 9007199254740991, got '9007199254740993'\n");
  });
  it("a value that reads as typed is shown as before: --set train.lr=-0.1", async () => {
    const dir = tempDir();
    writeFile(dir, "x.yaml", "data: {kind: xor}\ntrain: {epochs: 1}\n");
    const r = await runMain(["train", "x.yaml", "--set", "train.lr=-0.1"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("nn-lab: error: --set train.lr=-0.1: train.lr: must be > 0, got -0.1\n");
  });
});
