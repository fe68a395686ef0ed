/**
 * Baselines (run/baseline.ts) apart from the gate's tolerances (gate.test.ts): the statistics a baseline holds,
 * the tolerance parser, a baseline file's validation and its messages, a run's summary as a baseline, and the
 * mean expectation values over seeds. Numbers are dyadic so means and sample stds are exact.
 */
import { describe, expect, it } from "vitest";
import {
  baselineFromRun,
  cellText,
  gate,
  meanExpectationValues,
  parseBaseline,
  parseTolerance,
  pointKey,
  statsOf,
  type Baseline,
} from "../../src/run/baseline.js";
import type { Summary } from "../../src/run/summary.js";
import { InputError } from "../../src/errors.js";

const file = (o: Record<string, unknown>) => ({
  format: "nn-lab.baseline.v1",
  kind: "sweep",
  axes: ["train.lr"],
  points: [],
  version: "1.2.3",
  ...o,
});
const okPoint = { point: { "train.lr": 0.1 }, metrics: { test_loss: { mean: 0.5, std: 0.25, n: 2 } } };
const NOT = "b.json: not an nn-lab baseline";
const MAKE = "; make one with nn-lab check RUN --write-baseline FILE";

function summary(o: Partial<Summary>): Summary {
  return {
    status: "completed",
    epochs: 10,
    final: { train_loss: 0.25, train_acc: 0.75, test_loss: 0.5, test_acc: 0.5 },
    best: undefined,
    version: "9.9.9",
    ...o,
  } as unknown as Summary;
}

describe("statistics and keys", () => {
  it("statsOf: mean, sample std and n over the finite values only, each metric on its own", () => {
    const stats = statsOf([
      { test_loss: 0.5, test_acc: 1 },
      { test_loss: 0.25, test_acc: Number.NaN },
      { test_loss: null, test_acc: 0.5 },
      { test_loss: 0.75 },
    ]);
    expect(stats).toEqual({ test_loss: { mean: 0.5, std: 0.25, n: 3 }, test_acc: { mean: 0.75, std: Math.SQRT1_2 / 2, n: 2 } });
    expect(statsOf([{ test_loss: Number.POSITIVE_INFINITY }])).toEqual({});
  });

  it("cellText writes a grid value as sweep.csv does; pointKey orders by the axes, a missing one empty", () => {
    expect([cellText(null), cellText(undefined), cellText(0.01), cellText("relu"), cellText([8, 8]), cellText({ name: "adam" })]).toEqual([
      "",
      "",
      "0.01",
      "relu",
      "[8,8]",
      '{"name":"adam"}',
    ]);
    expect(pointKey(["b", "a", "c"], { a: "1", b: "2" })).toBe('["2","1",""]');
  });
});

describe("parseTolerance", () => {
  it("reads relative, absolute and standard-error tolerances, any case, spaces around", () => {
    expect(parseTolerance("10%")).toEqual({ kind: "relative", amount: 0.1 });
    expect(parseTolerance(" 0.01 ")).toEqual({ kind: "absolute", amount: 0.01 });
    expect(parseTolerance(".5")).toEqual({ kind: "absolute", amount: 0.5 });
    expect(parseTolerance(".25")).toEqual({ kind: "absolute", amount: 0.25 });
    expect(parseTolerance("3SE")).toEqual({ kind: "se", k: 3 });
    expect(parseTolerance("0.5se")).toEqual({ kind: "se", k: 0.5 });
  });

  it("refuses anything else with one message, and 0 standard errors", () => {
    const msg = "expected a percentage like 10%, an absolute amount like 0.01, or standard errors like 3se";
    for (const t of ["-1", "abc", "10%%", "1.", "x10%", "10% x", "10%x", "3sex"])
      expect(() => parseTolerance(t)).toThrow(new InputError(`--tolerance ${t}: ${msg}`));
    expect(() => parseTolerance("0se")).toThrow(new InputError("--tolerance 0se: the number of standard errors must be > 0"));
  });
});

