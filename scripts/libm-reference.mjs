#!/usr/bin/env node
/**
 * Writes test/engine/libm-reference.txt, the table test/engine/libm-reference.test.ts checks the engine's libm against
 * (run once, commit its output; it needs Node 20, whose V8 11.3 computes Math.* with fdlibm, and /usr/bin/python3 with
 * mpmath):   node scripts/libm-reference.mjs
 *
 * One line per case: `fn x [y] fdlibm exact`, every number as the 16 hex digits of its float64 bits.
 *  - fdlibm: what fdlibm gives, from V8's own C++ port (src/base/ieee754.cc) behind Node 20's Math.*: the bits the
 *    TypeScript ports must reproduce. For scalbn (which Math lacks): Python's math.ldexp, which is exact.
 *  - exact: the correctly rounded value, from mpmath at 400 bits rounded once to float64 by Python's exact
 *    int/int division; "-" where the result is a special value ECMAScript fixes (NaN, ±∞, domain errors, ±0 inputs).
 *    fdlibm is within 1 ulp of it (its own error bound) but for two pow cases, marked "~" (|y| > 2³¹, x near 1).
 * The arguments are chosen to take every branch: each threshold the code compares a high word or a value with, one
 * ulp either side; special values; every range-reduction interval; pow's special-case table; and a few seeded random
 * arguments per interval.
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

if (!process.versions.v8.startsWith("11.3.")) throw new Error(`needs Node 20 (V8 11.3, fdlibm Math.*); this is V8 ${process.versions.v8}`);

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer); // little-endian (x86, ARM)
const hex = (x) => {
  f64[0] = x;
  return u32[1].toString(16).padStart(8, "0") + u32[0].toString(16).padStart(8, "0");
};
const fromHex = (h) => words(parseInt(h.slice(0, 8), 16), parseInt(h.slice(8), 16));
const words = (hi, lo) => {
  u32[1] = hi >>> 0;
  u32[0] = lo >>> 0;
  return f64[0];
};
/** The double `steps` ulps above x (in bit order: for negative x, toward −∞). */
const step = (x, steps) => {
  f64[0] = x;
  const bits = (BigInt(u32[1]) << 32n) | BigInt(u32[0]);
  const next = bits + BigInt(steps);
  u32[1] = Number((next >> 32n) & 0xffffffffn);
  u32[0] = Number(next & 0xffffffffn);
  return f64[0];
};
/** x and the doubles one ulp either side. */
const around = (x) => [step(x, -1), x, step(x, 1)];
/** The double whose high word is hw (low word 0) and the ones one ulp either side. */
const atWord = (hw) => around(words(hw, 0));
const signs = (xs) => xs.flatMap((x) => [x, -x]);

let seed = 0x2545f491;
/** xorshift32: seeded, so the table is the same every time the script runs. */
function next32() {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return seed >>> 0;
}
const uniform = (lo, hi) => lo + (hi - lo) * (next32() / 2 ** 32);
const spread = (n, lo, hi) => Array.from({ length: n }, () => uniform(lo, hi));
const anyDouble = () => words(next32(), next32());

const LN2 = Math.LN2;
const NANS = [NaN, words(0x7ff00000, 1), words(0xfff00000, 1), words(0x7ff80000, 0), words(0xfff80000, 0), words(0x7fffffff, 0xffffffff)];
const SPECIAL = [
  0,
  -0,
  Infinity,
  -Infinity,
  ...NANS,
  ...signs([5e-324, 2.2250738585072014e-308, 2.225073858507201e-308, 1.7976931348623157e308]),
];

/** Arguments x = (k + 1/2)·ln2 where exp's and expm1's k = round(x/ln2) steps, one ulp either side. */
const kEdges = (ks) => ks.flatMap((k) => around((k + 0.5) * LN2));

