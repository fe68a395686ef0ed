/**
 * activationFacts (src/engine/activation-facts.ts) on functions whose facts are known in closed form: each branch of
 * the range, slope, negative-slope, centring and flat-region search, with the expected values worked out by hand
 * (each case's comment). The registry's own activations, against torch, are in test/terminal/activation-card.test.ts.
 */
import { describe, expect, it } from "vitest";
import { activationFacts, type RangeEnd } from "../../src/engine/activation-facts.js";
import { ACTIVATION_NAMES, ACTIVATIONS, type Activation, type ActivationName } from "../../src/engine/activations.js";

/** An activation given by its scalar f and f′ (the facts use nothing else). */
const custom = (f: (z: number) => number, df: (z: number) => number): Activation => ({
  name: "custom",
  family: "smooth",
  forward: () => {},
  backward: () => {},
  f,
  df,
});
const facts = (f: (z: number) => number, df: (z: number) => number) => activationFacts(custom(f, df));
const registry = (name: ActivationName) => {
  const e = ACTIVATIONS[name];
  return activationFacts((e.make as (p: Record<string, number>) => Activation)(e.params));
};
const unbounded = (sign: 1 | -1): RangeEnd => ({ value: sign * Infinity, attained: false, at: null, approachedAs: null });
const limit = (value: number, approachedAs: -1 | 0 | 1): RangeEnd => ({ value, attained: false, at: null, approachedAs });

describe("the range's ends", () => {
  it("sigmoid: 0 approached as z → −∞, 1 as z → +∞, neither attained", () => {
    expect(registry("sigmoid").range).toEqual({ min: limit(0, -1), max: limit(1, 1) });
  });

  it("tanh and elu: −1 approached from the left; elu and softplus unbounded above", () => {
    expect(registry("tanh").range).toEqual({ min: limit(-1, -1), max: limit(1, 1) });
    expect(registry("elu").range).toEqual({ min: limit(-1, -1), max: unbounded(1) });
    expect(registry("softplus").range).toEqual({ min: limit(0, -1), max: unbounded(1) });
  });

  it("−tanh: the lower limit −1 is approached as z → +∞ (the side is where f goes to it)", () => {
    expect(
      facts(
        (z) => -Math.tanh(z),
        (z) => -(1 - Math.tanh(z) ** 2),
      ).range,
    ).toEqual({ min: limit(-1, 1), max: limit(1, -1) });
  });

  it("relu: 0 attained (by every z ≤ 0: no isolated extreme); linear and leaky_relu unbounded", () => {
    expect(registry("relu").range).toEqual({ min: { value: 0, attained: true, at: null, approachedAs: null }, max: unbounded(1) });
    expect(registry("linear").range).toEqual({ min: unbounded(-1), max: unbounded(1) });
    expect(registry("leaky_relu").range).toEqual({ min: unbounded(-1), max: unbounded(1) });
  });

  it("e^(−z²): 0 approached on both sides (side 0), 1 attained at the isolated maximum z = 0", () => {
    const r = facts(
      (z) => Math.exp(-z * z),
      (z) => -2 * z * Math.exp(-z * z),
    ).range;
    expect(r.min).toEqual(limit(0, 0));
    expect(r.max).toMatchObject({ value: 1, attained: true, approachedAs: null });
    expect(Math.abs(r.max.at!)).toBeLessThan(1e-6);
  });

  it("(z − 0.3)² + 2: the minimum 2 at z = 0.3, found between grid points by golden-section search", () => {
    // f is flat to rounding within √(ε·2) ≈ 2e-8 of 0.3, so the minimum is located to ~1e-7
    const r = facts(
      (z) => (z - 0.3) ** 2 + 2,
      (z) => 2 * (z - 0.3),
    ).range;
    expect(r.min).toMatchObject({ value: 2, attained: true, approachedAs: null });
    expect(Math.abs(r.min.at! - 0.3)).toBeLessThan(1e-6);
    expect(r.max).toEqual(unbounded(1));
  });

  it("|z − 0.0004| + 1: a kink between grid points, refined from the grid's best point (0) to 0.0004", () => {
    const r = facts(
      (z) => Math.abs(z - 0.0004) + 1,
      (z) => Math.sign(z - 0.0004),
    ).range.min;
    expect(r.attained).toBe(true);
    expect(Math.abs(r.at! - 0.0004)).toBeLessThan(1e-9);
    expect(Math.abs(r.value - 1)).toBeLessThan(1e-9);
  });

  it("a minimum at the grid's first or last point (z = ∓10) is attained there, without `at` (no interior refinement)", () => {
    const end = (c: number) =>
      facts(
        (z) => (z - c) ** 2,
        (z) => 2 * (z - c),
      ).range.min;
    expect(end(-10)).toEqual({ value: 0, attained: true, at: null, approachedAs: null });
    expect(end(10)).toEqual({ value: 0, attained: true, at: null, approachedAs: null });
  });

  it("1 − (z − 10)²: the maximum 1 at the grid's last point, z = 10", () => {
    expect(
      facts(
        (z) => 1 - (z - 10) ** 2,
        (z) => -2 * (z - 10),
      ).range.max,
    ).toEqual({ value: 1, attained: true, at: null, approachedAs: null });
  });

  it("max(0, |z| − 1): the minimum 0 holds on all of [−1, 1], so no single `at`", () => {
    expect(
      facts(
        (z) => Math.max(0, Math.abs(z) - 1),
        (z) => (Math.abs(z) > 1 ? Math.sign(z) : 0),
      ).range.min,
    ).toEqual({ value: 0, attained: true, at: null, approachedAs: null });
  });

  it("unbounded means falling by more than 1e-6 between z = ±1000 and ±10000: exactly 1e-6 is a limit", () => {
    // f = e^(−z²) on the grid, 0 far left, −1e-6 (or −2e-6) at z = 10000: the limit is approached as z → +∞
    const stepDown = (drop: number) => (z: number) => (z > 5000 ? -drop : Math.exp(-z * z));
    expect(facts(stepDown(1e-6), () => 0).range.min).toEqual(limit(-1e-6, 1));
    expect(facts(stepDown(2e-6), () => 0).range.min).toEqual(unbounded(-1));
  });

  it("two limits within 1e-12 (relative, for limits past 1) are one limit approached on both sides", () => {
    // on the grid f = 1 (above both limits); from |z| = 500 on, the given values on each side
    const ends = (left: number, right: number) => (z: number) => (z < -500 ? left : z > 500 ? right : 1);
    expect(facts(ends(0, 1e-12), () => 0).range.min).toEqual(limit(0, 0));
    expect(facts(ends(0, 3e-12), () => 0).range.min).toEqual(limit(0, -1));
    // −1e6 and −1e6 + 1e-7: 1e-13 apart relative to 1e6, within 1e-12·1e6 = 1e-6
    expect(facts(ends(-1e6, -1e6 + 1e-7), () => 0).range.min).toEqual(limit(-1e6, 0));
    expect(facts(ends(-1e6, -1e6 + 1e-5), () => 0).range.min).toEqual(limit(-1e6, -1));
  });
});

