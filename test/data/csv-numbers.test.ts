/**
 * Issue 22 item 9: numbers in CSV files (data features and labels, metrics.csv, sweep.csv) and softmax's logits are
 * decimal only. JavaScript's Number() reads `0x10` as 16, `0b1` as 1 and `Infinity` as a number; nn-lab refuses
 * them with file:line:column. Files nn-lab writes itself may hold NaN, Infinity, -Infinity (a diverged run's loss).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDecimal, readCsv } from "../../src/data/csv.js";
import { readRunMetrics } from "../../src/run/read.js";
import { loadBaseline } from "../../src/sweep/results.js";
import { runMain, tempDir, writeFile } from "../helpers.js";

describe("parseDecimal: the one number syntax of CSV cells", () => {
  it.each([
    ["5", 5],
    ["-0.25", -0.25],
    ["+3", 3],
    [".5", 0.5],
    ["5.", 5],
    ["1e-3", 0.001],
    ["2.5E+4", 25000],
    ["007", 7],
  ])("%s is %d", (text, value) => expect(parseDecimal(text)).toBe(value));

  it.each([
    "0x10",
    "0X1",
    "0o7",
    "0b1",
    "Infinity",
    "-Infinity",
    "inf",
    "nan",
    "NaN",
    "1_000",
    "",
    " ",
    "1e",
    "e5",
    ".",
    "--1",
    "1,5",
    "١",
  ])("%j is not a decimal number", (text) => expect(parseDecimal(text)).toBeNull());
});

describe("data CSVs: decimal only, errors at file:line:column", () => {
  const read = (text: string) => {
    const dir = tempDir();
    const path = writeFile(dir, "d.csv", text);
    return () => readCsv(path, "label", "d.csv");
  };
  it("0x10 as a feature (Number() gave 16)", () => {
    expect(read("x1,x2,label\n1,2,0\n3,0x10,1\n")).toThrow(
      "d.csv:3:3: column 'x2': expected a decimal number (like 0.5, -2 or 1e-3), got '0x10'",
    );
  });
  it("0x1 as a label, after blanks (the column is where the cell starts)", () => {
    expect(read("x1,x2,label\n1,2,  0x1\n")).toThrow(
      "d.csv:2:7: column 'label': expected a decimal number (like 0.5, -2 or 1e-3), got '0x1'",
    );
  });
  it("a quoted cell before it is counted as one cell", () => {
    expect(read('x1,x2,label\n"1.5",0b1,0\n')).toThrow(/^d\.csv:2:7: column 'x2': .*got '0b1'$/);
  });
  it.each(["inf", "nan", "Infinity", "NaN"])("%s is refused (drop or fill such rows first)", (v) => {
    expect(read(`x1,x2,label\n1,${v},0\n`)).toThrow(`d.csv:2:3: column 'x2': expected a decimal number (like 0.5, -2 or 1e-3), got '${v}'`);
  });
  it("decimals with signs, exponents and bare points are read as written", () => {
    const t = read("x1,x2,label\n-1.5e2,.25,1\n+3,5.,0\n")();
    expect([...t.x]).toEqual([-150, 0.25, 3, 5]);
    expect([...t.y]).toEqual([1, 0]);
  });
});

describe("files nn-lab writes: decimal, or NaN/Infinity as it writes them", () => {
  it("metrics.csv: 0x10 is an error at file:line:column; NaN and Infinity are read", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "metrics.csv"), "epoch,train_loss,lr\n0,NaN,0.1\n1,Infinity,0x10\n");
    expect(() => readRunMetrics(dir)).toThrow(
      `${join(dir, "metrics.csv")}:3:12: expected a decimal number (or NaN, Infinity as nn-lab writes them), got '0x10'`,
    );
    writeFileSync(join(dir, "metrics.csv"), "epoch,train_loss,lr\n0,NaN,0.1\n1,-Infinity,1e-3\n");
    expect(readRunMetrics(dir).rows).toEqual([
      [0, NaN, 0.1],
      [1, -Infinity, 0.001],
    ]);
  });

  it("sweep.csv as a baseline: a hex metric is an error naming line and column", () => {
    const dir = tempDir();
    const path = writeFile(
      dir,
      "sweep.csv",
      "index,train.lr,seed,status,train_loss,train_acc,test_loss,test_acc,epochs,train_ms,run,error\n0,0.1,1,completed,0x1,0.5,,,3,1,r0,\n",
    );
    expect(() => loadBaseline(path)).toThrow(
      `${path}:2: column 5: expected a decimal number (or NaN, Infinity as nn-lab writes them), got '0x1'`,
    );
  });
});

describe("softmax's logits", () => {
  it.each(["0x10", "Infinity", "1_0", "0b1"])("%s is exit 2", async (logit) => {
    const r = await runMain(["softmax", "1", logit]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`nn-lab: error: LOGIT: expected a decimal number (like 2, -1.5 or 1e-3), got '${logit}'\n`);
  });
  it("decimals with exponents are read", async () => {
    const r = await runMain(["softmax", "2e0", "1.", "-.5", "--json"]);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { logits: number[] }).logits).toEqual([2, 1, -0.5]);
  });
});
