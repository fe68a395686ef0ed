/**
 * The guided lessons of `nn-lab lessons` / `nn-lab lesson NAME`. Each runs its experiment(s) now, narrates from
 * the numbers it measured (never canned ones), checks its claims against them, and ends with an exercise.
 * Experiments are kept tiny (seconds) so a lesson can be followed live and its test is quick.
 */
import { activationFacts } from "../engine/activation-facts.js";
import { gelu, sigmoid, tanh } from "../engine/activations.js";
import { collapse, maxDifference } from "../train/collapse.js";
import { traceStep } from "../train/trace.js";
import { lessonExperiment, n3, runLesson, type Lesson, type LessonRun } from "./run.js";

const LN2 = Math.log(2);
const first = (r: LessonRun) => r.rows[0];
const trained = (r: LessonRun) => r.rows.find((row) => row.epoch >= 1)!;

const activations: Lesson = {
  name: "activations",
  title: "Activation functions: range, slope, saturation",
  summary: "what sigmoid, tanh and GELU do to a number, and how steep they are",
  async run() {
    const s = activationFacts(sigmoid);
    const t = activationFacts(tanh);
    const g = activationFacts(gelu);
    const at = (f: typeof s, z: number) => f.values.find((v) => v.z === z)!;
    return {
      narration: [
        `sigmoid squashes any z into (0, 1): σ(−6) = ${n3(at(s, -6).f)}, σ(0) = ${n3(at(s, 0).f)}, σ(6) = ${n3(at(s, 6).f)}. Its slope is at most ${n3(s.maxSlope.value)} (at z = ${n3(Math.round(s.maxSlope.at! * 1000) / 1000)}), and at z = ±6 it is ${n3(at(s, 6).df)}: a saturated unit passes almost no gradient back.`,
        `tanh is sigmoid's zero-centred cousin: tanh(−1) = ${n3(at(t, -1).f)}, tanh(1) = ${n3(at(t, 1).f)}, slope up to ${n3(t.maxSlope.value)} — four times sigmoid's.`,
        `GELU is often said to have range (−∞, ∞) and a gradient that is never zero. Measured: its minimum is ${n3(g.range.min.value)} at z = ${n3(g.range.min.at)}, where f′ = 0, and f′ is negative below (down to ${n3(g.negativeSlope?.min)}).`,
      ],
      claims: [
        {
          text: "sigmoid(−6) ≈ 0.0025 and sigmoid(6) ≈ 0.9975",
          holds: Math.abs(at(s, -6).f - 0.0025) < 5e-5 && Math.abs(at(s, 6).f - 0.9975) < 5e-5,
        },
        { text: "sigmoid′ is at most 0.25", holds: Math.abs(s.maxSlope.value - 0.25) < 1e-12 },
        { text: "tanh′ peaks 4× higher than sigmoid′", holds: Math.abs(t.maxSlope.value / s.maxSlope.value - 4) < 1e-9 },
        { text: "GELU is bounded below (minimum ≈ −0.170 at z ≈ −0.752)", holds: Math.abs(g.range.min.value + 0.17) < 1e-3 },
      ],
      exercise:
        "Compare the slopes yourself: nn-lab plot sigmoid tanh relu gelu --derivative. Which one passes the most gradient at z = −2?",
    };
  },
};

const softmax: Lesson = {
  name: "softmax",
  title: "Softmax and temperature",
  summary: "logits → exponents → probabilities; T < 1 sharpens, T > 1 flattens",
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
    return {
      narration: [
        `Logits 2, 1, 0.1 exponentiate to ${one.raw.map(n3).join(", ")} (sum ${n3(one.sr)}); dividing by the sum gives ${one.p.map(n3).join(", ")}.`,
        `Subtracting the largest logit first (the stable way) changes every exponent by the same factor e^(−2), which cancels in the division: the probabilities agree to ${same ? "the last bit that matters (1e-15)" : "less than 1e-15 — they did not here"}.`,
        `Temperature divides the logits: at T = 0.5 the top class gets ${n3(cold.p[0])}, at T = 1 ${n3(one.p[0])}, at T = 2 ${n3(hot.p[0])}.`,
      ],
      claims: [
        {
          text: "exponents 7.39, 2.72, 1.11 with sum 11.21",
          holds: one.raw.map((e) => e.toFixed(2)).join() === "7.39,2.72,1.11" && one.sr.toFixed(2) === "11.21",
        },
        { text: "probabilities 0.659, 0.242, 0.099", holds: one.p.map((p) => p.toFixed(3)).join() === "0.659,0.242,0.099" },
        { text: "raw and max-shifted exponents give the same probabilities", holds: same },
        { text: "lower temperature sharpens: p_top(T=0.5) > p_top(T=1) > p_top(T=2)", holds: cold.p[0] > one.p[0] && one.p[0] > hot.p[0] },
      ],
      exercise: "What happens at T → 0 and T → ∞? Try: nn-lab softmax 2 1 0.1 --temperature 0.1,1,10",
    };
  },
};

