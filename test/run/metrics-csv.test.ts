import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { metricsColumns } from "../../src/metrics.js";
import { formatNumber } from "../../src/format.js";
import { metricsLine } from "../../src/run/metrics-csv.js";

describe("metrics.csv numbers", () => {
  it("read back exactly, for any double", () => {
    fc.assert(
      fc.property(fc.double(), (v) => {
        const back = Number(formatNumber(v));
        expect(Number.isNaN(v) ? Number.isNaN(back) : back === v).toBe(true);
      }),
      { numRuns: 20000 },
    );
  });

  it("are short where they can be", () => {
    expect([0.1, 0.5, 5000, 1e-7, -2.5, 1 / 3, 123456789012, 1e21, 2 ** -30].map(formatNumber)).toEqual([
      "0.1",
      "0.5",
      "5000",
      "1e-7",
      "-2.5",
      "0.3333333333333333", // 16 digits: 15 do not read back as 1/3
      "123456789012",
      "1e+21",
      "9.313225746154785e-10",
    ]);
    expect([NaN, Infinity, -Infinity].map(formatNumber)).toEqual(["NaN", "Infinity", "-Infinity"]);
  });

  it("a row is one line in the header's column order, empty where a value does not apply", () => {
    const header = metricsColumns(2, 1);
    const line = metricsLine({
      epoch: 3,
      train_loss: 0.25,
      train_acc: 1,
      test_loss: null,
      test_acc: null,
      lr: 0.1,
      grad_norm: 2,
      grad_norm_layer: [1.5, 0.5],
      dead_frac_layer: [0.125],
      zero_frac_layer: [0.5],
      sat_frac_layer: [null],
      clipped: 4,
    });
    expect(header).toEqual([
      "epoch",
      "train_loss",
      "train_acc",
      "test_loss",
      "test_acc",
      "lr",
      "grad_norm",
      "grad_norm_layer1",
      "grad_norm_layer2",
      "dead_frac_layer1",
      "sat_frac_layer1",
      "clipped",
      "zero_frac_layer1",
    ]);
    expect(line).toBe("3,0.25,1,,,0.1,2,1.5,0.5,0.125,,4,0.5\n");
  });
});
