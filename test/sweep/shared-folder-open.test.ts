/**
 * Shards opening one sweep folder at the same moment (sweep --shard i/N --out SHARED, started together): the plan
 * (sweep.json) is created by exactly one of them, whole, and the others check theirs against it. Seen failing
 * under load (the full suite with two workers, load 17): shard 1 exited 2, "the folder is not empty and holds no
 * sweep", because it looked while shard 2's sweep.json was still its temp file.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createFileExclusive, isAtomicTempOf } from "../../src/run/run-folder.js";
import { openSweepFolder, PLAN_FILE, type SweepPlan } from "../../src/sweep/sweep.js";
import { tempDir, writeFile } from "../helpers.js";

const plan = (lr: number[]): SweepPlan => ({
  format: "nn-lab.sweep.v1",
  config: "base.yaml",
  config_sha256: "a".repeat(64),
  axes: [{ key: "train.lr", values: lr }],
  seeds: [0],
});

describe("createFileExclusive", () => {
  it("creates a missing file whole and says so; leaves no temp file", () => {
    const dir = tempDir();
    expect(createFileExclusive(join(dir, "f.json"), "one\n")).toBe(true);
    expect(readFileSync(join(dir, "f.json"), "utf8")).toBe("one\n");
    expect(readdirSync(dir)).toEqual(["f.json"]);
  });

  it("an existing file: false, and the file is untouched", () => {
    const dir = tempDir();
    writeFile(dir, "f.json", "theirs\n");
    expect(createFileExclusive(join(dir, "f.json"), "mine\n")).toBe(false);
    expect(readFileSync(join(dir, "f.json"), "utf8")).toBe("theirs\n");
    expect(readdirSync(dir)).toEqual(["f.json"]);
  });
});

describe("isAtomicTempOf: writeFileAtomic's temp file of a given file, and nothing else", () => {
  it.each([
    ["sweep.json.tmp-4242", true],
    ["sweep.json.tmp-", false],
    ["sweep.json.tmp-42a", false],
    ["sweep.json.tmp", false],
    ["other.json.tmp-4242", false],
    ["sweep.json", false],
  ])("%s → %s", (name, expected) => {
    expect(isAtomicTempOf(name, PLAN_FILE)).toBe(expected);
  });
});

describe("openSweepFolder with another shard in the same folder", () => {
  it("a folder holding only another shard's plan, mid-write (its temp file), is opened: the plan is written", () => {
    const dir = tempDir();
    writeFile(dir, `${PLAN_FILE}.tmp-999999`, "{");
    openSweepFolder(dir, plan([0.1, 0.2]));
    expect(JSON.parse(readFileSync(join(dir, PLAN_FILE), "utf8"))).toEqual(plan([0.1, 0.2]));
  });

  it("a user's file beside such a temp file is still refused", () => {
    const dir = tempDir();
    writeFile(dir, `${PLAN_FILE}.tmp-999999`, "{");
    writeFile(dir, "notes.txt", "mine");
    expect(() => openSweepFolder(dir, plan([0.1]))).toThrow(/not empty and holds no sweep/);
    expect(existsSync(join(dir, PLAN_FILE))).toBe(false);
  });

  it("the same sweep's plan already there: opened, the plan unchanged; a different sweep's: refused, unchanged", () => {
    const dir = tempDir();
    openSweepFolder(dir, plan([0.1, 0.2]));
    const before = readFileSync(join(dir, PLAN_FILE), "utf8");
    openSweepFolder(dir, plan([0.1, 0.2]));
    expect(() => openSweepFolder(dir, plan([0.3]))).toThrow(/holds a different sweep/);
    expect(readFileSync(join(dir, PLAN_FILE), "utf8")).toBe(before);
  });
});
