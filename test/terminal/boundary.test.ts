/**
 * The decision-boundary map (src/terminal/boundary.ts). What these tests prove, on hand-set networks whose
 * boundary is known exactly:
 *  - a logistic unit with w = (1, 0), b = 0 splits the plane at x1 = 0: class 0 shaded left, class 1 right,
 *    a blank band where the model is unsure (|2σ(x1) − 1| < 0.2, i.e. |x1| < 0.41), points drawn on top, the
 *    misclassified ones uppercase and counted; exact text with colour off;
 *  - three classes (softmax) and derived features (x1², x2²: a circle) are mapped over the raw plane;
 *  - the map fits the width, and colour output paints backgrounds.
 */
import { describe, expect, it } from "vitest";
import { makeHead } from "../../src/engine/losses.js";
import { Mlp } from "../../src/engine/mlp.js";
import { relu } from "../../src/engine/activations.js";
import { decisionBoundary, predictPlane } from "../../src/terminal/boundary.js";
import { stripAnsi, visibleWidth } from "../../src/terminal/colors.js";

/** A linear model z = W·x + b with no hidden layer. */
function linearModel(weight: number[], bias: number[], outputs: number): Mlp {
  const mlp = new Mlp({ inputs: weight.length / outputs, hidden: [], outputs, bias: true });
  mlp.layers[0].weight.set(weight);
  mlp.layers[0].bias!.set(bias);
  return mlp;
}

// (−1, .5) class 0 and (1, −.5) class 1 are right; (.6, .6) class 0 and (−.5, −1) class 1 are on the wrong side.
const POINTS = { x: Float64Array.from([-1, 0.5, 1, -0.5, 0.6, 0.6, -0.5, -1]), y: Float64Array.from([0, 1, 0, 1]), n: 4 };

describe("decisionBoundary", () => {
  const input = {
    mlp: linearModel([1, 0], [0], 1),
    head: makeHead("bce"),
    classes: 2,
    points: POINTS,
    features: null,
    inputNames: ["x1", "x2"] as const,
  };

  it("predicts as the evaluator: σ(x1) > 0.5 is class 1; confidence |2p − 1|", () => {
    const p = predictPlane(input, Float64Array.from([-2, 0, 2, 0, 0.1, 5]), 3);
    expect(Array.from(p.cls)).toEqual([0, 1, 1]);
    expect(p.conf[0]).toBeCloseTo(2 / (1 + Math.exp(-2)) - 1, 12);
  });

  it("draws the plane split at x1 = 0 with the points on top (colour off)", () => {
    const map = decisionBoundary(input, { width: 60, depth: 1, maxRows: 10 });
    expect(map).toMatchInlineSnapshot(`
      "decision boundary · train set: 4 points · 2 misclassified
            x2
       0.68 │. . . .           :O: : :
            │.o. . .           : : : :
            │. . . .           : : : :
            │. . . .           : : : :
            │. . . .           : : : :
            │. . . .           : : : :
            │. . . .           : : :x:
            │. . . .           : : : :
            │. . . .           : : : :
      -1.08 │. . . X           : : : :
            └─────────────────────────
            -1.10       x1        1.10
        points:   o class 0   x class 1   (O X: misclassified)
        shading: predicted class  . 0  : 1  (blank = unsure)"
    `);
    expect(map).toContain("2 misclassified");
    expect(map).toMatch(/O/);
    expect(map).toMatch(/X/);
  });

  it("fits the width and paints backgrounds with colour", () => {
    for (const width of [30, 60, 100]) {
      const map = decisionBoundary(input, { width, depth: 24 });
      expect(map).toContain("\x1b[48;2;");
      expect(Math.max(...map.split("\n").map(visibleWidth))).toBeLessThanOrEqual(width);
      expect(stripAnsi(map)).toContain("(O X: misclassified)");
    }
  });

  it("draws each class's legend glyph in the colour of its points on the map (256 colours and truecolor)", () => {
    for (const depth of [4, 8, 24] as const) {
      const map = decisionBoundary(input, { width: 60, depth });
      const legendLine = map.split("\n").find((l) => l.includes("class 0"))!;
      for (const [glyph, c] of [
        ["o", 0],
        ["x", 1],
      ] as const) {
        const inLegend = new RegExp(`\x1b\\[([0-9;]*)m${glyph}\x1b\\[0m class ${c}`).exec(legendLine)![1];
        // on the map the point carries its colour, then the cell's background: the legend's foreground must be the same
        const onMap = map
          .split("\n")
          .slice(1, -2)
          .join("\n")
          .match(new RegExp(`\x1b\\[([0-9;]*)m${glyph}\x1b\\[0m`, "i"));
        expect(onMap, `depth ${depth} class ${c}`).not.toBeNull();
        const fg = (sgr: string) => sgr.replace(/;48;.*$/, "").replace(/;(4\d|10\d)$/, "");
        expect(fg(onMap![1]), `depth ${depth} class ${c}`).toBe(fg(inLegend));
      }
    }
  });

  it("maps three classes (softmax)", () => {
    // class 0 scores −x1, class 1 scores x1, class 2 scores 2·x2: class 2 wins the top of the plane
    const mlp = linearModel([-1, 0, 1, 0, 0, 2], [0, 0, 0], 3);
    const pts = { x: Float64Array.from([-1, -1, 1, -1, 0, 1]), y: Float64Array.from([0, 1, 2]), n: 3 };
    const map = decisionBoundary(
      { mlp, head: makeHead("cross_entropy"), classes: 3, points: pts, features: null, inputNames: ["x1", "x2"] },
      { width: 40, depth: 1, maxRows: 10 },
    );
    const rows = map.split("\n").filter((l) => l.includes("│"));
    expect(rows[0]).toContain("-"); // class 2's shade along the top
    expect(rows.at(-1)).toMatch(/\..*:/); // class 0 bottom left, class 1 bottom right
    expect(map).toContain("v class 2");
    expect(map).toContain("0 misclassified");
  });

  it("maps a model on derived features over the raw plane: x1² + x2² > 1 is class 1", () => {
    const mlp = new Mlp({ inputs: 2, hidden: [{ units: 2, activation: relu }], outputs: 1, bias: true });
    mlp.layers[0].weight.set([1, 0, 0, 1]); // relu keeps the squares as they are
    mlp.layers[0].bias!.set([0, 0]);
    mlp.layers[1].weight.set([4, 4]);
    mlp.layers[1].bias!.set([-4]);
    const pts = { x: Float64Array.from([0, 0, 1.5, 1.5, -1.5, -1.5]), y: Float64Array.from([0, 1, 1]), n: 3 };
    const features = ["x1^2", "x2^2"];
    const p = predictPlane({ mlp, head: makeHead("bce"), classes: 2, features }, Float64Array.from([0, 0, 0.9, 0, 1.2, 0, 0, -1.2]), 4);
    expect(Array.from(p.cls)).toEqual([0, 0, 1, 1]);
    const map = decisionBoundary(
      { mlp, head: makeHead("bce"), classes: 2, points: pts, features, inputNames: ["x1", "x2"] },
      { width: 40, depth: 1, maxRows: 12 },
    );
    const rows = map.split("\n").filter((l) => l.includes("│"));
    const middle = rows[Math.floor(rows.length / 2)];
    expect(middle).toMatch(/:.*o.*:/); // class 1 around, class 0 in the middle with its point
    expect(map).toContain("0 misclassified");
  });
});
