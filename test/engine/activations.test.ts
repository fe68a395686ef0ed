/**
 * Hidden activations (docs/spec.md §3: "as torch.nn"). What these tests prove:
 *  - the registry is exactly the ten names of the config docs, with torch's default parameters;
 *  - every activation's forward value matches torch (float64) at points from −800 to 800, scalar `f` and
 *    vectorised `forward` alike;
 *  - every derivative, scalar `df` and vectorised `backward`, matches torch's autograd and float64 central
 *    differences (h = 1e-6, relative error < 1e-6 away from kinks);
 *  - the edge points: relu'(0) = 0, leaky_relu'(0) = α, sigmoid/swish/softplus at ±300 and ±800 stay finite,
 *    softplus switches to the identity above threshold 20 exactly as torch, GELU is exact to ~1 ulp.
 */
import { describe, expect, it } from "vitest";
import {
  ACTIVATION_NAMES,
  ACTIVATIONS,
  gelu,
  geluTanh,
  leakyRelu,
  makeActivation,
  relu,
  sigmoid,
  softplus,
  swish,
  tanh,
  type Activation,
  type ActivationName,
} from "../../src/engine/activations.js";
import { centralDiff, expectAllClose, expectClose, relErr } from "./helpers.js";

/** Run the vectorised forward and backward over `z` with upstream gradient `da`. */
function vectorised(act: Activation, zs: number[], das?: number[]): { a: Float64Array; dz: Float64Array } {
  const n = zs.length;
  const z = Float64Array.from(zs);
  const a = new Float64Array(n);
  const da = das ? Float64Array.from(das) : new Float64Array(n).fill(1);
  const dz = new Float64Array(n);
  act.forward(z, a, n);
  act.backward(z, a, da, dz, n);
  return { a, dz };
}

