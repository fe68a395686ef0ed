/**
 * What an activation's card says, computed from its f and f′ rather than written down: the output range (with
 * GELU's true minimum, found numerically), values at the textbook points, the largest slope, where the slope is
 * negative, whether the outputs are zero-centred and whether the function saturates.
 *
 * Method: a grid of step 1e-3 on [−10, 10] locates extremes, golden-section search refines interior ones to ~1e-9,
 * and f, f′ at z = ±1e3, ±1e4 decide the limits (f still falling by more than 1e-6 between them means unbounded).
 */
import type { Activation } from "./activations.js";

export const CARD_POINTS = [-6, -1, 0, 1, 6] as const;

const GRID_END = 10;
const GRID_STEP = 1e-3;
const FAR = 1e3;
const FARTHER = 1e4;

/** One end of the output range. */
export interface RangeEnd {
  /** ±Infinity when f is unbounded on that side. */
  value: number;
  /** True when some finite z gives f(z) = value (a closed bracket). */
  attained: boolean;
  /** Where an isolated interior extreme is (GELU's minimum), else null. */
  at: number | null;
  /** For a limit (bounded, not attained): the side f approaches it from, z → −∞ (−1), +∞ (1) or both (0); else null. */
  approachedAs: -1 | 0 | 1 | null;
}

export interface ActivationFacts {
  range: { min: RangeEnd; max: RangeEnd };
  values: { z: number; f: number; df: number }[];
  /** The largest f′: its value, where (null when it is approached only as z → ∞), and the plateau it holds on. */
  maxSlope: { value: number; at: number | null; from: number | null; toInfinity: boolean };
  /** Where f′ < 0, as an interval (−Infinity for "from the far left"), and its most negative value; null if never. */
  negativeSlope: { from: number; to: number; min: number; at: number } | null;
  /** Odd (f(−z) = −f(z)), or the sign of the outputs. */
  centring: "odd" | "non-negative" | "both-signs";
  /** f′ as z → −∞ and z → +∞, and the z at or below which f′ is exactly 0 (ReLU), if there is such a region. */
  saturation: { left: number; right: number; flatUpTo: number | null };
}

function golden(g: (z: number) => number, a: number, b: number): number {
  const r = (Math.sqrt(5) - 1) / 2;
  let c = b - r * (b - a);
  let d = a + r * (b - a);
  for (let i = 0; i < 80 && b - a > 1e-12; i++) {
    if (g(c) < g(d)) b = d;
    else a = c;
    c = b - r * (b - a);
    d = a + r * (b - a);
  }
  return (a + b) / 2;
}

/** Index and value of the smallest g over the grid (the first one on ties). */
function gridMin(g: (z: number) => number): { i: number; v: number } {
  let best = { i: 0, v: Infinity };
  for (let i = 0; i * GRID_STEP <= 2 * GRID_END + 1e-9; i++) {
    const v = g(zAt(i));
    if (v < best.v) best = { i, v };
  }
  return best;
}

const zAt = (i: number) => Math.round((-GRID_END + i * GRID_STEP) * 1e6) / 1e6;
const LAST = Math.round((2 * GRID_END) / GRID_STEP);

/** The lower end of the range of g (call with −f for the upper end). */
function lowerEnd(g: (z: number) => number): RangeEnd {
  const ends = [-1, 1].map((s) => ({ far: g(s * FAR), farther: g(s * FARTHER) }));
  // a bounded f has reached its limit (to rounding) by z = ±1e3; an unbounded one is still moving (leaky: −10 → −100)
  if (ends.some((e) => e.farther - e.far < -1e-6 || !Number.isFinite(e.farther)))
    return { value: -Infinity, attained: false, at: null, approachedAs: null };
  const [left, right] = ends.map((e) => e.farther);
  const limit = Math.min(left, right);
  const { i, v } = gridMin(g);
  if (v > limit) {
    // ELU and softplus approach their lower bound only on the left; sigmoid's 0 and 1 are on opposite sides
    const side = Math.abs(left - right) <= 1e-12 * Math.max(1, Math.abs(limit)) ? 0 : left < right ? -1 : 1;
    return { value: limit, attained: false, at: null, approachedAs: side };
  }
  const interior = i > 0 && i < LAST && g(zAt(i - 1)) > v && g(zAt(i + 1)) > v;
  if (!interior) return { value: v, attained: true, at: null, approachedAs: null };
  const at = golden(g, zAt(i - 1), zAt(i + 1));
  return { value: g(at), attained: true, at, approachedAs: null };
}

