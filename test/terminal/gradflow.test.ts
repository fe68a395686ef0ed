/**
 * The gradient-flow panel (src/terminal/gradflow.ts). What these tests prove: the exact panel for hand-set norms
 * (bars on one log scale that starts a decade below the smallest norm: a bar's length in eighths is
 * round((log10 v − log10 lo) / (log10 hi − log10 lo) · width · 8)), the numbers in two significant digits,
 * dead/saturated fractions where they apply; zero and missing norms; the panel fits the width; the tracker keeps
 * the first trained epoch and the last. Side by side (compare --live): a block per run on one shared log scale, the
 * latest norm as the bar, "first → latest" in numbers, the latest dead/saturated fraction, blocks wrapped to the width;
 * the epochs said once when every run shares them, else in each block's title; the scale stops at 1e+4, so an
 * exploding run's bars run off its end (▸) and the others stay readable.
 */
import { describe, expect, it } from "vitest";
import { visibleWidth } from "../../src/terminal/colors.js";
import { gradientFlow, gradientFlowSideBySide, GradientFlowTracker, shortNumber } from "../../src/terminal/gradflow.js";
import { metricsRow } from "../metrics-row.js";

const row = (epoch: number, g: (number | null)[], dead: (number | null)[] = [], sat: (number | null)[] = []) => ({
  epoch,
  grad_norm_layer: g,
  dead_frac_layer: dead,
  sat_frac_layer: sat,
});

describe("gradient-flow panel", () => {
  it("draws vanishing gradients as bars shrinking toward layer 1 (exact, colour off)", () => {
    // norms 1e-4 … 1 → scale from 1e-5 to 1: five decades over 13 columns (104 eighths) at width 80
    // 1e-4: (1/5)·104 = 20.8 → 21 eighths = 2 full + ▋; 1e-2: (3/5)·104 = 62.4 → 62 = 7 + ▊; 1: 13 full;
    // 0.1: (4/5)·104 = 83.2 → 83 = 10 + ▍; 0.5: (5 − 0.301)/5 · 104 = 97.7 → 98 = 12 + ▎
    const panel = gradientFlow(
      {
        first: row(1, [1e-4, 1e-2, 1], [null, null], [0.5, 0.25]),
        last: row(50, [1e-4, 0.1, 0.5], [null, null], [1, 0.125]),
        activations: ["sigmoid", "sigmoid", "sigmoid"],
      },
      { width: 80, depth: 1 },
    );
    expect(panel).toMatchInlineSnapshot(`
      "gradient flow · ‖∇W‖ per layer, log scale from 1.0e-5 to 1
                         epoch 1 (first)        epoch 50 (last)
        layer 1 sigmoid  ██▋           1.0e-4   ██▋           1.0e-4   sat 50% → 100%
        layer 2 sigmoid  ███████▊        0.01   ██████████▍      0.1   sat 25% → 13%
        layer 3 out      █████████████      1   ████████████▎    0.5"
    `);
  });

  it("marks dead units, draws no bar for a zero norm, and fits the width", () => {
    const input = {
      first: row(1, [0.3, 0, 0.2], [0.25, 1]),
      last: row(9, [0.05, 0, null], [0.5, 1]),
      activations: ["relu", "relu", "sigmoid"],
    };
    const panel = gradientFlow(input, { width: 80, depth: 1 });
    expect(panel).toContain("dead 25% → 50%");
    expect(panel).toContain("dead 100% → 100%");
    const layer2 = panel.split("\n").find((l) => l.startsWith("  layer 2"))!;
    expect(layer2).not.toMatch(/[█▏▎▍▌▋▊▉]/);
    expect(layer2).toMatch(/ 0 +0 +dead/);
    expect(panel.split("\n").find((l) => l.startsWith("  layer 3"))).toMatch(/—$/);
    for (const width of [60, 80, 160]) {
      const p = gradientFlow(input, { width, depth: 8 });
      expect(Math.max(...p.split("\n").map(visibleWidth))).toBeLessThanOrEqual(width);
    }
  });

  it("writes norms in two significant digits", () => {
    expect([2.6e-5, 0.25, 0.0021, 3.14159, 12345, 0, null, Infinity].map(shortNumber)).toEqual([
      "2.6e-5",
      "0.25",
      "0.0021",
      "3.1",
      "1.2e+4",
      "0",
      "—",
      "Infinity",
    ]);
  });

  it("switches to an exponent at 1e4 and below 1e-3, decided on the 2-digit value (issue 27)", () => {
    // 9999 rounds to 1.0e+4: printed "10000" it had 5 digits; 0.0009996 rounds to 0.0010, above the threshold
    expect([0.001, 0.00099, 0.0009996, 9900, 9949, 9999, 1e4, -9999, -0.00099].map(shortNumber)).toEqual([
      "0.001",
      "9.9e-4",
      "0.001",
      "9900",
      "9900",
      "1.0e+4",
      "1.0e+4",
      "-1.0e+4",
      "-9.9e-4",
    ]);
  });

  it("keeps the first trained epoch and the last (epoch 0 has no gradients)", () => {
    const t = new GradientFlowTracker();
    const full = (epoch: number, g: (number | null)[]) => metricsRow(epoch, { grad_norm: g[0], grad_norm_layer: g });
    t.observe(full(0, [null, null]));
    expect(t.render(["tanh", "sigmoid"], { width: 80, depth: 1 })).toBe("");
    t.observe(full(1, [0.1, 1]));
    t.observe(full(2, [0.2, 1]));
    t.observe(full(3, [0.4, 1]));
    expect(t.first!.epoch).toBe(1);
    expect(t.last!.epoch).toBe(3);
    expect(t.render(["tanh", "sigmoid"], { width: 80, depth: 1 })).toContain("epoch 1 (first)     epoch 3 (last)".slice(0, 15));
  });
});