const unary = {
  exp: [
    ...SPECIAL,
    ...signs([0x40862e42, 0x3fd62e42, 0x3fd62e43, 0x3ff0a2b2, 0x3e300000, 0x7ff00000].flatMap(atWord)),
    ...around(709.782712893384),
    ...around(-745.1332191019411),
    ...around(1),
    ...around(-1),
    ...kEdges([-1075, -1023, -1022, -1021, -1020, -3, -2, -1, 1, 2, 3, 1022, 1023]),
    ...spread(30, -745.2, -708),
    ...spread(20, -708, -40),
    ...spread(20, -1.5 * LN2, -LN2 / 2),
    ...spread(20, LN2 / 2, 1.5 * LN2),
    ...spread(20, -LN2 / 2, LN2 / 2),
    ...signs(spread(10, 2 ** -28, 2 ** -20)),
    ...spread(20, 709, 709.79),
    ...spread(20, 1.5 * LN2, 700),
  ],
  expm1: [
    ...SPECIAL,
    ...signs([0x4043687a, 0x40862e42, 0x3fd62e42, 0x3fd62e43, 0x3ff0a2b2, 0x3c900000, 0x7ff00000].flatMap(atWord)),
    ...around(709.782712893384),
    ...kEdges([-60, -57, -56, -3, -2, -1, 1, 2, 3, 18, 19, 20, 21, 55, 56, 57, 58, 1022, 1023]),
    ...around(LN2 - 0.25),
    ...spread(20, LN2 / 2, LN2 - 0.25),
    ...spread(20, LN2 - 0.25, 1.5 * LN2),
    ...spread(20, -1.5 * LN2, -LN2 / 2),
    ...spread(20, -LN2 / 2, LN2 / 2),
    ...signs(spread(10, 2 ** -54, 2 ** -20)),
    ...spread(30, -40, 40),
    ...spread(20, 40, 709.78),
    ...spread(20, -745, -38),
  ],
  log: [
    ...SPECIAL,
    ...signs([3, 0.1, 1e300]),
    1,
    ...around(1),
    ...around(words(0x000fffff, 0xffffffff)),
    ...around(words(0x00100000, 0)),
    ...[-1074, -1060, -1023, -1022, -1, 1, 2, 100, 1023].flatMap((e) => around(2 ** e)),
    // high-word mantissas at the thresholds: x or x/2 (0x6a09e…, √2), |f| < 2⁻²⁰, log's two formulas (0x6147a, 0x6b851)
    ...[-1022, -2, -1, 0, 1, 700].flatMap((e) =>
      [0x6147a, 0x6147b, 0x6b850, 0x6b851, 0x6a09b, 0x6a09c, 0x6a09d, 0xffffd, 0xffffe, 0xfffff, 0, 1, 2].flatMap((m) =>
        [0, 1, 0xffffffff].map((lo) => words(((e + 1023) << 20) | m, lo)),
      ),
    ),
    ...[0x6147a, 0x6b851, 0x6a09c, 0xffffe, 2].flatMap((m) => [
      words(0x3ff00000 | m, 12345) * 2 ** -1050,
      words(0x3ff00000 | m, 0) * 2 ** -1060,
    ]),
    ...spread(30, 0, 1),
    ...spread(30, 0.5, 2),
    ...spread(20, 1, 1e6),
    ...spread(20, 1e-300, 1e-200),
  ],
  log1p: [
    ...SPECIAL,
    ...signs([0x3fda827a, 0x3ff00000, 0x3e200000, 0x3c900000, 0x3fd2bec4, 0x3fd2bec5, 0x7ff00000, 0x43400000].flatMap(atWord)),
    ...around(-1),
    ...around(Math.SQRT2 - 1),
    ...around(Math.SQRT1_2 - 1),
    ...[1, 2, 3, 10, 52, 53, 54, 60, 1000].flatMap((k) => around(2 ** k - 1)),
    ...[-1, -2, -10].flatMap((k) => around(2 ** k - 1)),
    // 1 + x with high-word mantissa at 0x6a09e (u or u/2) and at 0 (|f| < 2⁻²⁰)
    ...[-1, 0, 1, 2, 30, 60].flatMap((e) =>
      [0x6a09d, 0x6a09e, 0x6a09f, 0xfffff, 0, 1].flatMap((m) => [0, 1, 0xffffffff].map((lo) => words(((e + 1023) << 20) | m, lo) - 1)),
    ),
    ...spread(20, -1, -0.29),
    ...spread(20, -0.29, 0.414),
    ...spread(20, 0.414, 1),
    ...spread(20, 1, 1e6),
    ...spread(10, 2 ** 53, 1e300),
    ...signs(spread(10, 2 ** -54, 2 ** -29)),
    ...signs(spread(10, 2 ** -29, 2 ** -20)),
  ],
  tanh: [
    ...SPECIAL,
    ...signs([0x7ff00000, 0x40360000, 0x3e300000, 0x3ff00000].flatMap(atWord)),
    ...signs(spread(20, 2 ** -28, 1)),
    ...signs(spread(20, 1, 22)),
    ...signs(spread(10, 22, 1e3)),
  ],
};