describe("the largest slope", () => {
  it("linear: f′ = 1 everywhere, a plateau from −∞", () => {
    expect(registry("linear").maxSlope).toEqual({ value: 1, at: null, from: -Infinity, toInfinity: false });
  });

  it("leaky_relu: 1 from z = 0 on (f′(0) = α)", () => {
    expect(registry("leaky_relu").maxSlope).toEqual({ value: 1, at: null, from: 0, toInfinity: false });
  });

  it("max(0, z − 2.0004): the plateau starts at 2.0004, between grid points (bisection)", () => {
    const m = facts(
      (z) => Math.max(0, z - 2.0004),
      (z) => (z > 2.0004 ? 1 : 0),
    ).maxSlope;
    expect(m).toMatchObject({ value: 1, at: null, toInfinity: false });
    expect(Math.abs(m.from! - 2.0004)).toBeLessThan(1e-12);
  });

  it("softplus: f′ → 1 only as z → ∞ (f′(10) = 0.99995 < f′(1000) = 1)", () => {
    expect(registry("softplus").maxSlope).toEqual({ value: 1, at: null, from: null, toInfinity: true });
  });

  it("z³/3 − z: f′ = z² − 1 grows without bound; the card shows f′(1000) = 999999", () => {
    expect(
      facts(
        (z) => z ** 3 / 3 - z,
        (z) => z * z - 1,
      ).maxSlope,
    ).toEqual({ value: 999999, at: null, from: null, toInfinity: true });
  });

  it("e^(−z²): f′ = −2z·e^(−z²) peaks at z = −1/√2 with √2·e^(−½) = 0.857763884960707", () => {
    const m = facts(
      (z) => Math.exp(-z * z),
      (z) => -2 * z * Math.exp(-z * z),
    ).maxSlope;
    expect(Math.abs(m.at! + Math.SQRT1_2)).toBeLessThan(1e-6);
    expect(Math.abs(m.value - Math.SQRT2 * Math.exp(-0.5))).toBeLessThan(1e-12);
    expect([m.from, m.toInfinity]).toEqual([null, false]);
  });

  it("elu with α = 2: the peak is the jump at z = 0 (f′(0) = 2, f′(0⁺) = 1), not a smooth maximum", () => {
    expect(activationFacts(ACTIVATIONS.elu.make({ alpha: 2 })).maxSlope).toEqual({ value: 2, at: 0, from: null, toInfinity: false });
  });

  it("−2z: a constant slope −2, a plateau from −∞", () => {
    expect(
      facts(
        (z) => -2 * z,
        () => -2,
      ).maxSlope,
    ).toEqual({ value: -2, at: null, from: -Infinity, toInfinity: false });
  });

  it("1 − (z − 10)²: f′ = −2(z − 10) is largest at the grid's start, f′(−10) = 40 (a point, not a plateau)", () => {
    // f′(−9.999) = 39.998 < 40, f′(10) = 0 ≠ 40, f′(1000) = −1980: the grid's first point is the answer
    const m = facts(
      (z) => 1 - (z - 10) ** 2,
      (z) => -2 * (z - 10),
    ).maxSlope;
    expect(m).toEqual({ value: 40, at: -10, from: null, toInfinity: false });
  });

  it("a slope that rises beyond the grid by at most 1e-12 is the grid's plateau; by more, it is approached as z → ∞", () => {
    const rise = (by: number) =>
      facts(
        (z) => z,
        (z) => (z > 100 ? 1 + by : 1),
      ).maxSlope;
    expect(rise(1e-12)).toEqual({ value: 1, at: null, from: -Infinity, toInfinity: false });
    expect(rise(3e-12)).toEqual({ value: 1 + 3e-12, at: null, from: null, toInfinity: true });
  });

  it("two equal peaks of f′ (e^(−z²) + e^(−(z−10)²): 1 at z = 0 and at z = 10): the first, at 0", () => {
    // f′ alone decides the slope facts; f′(0) = 1 + e^(−100) = 1 = f′(10) in floating point
    const m = facts(
      (z) => z,
      (z) => Math.exp(-z * z) + Math.exp(-((z - 10) ** 2)),
    ).maxSlope;
    expect(m.value).toBe(1);
    expect(Math.abs(m.at!)).toBeLessThan(1e-6);
    expect([m.from, m.toInfinity]).toEqual([null, false]);
  });

  it("the search stays on [−10, 10]: f′ = −(z − 10.0003)² peaks past the grid, so its largest value there is at 10", () => {
    // f′(10) = −9e-8; f′(10.001) = −4.9e-7; f′(1000) ≈ −980000
    const m = facts(
      (z) => z,
      (z) => -((z - 10.0003) ** 2),
    ).maxSlope;
    expect(m).toEqual({ value: -((10 - 10.0003) ** 2), at: 10, from: null, toInfinity: false });
  });
});

