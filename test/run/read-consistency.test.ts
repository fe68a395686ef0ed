/**
 * runFilesProblem and readSummary (src/run/read.ts): a run folder counts as finished only when its files agree with
 * summary.json — metrics.csv holds the header, epoch 0 and one row per logged epoch up to `summary.epochs`, in order,
 * every row as wide as the header, the last line ending in a newline; model.json exists. Each problem is named in
 * one line; the expected messages are the checks of the module's comment, one folder each, written by hand.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runFilesProblem } from "../../src/run/read.js";
import type { Summary } from "../../src/run/summary.js";
import { tempDir } from "../helpers.js";

/** A folder with this metrics.csv (null: none) and a model.json (unless `model` is false). */
function folder(metrics: string | null, model = true): string {
  const dir = tempDir();
  if (metrics !== null) writeFileSync(join(dir, "metrics.csv"), metrics);
  if (model) writeFileSync(join(dir, "model.json"), "{}");
  return dir;
}
const ran = (epochs: number) => ({ epochs }) as Summary;
const problem = (metrics: string | null, epochs: number, logEvery = 1, model = true) =>
  runFilesProblem(folder(metrics, model), ran(epochs), logEvery);

describe("runFilesProblem", () => {
  it("agrees: epochs 0..2, every row whole, model.json there", () => {
    expect(problem("epoch,loss\n0,1\n1,0.5\n2,0.25\n", 2)).toBeNull();
  });

  it("metrics.csv missing, or not a file", () => {
    expect(problem(null, 2)).toBe("metrics.csv: no such file");
    const dir = folder(null);
    mkdirSync(join(dir, "metrics.csv"));
    expect(runFilesProblem(dir, ran(2))).toBe("metrics.csv: it is a folder");
  });

  it("the last line cut off: no newline at the end, though the row has every cell and the epoch", () => {
    expect(problem("epoch,loss\n0,1\n1,0.5\n2,0.2", 2)).toBe("metrics.csv: the last line is cut off");
  });

  it("a header and no rows", () => {
    expect(problem("epoch,loss\n", 0)).toBe("metrics.csv: no rows");
  });

  it("a row narrower or wider than the header, or whose epoch is not an integer, names its line", () => {
    expect(problem("epoch,loss\n0,1\n1\n2,0.2\n", 2)).toBe("metrics.csv:3: not a metrics row");
    expect(problem("epoch,loss\n0,1\n1,0.5,9\n2,0.2\n", 2)).toBe("metrics.csv:3: not a metrics row");
    expect(problem("epoch,loss\n0,1\n1,0.5\nx,0.2\n", 2)).toBe("metrics.csv:4: not a metrics row");
    expect(problem("epoch,loss\n0,1\n1.5,0.5\n2,0.2\n", 2)).toBe("metrics.csv:3: not a metrics row");
    expect(problem("epoch,loss\n0,1\n,0.5\n2,0.2\n", 2)).toBe("metrics.csv:3: not a metrics row");
  });

  it("not starting at epoch 0", () => {
    expect(problem("epoch,loss\n1,0.5\n2,0.2\n", 2)).toBe("metrics.csv: does not start at epoch 0");
  });

  it("ending at another epoch than summary.json's", () => {
    expect(problem("epoch,loss\n0,1\n1,0.5\n", 2)).toBe("metrics.csv ends at epoch 1, summary.json says 2 epochs");
    expect(problem("epoch,loss\n0,1\n1,0.5\n2,0.2\n3,0.1\n", 2)).toBe("metrics.csv ends at epoch 3, summary.json says 2 epochs");
  });

  it("epochs going back, or repeated, name the line", () => {
    expect(problem("epoch,loss\n0,1\n2,0.5\n1,0.4\n2,0.2\n", 2)).toBe("metrics.csv:4: epochs out of order");
    expect(problem("epoch,loss\n0,1\n1,0.5\n1,0.4\n2,0.2\n", 2)).toBe("metrics.csv:4: epochs out of order");
    expect(problem("epoch,loss\n0,1\n0,0.9\n1,0.5\n2,0.2\n", 2)).toBe("metrics.csv:3: epochs out of order");
  });

  it("every epoch is logged (log_every 1): a missing one is counted; with log_every 2 it is not", () => {
    expect(problem("epoch,loss\n0,1\n2,0.2\n", 2)).toBe("metrics.csv holds 2 rows, expected 3 (epochs 0..2)");
    expect(problem("epoch,loss\n0,1\n2,0.2\n", 2, 2)).toBeNull();
    expect(problem("epoch,loss\n0,1\n2,0.2\n4,0.1\n5,0.1\n", 5, 2)).toBeNull();
  });

  it("model.json missing, or not a file", () => {
    expect(problem("epoch,loss\n0,1\n", 0, 1, false)).toBe("model.json: no such file");
    const dir = folder("epoch,loss\n0,1\n", false);
    mkdirSync(join(dir, "model.json"));
    expect(runFilesProblem(dir, ran(0))).toBe("model.json: it is a folder");
  });
});