// sin, cos: |x| ≤ π/4 (the kernels alone; cos's |x| < 0.3 and > 0.78125), |x| < 3π/4 (n = ±1; π/2's own high word),
// |x| ≤ 2¹⁹·π/2 (one, two or three rounds: arguments near n·π/2), and beyond (the multi-word reduction, every exponent)
const PIO2 = Math.PI / 2;
const trig = [
  ...SPECIAL,
  ...signs([0x3fe921fb, 0x3fe921fc, 0x3e400000, 0x3fd33333, 0x3fe90000, 0x4002d97c, 0x3ff921fb, 0x413921fb, 0x413921fc].flatMap(atWord)),
  ...signs(around(words(0x3fe921fb, 0xffffffff))),
  ...signs(around(words(0x3ff921fb, 0x12345678))),
  ...signs(around(words(0x413921fb, 0xffffffff))),
  ...signs([1, 2, 3, 4, 5, 6, 7, 8, 31, 32, 33, 100, 1000, 99999, 2 ** 19].flatMap((n) => [-2, -1, 0, 1, 2].map((s) => step(n * PIO2, s)))),
  ...signs([1, 2, 3, 5, 31, 32, 1000].flatMap((n) => [1e-3, 2 ** -17, 2 ** -30, 2 ** -45, 2 ** -50].map((d) => n * PIO2 * (1 + d)))),
  ...signs(
    [1, 2, 3, 4, 7, 1000].flatMap((n) =>
      [0.3, -0.3, 0.78125, -0.78125, 0.5, -0.5, 2 ** -27, -(2 ** -27), 2 ** -28].map((r) => n * PIO2 + r),
    ),
  ),
  ...[32, 33].flatMap((n) => [words(NPIO2(n), 0), words(NPIO2(n), 0x7fffffff)]),
  ...spread(30, -PIO2 / 2, PIO2 / 2),
  ...spread(30, -10, 10),
  ...spread(30, -1e6, 1e6),
  ...signs([2 ** 20, 2 ** 100, 2 ** 1023, (2 ** 24 - 1) * 2 ** 100, 2 ** 53 - 1, 6381956970095103 * 2 ** 797, 5.319372648326541e255]),
];
/** NPIO2_HW's entry: the high word of n·π/2. */
function NPIO2(n) {
  f64[0] = n * PIO2;
  return u32[1];
}
// the large reduction is the same code for both: every exponent once, alternately for sin and for cos
const sweep = Array.from({ length: 0x7fe - 0x413 + 1 }, (_, k) => {
  const x = words(((0x413 + k) << 20) | (next32() & 0xfffff), next32());
  return k % 4 < 2 ? x : -x;
});
unary.sin = [...trig, ...sweep.filter((_, k) => k % 2 === 0)];
unary.cos = [...trig, ...sweep.filter((_, k) => k % 2 === 1)];
for (const f of Object.keys(unary)) unary[f].push(...Array.from({ length: 40 }, anyDouble));
// arguments where moving a threshold by one word changes the last bit: found by applying each mutant that survived the
// cases above (a threshold's ≥ for >, a fast path turned off) and comparing with the port on 2·10⁵ arguments
unary.exp.push(-0.34657347785957654, -1.039721357145217, -3.6994712346638876e-9, -3.725290353973436e-9);
unary.log.push(1.0000005473884974, 0.9999997742723673, 1.0000009916259647);
unary.expm1.push(-1.0397210266674244, 38.76602688031584);
unary.log1p.push(
  -1.8626459260670244e-9,
  17888162982521388,
  0.9999994905287141,
  9007199797906986,
  2.99999916891,
  0.99999900409,
  -0.500000099763,
);
unary.tanh.push(-5.551234915694588e-17, -3.7252905873942574e-9);
for (const f of ["sin", "cos"])
  unary[f].push(
    0.7853983527598294,
    2.3561951013082765,
    -1647256,
    103592.44695579664,
    6016.579446245062,
    57623.89319011527,
    65359.26436160885,
  );

