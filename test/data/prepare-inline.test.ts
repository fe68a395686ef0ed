/**
 * prepareData on inline data (data/prepare.ts): rows moved by the split's shuffle stay whole (x with its y), the
 * task inferred from the targets, the class labels checked, and each refusal's message naming the key.
 */
import { describe, expect, it } from "vitest";
import { prepareData, type DataConfig } from "../../src/data/prepare.js";
import { Rng } from "../../src/engine/rng.js";
import { GENERATORS } from "../../src/data/generators.js";
import { tempDir, writeFile } from "../helpers.js";
import { InputError } from "../../src/errors.js";

const inline = (x: number[][], y: number[], test = 0): DataConfig => ({ kind: "inline", x, y, test, features: null });
const prep = (cfg: DataConfig, task: "classification" | "regression" | null = null, seed = 1) =>
  prepareData(cfg, { seed, task, baseDir: "/", where: "c.yaml: data" });

describe("the split's shuffle", () => {
  it("row r of the result is row order[r] of the input, order = Rng.stream(seed, 'split') shuffle, x kept with its y", () => {
    const x = Array.from({ length: 7 }, (_, i) => [i, 10 * i]);
    const y = [0, 1, 2, 3, 4, 5, 6].map((i) => i + 0.5);
    const p = prep(inline(x, y, 0.25), "regression", 3);
    const order = Uint32Array.from({ length: 7 }, (_, i) => i);
    Rng.stream(3, "split").shuffle(order);
    expect(Array.from(p.all.x)).toEqual([...order].flatMap((i) => x[i]));
    expect(Array.from(p.all.y)).toEqual([...order].map((i) => y[i]));
    // round(7·0.25) = 2 held out: the last two rows of `all`
    expect([p.train.n, p.test!.n, p.testCount]).toEqual([5, 2, 2]);
    expect(Array.from(p.test!.y)).toEqual([order[5], order[6]].map((i) => y[i]));
    expect(Array.from(p.test!.x)).toEqual([order[5], order[6]].flatMap((i) => x[i]));
    expect(Array.from(p.train.x)).toEqual([...order].slice(0, 5).flatMap((i) => x[i]));
  });

  it("with test 0, inline rows keep their order and there is no test set", () => {
    const p = prep(inline([[3], [1], [2]], [0.5, 1.5, 2.5]));
    expect(Array.from(p.train.x)).toEqual([3, 1, 2]);
    expect(p.test).toBeNull();
    expect(p.testCount).toBe(0);
    expect([p.all.inputNames, p.all.targetName, p.all.d]).toEqual([["x1"], "y", 1]);
  });
});

describe("the task, from the targets when the config does not say", () => {
  const task = (y: number[]) =>
    prep(
      inline(
        y.map((v) => [v]),
        y,
      ),
    ).all;
  it("integer labels 0..K−1 (K − 1 between 1 and 999) are classes; anything else is a regression target", () => {
    expect([task([0, 1, 1]).task, task([0, 1, 1]).classes]).toEqual(["classification", 2]);
    const labels = Array.from({ length: 1000 }, (_, i) => 999 - i);
    expect([task(labels).task, task(labels).classes]).toEqual(["classification", 1000]);
    expect(task([0, 1000]).task).toBe("regression");
    expect(task([0, 0]).task).toBe("regression");
    expect(task([0, 1, 0.5]).task).toBe("regression");
    expect(task([1, -1]).task).toBe("regression");
    expect(task([0, 1]).targetName).toBe("y");
  });
});

