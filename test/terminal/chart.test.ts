/**
 * Line charts (src/terminal/chart.ts). What these tests prove: the exact drawing of a small chart without colour
 * (tick labels, axis, zero row, line styles per series, x axis, legend); no line is wider than the width asked
 * for, however many points; --log-y changes the scale to powers of ten, and it is chosen by itself past two
 * decades; a diverged curve (non-finite, or above 10× the largest first value) runs off the top to a ✕ without
 * flattening the others, and the legend says where; dots (data) under a fitted curve; colour output holds the
 * same characters.
 */
import { describe, expect, it } from "vitest";
import { emptyHistory, HISTORY_CAPACITY, lineChart, lossChart, recordLoss, resample, tickLabel } from "../../src/terminal/chart.js";
import { stripAnsi, visibleWidth } from "../../src/terminal/colors.js";

const widest = (s: string) => Math.max(...s.split("\n").map(visibleWidth));

describe("lineChart", () => {
  it("draws two series, each in its own line style, with a legend (colour off)", () => {
    const x = [0, 1, 2, 3, 4];
    const chart = lineChart(
      [
        { name: "up", x, y: [0, 1, 2, 3, 4] },
        { name: "down", x, y: [4, 3, 2, 1, 0] },
      ],
      { width: 20, height: 4, depth: 1, title: "t", xLabel: "x" },
    );
    expect(chart).toMatchInlineSnapshot(`
      "t
        4 ╋━┓           ╭─
        3 ┤ ┗━━━┓   ╭───╯
        2 ┤     ┗━━━┓
        1 ┤ ╭───╯   ┗━━━┓
        0 ┼─╯           ┗━
          0      x       4
        ── up   ━━ down"
    `);
  });

  it("marks y = 0 on the axis where the range crosses it", () => {
    const z = [-2, -1, 0, 1, 2];
    const lines = lineChart([{ name: "id", x: z, y: z }], { width: 20, height: 4, depth: 1 }).split("\n");
    const zero = lines.find((l) => /^ *0 /.test(l));
    expect(zero).toMatch(/^ *0 ┼/);
    // the other rows carry a plain tick, except the bottom one, where the series starts (its first value)
    expect(lines.filter((l) => /^ *-?\d+ ┤/.test(l)).length).toBe(3);
  });

  it("fits the width: 5000 points in 60 columns, no line longer", () => {
    const x = Array.from({ length: 5001 }, (_, i) => i);
    const y = x.map((i) => Math.exp(-i / 500) + 0.01 * Math.sin(i));
    for (const width of [30, 60, 123]) {
      const chart = lineChart([{ name: "train_loss", x, y }], { width, depth: 1, xLabel: "epoch" });
      expect(widest(chart)).toBeLessThanOrEqual(width);
      expect(widest(chart)).toBeGreaterThanOrEqual(width - 2);
    }
  });

  it("stretches a short series across the columns too", () => {
    const chart = lineChart([{ name: "s", x: [0, 1, 2], y: [1, 0.5, 0.25] }], { width: 50, depth: 1 });
    expect(widest(chart)).toBeGreaterThanOrEqual(48);
  });

  it("--log-y labels the axis in powers of ten and says so", () => {
    const x = [0, 1, 2, 3, 4];
    const y = [1, 0.1, 0.01, 0.001, 0.0001];
    const linear = lineChart([{ name: "loss", x, y }], { width: 40, height: 4, depth: 1, title: "loss" });
    const log = lineChart([{ name: "loss", x, y }], { width: 40, height: 4, depth: 1, title: "loss", logY: true });
    expect(log).not.toBe(linear);
    expect(log.split("\n")[0]).toBe("loss (log scale)");
    const labels = (s: string) =>
      s
        .split("\n")
        .slice(1, 6)
        .map((l) => l.trim().split(" ")[0]);
    expect(labels(linear)).toEqual(["1.00", "0.75", "0.50", "0.25", "0.00"]);
    expect(labels(log)).toEqual(["1.0", "0.10", "0.010", "0.0010", "1.0e-4"]);
    // on a log scale an exponential decay is a straight line: one row per point
    expect(log).toMatchInlineSnapshot(`
      "loss (log scale)
         1.0 ┼────╮
        0.10 ┤    ╰───────╮
       0.010 ┤            ╰───────╮
      0.0010 ┤                    ╰───────╮
      1.0e-4 ┤                            ╰───
             0                               4
        ── loss"
    `);
  });

  it("a curve that turns non-finite runs to the top at that epoch, with ✕ and a legend saying where", () => {
    const h = emptyHistory();
    [0.7, 0.5, 3, Infinity, NaN].forEach((v, epoch) => recordLoss(h, { epoch, train_loss: v, test_loss: null }));
    const chart = lossChart(h, { width: 40, height: 4, depth: 1 });
    expect(chart).not.toContain("test_loss");
    // the range is that of the finite points (0.5 … 3); the curve climbs to the top at epoch 3 and ends in ✕
    expect(chart).toMatchInlineSnapshot(`
      "loss
      3.8 ┤                                  ✕
      3.0 ┤                     ╭────────────╯
      2.2 ┤                 ╭───╯
      1.3 ┤             ╭───╯
      0.5 ┼─────────────╯
          0              epoch               3
        ── train_loss ✕ diverged at epoch 3"
    `);
  });

  it("an exploding curve does not flatten the others: the range ends at 10× the largest epoch-0 loss", () => {
    // docs/lessons.md's exploding-gradients comparison: without clipping the loss is 4.9e175 at epoch 1
    const x = Array.from({ length: 11 }, (_, i) => i);
    const series = [
      { name: "clip=null", x: [0, 1], y: [1, 4.9e175] },
      { name: "clip={norm=1}", x, y: x.map((i) => 1 / (1 + i)) },
    ];
    const chart = lineChart(series, { width: 40, height: 4, depth: 1, title: "train_loss by epoch", xLabel: "epoch", divergeAbove: 10 });
    expect(chart).toMatchInlineSnapshot(`
      "train_loss by epoch
      1.3 ┤   ✕
      1.0 ╋━┓─╯
      0.7 ┤ ┗━┓
      0.4 ┤   ┗━━━━━━━┓
      0.1 ┤           ┗━━━━━━━━━━━━━━━━━━━━━━━
          0              epoch              10
        ── clip=null ✕ diverged at epoch 1
        ━━ clip={norm=1}"
    `);
    // without the cap the axis would reach 4.9e175
    expect(chart).not.toContain("e+175");
    // a finite value below the cap is drawn as it is
    const mild = lineChart([{ name: "a", x: [0, 1, 2], y: [1, 9, 2] }], { width: 30, height: 4, depth: 1, divergeAbove: 10 });
    expect(mild).not.toContain("✕");
    expect(mild.split("\n")[0].trim().startsWith("9")).toBe(true);
  });

  it("chooses a log scale when the values span more than two decades, unless told otherwise", () => {
    const x = [0, 1, 2, 3];
    const wide = [{ name: "loss", x, y: [1, 0.1, 0.01, 0.001] }];
    const narrow = [{ name: "loss", x, y: [1, 0.5, 0.2, 0.011] }]; // max/min = 91: two decades, not more
    const title = (s: ReturnType<typeof lineChart>) => s.split("\n")[0];
    expect(title(lineChart(wide, { width: 30, height: 3, depth: 1, title: "loss", logY: "auto" }))).toBe("loss (log scale)");
    expect(title(lineChart(narrow, { width: 30, height: 3, depth: 1, title: "loss", logY: "auto" }))).toBe("loss");
    expect(title(lineChart(wide, { width: 30, height: 3, depth: 1, title: "loss", logY: false }))).toBe("loss");
    // negative values never go on a log scale
    const signed = [{ name: "z", x, y: [-1, 0.1, 10, 1000] }];
    expect(title(lineChart(signed, { width: 30, height: 3, depth: 1, title: "z", logY: "auto" }))).toBe("z");
    // loss charts are auto unless a scale is given
    const h = emptyHistory();
    [1, 0.1, 0.01, 0.001].forEach((v, epoch) => recordLoss(h, { epoch, train_loss: v, test_loss: null }));
    expect(title(lossChart(h, { width: 30, depth: 1 }))).toBe("loss (log scale)");
    expect(title(lossChart(h, { width: 30, depth: 1, logY: false }))).toBe("loss");
  });

  it("draws dots under the lines: data and a fitted curve", () => {
    const x = [0, 1, 2, 3, 4];
    const chart = lineChart([{ name: "fit", x, y: x }], {
      width: 20,
      height: 4,
      depth: 1,
      dots: { name: "data", x: [1, 3, 4], y: [3, 1, 4] },
    });
    expect(chart).toMatchInlineSnapshot(`
      "  4 ┤             ╭─
        3 ┤   ·     ╭───╯
        2 ┤     ╭───╯
        1 ┤ ╭───╯    ·
        0 ┼─╯
          0              4
        · data   ── fit"
    `);
  });

  it("with colour: the same characters, each series in its colour, the legend too", () => {
    const x = [0, 1, 2, 3];
    const series = [
      { name: "train_loss", x, y: [3, 2, 1, 0] },
      { name: "test_loss", x, y: [3, 2.5, 2, 1.5] },
    ];
    const plain = lineChart(series, { width: 30, height: 3, depth: 1 });
    const coloured = lineChart(series, { width: 30, height: 3, depth: 8 });
    expect(coloured).toContain("\x1b[38;5;");
    // without colour the second series is heavy (━); with colour both are light lines in two colours
    expect(stripAnsi(coloured).replace(/[━┃┏┓┗┛╋]/g, "")).toBe(stripAnsi(coloured));
    expect(plain).toContain("━━ test_loss");
    expect(stripAnsi(coloured)).toContain("── test_loss");
  });
});

