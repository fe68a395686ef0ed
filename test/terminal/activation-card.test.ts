/**
 * Activation cards (src/engine/activation-facts.ts, src/terminal/activation-card.ts) against independent values.
 * Reference numbers were computed once with PyTorch 1.13 in float64 (torch.nn.functional.*, f by the function,
 * f′ by autograd) and written here; extremes by bisection on autograd's f′ (f′ = 0) and on a central difference of
 * f′ (f″ = 0). Closed forms where they exist: gelu″(z) = φ(z)(2 − z²) = 0 at z = ±√2, so gelu′ peaks at √2 with
 * Φ(√2) + √2·φ(√2) = 1.12890; σ′(0) = ¼; tanh′(0) = 1; σ(±6) = 0.0025, 0.9975 (the material's numbers).
 */
import { describe, expect, it } from "vitest";
import { activationFacts } from "../../src/engine/activation-facts.js";
import { ACTIVATION_NAMES, ACTIVATIONS, type Activation, type ActivationName } from "../../src/engine/activations.js";
import { activationCard, rangeText, registryCard } from "../../src/terminal/activation-card.js";
import { visibleWidth } from "../../src/terminal/colors.js";
import { cards } from "../../src/cli/plot.js";
import { runMain } from "../helpers.js";

const make = (name: ActivationName): Activation => {
  const e = ACTIVATIONS[name];
  return (e.make as (p: Record<string, number>) => Activation)(e.params);
};

/** torch float64: [f(z), f′(z)] at z = −6, −1, 0, 1, 6. */
const TORCH: Record<Exclude<ActivationName, "linear">, [number, number][]> = {
  relu: [
    [0, 0],
    [0, 0],
    [0, 0],
    [1, 1],
    [6, 1],
  ],
  leaky_relu: [
    [-0.06, 0.01],
    [-0.01, 0.01],
    [0, 0.01],
    [1, 1],
    [6, 1],
  ],
  elu: [
    [-0.9975212478233336, 0.0024787521766663585],
    [-0.6321205588285577, 0.36787944117144233],
    [0, 1],
    [1, 1],
    [6, 1],
  ],
  gelu: [
    [-5.919525869479969e-9, -3.546870945402639e-8],
    [-0.15865525393145702, -0.08331547058768635],
    [0, 0.5],
    [0.841344746068543, 1.0833154705876864],
    [5.999999994080474, 1.0000000354687093],
  ],
  gelu_tanh: [
    [-8.43964897967453e-11, -7.709976012836329e-10],
    [-0.15880800939172324, -0.08296408384578252],
    [0, 0.5],
    [0.8411919906082768, 1.0829640838457826],
    [5.9999999999156035, 1.0000000007709977],
  ],
  swish: [
    [-0.014835738939808647, -0.012326432591525513],
    [-0.2689414213699951, 0.07232948812851325],
    [0, 0.5],
    [0.7310585786300049, 0.9276705118714869],
    [5.985164261060192, 1.0123264325915249],
  ],
  sigmoid: [
    [0.0024726231566347743, 0.002466509291360048],
    [0.2689414213699951, 0.19661193324148185],
    [0.5, 0.25],
    [0.7310585786300049, 0.19661193324148185],
    [0.9975273768433653, 0.002466509291359931],
  ],
  tanh: [
    [-0.9999877116507956, 2.4576547405302974e-5],
    [-0.7615941559557649, 0.41997434161402614],
    [0, 1],
    [0.7615941559557649, 0.41997434161402614],
    [0.9999877116507956, 2.4576547405302974e-5],
  ],
  softplus: [
    [0.0024756851377304495, 0.0024726231566347748],
    [0.31326168751822286, 0.2689414213699951],
    [0.6931471805599453, 0.5],
    [1.3132616875182228, 0.7310585786300049],
    [6.00247568513773, 0.9975273768433652],
  ],
};

const close = (a: number, b: number, rel: number) =>
  expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.max(1e-300, Math.abs(b)) + 1e-15);

