/**
 * The result view of regression (src/terminal/fit.ts), drawn from small fixed models whose outputs are worked out by
 * hand. What these tests prove:
 *  - predictRows feeds raw rows (and derived features) through the network: ŷ = relu(x1) + relu(−x2) − 0.5;
 *  - 1-D data: one chart, the fitted curve through the train data (exact string, colour off);
 *  - 2-D data: a panel per input, ŷ along it with the other input at its median, the train points nearest that
 *    slice as dots (the nearest fifth, at least 10, ties kept), both panels on one y axis (exact strings at 80 and
 *    at 40 columns, where the panels wrap);
 *  - classification, or more than two inputs, gets no fit view.
 */
import { describe, expect, it } from "vitest";
import { relu } from "../../src/engine/activations.js";
import { makeHead } from "../../src/engine/losses.js";
import { Mlp } from "../../src/engine/mlp.js";
import { predictRows, regressionFit } from "../../src/terminal/fit.js";

/** ŷ = relu(x1) + relu(−x2) − 0.5: hidden units h1 = relu(x1), h2 = relu(−x2), output h1 + h2 − 0.5. */
function planeModel() {
  const mlp = new Mlp({ inputs: 2, hidden: [{ units: 2, activation: relu }], outputs: 1, bias: true });
  // W1 = [[1, 0], [0, −1]], b1 = [0, 0], W2 = [[1, 1]], b2 = [−0.5]
  mlp.params.set([1, 0, 0, -1, 0, 0, 1, 1, -0.5]);
  return { mlp, head: makeHead("mse", "linear") };
}

/** The 5×5 grid of x1, x2 in {−1, −0.5, 0, 0.5, 1}; y = the model's value ± 0.1 (alternating), so dots sit beside the line. */
function planeData() {
  const v = [-1, -0.5, 0, 0.5, 1];
  const x: number[] = [];
  const y: number[] = [];
  for (const a of v)
    for (const b of v) {
      x.push(a, b);
      y.push(Math.max(a, 0) + Math.max(-b, 0) - 0.5 + (y.length % 2 ? -0.1 : 0.1));
    }
  return {
    all: { x: Float64Array.from(x), y: Float64Array.from(y), d: 2, task: "regression", inputNames: ["x1", "x2"] },
    train: { n: 25 },
  };
}

describe("predictRows", () => {
  it("gives the network's output for raw rows, through derived features when there are any", () => {
    const model = planeModel();
    // relu(1) + relu(0) − .5 = .5;  relu(−1) + relu(−(−1)) − .5 = .5;  relu(.5) + relu(−.5) − .5 = 0
    expect(Array.from(predictRows(model, Float64Array.from([1, 0, -1, -1, 0.5, 0.5]), 2, null))).toEqual([0.5, 0.5, 0]);
    // features [x2, x1] swap the inputs: row (0, 1) becomes (1, 0)
    expect(Array.from(predictRows(model, Float64Array.from([0, 1]), 2, ["x2", "x1"]))).toEqual([0.5]);
  });
});

describe("regressionFit", () => {
  it("1-D: the train data as dots and the fitted curve", () => {
    const mlp = new Mlp({ inputs: 1, hidden: [{ units: 1, activation: relu }], outputs: 1, bias: true });
    mlp.params.set([1, 0, 1, -0.5]); // ŷ = relu(x) − 0.5
    const xs = [-1, -0.5, 0, 0.5, 1];
    const data = {
      all: { x: Float64Array.from(xs), y: Float64Array.from([-0.3, -0.7, -0.3, 0.3, 0.3]), d: 1, task: "regression", inputNames: ["x1"] },
      train: { n: 5 },
    };
    expect(regressionFit({ mlp, head: makeHead("mse", "linear") }, data, null, { width: 40, height: 6, depth: 1 })).toBe(
      [
        "fit: train data and the network's prediction against x1",
        " 0.5 ┤                                ╭─",
        " 0.3 ┤                         ·  ╭───╯·",
        " 0.1 ┤                         ╭──╯",
        "-0.1 ┤                      ╭──╯",
        "-0.3 ┤                · ╭───╯",
        "-0.5 ┼──────────────────╯",
        "-0.7 ┤        ·",
        "     -1               x1               1",
        "  · train data (5 points)",
        "  ── fitted curve",
      ].join("\n"),
    );
  });

  it("2-D: a slice per input, the other at its median, with the points nearest it, on one y axis", () => {
    const fit = regressionFit(planeModel(), planeData(), null, { width: 80, height: 6, depth: 1 });
    expect(fit).toBe(
      [
        "fit: the prediction ŷ along each input, the other input held at its median",
        "ŷ against x1, x2 = 0                     ŷ against x2, x1 = 0",
        " 0.90 ┤                              ·    0.90 ┤",
        " 0.65 ┤                      ·       ·    0.65 ┤       ·",
        " 0.40 ┤                           ╭───    0.40 ┼───╮",
        " 0.15 ┤       ·              ·╭───╯       0.15 ┤   ╰───╮              ·",
        "-0.10 ┤               ·   ╭───╯          -0.10 ┤       ╰───╮   ·              ·",
        "-0.35 ┤       ·       ╭───╯              -0.35 ┤           ╰───╮      ·       ·",
        "-0.60 ┼───────────────╯                  -0.60 ┤               ╰───────────────",
        "      -1             x1              1         -1             x2              1",
        "  · 15 near: |x2 − 0| ≤ 0.5   ── ŷ         · 15 near: |x1 − 0| ≤ 0.5   ── ŷ",
      ].join("\n"),
    );
  });

  it("wraps the panels below each other when two do not fit", () => {
    const fit = regressionFit(planeModel(), planeData(), null, { width: 40, height: 4, depth: 1 });
    expect(fit).toBe(
      [
        "fit: the prediction ŷ along each input,",
        "the other input held at its median",
        "ŷ against x1, x2 = 0",
        " 0.90 ┤                                ·",
        " 0.53 ┤                        ·     ╭──",
        " 0.15 ┤       ·                ╭─────╯",
        "-0.22 ┤       ·        ·╭──────╯",
        "-0.60 ┼─────────────────╯",
        "      -1              x1               1",
        "  · 15 near: |x2 − 0| ≤ 0.5   ── ŷ",
        "",
        "ŷ against x2, x1 = 0",
        " 0.90 ┤",
        " 0.53 ┼──╮    ·",
        " 0.15 ┤  ╰─────╮               ·",
        "-0.22 ┤       ·╰──────╮·       ·       ·",
        "-0.60 ┤               ╰─────────────────",
        "      -1              x2               1",
        "  · 15 near: |x1 − 0| ≤ 0.5   ── ŷ",
      ].join("\n"),
    );
  });

  it("draws nothing for classification or for more than two inputs", () => {
    const data = planeData();
    expect(
      regressionFit(planeModel(), { ...data, all: { ...data.all, task: "classification" } }, null, { width: 80, depth: 1 }),
    ).toBeNull();
    const three = new Mlp({ inputs: 3, hidden: [], outputs: 1, bias: true });
    const wide = {
      all: { x: new Float64Array(9).fill(1), y: new Float64Array(3), d: 3, task: "regression", inputNames: ["a", "b", "c"] },
      train: { n: 3 },
    };
    expect(regressionFit({ mlp: three, head: makeHead("mse", "linear") }, wide, null, { width: 80, depth: 1 })).toBeNull();
  });
});
