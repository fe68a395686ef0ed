/**
 * The lessons that need no training and draw no random numbers (their claims are the same on every seed):
 * activation functions, softmax with temperature, and one step of backpropagation by hand.
 */
import { activationFacts, type ActivationFacts } from "../engine/activation-facts.js";
import { elu, gelu, leakyRelu, relu, sigmoid, swish, tanh } from "../engine/activations.js";
import { traceStep } from "../train/step-trace.js";
import { lessonExperiment, n3, type Lesson } from "./run-lesson.js";

const valueAt = (f: ActivationFacts, z: number) => f.values.find((v) => v.z === z)!;

export const activations: Lesson = {
  name: "activations",
  title: "Activation functions: range, slope, saturation",
  summary: "what sigmoid, tanh, ReLU (and leaky ReLU, ELU, swish) and GELU do to a number, and how steep they are",
  seed: null,
  async run() {
    const [s, t, r, l, e, w, g] = [sigmoid, tanh, relu, leakyRelu(), elu(), swish, gelu].map(activationFacts);
    return {
      narration: [
        `sigmoid squashes any z into (0, 1): σ(−6) = ${n3(valueAt(s, -6).f)}, σ(0) = ${n3(valueAt(s, 0).f)}, σ(6) = ${n3(valueAt(s, 6).f)}. Its slope is at most ${n3(s.maxSlope.value)} (at z = ${n3(Math.round(s.maxSlope.at! * 1000) / 1000)}), and at z = ±6 it is ${n3(valueAt(s, 6).df)}: a saturated unit passes almost no gradient back.`,
        `tanh is sigmoid's zero-centred cousin: tanh(−1) = ${n3(valueAt(t, -1).f)}, tanh(1) = ${n3(valueAt(t, 1).f)}, slope up to ${n3(t.maxSlope.value)} — four times sigmoid's.`,
        `ReLU, max(0, z), the default of hidden layers: relu(−1) = ${n3(valueAt(r, -1).f)}, relu(6) = ${n3(valueAt(r, 6).f)}; its slope is ${n3(valueAt(r, 1).df)} for every z > 0 (no saturation there) and ${n3(valueAt(r, -1).df)} for z ≤ 0: a unit whose z is negative on every sample passes no gradient at all (lesson dying-relu).`,
        `Its variants keep some of the left side. Leaky ReLU: slope ${n3(valueAt(l, -6).df)} for z < 0, so f′ is never 0. ELU: α(eᶻ − 1) for z < 0, f(−6) = ${n3(valueAt(e, -6).f)}, approaching ${n3(e.range.min.value)} as z → −∞ (never reaching it). Swish, z·σ(z): smooth and not monotonic, minimum ${n3(w.range.min.value)} at z = ${n3(w.range.min.at)}.`,
        `GELU is often said to have range (−∞, ∞) and a gradient that is never zero. Measured: its minimum is ${n3(g.range.min.value)} at z = ${n3(g.range.min.at)}, where f′ = 0, and f′ is negative below (down to ${n3(g.negativeSlope?.min)}).`,
      ],
      claims: [
        {
          text: "sigmoid(−6) ≈ 0.0025 and sigmoid(6) ≈ 0.9975",
          holds: Math.abs(valueAt(s, -6).f - 0.0025) < 5e-5 && Math.abs(valueAt(s, 6).f - 0.9975) < 5e-5,
        },
        { text: "sigmoid′ is at most 0.25", holds: Math.abs(s.maxSlope.value - 0.25) < 1e-12 },
        { text: "tanh′ peaks 4× higher than sigmoid′", holds: Math.abs(t.maxSlope.value / s.maxSlope.value - 4) < 1e-9 },
        {
          text: "relu′ is exactly 1 for z > 0 and exactly 0 for z ≤ 0",
          holds: [1, 6].every((z) => relu.df(z) === 1) && [-6, -1, 0].every((z) => relu.df(z) === 0) && r.maxSlope.from === 0,
        },
        { text: "leaky ReLU's slope for z < 0 is 0.01, never 0", holds: l.saturation.left === 0.01 && l.saturation.flatUpTo === null },
        { text: "ELU is bounded below by −1, a limit it never reaches", holds: e.range.min.value === -1 && !e.range.min.attained },
        {
          text: "swish has a minimum ≈ −0.278 at z ≈ −1.278",
          holds: Math.abs(w.range.min.value + 0.2785) < 1e-4 && Math.abs(w.range.min.at! + 1.2785) < 1e-3,
        },
        { text: "GELU is bounded below (minimum ≈ −0.170 at z ≈ −0.752)", holds: Math.abs(g.range.min.value + 0.17) < 1e-3 },
      ],
      exercise:
        "Compare the slopes yourself: nn-lab plot sigmoid tanh relu leaky_relu:0.1 elu swish gelu --derivative. Which one passes the most gradient at z = −2?",
    };
  },
};

