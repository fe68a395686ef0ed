/**
 * readRunFolder and readRunMetrics (src/run/read.ts) on hand-written folders: the report's lenient read keeps every
 * whole metrics.csv row and says, one note per problem, which line is incomplete, which file is missing or invalid
 * and what the page leaves out; snapshots.json is checked against its own counts (labels per point, a label below
 * `classes`, x0 < x1 and y0 < y1, 8 bytes per parameter per epoch).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hasRunModel, isRunDir, readJsonFile, readRunConfig, readRunFolder, readRunMetrics } from "../../src/run/read.js";
import { InputError } from "../../src/errors.js";
import { tempDir } from "../helpers.js";

function folder(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
const SUMMARY_MISSING = "summary.json is missing: the run did not finish (no status, final metrics, health or expectations)";

describe("readRunFolder: metrics.csv read leniently", () => {
  it("whole rows: empty cells and non-numbers are null; a header's empty names are dropped", () => {
    const r = readRunFolder(folder({ "metrics.csv": "epoch,loss,acc,\n0,1,,\n1,0.5,x,\n" }));
    expect(r.columns).toEqual(["epoch", "loss", "acc"]);
    // each row has 4 cells against 3 names: incomplete, both left out and said
    expect(r.rows).toEqual([]);
    const ok = readRunFolder(folder({ "metrics.csv": "epoch,loss,acc\n0,1,\n1,0.5,Infinity\n2,0.25,0.5\n" }));
    expect(ok.columns).toEqual(["epoch", "loss", "acc"]);
    expect(ok.rows).toEqual([
      [0, 1, null],
      [1, 0.5, null],
      [2, 0.25, 0.5],
    ]);
    expect(ok.missing).toEqual(["config.json is missing: no resolved config", SUMMARY_MISSING]);
  });

  it("a row with too few cells, and a last line without its line end, are left out and named", () => {
    const r = readRunFolder(folder({ "metrics.csv": "epoch,loss\n0,1\n1\n2,0.25\n3,0.1" }));
    expect(r.rows).toEqual([
      [0, 1],
      [2, 0.25],
    ]);
    expect(r.missing.slice(2)).toEqual([
      "metrics.csv line 3 is incomplete (1 of 2 cells): the file was cut short; 1 whole rows are shown",
      "metrics.csv line 5 is incomplete (2 of 2 cells, no line end): the file was cut short; 2 whole rows are shown",
    ]);
  });

  it("no metrics.csv, or one without a header", () => {
    const gone = readRunFolder(folder({}));
    expect([gone.columns, gone.rows]).toEqual([[], []]);
    expect(gone.missing[2]).toBe("metrics.csv is missing or unusable (no such file): no curves");
    const empty = readRunFolder(folder({ "metrics.csv": "" }));
    expect(empty.columns).toEqual([]);
    expect(empty.missing).toContain("metrics.csv has no header: no curves");
  });

  it("an unreadable summary.json or config.json is said, with what is left out", () => {
    const dir = folder({ "metrics.csv": "epoch\n0\n", "summary.json": "{", "config.json": '{"seed": -1}' });
    const r = readRunFolder(dir);
    expect(r.summary).toBeNull();
    expect(r.config).toBeNull();
    expect(r.missing).toHaveLength(2);
    expect(r.missing[0]).toBe(
      `${join(dir, "config.json")}: not a valid nn-lab run config.json: seed: must be >= 0, got -1 (and 3 more): no resolved config`,
    );
    expect(r.missing[1]).toMatch(
      /summary\.json: the run summary is not valid JSON \(.*\): no status, final metrics, health or expectations$/,
    );
  });
});

describe("readRunFolder: snapshots.json checked against its own counts", () => {
  /** A valid snapshots.json: 2 points, 2 classes, 1 parameter at 1 epoch (8 bytes: "AAAAAAAA8D8=" is 1.0). */
  const good = () => ({
    format: "nn-lab.snapshots.v1",
    inputs: ["x1", "x2"],
    classes: 2,
    bounds: { x0: -1, x1: 1, y0: -2, y1: 2 },
    points: {
      x: [
        [0, 0],
        [1, 1],
      ],
      y: [0, 1],
    },
    epochs: [0],
    param_count: 1,
    params: "AAAAAAAA8D8=",
  });
  const notes = (edit: (s: ReturnType<typeof good>) => void) => {
    const s = good();
    edit(s);
    const r = readRunFolder(folder({ "metrics.csv": "epoch\n0\n", "snapshots.json": JSON.stringify(s) }));
    return { snapshots: r.snapshots, notes: r.missing.slice(2) };
  };

  it("a valid one is read", () => {
    expect(notes(() => {})).toEqual({ snapshots: good(), notes: [] });
  });

  it.each([
    ["a label too few", (s: ReturnType<typeof good>) => (s.points.y = [0]), "points.y: expected 2 labels (one per point), got 1"],
    ["the first label = classes", (s: ReturnType<typeof good>) => (s.points.y = [2, 1]), "points.y[0]: expected a class below 2"],
    ["x0 = x1", (s: ReturnType<typeof good>) => (s.bounds.x1 = -1), "bounds: expected x0 < x1 and y0 < y1"],
    ["y0 = y1", (s: ReturnType<typeof good>) => (s.bounds.y1 = -2), "bounds: expected x0 < x1 and y0 < y1"],
    [
      "16 bytes for 8",
      (s: ReturnType<typeof good>) => (s.params = "AAAAAAAA8D8AAAAAAADwPw=="),
      "params: expected 8 bytes (1 epochs × 1 float64), got 16",
    ],
  ])("%s: no snapshots, the note names the key", (_name, edit, words) => {
    const r = notes(edit);
    expect(r.snapshots).toBeNull();
    expect(r.notes).toHaveLength(1);
    expect(r.notes[0]).toContain(words);
    expect(r.notes[0]).toMatch(/: no decision boundary$/);
  });
});