describe("gate: which rows", () => {
  const base: Baseline = {
    format: "nn-lab.baseline.v1",
    kind: "sweep",
    source: "b.json",
    axes: ["train.lr"],
    points: [
      { point: { "train.lr": "0.1" }, metrics: { train_loss: { mean: 0.5, std: 0, n: 1 }, test_acc: { mean: Number.NaN, std: 0, n: 1 } } },
    ],
    version: "",
  };

  it("refuses another grid, naming both sets of axes (a run has none)", () => {
    expect(() => gate(base, [], [], parseTolerance("10%"))).toThrow(
      new InputError("the baseline b.json has grid axes [train.lr], this run []: make a baseline from the same grid"),
    );
    expect(() => gate(base, ["model.activation", "train.lr"], [], parseTolerance("10%"))).toThrow(
      "the baseline b.json has grid axes [train.lr], this sweep [model.activation, train.lr]",
    );
  });

  it("the same axes in another order are the same grid", () => {
    const ab: Baseline = {
      ...base,
      axes: ["b", "a"],
      points: [{ point: { a: "1", b: "2" }, metrics: { test_loss: { mean: 0.5, std: 0, n: 1 } } }],
    };
    const now = [{ point: { b: "2", a: "1" }, metrics: { test_loss: { mean: 0.5, std: 0, n: 1 } } }];
    expect(gate(ab, ["a", "b"], now, parseTolerance("10%")).map((r) => r.pass)).toEqual([true]);
    expect(gate({ ...ab, axes: ["a", "b"] }, ["b", "a"], now, parseTolerance("10%")).map((r) => r.pass)).toEqual([true]);
    expect(() => gate(ab, ["a"], now, parseTolerance("10%"))).toThrow("the baseline b.json has grid axes [b, a], this sweep [a]:");
  });

  it("one row per finite baseline metric, limited to the metrics asked for; matched by point", () => {
    const now = [{ point: { "train.lr": "0.1" }, metrics: { train_loss: { mean: 0.5, std: 0, n: 1 } } }];
    expect(gate(base, ["train.lr"], now, parseTolerance("10%")).map((r) => [r.metric, r.pass, r.delta, r.note])).toEqual([
      ["train_loss", true, 0, ""],
    ]);
    expect(gate(base, ["train.lr"], now, parseTolerance("10%"), ["test_loss"])).toEqual([]);
  });

  it("a statistical tolerance names the grid point in its seed-count message", () => {
    const twoAxes: Baseline = {
      ...base,
      axes: ["a", "b"],
      points: [{ point: { a: "1", b: "x" }, metrics: { test_loss: { mean: 0.5, std: 0, n: 3 } } }],
    };
    const now = [{ point: { a: "1", b: "x" }, metrics: { test_loss: { mean: 0.5, std: 0, n: 1 } } }];
    expect(() => gate(twoAxes, ["a", "b"], now, parseTolerance("2se"))).toThrow(
      new InputError(
        "--tolerance 2se: 1 completed seed at a=1, b=x in the run checked; a statistical tolerance needs >= 2 per point (sweep with --seeds, or use a relative tolerance like 10%)",
      ),
    );
    const oneSeed: Baseline = { ...twoAxes, points: [{ point: { a: "1", b: "x" }, metrics: { test_loss: { mean: 0.5, std: 0, n: 1 } } }] };
    expect(() => gate(oneSeed, ["a", "b"], now, parseTolerance("2se"))).toThrow(
      new InputError(
        "--tolerance 2se: the baseline b.json has 1 seed at a=1, b=x; a statistical tolerance needs >= 2 per point (make the baseline from a sweep with --seeds, or use a relative tolerance like 10%)",
      ),
    );
    const noSeed: Baseline = { ...oneSeed, axes: [], points: [{ point: {}, metrics: { test_loss: { mean: 0.5, std: 0, n: 0 } } }] };
    expect(() => gate(noSeed, [], [], parseTolerance("2se"))).toThrow("the baseline b.json has 0 seeds; a statistical");
    const threeNow = [{ point: {}, metrics: { test_loss: { mean: 0.5, std: 0, n: 0 } } }];
    const twoBase: Baseline = { ...noSeed, points: [{ point: {}, metrics: { test_loss: { mean: 0.5, std: 0, n: 2 } } }] };
    expect(() => gate(twoBase, [], threeNow, parseTolerance("2se"))).toThrow("--tolerance 2se: 0 completed seeds in the run checked;");
  });

  it("with a statistical tolerance and no run now: se unknown, limit at the baseline mean, failed", () => {
    const b: Baseline = { ...base, axes: [], points: [{ point: {}, metrics: { test_loss: { mean: 0.5, std: 0.25, n: 4 } } }] };
    expect(gate(b, [], [], parseTolerance("3se"))).toMatchObject([{ se: null, limit: 0.5, pass: false, delta: null }]);
    const nan = [{ point: {}, metrics: { test_loss: { mean: Number.NaN, std: 0, n: 2 } } }];
    expect(gate(b, [], nan, parseTolerance("3se"))).toMatchObject([{ pass: false, delta: null, note: "no completed run to compare" }]);
  });
});

