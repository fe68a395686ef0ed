/**
 * Data set scatter plots (src/terminal/scatter.ts): the cell a point falls in, aspect-true grids, exact output
 * of a tiny classification set with colour off, a regression target as a ramp, a 1-input set as y against x1.
 */
import { describe, expect, it } from "vitest";
import { cellAt, dataBounds, fitGrid, scatterPlot } from "../../src/terminal/scatter.js";
import { visibleWidth } from "../../src/terminal/colors.js";

describe("the grid", () => {
  it("pads the data range and keeps its aspect (a cell is twice as tall as wide)", () => {
    const b = dataBounds([0, 0, 10, 5], 2, 2, 0, 1, 0.1);
    expect(b).toEqual({ x0: -1, x1: 11, y0: -0.5, y1: 5.5 });
    const g = fitGrid(b, 62);
    expect(g.cols).toBe(62 - "-0.50".length - 2); // y labels, a space and the axis
    expect(g.rows).toBe(Math.round((55 * 6) / 12 / 2));
  });

  it("puts a point in the cell that holds it; row 0 is the top", () => {
    const g = { bounds: { x0: 0, x1: 10, y0: 0, y1: 10 }, cols: 10, rows: 5 };
    expect(cellAt(g, 0.5, 9.9)).toEqual([0, 0]);
    expect(cellAt(g, 9.99, 0.01)).toEqual([9, 4]);
    expect(cellAt(g, 11, 5)).toBeNull();
  });
});

describe("scatterPlot", () => {
  it("draws one glyph per class (colour off)", () => {
    const ds = { x: [0, 0, 1, 1, 0, 1, 1, 0], y: [0, 0, 1, 1], n: 4, d: 2, classes: 2, inputNames: ["x1", "x2"], targetName: "label" };
    const plot = scatterPlot(ds, { width: 30, depth: 1, maxRows: 6 });
    expect(plot).toMatchInlineSnapshot(`
      "4 points
            x2
       1.05 │x          o
            │
            │
            │
            │
      -0.05 │o          x
            └────────────
            -0.05 x1 1.05
        o class 0   x class 1"
    `);
  });

  it("draws a regression target as a ramp and says its range", () => {
    const n = 50;
    const x: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < n; i++) {
      x.push(i / n, ((i * 7) % n) / n);
      y.push(i / n);
    }
    const plot = scatterPlot({ x, y, n, d: 2, classes: 0, inputNames: ["x1", "x2"], targetName: "y" }, { width: 50, depth: 1 });
    expect(plot).toContain("y: .:-=+*#%@ from 0.00 to 0.98");
    expect(plot).toContain("@");
    expect(Math.max(...plot.split("\n").map(visibleWidth))).toBeLessThanOrEqual(50);
  });

  it("draws a 1-input set as the target against x1", () => {
    const plot = scatterPlot(
      { x: [0, 1, 2], y: [0, 1, 4], n: 3, d: 1, classes: 0, inputNames: ["x1"], targetName: "y" },
      { width: 40, depth: 1 },
    );
    expect(plot).toContain("o y against x1");
    expect(plot.split("\n")[1].trim()).toBe("y");
  });
});