describe("small readers", () => {
  it("readRunMetrics: empty cells are null, the header split on commas; a missing file is named", () => {
    const dir = folder({ "metrics.csv": "epoch,loss,acc\n0,,0.5\n" });
    expect(readRunMetrics(dir)).toEqual({ dir, header: ["epoch", "loss", "acc"], rows: [[0, null, 0.5]], summary: null });
    const gone = tempDir();
    expect(() => readRunMetrics(gone)).toThrow(InputError);
    expect(() => readRunMetrics(gone)).toThrow(`${join(gone, "metrics.csv")}: cannot read the run's metrics (no such file)`);
  });

  it("readRunConfig names the file when config.json is missing or not a run config", () => {
    const dir = tempDir();
    expect(() => readRunConfig(join(dir, "config.json"))).toThrow(`${join(dir, "config.json")}: cannot read the run config (no such file)`);
    writeFileSync(join(dir, "config.json"), '{"train": {"log_every": 0}}');
    expect(() => readRunConfig(join(dir, "config.json"))).toThrow(
      `${join(dir, "config.json")}: not a valid nn-lab run config.json: train.log_every: `,
    );
  });

  it("readJsonFile, isRunDir and hasRunModel", () => {
    const dir = folder({ "metrics.csv": "epoch\n0\n", "config.json": '{"a": 1}' });
    expect(readJsonFile(join(dir, "config.json"), "x")).toEqual({ a: 1 });
    expect([isRunDir(dir), isRunDir(join(dir, "metrics.csv")), isRunDir(tempDir()), isRunDir(join(dir, "nope"))]).toEqual([
      true,
      false,
      false,
      false,
    ]);
    expect(hasRunModel(dir)).toBe(false);
    writeFileSync(join(dir, "model.json"), "{}");
    expect(hasRunModel(dir)).toBe(true);
    const onlyModel = folder({ "model.json": "{}" });
    expect(hasRunModel(onlyModel)).toBe(false);
  });
});
