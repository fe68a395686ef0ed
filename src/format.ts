/**
 * How nn-lab writes a number, in one place: the terminal views, the lessons, the health findings, the report page
 * and metrics.csv take their formats from here. Three families:
 *   significant(v, 3)          3 significant digits as a person writes them: 0.0312, 120, 1.5 (no trailing zeros)
 *   fixed(v, 4)                4 decimals: 0.1235, 12.0000
 *   formatNumber(v)            metrics.csv: the fewest digits that read back as exactly v
 * and `fmt`, the metric cells of the CLI's tables. Either of the first two switches to an exponent outside a range
 * (an `Exponent`). A leaf module: it imports nothing (the report page bundles it too).
 */

/** Where a format writes an exponent: magnitudes below `below` or at or above `from`, with `digits` mantissa decimals. */
export interface Exponent {
  readonly below: number;
  readonly from: number;
  readonly digits: number;
  /** Drop the mantissa's trailing zeros: 1.50e-4 → 1.5e-4, 1.00e+5 → 1e+5. */
  readonly trim: boolean;
}

/** 3 significant digits, an exponent below 0.001 and from 100,000 (lessons, health findings). */
export const EXP_3: Exponent = { below: 1e-3, from: 1e5, digits: 2, trim: true };

function exponent(v: number, exp: Exponent): string {
  const s = v.toExponential(exp.digits);
  return exp.trim ? s.replace(/\.?0+e/, "e") : s;
}

/**
 * v to `digits` significant digits without trailing zeros (String(Number(v.toPrecision(digits))): 0.0312, 120,
 * -0 as 0). With `exp`, an exponent where the rounded value is outside its range — decided on the digits shown:
 * 99,999 at 3 digits is 1e+5 (not "100000", six digits), 0.00099996 is 0.001. Non-finite values as String(v).
 */
export function significant(v: number, digits: number, exp?: Exponent): string {
  if (!Number.isFinite(v)) return String(v);
  const rounded = Number(v.toPrecision(digits));
  const a = Math.abs(rounded);
  if (exp !== undefined && a !== 0 && (a < exp.below || a >= exp.from)) return exponent(v, exp);
  return String(rounded);
}

/** v with `decimals` decimals (toFixed); with `exp`, an exponent where |v| is outside its range. Non-finite as String(v). */
export function fixed(v: number, decimals: number, exp?: Exponent): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (exp !== undefined && a !== 0 && (a < exp.below || a >= exp.from)) return exponent(v, exp);
  return v.toFixed(decimals);
}

/**
 * A metric as the CLI's tables and lines print it: `digits` decimals (0.1235), an exponent with `digits` − 1
 * mantissa decimals below 0.001 and from 100,000 (1.235e-4); "—" for no value.
 */
export function fmt(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined) return "—";
  return fixed(v, digits, { below: 1e-3, from: 1e5, digits: digits - 1, trim: false });
}

/**
 * A number written so that it reads back exactly (metrics.csv): integers plainly, others with the fewest of 15, 16
 * or 17 significant digits that round-trip (0.1 → "0.1", 1e-7 → "1e-7"); NaN and ±Infinity as NaN, Infinity,
 * -Infinity. (Not String(v): V8 caches its number-to-string results, and a long run's stream of fresh values made
 * the heap grow with the number of epochs.) The digits are worked out once (roundTripDigits) for 1e-6 ≤ |v| < 1e15;
 * elsewhere by toPrecision (the same strings).
 */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return v.toFixed(0);
  const fast = roundTripDigits(Math.abs(v));
  if (fast !== null) return v < 0 ? `-${fast}` : fast;
  return byToPrecision(v);
}

/** formatNumber by toPrecision: the shortest of 15, 16, 17 digits that reads back as v, trailing zeros dropped. */
function byToPrecision(v: number): string {
  for (let p = 15; p < 17; p++) {
    const s = trimZeros(v.toPrecision(p));
    if (Number(s) === v) return s;
  }
  return trimZeros(v.toPrecision(17));
}

/** toPrecision's output with the mantissa's trailing zeros (and a bare ".") dropped: "0.2500" → "0.25", "1.0e-7" → "1e-7". */
function trimZeros(s: string): string {
  const e = s.indexOf("e");
  const end = e < 0 ? s.length : e;
  if (s.lastIndexOf(".", end) < 0) return s;
  let cut = end;
  while (s.charCodeAt(cut - 1) === 48) cut--; // "0"
  if (s.charCodeAt(cut - 1) === 46) cut--; // "."
  return cut === end ? s : s.slice(0, cut) + s.slice(end);
}