describe("resample and tick labels", () => {
  it("interpolates linearly at evenly spaced x", () => {
    expect(resample({ x: [0, 10], y: [0, 1] }, 0, 10, 6)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(resample({ x: [0, 1, 2, 3, 4], y: [5, 6, 7, 8, 9] }, 0, 4, 3)).toEqual([5, 7, 9]);
  });

  it("stops where a series' data stops", () => {
    expect(resample({ x: [0, 1], y: [1, 2] }, 0, 4, 5)).toEqual([1, 2]);
  });

  it("writes just enough digits for the row step", () => {
    expect(tickLabel(0.6931, 0.05, false)).toBe("0.69");
    expect(tickLabel(0.75, 0.25, false)).toBe("0.75");
    expect(tickLabel(0.6667, 1 / 3, false)).toBe("0.67");
    expect(tickLabel(12, 2, false)).toBe("12");
    expect(tickLabel(-0.0001, 0.1, false)).toBe("0.0");
    expect(tickLabel(-1, 0.1, true)).toBe("0.100");
  });
});

describe("loss history memory", () => {
  it("stays bounded however many epochs are recorded, keeping the first and last points", () => {
    const h = emptyHistory();
    for (let e = 0; e <= 100_000; e++) recordLoss(h, { epoch: e, train_loss: 1 / (e + 1), test_loss: null });
    expect(h.epoch.length).toBeLessThan(HISTORY_CAPACITY);
    expect(h.epoch[0]).toBe(0);
    // evenly thinned: every kept epoch is a multiple of the final stride
    expect(h.epoch.every((e) => e % h.stride === 0)).toBe(true);
    expect(h.last!.epoch).toBe(100_000);
    const chart = lossChart(h, { width: 60, depth: 1 });
    expect(chart).toMatch(/100000\s*$/m);
  });
});

/**
 * The thresholds the README states for the terminal chart, at the boundary and on both sides (issue 27): a log
 * scale by itself when the values span more than two decades (max/min > 100), a curve diverged above 10× the
 * largest epoch-0 loss, and tick labels in exponent notation from 1e5 up and below 1e-3.
 */
describe("chart thresholds at the boundary", () => {
  const title = (y: number[]) =>
    lineChart([{ name: "loss", x: y.map((_, i) => i), y }], { width: 30, height: 3, depth: 1, title: "loss", logY: "auto" }).split("\n")[0];

  it("log scale when max/min > 100: 99 and exactly 100 stay linear, 100.5 is log", () => {
    expect(title([1, 0.5, 1 / 99])).toBe("loss");
    expect(title([1, 0.5, 0.01])).toBe("loss");
    expect(title([2.01, 1, 0.02])).toBe("loss (log scale)");
    // zeros (a perfect fit) do not count toward the span; the positive values do
    expect(title([1, 0.5, 0.01, 0])).toBe("loss");
  });

  it("a loss diverges above 10× the largest first value of any series, not at it", () => {
    const chart = (y: number[], other = 1) =>
      lineChart(
        [
          { name: "b", x: [0, 1, 2], y: [other, 0.5, 0.25] },
          { name: "a", x: y.map((_, i) => i), y },
        ],
        { width: 30, height: 4, depth: 1, divergeAbove: 10, xLabel: "epoch" },
      );
    expect(chart([1, 10, 2])).not.toContain("✕");
    expect(chart([1, 10.01, 2])).toContain("a ✕ diverged at epoch 1");
    expect(chart([1, 9.99, 2])).not.toContain("✕");
    // the reference is the largest first value of any series: b starts at 2, so 15 (< 20) is drawn
    expect(chart([1, 15, 2], 2)).not.toContain("✕");
    expect(chart([1, 20.5, 2], 2)).toContain("a ✕ diverged at epoch 1");
  });

  it("tick labels switch to an exponent at 1e5 and below 1e-3 (linear: only when the row step is that fine too)", () => {
    expect([99999, 1e5, 2.5e6].map((v) => tickLabel(v, 1, false))).toEqual(["99999", "1.00e+5", "2.50e+6"]);
    expect([0.001, 0.00099].map((v) => tickLabel(v, 0.0001, false))).toEqual(["0.0010", "9.90e-4"]);
    expect(tickLabel(0.00099, 0.01, false)).toBe("0.00"); // a coarse step: the fixed-point label of its row
    // log scale: the label is 10^v
    expect([5, Math.log10(99000), -3, Math.log10(0.00099)].map((v) => tickLabel(v, 1, true))).toEqual([
      "1.0e+5",
      "9.9e+4",
      "0.0010",
      "9.9e-4",
    ]);
  });
});
