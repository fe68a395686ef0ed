/**
 * fdlibm's elementary functions in TypeScript: exp, expm1, log, log1p, tanh (here), sin, cos (libm-trig.ts) and pow
 * (libm-pow.ts), so that a run's numbers do not depend on the JavaScript engine that computes them. The engine calls
 * them through libm.ts, which uses the platform's Math.* instead wherever it gives these functions' bits.
 *
 * Why: ECMAScript leaves Math.exp, Math.log, Math.sin … "implementation-approximated". Node 20's V8 (11.3) computes
 * them with V8's port of fdlibm (v8/src/base/ieee754.cc); Chromium 156's V8 differs from it in the last bit for about
 * 10 % of exp's arguments, so the playground page could not reproduce `nn-lab train` bit for bit. These are line-by-line
 * TypeScript ports of the same fdlibm algorithms, with the same constants, operation order and branches: on Node 20
 * they return exactly Math.*'s bits (test/engine/libm.test.ts checks 10⁶ seeded arguments per function, bit for bit),
 * and everywhere else (any browser, any later Node) they return those same bits, because IEEE 754 +, −, ×, ÷ and √ are
 * correctly rounded in every JavaScript engine and these functions use nothing else.
 * Math.sqrt, Math.abs, Math.floor, Math.max, Math.min are exact by the standard and stay.
 *
 * Source: fdlibm 5.3 (netlib.org/fdlibm) as modified in V8's src/base/ieee754.cc —
 *   ====================================================
 *   Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
 *
 *   Developed at SunSoft, a Sun Microsystems, Inc. business.
 *   Permission to use, copy, modify, and distribute this
 *   software is freely granted, provided that this notice
 *   is preserved.
 *   ====================================================
 * Error bounds are fdlibm's own statements, quoted per function. Bit manipulation (fdlibm's GET_HIGH_WORD …) is
 * libm-words.ts.
 */
import { fromWords, highWord, lowWord, withHighWord } from "./libm-words.js";

const LN2_HI = 6.9314718036912381649e-1; // 0x3FE62E42 FEE00000: n·LN2_HI is exact for |n| < 2000
const LN2_LO = 1.90821492927058770002e-10; // 0x3DEA39EF 35793C76: ln 2 − LN2_HI
const INV_LN2 = 1.4426950408889634; // 0x3FF71547 652B82FE
const TWO54 = 1.8014398509481984e16; // 0x43500000 00000000
const HUGE = 1e300;

// exp: R(z) ≈ 2 + P1·z + … + P5·z⁵ approximates r·(eʳ+1)/(eʳ−1) on [0, 0.34658], error ≤ 2⁻⁵⁹.
const P1 = 1.66666666666666019037e-1; // 0x3FC55555 5555553E
const P2 = -2.77777777770155933842e-3; // 0xBF66C16C 16BEBD93
const P3 = 6.61375632143793436117e-5; // 0x3F11566A AF25DE2C
const P4 = -1.6533902205465251539e-6; // 0xBEBBBD41 C5D26BF1
const P5 = 4.13813679705723846039e-8; // 0x3E663769 72BEA4D0
const EXP_OVERFLOW = 7.09782712893383973096e2; // 0x40862E42 FEFA39EF: above, e^x overflows
const EXP_UNDERFLOW = -7.4513321910194110842e2; // 0xC0874910 D52D3051: below, e^x underflows to 0
const E = 2.718281828459045; // V8 returns this for exp(1): the algorithm's last bit is off there
const TWO_M1000 = fromWords(0x01700000, 0);
const TWO_P1023 = fromWords(0x7fe00000, 0);

/**
 * e^x (fdlibm e_exp.c). Reduce x = k·ln2 + r, |r| ≤ ln2/2 (r = hi − lo for accuracy); e^r = 1 + r + r·R1(r)/(2 − R1(r))
 * with R1(r) = r − (P1·r² + … + P5·r¹⁰); scale by 2^k. Error: "always less than 1 ulp".
 */