describe("gradient flow side by side", () => {
  const runs = [
    { label: "A", first: row(1, [0.1, 1]), last: row(20, [0.01, 0.1], [0.25]), activations: ["relu", "sigmoid"] },
    { label: "B", first: row(1, [1, 10]), last: row(20, [0.1, 1], [], [0.5]), activations: ["tanh", "sigmoid"] },
  ];

  it("draws each run's latest norms on one log scale (exact, colour off)", () => {
    // norms 0.01 … 10 → scale from 0.001 to 10: four decades. At 80 columns each block is 38 wide.
    // A: label 6 + 2 + bar + 2 + numbers 10 ("0.1 → 0.01") + 2 + "dead 25%" 8 → bar 8 columns = 64 eighths:
    //    0.01 → (1/4)·64 = 16 = 2 full; 0.1 → (2/4)·64 = 32 = 4 full.
    // B: label 6 + 2 + bar + 2 + numbers 7 ("1 → 0.1") + 2 + "sat 50%" 7 → bar 12 columns = 96 eighths:
    //    0.1 → (2/4)·96 = 48 = 6 full; 1 → (3/4)·96 = 72 = 9 full.
    expect(gradientFlowSideBySide(runs, { width: 80, depth: 1 })).toBe(
      [
        "gradient flow · ‖∇W‖ per layer, epoch 1 → 20 (bar: latest),",
        "log scale from 0.001 to 10",
        "A                                        B",
        "1 relu  ██        0.1 → 0.01  dead 25%   1 tanh  ██████        1 → 0.1  sat 50%",
        "2 out   ████      1 → 0.1                2 out   █████████     10 → 1",
      ].join("\n"),
    );
  });

  it("wraps the blocks below each other when they do not fit, and waits for a run's first trained epoch", () => {
    // C has no trained epoch yet: the runs' epochs differ, so each block's title says its own
    const narrow = gradientFlowSideBySide([...runs, { label: "C", first: null, last: null, activations: ["relu", "sigmoid"] }], {
      width: 40,
      depth: 1,
    });
    expect(narrow.split("\n")).toEqual([
      "gradient flow · ‖∇W‖ per layer",
      "(bar: latest),",
      "log scale from 0.001 to 10",
      // one block a row, 40 wide: A's bar is 10 columns (80 eighths: 0.01 → 20 = 2 full + ▌, 0.1 → 40 = 5 full),
      // B's 14 (112 eighths: 0.1 → 56 = 7 full, 1 → 84 = 10 full + ▌)
      "A · epoch 1 → 20",
      "1 relu  ██▌         0.1 → 0.01  dead 25%",
      "2 out   █████       1 → 0.1",
      "",
      "B · epoch 1 → 20",
      "1 tanh  ███████         1 → 0.1  sat 50%",
      "2 out   ██████████▌     10 → 1",
      "",
      "C",
      "(no trained epoch yet)",
    ]);
    expect(gradientFlowSideBySide([{ label: "C", first: null, last: null, activations: [] }], { width: 80, depth: 1 })).toBe("");
  });
  it("stops the scale at 1e+4: an exploding run's bars run off its end (▸) instead of flattening the others", () => {
    const exploding = [
      { label: "A", first: row(1, [1e80, 1e90]), last: row(1, [1e80, 1e90]), activations: ["relu"] },
      { label: "B", first: row(1, [1, 1]), last: row(20, [0.5, 1]), activations: ["relu"] },
    ];
    // scale from 0.5/10 = 0.05 to 1e4: log10(2e5) = 5.301 decades. A's bars: 11 columns, full, ending in ▸.
    // B's bars: 21 columns = 168 eighths: 0.5 → 1/5.301·168 = 31.7 → 32 = 4 full; 1 → 1.301/5.301·168 = 41.2 → 41 = 5 full + ▏
    expect(gradientFlowSideBySide(exploding, { width: 80, depth: 1 }).split("\n")).toEqual([
      "gradient flow · ‖∇W‖ per layer (bar: latest),",
      "log scale from 0.05 to 1.0e+4 (▸ beyond)",
      "A · epoch 1 → 1                          B · epoch 1 → 20",
      "1 relu  ██████████▸  1.0e+80 → 1.0e+80   1 relu  ████                   1 → 0.5",
      "2 out   ██████████▸  1.0e+90 → 1.0e+90   2 out   █████▏                 1 → 1",
    ]);
  });
});
