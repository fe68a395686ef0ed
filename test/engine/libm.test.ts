/**
 * The engine's libm (src/engine/libm.ts, libm-trig.ts, libm-pow.ts) against Node's Math.*, bit for bit. What this
 * proves: on the Node that runs the suite (20, whose V8 computes Math.exp … with fdlibm) every port returns exactly
 * Math's bits — on 1,000,000+ seeded arguments in the ranges the engine feeds them (activations, losses, Box–Muller,
 * generators, schedules, Adam's bias correction), on arbitrary doubles (random bit patterns: every exponent, subnormals,
 * infinities, NaN payloads) and on special values (±0, ±∞, NaN, overflow and underflow thresholds, multiples of π/2,
 * pow's special-case table). So replacing Math.* by libm left every run's numbers as they were, and a run now gives
 * the same bits in any JavaScript engine (the playground in Chromium: test/browser/playground.test.ts).
 * On a Node whose V8 uses another libm this test fails — and says which function and argument, the point of it.
 */
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/engine/rng.js";
import * as fdlibm from "../../src/engine/fdlibm.js";
import { pow } from "../../src/engine/libm-pow.js";
import { cos, sin } from "../../src/engine/libm-trig.js";

/** The ports (src/engine/libm.ts uses them, or Math.* where it gives their bits). */
const libm = { ...fdlibm, sin, cos, pow };

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** The 16 hex digits of x's bits (NaN payloads count as one NaN: JavaScript does not promise to keep them). */
function bits(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  f64[0] = x;
  return u32[1].toString(16).padStart(8, "0") + u32[0].toString(16).padStart(8, "0");
}

/** A double with random bits: every exponent (subnormals, ±∞ and NaN included), either sign. */
function anyDouble(rng: Rng): number {
  u32[0] = rng.nextUint32();
  u32[1] = rng.nextUint32();
  return f64[0];
}

/** Arguments whose results differ from Math's, as "f(x) = ours, Math: theirs" lines (at most 5). */
function mismatches(name: string, ours: (x: number) => number, theirs: (x: number) => number, xs: number[]): string[] {
  const out: string[] = [];
  for (const x of xs) {
    const a = ours(x);
    const b = theirs(x);
    if (bits(a) !== bits(b) && out.length < 5) out.push(`${name}(${x}) = ${a} (${bits(a)}), Math: ${b} (${bits(b)})`);
  }
  return out;
}

function draw(n: number, seed: number, gen: (rng: Rng) => number): number[] {
  const rng = Rng.stream(seed, "libm-test");
  return Array.from({ length: n }, () => gen(rng));
}

const SPECIAL = [
  0,
  -0,
  Infinity,
  -Infinity,
  NaN,
  1,
  -1,
  2,
  -2,
  0.5,
  -0.5,
  5e-324,
  -5e-324,
  2.2250738585072014e-308,
  1.7976931348623157e308,
  -1.7976931348623157e308,
  2 ** -28,
  2 ** -29,
  2 ** -54,
  2 ** -1022,
  1 + 2 ** -52,
  1 - 2 ** -53,
  709.782712893384,
  709.7827128933841,
  -745.1332191019411,
  -745.1332191019412,
  709.78,
  -708.4,
  22,
  -22,
  21.999999999999996,
  Math.LN2 / 2,
  1.5 * Math.LN2,
  56 * Math.LN2,
  Math.PI / 4,
  Math.PI / 2,
  Math.PI,
  2 * Math.PI,
  (3 * Math.PI) / 4,
  2 ** 19 * (Math.PI / 2),
  2 ** 20 * Math.PI,
  1e22,
  1e300,
  Math.SQRT2,
  Math.SQRT1_2,
  -0.2928932188134524,
  0.4142135623730951,
];

