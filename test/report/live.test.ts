/**
 * The live screen (src/report/live.ts) with a fake clock and a fake terminal. What these tests prove, as exact
 * bytes: the first frame hides the cursor and each later one moves back up over the previous frame's lines,
 * rewriting only the lines that changed (clearing their ends) and clearing everything below; frames are throttled by time (the first after 250 ms, at most 4 a
 * second, and a frame that took d ms waits d / 0.03 ms), not by calls; a forced draw always draws; lines are cut to the terminal's
 * width and the frame to its height; stop() shows the cursor once.
 */
import { describe, expect, it } from "vitest";
import { clipLine, LiveScreen } from "../../src/report/live.js";

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
