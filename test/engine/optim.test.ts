/**
 * Optimizers and gradient clipping (optim.ts), as torch.optim / torch.nn.utils (docs/spec.md §3). What these tests prove:
 *  - one step, and a second step where the optimizer's state matters, of SGD (plain, weight decay, momentum,
 *    nesterov, dampening), Adam (plain, L2 weight decay, amsgrad), AdamW and RMSprop (plain, centered, momentum,
 *    weight decay), each worked out by hand in a comment and checked;
 *  - ten steps on a quadratic, with the gradient recomputed from the moving parameters and, for two cases, a
 *    learning rate that changes every step, land where torch.optim (float64) lands;
 *  - the registry's defaults are torch's; clipGradNorm follows clip_grad_norm_'s max_norm/(total + 1e-6) rule and
 *    says whether it changed anything; clipGradValue clamps.
 */
import { describe, expect, it } from "vitest";
import {
  Adam,
  clipGradNorm,
  clipGradValue,
  makeOptimizer,
  OPTIMIZER_NAMES,
  optimizerDefaults,
  Rmsprop,
  Sgd,
  type AdamOptions,
  type OptimizerChoice,
  type RmspropOptions,
  type SgdOptions,
} from "../../src/engine/optim.js";
import { expectAllClose, expectClose } from "./helpers.js";

const SGD: SgdOptions = { momentum: 0, dampening: 0, nesterov: false, weight_decay: 0 };
const ADAM: AdamOptions = { beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0, amsgrad: false, decoupled: false };
const RMSPROP: RmspropOptions = { alpha: 0.99, eps: 1e-8, momentum: 0, centered: false, weight_decay: 0 };

/** One parameter starting at p = 1; apply the gradients in turn at learning rate lr; p after each step. */
function trajectory(opt: { step(p: Float64Array, g: Float64Array, lr: number): void }, grads: number[], lr: number): number[] {
  const p = Float64Array.of(1);
  return grads.map((g) => {
    opt.step(p, Float64Array.of(g), lr);
    return p[0];
  });
}

// Every "torch:" pair below: p = torch.tensor([1.0], dtype=float64, requires_grad=True); opt = <optimizer>([p], ...);
// for g in grads: p.grad = torch.tensor([g]); opt.step()  → p after each step (PyTorch 1.13).
describe("SGD, by hand (p = 1, gradients 2 then 1)", () => {
  it("plain, lr 0.1: p = 1 − .1·2 = 0.8, then 0.8 − .1·1 = 0.7", () => {
    const [p1, p2] = trajectory(new Sgd(SGD), [2, 1], 0.1);
    expectClose(p1, 0.8, 1e-15);
    expectClose(p2, 0.7, 1e-15); // torch: 0.7000000000000001
  });

  it("weight_decay 0.1: g' = 2 + .1·1 = 2.1 → p = 0.79;  g' = 1 + .1·.79 = 1.079 → p = .79 − .1079 = 0.6821", () => {
    const [p1, p2] = trajectory(new Sgd({ ...SGD, weight_decay: 0.1 }), [2, 1], 0.1);
    expectClose(p1, 0.79, 1e-15); // torch: 0.7899999999999999
    expectClose(p2, 0.6821, 1e-15); // torch: 0.6820999999999999
  });

  it("momentum 0.9: b = g = 2 on the first step → p = 0.8;  b = .9·2 + 1 = 2.8 → p = .8 − .28 = 0.52", () => {
    const [p1, p2] = trajectory(new Sgd({ ...SGD, momentum: 0.9 }), [2, 1], 0.1);
    expectClose(p1, 0.8, 1e-15);
    expectClose(p2, 0.52, 1e-15); // torch: 0.52
  });

  it("nesterov: b = 2, d = 2 + .9·2 = 3.8 → p = 0.62;  b = 2.8, d = 1 + .9·2.8 = 3.52 → p = .62 − .352 = 0.268", () => {
    const [p1, p2] = trajectory(new Sgd({ ...SGD, momentum: 0.9, nesterov: true }), [2, 1], 0.1);
    expectClose(p1, 0.62, 1e-15);
    expectClose(p2, 0.268, 1e-15); // torch: 0.26799999999999996
  });

  it("dampening 0.5 (not applied on the first step): b = 2 → 0.8;  b = .9·2 + .5·1 = 2.3 → p = 0.57", () => {
    const [p1, p2] = trajectory(new Sgd({ ...SGD, momentum: 0.9, dampening: 0.5 }), [2, 1], 0.1);
    expectClose(p1, 0.8, 1e-15);
    expectClose(p2, 0.57, 1e-15); // torch: 0.5700000000000001
  });

  it("momentum 0.9 + weight_decay 0.1: b = 2.1 → 0.79;  g' = 1.079, b = 1.89 + 1.079 = 2.969 → p = 0.4931", () => {
    const [p1, p2] = trajectory(new Sgd({ ...SGD, momentum: 0.9, weight_decay: 0.1 }), [2, 1], 0.1);
    expectClose(p1, 0.79, 1e-15);
    expectClose(p2, 0.4931, 1e-15); // torch: 0.49309999999999987
  });
});

