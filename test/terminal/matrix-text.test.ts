/**
 * Trace lines fitted to the terminal (src/terminal/matrix-text.ts fitLine): a long list loses middle entries and
 * says how many; a short one (≤ 8 entries) is kept whole; a list that already ends in "… N more rows" keeps its end.
 * Before this, `nn-lab trace configs/moons.yaml` printed lines of 728 columns.
 */
import { describe, expect, it } from "vitest";
import { breakLine, fitLine } from "../../src/terminal/matrix-text.js";
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

describe("breakLine", () => {
  const numbers = (text: string) => text.match(/-?\d+(\.\d+)?(e-?\d+)?/g);

  it("a matrix that does not fit goes on between its rows, under its first row, as NumPy prints it", () => {
    const line = "    W1 (4×2, out×in) = [[-0.41004, 0.0599126], [0.895029, 0.900083], [0.6872, -0.160205], [0.584252, 0.104862]]";
    expect(breakLine(line, 80)).toEqual([
      "    W1 (4×2, out×in) = [[-0.41004, 0.0599126], [0.895029, 0.900083],",
      "                        [0.6872, -0.160205], [0.584252, 0.104862]]",
    ]);
  });

  it("a matrix whose rows do not fit beside its name starts on a line of its own, 4 columns in", () => {
    const row = "[-0.0362187, 0.0619744, -0.0830361, -0.0419782]";
    const line = `           dL/da1 = dL/dz2·W2 = [${row}, ${row}]`;
    expect(breakLine(line, 80)).toEqual(["           dL/da1 = dL/dz2·W2 =", `               [${row},`, `                ${row}]`]);
  });

  it("a summary breaks between words, never inside a number, and every number is kept", () => {
    const line = "    z1 = (32×16: mean -0.164707, std 1.10362, min -4.0816, max 2.47307, ‖·‖ 25.2486)";
    for (const width of [40, 50, 60, 70]) {
      const lines = breakLine(line, width);
      expect(lines.length).toBeGreaterThan(1);
      for (const l of lines) expect([...l].length).toBeLessThanOrEqual(width);
      expect(numbers(lines.join(" "))).toEqual(numbers(line));
      expect(lines.slice(1).every((l) => l.startsWith("        ") && !l.startsWith("         "))).toBe(true);
    }
  });

  it("a line that fits, or has no space to break at, is left as it is", () => {
    expect(breakLine("  b3 = [0]", 80)).toEqual(["  b3 = [0]"]);
    expect(breakLine("x".repeat(90), 80)).toEqual(["x".repeat(90)]);
  });
});

describe("nn-lab trace at 80 columns", () => {
  it("no line is wider than 80 on any shipped config, and no number is cut", async () => {
    for (const config of [
      "configs/moons.yaml",
      "configs/xor-sigmoid.yaml",
      "configs/classic-linear-collapse.yaml",
      "configs/classic-init.yaml",
    ]) {
      const r = await runMain(["trace", "--no-color", config]);
      expect(r.code).toBe(0);
      const wide = r.stdout.split("\n").filter((l) => visibleWidth(l) > 80);
      expect(wide, config).toEqual([]);
    }
  });

  it("fits every vector to 80 columns (moons, 16-16: 728 columns before)", async () => {
    const r = await runMain(["trace", "configs/moons.yaml"]);
    expect(r.code).toBe(0);
    // 84 columns before: the note goes on the next line, under the matrix
    expect(r.stdout).toContain("  dL/dz3 = [[0.01767], … 31 more rows]  (32×1: from the loss and the sigmoid\n            output)");
    expect(r.stdout).toContain("    z3 = [[0.263275], [0.233583], … 28 rows …, [0.382952], [0.307449]]");
    expect(r.stdout).toContain("    W3 (1×16, out×in) = [[0.178613, 0.30874, … 13 values …, -0.0574632]]");
  });
});
