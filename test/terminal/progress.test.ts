/** The progress bar (src/terminal/progress.ts): shown only on a terminal without --quiet/--json; draws epoch, loss, ETA; cleared at the end. */
import { describe, expect, it } from "vitest";
import { epochProgress, etaSeconds, formatEta, formatLoss, wantsProgress } from "../../src/terminal/progress.js";
import { metricsRow } from "../metrics-row.js";

const row = (epoch: number, train_loss: number) => metricsRow(epoch, { train_loss });

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

  it("writes the ETA rounded first (179.6 s is 3m00s, never 2m60s), and — before the first epoch (never NFs)", () => {
    expect(formatEta(etaSeconds(5000, 0, 100))).toBe("—");
    expect(formatEta(Infinity)).toBe("—");
    expect(formatEta(NaN)).toBe("—");
    expect(formatEta(0.4)).toBe("0s");
    expect(formatEta(59.4)).toBe("59s");
    expect(formatEta(59.6)).toBe("1m00s");
    expect(formatEta(125)).toBe("2m05s");
    expect(formatEta(179.6)).toBe("3m00s");
    expect(formatEta(3599.6)).toBe("1h00m");
    expect(formatEta(3 * 3600 + 7 * 60 + 40)).toBe("3h08m");
    // 10 of 100 epochs in 2 s: 90 more at 0.2 s each = 18 s
    expect(etaSeconds(2000, 10, 100)).toBeCloseTo(18, 12);
  });

  it("shows — as the ETA before any epoch has finished", () => {
    let written = "";
    const stream = { isTTY: true, columns: 100, write: (s: string) => ((written += s), true) } as unknown as NodeJS.WriteStream;
    const bar = epochProgress(stream, "moons", 10);
    bar.stop();
    expect(written).toContain("ETA —");
    expect(written).not.toContain("NF");
  });
});

describe("formatLoss at its exponent thresholds (issue 27)", () => {
  it("fixed 4 decimals from 1e-3 up to below 1e5, an exponent outside, either sign", () => {
    expect([0.001, 0.00099, 99999, 1e5, -0.00099, -1e5, -5, 0].map(formatLoss)).toEqual([
      "0.0010",
      "9.900e-4",
      "99999.0000",
      "1.000e+5",
      "-9.900e-4",
      "-1.000e+5",
      "-5.0000",
      "0.0000",
    ]);
  });
});
