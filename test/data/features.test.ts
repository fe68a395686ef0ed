/**
 * Derived input features (src/data/features.ts): each form's value worked out by hand on a data set of three inputs,
 * the names it accepts (blanks anywhere, any index) and refuses, and each refusal's one line exactly.
 */
import { describe, expect, it } from "vitest";
import { applyFeatures, parseFeature, type Feature } from "../../src/data/features.js";
import type { Dataset } from "../../src/data/dataset.js";

/** Two rows of three inputs: (2, −1, 3) and (0.5, 4, 0). */
const ds: Dataset = {
  x: Float64Array.from([2, -1, 3, 0.5, 4, 0]),
  y: Float64Array.from([1, 0]),
  n: 2,
  d: 3,
  task: "classification",
  classes: 2,
  inputNames: ["a", "b", "c"],
  targetName: "label",
};

const feature = (name: string, d = 3): Feature => {
  const f = parseFeature(name, d);
  if ("error" in f) throw new Error(f.error);
  return f;
};
/** The feature on both rows of ds (row r starts at offset 3r). */
const onRows = (name: string) => [feature(name)(ds.x, 0), feature(name)(ds.x, 3)];

describe("each form, on rows (2, −1, 3) and (0.5, 4, 0)", () => {
  it.each([
    ["x1", [2, 0.5]],
    ["x2", [-1, 4]],
    ["x3", [3, 0]],
    ["x2^2", [1, 16]],
    ["x3^2", [9, 0]],
    ["x1*x3", [6, 0]],
    ["x3*x2", [-3, 0]],
    ["x2*x2", [1, 16]],
    ["sin(x3)", [Math.sin(3), 0]],
    ["cos(x3)", [Math.cos(3), 1]],
    ["cos(x2)", [Math.cos(-1), Math.cos(4)]],
  ])("%s is %j", (name, want) => {
    const got = onRows(name);
    for (const [r, v] of want.entries()) expect(got[r]).toBeCloseTo(v, 15);
    // the exact points: sin 0 = 0, cos 0 = 1, and the products and squares of small integers
    if (!/sin|cos/.test(name)) expect(got).toEqual(want);
  });

  it("blanks anywhere in the name are ignored", () => {
    expect([feature(" x1 * x3 ")(ds.x, 0), feature("x2 ^ 2")(ds.x, 3), feature("cos ( x3 )")(ds.x, 3), feature("x\t3")(ds.x, 0)]).toEqual([
      6, 16, 1, 3,
    ]);
  });

  it("indices past 9: x10 is the tenth input, x12^2 the twelfth squared", () => {
    const row = Float64Array.from({ length: 12 }, (_, i) => i + 1);
    expect([feature("x10", 12)(row, 0), feature("x12^2", 12)(row, 0), feature("x11*x2", 12)(row, 0)]).toEqual([10, 144, 22]);
  });
});

describe("names refused", () => {
  const error = (name: string, d = 3) => {
    const f = parseFeature(name, d);
    return "error" in f ? f.error : "accepted";
  };
  const notAFeature = (name: string) =>
    `'${name}' is not a feature; expected one of x1, x2, x1^2, x2^2, x1*x2, sin(x1), sin(x2) (or the same forms of other xI, and cos(xI))`;

  it.each([
    "tan(x1)",
    "xx1",
    "x1x",
    "y1",
    "x1^3",
    "x1^2^2",
    "x1*x2*x3",
    "x1+x2",
    "sin(x1)+1",
    "sin x1",
    "2*x1",
    "x",
    "",
    "x1 x2",
    "sin(cos(x1))",
  ])("%j is not a feature", (name) => expect(error(name)).toBe(notAFeature(name)));

  it("an index past the data's inputs, or x0, names that index and the range", () => {
    expect(error("x4")).toBe("'x4' refers to x4, but the data has 3 inputs (x1..x3)");
    expect(error("x0")).toBe("'x0' refers to x0, but the data has 3 inputs (x1..x3)");
    expect(error("x1*x4")).toBe("'x1*x4' refers to x4, but the data has 3 inputs (x1..x3)");
    expect(error("x5*x4")).toBe("'x5*x4' refers to x5, but the data has 3 inputs (x1..x3)");
    expect(error("sin( x7 )")).toBe("'sin( x7 )' refers to x7, but the data has 3 inputs (x1..x3)");
    expect(error("x2", 1)).toBe("'x2' refers to x2, but the data has 1 input (x1..x1)");
  });

  it("the last input is in range", () => {
    expect(error("x3")).toBe("accepted");
    expect(error("x1", 1)).toBe("accepted");
  });
});

describe("applyFeatures: the data set's inputs replaced by the named features", () => {
  it("x holds the features row by row; d and the input names follow; targets and the rest are kept", () => {
    const out = applyFeatures(ds, ["x3", "x1*x2", "x2 ^2"], "c.yaml: data.features");
    expect([...out.x]).toEqual([3, -2, 1, 0, 2, 16]);
    expect(out.d).toBe(3);
    expect(out.inputNames).toEqual(["x3", "x1*x2", "x2 ^2"]);
    expect([out.n, [...out.y], out.task, out.classes, out.targetName]).toEqual([2, [1, 0], "classification", 2, "label"]);
    // the input data set is left as it was
    expect([...ds.x]).toEqual([2, -1, 3, 0.5, 4, 0]);
    expect(ds.inputNames).toEqual(["a", "b", "c"]);
  });

  it("fewer features than inputs: one column", () => {
    const out = applyFeatures(ds, ["x2"], "w");
    expect([[...out.x], out.d, out.inputNames]).toEqual([[-1, 4], 1, ["x2"]]);
  });

  it("a refused name: the key and its index in the list", () => {
    expect(() => applyFeatures(ds, ["x1", "x9"], "c.yaml: data.features")).toThrow(
      "c.yaml: data.features[1]: 'x9' refers to x9, but the data has 3 inputs (x1..x3)",
    );
    expect(() => applyFeatures(ds, ["exp(x1)"], "c.yaml: data.features")).toThrow(
      /^c\.yaml: data\.features\[0\]: 'exp\(x1\)' is not a feature;/,
    );
  });
});