describe("Adam / AdamW, by hand (lr 0.1, β = (0.9, 0.999), ε = 1e-8, p = 1)", () => {
  it("step 1, g = 2: m = .2, v = .004; m̂ = .2/.1 = 2, √v̂ = √(.004/.001) = 2 → p = 1 − .1·2/(2 + 1e-8) = 0.9000000005", () => {
    const [p1] = trajectory(new Adam(ADAM), [2], 0.1);
    expectClose(p1, 0.9000000005, 1e-15); // torch: 0.9000000005
  });

  it("step 2, g = 1: m = .28, v = .004996; m̂ = .28/.19 = 1.473684, v̂ = .004996/.001999 = 2.499250, √v̂ = 1.580902 → p = .9000000005 − .0932180 = 0.8067820", () => {
    const [, p2] = trajectory(new Adam(ADAM), [2, 1], 0.1);
    expectClose(p2, 0.9000000005 - 0.09321796329148963, 1e-15);
    expectClose(p2, 0.8067820372085104, 1e-15); // torch
  });

  it("weight_decay 0.1 (L2, into g): g' = 2 + .1 = 2.1 → p = 1 − .1·2.1/(2.1 + 1e-8) = 0.90000000047619; then g' = 1 + .09 = 1.09", () => {
    // step 2: m = .9·.21 + .1·1.09 = .298, v = .999·.00441 + .001·1.1881 = .00559369; m̂ = 1.568421, √v̂ = 1.672795 → p −= .093760
    const [p1, p2] = trajectory(new Adam({ ...ADAM, weight_decay: 0.1 }), [2, 1], 0.1);
    expectClose(p1, 0.9000000004761904, 1e-15); // torch
    expectClose(p2, 0.8062395121795095, 1e-15); // torch
  });

  it("amsgrad keeps the largest v: g = 2 then 0 → v = .004 then .003996, but v̂max = .004", () => {
    // step 2: m = .18, m̂ = .18/.19 = .947368; amsgrad √(.004/.001999) = 1.414567 → p = .9000000005 − .066972 = 0.833028
    //                                           plain   √(.003996/.001999) = 1.413860 → p = .9000000005 − .067006 = 0.832994
    const [, ams] = trajectory(new Adam({ ...ADAM, amsgrad: true }), [2, 0], 0.1);
    const [, plain] = trajectory(new Adam(ADAM), [2, 0], 0.1);
    expectClose(ams, 0.9000000005 - (0.1 * (0.18 / 0.19)) / (Math.sqrt(0.004 / 0.001999) + 1e-8), 1e-14);
    expectClose(ams, 0.8330276868524189, 1e-15); // torch Adam(amsgrad=True)
    expectClose(plain, 0.8329941755602673, 1e-15); // torch Adam()
  });

  it("AdamW (decoupled, λ = 0.01): p = 1·(1 − .1·.01) = .999, then − .1·2/(2 + 1e-8) → 0.8990000005", () => {
    // step 2: p = .8990000005·.999 = .8981010005, then − .0932180 (as plain Adam) = 0.8048830
    const [p1, p2] = trajectory(new Adam({ ...ADAM, weight_decay: 0.01, decoupled: true }), [2, 1], 0.1);
    expectClose(p1, 0.8990000005, 1e-15); // torch AdamW()
    expectClose(p2, 0.8048830372080104, 1e-15); // torch
  });

  it("AdamW λ = 0.1 decays p by 1 − lr·λ = 0.99 before the Adam step: p = .99 − .1 = 0.89", () => {
    const [p1, p2] = trajectory(new Adam({ ...ADAM, weight_decay: 0.1, decoupled: true }), [2, 1], 0.1);
    expectClose(p1, 0.8900000004999999, 1e-15); // torch AdamW(weight_decay=0.1)
    expectClose(p2, 0.7878820372035104, 1e-15); // torch
  });

  it("bias correction uses the step count t of this optimizer, not a shared one", () => {
    const a = new Adam(ADAM);
    const b = new Adam(ADAM);
    const pa = Float64Array.of(1);
    const pb = Float64Array.of(1);
    a.step(pa, Float64Array.of(2), 0.1);
    a.step(pa, Float64Array.of(1), 0.1);
    b.step(pb, Float64Array.of(2), 0.1); // b's first step is like a's first step
    expectClose(pb[0], 0.9000000005, 1e-15);
    expectClose(pa[0], 0.8067820372085104, 1e-15);
  });
});