const backprop: Lesson = {
  name: "backprop",
  title: "Backpropagation by hand",
  summary: "one step of x = 2, y = 1, W1 = 0.5, W2 = 0.3 through the chain rule",
  async run() {
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

const xorBase = (activation: string, layers: number[], epochs: number) => ({
  seed: 2,
  data: { kind: "xor" },
  model: { layers, activation, init: "xavier_uniform" },
  train: { epochs, batch: "full", loss: "bce", optimizer: "sgd", lr: 0.5 },
});

const sigmoidVsRelu: Lesson = {
  name: "sigmoid-vs-relu",
  title: "Sigmoid vs ReLU: ReLU learns faster",
  summary: "the same XOR network with sigmoid and with ReLU hidden units",
  async run() {
    const s = await runLesson("xor-sigmoid", xorBase("sigmoid", [8], 1500));
    const r = await runLesson("xor-relu", xorBase("relu", [8], 1500));
    const when = (x: LessonRun) => x.rows.find((row) => row.train_loss < 0.1)?.epoch ?? null;
    return {
      narration: [
        `XOR, 8 hidden units, plain SGD (lr 0.5), 1500 epochs, same seed and data. After 1500 epochs sigmoid is at loss ${n3(s.final.train_loss)}, ReLU at ${n3(r.final.train_loss)}.`,
        `ReLU first gets below loss 0.1 at epoch ${when(r) ?? "never"}; sigmoid ${when(s) === null ? "never does in this run" : `at epoch ${when(s)}`}. Sigmoid's slope is at most 0.25, so every gradient passing through it shrinks; ReLU passes it whole where z > 0.`,
      ],
      claims: [
        { text: "ReLU ends with a lower training loss than sigmoid", holds: r.final.train_loss < s.final.train_loss },
        { text: "ReLU reaches loss 0.1 first", holds: when(r) !== null && (when(s) === null || when(r)! < when(s)!) },
      ],
      exercise:
        "Does a bigger lr rescue sigmoid? nn-lab compare configs/classic-sigmoid-vs-relu.yaml --vary model.activation=sigmoid,relu --set train.lr=2",
    };
  },
};

const vanishing: Lesson = {
  name: "vanishing-gradients",
  title: "Vanishing gradients",
  summary: "six sigmoid layers: the first layer's gradient is a sliver of the last's",
  async run() {
    const base = (activation: string, init: string) => ({
      seed: 1,
      data: { kind: "moons", n: 200, noise: 0.1, test: 0 },
      model: { layers: [16, 16, 16, 16, 16, 16], activation, init },
      train: { epochs: 3, batch: 32, optimizer: "sgd", lr: 0.1 },
    });
    const s = await runLesson("vanishing-sigmoid", base("sigmoid", "xavier_uniform"));
    const r = await runLesson("vanishing-relu", base("relu", "he"));
    const ratio = (x: LessonRun) => trained(x).grad_norm_layer[0]! / trained(x).grad_norm_layer[5]!;
    return {
      narration: [
        `Six hidden layers of 16 on moons. In the first epoch, sigmoid's layer-1 gradient norm is ${n3(trained(s).grad_norm_layer[0])} against ${n3(trained(s).grad_norm_layer[5])} for layer 6: a ratio of ${n3(ratio(s))}. Each sigmoid layer multiplies the backward signal by at most 0.25.`,
        `With ReLU and He init the ratio is ${n3(ratio(r))}: the gradient reaches the first layer.`,
      ],
      claims: [
        { text: "sigmoid: layer 1 gets less than 1/100 of layer 6's gradient", holds: ratio(s) < 0.01 },
        { text: "ReLU + He: the ratio is over 10× sigmoid's", holds: ratio(r) > 10 * ratio(s) },
      ],
      exercise:
        "Where does tanh land? nn-lab compare configs/classic-vanishing-sigmoid.yaml --vary model.activation=sigmoid,tanh,relu --metric grad_norm_layer1 --log-y",
    };
  },
};

const dyingRelu: Lesson = {
  name: "dying-relu",
  title: "Dying ReLU",
  summary: "units whose input is always negative output 0, get gradient 0, and never recover",
  async run() {
    const base = (activation: string) => ({
      seed: 1,
      data: { kind: "moons", n: 200, noise: 0.1, test: 0 },
      model: { layers: [16, 16], activation, init: "he", bias_init: -3 },
      train: { epochs: 20, batch: 32, optimizer: "adam", lr: 0.01 },
    });
    const r = await runLesson("dying-relu", base("relu"));
    const l = await runLesson("dying-leaky", base("leaky_relu"));
    return {
      narration: [
        `Every hidden bias starts at −3, so z < 0 for every sample. With ReLU, dead_frac_layer1 is ${n3(first(r).dead_frac_layer[0])} at epoch 0 and ${n3(r.final.dead_frac_layer[0])} after ${r.epochs} epochs: the units output 0 and their gradient is 0, so nothing moves them. The loss is ${n3(r.final.train_loss)}: no better than ln 2 = ${n3(LN2)}, what a constant 50% guess scores — only the output bias can learn.`,
        `Leaky ReLU (slope 0.01 for z < 0) starts in the same place but keeps a small gradient: after ${l.epochs} epochs its loss is ${n3(l.final.train_loss)}.`,
      ],
      claims: [
        {
          text: "with ReLU every hidden unit is dead at the start and at the end",
          holds: first(r).dead_frac_layer[0] === 1 && r.final.dead_frac_layer[0] === 1,
        },
        { text: "the ReLU network does no better than a constant guess (loss ≥ ln 2)", holds: r.final.train_loss >= LN2 - 1e-3 },
        { text: "leaky ReLU learns from the same start (loss below ln 2)", holds: l.final.train_loss < LN2 - 1e-3 },
      ],
      exercise:
        "Is it the activation or the starting bias? nn-lab compare configs/classic-dying-relu.yaml --vary model.bias_init=0,-3 --vary model.activation=relu,leaky_relu",
    };
  },
};

const exploding: Lesson = {
  name: "exploding-gradients",
  title: "Exploding gradients and clipping",
  summary: "a too-large step blows up; clipping the gradient norm keeps it finite",
  async run() {
    const base = (clip: unknown) => ({
      seed: 1,
      data: { kind: "sine", n: 100, test: 0 },
      model: { layers: [32, 32], activation: "relu", init: "he" },
      train: { epochs: 20, batch: 10, loss: "mse", optimizer: "sgd", lr: 0.1, clip },
    });
    const raw = await runLesson("exploding", base(null));
    const clipped = await runLesson("exploding-clipped", base({ norm: 1 }));
    const norm0 = trained(clipped).grad_norm;
    return {
      narration: [
        `A 1→32→32→1 ReLU network (He init) on a sine, SGD with lr 0.1 — too large a step for this network. Without clipping the run ends ${raw.status}${raw.diverged_at ? ` at epoch ${raw.diverged_at.epoch}, step ${raw.diverged_at.step}, the gradient norm ${n3(raw.diverged_at.grad_norm_before)} just before` : ""}.`,
        `With clip: {norm: 1} every step is at most lr·1 long: the first epoch's gradient norm is ${n3(norm0)}, clipping changed ${n3(trained(clipped).clipped)} steps, and the run ${clipped.status} with loss ${n3(clipped.final.train_loss)}.`,
      ],
      claims: [
        { text: "without clipping the run diverges", holds: raw.status === "diverged" },
        {
          text: "with clip norm 1 it completes with a finite loss",
          holds: clipped.status === "completed" && Number.isFinite(clipped.final.train_loss),
        },
      ],
      exercise:
        "How large can the clip threshold get before it diverges again? nn-lab compare configs/classic-exploding-gradients.yaml --vary 'train.clip={norm: 1},{norm: 10},{norm: 100}'",
    };
  },
};

const initialisation: Lesson = {
  name: "initialisation",
  title: "Initialisation",
  summary: "He init against weights that are too small: the signal dies and nothing learns",
  async run() {
    const base = (init: unknown) => ({
      seed: 1,
      data: { kind: "moons", n: 200, noise: 0.1, test: 0 },
      model: { layers: [32, 32, 32, 32, 32, 32, 32, 32], activation: "relu", init },
      train: { epochs: 10, batch: 32, optimizer: "sgd", lr: 0.05 },
    });
    const he = await runLesson("init-he", base("he"));
    const tiny = await runLesson("init-tiny", base({ name: "normal", std: 0.01 }));
    return {
      narration: [
        `Eight ReLU layers of 32. With He init (std √(2/fan_in)) the loss starts at ${n3(first(he).train_loss)} and is ${n3(he.final.train_loss)} after ${he.epochs} epochs; layer 1's first gradient norm is ${n3(trained(he).grad_norm_layer[0])}.`,
        `With std 0.01 every layer shrinks the signal ~30×: the output is ≈ 0, the loss is ${n3(tiny.final.train_loss)} (ln 2 = ${n3(LN2)}), and layer 1's gradient norm is ${n3(trained(tiny).grad_norm_layer[0])}.`,
      ],
      claims: [
        { text: "He init trains (loss falls below 0.9 × ln 2)", holds: he.final.train_loss < 0.9 * LN2 },
        { text: "std 0.01 stays at ln 2", holds: Math.abs(tiny.final.train_loss - LN2) < 1e-3 },
        {
          text: "std 0.01 leaves layer 1 a gradient a million times smaller than He's",
          holds: trained(tiny).grad_norm_layer[0]! < 1e-6 * trained(he).grad_norm_layer[0]!,
        },
      ],
      exercise:
        "Try the other extreme: nn-lab compare configs/classic-init.yaml --vary 'model.init=he,{name: normal, std: 1}' — what happens at epoch 1?",
    };
  },
};

const xor: Lesson = {
  name: "xor",
  title: "XOR needs a hidden layer",
  summary: "a linear model gets at most 3 of 4 XOR points; one hidden layer gets all four",
  async run() {
    const lin = await runLesson("xor-linear", xorBase("relu", [], 500));
    const hid = await runLesson("xor-hidden", xorBase("relu", [8], 500));
    return {
      narration: [
        `No hidden layer (logistic regression): after ${lin.epochs} epochs accuracy ${n3(lin.final.train_acc)}, loss ${n3(lin.final.train_loss)} (ln 2 = ${n3(LN2)}). No straight line separates (0,0), (1,1) from (0,1), (1,0).`,
        `One hidden layer of 8 ReLU units: accuracy ${n3(hid.final.train_acc)}, loss ${n3(hid.final.train_loss)}.`,
      ],
      claims: [
        { text: "the linear model gets at most 3 of 4 points", holds: lin.final.train_acc! <= 0.75 },
        { text: "the hidden layer gets all 4", holds: hid.final.train_acc === 1 },
      ],
      exercise: "How few hidden units suffice? nn-lab compare configs/classic-linear-vs-hidden.yaml --vary 'model.layers=[1],[2],[3]'",
    };
  },
};

const linearCollapse: Lesson = {
  name: "linear-collapse",
  title: "Linear layers collapse",
  summary: "stacked linear layers are one linear layer: W3·W2·W1 predicts the same",
  async run() {
    const base = (layers: number[]) => ({
      seed: 3,
      data: { kind: "moons", n: 200, noise: 0.1 },
      model: { layers, activation: "linear" },
      train: { epochs: 100, batch: "full", loss: "bce", optimizer: "adam", lr: 0.05 },
    });
    const stack = await runLesson("collapse-stack", base([8, 8]));
    const single = await runLesson("collapse-single", base([]));
    const c = collapse(stack.mlp);
    const ds = lessonExperiment("collapse-stack", base([8, 8])).data.train;
    const d = maxDifference(stack.mlp, c, ds.x, ds.n);
    return {
      narration: [
        `Two hidden layers of 8 with linear activations: W3·(W2·(W1·x + b1) + b2) + b3. Multiplied out, W = W3·W2·W1 = [${Array.from(c.weight.data, n3).join(", ")}], b = ${n3(c.bias[0])}.`,
        `On the ${ds.n} training points, that one layer and the 3-layer network differ by at most ${n3(d.maxAbs)} (float64 rounding) in outputs up to ${n3(d.maxOutput)}.`,
        `Trained for ${stack.epochs} epochs, the stack reaches train_acc ${n3(stack.final.train_acc)}; a single linear layer trained the same way reaches ${n3(single.final.train_acc)}.`,
      ],
      claims: [
        { text: "the combined layer predicts what the stack predicts (difference < 1e-12)", holds: d.maxAbs < 1e-12 },
        {
          text: "the stack is no more accurate than one linear layer (within 2 points)",
          holds: Math.abs(stack.final.train_acc! - single.final.train_acc!) <= 0.02,
        },
      ],
      exercise: "Put a non-linearity back: nn-lab compare configs/classic-linear-collapse.yaml --vary model.activation=linear,relu",
    };
  },
};

/** The lessons, in the order a course takes them. */
export const LESSONS: readonly Lesson[] = [
  activations,
  softmax,
  backprop,
  sigmoidVsRelu,
  vanishing,
  dyingRelu,
  exploding,
  initialisation,
  xor,
  linearCollapse,
];