describe("refusals, each naming the key", () => {
  it("class labels that are not integers 0..K−1, or only one class", () => {
    expect(() => prep(inline([[1], [2]], [0, 0.5]), "classification")).toThrow(
      new InputError("c.yaml: data.y: class labels must be integers 0..K−1, got 0.5 (row 2)"),
    );
    expect(() => prep(inline([[1], [2]], [-1, 1]), "classification")).toThrow("got -1 (row 1)");
    expect(() => prep(inline([[1], [2]], [0, 0]), "classification")).toThrow(
      new InputError("c.yaml: data.y: class labels must include at least two classes (0 and 1), got only 0"),
    );
    expect(prep(inline([[1], [2]], [1, 0]), "classification").all.classes).toBe(2);
  });

  it("fewer rows than classes", () => {
    expect(() => prep(inline([[1], [2]], [0, 2]))).toThrow(
      new InputError("c.yaml: data.y: 2 rows cannot cover 3 classes (labels 0..2); class labels must be 0..K−1"),
    );
    const spirals: DataConfig = { kind: "spirals", n: 3, noise: 0, classes: 4, test: 0, features: null };
    expect(() => prep(spirals)).toThrow(new InputError("c.yaml: data.n: 3 samples cannot cover 4 classes"));
    expect(prep(inline([[1], [2], [3]], [0, 2, 1])).all.classes).toBe(3);
  });

  it("a test share that leaves no training row", () => {
    expect(() => prep(inline([[1], [2]], [0.5, 1.5], 0.75))).toThrow(
      new InputError("c.yaml: data.test: leaves no training rows (2 rows, 2 held out)"),
    );
    expect(prep(inline([[1], [2]], [0.5, 1.5], 0.5)).train.n).toBe(1);
  });

  it("x and y of different lengths, or a row of x shorter than the first", () => {
    expect(() => prep(inline([[1], [2]], [0.5, 1.5, 2.5]))).toThrow(new InputError("c.yaml: data: x has 2 rows but y has 3"));
    expect(() => prep(inline([[1, 2], [3]], [0.5, 1.5]))).toThrow(new InputError("c.yaml: data.x[1]: expected 2 values (as x[0]), got 1"));
  });
});

describe("generated data", () => {
  it("is the generator's rows from Rng.stream(seed, 'data'), shuffled by Rng.stream(seed, 'split') even when test is 0", () => {
    const gen = GENERATORS.moons.generate({ n: 9, noise: 0.1, classes: 2, factor: 0.8 }, Rng.stream(4, "data"));
    const order = Uint32Array.from({ length: 9 }, (_, i) => i);
    Rng.stream(4, "split").shuffle(order);
    const p = prep({ kind: "moons", n: 9, noise: 0.1, test: 0, features: null }, null, 4);
    expect(Array.from(p.all.x)).toEqual([...order].flatMap((i) => [gen.x[2 * i], gen.x[2 * i + 1]]));
    expect(Array.from(p.all.y)).toEqual([...order].map((i) => gen.y[i]));
  });

  it("circles without a factor use 0.8", () => {
    const circles = (factor?: number) => prep({ kind: "circles", n: 8, noise: 0, factor, test: 0, features: null } as DataConfig).all.x;
    expect(Array.from(circles())).toEqual(Array.from(circles(0.8)));
    expect(Array.from(circles())).not.toEqual(Array.from(circles(0.5)));
  });

  it("a bad derived feature names data.features", () => {
    expect(() => prep({ kind: "xor", n: 8, noise: 0, test: 0, features: ["x1", "cube"] })).toThrow(/^c\.yaml: data\.features\[1\]: /);
  });
});

describe("csv data", () => {
  it("names the target as the file's column; refusals name the file, a missing file data.path", () => {
    const dir = tempDir();
    const csv = (name: string, text: string, task: "classification" | null = null) => {
      writeFile(dir, name, text);
      return prepareData(
        { kind: "csv", path: name, target: "label", test: 0, features: null },
        { seed: 1, task, baseDir: dir, where: "c.yaml: data" },
      );
    };
    expect(csv("ok.csv", "x1,label\n1,0\n2,1\n").all.targetName).toBe("label");
    expect(() => csv("half.csv", "x1,label\n1,0\n2,0.5\n", "classification")).toThrow(
      new InputError("half.csv: class labels must be integers 0..K−1, got 0.5 (row 2)"),
    );
    expect(() => csv("few.csv", "x1,label\n1,0\n2,2\n")).toThrow(
      new InputError("few.csv: 2 rows cannot cover 3 classes (labels 0..2); class labels must be 0..K−1"),
    );
    expect(() =>
      prepareData(
        { kind: "csv", path: "none.csv", target: "label", test: 0, features: null },
        { seed: 1, task: null, baseDir: dir, where: "c.yaml: data" },
      ),
    ).toThrow(/^c\.yaml: data\.path: cannot read the CSV file none\.csv /);
  });
});
