/**
 * A sweep loads its one config and its one CSV again for every run, so both are parsed once per process and the
 * result reused while the file's content is the same (config/load.ts, data/csv.ts). What these tests prove: a
 * reused parse is never seen through — an edited file is read anew, an override applied to one load does not leak
 * into the next, and a caller that writes into the arrays it got does not change what the next caller gets.
 */
import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadConfig, parseOverride } from "../../src/config/load.js";
import { readCsv } from "../../src/data/csv.js";
import { tempDir, writeFile } from "../helpers.js";

describe("configs and CSV files read again", () => {
  it("an override applies to its own load only, and an edited config is read anew", () => {
    const file = writeFile(tempDir(), "c.yaml", "data: {kind: moons, n: 64}\nmodel: {layers: [4]}\ntrain: {lr: 0.25}\n");
    expect(loadConfig(file, [parseOverride("train.lr=0.5")]).parsed.train.lr).toBe(0.5);
    expect(loadConfig(file).parsed.train.lr).toBe(0.25);
    const a = loadConfig(file).parsed;
    a.model.layers.push(99 as never);
    expect(loadConfig(file).parsed.model.layers).toHaveLength(1);
    writeFileSync(file, "data: {kind: moons, n: 64}\nmodel: {layers: [4]}\ntrain: {lr: 0.125}\n");
    expect(loadConfig(file).parsed.train.lr).toBe(0.125);
  });

  it("a CSV's arrays are the caller's own, and an edited CSV is parsed anew", () => {
    const file = writeFile(tempDir(), "d.csv", "x1,x2,label\n0.5,1.5,0\n-2,3,1\n");
    const first = readCsv(file, "label");
    expect(Array.from(first.x)).toEqual([0.5, 1.5, -2, 3]);
    first.x[0] = 42;
    first.y[1] = 7;
    const second = readCsv(file, "label");
    expect(Array.from(second.x)).toEqual([0.5, 1.5, -2, 3]);
    expect(Array.from(second.y)).toEqual([0, 1]);
    expect(readCsv(file, "x2").inputNames).toEqual(["x1", "label"]); // another target: another table
    writeFileSync(file, "x1,x2,label\n0.25,1.5,1\n");
    const edited = readCsv(file, "label");
    expect([edited.n, Array.from(edited.x), Array.from(edited.y)]).toEqual([1, [0.25, 1.5], [1]]);
  });
});