describe("where the slope is negative", () => {
  it("none for relu, sigmoid, softplus", () => {
    expect([registry("relu"), registry("sigmoid"), registry("softplus")].map((f) => f.negativeSlope)).toEqual([null, null, null]);
  });

  it("z³/3 − z: f′ = z² − 1 < 0 on (−1, 1), lowest −1 at 0", () => {
    const n = facts(
      (z) => z ** 3 / 3 - z,
      (z) => z * z - 1,
    ).negativeSlope!;
    // from: the grid point −1 itself (f′(−1) = 0 is ≤ 0: the walk left stops at −1.001); to: bisection for f′ = 0
    expect(n.from).toBe(-1);
    expect(Math.abs(n.to - 1)).toBeLessThan(1e-12);
    expect(Math.abs(n.at)).toBeLessThan(1e-6);
    expect(Math.abs(n.min + 1)).toBeLessThan(1e-12);
  });

  it("(z + 0.25)³/3 − (z + 0.25): the interval (−1.25, 0.75), its end between grid points found by bisection", () => {
    const n = facts(
      (z) => (z + 0.25) ** 3 / 3 - (z + 0.25),
      (z) => (z + 0.25) ** 2 - 1,
    ).negativeSlope!;
    expect(n.from).toBe(-1.25);
    expect(Math.abs(n.to - 0.75)).toBeLessThan(1e-12);
    expect(Math.abs(n.at + 0.25)).toBeLessThan(1e-6);
  });

  it("e^(−z²): f′ < 0 from 0 to +∞ (f′(1000) = −0), lowest −0.857763884960707 at 1/√2", () => {
    const n = facts(
      (z) => Math.exp(-z * z),
      (z) => -2 * z * Math.exp(-z * z),
    ).negativeSlope!;
    expect([n.from, n.to]).toEqual([0, Infinity]);
    expect(Math.abs(n.at - Math.SQRT1_2)).toBeLessThan(1e-6);
    expect(Math.abs(n.min + Math.SQRT2 * Math.exp(-0.5))).toBeLessThan(1e-12);
  });

  it("−2z: negative everywhere, lowest (−2) first met at the grid's start", () => {
    expect(
      facts(
        (z) => -2 * z,
        () => -2,
      ).negativeSlope,
    ).toEqual({ from: -Infinity, to: Infinity, min: -2, at: -10 });
  });

  it("a dip of f′ that ends at the grid's end but not beyond: f′ = −1 on [9, 10], 1 elsewhere", () => {
    const df = (z: number) => (z >= 9 && z <= 10 ? -1 : 1);
    const n = facts((z) => z, df).negativeSlope!;
    // the lowest value holds on all of [9, 10]: golden-section search keeps it (ties move the bracket right)
    expect([n.from, n.min]).toEqual([9, -1]);
    expect(n.at).toBeGreaterThanOrEqual(9);
    expect(n.at).toBeLessThanOrEqual(10);
    // the walk right stops at the grid's last point (10); f′(1000) = 1 > 0, so `to` is bisected in [10, 10.001]: 10
    expect(Math.abs(n.to - 10)).toBeLessThan(1e-12);
  });

  it("z·e^(−z²): f′ = (1 − 2z²)e^(−z²) < 0 on both sides; the left region holds the first minimum −2e^(−3/2) at −√(3/2)", () => {
    // f″ = (4z³ − 6z)e^(−z²) = 0 at z² = 3/2; f′ = 0 at ±1/√2; f′(±1000) = −0, yet the region found ends at −1/√2
    const n = facts(
      (z) => z * Math.exp(-z * z),
      (z) => (1 - 2 * z * z) * Math.exp(-z * z),
    ).negativeSlope!;
    expect(n.from).toBe(-Infinity);
    expect(Math.abs(n.to + Math.SQRT1_2)).toBeLessThan(1e-12);
    expect(Math.abs(n.at + Math.sqrt(1.5))).toBeLessThan(1e-6);
    expect(Math.abs(n.min + 2 * Math.exp(-1.5))).toBeLessThan(1e-12);
  });

  it("−z²/2: f′ = −z is lowest at the grid's last point, −10 at z = 10", () => {
    expect(
      facts(
        (z) => (-z * z) / 2,
        (z) => -z,
      ).negativeSlope,
    ).toEqual({ from: 0, to: Infinity, min: -10, at: 10 });
  });

  it("the interval ends where f′ stops being negative, not where it turns positive (f′ = 0 on [0, 1])", () => {
    const n = facts(
      (z) => z,
      (z) => (z < -1 ? 1 : z < 0 ? -1 : z <= 1 ? 0 : 1),
    ).negativeSlope!;
    expect(n.from).toBe(-1);
    expect(Math.abs(n.to)).toBeLessThan(1e-12);
  });

  it("between two grid points too: f′ = −1 below 0.0002, 0 up to 0.0007, then 1: the interval ends at 0.0002", () => {
    const n = facts(
      (z) => z,
      (z) => (z < -1 ? 1 : z < 0.0002 ? -1 : z < 0.0007 ? 0 : 1),
    ).negativeSlope!;
    expect(Math.abs(n.to - 0.0002)).toBeLessThan(1e-12);
  });

  it("f′ < 0 up to the grid's start but positive far left: the interval starts at −10", () => {
    const df = (z: number) => (z >= -10.5 && z <= -5 ? -1 : 1);
    const n = facts((z) => z, df).negativeSlope!;
    expect(n.from).toBe(-10);
    expect(Math.abs(n.to - -5)).toBeLessThan(1e-12);
  });
});