// (marked pure: the report page bundles this module for `significant` alone, and leaves these out)
/** 10^k for k = 0…22: each exactly a double (5^22 < 2^53). */
const POW10 = /* @__PURE__ */ Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
const bits = /* @__PURE__ */ new Float64Array(1);
const words = /* @__PURE__ */ wordsOf(bits);
/** The index in `words` of the word holding the sign and exponent (1 on a little-endian machine). */
const HI = /* @__PURE__ */ highWordIndex();
function wordsOf(b: Float64Array): Uint32Array {
  return new Uint32Array(b.buffer);
}
function highWordIndex(): number {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
}
const SPLIT = 134217729; // 2^27 + 1, Veltkamp's splitter

/** x·b exactly, as productHi + productLo (Dekker's product; no overflow or underflow in the ranges used here). */
let productHi = 0;
let productLo = 0;
function exactProduct(x: number, b: number): void {
  const p = x * b;
  let t = SPLIT * x;
  const xh = t - (t - x);
  const xl = x - xh;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  productHi = p;
  productLo = xh * bh - p + xh * bl + xl * bh + xl * bl;
}

/**
 * formatNumber(x) for 1e-6 ≤ x < 1e15 (x > 0, not an integer), or null outside that range. For p = 15, 16, 17 it
 * finds the p-digit decimal N·10^−k that toPrecision(p) writes — N = y rounded half up, y = x·10^k in
 * [10^(p−1), 10^p) held exactly as a two-double sum (10^k is exact for k ≤ 22) — and whether it reads back as x:
 * |N − y| below half of x's ulp times 10^k. The first that does is written by toFixed(k), which picks the same N
 * (the nearest, ties up) and writes the same k decimals as toPrecision(p) in fixed notation; where rounding carries
 * to 10^p, both write 10^(e+1) (after trimming), or, at the top of the range, neither reads back. Every step is
 * exact, so the strings are byToPrecision's, from one conversion instead of up to three and no parsing.
 */
function roundTripDigits(x: number): string | null {
  let e = Math.floor(Math.log10(x)); // x's decimal exponent, corrected below where log10 rounded across a power of ten
  if (e < -6 || e > 14) return null;
  exactProduct(x, POW10[16 - e]);
  if (productHi < 1e16 || (productHi === 1e16 && productLo < 0)) e--;
  else if (productHi > 1e17 || (productHi === 1e17 && productLo >= 0)) e++;
  if (e < -6 || e > 14) return null;
  bits[0] = x;
  const high = words[HI];
  words[1 - HI] = 0;
  words[HI] = (((high >>> 20) & 0x7ff) - 53) << 20; // 2^(exponent − 53): half of x's ulp
  const halfUlp = bits[0];
  for (let p = 15; p <= 17; p++) {
    const k = p - 1 - e;
    exactProduct(x, POW10[k]);
    const hi = productHi;
    const lo = productLo;
    const whole = Math.floor(hi);
    const frac = hi - whole; // a multiple of hi's ulp (≥ 2^−6 here), so the sums with halves below are exact
    let m = Math.floor(frac + lo + 0.5); // N = whole + m: frac + lo rounded half up, guessed, then made exact
    while (lo < m - 0.5 - frac) m--;
    while (lo >= m + 0.5 - frac) m++;
    if (p < 17 && !readsBack(m - frac, lo, POW10[k] * halfUlp)) continue;
    // toFixed(k) writes the same N (the nearest, ties up) with the same k decimals as toPrecision(p) in fixed notation
    return trimZeros(x.toFixed(k));
  }
  return null; // not reached: 17 digits always read back
}

/**
 * Whether |d − lo| (d exact) is below `half`, half of x's ulp scaled by 10^k. (A decimal exactly halfway between two
 * doubles, read as the even one, and a power of two, whose lower neighbour is nearer, never decide it here: every
 * power of two from 2^−19 to 2^49 has an exact decimal of at most 15 digits, and a halfway point of doubles in this
 * range has more than 16.)
 */
function readsBack(d: number, lo: number, half: number): boolean {
  // d − lo exactly as s + err (Knuth's two-sum); s alone decides unless it equals half
  const s = d - lo;
  const dd = s - d;
  const err = d - (s - dd) + (-lo - dd);
  return s < 0 ? -s < half || (-s === half && err > 0) : s < half || (s === half && err < 0);
}
