/**
 * Layer dimensions are stored as small integers (V8 Smis) whatever number representation the caller passes. A class
 * count computed from a Float64Array of labels is a heap double; stored as a layer's outDim it turned the layer
 * objects' field representation to double and slowed every kernel's index arithmetic (W3 trained ~1.7× slower from
 * a CSV). `%IsSmi` is V8's own answer, enabled for this file's functions with --allow-natives-syntax.
 */
import { setFlagsFromString } from "node:v8";
import { describe, expect, it } from "vitest";
import { relu } from "../../src/engine/activations.js";
import { Mlp } from "../../src/engine/mlp.js";

setFlagsFromString("--allow-natives-syntax");
const isSmi = new Function("v", "return %IsSmi(v)") as (v: number) => boolean;

describe("Mlp layer dimensions", () => {
  it("are Smis even when the output count is a heap double", () => {
    const labels = Float64Array.of(0, 2, 1);
    let max = 0;
    for (const v of labels) if (v > max) max = v;
    const classes = max + 1; // 3, held as a double
    expect(isSmi(classes)).toBe(false); // the premise: without the fix this reaches outDim as a double
    const mlp = new Mlp({ inputs: 2, hidden: [{ units: 4, activation: relu }], outputs: classes, bias: true });
    expect(mlp.layers.map((l) => [l.inDim, l.outDim])).toEqual([
      [2, 4],
      [4, 3],
    ]);
    for (const l of mlp.layers) {
      expect(isSmi(l.inDim)).toBe(true);
      expect(isSmi(l.outDim)).toBe(true);
    }
  });

  it("refuses a dimension that is not a small non-negative integer", () => {
    expect(() => new Mlp({ inputs: 2, hidden: [{ units: 2.5, activation: relu }], outputs: 1, bias: true })).toThrow(RangeError);
    expect(() => new Mlp({ inputs: 2, hidden: [{ units: 2 ** 31, activation: relu }], outputs: 1, bias: true })).toThrow(RangeError);
  });
});
