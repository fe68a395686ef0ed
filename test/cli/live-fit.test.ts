/**
 * The live view fitted to real terminals (issue 23, "The live view"), in tmux at 80×24, 80×30, 100×40 and 140×40:
 *  - no panel of the final frame is partial: each is there from its first line to its last, or not at all;
 *  - on a terminal too short for every panel, one line under the status says which panels are hidden, with the
 *    terminal's rows and the rows that would show them ("gradient flow hidden: 24 rows, needs 29 (printed below)");
 *  - after the run the scrollback holds every panel, whole, exactly once (the frame's, then what it hid, printed
 *    between the headline and the table);
 *  - compare --live at 80×24 the same, its hidden panels printed above the table.
 */
import { afterAll, describe, expect, it } from "vitest";
import { BIN, ROOT, tempDir } from "../helpers.js";
import { needs, TMUX } from "../system-tools.js";
import { newSession, reportExit, stopTmuxServer, tmux, waitForExit } from "../tmux.js";

// tmux comes from Debian's package (.ci/run installs it): without it the suite is skipped with one line, or fails under CI=true
const hasTmux = needs(TMUX, "--live fitted to the terminal");
const quote = (a: string) => `'${a.replace(/'/g, "'\\''")}'`;
let counter = 0;

/** Run nn-lab with `args` in a width × height pane; the whole scrollback once it has exited. */
async function scrollback(args: string[], width: number, height: number): Promise<string> {
  const name = `nnlab-livefit-${process.pid}-${counter++}`;
  const cmd = [process.execPath, BIN, ...args].map(quote).join(" ");
  newSession(name, width, height, `cd ${quote(ROOT)} && ${cmd}; ${reportExit(name)}; sleep 120`);
  try {
    return await waitForExit(name);
  } finally {
    tmux("kill-session", "-t", name);
  }
}

/** Each panel's first and last line (the flow sits beside the map from 140 columns, so not at a line's start). */
const PANELS: Record<string, [RegExp, RegExp]> = {
  "loss chart": [/^loss \(log scale\)$/gm, /^ {2}── train_loss {3}── test_loss$/gm],
  "decision boundary": [/^decision boundary · train set: 320 points · 0 misclassified/gm, /^ {2}shading: predicted class/gm],
  "gradient flow": [/gradient flow · ‖∇W‖ per layer,/g, / {2}layer 3 out {3}/g],
};
const count = (re: RegExp, s: string) => s.match(re)?.length ?? 0;

describe.runIf(hasTmux)("--live fitted to the terminal", () => {
  afterAll(stopTmuxServer);
  // each case its own tmux session and folder, waiting on a terminal more than computing: run side by side
  it.concurrent.each([
    [80, 24, ["gradient flow"], "gradient flow hidden: 24 rows, needs 29 (printed below)"],
    [80, 30, [] as string[], null],
    [100, 40, [] as string[], null],
    [140, 40, [] as string[], null],
  ])("train --live at %i×%i: whole panels, the hidden ones named and printed after the run", async (width, height, hidden, note) => {
    const screen = await scrollback(["train", "configs/moons.yaml", "--live", "--runs", tempDir()], width, height);
    expect(screen).toMatch(/^EXIT=0$/m);
    const last = screen.slice(screen.lastIndexOf("● moons · epoch 200/200"));
    const frame = last.slice(0, last.indexOf("moons: completed after 200 epochs"));
    const after = last.slice(frame.length);
    const lines = frame.split("\n");
    expect(lines[1]).toBe(note ?? "");
    expect(frame.trimEnd().split("\n").length).toBeLessThanOrEqual(height - 1); // the frame fits the screen, the cursor's row free
    for (const [name, [first, last]] of Object.entries(PANELS)) {
      const inFrame = !hidden.includes(name);
      // whole or not at all in the frame, and whole exactly once in what the run leaves in the scrollback
      expect([count(first, frame), count(last, frame)], `${name} in the frame`).toEqual(inFrame ? [1, 1] : [0, 0]);
      expect([count(first, after), count(last, after)], `${name} after the run`).toEqual(inFrame ? [0, 0] : [1, 1]);
    }
    expect(after).toMatch(/metric {9}final[\s\S]*run folder: /);
  });

  it.concurrent("compare --live at 80×24: the maps hidden whole, named, and printed above the table", async () => {
    const args = ["compare", "configs/moons.yaml", "--vary", "model.activation=sigmoid,relu", "--live", "--runs", tempDir()];
    const screen = await scrollback(args, 80, 24);
    expect(screen).toMatch(/^EXIT=0$/m);
    const last = screen.slice(screen.lastIndexOf("● activation=sigmoid  epoch 200/200"));
    const lines = last.split("\n");
    expect(lines[1]).toMatch(/^● activation=relu {5}epoch 200\/200 /);
    expect(lines[2]).toBe("decision boundaries hidden: 24 rows, needs 31 (printed below)");
    const table = last.indexOf("  run  ");
    const maps = last.search(/^activation=sigmoid +activation=relu$/m);
    const [frame, below] = [last.slice(0, maps), last.slice(maps, table)];
    expect(frame.trimEnd().split("\n").length).toBeLessThanOrEqual(23);
    expect(frame).toContain("train_loss by epoch (log scale)");
    expect(frame).toContain("gradient flow · ‖∇W‖ per layer (bar: latest)");
    expect(frame).not.toContain("x2");
    // below the frame: both maps whole with the legend, then the table
    expect(below).toMatch(/activation=sigmoid +activation=relu\ntest acc 1\.000 · 0 of 320 wrong +test acc 1\.000 · 0 of 320 wrong\n/);
    expect(below).toMatch(/-1\.34 +x1 +2\.32 +-1\.34 +x1 +2\.32\n {2}points: .*\n {2}shading: predicted class/);
    expect(table).toBeGreaterThan(0);
  });
});