// Reference values produced with PyTorch 1.13, float64:
//   x = torch.tensor(TORCH_POINTS, dtype=torch.float64, requires_grad=True); y = F(x); y.sum().backward()
//   f = y.tolist(), df = x.grad.tolist()   with F = identity, F.relu, F.leaky_relu(x, 0.01), F.elu(x, 1.0),
//   F.gelu(x), F.gelu(x, approximate="tanh"), F.silu, torch.sigmoid, torch.tanh, F.softplus(x, 1, 20).
const TORCH_POINTS = [-800, -300, -20, -6, -2.5, -1, -0.001, 0, 0.001, 0.5, 2.5, 6, 20, 20.5, 800];
const TORCH: Record<ActivationName, { f: number[]; df: number[] }> = {
  linear: {
    f: [-800, -300, -20, -6, -2.5, -1, -0.001, 0, 0.001, 0.5, 2.5, 6, 20, 20.5, 800],
    df: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
  },
  relu: {
    f: [0, 0, 0, 0, 0, 0, 0, 0, 0.001, 0.5, 2.5, 6, 20, 20.5, 800],
    df: [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1],
  },
  leaky_relu: {
    f: [-8, -3, -0.2, -0.06, -0.025, -0.01, -1e-5, 0, 0.001, 0.5, 2.5, 6, 20, 20.5, 800],
    df: [0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 1, 1, 1, 1, 1, 1, 1],
  },
  elu: {
    f: [
      -1, -1, -0.9999999979388464, -0.9975212478233336, -0.9179150013761012, -0.6321205588285577, -0.000999500166624978, 0, 0.001, 0.5, 2.5,
      6, 20, 20.5, 800,
    ],
    df: [
      0, 5.148200222412013e-131, 2.061153622438558e-9, 0.0024787521766663585, 0.0820849986238988, 0.36787944117144233, 0.999000499833375, 1,
      1, 1, 1, 1, 1, 1, 1,
    ],
  },
  gelu: {
    f: [
      -0, -0, -0, -5.919525869479969e-9, -0.015524163314440398, -0.15865525393145702, -0.000499601057786089, 0, 0.000500398942213911,
      0.34573123063700656, 2.4844758366855597, 5.999999994080474, 20, 20.5, 800,
    ],
    df: [
      0, 0, -1.1041896724319527e-86, -3.546870945402639e-8, -0.03761108590814519, -0.08331547058768635, 0.4992021157051586, 0.5,
      0.5007978842948414, 0.8674951246561629, 1.037611085908145, 1.0000000354687093, 1, 1, 1,
    ],
  },
  gelu_tanh: {
    f: [
      -0, -0, -0, -8.43964897967453e-11, -0.015084266089998577, -0.1588080093917233, -0.000499601057786418, 0, 0.000500398942213582,
      0.34571400982514394, 2.484915733910001, 5.9999999999156035, 20, 20.5, 800,
    ],
    df: [
      0, 0, 0, -7.709976012836329e-10, -0.03795157621266618, -0.08296408384578258, 0.499202115706475, 0.5, 0.500797884293525,
      0.8673699035346424, 1.037951576212666, 1.0000000007709977, 1, 1, 1,
    ],
  },
  swish: {
    f: [
      -0, -1.5444600667236042e-128, -4.122307236380407e-8, -0.014835738939808647, -0.18964545005310887, -0.2689414213699951,
      -0.0004997500000208334, 0, 0.0005002499999791667, 0.3112296656009273, 2.3103545499468914, 5.985164261060192, 19.999999958776925,
      20.499999974371867, 800,
    ],
    df: [
      -0, -1.5393118665011924e-128, -3.9161918660646786e-8, -0.012326432591525513, -0.09940111134152683, 0.07232948812851325,
      0.4995000000833333, 0.5, 0.5004999999166666, 0.7399611873026519, 1.0994011113415267, 1.0123264325915249, 1.0000000391619202,
      1.000000024377981, 1,
    ],
  },
  sigmoid: {
    f: [
      0, 5.148200222412014e-131, 2.0611536181902037e-9, 0.0024726231566347743, 0.07585818002124355, 0.2689414213699951, 0.4997500000208333,
      0.5, 0.5002499999791666, 0.6224593312018546, 0.9241418199787566, 0.9975273768433653, 0.9999999979388463, 0.9999999987498471, 1,
    ],
    df: [
      0, 5.148200222412014e-131, 2.0611536139418496e-9, 0.002466509291360048, 0.07010371654510815, 0.19661193324148185, 0.24999993750001046,
      0.25, 0.24999993750001043, 0.2350037122015945, 0.07010371654510807, 0.002466509291359931, 2.0611536879193953e-9,
      1.2501528685507699e-9, 0,
    ],
  },
  tanh: {
    f: [
      -1, -1, -1, -0.9999877116507956, -0.9866142981514303, -0.7615941559557649, -0.0009999996666668, 0, 0.0009999996666668,
      0.46211715726000974, 0.9866142981514303, 0.9999877116507956, 1, 1, 1,
    ],
    df: [
      0, 0, 0, 2.4576547405302974e-5, 0.02659222668316057, 0.41997434161402614, 0.9999990000006667, 1, 0.9999990000006667,
      0.7864477329659274, 0.02659222668316057, 2.4576547405302974e-5, 0, 0, 0,
    ],
  },
  softplus: {
    f: [
      0, 5.148200222412013e-131, 2.061153620314381e-9, 0.0024756851377304495, 0.07888973429254963, 0.31326168751822286, 0.6926473055599401,
      0.6931471805599453, 0.6936473055599401, 0.9740769841801067, 2.5788897342925496, 6.00247568513773, 20.000000002061153, 20.5, 800,
    ],
    df: [
      0, 5.148200222412013e-131, 2.0611536181902033e-9, 0.0024726231566347748, 0.07585818002124356, 0.2689414213699951, 0.49975000002083336,
      0.5, 0.5002499999791666, 0.6224593312018546, 0.9241418199787564, 0.9975273768433652, 0.9999999979388464, 1, 1,
    ],
  },
};

// Central-difference grid: no kinks (0) and no softplus threshold (20); |z| ≤ 4 so that 1 − tanh² and friends
// are large enough for an O(ε/h) ≈ 1e-10 rounding error to stay below a 1e-6 relative error.
const GRID = [-4, -2.5, -1.3, -0.7, -0.2, -0.013, 0.011, 0.15, 0.6, 1.1, 2.2, 3.7];
// Arbitrary upstream gradients dL/da, so backward must multiply by them rather than return f'.
const UPSTREAM = [0.3, -1.7, 2.5, 0.9, -0.4, 1.1, -2.2, 0.05, 1.3, -0.8, 0.6, -1.9];

