/**
 * The live screen (src/terminal/live.ts) with a fake clock and a fake terminal. What these tests prove, as exact
 * bytes: the first frame hides the cursor and each later one moves back up over the previous frame's lines,
 * rewriting only the lines that changed (clearing their ends) and clearing everything below; frames are throttled by time (the first after 250 ms, at most 4 a
 * second, and a frame that took d ms waits d / 0.03 ms), not by calls; a forced draw always draws; lines are cut to the terminal's
 * width and the frame to its height; stop() shows the cursor once. compareFrame holds the runs' gradient flow side
 * by side, with their latest norms, and gives the maps the rows left so the frame fits the terminal's height.
 */
import { describe, expect, it } from "vitest";
import { clipLine, compareFrame, LiveRun, LiveScreen } from "../../src/terminal/live.js";
import { loadConfig, parseOverride } from "../../src/config/load.js";
import { resolveExperiment } from "../../src/config/resolve.js";
import { buildExperimentModel } from "../../src/train/model.js";
import type { MetricsRow } from "../../src/metrics.js";

function fakeTerminal(columns = 20, rows = 10) {
  let written = "";
  return {
    stream: { columns, rows, write: (s: string) => ((written += s), true) },
    take: () => {
      const w = written;
      written = "";
      return w;
    },
  };
}

describe("LiveScreen", () => {
  it("draws in place: cursor hidden, back up over the last frame, clear to the end of lines and below", () => {
    const t = fakeTerminal();
    const screen = new LiveScreen(t.stream, 4, () => 0);
    screen.draw("A\nB");
    expect(t.take()).toBe("\x1b[?25l\rA\x1b[K\nB\x1b[K\n\x1b[J");
    screen.draw("C");
    expect(t.take()).toBe("\x1b[2FC\x1b[K\n\x1b[J");
    // a line the screen already shows is stepped over
    screen.draw("C\nD");
    expect(t.take()).toBe("\x1b[1F\nD\x1b[K\n\x1b[J");
    screen.stop();
    screen.stop();
    expect(t.take()).toBe("\x1b[?25h");
  });

  it("throttles by time: 4 frames a second at most, longer after a costly frame; forced draws always", () => {
    const t = fakeTerminal();
    let now = 1000;
    const screen = new LiveScreen(t.stream, 4, () => now);
    let renders = 0;
    const cheap = () => (renders++, "x");
    // the first frame comes 250 ms after the screen was made, then one every 250 ms at most
    for (; now < 1250; now += 10) screen.maybeDraw(cheap);
    expect(renders).toBe(0);
    screen.maybeDraw(cheap); // now = 1250
    expect(renders).toBe(1);
    for (now = 1260; now < 1500; now += 10) screen.maybeDraw(cheap);
    expect(renders).toBe(1);
    now = 1500;
    screen.maybeDraw(cheap);
    expect(renders).toBe(2);
    // a frame that takes 30 ms: the next one no sooner than 30 / 0.03 = 1000 ms after it started
    screen.maybeDraw(() => ((now += 30), renders++, "slow"), true);
    const started = now - 30;
    for (now = started + 260; now < started + 1000; now += 10) screen.maybeDraw(cheap);
    expect(renders).toBe(3);
    now = started + 1000;
    screen.maybeDraw(cheap);
    expect(renders).toBe(4);
    expect(screen.frames).toBe(4);
  });

  it("cuts lines to the width and the frame to the height (a wrapped line would break the redraw)", () => {
    const t = fakeTerminal(5, 3);
    const screen = new LiveScreen(t.stream, 4, () => 0);
    screen.draw("abcdefgh\n12\nlost");
    expect(t.take()).toBe("\x1b[?25l\rabcde\x1b[0m\x1b[K\n12\x1b[K\n\x1b[J");
    expect(clipLine("\x1b[31mabcdef\x1b[0m", 3)).toBe("\x1b[31mabc\x1b[0m\x1b[0m");
  });
});

