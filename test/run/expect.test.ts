/**
 * Expectations (run/expect.ts: config `expect:` and `--expect`), each comparison at its threshold and on both sides,
 * the parse of both spellings, the messages of a bad one, and which expectations a run is checked on when the
 * config and the command line both name a metric. Thresholds are dyadic (0.5, 0.875), so "at" is exact.
 */
import { describe, expect, it } from "vitest";
import { checkExpectations, compare, fromConfig, parseExpectation, withFlags, type Expectation } from "../../src/run/expect.js";
import { InputError } from "../../src/errors.js";

const e = (metric: string, op: Expectation["op"], threshold: number): Expectation => ({ metric, op, threshold });

describe("compare: each operator below, at and above its threshold 0.5", () => {
  const cases: [Expectation["op"], boolean, boolean, boolean][] = [
    ["<", true, false, false],
    ["<=", true, true, false],
    [">", false, false, true],
    [">=", false, true, true],
    ["==", false, true, false],
  ];
  for (const [op, below, at, above] of cases) {
    it(`${op}: 0.25 → ${below}, 0.5 → ${at}, 0.75 → ${above}`, () => {
      expect([compare(0.25, op, 0.5), compare(0.5, op, 0.5), compare(0.75, op, 0.5)]).toEqual([below, at, above]);
    });
  }
});

describe("checkExpectations", () => {
  it("passes and fails each expectation on its own metric's value, and echoes the value", () => {
    const results = checkExpectations([e("test_acc", ">=", 0.875), e("train_loss", "<", 0.5)], { test_acc: 0.875, train_loss: 0.5 });
    expect(results).toEqual([
      { metric: "test_acc", op: ">=", threshold: 0.875, value: 0.875, pass: true },
      { metric: "train_loss", op: "<", threshold: 0.5, value: 0.5, pass: false },
    ]);
  });

  it("a missing, null or NaN value fails (checked before the comparison: `>= 0` would pass a null read as 0)", () => {
    const want = [e("test_loss", "<", 1), e("epochs", ">=", 0), e("test_acc", "<=", 1)];
    const results = checkExpectations(want, { epochs: null, test_acc: Number.NaN });
    expect(results.map((r) => [r.value, r.pass])).toEqual([
      [null, false],
      [null, false],
      [Number.NaN, false],
    ]);
  });
});

describe("fromConfig", () => {
  it("reads each written comparison, in order, skipping metrics left undefined", () => {
    expect(fromConfig({ train_loss: "< 0.05", test_acc: ">=0.9", test_loss: undefined, epochs: " == 3 " })).toEqual([
      e("train_loss", "<", 0.05),
      e("test_acc", ">=", 0.9),
      e("epochs", "==", 3),
    ]);
    expect(fromConfig({ test_loss: "<= -1e-3", train_acc: "> .5" })).toEqual([e("test_loss", "<=", -0.001), e("train_acc", ">", 0.5)]);
  });

  it("refuses a bare number, naming the key and the comparison to write (>= for an accuracy, <= otherwise)", () => {
    expect(() => fromConfig({ test_loss: 0.3 })).toThrow(
      new InputError(
        'expect.test_loss: a bare number (0.3) does not say which way to compare; write the comparison, e.g. "<= 0.3" (or "== 0.3" for exactly that value)',
      ),
    );
    expect(() => fromConfig({ test_acc: 0.9 }, "sweep.expect")).toThrow(
      'sweep.expect.test_acc: a bare number (0.9) does not say which way to compare; write the comparison, e.g. ">= 0.9"',
    );
  });

  it("refuses a condition it cannot read, echoing it", () => {
    expect(() => fromConfig({ test_loss: "about 0.3" })).toThrow(
      new InputError("expect.test_loss: expected a condition like '< 0.05' or '>= 0.9', got 'about 0.3'"),
    );
    expect(() => fromConfig({ test_loss: "=< 0.3" })).toThrow(InputError);
  });
});

describe("parseExpectation (--expect)", () => {
  it("reads METRIC OP NUMBER with or without spaces, two-character operators first", () => {
    expect(parseExpectation("test_acc>=0.9")).toEqual(e("test_acc", ">=", 0.9));
    expect(parseExpectation("  train_loss <= 0.05 ")).toEqual(e("train_loss", "<=", 0.05));
    expect(parseExpectation("test_loss<1e-2")).toEqual(e("test_loss", "<", 0.01));
    expect(parseExpectation("epochs==20")).toEqual(e("epochs", "==", 20));
    expect(parseExpectation("best_test_acc>0.5")).toEqual(e("best_test_acc", ">", 0.5));
  });

  it("the whole text must be one expectation: nothing before the metric, nothing after the number", () => {
    expect(() => parseExpectation("9test_acc>=0.9")).toThrow("--expect '9test_acc>=0.9': expected METRIC OP NUMBER");
    expect(() => parseExpectation("test_acc>=0.9 test_loss")).toThrow("--expect 'test_acc>=0.9 test_loss': expected METRIC OP NUMBER");
  });

  it("refuses a malformed expectation, an unknown metric (with a suggestion) and a non-number, each in one line", () => {
    expect(() => parseExpectation("test_acc 0.9")).toThrow(
      new InputError("--expect 'test_acc 0.9': expected METRIC OP NUMBER, e.g. 'test_acc>=0.9' (OP one of < <= > >= ==)"),
    );
    expect(() => parseExpectation("test_ac>=0.9")).toThrow(
      new InputError(
        "--expect 'test_ac>=0.9': unknown metric 'test_ac' (did you mean 'test_acc'?); expected one of train_loss, train_acc, test_loss, test_acc, best_train_loss, best_train_acc, best_test_loss, best_test_acc, epochs",
      ),
    );
    expect(() => parseExpectation("test_acc>=high", "--gate")).toThrow(
      new InputError("--gate 'test_acc>=high': expected a number after >=, got 'high'"),
    );
    expect(() => parseExpectation("test_acc>=Infinity")).toThrow("expected a number after >=, got 'Infinity'");
  });
});

describe("withFlags: the expectations a run is checked on", () => {
  it("a flag replaces the config's expectations on its metric; the others stay, config first", () => {
    const config = [e("test_acc", ">=", 0.9), e("test_acc", ">", 0.5), e("train_loss", "<", 0.1)];
    expect(withFlags(config, [e("test_acc", ">=", 0.75)])).toEqual([e("train_loss", "<", 0.1), e("test_acc", ">=", 0.75)]);
  });

  it("each expectation once: the same metric, operator and threshold twice is checked once", () => {
    const config = [e("train_loss", "<", 0.1), e("train_loss", "<", 0.1)];
    expect(withFlags(config, [e("test_acc", ">=", 0.5), e("test_acc", ">=", 0.5), e("test_acc", ">", 0.5)])).toEqual([
      e("train_loss", "<", 0.1),
      e("test_acc", ">=", 0.5),
      e("test_acc", ">", 0.5),
    ]);
  });
});