// pow: the special-case table (ECMAScript's, fdlibm's), integer kinds of y for x < 0, |y| > 2³¹ and > 2⁶⁴ with x near 1,
// subnormal x, x's mantissa at √(3/2) and √3, results at the overflow and underflow edges and subnormal results
const POW_X = [...SPECIAL, ...signs([1, 2, 0.5, 3])];
const POW_Y = [
  ...SPECIAL,
  ...signs([
    1,
    2,
    0.5,
    3,
    4,
    2.5,
    1.5,
    0.25,
    1e-300,
    1e10,
    2 ** 20 + 1,
    2 ** 21 + 1,
    2 ** 21 + 0.5,
    2 ** 31 + 1,
    2 ** 52 + 1,
    2 ** 53,
    2 ** 65,
  ]),
  ...signs([0x41e00000, 0x43f00000, 0x43400000, 0x3ff00000, 0x40000000, 0x3fe00000].flatMap(atWord)),
];
const powPairs = [];
for (const x of POW_X) for (const y of POW_Y) powPairs.push([x, y]);
// x near 1 (within 2⁻²⁰ or not) with |y| near 2³¹ and 2⁶⁴
const NEAR_1 = [
  ...signs([1 + 2 ** -52, 1 - 2 ** -53, 1 + 2 ** -30, 1 - 2 ** -30, 1 + 2 ** -21, 1 - 2 ** -21]),
  ...signs([0x3fefffff, 0x3ff00000, 0x3ff00001].flatMap(atWord)),
];
const BIG_Y = [...signs([2 ** 31 + 1, 2 ** 32, 2 ** 65, 1e10, Infinity]), ...signs([0x41e00000, 0x43f00000].flatMap(atWord))];
for (const x of NEAR_1) for (const y of BIG_Y) powPairs.push([x, y]);
for (const x of signs([3, 0.7, 1.5, 1e10]))
  for (const y of [2 ** 20 + 2, 2 ** 22 + 1, 2 ** 22 + 2, 2 ** 30 + 0.5, 2 ** 52 + 2, 2 ** 52 + 0.5, 7, 6, 0.75])
    powPairs.push([x, -y], [x, y]);
// |y| > 2³¹ with x within 2⁻²⁰ of 1: finite results
for (const x of [1 + 2 ** -40, 1 - 2 ** -40, 1 + 2 ** -25, 1 - 2 ** -25, -(1 + 2 ** -40)])
  for (const y of [2 ** 32, -(2 ** 32), 2 ** 35 + 2, 2 ** 60]) powPairs.push([x, y]);