describe("RMSprop, by hand (lr 0.01, α = 0.99, ε = 1e-8, p = 1, gradients 2 then 1)", () => {
  it("plain: v = .01·4 = .04, √v = .2 → p = 1 − .01·2/.2 = 0.900000005;  v = .0396 + .01 = .0496, √v = .2227106 → p −= .0449013", () => {
    const [p1, p2] = trajectory(new Rmsprop(RMSPROP), [2, 1], 0.01);
    expectClose(p1, 1 - 0.02 / (0.2 + 1e-8), 1e-15);
    expectClose(p1, 0.9000000049999998, 1e-15); // torch RMSprop(lr=0.01)
    expectClose(p2, 0.855098681509435, 1e-15); // torch
  });

  it("centered: ḡ = .02, v − ḡ² = .0396, √ = .1989975 → p = 1 − .1005038;  ḡ = .0298, v − ḡ² = .04871196, √ = .2207079 → p −= .0453088", () => {
    const [p1, p2] = trajectory(new Rmsprop({ ...RMSPROP, centered: true }), [2, 1], 0.01);
    expectClose(p1, 0.8994962235245836, 1e-15); // torch RMSprop(centered=True)
    expectClose(p2, 0.8994962235245836 - 0.01 / (Math.sqrt(0.04871196) + 1e-8), 1e-14);
    expectClose(p2, 0.8541874633740489, 1e-15); // torch
  });

  it("momentum 0.9: b = 2/.2 = 10 → p = 0.900000005;  b = 9 + 1/.2227106 = 13.490133 → p = .900000005 − .1349013 = 0.765099", () => {
    const [p1, p2] = trajectory(new Rmsprop({ ...RMSPROP, momentum: 0.9 }), [2, 1], 0.01);
    expectClose(p1, 0.9000000049999998, 1e-15); // torch RMSprop(momentum=0.9)
    expectClose(p2, 0.7650986860094348, 1e-15); // torch
  });

  it("weight_decay 0.1: g' = 2.1, v = .0441, √v = .21 → p = 1 − .01·2.1/.21 = 0.9 (+ the ε)", () => {
    const [p1, p2] = trajectory(new Rmsprop({ ...RMSPROP, weight_decay: 0.1 }), [2, 1], 0.01);
    expectClose(p1, 0.9000000047619046, 1e-15); // torch RMSprop(weight_decay=0.1)
    expectClose(p2, 0.8537487475893678, 1e-15); // torch
  });
});

