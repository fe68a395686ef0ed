/**
 * Activations at their boundaries (engine/activations.ts), where the other tests' points do not look:
 *  - the scalar derivatives of the parametric activations (the ones `nn-lab plot` and the cards draw): elu′(0) with
 *    α ≠ 1 takes the negative side, α·e⁰ = α, as torch's elu_backward (x ≤ 0); softplus′ with β = 2 is σ(βz) and 1
 *    strictly above βz = 20;
 *  - the saturation test "σ′ below 1% of its maximum ¼" is strict: at a = 0.0025062814466900226, where
 *    a·(1 − a) evaluates to exactly 0.0025 in float64, the unit is not saturated; one ulp lower it is;
 *  - leaky_relu's card says how much slower its negative side learns (1/α) only for 0 < α < 1, and names the
 *    identity (α = 1), a steeper negative side (α > 1) and a flat or reversed one (α ≤ 0) for what they are;
 *  - every card has all four texts, at the defaults and at other parameters, and a parametric formula names the
 *    values it was given.
 */
import { describe, expect, it } from "vitest";
import { ACTIVATION_NAMES, ACTIVATIONS, makeActivation, sigmoid, type ActivationText } from "../../src/engine/activations.js";

/** The next double below x > 0 (one ulp down). */
function ulpBelow(x: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  view.setBigUint64(0, view.getBigUint64(0) - 1n);
  return view.getFloat64(0);
}

describe("scalar derivatives of parametric activations", () => {
  it("elu′(0) with α = 0.5 is α·e⁰ = 0.5 (torch autograd: F.elu(x, 0.5) at 0 → grad 0.5), not the positive side's 1", () => {
    const elu = makeActivation({ name: "elu", alpha: 0.5 });
    expect(elu.df(0)).toBe(0.5);
    expect(elu.df(1e-300)).toBe(1);
    // −1: α·e^−1 = 0.5 · 0.36787944117144233
    expect(elu.df(-1)).toBe(0.5 * Math.exp(-1));
  });

  it("softplus′ with β = 2 is σ(2z), and 1 only strictly above βz = 20 (torch: F.softplus(x, 2, 20) autograd)", () => {
    const sp = makeActivation({ name: "softplus", beta: 2 });
    // σ(1) = 1/(1 + e^−1) = 0.7310585786300049; σ(−6) = 0.0024726231566347748; σ(20) = 0.9999999979388464
    expect(sp.df(0.5)).toBeCloseTo(0.7310585786300049, 15);
    expect(sp.df(-3)).toBeCloseTo(0.0024726231566347748, 17);
    expect(sp.df(10)).toBeCloseTo(0.9999999979388464, 15);
    expect(sp.df(10)).toBeLessThan(1);
    // βz = 21 > 20: the identity's slope, exactly 1
    expect(sp.df(10.5)).toBe(1);
  });
});

describe("saturation is strict: below 1% of the maximum slope, not at it", () => {
  it("sigmoid: a·(1 − a) = 0.0025 exactly is not saturated, one ulp lower is", () => {
    const a = 0.0025062814466900226;
    expect(a * (1 - a)).toBe(0.0025); // the premise: float64 lands exactly on the threshold here
    expect(sigmoid.saturated!(a)).toBe(false);
    const below = ulpBelow(a);
    expect(below * (1 - below)).toBeLessThan(0.0025);
    expect(sigmoid.saturated!(below)).toBe(true);
    expect(sigmoid.countSaturated!(Float64Array.of(a, below, 0.5), 3)).toBe(1);
  });
});

describe("leaky_relu's card: the slowdown 1/α only where it is one", () => {
  const pitfall = (alpha: number) => ACTIVATIONS.leaky_relu.describe({ alpha }).pitfall;

  it("0 < α < 1: the negative side learns 1/α times slower (α = 0.25 → 4×, α = 0.01 → 100×)", () => {
    expect(pitfall(0.25)).toBe("α is one more hyperparameter; with α = 0.25 the negative side learns 4× slower than the positive");
    expect(pitfall(0.01)).toContain("learns 100× slower");
  });

  it("α = 1 is the identity, not '1× slower'", () => {
    expect(pitfall(1)).toBe("α is one more hyperparameter; with α = 1 it is the identity: no non-linearity left");
  });

  it("α > 1: the negative side is steeper; α = 0 and α < 0: flat or reversed — no longer a ReLU either way", () => {
    expect(pitfall(2)).toBe("α is one more hyperparameter; with α = 2 the negative side is steeper than the positive: no longer a ReLU");
    expect(pitfall(0)).toBe("α is one more hyperparameter; with α = 0 the negative side is flat or reversed: no longer a ReLU");
    expect(pitfall(-0.5)).toBe("α is one more hyperparameter; with α = -0.5 the negative side is flat or reversed: no longer a ReLU");
  });
});

describe("every card is written out", () => {
  const describeWith = (name: keyof typeof ACTIVATIONS, params: Record<string, number>): ActivationText =>
    (ACTIVATIONS[name].describe as (p: Record<string, number>) => ActivationText)(params);
  const OTHER: Record<string, Record<string, number>> = {
    leaky_relu: { alpha: 0.25 },
    elu: { alpha: 2 },
    softplus: { beta: 2, threshold: 5 },
  };

  it.each(ACTIVATION_NAMES)("%s: formula, derivative, use and pitfall are all there, at the defaults and at other parameters", (name) => {
    for (const params of [ACTIVATIONS[name].params, OTHER[name] ?? {}]) {
      const text = describeWith(name, params);
      for (const key of ["formula", "derivative", "use", "pitfall"] as const) {
        expect(text[key].trim(), `${name} ${key} with ${JSON.stringify(params)}`).not.toBe("");
      }
    }
  });

  it("a parametric card names the values it was given", () => {
    expect(describeWith("leaky_relu", { alpha: 0.25 }).formula).toContain("(α = 0.25)");
    expect(describeWith("elu", { alpha: 2 }).formula).toContain("(α = 2)");
    // α(eᶻ − 1) → −α for z → −∞: the floor with α = 2 is −2
    expect(describeWith("elu", { alpha: 2 }).pitfall).toContain("f → −α = -2,");
    const sp = describeWith("softplus", { beta: 2, threshold: 5 }).formula;
    expect(sp).toContain("(β = 2)");
    expect(sp).toContain("βz > 5");
  });
});
