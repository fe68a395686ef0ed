/**
 * Fitting a live frame to the terminal (src/terminal/live-fit.ts, issue 23 "The live view"), as exact strings: a frame
 * is never cut — a shrinkable panel gives up rows first, then whole panels are hidden in the stated order and one
 * line under the head names them with the terminal's rows and the rows that would show everything; a panel hidden
 * first comes back when hiding a later one made room. Lines wrap at spaces, never inside a word or a number
 * (`log scale from 8.4e-10 to 0.` was 0.43), at 60, 80 and 100 columns. train --live's frame at 80×24, 80×30,
 * 100×40 and 140×40 holds each panel whole or not at all, and says which it hid.
 */
import { describe, expect, it } from "vitest";
import { fitFrame, panel, type FrameParts, type Shown } from "../../src/terminal/live-fit.js";
import { wrapLine } from "../../src/terminal/layout.js";
import { LiveRun, trainFrame } from "../../src/terminal/live.js";
import { gradientFlow } from "../../src/terminal/gradflow.js";
import { loadConfig } from "../../src/config/load.js";
import { resolveExperiment } from "../../src/config/resolve.js";
import { buildExperimentModel } from "../../src/train/model.js";
import type { MetricsRow } from "../../src/metrics.js";

const lines = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`).join("\n");
/** Head "status"; A and B fixed (a lines, b lines); C shrinkable from 6 rows down to 2. */
const build = (a: number, b: number) => (): FrameParts => ({
  head: ["status"],
  panels: [panel("A", () => lines("a", a)), panel("B", () => lines("b", b)), panel("C", (excess) => lines("c", Math.max(2, 6 - excess)))],
});
const layout = (head: string[], shown: Shown) => [head.join("\n"), ...shown.map((p) => p.text)].join("\n\n");

describe("fitFrame", () => {
  it("shows everything when it fits; a shrinkable panel gives up rows before anything is hidden", () => {
    // 1 + 1 + 5 + 1 + 4 + 1 + 6 = 19 lines: fits 20 rows (19 kept, the cursor's row free)
    expect(fitFrame(build(5, 4), layout, { width: 80, height: 20, hideOrder: ["B", "C", "A"] })).toEqual({
      text: ["status", "", lines("a", 5), "", lines("b", 4), "", lines("c", 6)].join("\n"),
      hidden: [],
    });
    // 19 rows: one line too many, C gives up one row
    expect(fitFrame(build(5, 4), layout, { width: 80, height: 19, hideOrder: ["B", "C", "A"] }).text).toBe(
      ["status", "", lines("a", 5), "", lines("b", 4), "", lines("c", 5)].join("\n"),
    );
  });

  it("hides whole panels in the stated order, says so in one line, and what would show all", () => {
    // 14 rows: at least 15 lines with C at 2 rows; B goes (first in the order), C takes 4 of its rows back.
    // needs 16: 15 lines with C at its smallest, and one row for the cursor
    const f = fitFrame(build(5, 4), layout, { width: 80, height: 14, hideOrder: ["B", "C", "A"] });
    expect(f).toEqual({ text: ["status", "B hidden: 14 rows, needs 16", "", lines("a", 5), "", lines("c", 4)].join("\n"), hidden: ["B"] });
    expect(fitFrame(build(5, 4), layout, { width: 80, height: 16, hideOrder: ["B", "C", "A"] }).hidden).toEqual([]);
    // the final frame says the hidden panels follow
    expect(fitFrame(build(5, 4), layout, { width: 80, height: 14, hideOrder: ["B"], final: true }).text.split("\n")[1]).toBe(
      "B hidden: 14 rows, needs 16 (printed below)",
    );
  });

  it("shows a panel hidden first again when hiding a later one made room for it", () => {
    // A 2 lines, B 8; 10 rows: hiding A is not enough (14 lines at least), hiding B too is; then A fits again
    // (2 + 1 + 2 + 1 + C at 3 = 9 lines). needs 17: 1 + 1 + 2 + 1 + 8 + 1 + 2 = 16 lines, and the cursor's row
    const f = fitFrame(build(2, 8), layout, { width: 80, height: 10, hideOrder: ["A", "B", "C"] });
    expect(f.hidden).toEqual(["B"]);
    expect(f.text).toBe(["status", "B hidden: 10 rows, needs 17", "", lines("a", 2), "", lines("c", 3)].join("\n"));
  });

  it("wraps lines at spaces to the width before measuring", () => {
    const parts = (): FrameParts => ({ head: ["a status line of five words"], panels: [] });
    expect(fitFrame(parts, layout, { width: 14, height: 10, hideOrder: [] }).text).toBe("a status line\nof five words");
  });
});

describe("wrapLine", () => {
  const head = "gradient flow · ‖∇W‖ per layer, log scale from 8.4e-10 to 0.43";
  it("breaks at spaces, never inside a number, at 60, 80 and 100 columns", () => {
    expect(wrapLine(head, 60)).toEqual(["gradient flow · ‖∇W‖ per layer, log scale from 8.4e-10 to", "0.43"]);
    expect(wrapLine(head, 80)).toEqual([head]);
    expect(wrapLine(head, 100)).toEqual([head]);
    const note = "classic-exploding-gradients: diverged after 1 epoch (0.00 s) — diverged at epoch 1, step 9 (gradient, layer 2)";
    expect(wrapLine(note, 100)).toEqual([
      "classic-exploding-gradients: diverged after 1 epoch (0.00 s) — diverged at epoch 1, step 9",
      "(gradient, layer 2)",
    ]);
  });
  it("keeps the indentation, colours count no columns, only a word wider than the line is broken", () => {
    expect(wrapLine("  one two three", 10)).toEqual(["  one two", "  three"]);
    expect(wrapLine("\x1b[31mred\x1b[0m words", 9)).toEqual(["\x1b[31mred\x1b[0m words"]);
    expect(wrapLine("abcdefghij k", 4)).toEqual(["abcd", "efgh", "ij k"]);
  });
  it("the gradient-flow panel at 60 columns: the scale on its own line, the numbers whole", () => {
    const row = (epoch: number, g: number[]) => ({ epoch, grad_norm_layer: g, dead_frac_layer: [0, 0], sat_frac_layer: [null, null] });
    const panel = gradientFlow(
      { first: row(1, [0.095, 0.21, 0.43]), last: row(200, [0.0018, 8.7e-4, 8.4e-9]), activations: ["relu", "relu", "sigmoid"] },
      { width: 60, depth: 1 },
    ).split("\n");
    expect(panel.slice(0, 3)).toEqual([
      "gradient flow · ‖∇W‖ per layer,",
      "log scale from 8.4e-10 to 0.43",
      "                epoch 1         epoch 200",
    ]);
    for (const l of panel) expect([...l].length).toBeLessThanOrEqual(60);
  });
});

describe("trainFrame on a terminal's sizes", () => {
  const experiment = resolveExperiment(loadConfig("configs/moons.yaml", []));
  const run = new LiveRun("moons", experiment);
  run.mlp = buildExperimentModel(experiment);
  const row = (epoch: number): MetricsRow => ({
    epoch,
    train_loss: 0.7 / (epoch + 1),
    train_acc: 0.9,
    test_loss: 0.8 / (epoch + 1),
    test_acc: 0.9,
    lr: 0.01,
    grad_norm: 0.5,
    grad_norm_layer: epoch === 0 ? [null, null, null] : [0.5 / epoch, 0.25 / epoch, 0.125 / epoch],
    dead_frac_layer: [0, 0],
    zero_frac_layer: [0, 0],
    sat_frac_layer: [null, null],
    clipped: null,
  });
  for (let e = 0; e <= 50; e++) run.observe(row(e));
  /** Each panel's first and last line, to tell a whole panel from part of one. */
  const whole = {
    "loss chart": [/^loss( \(log scale\))?$/m, /^ {2}── train_loss {3}━━ test_loss$/m],
    "decision boundary": [/^decision boundary · train set: 320 points/m, /^ {2}shading: predicted class/m],
    "gradient flow": [/gradient flow · ‖∇W‖ per layer/, / {2}layer 3 out /], // beside the map from 140 columns
  };

  it.each([
    [80, 24, ["gradient flow"], "gradient flow hidden: 24 rows, needs 29"],
    [80, 30, [] as string[], null],
    [100, 40, [] as string[], null],
    [140, 40, [] as string[], null],
    [80, 16, ["gradient flow", "decision boundary"], "gradient flow, decision boundary hidden: 16 rows, needs 29"],
  ])("%i×%i: every panel whole or hidden, and the note names the hidden ones", (width, height, hidden, note) => {
    const f = trainFrame(run, { width, height, depth: 1, logY: "auto" });
    const text = f.text;
    const ls = text.split("\n");
    expect(ls.length).toBeLessThanOrEqual(height - 1);
    for (const l of ls) expect([...l].length).toBeLessThanOrEqual(width);
    expect(f.hidden).toEqual(hidden);
    expect(ls[1]).toBe(note ?? "");
    for (const [name, [first, last]] of Object.entries(whole)) {
      const shown = !hidden.includes(name);
      expect(first.test(text), `${name} begins`).toBe(shown);
      expect(last.test(text), `${name} ends`).toBe(shown);
    }
  });
});