export const softmax: Lesson = {
  name: "softmax",
  title: "Softmax and temperature",
  summary: "logits → exponents → probabilities; T < 1 sharpens, T > 1 flattens",
  seed: null,
  async run() {
    const logits = [2, 1, 0.1];
    const at = (T: number) => {
      const raw = logits.map((z) => Math.exp(z / T));
      const m = Math.max(...logits) / T;
      const shifted = logits.map((z) => Math.exp(z / T - m));
      const sr = raw.reduce((a, b) => a + b, 0);
      const ss = shifted.reduce((a, b) => a + b, 0);
      return { raw, sr, p: raw.map((e) => e / sr), q: shifted.map((e) => e / ss) };
    };
    const [cold, one, hot] = [0.5, 1, 2].map(at);
    const same = one.p.every((p, i) => Math.abs(p - one.q[i]) < 1e-15);
    const roundedSum = one.raw.reduce((a, e) => a + Number(e.toFixed(2)), 0);
    return {
      narration: [
        `Logits 2, 1, 0.1 exponentiate to ${one.raw.map(n3).join(", ")} (sum ${n3(one.sr)}); dividing by the sum gives ${one.p.map(n3).join(", ")}.`,
        `A note on the material: it gives the sum as ${roundedSum.toFixed(2)}, which adds the exponents rounded to two places (${one.raw.map((e) => e.toFixed(2)).join(" + ")}). The exact sum e² + e¹ + e^0.1 is ${one.sr.toFixed(4)}, ${one.sr.toFixed(2)} to two places; the probabilities are the same either way to three places.`,
        `Subtracting the largest logit first (the stable way) changes every exponent by the same factor e^(−2), which cancels in the division: the probabilities agree to ${same ? "the last bit that matters (1e-15)" : "less than 1e-15 — they did not here"}.`,
        `Temperature divides the logits: at T = 0.5 the top class gets ${n3(cold.p[0])}, at T = 1 ${n3(one.p[0])}, at T = 2 ${n3(hot.p[0])}.`,
      ],
      claims: [
        {
          text: "exponents 7.39, 2.72, 1.11 with sum 11.2125 (not 11.22)",
          holds: one.raw.map((e) => e.toFixed(2)).join() === "7.39,2.72,1.11" && one.sr.toFixed(4) === "11.2125",
        },
        { text: "probabilities 0.659, 0.242, 0.099", holds: one.p.map((p) => p.toFixed(3)).join() === "0.659,0.242,0.099" },
        { text: "raw and max-shifted exponents give the same probabilities", holds: same },
        { text: "lower temperature sharpens: p_top(T=0.5) > p_top(T=1) > p_top(T=2)", holds: cold.p[0] > one.p[0] && one.p[0] > hot.p[0] },
      ],
      exercise:
        "What happens at T → 0 and T → ∞? Try: nn-lab softmax 2 1 0.1 --temperature 0.1,1,10 --chart (the chart also shows each p as one logit sweeps, and the gradient p − y when one class dominates)",
    };
  },
};

export const backprop: Lesson = {
  name: "backprop",
  title: "Backpropagation by hand",
  summary: "one step of x = 2, y = 1, W1 = 0.5, W2 = 0.3 through the chain rule",
  seed: null,
  async run(_seed: number) {
    const raw = {
      data: { kind: "inline", x: [[2]], y: [1] },
      model: { layers: [1], activation: "relu", output: "linear", bias: false, init: { weights: [[[0.5]], [[0.3]]] } },
      train: { epochs: 1, batch: "full", loss: "mse", optimizer: "sgd", lr: 0.1 },
    };
    const t = traceStep(lessonExperiment("backprop", raw));
    const [l1, l2] = t.layers;
    const dz2 = l2.dz!.data[0];
    const product = dz2 * l2.weight.data[0] * l1.dAct!.data[0] * t.x.data[0];
    const after = traceStep(
      lessonExperiment("backprop", {
        ...raw,
        model: { ...raw.model, init: { weights: [[[l1.newWeight.data[0]]], [[l2.newWeight.data[0]]]] } },
      }),
    );
    return {
      narration: [
        `Forward: z1 = 0.5·2 = ${n3(l1.z.data[0])}, a1 = relu(z1) = ${n3(l1.a.data[0])}, ŷ = 0.3·a1 = ${n3(l2.z.data[0])}; loss (ŷ − 1)² = ${n3(t.loss)}.`,
        `Backward, factor by factor: dL/dz2 = 2(ŷ − y) = ${n3(dz2)}; dz2/da1 = W2 = ${n3(l2.weight.data[0])}; da1/dz1 = relu′(1) = ${n3(l1.dAct!.data[0])}; dz1/dW1 = x = ${n3(t.x.data[0])}. Their product ${n3(dz2)} · ${n3(l2.weight.data[0])} · ${n3(l1.dAct!.data[0])} · ${n3(t.x.data[0])} = ${n3(product)} is the engine's dL/dW1 = ${n3(l1.dW!.data[0])}.`,
        `With lr 0.1: W2 = 0.3 − 0.1·(${n3(l2.dW!.data[0])}) = ${n3(l2.newWeight.data[0])}, W1 = 0.5 − 0.1·(${n3(l1.dW!.data[0])}) = ${n3(l1.newWeight.data[0])}; the loss falls from ${n3(t.loss)} to ${n3(after.loss)}.`,
      ],
      claims: [
        {
          text: "loss 0.49, dL/dW2 = −1.4, dL/dW1 = −0.84",
          holds: Math.abs(t.loss - 0.49) < 1e-12 && Math.abs(l2.dW!.data[0] + 1.4) < 1e-12 && Math.abs(l1.dW!.data[0] + 0.84) < 1e-12,
        },
        { text: "the product of the local factors is the engine's gradient", holds: Math.abs(product - l1.dW!.data[0]) < 1e-15 },
        {
          text: "after the step W2 = 0.44 and W1 = 0.584, and the loss is lower",
          holds: Math.abs(l2.newWeight.data[0] - 0.44) < 1e-12 && Math.abs(l1.newWeight.data[0] - 0.584) < 1e-12 && after.loss < t.loss,
        },
      ],
      exercise:
        "Make the hidden unit's input negative (W1 = −0.5): what are da1/dz1 and dL/dW1 now? nn-lab trace configs/walkthrough.yaml (edit walkthrough.model.json) — or write the weights inline: model.init: {weights: [[[-0.5]], [[0.3]]]}",
    };
  },
};