describe("activation facts: the values at z = −6, −1, 0, 1, 6 are torch's", () => {
  it.each(Object.keys(TORCH) as (keyof typeof TORCH)[])("%s", (name) => {
    const facts = activationFacts(make(name));
    facts.values.forEach((v, i) => {
      close(v.f, TORCH[name][i][0], 1e-9);
      close(v.df, TORCH[name][i][1], 1e-9);
    });
  });

  it("sigmoid(−6) ≈ 0.0025, sigmoid(0) = 0.5, sigmoid(6) ≈ 0.9975; its slope peaks at ¼ at 0", () => {
    const f = activationFacts(make("sigmoid"));
    expect(f.values.map((v) => v.f.toFixed(4))).toEqual(["0.0025", "0.2689", "0.5000", "0.7311", "0.9975"]);
    close(f.maxSlope.value, 0.25, 1e-12);
    expect(Math.abs(f.maxSlope.at!)).toBeLessThan(1e-6);
  });
});

describe("activation facts: ranges, extremes and slopes", () => {
  it("GELU's range is not (−∞, ∞): its minimum is −0.16997 at z = −0.75179 (torch, bisection on f′)", () => {
    const f = activationFacts(make("gelu"));
    close(f.range.min.value, -0.16997120747990363, 1e-9);
    close(f.range.min.at!, -0.7517915246935645, 1e-6);
    expect(f.range.min.attained).toBe(true);
    expect(f.range.max.value).toBe(Infinity);
  });

  it("GELU's gradient is zero at that minimum and negative below it, lowest at −√2", () => {
    const n = activationFacts(make("gelu")).negativeSlope!;
    expect(n.from).toBe(-Infinity);
    close(n.to, -0.7517915246935645, 1e-6);
    close(n.at, -Math.SQRT2, 1e-6);
    close(n.min, -0.12890414518515483, 1e-9);
  });

  it("GELU's slope peaks at z = √2 with 1.12890 (gelu″ = φ(z)(2 − z²))", () => {
    const m = activationFacts(make("gelu")).maxSlope;
    close(m.at!, Math.SQRT2, 1e-6);
    close(m.value, 1.1289041451851547, 1e-9);
  });

  it("swish: minimum −0.27846 at z = −1.27846, slope peak 1.09984 at 2.39936 (torch)", () => {
    const f = activationFacts(make("swish"));
    close(f.range.min.value, -0.2784645427610738, 1e-9);
    close(f.range.min.at!, -1.278464542761074, 1e-6);
    close(f.maxSlope.value, 1.099839320128867, 1e-9);
    close(f.maxSlope.at!, 2.3993572805345735, 1e-6);
  });

  it("gelu_tanh: minimum −0.17004 at z = −0.75246 (torch approximate='tanh')", () => {
    const f = activationFacts(make("gelu_tanh"));
    close(f.range.min.value, -0.17004075057125412, 1e-9);
    close(f.range.min.at!, -0.7524614220710162, 1e-6);
    expect(f.negativeSlope!.from).toBe(-Infinity);
  });

  it.each([
    ["linear", "(-∞, ∞)"],
    ["relu", "[0, ∞)"],
    ["leaky_relu", "(-∞, ∞)"],
    ["elu", "(-1, ∞)"],
    ["gelu", "[-0.170, ∞)"],
    ["gelu_tanh", "[-0.170, ∞)"],
    ["swish", "[-0.278, ∞)"],
    ["sigmoid", "(0, 1)"],
    ["tanh", "(-1, 1)"],
    ["softplus", "(0, ∞)"],
  ] as const)("%s: range %s (closed where a finite z reaches it)", (name, range) => {
    expect(rangeText(activationFacts(make(name)))).toBe(range);
  });

  it("ReLU: slope 1 for z > 0, exactly 0 for z ≤ 0 (the dying-ReLU region); no negative slope", () => {
    const f = activationFacts(make("relu"));
    expect(f.maxSlope).toEqual({ value: 1, at: null, from: 0, toInfinity: false });
    expect(f.saturation.flatUpTo).toBe(0);
    expect(f.negativeSlope).toBeNull();
    expect(f.centring).toBe("non-negative");
  });

  it("zero-centred: tanh and linear are odd, sigmoid and relu non-negative, the rest take both signs", () => {
    const c = Object.fromEntries(ACTIVATION_NAMES.map((n) => [n, activationFacts(make(n)).centring]));
    expect(c).toEqual({
      linear: "odd",
      relu: "non-negative",
      leaky_relu: "both-signs",
      elu: "both-signs",
      gelu: "both-signs",
      gelu_tanh: "both-signs",
      swish: "both-signs",
      sigmoid: "non-negative",
      tanh: "odd",
      softplus: "non-negative",
    });
  });

  it("saturation: sigmoid and tanh on both sides (f′ → 0), softplus only left, leaky_relu nowhere (f′ → 0.01)", () => {
    const s = (n: ActivationName) => activationFacts(make(n)).saturation;
    expect(s("sigmoid")).toMatchObject({ left: 0, right: 0 });
    expect(s("tanh")).toMatchObject({ left: 0, right: 0 });
    expect(s("softplus")).toMatchObject({ left: 0, right: 1 });
    expect(s("leaky_relu")).toMatchObject({ left: 0.01, right: 1, flatUpTo: null });
  });

  it("a changed parameter changes the card's numbers: elu with α = 2 goes down to −2", () => {
    expect(rangeText(activationFacts(ACTIVATIONS.elu.make({ alpha: 2 })))).toBe("(-2, ∞)");
  });
});