/** Per function: the engine's argument ranges, 125,000 arguments each (8 functions: 10⁶), plus arbitrary doubles. */
const RANGES: Record<string, { f: (x: number) => number; m: (x: number) => number; gens: ((r: Rng) => number)[] }> = {
  exp: {
    f: libm.exp,
    m: Math.exp,
    gens: [(r) => r.uniform(-750, 750), (r) => r.uniform(-40, 40), (r) => -r.uniform(0, 30), (r) => 5 * r.normal()],
  },
  expm1: {
    f: libm.expm1,
    m: Math.expm1,
    gens: [(r) => r.uniform(-60, 60), (r) => r.uniform(-1, 1), (r) => r.uniform(-1e-6, 1e-6), (r) => 3 * r.normal()],
  },
  log: {
    f: libm.log,
    m: Math.log,
    gens: [(r) => 1 - r.nextDouble(), (r) => r.uniform(1, 2), (r) => libm.exp(r.uniform(-745, 709)), (r) => r.uniform(0, 1e6)],
  },
  log1p: {
    f: libm.log1p,
    m: Math.log1p,
    gens: [(r) => libm.exp(r.uniform(-40, 20)), (r) => r.uniform(-1, 1), (r) => r.uniform(-1e-9, 1e-9), (r) => r.uniform(0, 1e20)],
  },
  tanh: {
    f: libm.tanh,
    m: Math.tanh,
    gens: [(r) => r.uniform(-25, 25), (r) => r.uniform(-1, 1), (r) => 2 * r.normal(), (r) => r.uniform(-1e-7, 1e-7)],
  },
  sin: {
    f: libm.sin,
    m: Math.sin,
    gens: [(r) => r.uniform(0, 2 * Math.PI), (r) => r.uniform(-100, 100), (r) => r.uniform(-1e6, 1e6), (r) => r.uniform(-1e300, 1e300)],
  },
  cos: {
    f: libm.cos,
    m: Math.cos,
    gens: [(r) => r.uniform(0, 2 * Math.PI), (r) => r.uniform(-100, 100), (r) => r.uniform(-1e6, 1e6), (r) => r.uniform(-1e300, 1e300)],
  },
};
const PER_RANGE = 125_000 / 4;

describe("libm: the engine's exp, expm1, log, log1p, tanh, sin, cos, pow give Math.*'s bits (Node 20, fdlibm)", () => {
  for (const [name, { f, m, gens }] of Object.entries(RANGES)) {
    it(`${name}: 125,000 arguments in the engine's ranges, 20,000 arbitrary doubles, the special values`, () => {
      const xs = gens.flatMap((gen, i) => draw(PER_RANGE, 1 + i, gen));
      xs.push(...draw(20_000, 99, anyDouble), ...SPECIAL, ...SPECIAL.map((x) => -x));
      expect(mismatches(name, f, m, xs)).toEqual([]);
    });
  }

  it("pow: γ^t and β^t for integer t (schedules, Adam), x^y over (0, 3) × [−200, 200], arbitrary pairs, the special table", () => {
    const pairs: [number, number][] = [
      ...draw(40_000, 1, (r) => r.nextDouble()).map((g, i): [number, number] => [g, i % 5000]),
      ...draw(20_000, 2, (r) => 1 - 10 ** -r.uniform(1, 4)).map((b, i): [number, number] => [b, 1 + (i % 100_000)]),
      ...draw(40_000, 3, (r) => r.uniform(0, 3)).map((x, i): [number, number] => [x, ((i * 7919) % 400) - 200 + x / 3]),
    ];
    const arbitrary = draw(50_000, 4, anyDouble);
    for (let i = 0; i < arbitrary.length; i += 2) pairs.push([arbitrary[i], arbitrary[i + 1]]);
    const ys = [
      0,
      -0,
      1,
      -1,
      2,
      0.5,
      -0.5,
      3,
      -3,
      1e10,
      -1e10,
      2 ** 31 + 1,
      2 ** 53,
      2 ** 65,
      -(2 ** 65),
      Infinity,
      -Infinity,
      NaN,
      1e-300,
    ];
    for (const x of [...SPECIAL, ...SPECIAL.map((v) => -v), -3, 1 + 2 ** -30, 1 - 2 ** -30]) for (const y of ys) pairs.push([x, y]);
    const bad = pairs.filter(([x, y]) => bits(libm.pow(x, y)) !== bits(Math.pow(x, y)));
    expect(bad.slice(0, 5).map(([x, y]) => `pow(${x}, ${y}) = ${libm.pow(x, y)}, Math: ${Math.pow(x, y)}`)).toEqual([]);
  });

  it("the comparison can fail: a one-ulp change of exp's result is caught", () => {
    const nudged = (x: number) => {
      const y = libm.exp(x);
      return y + y * 2 ** -52;
    };
    expect(mismatches("exp", nudged, Math.exp, [0.3, 1.7, -2.2])).toHaveLength(3);
  });
});