// subnormal x
for (const x of [5e-324, 1.5 * 2 ** -1060, words(0x000fffff, 0xffffffff), 2 ** -1030])
  for (const y of [0.01, -0.001, 0.5, 1e-5, -1e-5, 0.9]) powPairs.push([x, y]);
// x's mantissa at the √(3/2) and √3 thresholds
for (const m of [0x3988d, 0x3988e, 0x3988f, 0xbb679, 0xbb67a, 0xbb67b])
  for (const e of [-3, 0, 5]) {
    for (const lo of [0, 0xffffffff]) for (const y of [0.3, -7.5, 100.5]) powPairs.push([words(((e + 1023) << 20) | m, lo), y]);
  }
// results at 2^1024 and 2^−1075: z = y·log2 x exactly at, and one ulp either side of, the overflow and underflow edges
for (const y of [
  ...around(1024),
  ...around(-1075),
  ...around(-1074),
  ...around(1023),
  ...around(-1022),
  1023.9999999999999,
  -1074.5,
  -1050.3,
  -1060.75,
])
  powPairs.push([2, y], [0.5, -y], [-2, y]);
for (const y of [...around(512), ...around(-537.5)]) powPairs.push([4, y]);
for (const z of [...around(0.5), ...around(-0.5), 0.25, -0.25, ...around(1.5), ...around(-1.5)]) powPairs.push([2, z], [8, z / 3]);
for (const x of [Math.E, 10, 0.3, 123.456]) for (const y of [...spread(6, -700, 700)]) powPairs.push([x, y / Math.log2(x)]);
for (const t of [1, 2, 10, 100, 1000, 10000]) powPairs.push([0.9, t], [0.999, t], [0.99, -t]);
// pairs where a surviving mutant gave another result (found as for unary's above): y = ±1 and 2 through the general
// path, |y| > 2³¹ near 1, log2's tails, and y·log2 x rounding to exactly 1024 or −1075 (the overflow and underflow tests)
powPairs.push(
  [-0.704047214705497, -1],
  [-1.649487596936524, 2],
  [0.9999997544454444, -2404820548],
  [0.9999999119097651, -5533225664],
  [0.9999999105888108, 5449906892],
  [0.1554450576659292, -128.32370772957802],
  [1.000822731901249, -523818.2674686626],
  [-18446744073709550000, 16],
  [8.974384737201035, 323.4556143493477],
  [0.5760780979297124, -1286.9759142009536],
  [0.3432662464911118, 696.8753638675396],
  [4.517274156212807, -494.1500734212218],
  [0.4612199731403962, 962.8534673737988],
  [0.8278944269288331, 3945.225040750143],
  // y = 0.5 with x subnormal under 2⁻¹⁰⁴² (high word 0: sqrt, not the general path); x's mantissa word exactly at the
  // √(3/2) and √3 thresholds (k = 0 | 1)
  [words(0, 0x20da7756), 0.5],
  [words(0x3fd3988e, 0xab7acb93), words(0xc062ff96, 0x0c000000)],
  [words(0x3bbbb67a, 0x84ffbc23), words(0x402c91fd, 0x48000000)],
  // |y| just over 2³¹ (high word 0x41e00000: the general path, not the |y| > 2³¹ series), x within 2⁻²⁰ of 1
  [words(0x3ff00000, 0x3ead62fb), words(0x41e00000, 0xcd1dcf18)],
  // the t1 and p_h splits' 'u + v' (a sum whose low bits are cut; u − v instead moves the last bit): the |y| > 2³¹
  // series and the general path
  [words(0x3ff00000, 0x14e41957), words(0xc1fbb3ab, 0xa820895c)],
  [words(0x3feceeac, 0x8cf727be), words(0xc0b42843, 0x5d8ef3ea)],
);
for (let i = 0; i < 60; i++) powPairs.push([uniform(0, 3), uniform(-200, 200)]);
for (let i = 0; i < 60; i++) powPairs.push([anyDouble(), anyDouble()]);