describe("ACTIVATIONS registry", () => {
  it("holds exactly the ten hidden activations of the config, in order", () => {
    expect(ACTIVATION_NAMES).toEqual(["linear", "relu", "leaky_relu", "elu", "gelu", "gelu_tanh", "swish", "sigmoid", "tanh", "softplus"]);
    expect(Object.keys(ACTIVATIONS)).toEqual(ACTIVATION_NAMES);
  });

  it("carries torch.nn's default parameters: LeakyReLU(0.01), ELU(1.0), Softplus(beta 1, threshold 20)", () => {
    expect(ACTIVATIONS.leaky_relu.params).toEqual({ alpha: 0.01 });
    expect(ACTIVATIONS.elu.params).toEqual({ alpha: 1 });
    expect(ACTIVATIONS.softplus.params).toEqual({ beta: 1, threshold: 20 });
  });

  it.each(ACTIVATION_NAMES)("makeActivation(%s) builds an activation with that name", (name) => {
    expect(makeActivation({ name }).name).toBe(name);
  });

  it("families: relu-like units can die, sigmoid/tanh saturate, the rest are smooth", () => {
    const family = Object.fromEntries(ACTIVATION_NAMES.map((n) => [n, makeActivation({ name: n }).family]));
    expect(family).toEqual({
      linear: "smooth",
      relu: "relu",
      leaky_relu: "relu",
      elu: "relu",
      gelu: "smooth",
      gelu_tanh: "smooth",
      swish: "smooth",
      sigmoid: "saturating",
      tanh: "saturating",
      softplus: "smooth",
    });
  });

  it("makeActivation passes parameters through and ignores unknown ones", () => {
    // leaky_relu(α = 0.2): f(−1) = −0.2, f'(−1) = 0.2
    const leaky = makeActivation({ name: "leaky_relu", alpha: 0.2 });
    expect(leaky.f(-1)).toBe(-0.2);
    expect(leaky.df(-1)).toBe(0.2);
    // a non-numeric value and an unknown key leave the default α = 0.01
    const dflt = makeActivation({ name: "leaky_relu", alpha: "x", beta: 3 });
    expect(dflt.f(-1)).toBe(-0.01);
  });
});

describe.each(ACTIVATION_NAMES)("%s", (name) => {
  const act = makeActivation({ name });
  const ref = TORCH[name];

  it("forward matches torch (float64) from −800 to 800, scalar and vectorised", () => {
    // 1e-13: torch's ELU uses exp(z) − 1 where we use expm1 (3e-14 apart at z = −0.001), and GELU at z = −2.5
    // cancels in 1 + erf(z/√2) in both (2e-14 apart). Everything else agrees to ≤ 1 ulp.
    expectAllClose(
      TORCH_POINTS.map((z) => act.f(z)),
      ref.f,
      1e-13,
      1e-300,
      `${name}.f`,
    );
    expectAllClose(vectorised(act, TORCH_POINTS).a, ref.f, 1e-13, 1e-300, `${name}.forward`);
  });

  it("derivative matches torch autograd from −800 to 800, scalar and vectorised", () => {
    // 1e-10: 1 − tanh²(6) = 2.46e-5 and ½(1 + tanh u) at z = −6 lose ~1e-11 relative to cancellation, in torch as here.
    expectAllClose(
      TORCH_POINTS.map((z) => act.df(z)),
      ref.df,
      1e-10,
      1e-300,
      `${name}.df`,
    );
    expectAllClose(vectorised(act, TORCH_POINTS).dz, ref.df, 1e-10, 1e-300, `${name}.backward`);
  });

  it("df agrees with float64 central differences of f (h = 1e-6, relative error < 1e-6)", () => {
    for (const z of GRID) {
      const numeric = centralDiff(act.f, z);
      expect(relErr(act.df(z), numeric), `${name}'(${z}): df ${act.df(z)} vs numeric ${numeric}`).toBeLessThan(1e-6);
    }
  });

  it("backward = upstream · f'(z), against central differences", () => {
    const { a, dz } = vectorised(act, GRID, UPSTREAM);
    GRID.forEach((z, i) => {
      expect(a[i]).toBe(act.f(z));
      const numeric = UPSTREAM[i] * centralDiff(act.f, z);
      expect(relErr(dz[i], numeric), `${name} backward at ${z}`).toBeLessThan(1e-6);
    });
  });

  it("stays finite at ±300 and ±800 (forward and derivative)", () => {
    const { a, dz } = vectorised(act, [-800, -300, 300, 800]);
    for (const v of [...a, ...dz]) expect(Number.isFinite(v)).toBe(true);
  });

  it("backward writes only the first n entries and reads nothing past them", () => {
    const z = Float64Array.from([0.5, -0.5, 1.5, NaN]);
    const a = new Float64Array(4).fill(7);
    const da = Float64Array.from([1, 1, 1, NaN]);
    const dz = new Float64Array(4).fill(7);
    act.forward(z, a, 3);
    act.backward(z, a, da, dz, 3);
    expect(a[3]).toBe(7);
    expect(dz[3]).toBe(7);
    for (let i = 0; i < 3; i++) expect(Number.isFinite(dz[i])).toBe(true);
  });
});

