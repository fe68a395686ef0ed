/**
 * The softmax chart (nn-lab plot softmax, nn-lab softmax Z... --chart), as exact strings for the material's logits
 * 2, 1, 0.1. Hand checks: at z1 = −6, p2 = e/(e^−6 + e + e^0.1) = 2.718/3.826 = 0.710 and p3 = 0.289 (the 0.7 and
 * 0.3 rows at the left edge); p1 = p2 where z1 = z2 = 1; at T = 0.1 p = (1, 4.5e-5, 5.6e-9), at T = 10 p → (0.366,
 * 0.331, 0.303). Saturation at z1 = 4: e^0, e^−3, e^−3.9 = 1, 0.049787, 0.020242, sum 1.070029 → p = 0.93455,
 * 0.04653, 0.01892, so p − y = (−0.0654, 0.0465, 0.0189) for y = 1 and (0.935, −0.953, 0.0189) for y = 2.
 */
import { describe, expect, it } from "vitest";
import { saturationTable, softmaxOf, sweepChart, temperatureChart } from "../../src/terminal/softmax-chart.js";
import { visibleWidth } from "../../src/terminal/colors.js";
import { runMain } from "../helpers.js";

const LOGITS = [2, 1, 0.1];
const OPTS = { width: 50, depth: 1, from: -6, to: 6 } as const;

describe("softmax chart", () => {
  it("softmaxOf is the engine's softmax: 0.659, 0.242, 0.0986; temperature divides the logits", () => {
    expect(softmaxOf(LOGITS).map((p) => p.toFixed(4))).toEqual(["0.6590", "0.2424", "0.0986"]);
    expect(softmaxOf(LOGITS, 0.1)[0]).toBeCloseTo(1 / (1 + Math.exp(-10) + Math.exp(-19)), 15);
  });

  it("each p as z1 sweeps from −6 to 6, z2 and z3 fixed", () => {
    expect(sweepChart(LOGITS, OPTS).split("\n")).toEqual([
      "p = softmax(z) as z1 sweeps (z2 = 1, z3 = 0.1 fixed)",
      "1.0 ┤                                      ╭──────",
      "0.9 ┤                                  ╭───╯",
      "0.8 ┤                               ╭──╯",
      "0.7 ╋━━━━━━━━━━━━━━━━━━┓          ╭─╯",
      "0.6 ┤                  ┗━━━┓     ╭╯",
      "0.5 ┤                      ┗━━┓╭─╯",
      "0.4 ┤                         ┗━┓",
      "0.3 ╬════════════════════╗  ╭─╯ ┗━┓",
      "0.2 ┤                    ╚══════╗ ┗━━┓",
      "0.1 ┤                ╭────╯     ╚═════╗━━━┓",
      "0.0 ┼────────────────╯                ╚═══════════",
      "    -6                    z1                     6",
      "  ── p1   ━━ p2   ══ p3",
    ]);
  });

  it("each p against the temperature, T = 0.1 … 10 on a log axis", () => {
    expect(temperatureChart(LOGITS, OPTS).split("\n")).toEqual([
      "p = softmax(z / T) for z = 2, 1, 0.1, against the temperature",
      "1.0 ┼───────────╮",
      "0.9 ┤           ╰────╮",
      "0.8 ┤                ╰──╮",
      "0.7 ┤                   ╰──╮",
      "0.6 ┤                      ╰───╮",
      "0.5 ┤                          ╰─────╮",
      "0.4 ┤                                ╰────────────",
      "0.3 ┤                       ┏━━━━━━━━━━╔══════════",
      "0.2 ┤                 ┏━━━━━┛ ╔════════╝",
      "0.1 ┤           ┏━━━━━┛╔══════╝",
      "0.0 ╬══════════════════╝",
      "    0.1              T (log scale)              10",
      "  ── p1   ━━ p2   ══ p3",
    ]);
  });

  it("saturation: one class dominates, and the cross-entropy gradient p − y when it is right and when it is wrong", () => {
    expect(saturationTable(LOGITS, 80).split("\n")).toEqual([
      "Saturation: one class dominates. Raise z1 and p1 → 1. The cross-entropy gradient",
      "with respect to the logits is p − y (y one-hot): if class 1 is right, p − y → 0",
      "and nothing is left to learn; if it is wrong (y = class 2), the gradient stays",
      "near 1 in size, so a confident mistake is corrected at full strength — softmax",
      "with cross-entropy does not saturate the way a sigmoid output with MSE does (its",
      "gradient carries a factor σ′ → 0).",
      "",
      "  z1       p1   p − y, y = 1                   p − y, y = 2",
      "  ──   ──────   ────────────────────────────   ────────────────────────",
      "   2   0.6590   [-0.341, 0.242, 0.0986]        [0.659, -0.758, 0.0986]",
      "   4   0.9346   [-0.0654, 0.0465, 0.0189]      [0.935, -0.953, 0.0189]",
      "   6   0.9906   [-0.00939, 0.00667, 0.00271]   [0.991, -0.993, 0.00271]",
      "   8   0.9987   [-0.00128, 9.1e-4, 3.7e-4]     [0.999, -0.999, 3.7e-4]",
      "  10   0.9998   [-1.7e-4, 1.2e-4, 5.0e-5]      [1.00, -1.00, 5.0e-5]",
    ]);
  });
});

describe("nn-lab plot softmax / softmax --chart", () => {
  it("plot softmax says why there is no f(z) curve and draws the three pictures for 2, 1, 0.1, in 80 columns", async () => {
    const r = await runMain(["plot", "softmax"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("so it has no single f(z) curve");
    expect(r.stdout).toContain("p = softmax(z) as z1 sweeps (z2 = 1, z3 = 0.1 fixed)");
    expect(r.stdout).toContain("p = softmax(z / T) for z = 2, 1, 0.1, against the temperature");
    expect(r.stdout).toMatch(/^ {3}4 {3}0\.9346 {3}\[-0\.0654, 0\.0465, 0\.0189\] +\[0\.935, -0\.953, 0\.0189\]$/m);
    expect(Math.max(...r.stdout.split("\n").map(visibleWidth))).toBeLessThanOrEqual(80);
  });

  it("softmax Z... --chart adds the pictures for those logits under the table; without it, only the table", async () => {
    const r = await runMain(["softmax", "3", "0", "--chart"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("p = softmax(z) as z1 sweeps (z2 = 0 fixed)");
    // z1 = 3 + 2 = 5: p1 = 1/(1 + e^−5) = 0.9933
    expect(r.stdout).toMatch(/^ {3}5 {3}0\.9933 /m);
    const plain = await runMain(["softmax", "3", "0"]);
    expect(plain.stdout).not.toContain("sweeps");
  });
});