// Ten steps of each optimizer on L(p) = Σᵢ cᵢ(pᵢ − tᵢ)², gradient g = 2c(p − t) recomputed each step, from
// p₀ = [1, −2, 0.5], t = [0.3, 0.7, −1.2], c = [1, 0.5, 3]; learning rate lr·decay^step.
// expected: torch.optim in float64 — opt.zero_grad(); loss = (C*(p-T)**2).sum(); loss.backward(); opt.step(),
// with param_groups[0]["lr"] set to lr·decay**step before each step (PyTorch 1.13).
const TORCH_RUNS: { title: string; choice: OptimizerChoice; lr: number; decay: number; expected: number[] }[] = [
  {
    title: "sgd",
    choice: { name: "sgd", momentum: 0, dampening: 0, nesterov: false, weight_decay: 0 },
    lr: 0.1,
    decay: 1,
    expected: [0.37516192768, -0.24143178826999995, -1.19982174208],
  },
  {
    title: "momentum",
    choice: { name: "momentum", momentum: 0.9, dampening: 0, nesterov: false, weight_decay: 0 },
    lr: 0.05,
    decay: 1,
    expected: [-0.11215257216000017, 1.539491858807998, -0.2638860457599997],
  },
  {
    title: "nesterov",
    choice: { name: "momentum", momentum: 0.9, dampening: 0, nesterov: true, weight_decay: 0 },
    lr: 0.05,
    decay: 1,
    expected: [0.057395279847991025, 1.4073796241325534, -1.0080848960926916],
  },
  {
    title: "momentum, dampening 0.3, weight_decay 0.05",
    choice: { name: "momentum", momentum: 0.9, dampening: 0.3, nesterov: false, weight_decay: 0.05 },
    lr: 0.05,
    decay: 1,
    expected: [-0.09774348379248106, 1.0424514508404672, -0.8254718281504064],
  },
  {
    title: "sgd, weight_decay 0.1",
    choice: { name: "sgd", momentum: 0, dampening: 0, nesterov: false, weight_decay: 0.1 },
    lr: 0.1,
    decay: 1,
    expected: [0.3533448291616203, -0.18569988906274482, -1.1801910833403717],
  },
  {
    title: "adam",
    choice: { name: "adam", beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0, amsgrad: false },
    lr: 0.1,
    decay: 1,
    expected: [0.15345255539772945, -1.0162747250239883, -0.4687478061712681],
  },
  {
    title: "adam, lr decaying 0.9 per step",
    choice: { name: "adam", beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0, amsgrad: false },
    lr: 0.1,
    decay: 0.9,
    expected: [0.393635800981924, -1.3543423085828108, -0.14092669890493098],
  },
  {
    title: "adam, weight_decay 0.1",
    choice: { name: "adam", beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0.1, amsgrad: false },
    lr: 0.1,
    decay: 1,
    expected: [0.14730438511306984, -1.0167964810895598, -0.4681898123471444],
  },
  {
    title: "adam, amsgrad",
    choice: { name: "adam", beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0, amsgrad: true },
    lr: 0.1,
    decay: 1,
    expected: [0.1534653047449086, -1.0162747250239883, -0.4687478061712681],
  },
  {
    title: "adam, betas (0.8, 0.99), eps 1e-6",
    choice: { name: "adam", beta1: 0.8, beta2: 0.99, eps: 1e-6, weight_decay: 0, amsgrad: false },
    lr: 0.1,
    decay: 1,
    expected: [0.21015551331607313, -1.0289845932771742, -0.44736013534236785],
  },
  {
    title: "adamw",
    choice: { name: "adamw", beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0.01, amsgrad: false },
    lr: 0.1,
    decay: 1,
    expected: [0.15013318249607693, -1.0011884934840753, -0.46919836573448137],
  },
  {
    title: "adamw, weight_decay 0.1, amsgrad, lr decaying",
    choice: { name: "adamw", beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0.1, amsgrad: true },
    lr: 0.1,
    decay: 0.9,
    expected: [0.356089527257167, -1.247583271900085, -0.15368606705938478],
  },
  {
    title: "rmsprop",
    choice: { name: "rmsprop", alpha: 0.99, eps: 1e-8, momentum: 0, centered: false, weight_decay: 0 },
    lr: 0.01,
    decay: 1,
    expected: [0.5785051981480372, -1.5126139511415106, 0.024829125408325686],
  },
  {
    title: "rmsprop, centered",
    choice: { name: "rmsprop", alpha: 0.99, eps: 1e-8, momentum: 0, centered: true, weight_decay: 0 },
    lr: 0.01,
    decay: 1,
    expected: [0.5716831703275931, -1.5020063716883785, 0.014905560322140955],
  },
  {
    title: "rmsprop, momentum 0.9",
    choice: { name: "rmsprop", alpha: 0.99, eps: 1e-8, momentum: 0.9, centered: false, weight_decay: 0 },
    lr: 0.01,
    decay: 1,
    expected: [-0.1448534981673922, 0.12966494381467003, -1.4392368936093314],
  },
  {
    title: "rmsprop, alpha 0.9, eps 1e-6, centered, momentum 0.5, weight_decay 0.1",
    choice: { name: "rmsprop", alpha: 0.9, eps: 1e-6, momentum: 0.5, centered: true, weight_decay: 0.1 },
    lr: 0.01,
    decay: 1,
    expected: [0.6390665464904621, -1.603295139620319, 0.1100637203320992],
  },
];