describe("activation cards", () => {
  it("the GELU card states its true minimum and says the two common claims are false", () => {
    const card = registryCard("gelu", 80);
    expect(card).toContain("range         [-0.170, ∞) — minimum -0.170 at z = -0.752");
    expect(card).toMatch(/f′ = 0 at z = -0\.752 and f′ < 0 for z < -0\.752/);
    expect(card).toContain("its range is not (−∞, ∞)");
    expect(card).toContain("its gradient is not non-zero");
    expect(card).toMatch(/^ +f\(z\) +-5\.92e-9 +-0\.1587 +0 +0\.8413 +6$/m);
    expect(card).toMatch(/^ +f′\(z\) +-3\.55e-8 +-0\.08332 +0\.5 +1\.083 +1$/m);
  });

  it("the sigmoid card: formula, f′ ≤ ¼, saturation on both sides with f′(±6), not zero-centred", () => {
    const card = registryCard("sigmoid", 80);
    expect(card).toContain("σ(z) = 1/(1 + e^(−z))");
    expect(card).toContain("max f′ = 0.250 at z = 0");
    expect(card).toMatch(/yes, both sides: .*f′\(−6\) = 0\.002467, f′\(6\) =\s+0\.002467/s);
    expect(card).toContain("zero-centred  no: outputs ≥ 0 (f(0) = 0.5)");
    expect(card).toMatch(/^ +f\(z\) +0\.002473 +0\.2689 +0\.5 +0\.7311 +0\.9975$/m);
  });

  it("the relu card names the dying-ReLU pitfall", () => {
    expect(registryCard("relu", 80)).toMatch(/pitfall +dying ReLU/);
  });

  it("notes where the material is imprecise: relu′ = 1 does not prevent vanishing; tanh vanishes, more mildly", () => {
    // both backed by lessons whose claims hold on seeds 1–10 (test/lessons): initialisation, vanishing-gradients
    expect(ACTIVATIONS.relu.pitfall).toContain(
      "And relu′ = 1 does not by itself prevent vanishing gradients, as is often said: the weights are in every layer's factor too, and with std 0.01 eight ReLU layers leave layer 1 a gradient a billion times smaller than He init's (nn-lab lesson initialisation)",
    );
    expect(ACTIVATIONS.tanh.pitfall).toBe(
      "saturates for |z| > 3 (f′ < 0.01): deep tanh stacks still suffer vanishing gradients, more mildly than sigmoid (f′ up to 1, not ¼: nn-lab lesson vanishing-gradients)",
    );
  });

  it.each([60, 80, 160])("fits in %i columns", (width) => {
    for (const name of ACTIVATION_NAMES) {
      const lines = registryCard(name, width).split("\n");
      expect(Math.max(...lines.map(visibleWidth))).toBeLessThanOrEqual(width);
    }
  });

  it("a parametric activation's card says its parameters (leaky_relu:0.2: α = 0.2, 5× slower — it said α = 0.01, 100×)", () => {
    const card = cards(["leaky_relu:0.2"], 80).split("\n");
    expect(card).toContain("  f(z)          z for z > 0, else αz (α = 0.2)");
    expect(card).toContain("  pitfall       α is one more hyperparameter; with α = 0.2 the negative side");
    expect(card).toContain("                learns 5× slower than the positive");
    expect(card).toContain("  saturating    no: f′ → 0.2 on the left and 1 on the right");
  });

  it("softplus:beta=2 says β = 2 (it said β = 1); elu:2 says f → −2 and its slope peak 2 at z = 0 (it said 1)", () => {
    const softplus = cards(["softplus:beta=2"], 80).split("\n");
    expect(softplus).toContain("  f(z)          log(1 + e^(βz))/β (β = 2), and z where βz > 20");
    expect(softplus).toContain("  range         (0, ∞) — 0 is a limit as z → −∞, never reached");
    const elu = cards(["elu:2"], 80).split("\n");
    expect(elu).toContain("  f(z)          z for z > 0, else α(eᶻ − 1) (α = 2)");
    expect(elu).toContain("  range         (-2, ∞) — -2 is a limit as z → −∞, never reached");
    // elu′(z) = αeᶻ = 2 at z = 0 (and → 2 from the left), 1 for z > 0
    expect(elu).toContain("  slope         max f′ = 2 at z = 0");
    expect(elu).toContain("  pitfall       saturates for z → −∞ (f → −α = -2, f′ → 0); the exponential");
  });

  it("a range line says on which side each limit is approached (it said z → ±∞ for ELU and softplus)", () => {
    const range = (name: ActivationName) =>
      registryCard(name, 100)
        .split("\n")
        .find((l) => l.startsWith("  range"));
    expect(range("elu")).toBe("  range         (-1, ∞) — -1 is a limit as z → −∞, never reached");
    expect(range("softplus")).toBe("  range         (0, ∞) — 0 is a limit as z → −∞, never reached");
    expect(range("sigmoid")).toBe("  range         (0, 1) — 0 and 1 are limits as z → −∞ and z → ∞, never reached");
    expect(range("tanh")).toBe("  range         (-1, 1) — -1 and 1 are limits as z → −∞ and z → ∞, never reached");
  });

  it("computes from the activation it is given, not from the name", () => {
    const card = activationCard("leaky_relu:0.2", ACTIVATIONS.leaky_relu.make({ alpha: 0.2 }), ACTIVATIONS.leaky_relu, 80);
    expect(card).toMatch(/^ +f\(z\) +-1\.2 +-0\.2 +0 +1 +6$/m);
  });
});

