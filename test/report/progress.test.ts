/** The progress bar (src/report/progress.ts): shown only on a terminal without --quiet/--json; draws epoch, loss, ETA; cleared at the end. */
import { describe, expect, it } from "vitest";
import { epochProgress, formatLoss, wantsProgress } from "../../src/report/progress.js";
import type { MetricsRow } from "../../src/train/train.js";

const row = (epoch: number, train_loss: number): MetricsRow => ({
  epoch,
  train_loss,
  train_acc: null,
  test_loss: null,
  test_acc: null,
  lr: 0.1,
  grad_norm: null,
  grad_norm_layer: [],
  dead_frac_layer: [],
  sat_frac_layer: [],
  clipped: null,
});

describe("progress bar", () => {
  it("is wanted only on a terminal, and never with --quiet or --json", () => {
    expect(wantsProgress({ isTTY: true }, {})).toBe(true);
    expect(wantsProgress({ isTTY: false }, {})).toBe(false);
    expect(wantsProgress({}, {})).toBe(false);
    expect(wantsProgress({ isTTY: true }, { quiet: true })).toBe(false);
    expect(wantsProgress({ isTTY: true }, { json: true })).toBe(false);
  });

  it("draws epoch/epochs, the train loss and the ETA, then clears its line", () => {
    let written = "";
    const stream = { isTTY: true, columns: 100, write: (s: string) => ((written += s), true) } as unknown as NodeJS.WriteStream;
    const bar = epochProgress(stream, "moons", 10);
    bar.update(row(10, 0.125));
    bar.stop(); // the last state is drawn on stop, then the line cleared
    expect(written).toContain("moons  epoch 0/10");
    expect(written).toContain("moons  epoch 10/10");
    expect(written).toContain("loss 0.1250");
    expect(written).toContain("ETA");
    expect(written.endsWith("\x1b[2K")).toBe(true); // the line is cleared on completion
  });

  it("formats losses like the summary", () => {
    expect(formatLoss(0.5)).toBe("0.5000");
    expect(formatLoss(1e-5)).toBe("1.000e-5");
    expect(formatLoss(NaN)).toBe("NaN");
  });
});
