/** Colour decisions (src/terminal/colors.ts): --no-color, NO_COLOR, no terminal → none; FORCE_COLOR; SGR per depth. */
import { describe, expect, it } from "vitest";
import { ansi256, colorDepth, paint, sgrColor, stripAnsi, terminalWidth, visibleWidth } from "../../src/terminal/colors.js";

const tty = { isTTY: true, getColorDepth: () => 8 };

describe("colorDepth", () => {
  it("is none with --no-color, with NO_COLOR set, and when the stream is not a terminal", () => {
    expect(colorDepth(tty, false, {})).toBe(1);
    expect(colorDepth(tty, true, { NO_COLOR: "1" })).toBe(1);
    expect(colorDepth({ isTTY: false }, undefined, {})).toBe(1);
    expect(colorDepth(tty, undefined, {})).toBe(8);
  });

  it("ignores an empty NO_COLOR (no-color.org) and honours FORCE_COLOR off a terminal", () => {
    expect(colorDepth(tty, undefined, { NO_COLOR: "" })).toBe(8);
    expect(colorDepth({ isTTY: false }, undefined, { FORCE_COLOR: "1" })).toBe(4);
    expect(colorDepth({ isTTY: false }, undefined, { FORCE_COLOR: "3" })).toBe(24);
    expect(colorDepth(tty, undefined, { FORCE_COLOR: "0" })).toBe(1);
    expect(colorDepth({ isTTY: false }, false, { FORCE_COLOR: "3" })).toBe(1);
  });
});

describe("paint", () => {
  it("writes nothing but the text at depth 1", () => {
    expect(paint("x", { fg: [1, 2, 3], bold: true }, 1)).toBe("x");
  });

  it("selects colours per depth: truecolor, the 256 cube, the nearest of 16", () => {
    expect(sgrColor([255, 0, 0], 24)).toBe("38;2;255;0;0");
    expect(sgrColor([255, 0, 0], 8, true)).toBe(`48;5;${16 + 36 * 5}`);
    expect(sgrColor([250, 5, 5], 4)).toBe("91");
    expect(ansi256([128, 128, 128])).toBeGreaterThanOrEqual(232);
    expect(paint("x", { fg: [0, 0, 0], bold: true }, 24)).toBe("\x1b[1;38;2;0;0;0mx\x1b[0m");
  });

  it("visible width ignores escapes", () => {
    const s = paint("ab", { fg: [9, 9, 9] }, 8) + "│";
    expect(stripAnsi(s)).toBe("ab│");
    expect(visibleWidth(s)).toBe(3);
  });

  it("terminal width is the terminal's, else 80", () => {
    expect(terminalWidth({ isTTY: true, columns: 132 })).toBe(132);
    expect(terminalWidth({ isTTY: false, columns: 132 })).toBe(80);
    expect(terminalWidth({})).toBe(80);
  });
});