describe("ten steps on a quadratic, against torch.optim (float64)", () => {
  const T = [0.3, 0.7, -1.2];
  const C = [1, 0.5, 3];
  it.each(TORCH_RUNS)("$title", ({ choice, lr, decay, expected }) => {
    const opt = makeOptimizer(choice);
    const p = Float64Array.of(1, -2, 0.5);
    const g = new Float64Array(3);
    for (let step = 0; step < 10; step++) {
      for (let i = 0; i < 3; i++) g[i] = 2 * C[i] * (p[i] - T[i]);
      opt.step(p, g, lr * Math.pow(decay, step));
    }
    expectAllClose(p, expected, 1e-12, 1e-12, choice.name);
  });
});

describe("registry", () => {
  it("holds the five optimizers with torch.optim's defaults (momentum = SGD(0.9), adamw decays 0.01)", () => {
    expect(OPTIMIZER_NAMES).toEqual(["sgd", "momentum", "adam", "adamw", "rmsprop"]);
    expect(optimizerDefaults("sgd")).toEqual({ momentum: 0, dampening: 0, nesterov: false, weight_decay: 0 });
    expect(optimizerDefaults("momentum")).toEqual({ momentum: 0.9, dampening: 0, nesterov: false, weight_decay: 0 });
    expect(optimizerDefaults("adam")).toEqual({ beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0, amsgrad: false });
    expect(optimizerDefaults("adamw")).toEqual({ beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0.01, amsgrad: false });
    expect(optimizerDefaults("rmsprop")).toEqual({ alpha: 0.99, eps: 1e-8, momentum: 0, centered: false, weight_decay: 0 });
  });

  it("makeOptimizer builds adam as L2 and adamw as decoupled decay", () => {
    // same λ = 0.1, g = 2, lr 0.1: adam → 0.90000000047619 (decay inside g); adamw → 0.89 (decay on p)
    const adam = trajectory(makeOptimizer({ name: "adam", ...optimizerDefaults("adam"), weight_decay: 0.1 }), [2], 0.1)[0];
    const adamw = trajectory(makeOptimizer({ name: "adamw", ...optimizerDefaults("adamw"), weight_decay: 0.1 }), [2], 0.1)[0];
    expectClose(adam, 0.9000000004761904, 1e-15);
    expectClose(adamw, 0.8900000004999999, 1e-15);
  });

  it("every optimizer leaves g untouched and works element-wise on the whole flat vector", () => {
    for (const name of OPTIMIZER_NAMES) {
      const opt = makeOptimizer({ name, ...optimizerDefaults(name) } as OptimizerChoice);
      const single = makeOptimizer({ name, ...optimizerDefaults(name) } as OptimizerChoice);
      const p = Float64Array.of(1, -3, 0.25);
      const g = Float64Array.of(2, 0.5, -1);
      opt.step(p, g, 0.1);
      expect(Array.from(g)).toEqual([2, 0.5, -1]);
      // the middle element moves exactly as it would alone
      const q = Float64Array.of(-3);
      single.step(q, Float64Array.of(0.5), 0.1);
      expect(p[1]).toBe(q[0]);
    }
  });
});