describe("parseBaseline", () => {
  it("reads a valid file: grid values as text, kind and version kept", () => {
    const b = parseBaseline(file({ points: [okPoint] }), "b.json");
    expect(b).toEqual({
      format: "nn-lab.baseline.v1",
      kind: "sweep",
      source: "b.json",
      axes: ["train.lr"],
      points: [{ point: { "train.lr": "0.1" }, metrics: { test_loss: { mean: 0.5, std: 0.25, n: 2 } } }],
      version: "1.2.3",
    });
    const run = parseBaseline(file({ kind: "other", version: undefined, axes: [], points: [{ ...okPoint, point: {} }] }), "b.json");
    expect([run.kind, run.version]).toEqual(["run", ""]);
  });

  it("refuses each malformed part, naming it", () => {
    const cases: [unknown, string][] = [
      [null, "not a JSON object"],
      ["text", "not a JSON object"],
      [file({ format: "nn-lab.baseline.v0" }), "format is not nn-lab.baseline.v1"],
      [file({ axes: "train.lr" }), "axes: expected a list of key paths"],
      [file({ axes: ["a", 1] }), "axes: expected a list of key paths"],
      [file({ points: {} }), "points: expected a list"],
      [file({ points: [okPoint, null] }), "points[1]: expected {point, metrics}"],
      [file({ points: [{ point: "x", metrics: {} }] }), "points[0]: expected {point, metrics}"],
      [file({ points: [{ point: {}, metrics: 3 }] }), "points[0]: expected {point, metrics}"],
      [file({ points: [{ point: {} }] }), "points[0]: expected {point, metrics}"],
      [file({ points: [{ metrics: {} }] }), "points[0]: expected {point, metrics}"],
      [file({ points: [{ point: {}, metrics: { test_los: { mean: 1, std: 0, n: 1 } } }] }), "points[0].metrics: unknown metric 'test_los'"],
    ];
    for (const [raw, what] of cases) expect(() => parseBaseline(raw, "b.json")).toThrow(new InputError(`${NOT} (${what})${MAKE}`));
  });

  it("each statistic must be {mean, std ≥ 0, integer n ≥ 1}", () => {
    const bad = [
      { std: 0, n: 1 },
      { mean: 1, n: 1 },
      { mean: 1, std: -0.5, n: 1 },
      { mean: 1, std: 0, n: 0 },
      { mean: 1, std: 0, n: 1.5 },
      null,
    ];
    for (const st of bad) {
      const raw = file({ points: [{ point: {}, metrics: { test_loss: st } }] });
      expect(() => parseBaseline(raw, "b.json")).toThrow(
        new InputError(`${NOT} (points[0].metrics.test_loss: expected {mean, std >= 0, n >= 1})${MAKE}`),
      );
    }
    const edge = parseBaseline(file({ points: [{ point: {}, metrics: { test_loss: { mean: 1, std: 0, n: 1 } } }] }), "b.json");
    expect(edge.points[0].metrics.test_loss).toEqual({ mean: 1, std: 0, n: 1 });
  });

  it("a point whose runs all diverged (no metrics) is kept when another point has some", () => {
    const raw = file({ points: [okPoint, { point: { "train.lr": 10 }, metrics: {} }] });
    expect(parseBaseline(raw, "b.json").points.map((p) => Object.keys(p.metrics))).toEqual([["test_loss"], []]);
  });

  it("refuses a baseline with no finite metric: it would pass every run", () => {
    const raw = file({
      points: [
        { point: {}, metrics: { test_loss: { mean: Number.NaN, std: 0, n: 1 } } },
        { point: {}, metrics: {} },
      ],
    });
    expect(() => parseBaseline(raw, "b.json")).toThrow(
      new InputError(
        "b.json: the baseline holds no final metrics to compare with, so every run would pass; make it from a completed run or sweep",
      ),
    );
  });
});

describe("baselineFromRun", () => {
  it("a completed or early-stopped run is a one-point baseline of its final metrics (n = 1, std 0)", () => {
    const b = baselineFromRun(summary({ status: "stopped_early" }), "runs/a");
    expect(b).toEqual({
      format: "nn-lab.baseline.v1",
      kind: "run",
      source: "runs/a",
      axes: [],
      points: [
        {
          point: {},
          metrics: {
            train_loss: { mean: 0.25, std: 0, n: 1 },
            test_loss: { mean: 0.5, std: 0, n: 1 },
            train_acc: { mean: 0.75, std: 0, n: 1 },
            test_acc: { mean: 0.5, std: 0, n: 1 },
          },
        },
      ],
      version: "9.9.9",
    });
    expect(Object.keys(b.points[0].metrics)).toEqual(["train_loss", "test_loss", "train_acc", "test_acc"]);
  });

  it("refuses an interrupted or diverged run, naming its status", () => {
    expect(() => baselineFromRun(summary({ status: "diverged" }), "runs/a")).toThrow(
      new InputError("runs/a: the baseline run's status is 'diverged'; a baseline must be a run that completed (or stopped early)"),
    );
    expect(() => baselineFromRun(summary({ status: "interrupted" }), "runs/a")).toThrow(InputError);
  });
});

describe("meanExpectationValues", () => {
  it("each value's mean over the runs, null unless every run has a finite one", () => {
    const values = meanExpectationValues([
      summary({ epochs: 10, final: { train_loss: 0.25, train_acc: 0.5, test_loss: 0.5, test_acc: Number.NaN } as Summary["final"] }),
      summary({ epochs: 20, final: { train_loss: 0.75, train_acc: 1, test_loss: null, test_acc: 0.5 } as Summary["final"] }),
    ]);
    expect(values).toMatchObject({ train_loss: 0.5, train_acc: 0.75, test_loss: null, test_acc: null, epochs: 15, best_test_acc: null });
    expect(meanExpectationValues([])).toMatchObject({ train_loss: null, epochs: null });
  });
});