export function exp(x: number): number {
  let hx = highWord(x);
  const negative = hx < 0;
  hx &= 0x7fffffff;
  if (hx >= 0x40862e42) {
    // |x| ≥ 709.78…
    if (hx >= 0x7ff00000) {
      if (((hx & 0xfffff) | lowWord(x)) !== 0) return x + x; // NaN
      return negative ? 0 : x; // e^−∞ = 0, e^+∞ = +∞
    }
    if (x > EXP_OVERFLOW) return Infinity;
    if (x < EXP_UNDERFLOW) return 0;
  }
  let hi = 0;
  let lo = 0;
  let k = 0;
  if (hx > 0x3fd62e42) {
    // |x| > ln2/2: reduce
    if (hx < 0x3ff0a2b2) {
      // and |x| < 1.5·ln2: k = ±1
      if (x === 1) return E;
      hi = negative ? x + LN2_HI : x - LN2_HI;
      lo = negative ? -LN2_LO : LN2_LO;
      k = negative ? -1 : 1;
    } else {
      k = (INV_LN2 * x + (negative ? -0.5 : 0.5)) | 0; // C's (int) truncation
      hi = x - k * LN2_HI; // exact
      lo = k * LN2_LO;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    return 1 + x; // |x| < 2⁻²⁸
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2) - x);
  const y = 1 - (lo - (x * c) / (2 - c) - hi);
  if (k >= -1021) {
    if (k === 1024) return y * 2 * TWO_P1023;
    return y * fromWords(0x3ff00000 + (k << 20), 0);
  }
  return y * fromWords(0x3ff00000 + ((k + 1000) << 20), 0) * TWO_M1000;
}

// log and log1p: R(s) ≈ Lg1·s² + … + Lg7·s¹⁴ approximates (log(1+f) − 2s)/s, s = f/(2+f), error ≤ 2⁻⁵⁸·⁴⁵.
const LG1 = 6.66666666666673513e-1; // 0x3FE55555 55555593
const LG2 = 3.999999999940941908e-1; // 0x3FD99999 9997FA04
const LG3 = 2.857142874366239149e-1; // 0x3FD24924 94229359
const LG4 = 2.222219843214978396e-1; // 0x3FCC71C5 1D8E78AF
const LG5 = 1.818357216161805012e-1; // 0x3FC74664 96CB03DE
const LG6 = 1.531383769920937332e-1; // 0x3FC39A09 D078C69F
const LG7 = 1.479819860511658591e-1; // 0x3FC2F112 DF3E5244

/**
 * Natural logarithm (fdlibm e_log.c). x = 2^k·(1+f) with √2/2 < 1+f < √2; log(1+f) = f − (f²/2 − s·(f²/2 + R(s)));
 * log x = k·ln2_hi + (f − (… − k·ln2_lo)). Error: "always less than 1 ulp".
 */