describe("nn-lab plot / activations / softmax (CLI, in-process)", () => {
  it("plot gelu prints the chart and, under it, the card", async () => {
    const r = await runMain(["plot", "gelu"]);
    expect(r.code).toBe(0);
    const chart = r.stdout.indexOf("f(z)");
    expect(r.stdout.indexOf("minimum -0.170 at z = -0.752")).toBeGreaterThan(chart);
  });

  it("plot with several names prints their comparison rows", async () => {
    const r = await runMain(["plot", "sigmoid", "tanh"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ +sigmoid +\(0, 1\) +0\.250 @0 +0\.002467 +0\.002467 +no +both +no$/m);
    expect(r.stdout).toMatch(/^ +tanh +\(-1, 1\) +1 @0 +2\.46e-5 +2\.46e-5 +yes +both +no$/m);
  });

  it("plot softmax points to the softmax command and exits 0", async () => {
    const r = await runMain(["plot", "softmax"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("nn-lab softmax 2.0 1.0 0.1");
    expect(r.stderr).toBe("");
  });

  it("activations prints one row per registry entry, in 80 columns", async () => {
    const r = await runMain(["activations"]);
    expect(r.code).toBe(0);
    for (const name of ACTIVATION_NAMES) expect(r.stdout).toMatch(new RegExp(`^  ${name} `, "m"));
    expect(r.stdout).toMatch(/^ +gelu +\[-0\.170, ∞\) +1\.129 @1\.414 +-3\.55e-8 +1 +partly +left +yes$/m);
    expect(Math.max(...r.stdout.split("\n").map(visibleWidth))).toBeLessThanOrEqual(80);
  });

  it("softmax shows the raw exponents 7.39, 2.72, 1.11 (sum 11.21) next to the shifted ones and why p agrees", async () => {
    const r = await runMain(["softmax", "2.0", "1.0", "0.1"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ +2\.0 +7\.39 +1\.0000 +0\.659/m);
    expect(r.stdout).toMatch(/^ +1\.0 +2\.72 +0\.3679 +0\.242/m);
    expect(r.stdout).toMatch(/^ +0\.1 +1\.11 +0\.1496 +0\.099/m);
    expect(r.stdout).toMatch(/^ +sum +11\.21 +1\.5174 +1\.000$/m);
    expect(r.stdout).toMatch(/factor e\^\(−m\) is in every exponent and in\s+their sum, so it cancels/);
  });
});