export function activationFacts(act: Activation): ActivationFacts {
  const f = (z: number) => act.f(z);
  const df = (z: number) => act.df(z);
  const min = lowerEnd(f);
  const maxNeg = lowerEnd((z) => -f(z));
  const max: RangeEnd = { ...maxNeg, value: -maxNeg.value };

  // Largest slope: an isolated peak, a plateau (ReLU's 1 for z > 0), or a limit approached as z → ∞ (softplus).
  const peak = gridMin((z) => -df(z));
  const top = -peak.v;
  const farSlope = df(FAR);
  let maxSlope: ActivationFacts["maxSlope"];
  if (farSlope > top + 1e-12) {
    maxSlope = { value: farSlope, at: null, from: null, toInfinity: true };
  } else if (peak.i > 0 && df(zAt(peak.i + 1)) === top) {
    maxSlope = { value: top, at: null, from: plateauStart(df, top, zAt(peak.i - 1), zAt(peak.i)), toInfinity: false };
  } else if (peak.i === 0 && df(zAt(LAST)) === top) {
    maxSlope = { value: top, at: null, from: -Infinity, toInfinity: false };
  } else {
    const refined = peak.i > 0 && peak.i < LAST ? golden((z) => -df(z), zAt(peak.i - 1), zAt(peak.i + 1)) : zAt(peak.i);
    // a peak at a jump of f′ (ELU with α = 2: f′(0) = 2, f′(0⁺) = 1) is the grid point itself, not a smooth maximum
    const at = df(refined) >= top ? refined : zAt(peak.i);
    maxSlope = { value: df(at), at, from: null, toInfinity: false };
  }

  let negativeSlope: ActivationFacts["negativeSlope"] = null;
  const low = gridMin(df);
  if (low.v < 0) {
    let a = low.i;
    let b = low.i;
    while (a > 0 && df(zAt(a - 1)) <= 0) a--; // gelu_tanh′ rounds to exactly 0 below z ≈ −7.2
    while (b < LAST && df(zAt(b + 1)) < 0) b++;
    const at = low.i > 0 && low.i < LAST ? golden(df, zAt(low.i - 1), zAt(low.i + 1)) : zAt(low.i);
    negativeSlope = {
      from: a === 0 && df(-FAR) <= 0 ? -Infinity : zAt(a),
      to: b === LAST && df(FAR) <= 0 ? Infinity : zeroOf(df, zAt(b), zAt(b + 1)),
      min: df(at),
      at,
    };
  }

  let odd = true;
  for (let i = 0; i <= LAST / 2; i += 7) if (Math.abs(f(zAt(i)) + f(-zAt(i))) > 1e-12) odd = false;
  const centring = odd ? "odd" : min.value >= 0 ? "non-negative" : "both-signs";

  let flatUpTo: number | null = null;
  if (df(-GRID_END) === 0 && df(-1) === 0) {
    let i = 0;
    while (i < LAST && df(zAt(i + 1)) === 0) i++;
    flatUpTo = zAt(i);
  }
  return {
    range: { min, max },
    values: CARD_POINTS.map((z) => ({ z, f: f(z), df: df(z) })),
    maxSlope,
    negativeSlope,
    centring,
    saturation: { left: df(-FAR), right: df(FAR), flatUpTo },
  };
}

/** The z in [a, b] where g changes sign (bisection; g(a) < 0 ≤ g(b)). */
function zeroOf(g: (z: number) => number, a: number, b: number): number {
  for (let i = 0; i < 60; i++) {
    const m = (a + b) / 2;
    if (g(m) < 0) a = m;
    else b = m;
  }
  return (a + b) / 2;
}

/** Where df first reaches its plateau value `top` between a (below it) and b (on it): ReLU's 0. */
function plateauStart(df: (z: number) => number, top: number, a: number, b: number): number {
  for (let i = 0; i < 60; i++) {
    const m = (a + b) / 2;
    if (df(m) === top) b = m;
    else a = m;
  }
  return Math.abs(b) < 1e-9 ? 0 : b;
}
