/**
 * Fitting tables and small multiples to the terminal (src/terminal/table.ts fitTable, src/terminal/layout.ts). What
 * these tests prove, as exact strings: columns empty for every run are dropped (XOR's test_loss); a table still
 * too wide gets short headers, then says the columns with one value for every run once below it, then cuts the
 * run label in the middle; Infinity (--wide) keeps everything; blocks go side by side as many as fit, then wrap.
 */
import { describe, expect, it } from "vitest";
import { panelWidth, sideBySide } from "../../src/terminal/layout.js";
import { fitTable, middleEllipsis, type FitColumn } from "../../src/terminal/table.js";

const columns: FitColumn[] = [
  { header: "run", align: "left", truncate: true },
  { header: "status", align: "left" },
  { header: "train_loss", short: "train loss" },
  { header: "test_loss", short: "test loss" },
  { header: "best train_loss (epoch)", short: "best (epoch)" },
];
const rows = [
  ["activation=sigmoid", "completed", "0.0253", "—", "0.0253 (1500)"],
  ["activation=relu", "completed", "0.0022", "—", "0.0022 (1500)"],
];

describe("fitTable", () => {
  it("drops the columns empty for every run", () => {
    expect(fitTable(columns, rows, 80)).toBe(
      [
        "  run                 status     train_loss  best train_loss (epoch)",
        "  ──────────────────  ─────────  ──────────  ───────────────────────",
        "  activation=sigmoid  completed      0.0253            0.0253 (1500)",
        "  activation=relu     completed      0.0022            0.0022 (1500)",
      ].join("\n"),
    );
  });

  it("keeps every column with --wide (Infinity)", () => {
    expect(fitTable(columns, rows, Infinity).split("\n")[0]).toBe(
      "  run                 status     train_loss  test_loss  best train_loss (epoch)",
    );
  });

  it("shortens headers, then states shared values once, then cuts the label in the middle", () => {
    expect(fitTable(columns, rows, 60)).toBe(
      [
        "  run                 status     train loss   best (epoch)",
        "  ──────────────────  ─────────  ──────────  ─────────────",
        "  activation=sigmoid  completed      0.0253  0.0253 (1500)",
        "  activation=relu     completed      0.0022  0.0022 (1500)",
      ].join("\n"),
    );
    expect(fitTable(columns, rows, 40)).toBe(
      [
        "  run          train loss   best (epoch)",
        "  ───────────  ──────────  ─────────────",
        "  act…sigmoid      0.0253  0.0253 (1500)",
        "  act…on=relu      0.0022  0.0022 (1500)",
        "  same for every run: status completed",
      ].join("\n"),
    );
    // n = 8: 2 characters of the start, "…", the last 5
    expect(middleEllipsis("activation=sigmoid", 8)).toBe("ac…gmoid");
  });
});

describe("side by side", () => {
  it("lays blocks in rows as many as fit, then wraps", () => {
    const a = "AAAA\nAA";
    const b = "BBB\nBBB\nB";
    const c = "CCCCC";
    expect(sideBySide([a, b, c], 20)).toBe(["AAAA   BBB   CCCCC", "AA     BBB", "       B"].join("\n"));
    expect(sideBySide([a, b, c], 12)).toBe(["AAAA   BBB", "AA     BBB", "       B", "", "CCCCC"].join("\n"));
  });

  it("sizes panels: as many per row as fit at 28 columns, at most 60 wide", () => {
    expect(panelWidth(2, 80)).toBe(38); // (80 − 3) / 2
    expect(panelWidth(3, 80)).toBe(38); // two per row, then one
    expect(panelWidth(3, 160)).toBe(51); // (160 − 6) / 3
    expect(panelWidth(1, 160)).toBe(60);
    expect(panelWidth(4, 20)).toBe(20);
  });
});