describe("centring and flat regions", () => {
  it("odd to 1e-12: z + 1e-13 is odd; z + 1e-11 takes both signs", () => {
    expect(
      facts(
        (z) => z + 1e-13,
        () => 1,
      ).centring,
    ).toBe("odd");
    expect(
      facts(
        (z) => z + 1e-11,
        () => 1,
      ).centring,
    ).toBe("both-signs");
  });

  it("an even perturbation only near z = ±10 is seen (the check spans the grid)", () => {
    expect(
      facts(
        (z) => z + (Math.abs(z) > 9.99 ? 1 : 0),
        () => 1,
      ).centring,
    ).toBe("both-signs");
  });

  it("the check is on the grid [−10, 10]: odd there, even beyond (|z| > 10.5), is odd", () => {
    expect(
      facts(
        (z) => z + (Math.abs(z) > 10.5 ? 1 : 0),
        () => 1,
      ).centring,
    ).toBe("odd");
  });

  it("f(z) + f(−z) of exactly 1e-12 (at z = ±10) is still odd", () => {
    // f(10) = 1e-12, f(−10) = 0, f(z) = z elsewhere: the sum is exactly 1e-12 at ±10, 0 at every other point checked
    const f = (z: number) => (Math.abs(z) > 9.9995 ? (z > 0 ? 1e-12 : 0) : z);
    expect(facts(f, () => 1).centring).toBe("odd");
    const g = (z: number) => (Math.abs(z) > 9.9995 ? (z > 0 ? 2e-12 : 0) : z);
    expect(facts(g, () => 1).centring).toBe("both-signs");
  });

  it("e^(−z²) is non-negative; −e^(−z²) (never positive, min −1 < 0) is 'both-signs', the only other answer", () => {
    expect(
      facts(
        (z) => Math.exp(-z * z),
        (z) => -2 * z * Math.exp(-z * z),
      ).centring,
    ).toBe("non-negative");
    expect(
      facts(
        (z) => -Math.exp(-z * z),
        (z) => 2 * z * Math.exp(-z * z),
      ).centring,
    ).toBe("both-signs");
  });

  it("flatUpTo: relu's 0, max(0, z − 2.0004)'s 2; none where f′ is non-zero at −10 or at −1", () => {
    const flat = Object.fromEntries(ACTIVATION_NAMES.map((n) => [n, registry(n).saturation.flatUpTo]));
    expect(flat).toEqual({
      linear: null,
      relu: 0,
      leaky_relu: null,
      elu: null,
      gelu: null,
      gelu_tanh: null,
      swish: null,
      sigmoid: null,
      tanh: null,
      softplus: null,
    });
    // the last grid point where f′ is still 0
    expect(
      facts(
        (z) => Math.max(0, z - 2.0004),
        (z) => (z > 2.0004 ? 1 : 0),
      ).saturation.flatUpTo,
    ).toBe(2);
    // f′ = 0 at −10 but not at −1: no flat region
    expect(
      facts(
        (z) => z,
        (z) => (z < -5 ? 0 : 1),
      ).saturation.flatUpTo,
    ).toBeNull();
    // f′ = 0 at −1 but not at −10
    expect(
      facts(
        (z) => z,
        (z) => (z > -2 && z < 0 ? 0 : 1),
      ).saturation.flatUpTo,
    ).toBeNull();
    // f′ = 0 all along the grid: flat to its end, 10
    expect(
      facts(
        () => 3,
        () => 0,
      ).saturation.flatUpTo,
    ).toBe(10);
  });

  it("saturation: f′ at z = ∓1000", () => {
    expect(
      facts(
        (z) => z ** 3 / 3 - z,
        (z) => z * z - 1,
      ).saturation,
    ).toEqual({ left: 999999, right: 999999, flatUpTo: null });
  });

  it("the card's values are f and f′ at −6, −1, 0, 1, 6", () => {
    expect(
      facts(
        (z) => 2 * z,
        (z) => z,
      ).values,
    ).toEqual([
      { z: -6, f: -12, df: -6 },
      { z: -1, f: -2, df: -1 },
      { z: 0, f: 0, df: 0 },
      { z: 1, f: 2, df: 1 },
      { z: 6, f: 12, df: 6 },
    ]);
  });
});
