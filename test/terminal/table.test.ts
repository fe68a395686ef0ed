/** Tables and wrapped legends (src/terminal/table.ts): alignment, escapes taking no width, wrapping at the width. */
import { describe, expect, it } from "vitest";
import { paint } from "../../src/terminal/colors.js";
import { flow, renderTable } from "../../src/terminal/table.js";

describe("renderTable", () => {
  it("aligns names left and numbers right under a rule", () => {
    const t = renderTable(
      [{ header: "metric", align: "left" }, { header: "final" }],
      [
        ["train_loss", "0.0123"],
        ["acc", "1.000"],
      ],
    );
    expect(t).toBe(["  metric       final", "  ──────────  ──────", "  train_loss  0.0123", "  acc          1.000"].join("\n"));
  });

  it("does not count colour escapes as width", () => {
    const t = renderTable([{ header: "a" }, { header: "b" }], [[paint("x", { fg: [255, 0, 0] }, 24), "y"]], { rule: false, indent: 0 });
    expect(t.split("\n")[1]).toBe("\x1b[38;2;255;0;0mx\x1b[0m  y");
  });
});

describe("flow", () => {
  it("puts items on as few lines as fit", () => {
    expect(flow(["aaaa", "bbbb", "cccc"], 20)).toEqual(["  aaaa   bbbb   cccc"]);
    expect(flow(["aaaa", "bbbb", "cccc"], 15)).toEqual(["  aaaa   bbbb", "  cccc"]);
  });
});
