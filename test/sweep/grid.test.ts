import { describe, expect, it } from "vitest";
import { expandGrid, parseAxis, parseSeeds, parseShard, shardRuns, splitTopLevel } from "../../src/sweep/grid.js";

describe("grid expansion", () => {
  it("splits values on top-level commas only and reads them as YAML", () => {
    expect(splitTopLevel("[8, 8],[16],{name: adam, beta1: 0.8}")).toEqual(["[8, 8]", "[16]", "{name: adam, beta1: 0.8}"]);
    expect(parseAxis("model.layers=[8,8],[16]")).toEqual({ key: "model.layers", values: [[8, 8], [16]] });
    expect(parseAxis("train.lr=0.1,1e-2")).toEqual({ key: "train.lr", values: [0.1, 0.01] });
    expect(() => parseAxis("train.lr")).toThrow(/expected key\.path=v1,v2/);
    expect(() => parseAxis("train.lr=0.1,,0.2")).toThrow(/an empty value/);
  });

  it("is the cartesian product, first key slowest, seeds fastest, with stable ids", () => {
    const runs = expandGrid([parseAxis("model.activation=sigmoid,relu"), parseAxis("train.lr=0.1,0.5")], [1, 2]);
    expect(runs).toHaveLength(8);
    expect(runs.map((r) => [r.point["model.activation"], r.point["train.lr"], r.seed])).toEqual([
      ["sigmoid", 0.1, 1],
      ["sigmoid", 0.1, 2],
      ["sigmoid", 0.5, 1],
      ["sigmoid", 0.5, 2],
      ["relu", 0.1, 1],
      ["relu", 0.1, 2],
      ["relu", 0.5, 1],
      ["relu", 0.5, 2],
    ]);
    expect(runs[5].id).toBe("0005-activation=relu,lr=0.1,seed=2");
    expect(expandGrid([parseAxis("model.layers=[8,8]")], [0])[0].id).toBe("0000-layers=8x8,seed=0");
  });

  it("shards are disjoint, cover the grid, and are balanced", () => {
    const runs = expandGrid([parseAxis("a=1,2,3,4,5"), parseAxis("b=1,2")], [0]);
    const shards = [1, 2, 3].map((i) => shardRuns(runs, { index: i, count: 3 }).map((r) => r.index));
    expect(shards.flat().sort((a, b) => a - b)).toEqual(runs.map((r) => r.index));
    expect(shards.map((s) => s.length)).toEqual([4, 3, 3]);
  });

  it("--shard I/N is checked; auto reads SLURM and Kubernetes variables", () => {
    expect(parseShard("2/3")).toEqual({ index: 2, count: 3 });
    expect(() => parseShard("0/3")).toThrow(/between 1 and 3, got 0/);
    expect(() => parseShard("4/3")).toThrow(/between 1 and 3, got 4/);
    expect(() => parseShard("x")).toThrow(/expected I\/N/);
    expect(parseShard("auto", { SLURM_ARRAY_TASK_ID: "0", SLURM_ARRAY_TASK_COUNT: "4", SLURM_ARRAY_TASK_MIN: "0" })).toEqual({
      index: 1,
      count: 4,
    });
    expect(parseShard("auto", { SLURM_ARRAY_TASK_ID: "4", SLURM_ARRAY_TASK_COUNT: "4", SLURM_ARRAY_TASK_MIN: "1" })).toEqual({
      index: 4,
      count: 4,
    });
    expect(parseShard("auto", { JOB_COMPLETION_INDEX: "2", NN_LAB_SHARDS: "3" })).toEqual({ index: 3, count: 3 });
    expect(() => parseShard("auto", {})).toThrow(/found neither/);
    // empty variables are an error, not shard 1
    expect(() => parseShard("auto", { SLURM_ARRAY_TASK_ID: "", SLURM_ARRAY_TASK_COUNT: "3" })).toThrow(
      /SLURM_ARRAY_TASK_ID must be a whole number, got ''/,
    );
    expect(() => parseShard("auto", { JOB_COMPLETION_INDEX: "", NN_LAB_SHARDS: "3" })).toThrow(
      /JOB_COMPLETION_INDEX must be a whole number/,
    );
    // --array=0-8:2 → IDs 0, 2, 4, 6, 8 are shards 1..5
    expect(
      parseShard("auto", { SLURM_ARRAY_TASK_ID: "8", SLURM_ARRAY_TASK_COUNT: "5", SLURM_ARRAY_TASK_MIN: "0", SLURM_ARRAY_TASK_STEP: "2" }),
    ).toEqual({ index: 5, count: 5 });
  });

  it("--seeds takes lists and ranges", () => {
    expect(parseSeeds("1,2,3")).toEqual([1, 2, 3]);
    expect(parseSeeds("3-5")).toEqual([3, 4, 5]);
    expect(() => parseSeeds("1,x")).toThrow(/whole numbers/);
  });
});