// scalbn (libm-words.ts): x·2ⁿ once rounded; n beyond ±1023 takes the split multiplications
const SCALBN = [];
for (const x of [
  1,
  -1,
  0.5,
  1.5,
  1 + 2 ** -52,
  5e-324,
  1.7976931348623157e308,
  2 ** -1022,
  3 * 2 ** -1074,
  0,
  -0,
  Infinity,
  NaN,
  2 ** 1023,
  1.75 * 2 ** 1000,
])
  for (const n of [
    0, 1, -1, 52, 100, -100, 1023, 1024, 1025, -1022, -1023, -1074, -1075, -1076, 2000, 2046, 2097, 2098, 2200, 3000, 100000, -2000, -2046,
    -2097, -2098, -2200, -3000, -100000,
  ])
    SCALBN.push([x, n]);

// every case's fdlibm bits; then the correctly rounded values from Python
const cases = [];
for (const [f, xs] of Object.entries(unary)) {
  const seen = new Set();
  for (const x of xs) {
    if (seen.has(hex(x))) continue;
    seen.add(hex(x));
    cases.push({ f, args: [x], fdlibm: Math[f](x) });
  }
}
for (const [x, y] of powPairs) cases.push({ f: "pow", args: [x, y], fdlibm: Math.pow(x, y) });

const PYTHON = String.raw`
import sys, struct, math, mpmath
from fractions import Fraction
mpmath.mp.prec = 400
def d(h): return struct.unpack('>d', bytes.fromhex(h))[0]
def h(x): return struct.pack('>d', x).hex()
def rounded(v):
    sign, man, exp, _ = mpmath.mpf(v)._mpf_  # man ≥ 0 (mpf's man_exp drops the sign)
    if man == 0: return None
    if sign: man = -man
    fr = Fraction(man) * (Fraction(2) ** exp)
    try: return float(fr)  # correctly rounded (CPython's int/int division), subnormals and underflow to ±0 included
    except OverflowError: return math.copysign(math.inf, man)
F = {'exp': mpmath.exp, 'expm1': mpmath.expm1, 'log': mpmath.log, 'log1p': mpmath.log1p, 'tanh': mpmath.tanh,
     'sin': mpmath.sin, 'cos': mpmath.cos}
for line in sys.stdin:
    parts = line.split()
    f = parts[0]
    if f == 'scalbn':
        x, n = d(parts[1]), int(parts[2])
        try: print(h(math.ldexp(x, n)))
        except OverflowError: print(h(math.copysign(math.inf, x)))
        continue
    args = [d(p) for p in parts[1:]]
    if any(not math.isfinite(a) or a == 0 for a in args): print('-'); continue
    try:
        if f == 'pow':
            x, y = args
            if x < 0 and y != int(y): print('-'); continue
            if y == int(y) and abs(y) <= 2000:
                fr = Fraction(x) ** int(y)  # exact
                try: r = float(fr)
                except OverflowError: r = math.inf if fr > 0 else -math.inf
                print(h(r)); continue
            t = mpmath.mpf(y) * mpmath.log(abs(mpmath.mpf(x)))
            sign = -1 if x < 0 and int(y) % 2 == 1 else 1
            if abs(t) > 800: print(h(math.copysign(math.inf if t > 0 else 0.0, sign))); continue  # far past the edges
            v = sign * mpmath.exp(t)
        else:
            if (f == 'log' and args[0] < 0) or (f == 'log1p' and args[0] <= -1): print('-'); continue
            if f in ('exp', 'expm1') and abs(args[0]) > 800:  # far past the edges (mpmath would take its time)
                print(h(math.inf if args[0] > 0 else (0.0 if f == 'exp' else -1.0))); continue
            v = F[f](mpmath.mpf(args[0]))
        r = rounded(v)
        print('-' if r is None else h(r))
    except (ValueError, ZeroDivisionError, TypeError):
        print('-')
`;
const input =
  cases.map((c) => `${c.f} ${c.args.map(hex).join(" ")}`).join("\n") +
  "\n" +
  SCALBN.map(([x, n]) => `scalbn ${hex(x)} ${n}`).join("\n") +
  "\n";