describe("clipGradNorm (torch.nn.utils.clip_grad_norm_)", () => {
  it("scales by max_norm/(total + 1e-6) when that is below 1, and says so", () => {
    // g = [3, 0, 4], ‖g‖ = 5, max 1: coef = 1/5.000001 = 0.19999996 → [0.59999988, 0, 0.79999984]
    // torch (grads [3, 0] and [4]): [0.599999880000024, 0.0], [0.799999840000032]
    const g = Float64Array.of(3, 0, 4);
    expect(clipGradNorm(g, 5, 1)).toBe(true);
    expectAllClose(g, [0.599999880000024, 0, 0.799999840000032], 1e-15);
  });

  it("max_norm equal to the norm still scales by 5/5.000001 (as torch: coef < 1)", () => {
    // torch: [2.99999940000012, 0.0], [3.99999920000016]
    const g = Float64Array.of(3, 0, 4);
    expect(clipGradNorm(g, 5, 5)).toBe(true);
    expectAllClose(g, [2.99999940000012, 0, 3.99999920000016], 1e-15);
  });

  it("leaves a gradient under the limit alone and reports no change", () => {
    const g = Float64Array.of(3, 0, 4);
    expect(clipGradNorm(g, 5, 10)).toBe(false);
    expect(Array.from(g)).toEqual([3, 0, 4]);
    const zero = new Float64Array(3);
    expect(clipGradNorm(zero, 0, 1)).toBe(false); // coef = 1/1e-6 ≫ 1
    expect(Array.from(zero)).toEqual([0, 0, 0]);
  });
});

describe("clipGradValue (torch.nn.utils.clip_grad_value_)", () => {
  it("clamps every component to [−v, v] and reports the change", () => {
    // torch: clip_grad_value_ on [−2, 0.3, 5, −0.5] with 1.0 → [−1, 0.3, 1, −0.5]
    const g = Float64Array.of(-2, 0.3, 5, -0.5);
    expect(clipGradValue(g, 1)).toBe(true);
    expect(Array.from(g)).toEqual([-1, 0.3, 1, -0.5]);
  });

  it("a negative component alone below −v is a change", () => {
    // torch: clip_grad_value_ on [−2, 0.3] with 1.0 → [−1, 0.3]; no positive component is over the limit
    const g = Float64Array.of(-2, 0.3);
    expect(clipGradValue(g, 1)).toBe(true);
    expect(Array.from(g)).toEqual([-1, 0.3]);
  });

  it("components exactly at ±v are not a change", () => {
    const g = Float64Array.of(-1, 1, 0.5);
    expect(clipGradValue(g, 1)).toBe(false);
    expect(Array.from(g)).toEqual([-1, 1, 0.5]);
  });
});
