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
 * the heap grow with the number of epochs.)
 */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return v.toFixed(0);
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
