/**
 * The live screen around Ctrl-Z and fg (src/terminal/live.ts), as exact bytes on a fake terminal: suspend() shows
 * the cursor; after resume() the next frame is drawn from scratch where the cursor stands — the cursor hidden again,
 * no move back up over lines the shell has printed meanwhile, every line written (none stepped over) — and it is
 * drawn at the next maybeDraw, not 1/fps later.
 */
import { describe, expect, it } from "vitest";
import { LiveScreen } from "../../src/terminal/live.js";

describe("LiveScreen around a stop", () => {
  it("suspend shows the cursor; after resume the next frame starts afresh below, at once", () => {
    let written = "";
    const stream = { columns: 20, rows: 10, write: (s: string) => ((written += s), true) };
    let now = 0;
    const screen = new LiveScreen(stream, 4, () => now);
    screen.draw("A\nB");
    screen.draw("A\nC");
    expect(written).toBe("\x1b[?25l\rA\x1b[K\nB\x1b[K\n\x1b[J" + "\x1b[2F\nC\x1b[K\n\x1b[J");
    written = "";
    screen.suspend();
    expect(written).toBe("\x1b[?25h");
    written = "";
    screen.resume();
    now = 1; // 1 ms after the last frame: a frame only because the screen was resumed
    screen.maybeDraw(() => "A\nD");
    expect(written).toBe("\x1b[?25l\rA\x1b[K\nD\x1b[K\n\x1b[J");
    written = "";
    screen.maybeDraw(() => "A\nE"); // then throttled again
    expect(written).toBe("");
  });
});
