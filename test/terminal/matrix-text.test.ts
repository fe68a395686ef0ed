/**
 * Trace lines fitted to the terminal (src/terminal/matrix-text.ts fitLine): a long list loses middle entries and
 * says how many; a short one (≤ 8 entries) is kept whole; a list that already ends in "… N more rows" keeps its end.
 * Before this, `nn-lab trace configs/moons.yaml` printed lines of 728 columns.
 */
import { describe, expect, it } from "vitest";
import { fitLine } from "../../src/terminal/matrix-text.js";
import { visibleWidth } from "../../src/terminal/colors.js";
import { runMain } from "../helpers.js";

const column = (n: number) => `[${Array.from({ length: n }, (_, i) => `[${i}]`).join(", ")}]`;

describe("fitLine", () => {
  it("a column of 32 rows keeps rows from both ends and counts the rest", () => {
    const line = `    z3 = ${column(32)}`;
    expect(fitLine(line, 45)).toBe("    z3 = [[0], [1], … 28 rows …, [30], [31]]");
  });

  it("one row of 16 values is elided inside the row", () => {
    const line = `  W3 = [[${Array.from({ length: 16 }, (_, i) => i + 0.5).join(", ")}]]`;
    expect(fitLine(line, 46)).toBe("  W3 = [[0.5, 1.5, … 12 values …, 14.5, 15.5]]");
  });

  it("a list already cut at '… 26 more rows' keeps that end and adds the rows it drops", () => {
    const line = "  x (32×2) = [[1, 2], [3, 4], [5, 6], [7, 8], [9, 10], [11, 12], … 26 more rows]";
    expect(fitLine(line, 50)).toBe("  x (32×2) = [[1, 2], [3, 4], … 30 more rows]");
  });

  it("fits, or is left alone: short lines, lines without lists, lists of at most 8 entries", () => {
    expect(fitLine("  b3 = [0]", 5)).toBe("  b3 = [0]");
    expect(fitLine("  loss = mean((ŷ − y)²) over all elements = 0.245628", 20)).toBe(
      "  loss = mean((ŷ − y)²) over all elements = 0.245628",
    );
    const textbook = "           dL/dW1 = dL/dz1ᵀ·x = [[-0.0391305, -0.0195653], [-0.0190159, -0.00950794], [0, 0]]";
    expect(fitLine(textbook, 80)).toBe(textbook);
  });
});

describe("nn-lab trace on a wide net", () => {
  it("fits every vector to 80 columns (moons, 16-16: 728 columns before)", async () => {
    const r = await runMain(["trace", "configs/moons.yaml"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    // a line's lists are cut down to one row each at the least: 80 columns, except where the rest of the line is
    // long (dL/dz3's explanation: 84) or two one-row matrices share it (the update W1: … → …: 90)
    const lists = lines.filter((x) => x.includes("["));
    expect(Math.max(...lists.map(visibleWidth))).toBeLessThanOrEqual(90);
    expect(lists.filter((l) => visibleWidth(l) > 80)).toHaveLength(2);
    expect(r.stdout).toContain("  dL/dz3 = [[0.01767], … 31 more rows]  (32×1: from the loss and the sigmoid output)");
    expect(r.stdout).toContain("    z3 = [[0.263275], [0.233583], … 28 rows …, [0.382952], [0.307449]]");
    expect(r.stdout).toContain("    W3 (1×16, out×in) = [[0.178613, 0.30874, … 13 values …, -0.0574632]]");
  });
});