describe("compareFrame", () => {
  const run = (activation: string) => {
    const experiment = resolveExperiment(loadConfig("configs/moons.yaml", [parseOverride(`model.activation=${activation}`)]));
    const view = new LiveRun(`activation=${activation}`, experiment);
    view.mlp = buildExperimentModel(experiment);
    const row = (epoch: number, g: (number | null)[]): MetricsRow => ({
      epoch,
      train_loss: 0.7 / (epoch + 1),
      train_acc: 0.5,
      test_loss: 0.7 / (epoch + 1),
      test_acc: 0.5,
      lr: 0.01,
      grad_norm: g[0],
      grad_norm_layer: g,
      dead_frac_layer: activation === "relu" ? [0, 0.0625] : [null, null],
      zero_frac_layer: [0, 0],
      sat_frac_layer: activation === "relu" ? [null, null] : [0.5, 0.25],
      clipped: null,
    });
    view.observe(row(0, [null, null, null]));
    view.observe(row(1, [0.5, 0.25, 0.125]));
    view.observe(row(2, [0.05, 0.025, 0.0125]));
    return view;
  };
  const runs = [run("relu"), run("tanh")];

  it("shows the runs' gradient flow side by side, their latest norms, and fits the terminal's height", () => {
    for (const height of [40, 50, 70]) {
      const frame = compareFrame(runs, { width: 80, height, depth: 1, logY: "auto" }).text;
      const lines = frame.split("\n");
      expect(lines.length).toBeLessThanOrEqual(height - 1);
      // live, each block says its run's epochs (the runs move apart)
      const at = lines.indexOf("gradient flow · ‖∇W‖ per layer (bar: latest), log scale from 0.0013 to 0.5");
      expect(at).toBeGreaterThan(0);
      expect(lines[at + 1]).toMatch(/^activation=relu · epoch 1 → 2 +activation=tanh · epoch 1 → 2$/);
      // one log scale from 0.0125/10 = 0.00125 to 0.5 (log10 400 = 2.602 decades); bars of 7 columns (56 eighths) show
      // the latest norms: 0.05 → 1.602/2.602·56 = 34.5 → 34 = 4 full + ▎; 0.025 → 28 = 3 full + ▌; 0.0125 → 21.5 → 22 = 2 full + ▊
      expect(lines.slice(at + 2, at + 5)).toEqual([
        "1 relu  ████▎    0.5 → 0.05    dead 0%   1 tanh  ████▎    0.5 → 0.05    sat 50%",
        "2 relu  ███▌     0.25 → 0.025  dead 6%   2 tanh  ███▌     0.25 → 0.025  sat 25%",
        "3 out   ██▊      0.13 → 0.013            3 out   ██▊      0.13 → 0.013",
      ]);
      // the maps follow, as tall as the rest of the frame leaves room for (at most 14 rows)
      expect(lines.slice(at)).toContain("activation=relu                          activation=tanh");
    }
    const mapRows = (height: number) =>
      compareFrame(runs, { width: 80, height, depth: 1, logY: "auto" })
        .text.split("\n")
        .filter((l) => /^ {6}│|^ ?-?\d\.\d+ │/.test(l)).length;
    // 70 rows: as tall as a 38-column map of moons is drawn (9 rows); 38 and 37: the rows left once the status lines,
    // the chart, the flow and the maps' titles, axes and legend are drawn, the frame then exactly height − 1 lines
    expect([70, 38, 37].map(mapRows)).toEqual([9, 9, 8]);
    for (const height of [37, 38])
      expect(compareFrame(runs, { width: 80, height, depth: 1, logY: "auto" }).text.split("\n")).toHaveLength(height - 1);
    // 30: with the maps at their 6 rows and the chart at its 3 the frame is 30 lines, one too many: the gradient flow
    // (hidden first) goes, whole, and one line says so; the maps take back a row (7), the chart its 6
    const small = compareFrame(runs, { width: 80, height: 30, depth: 1, logY: "auto" });
    expect(small.hidden).toEqual(["gradient flow"]);
    const lines = small.text.split("\n");
    expect(lines.slice(0, 4)).toEqual([
      "● activation=relu  epoch 2/200 · train_loss 0.2333 · test_acc 0.500",
      "● activation=tanh  epoch 2/200 · train_loss 0.2333 · test_acc 0.500",
      "gradient flow hidden: 30 rows, needs 31",
      "",
    ]);
    expect(lines).toHaveLength(29);
    expect(small.text).not.toContain("‖∇W‖");
    expect(mapRows(30)).toBe(7);
    expect(compareFrame(runs, { width: 80, height: 31, depth: 1, logY: "auto" }).hidden).toEqual([]); // "needs 31"
  });
});