describe("edge points", () => {
  it("relu'(0) = 0 exactly, as torch's threshold_backward (z ≤ 0 → 0)", () => {
    expect(relu.df(0)).toBe(0);
    expect(relu.df(-0)).toBe(0);
    expect(relu.df(Number.MIN_VALUE)).toBe(1);
    expect(Array.from(vectorised(relu, [0, -0, 1e-300], [5, 5, 5]).dz)).toEqual([0, 0, 5]);
  });

  it("leaky_relu'(0) = α, as torch's leaky_relu_backward (z > 0 ? 1 : α)", () => {
    const leaky = makeActivation({ name: "leaky_relu" });
    expect(leaky.df(0)).toBe(0.01);
    expect(Array.from(vectorised(leaky, [0, -2, 2], [3, 3, 3]).dz)).toEqual([0.03, 0.03, 3]);
    const l2 = leakyRelu(0.2);
    expect(l2.df(0)).toBe(0.2);
    expect(l2.f(-3)).toBeCloseTo(-0.6, 15);
  });

  it("parametric variants match torch: leaky_relu(0.2), elu(0.5), softplus(beta 2), softplus(threshold 5)", () => {
    // torch float64: F.leaky_relu(x, 0.2), F.elu(x, 0.5), F.softplus(x, 2, 20), F.softplus(x, 1, 5); grads by autograd.
    const xs = [-3, -0.5, 0, 0.7, 10.5, 11];
    const cases: [Activation, number[], number[]][] = [
      [makeActivation({ name: "leaky_relu", alpha: 0.2 }), [-0.6000000000000001, -0.1, 0, 0.7, 10.5, 11], [0.2, 0.2, 0.2, 1, 1, 1]],
      [
        makeActivation({ name: "elu", alpha: 0.5 }),
        [-0.475106465816068, -0.1967346701436833, 0, 0.7, 10.5, 11],
        [0.024893534183931972, 0.3032653298563167, 0.5, 1, 1, 1],
      ],
      [
        makeActivation({ name: "softplus", beta: 2 }),
        // βz = 21 > 20 at z = 10.5: the identity
        [0.0012378425688652247, 0.15663084375911143, 0.34657359027997264, 0.8102087049592255, 10.5, 11],
        [0.0024726231566347748, 0.2689414213699951, 0.5, 0.8021838885585817, 1, 1],
      ],
      [
        makeActivation({ name: "softplus", threshold: 5 }),
        [0.04858735157374206, 0.4740769841801067, 0.6931471805599453, 1.103186048885458, 10.5, 11],
        [0.04742587317756679, 0.37754066879814546, 0.5, 0.6681877721681662, 1, 1],
      ],
    ];
    for (const [act, f, df] of cases) {
      expectAllClose(
        xs.map((x) => act.f(x)),
        f,
        1e-15,
        0,
        `${act.name}.f`,
      );
      expectAllClose(vectorised(act, xs).dz, df, 1e-15, 0, `${act.name}.backward`);
      // the vectorised forward is its own loop (the one training runs): the same values, the same threshold on βz
      expectAllClose(vectorised(act, xs).a, f, 1e-15, 0, `${act.name}.forward`);
    }
  });

  it("sigmoid at ±300 and ±800: finite, in [0, 1], exact limits, derivative ≥ 0", () => {
    // σ(−300) = e^−300/(1 + e^−300) = 5.148200222412014e-131 (torch); e^800 overflows to ∞ and 1/(1 + ∞) = 0.
    expect(sigmoid.f(800)).toBe(1);
    expect(sigmoid.f(-800)).toBe(0);
    expect(sigmoid.f(300)).toBe(1);
    expectClose(sigmoid.f(-300), 5.148200222412014e-131, 1e-15);
    for (const z of [-800, -300, 300, 800]) {
      expect(Number.isFinite(sigmoid.df(z))).toBe(true);
      expect(sigmoid.df(z)).toBeGreaterThanOrEqual(0);
    }
    const { dz } = vectorised(sigmoid, [-800, -300, 300, 800]);
    expect(Array.from(dz).every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
  });

  it("swish and gelu go to −0/0 on the far left and to z on the far right", () => {
    for (const act of [swish, gelu, geluTanh]) {
      expect(act.f(-800)).toBeCloseTo(0, 300);
      expect(act.f(800)).toBe(800);
      expect(act.df(800)).toBe(1);
      expect(Number.isFinite(act.df(-800))).toBe(true);
    }
  });

  it("softplus switches to the identity strictly above βz = 20, as torch", () => {
    const sp = softplus();
    // z = 20 is not above the threshold: log1p(e^20) = 20 + log1p(e^−20) = 20.000000002061153 (torch)
    expect(sp.f(20)).toBe(20.000000002061153);
    expect(sp.df(20)).toBeCloseTo(0.9999999979388464, 16);
    // just above: the identity, derivative 1
    expect(sp.f(20.000001)).toBe(20.000001);
    expect(sp.df(20.000001)).toBe(1);
    // the jump at the threshold is the dropped log1p(e^−20) ≈ 2.06e-9, no more
    expect(Math.abs(sp.f(20) - 20)).toBeLessThan(2.1e-9);
    // far left: log1p(e^−800) = 0, no −∞ or NaN
    expect(sp.f(-800)).toBe(0);
    expect(sp.df(-800)).toBe(0);
    // far right: e^800 overflows, but the threshold branch returns before using it
    expect(sp.f(800)).toBe(800);
    expect(sp.df(800)).toBe(1);
    const { a, dz } = vectorised(sp, [19.5, 20, 20.5, 800]);
    expect(Array.from(a)).toEqual([sp.f(19.5), sp.f(20), 20.5, 800]);
    expect(dz[2]).toBe(1);
    expect(dz[3]).toBe(1);
  });

  it("gelu is exact to ~1 ulp: against 50-digit mpmath ½z(1 + erf(z/√2)) and its derivative", () => {
    // mpmath.mp.dps = 50; g = z/2·(1 + erf(z/√2)), g' = (1 + erf(z/√2))/2 + z·e^(−z²/2)/√(2π), rounded to double.
    const zs = [-1.3, -0.4, 0.3, 1.7, 3.2, 7.5];
    const g = [-0.12584062996129342, -0.13783130335587035, 0.1853734266566858, 1.6242387133104768, 3.1978011585986694, 7.499999999999761];
    const dg = [-0.12597868507653923, 0.1972702022683465, 0.7323277668271099, 1.1153179687821648, 1.0069419443067718, 1.000000000001794];
    expectAllClose(
      zs.map((z) => gelu.f(z)),
      g,
      5e-16,
      0,
      "gelu",
    );
    expectAllClose(
      zs.map((z) => gelu.df(z)),
      dg,
      5e-16,
      0,
      "gelu'",
    );
    // z = −3: 1 + erf(−2.12) = 0.0027 cancels ~8 bits in any double evaluation (torch too): 1e-14.
    expectClose(gelu.f(-3), -0.0040496940948902835, 1e-14);
    expectClose(gelu.df(-3), -0.011945647204183927, 1e-14);
  });

  it("gelu_tanh differs from exact gelu (it is the approximation, not a copy)", () => {
    // torch: F.gelu(1.0) = 0.841344746068543, F.gelu(1.0, approximate="tanh") = 0.8411919906082768
    expect(gelu.f(1)).toBeCloseTo(0.841344746068543, 15);
    expect(geluTanh.f(1)).toBeCloseTo(0.8411919906082768, 15);
  });

  it("saturation thresholds: σ' < 1% of ¼ beyond |z| ≈ 5.99, tanh' < 1% beyond |z| ≈ 2.99", () => {
    // σ(6)(1 − σ(6)) = 0.002466 < 0.0025; σ(5.9)(1 − σ(5.9)) = 0.002717 ≥ 0.0025
    expect(sigmoid.saturated!(sigmoid.f(6))).toBe(true);
    expect(sigmoid.saturated!(sigmoid.f(-6))).toBe(true);
    expect(sigmoid.saturated!(sigmoid.f(5.9))).toBe(false);
    expect(sigmoid.saturated!(0.5)).toBe(false);
    // 1 − tanh²(3) = 0.009866 < 0.01; 1 − tanh²(2.9) = 0.01207
    expect(tanh.saturated!(tanh.f(3))).toBe(true);
    expect(tanh.saturated!(tanh.f(-3))).toBe(true);
    expect(tanh.saturated!(tanh.f(2.9))).toBe(false);
    expect(tanh.saturated!(0)).toBe(false);
  });
});
