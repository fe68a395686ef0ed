/**
 * How many draws the generator's helpers consume and which draws they reject (rng.ts), and the stream names'
 * separators: what keeps shuffles, data and initial weights reproducible draw for draw (docs/spec.md §8).
 * The reference draws are Rng.stream(42, "init", 1)'s first outputs, checked against an independent Python
 * implementation in rng.test.ts: 1521758970, 719144050, 3922596038, 1421510805, 1339067047.
 */
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/engine/rng.js";

const take = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.nextUint32());

describe("int(n) rejection", () => {
  it("rejects a draw equal to the limit 2³² − (2³² mod n): int(3922596038) skips the draw 3922596038", () => {
    // n = 3922596038: 2³² mod n = 2³² − n, so limit = n, and the third draw equals it exactly. Accepting it would
    // return n mod n = 0; rejecting it takes the next draw, 1421510805 (< limit, returned as is).
    const rng = Rng.stream(42, "init", 1);
    take(rng, 2);
    expect(rng.int(3922596038)).toBe(1421510805);
    expect(rng.nextUint32()).toBe(1339067047);
  });

  it("names the bad n in its message", () => {
    const rng = Rng.stream(1, "data");
    expect(() => rng.int(0)).toThrow("Rng.int: n must be in 1..2^32, got 0");
    expect(() => rng.int(4294967297)).toThrow("Rng.int: n must be in 1..2^32, got 4294967297");
  });
});

describe("shuffle draws", () => {
  it("a shuffle of n items draws n − 1 numbers (none for the last position), so what follows is unshifted", () => {
    // int(i + 1) for i = 4, 3, 2, 1: four draws, none rejected (each below its limit 2³² − (2³² mod (i+1))).
    const shuffled = Rng.stream(42, "init", 1);
    shuffled.shuffle([0, 1, 2, 3, 4]);
    expect(shuffled.nextUint32()).toBe(1339067047); // the fifth draw
    // and the shuffle itself is Fisher–Yates on those draws: j = draw mod (i + 1)
    const a = [0, 1, 2, 3, 4];
    Rng.stream(42, "init", 1).shuffle(a);
    const b = [0, 1, 2, 3, 4];
    const draws = [1521758970, 719144050, 3922596038, 1421510805];
    for (let i = 4, k = 0; i > 0; i--, k++) {
      const j = draws[k] % (i + 1);
      [b[i], b[j]] = [b[j], b[i]];
    }
    expect(a).toEqual(b);
  });
});

describe("stream names", () => {
  it("indices are kept apart: ('init', 1, 12), ('init', 11, 2) and ('init', 112) are three streams", () => {
    const first = (...indices: number[]) => take(Rng.stream(5, "init", ...indices), 4).join(",");
    const all = [first(1, 12), first(11, 2), first(112), first(1, 1, 2)];
    expect(new Set(all).size).toBe(4);
  });
});
