/**
 * CSV data sets (src/data/csv.ts): what a run trains on, read cell by cell, and every refusal's one line exactly
 * (file, line, column where there is one). Expected tables and messages are written out by hand from the file text.
 */
import { afterEach, describe, expect, it } from "vitest";
import { holdCsvText, parseWrittenNumber, readCsv, type CsvTable } from "../../src/data/csv.js";
import { DEFAULT_INPUT_LIMITS, setInputLimits } from "../../src/files.js";
import { tempDir, writeFile } from "../helpers.js";

const dir = tempDir();
let files = 0;
/** The text written to a new file (a new path each time, so no cached table is reused), read with target `label`. */
const read = (text: string, target = "label"): CsvTable => readCsv(writeFile(dir, `d${files++}.csv`, text), target, "d.csv");
const refusal = (text: string, target = "label"): string => {
  try {
    read(text, target);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("expected the CSV to be refused");
};
const plain = (t: CsvTable) => ({ inputNames: t.inputNames, x: [...t.x], y: [...t.y], n: t.n, isTest: t.isTest });

describe("a table as written", () => {
  it("the target in the middle: inputs are the other columns in file order, rows as written", () => {
    expect(plain(read("a,label,b\n1,0,2\n-3.5,1,4e1\n"))).toEqual({
      inputNames: ["a", "b"],
      x: [1, 2, -3.5, 40],
      y: [0, 1],
      n: 2,
      isTest: null,
    });
  });

  it("the target first, blanks around cells and CRLF line ends", () => {
    expect(plain(read("label , x1,x2\r\n 2 ,\t5 , 6\r\n0,7,8\r\n"))).toEqual({
      inputNames: ["x1", "x2"],
      x: [5, 6, 7, 8],
      y: [2, 0],
      n: 2,
      isTest: null,
    });
  });

  it("blank lines are skipped, anywhere", () => {
    expect(plain(read("\nx1,label\n\n1,1\n\n\n2,0\n\n"))).toEqual({ inputNames: ["x1"], x: [1, 2], y: [1, 0], n: 2, isTest: null });
  });

  it("a header with one numeric name is a header (only an all-number first row is data)", () => {
    expect(plain(read("2019,label\n5,1\n"))).toEqual({ inputNames: ["2019"], x: [5], y: [1], n: 1, isTest: null });
  });

  it("a split column (train|test) is neither input nor target: it says which rows are held out", () => {
    expect(plain(read("x1,split,label\n1,train,0\n2,test,1\n3,train,1\n"))).toEqual({
      inputNames: ["x1"],
      x: [1, 2, 3],
      y: [0, 1, 1],
      n: 3,
      isTest: [false, true, false],
    });
  });
});

describe("a table as written: edge positions", () => {
  it("exponents of more than one digit", () => {
    expect(plain(read("x1,label\n1e10,-2.5E-12\n"))).toEqual({ inputNames: ["x1"], x: [1e10], y: [-2.5e-12], n: 1, isTest: null });
  });

  it("a split column first", () => {
    expect(plain(read("split,x1,label\ntest,1,0\ntrain,2,1\n"))).toEqual({
      inputNames: ["x1"],
      x: [1, 2],
      y: [0, 1],
      n: 2,
      isTest: [true, false],
    });
  });

  it("a line of blanks is a blank line: skipped, and counted for the lines after it", () => {
    expect(plain(read("x1,label\n  \t \n1,0\n"))).toEqual({ inputNames: ["x1"], x: [1], y: [0], n: 1, isTest: null });
    expect(refusal("x1,label\n  \t \n1,a\n")).toBe("d.csv:3:3: column 'label': expected a decimal number (like 0.5, -2 or 1e-3), got 'a'");
  });
});

describe("refusals: one line naming the file, and the line (and column) where there is one", () => {
  it("an empty file, or one of blank lines only", () => {
    expect(refusal("")).toBe("d.csv: the file is empty; expected a header row and data rows");
    expect(refusal("\n\n  \n")).toBe("d.csv: the file is empty; expected a header row and data rows");
  });

  it("a header of numbers: the first three shown", () => {
    expect(refusal("1,2,0\n3,4,1\n")).toBe("d.csv:1: expected a header row of column names, got numbers (1, 2, 0, …)");
    expect(refusal("1,2,3,4,5\n")).toBe("d.csv:1: expected a header row of column names, got numbers (1, 2, 3, …)");
  });

  it("a header of empty names is not a row of numbers (Number('') is 0): the target is missing", () => {
    expect(refusal(",\n1,2\n")).toBe("d.csv: no target column 'label' in the header (columns: , ); set data.target");
  });

  it("no target column: up to five columns listed; past five, how many in all", () => {
    expect(refusal("x1,x2,y\n1,2,3\n")).toBe("d.csv: no target column 'label' in the header (columns: x1, x2, y); set data.target");
    expect(refusal("a,b,c,d,e\n1,2,3,4,5\n")).toBe(
      "d.csv: no target column 'label' in the header (columns: a, b, c, d, e); set data.target",
    );
    expect(refusal("a,b,c,d,e,f\n1,2,3,4,5,6\n")).toBe(
      "d.csv: no target column 'label' in the header (columns: a, b, c, d, e, … 6 in all); set data.target",
    );
  });

  it("no target column: long names are cut (the target at 40 characters, a column at 20)", () => {
    const long = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH"; // 44 characters
    expect(refusal(`${long},x\n1,2\n`, long + "!")).toBe(
      `d.csv: no target column '${long.slice(0, 40)}…' in the header (columns: ${long.slice(0, 20)}…, x); set data.target`,
    );
  });

  it("a column name twice: both positions, 1-based", () => {
    expect(refusal("x1,label,x1\n1,0,2\n")).toBe(
      "d.csv:1: the column name 'x1' appears twice (columns 1 and 3); column names must be unique",
    );
    expect(refusal("label,a,b,b\n1,2,3,4\n")).toBe(
      "d.csv:1: the column name 'b' appears twice (columns 3 and 4); column names must be unique",
    );
  });

  it("no input column besides the target (and the split column)", () => {
    expect(refusal("label\n1\n")).toBe("d.csv: no input columns besides the target 'label'");
    expect(refusal("split,label\ntrain,1\n")).toBe("d.csv: no input columns besides the target 'label'");
  });

  it("no data rows after the header", () => {
    expect(refusal("x1,label\n")).toBe("d.csv: no data rows after the header");
    expect(refusal("x1,label\n\n\n")).toBe("d.csv: no data rows after the header");
  });

  it("a row with fewer or more cells than the header, at its line in the file (blank lines counted)", () => {
    expect(refusal("x1,x2,label\n1,2,0\n\n1,2\n")).toBe("d.csv:4: expected 3 cells (as the header), got 2");
    expect(refusal("\nx1,label\n1,0,7\n")).toBe("d.csv:3: expected 2 cells (as the header), got 3");
  });

  it("a cell that is not a decimal number: line and column where the cell starts, after blank lines and CRLF", () => {
    expect(refusal("x1,label\r\n\r\n1,a\r\n")).toBe("d.csv:3:3: column 'label': expected a decimal number (like 0.5, -2 or 1e-3), got 'a'");
    expect(refusal("x1,label\n,1\n")).toBe("d.csv:2:1: column 'x1': expected a decimal number (like 0.5, -2 or 1e-3), got ''");
    expect(refusal("x1,label\n1,\t zz\n")).toBe("d.csv:2:5: column 'label': expected a decimal number (like 0.5, -2 or 1e-3), got 'zz'");
  });

  it("a decimal too large for a double (1e999 reads as Infinity) is refused", () => {
    expect(refusal("x1,label\n1e999,0\n")).toBe("d.csv:2:1: column 'x1': expected a decimal number (like 0.5, -2 or 1e-3), got '1e999'");
    expect(refusal("x1,label\n1,-1e999\n")).toBe(
      "d.csv:2:3: column 'label': expected a decimal number (like 0.5, -2 or 1e-3), got '-1e999'",
    );
  });

  it("a quoted cell holding a comma is one cell when finding the column", () => {
    // the target's cell "1,5" is checked after the inputs; x1 starts after `"1,5",` at character 7
    expect(refusal('label,x1\n"1,5",zz\n')).toBe("d.csv:2:7: column 'x1': expected a decimal number (like 0.5, -2 or 1e-3), got 'zz'");
  });

  it("a bad cell after a quoted cell spanning 2 lines: the line and column where the bad cell starts", () => {
    // line 2 `"1`, line 3 `",zz`: zz starts at column 3 of line 3 (the label "1⏎" is checked after the inputs)
    expect(refusal('label,x1\n"1\n",zz\n')).toBe("d.csv:3:3: column 'x1': expected a decimal number (like 0.5, -2 or 1e-3), got 'zz'");
  });

  it("a bad cell after a quoted cell spanning 3 lines, one of them blank (still inside the cell)", () => {
    // lines 3-5 `"1`, ``, `", zz`; line 1 is blank: zz starts at column 4 of line 5
    expect(refusal('\nlabel,x1\n"1\n\n", zz\n')).toBe("d.csv:5:4: column 'x1': expected a decimal number (like 0.5, -2 or 1e-3), got 'zz'");
  });

  it("a bad cell that is itself quoted and multi-line: where it starts (its opening quote)", () => {
    // line 2 `0,"a`, line 3 `b"`: the cell starts at column 3 of line 2; CRLF line ends
    expect(refusal('x1,label\r\n0,"a\r\nb"\r\n')).toBe(
      "d.csv:2:3: column 'label': expected a decimal number (like 0.5, -2 or 1e-3), got 'a\\r\\nb'",
    );
    // after the target's quoted cell on lines 2-3, the bad cell opens at column 4 of line 3 (after `",` and a tab)
    expect(refusal('label,x1,x2\n"0\n",\t"q\nr",1\n')).toBe(
      "d.csv:3:4: column 'x1': expected a decimal number (like 0.5, -2 or 1e-3), got 'q\\nr'",
    );
  });

  it("a header name spanning 2 lines: the records after it keep their own lines (cells, cell counts, split)", () => {
    // the header is lines 1-2; the first record is line 3
    expect(refusal('"x\n1",label\n2,zz\n')).toBe("d.csv:3:3: column 'label': expected a decimal number (like 0.5, -2 or 1e-3), got 'zz'");
    expect(refusal('"x\n1",label\n2,0,9\n')).toBe("d.csv:3: expected 2 cells (as the header), got 3");
    expect(refusal('"x\n1",label,split\n2,0,Test\n')).toBe("d.csv:3: column 'split': expected train or test, got 'Test'");
  });

  it("inputs are checked before the target, left to right", () => {
    expect(refusal("label,a,b\nq,r,s\n")).toMatch(/^d\.csv:2:3: column 'a': .* got 'r'$/);
  });

  it("a long cell and a long column name are cut at 24 characters", () => {
    const name = "n".repeat(30);
    const cell = "c".repeat(30);
    expect(refusal(`${name},label\n${cell},1\n`)).toBe(
      `d.csv:2:1: column '${"n".repeat(24)}…': expected a decimal number (like 0.5, -2 or 1e-3), got '${"c".repeat(24)}…'`,
    );
  });

  it("a split cell other than train or test (case matters)", () => {
    expect(refusal("x1,label,split\n1,0,train\n2,1,Test\n")).toBe("d.csv:3: column 'split': expected train or test, got 'Test'");
    expect(refusal("x1,label,split\n1,0,\n")).toBe("d.csv:2: column 'split': expected train or test, got ''");
  });

  it("text csv-parse refuses: its first line, cut at 100 characters", () => {
    expect(refusal('x1,label\n"1,0\n')).toBe(
      "d.csv: not valid CSV: Quote Not Closed: the parsing is finished with an opening quote at line 2",
    );
    // csv-parse's message is 125 characters; the first 100 are shown
    expect(refusal('x1,label\n1,"a"b\n')).toBe(
      'd.csv: not valid CSV: Invalid Closing Quote: got "b" at line 2 instead of delimiter, record delimiter, trimable character …',
    );
  });

  it("a file that cannot be read: the key that named it, the name as written, why", () => {
    expect(() => readCsv(`${dir}/none.csv`, "label", "none.csv", "c.yaml: data.path")).toThrow(
      "c.yaml: data.path: cannot read the CSV file none.csv (no such file)",
    );
    // without a key, the shown name stands in for it; without a shown name, the path
    expect(() => readCsv(`${dir}/none.csv`, "label", "none.csv")).toThrow(
      /^none\.csv: cannot read the CSV file none\.csv \(no such file\)$/,
    );
    expect(() => readCsv(`${dir}/none.csv`, "label")).toThrow(`${dir}/none.csv: cannot read the CSV file ${dir}/none.csv (no such file)`);
  });
});

describe("parseWrittenNumber: a decimal, or NaN and ±Infinity as nn-lab writes them", () => {
  it.each([
    ["1.5", 1.5],
    ["-2e-3", -0.002],
    ["NaN", NaN],
    ["Infinity", Infinity],
    ["-Infinity", -Infinity],
  ])("%s is %d", (text, value) => expect(parseWrittenNumber(text)).toBe(value));
  it.each(["+Infinity", "inf", "nan", "", "0x10", "infinity"])("%j is not", (text) => expect(parseWrittenNumber(text)).toBeNull());
});

describe("the last table read is reused, as a copy", () => {
  it("changing a table read does not change the next read of the same file", () => {
    const path = writeFile(dir, "same.csv", "x1,split,label\n1,train,0\n2,test,1\n");
    const first = readCsv(path, "label");
    first.x[0] = 99;
    first.y[0] = 99;
    first.inputNames[0] = "changed";
    first.isTest![0] = true;
    const second = readCsv(path, "label");
    expect(plain(second)).toEqual({ inputNames: ["x1"], x: [1, 2], y: [0, 1], n: 2, isTest: [false, true] });
    second.x[1] = 98;
    second.isTest![1] = false;
    expect(plain(readCsv(path, "label"))).toEqual({ inputNames: ["x1"], x: [1, 2], y: [0, 1], n: 2, isTest: [false, true] });
  });

  it("another target, or new content at the same path, is read anew", () => {
    const path = writeFile(dir, "again.csv", "a,b\n1,2\n");
    expect(plain(readCsv(path, "b"))).toEqual({ inputNames: ["a"], x: [1], y: [2], n: 1, isTest: null });
    expect(plain(readCsv(path, "a"))).toEqual({ inputNames: ["b"], x: [2], y: [1], n: 1, isTest: null });
    writeFile(dir, "again.csv", "a,b\n3,4\n");
    expect(plain(readCsv(path, "a"))).toEqual({ inputNames: ["b"], x: [4], y: [3], n: 1, isTest: null });
  });

  it("the same content and target at another path is read from that path", () => {
    const p1 = writeFile(dir, "p1.csv", "a,b\n1,2\n");
    expect(plain(readCsv(p1, "b"))).toEqual({ inputNames: ["a"], x: [1], y: [2], n: 1, isTest: null });
    expect(() => readCsv(`${dir}/p2-missing.csv`, "b", "p2.csv")).toThrow("p2.csv: cannot read the CSV file p2.csv (no such file)");
  });
});

describe("texts held in memory (the playground's imported data sets)", () => {
  afterEach(() => setInputLimits(DEFAULT_INPUT_LIMITS));

  it("a held text is read instead of the file, until it is let go", () => {
    const path = `${dir}/held.csv`; // no such file
    holdCsvText(path, "x1,label\n7,1\n");
    expect(plain(readCsv(path, "label", "held.csv"))).toEqual({ inputNames: ["x1"], x: [7], y: [1], n: 1, isTest: null });
    holdCsvText(path, "x1,label\n8,0\n");
    expect(plain(readCsv(path, "label", "held.csv"))).toEqual({ inputNames: ["x1"], x: [8], y: [0], n: 1, isTest: null });
    holdCsvText(path, null);
    expect(() => readCsv(path, "label", "held.csv")).toThrow("held.csv: cannot read the CSV file held.csv (no such file)");
  });

  it("a held text's messages name the file as the config wrote it", () => {
    const path = `${dir}/held-bad.csv`;
    holdCsvText(path, "x1,label\n7,x\n");
    expect(() => readCsv(path, "label", "bad.csv")).toThrow(
      "bad.csv:2:3: column 'label': expected a decimal number (like 0.5, -2 or 1e-3), got 'x'",
    );
    holdCsvText(path, null);
  });

  it("NN_LAB_DATA_ROOT: a file outside it is refused with the key; a held text has no file to confine", () => {
    const root = tempDir();
    const outside = writeFile(dir, "outside.csv", "x1,label\n1,0\n");
    setInputLimits({ ...DEFAULT_INPUT_LIMITS, dataRoot: root });
    expect(() => readCsv(outside, "label", "outside.csv", "c.yaml: data.path")).toThrow(
      `c.yaml: data.path: ${outside} is outside NN_LAB_DATA_ROOT (${root}); nn-lab reads data and model files only inside it`,
    );
    const inside = writeFile(root, "in.csv", "x1,label\n1,0\n");
    expect(plain(readCsv(inside, "label"))).toEqual({ inputNames: ["x1"], x: [1], y: [0], n: 1, isTest: null });
    holdCsvText(outside, "x1,label\n5,1\n");
    expect(plain(readCsv(outside, "label"))).toEqual({ inputNames: ["x1"], x: [5], y: [1], n: 1, isTest: null });
    holdCsvText(outside, null);
  });
});
