/**
 * The two 32-bit halves of an IEEE 754 double, as fdlibm reads and writes them (its GET_HIGH_WORD, INSERT_WORDS, …).
 * The high word holds the sign, the 11-bit exponent and the top 20 bits of the fraction; the low word the other 32
 * fraction bits. Words are read as signed int32 (fdlibm's `int32_t hx`); where fdlibm uses an unsigned word, the
 * caller writes `>>> 0` or an unsigned shift.
 */
const f64 = new Float64Array(1);
const i32 = new Int32Array(f64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = LITTLE_ENDIAN ? 1 : 0;
const LO = 1 - HI;

/** High word of x (sign, exponent, top 20 fraction bits), signed. */
export function highWord(x: number): number {
  f64[0] = x;
  return i32[HI];
}

/** Low word of x (the last 32 fraction bits), signed: compare with 0 or use `>>> 0` for its unsigned value. */
export function lowWord(x: number): number {
  f64[0] = x;
  return i32[LO];
}

/** The double whose high and low words are hi and lo. */
export function fromWords(hi: number, lo: number): number {
  i32[HI] = hi;
  i32[LO] = lo;
  return f64[0];
}

/** x with its high word replaced by hi. */
export function withHighWord(x: number, hi: number): number {
  f64[0] = x;
  i32[HI] = hi;
  return f64[0];
}

/** x with its low word replaced by lo (lo = 0 keeps the top 21 bits of the fraction: fdlibm's "high part"). */
export function withLowWord(x: number, lo: number): number {
  f64[0] = x;
  i32[LO] = lo;
  return f64[0];
}

const TWO_P1023 = fromWords(0x7fe00000, 0);
const TWO_M969 = fromWords(0x03600000, 0); // 2^-1022 · 2^53

/**
 * scalbn(x, n) = x · 2ⁿ, exact unless the result is subnormal (then rounded once: the scaling is split so that only
 * the last multiplication can round), as C's scalbn.
 */
export function scalbn(x: number, n: number): number {
  let y = x;
  if (n > 1023) {
    y *= TWO_P1023;
    n -= 1023;
    if (n > 1023) {
      y *= TWO_P1023;
      n -= 1023;
      if (n > 1023) n = 1023;
    }
  } else if (n < -1022) {
    y *= TWO_M969;
    n += 1022 - 53;
    if (n < -1022) {
      y *= TWO_M969;
      n += 1022 - 53;
      if (n < -1022) n = -1022;
    }
  }
  return y * fromWords((0x3ff + n) << 20, 0);
}
