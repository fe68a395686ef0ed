/**
 * A sweep's ranking in-process (sweep/rank.ts): which metric ranks, how runs of a grid point are counted by
 * status, mean ± sample std over the completed seeds only, best first in the metric's direction, points with no
 * completed run last in grid order; the progress line and the seeds column. Values are dyadic: means and stds exact.
 */
import { describe, expect, it } from "vitest";
import { progress, progressText, rank, rankMetric, seedsText, type RankedPoint } from "../../src/sweep/rank.js";
import type { PlannedRun } from "../../src/sweep/grid.js";
import type { RunRecord } from "../../src/sweep/sweep.js";
import { InputError } from "../../src/errors.js";

type Status = "completed" | "stopped_early" | "diverged" | "interrupted";

function plan(points: Record<string, unknown>[], seeds: number): PlannedRun[] {
  return points.flatMap((point, p) =>
    Array.from({ length: seeds }, (_, s) => ({ index: p * seeds + s, point, seed: s, id: `r${p}-${s}` })),
  );
}

function record(run: PlannedRun, status: Status | null, final: Record<string, number | null> = {}): RunRecord {
  const summary =
    status === null ? null : { status, final: { train_loss: 0.5, train_acc: 0.5, test_loss: null, test_acc: null, ...final } };
  return { run, summary, error: status === null ? "boom" : null, skipped: false } as unknown as RunRecord;
}

const point = (o: Partial<RankedPoint>): RankedPoint => ({
  point: {},
  mean: Number.NaN,
  std: Number.NaN,
  seeds: 0,
  completed: 0,
  diverged: 0,
  interrupted: 0,
  failed: 0,
  notStarted: 0,
  ...o,
});

describe("rankMetric", () => {
  it("--rank names a score metric, else test_loss when any run has one, else train_loss", () => {
    const runs = plan([{}], 2);
    expect(rankMetric([record(runs[0], "completed")], "test_acc")).toBe("test_acc");
    expect(rankMetric([record(runs[0], "completed"), record(runs[1], "completed", { test_loss: 0.25 })])).toBe("test_loss");
    expect(rankMetric([record(runs[0], "completed"), record(runs[1], null)])).toBe("train_loss");
    expect(rankMetric([])).toBe("train_loss");
  });

  it("refuses another name, listing the score metrics", () => {
    expect(() => rankMetric([], "epochs")).toThrow(
      new InputError("--rank epochs: expected one of train_loss, train_acc, test_loss, test_acc"),
    );
  });
});

describe("rank", () => {
  it("mean ± sample std over each point's completed seeds; a loss ranks ascending", () => {
    const runs = plan([{ lr: 0.1 }, { lr: 1 }], 3);
    const records = [
      record(runs[0], "completed", { test_loss: 0.5 }),
      record(runs[1], "stopped_early", { test_loss: 0.75 }),
      record(runs[2], "completed", { test_loss: 1 }),
      record(runs[3], "completed", { test_loss: 0.25 }),
      record(runs[4], "completed", { test_loss: 0.5 }),
    ];
    const ranked = rank(runs, records, "test_loss");
    // lr 1: 0.25, 0.5 → mean 0.375, std √(2·0.125²/1) = 0.125√2; lr 0.1: 0.5, 0.75, 1 → mean 0.75, std 0.25
    expect(ranked.map((g) => [g.point, g.mean, g.std, g.seeds, g.completed, g.notStarted])).toEqual([
      [{ lr: 1 }, 0.375, 0.125 * Math.SQRT2, 3, 2, 1],
      [{ lr: 0.1 }, 0.75, 0.25, 3, 3, 0],
    ]);
  });

  it("an accuracy ranks descending", () => {
    const runs = plan([{ a: 1 }, { a: 2 }, { a: 3 }], 1);
    const records = runs.map((r, i) => record(r, "completed", { test_acc: [0.5, 0.875, 0.75][i] }));
    expect(rank(runs, records, "test_acc").map((g) => g.mean)).toEqual([0.875, 0.75, 0.5]);
  });

  it("counts each run by status; only completed runs with a finite value are averaged", () => {
    const runs = plan([{ p: 1 }], 7);
    const records = [
      record(runs[0], "completed", { test_loss: 0.5 }),
      record(runs[1], "diverged", { test_loss: 0.125 }),
      record(runs[2], "interrupted", { test_loss: 0.125 }),
      record(runs[3], null),
      record(runs[4], "completed", { test_loss: Number.NaN }),
      record(runs[5], "completed", { test_loss: null }),
    ];
    expect(rank(runs, records, "test_loss")).toEqual([
      { point: { p: 1 }, mean: 0.5, std: 0, seeds: 7, completed: 1, diverged: 1, interrupted: 1, failed: 3, notStarted: 1 },
    ]);
  });

  it("points with no completed run come last, in grid order, whatever the direction", () => {
    const runs = plan([{ k: "a" }, { k: "b" }, { k: "c" }, { k: "d" }], 1);
    const records = [
      record(runs[0], "diverged"),
      record(runs[1], "completed", { test_acc: 0.5 }),
      record(runs[3], "completed", { test_acc: 0.75 }),
    ];
    expect(rank(runs, records, "test_acc").map((g) => g.point.k)).toEqual(["d", "b", "a", "c"]);
    expect(rank(runs, records.slice(0, 2), "test_acc").map((g) => g.point.k)).toEqual(["b", "a", "c", "d"]);
    const loss = [record(runs[0], "diverged"), record(runs[1], "completed", { test_loss: 0.5 }), record(runs[2], "interrupted")];
    expect(rank(runs, loss, "test_loss").map((g) => g.point.k)).toEqual(["b", "a", "c", "d"]);
  });
});

describe("progress and its text", () => {
  it("done = planned − interrupted − failed − not started (diverged runs are done); resumable when any is left", () => {
    const p = progress([
      point({ seeds: 4, completed: 1, diverged: 1, interrupted: 1, notStarted: 1 }),
      point({ seeds: 3, completed: 1, failed: 2 }),
    ]);
    expect(p).toEqual({ total: 7, done: 3, diverged: 1, interrupted: 1, failed: 2, not_started: 1, resumable: true });
    expect(progressText(p)).toBe("3/7 runs done (1 diverged), 1 interrupted, 2 failed, 1 not started — run the same command to resume");
  });

  it("a finished sweep is not resumable and says only what happened", () => {
    const p = progress([point({ seeds: 2, completed: 2 })]);
    expect(p).toEqual({ total: 2, done: 2, diverged: 0, interrupted: 0, failed: 0, not_started: 0, resumable: false });
    expect(progressText(p)).toBe("2/2 runs done");
    expect(progress([point({ seeds: 1, failed: 1 })]).resumable).toBe(true);
    expect(progress([point({ seeds: 1, interrupted: 1 })]).resumable).toBe(true);
    expect(progress([point({ seeds: 1, notStarted: 1 })]).resumable).toBe(true);
  });

  it("seedsText: completed/planned, then what happened to the others", () => {
    expect(seedsText(point({ seeds: 4, completed: 4 }))).toBe("4/4");
    expect(seedsText(point({ seeds: 9, completed: 1, diverged: 1, interrupted: 2, failed: 3, notStarted: 2 }))).toBe(
      "1/9 (1 diverged, 2 interrupted, 3 failed, 2 not started)",
    );
  });
});
