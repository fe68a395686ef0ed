/**
 * Softmax written out (src/terminal/softmax.ts). Hand arithmetic for 2, 1, 0.1 at T = 1: exponents with the
 * max subtracted are e^0 = 1, e^−1 = .3679, e^−1.9 = .1496, sum 1.5174 → p = .659, .242, .099.
 * At T = 0.5 the logits double (4, 2, .2): e^−2 = .1353, e^−3.8 = .0224 → p = .864, .117, .019 (sharper);
 * logits of 1000 do not overflow because the max is subtracted first.
 */
import { describe, expect, it } from "vitest";
import { bar, softmaxAt, softmaxTable } from "../../src/terminal/softmax.js";
import { visibleWidth } from "../../src/terminal/colors.js";

describe("softmaxAt", () => {
  it("2, 1, 0.1 → 0.659, 0.242, 0.099", () => {
    const s = softmaxAt([2, 1, 0.1], 1);
    expect(s.probs.map((p) => p.toFixed(3))).toEqual(["0.659", "0.242", "0.099"]);
    expect(s.exps.map((e) => e.toFixed(4))).toEqual(["1.0000", "0.3679", "0.1496"]);
    expect(s.expSum).toBeCloseTo(1.5174, 4);
    expect(s.probSum).toBeCloseTo(1, 15);
  });

  it("temperature sharpens (T < 1) and flattens (T > 1)", () => {
    expect(softmaxAt([2, 1, 0.1], 0.5).probs.map((p) => p.toFixed(3))).toEqual(["0.864", "0.117", "0.019"]);
    const flat = softmaxAt([2, 1, 0.1], 100).probs;
    expect(Math.max(...flat) - Math.min(...flat)).toBeLessThan(0.01);
  });

  it("does not overflow at logits of 1000", () => {
    const s = softmaxAt([1000, 999], 1);
    expect(s.exps).toEqual([1, Math.exp(-1)]);
    expect(s.probs[0]).toBeCloseTo(1 / (1 + Math.exp(-1)), 15);
  });
});

describe("softmaxTable", () => {
  it("prints logits, exponents, probabilities, their sums and a bar each", () => {
    const t = softmaxTable([2, 1, 0.1], [1], { width: 60, depth: 1, labels: ["2.0", "1.0", "0.1"] });
    expect(t).toMatchInlineSnapshot(`
      "e^z: the raw exponents e^(z/T) of the formula (they overflow
      to ∞ once z/T > 709). e^(z−m): what is computed instead,
      e^(z/T − m) with m = max z/T, so the largest is e^0 = 1. p =
      exponent / sum comes out the same from both columns: e^(z/T
      − m) = e^(z/T)·e^(−m), and the factor e^(−m) is in every
      exponent and in their sum, so it cancels.
                T = 1
        logit     e^z  e^(z−m)      p
          2.0    7.39   1.0000  0.659  █████████████████▊
          1.0    2.72   0.3679  0.242  ██████▌
          0.1    1.11   0.1496  0.099  ██▋
          sum   11.21   1.5174  1.000"
    `);
  });

  it("puts one column group per temperature side by side, within the width", () => {
    const t = softmaxTable([2, -1.5, 0.3], [0.5, 1, 2], { width: 120, depth: 1 });
    const lines = t.split("\n");
    expect(t).toMatch(/T = 0\.5 +T = 1 +T = 2/);
    expect(lines.at(-1)).toMatch(/sum .*1\.000 .*1\.000 .*1\.000$/);
    expect(Math.max(...lines.map(visibleWidth))).toBeLessThanOrEqual(120);
  });

  it("stacks the groups that do not fit side by side in blocks", () => {
    const t = softmaxTable([2, -1.5, 0.3], [0.5, 1, 2], { width: 80, depth: 1 });
    expect(t).toMatch(/T = 0\.5 +T = 1\n[^]*\n\n +T = 2\n/);
    expect(Math.max(...t.split("\n").map(visibleWidth))).toBeLessThanOrEqual(80);
  });

  it("the raw exponents overflow where the shifted ones do not, and p is the same", () => {
    // e^1000 = ∞ in float64; e^(1000 − 1000) = 1, e^(999 − 1000) = 0.3679 → p = 0.731, 0.269
    const s = softmaxAt([1000, 999], 1);
    expect(s.raw).toEqual([Infinity, Infinity]);
    expect(softmaxTable([1000, 999], [1], { width: 80, depth: 1 })).toMatch(/^ +1000 +∞ +1\.0000 +0\.731/m);
  });

  it("where nothing overflows, p = raw / raw sum as well", () => {
    const s = softmaxAt([2, 1, 0.1], 1);
    expect(s.raw.map((e) => e.toFixed(2))).toEqual(["7.39", "2.72", "1.11"]);
    expect(s.rawSum.toFixed(2)).toBe("11.21");
    s.raw.forEach((e, i) => expect(e / s.rawSum).toBeCloseTo(s.probs[i], 15));
  });

  it("bars are p·width cells in eighths", () => {
    expect(bar(1, 4)).toBe("████");
    expect(bar(0.5, 3)).toBe("█▌");
    expect(bar(0, 10)).toBe("");
  });
});