export function log(x: number): number {
  let hx = highWord(x);
  let k = 0;
  if (hx < 0x00100000) {
    // x < 2⁻¹⁰²², or negative
    if (((hx & 0x7fffffff) | lowWord(x)) === 0) return -Infinity; // log(±0)
    if (hx < 0) return NaN; // log(negative)
    k -= 54;
    x *= TWO54; // subnormal: scale up
    hx = highWord(x);
  }
  if (hx >= 0x7ff00000) return x + x; // +∞ or NaN
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  let i = (hx + 0x95f64) & 0x100000;
  x = withHighWord(x, hx | (i ^ 0x3ff00000)); // normalize x or x/2
  k += i >> 20;
  const f = x - 1;
  if ((0x000fffff & (2 + hx)) < 3) {
    // −2⁻²⁰ ≤ f < 2⁻²⁰
    if (f === 0) return k === 0 ? 0 : k * LN2_HI + k * LN2_LO;
    const r = f * f * (0.5 - 0.3333333333333333 * f);
    return k === 0 ? f - r : k * LN2_HI - (r - k * LN2_LO - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  i = hx - 0x6147a;
  const w = z * z;
  const j = 0x6b851 - hx;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  i |= j;
  const r = t2 + t1;
  if (i > 0) {
    const hfsq = 0.5 * f * f;
    if (k === 0) return f - (hfsq - s * (hfsq + r));
    return k * LN2_HI - (hfsq - (s * (hfsq + r) + k * LN2_LO) - f);
  }
  if (k === 0) return f - s * (f - r);
  return k * LN2_HI - (s * (f - r) - k * LN2_LO - f);
}

/**
 * log(1 + x), accurate near 0 (fdlibm s_log1p.c): as log, on u = 1 + x rounded, plus the correction c/u for the
 * rounding c = (1 + x) − u. Error: "always less than 1 ulp".
 */
export function log1p(x: number): number {
  const hx = highWord(x);
  const ax = hx & 0x7fffffff;
  let k = 1;
  let f = 0;
  let hu = 0;
  let c = 0;
  if (hx < 0x3fda827a) {
    // 1 + x < √2
    if (ax >= 0x3ff00000) return x === -1 ? -Infinity : NaN; // x ≤ −1
    if (ax < 0x3e200000) return ax < 0x3c900000 ? x : x - x * x * 0.5; // |x| < 2⁻²⁹
    if (hx > 0 || hx <= (0xbfd2bec4 | 0)) {
      // √2/2 ≤ 1 + x < √2: f = x exactly
      k = 0;
      f = x;
      hu = 1;
    }
  }
  if (hx >= 0x7ff00000) return x + x;
  if (k !== 0) {
    let u: number;
    if (hx < 0x43400000) {
      u = 1 + x;
      hu = highWord(u);
      k = (hu >> 20) - 1023;
      c = k > 0 ? 1 - (u - x) : x - (u - 1); // the rounding of 1 + x
      c /= u;
    } else {
      u = x;
      hu = highWord(u);
      k = (hu >> 20) - 1023;
      c = 0;
    }
    hu &= 0x000fffff;
    if (hu < 0x6a09e) {
      u = withHighWord(u, hu | 0x3ff00000); // normalize u
    } else {
      k += 1;
      u = withHighWord(u, hu | 0x3fe00000); // normalize u/2
      hu = (0x00100000 - hu) >> 2;
    }
    f = u - 1;
  }
  const hfsq = 0.5 * f * f;
  if (hu === 0) {
    // |f| < 2⁻²⁰
    if (f === 0) {
      if (k === 0) return 0;
      c += k * LN2_LO;
      return k * LN2_HI + c;
    }
    const r = hfsq * (1 - 0.6666666666666666 * f);
    return k === 0 ? f - r : k * LN2_HI - (r - (k * LN2_LO + c) - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  const r = z * (LG1 + z * (LG2 + z * (LG3 + z * (LG4 + z * (LG5 + z * (LG6 + z * LG7))))));
  if (k === 0) return f - (hfsq - s * (hfsq + r));
  return k * LN2_HI - (hfsq - (s * (hfsq + r) + (k * LN2_LO + c)) - f);
}

// expm1: R1(z) ≈ 1 + Q1·z + … + Q5·z⁵ (Qn scaled by 2ⁿ, z = x²/2), error ≤ 2⁻⁶¹.
const Q1 = -3.33333333333331316428e-2; // 0xBFA11111 111110F4
const Q2 = 1.58730158725481460165e-3; // 0x3F5A01A0 19FE5585
const Q3 = -7.93650757867487942473e-5; // 0xBF14CE19 9EAADBB7
const Q4 = 4.00821782732936239552e-6; // 0x3ED0CFCA 86E65239
const Q5 = -2.01099218183624371326e-7; // 0xBE8AFDB7 6E09C32D
const TINY = 1e-300;

/**
 * e^x − 1, accurate near 0 (fdlibm s_expm1.c). Reduce x = k·ln2 + r (+ correction c); expm1(r) = r + r²/2 +
 * r³/2·(3 − (R1 + R1·r/2))/(6 − r·(3 − R1·r/2)); then 2^k·(expm1(r) + 1) − 1 arranged per k to avoid cancellation.
 * Error: "always less than 1 ulp".
 */
export function expm1(x: number): number {
  let hx = highWord(x);
  const negative = hx < 0;
  hx &= 0x7fffffff;
  if (hx >= 0x4043687a) {
    // |x| ≥ 56·ln2
    if (hx >= 0x40862e42) {
      if (hx >= 0x7ff00000) {
        if (((hx & 0xfffff) | lowWord(x)) !== 0) return x + x; // NaN
        return negative ? -1 : x;
      }
      if (x > EXP_OVERFLOW) return Infinity;
    }
    if (negative) return TINY - 1; // x < −56·ln2: −1
  }
  let k = 0;
  let c = 0;
  if (hx > 0x3fd62e42) {
    // |x| > ln2/2
    let hi: number;
    let lo: number;
    if (hx < 0x3ff0a2b2) {
      hi = negative ? x + LN2_HI : x - LN2_HI;
      lo = negative ? -LN2_LO : LN2_LO;
      k = negative ? -1 : 1;
    } else {
      k = (INV_LN2 * x + (negative ? -0.5 : 0.5)) | 0;
      hi = x - k * LN2_HI;
      lo = k * LN2_LO;
    }
    x = hi - lo;
    c = hi - x - lo;
  } else if (hx < 0x3c900000) {
    const t = HUGE + x; // |x| < 2⁻⁵⁴: expm1(x) = x
    return x - (t - (HUGE + x));
  }
  const hfx = 0.5 * x;
  const hxs = x * hfx;
  const r1 = 1 + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))));
  let t = 3 - r1 * hfx;
  let e = hxs * ((r1 - t) / (6 - x * t));
  if (k === 0) return x - (x * e - hxs);
  const twopk = fromWords(0x3ff00000 + (k << 20), 0);
  e = x * (e - c) - c;
  e -= hxs;
  if (k === -1) return 0.5 * (x - e) - 0.5;
  if (k === 1) return x < -0.25 ? -2 * (e - (x + 0.5)) : 1 + 2 * (x - e);
  let y: number;
  if (k <= -2 || k > 56) {
    y = 1 - (e - x);
    y = k === 1024 ? y * 2 * TWO_P1023 : y * twopk;
    return y - 1;
  }
  if (k < 20) {
    t = fromWords(0x3ff00000 - (0x200000 >> k), 0); // 1 − 2^−k
    y = t - (e - x);
    return y * twopk;
  }
  t = fromWords((0x3ff - k) << 20, 0); // 2^−k
  y = x - (e + t);
  y += 1;
  return y * twopk;
}

/**
 * Hyperbolic tangent (fdlibm s_tanh.c): tanh(x) = −t/(t + 2) with t = expm1(−2|x|) for |x| < 1, 1 − 2/(t + 2) with
 * t = expm1(2|x|) for 1 ≤ |x| < 22, ±1 beyond; odd. fdlibm states no bound; expm1's (< 1 ulp) and one division give
 * a few ulp at most.
 */
export function tanh(x: number): number {
  const jx = highWord(x);
  const ix = jx & 0x7fffffff;
  if (ix >= 0x7ff00000) return jx >= 0 ? 1 / x + 1 : 1 / x - 1; // ±∞ → ±1, NaN → NaN
  let z: number;
  if (ix < 0x40360000) {
    // |x| < 22
    if (ix < 0x3e300000) return x; // |x| < 2⁻²⁸
    if (ix >= 0x3ff00000) {
      const t = expm1(2 * Math.abs(x));
      z = 1 - 2 / (t + 2);
    } else {
      const t = expm1(-2 * Math.abs(x));
      z = -t / (t + 2);
    }
  } else {
    z = 1 - TINY; // 1
  }
  return jx >= 0 ? z : -z;
}
