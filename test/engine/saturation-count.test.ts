/** countSaturated (the per-epoch diagnostic's loop) counts exactly the outputs saturated() calls saturated. */
import { describe, expect, it } from "vitest";
import { sigmoid, tanh } from "../../src/engine/activations.js";

describe("countSaturated", () => {
  it("agrees with saturated() element by element, at the edges too (tanh |a| near 0.99499, sigmoid a near 0.0025)", () => {
    for (const act of [tanh, sigmoid]) {
      const z = Float64Array.from({ length: 4001 }, (_, i) => -10 + i * 0.005);
      const a = new Float64Array(z.length);
      act.forward(z, a, z.length);
      const expected = Array.from(a).filter((v) => act.saturated!(v)).length;
      expect(act.countSaturated!(a, a.length), act.name).toBe(expected);
      // tanh saturates for |z| > 2.99, sigmoid for |z| > 5.99: a few thousand of these points, not all or none
      expect(expected, act.name).toBeGreaterThan(500);
      expect(expected, act.name).toBeLessThan(3500);
      // only the first n count
      expect(act.countSaturated!(a, 100), act.name).toBe(Array.from(a.subarray(0, 100)).filter((v) => act.saturated!(v)).length);
    }
  });
});