const out = execFileSync("/usr/bin/python3", ["-c", PYTHON], { input, maxBuffer: 1 << 28 })
  .toString()
  .trim()
  .split("\n");
if (out.length !== cases.length + SCALBN.length) throw new Error(`python answered ${out.length} lines for ${cases.length + SCALBN.length}`);

/** ulps between a and b, counted in bit order (same sign); Infinity if the signs differ. */
function ulps(a, b) {
  f64[0] = a;
  const ba = (BigInt(u32[1]) << 32n) | BigInt(u32[0]);
  f64[0] = b;
  const bb = (BigInt(u32[1]) << 32n) | BigInt(u32[0]);
  if (a < 0 !== b < 0) return Infinity;
  return Number(ba > bb ? ba - bb : bb - ba);
}
const worst = {};
const lines = [];
cases.forEach((c, i) => {
  const exact = out[i];
  if (exact !== "-") {
    const e = ulps(c.fdlibm, fromHex(exact));
    worst[c.f] = Math.max(worst[c.f] ?? 0, e);
    if (e > 1) {
      // beyond fdlibm's bound: kept, marked "~" (the test names these cases), and said here
      console.log(`${c.f}(${c.args.join(", ")}): fdlibm ${c.fdlibm} is ${e} ulps from the exact ${fromHex(exact)}`);
      lines.push(`${c.f} ${c.args.map(hex).join(" ")} ${hex(c.fdlibm)} ~${exact}`);
      return;
    }
  }
  lines.push(`${c.f} ${c.args.map(hex).join(" ")} ${hex(c.fdlibm)} ${exact === hex(c.fdlibm) ? "=" : exact}`);
});
// NaNs with their payloads (fdlibm's branches read the words: a NaN with only low-word bits looks like ±∞ to a high-word
// test), written as bits: a NaN kept in an array of numbers loses its payload (V8 stores one NaN)
const NAN_BITS = [
  "7ff0000000000001",
  "fff0000000000001",
  "7ff0000080000000",
  "fff0000080000000",
  "7ff8000000000000",
  "fff8000000000000",
  "7fffffffffffffff",
];
for (const f of Object.keys(unary)) for (const b of NAN_BITS) lines.push(`${f} ${b} ${hex(Math[f](NaN))} -`);
for (const b of NAN_BITS)
  for (const other of [0, 1, 2, 0.5, -3, Infinity]) {
    lines.push(`pow ${b} ${hex(other)} ${hex(Math.pow(NaN, other))} -`, `pow ${hex(other)} ${b} ${hex(Math.pow(other, NaN))} -`);
  }
SCALBN.forEach(([x, n], i) => lines.push(`scalbn ${hex(x)} ${n} ${out[cases.length + i]} =`));

const header = [
  "# The engine's libm against fdlibm and the exact values: written by scripts/libm-reference.mjs (read its header).",
  "# fn x [y | n] fdlibm exact — float64 bits in hex (n decimal); exact '=' if it is fdlibm's, '-' where ECMAScript fixes the special value, '~' before it if fdlibm is > 1 ulp off.",
];
writeFileSync(fileURLToPath(import.meta.resolve("../test/engine/libm-reference.txt")), [...header, ...lines].join("\n") + "\n");
const count = {};
for (const l of lines) count[l.split(" ")[0]] = (count[l.split(" ")[0]] ?? 0) + 1;
console.log(`${lines.length} cases`, count, "fdlibm's largest distance from the exact value, ulps:", worst);
