/**
 * Gradients through depth: the product of per-layer factors. Below 1 (sigmoid's slope ≤ ¼, or weights too small)
 * the first layers get nothing — vanishing; above 1 (weights too large) the product explodes. Each lesson
 * measures the factors and the gradient norms and narrates them.
 */
import { maxOf, minOf, signalFactors } from "./factors.js";
import { LN2, n3, runLesson, type Lesson, type LessonRun } from "./run-lesson.js";

const trained = (r: LessonRun) => r.rows.find((row) => row.epoch >= 1)!;
const list = (xs: readonly number[]) => xs.map(n3).join(", ");

export const vanishing: Lesson = {
  name: "vanishing-gradients",
  title: "Vanishing gradients",
  summary: "six sigmoid layers: the first layer's gradient is a sliver of the last's; tanh and ReLU + He keep it",
  seed: 1,
  async run(seed: number) {
    const base = (activation: string, init: string) => ({
      seed,
      data: { kind: "moons", n: 200, noise: 0.1, test: 0 },
      model: { layers: [16, 16, 16, 16, 16, 16], activation, init },
      train: { epochs: 3, batch: 32, optimizer: "sgd", lr: 0.1 },
    });
    const s = await runLesson("vanishing-sigmoid", base("sigmoid", "xavier_uniform"));
    const t = await runLesson("vanishing-tanh", base("tanh", "xavier_uniform"));
    const r = await runLesson("vanishing-relu", base("relu", "he"));
    const ratio = (x: LessonRun) => trained(x).grad_norm_layer[0]! / trained(x).grad_norm_layer[5]!;
    return {
      narration: [
        `Six hidden layers of 16 on moons. In the first epoch, sigmoid's layer-1 gradient norm is ${n3(trained(s).grad_norm_layer[0])} against ${n3(trained(s).grad_norm_layer[5])} for layer 6: a ratio of ${n3(ratio(s))}. Each sigmoid layer multiplies the backward signal by its slope, at most 0.25, and the product shrinks exponentially with depth. After ${s.epochs} epochs its loss is ${n3(s.final.train_loss)} (ln 2 = ${n3(LN2)}: nothing learned yet).`,
        `tanh also saturates, but its slope goes up to 1, not 0.25: with Xavier init its ratio is ${n3(ratio(t))} and its loss ${n3(t.final.train_loss)} after ${t.epochs} epochs. It vanishes more mildly — only where its units saturate (|z| > 3).`,
        `With ReLU and He init the ratio is ${n3(ratio(r))} and the loss ${n3(r.final.train_loss)}: the gradient reaches the first layer.`,
      ],
      claims: [
        {
          text: "sigmoid: layer 1 gets less than 1/100 of layer 6's gradient",
          holds: ratio(s) < 0.01,
          measured: { name: "ratio", value: ratio(s) },
        },
        {
          text: "tanh: the ratio is over 10× sigmoid's",
          holds: ratio(t) > 10 * ratio(s),
          measured: { name: "tanh ratio", value: ratio(t) },
        },
        {
          text: "ReLU + He: the ratio is over 10× sigmoid's",
          holds: ratio(r) > 10 * ratio(s),
          measured: { name: "ReLU ratio", value: ratio(r) },
        },
        {
          text: "after 3 epochs sigmoid is still at ln 2 (± 0.01) while tanh and ReLU are below 0.5",
          holds: Math.abs(s.final.train_loss - LN2) < 0.01 && t.final.train_loss < 0.5 && r.final.train_loss < 0.5,
        },
      ],
      exercise:
        "Where does tanh land over a longer run? nn-lab compare configs/classic-vanishing-sigmoid.yaml --vary model.activation=sigmoid,tanh,relu --metric grad_norm_layer1 --log-y",
    };
  },
};

/** The deep ReLU net of the initialisation experiments (configs/classic-init.yaml, fewer epochs). */
const deepRelu = (seed: number, init: unknown, clip: unknown = null) => ({
  seed,
  data: { kind: "moons", n: 200, noise: 0.1, test: 0 },
  model: { layers: [32, 32, 32, 32, 32, 32, 32, 32], activation: "relu", init },
  train: { epochs: 10, batch: 32, optimizer: "sgd", lr: 0.05, clip },
});
const normal = (std: number) => ({ name: "normal", std });

export const exploding: Lesson = {
  name: "exploding-gradients",
  title: "Exploding gradients: a product of factors above 1",
  summary: "weights too large make every layer multiply the gradient by ~4; clipping bounds the step, He init removes the cause",
  seed: 1,
  async run(seed: number) {
    const big = signalFactors("exploding", deepRelu(seed, normal(1)));
    const he = signalFactors("exploding-he", deepRelu(seed, "he"));
    const raw = await runLesson("exploding", deepRelu(seed, normal(1)));
    const clipped = await runLesson("exploding-clipped", deepRelu(seed, normal(1), { norm: 1 }));
    const half = await runLesson("exploding-half", deepRelu(seed, normal(0.5)));
    const cured = await runLesson("exploding-he", deepRelu(seed, "he"));
    const at = raw.diverged_at;
    return {
      narration: [
        `Eight ReLU layers of 32 on moons, weights drawn with std 1 (SGD, lr 0.05). Going backward through the first batch, each hidden layer (1 to 8) multiplied the gradient's norm by ${list(big.backward)} — theory says σ·√(fan_in/2) = 1·√(32/2) = 4 — so layer 1 gets ${n3(big.product)}× the output's gradient: a product of factors above 1 grows exponentially with depth. The loss starts at ${n3(raw.rows[0].train_loss)}.`,
        `Without a cure the run ends ${raw.status}${at ? ` at epoch ${at.epoch}, step ${at.step}${at.grad_norm_before !== null ? `, after a gradient norm of ${n3(at.grad_norm_before)}` : ""}` : ""}: one step of lr × that gradient throws the weights far away, and the next gradient is larger still.`,
        `Cure 1, clipping (clip: {norm: 1}): every step is at most lr·1 long. The first epoch's gradient norm is still ${n3(trained(clipped).grad_norm)} before clipping, but the run ${clipped.status} and its loss falls from ${n3(clipped.rows[0].train_loss)} to ${n3(clipped.final.train_loss)} — finite, though the factors are all still there.`,
        `Cure 2, careful initialisation: He's std √(2/fan_in) = 0.25 makes the theoretical factor 1. Measured: ${list(he.backward)}, product ${n3(he.product)}; the loss goes from ${n3(cured.rows[0].train_loss)} to ${n3(cured.final.train_loss)} in ${cured.epochs} epochs, no clipping needed.`,
      ],
      claims: [
        {
          text: "std 1: every hidden layer multiplies the backward gradient by more than 2",
          holds: minOf(big.backward) > 2,
          measured: { name: "product", value: big.product },
        },
        { text: "std 1 without a cure diverges in the first epoch", holds: raw.status === "diverged" && at?.epoch === 1 },
        {
          text: "with clip norm 1 the same start completes and its loss falls below a fifth of its start",
          holds: clipped.status === "completed" && clipped.final.train_loss < clipped.rows[0].train_loss / 5,
        },
        {
          text: "He init: the product of the factors is between 0.1 and 10 and the loss falls below ln 2",
          holds: he.product > 0.1 && he.product < 10 && cured.status === "completed" && cured.final.train_loss < LN2,
          measured: { name: "He product", value: he.product },
        },
        { text: "std 0.5 (a factor of ≈ 2 per layer) still diverges", holds: half.status === "diverged" },
      ],
      exercise:
        "Is it the step size or the factors? Halve the std: nn-lab compare configs/classic-init.yaml --vary 'model.init={name: normal, std: 1},{name: normal, std: 0.5},he' --log-y — does std 0.5, a factor of about 2 per layer (2⁸ = 256 over the net), still blow up?",
    };
  },
};

export const initialisation: Lesson = {
  name: "initialisation",
  title: "Initialisation",
  summary: "He init against weights that are too small: the signal dies and nothing learns",
  seed: 1,
  async run(seed: number) {
    const he = await runLesson("init-he", deepRelu(seed, "he"));
    const tiny = await runLesson("init-tiny", deepRelu(seed, normal(0.01)));
    const f = signalFactors("init-tiny", deepRelu(seed, normal(0.01)));
    const [gHe, gTiny] = [trained(he).grad_norm_layer[0]!, trained(tiny).grad_norm_layer[0]!];
    return {
      narration: [
        `Eight ReLU layers of 32. With He init (std √(2/fan_in)) the loss starts at ${n3(he.rows[0].train_loss)} and is ${n3(he.final.train_loss)} after ${he.epochs} epochs; layer 1's first gradient norm is ${n3(gHe)}.`,
        `With std 0.01 each layer scales the forward signal by ${list(f.forward)} and the backward gradient by ${list(f.backward)} (theory: 0.01·√(fan_in/2) — 0.01 for layer 1, whose fan_in is 2, and 0.04 for the others). The output is ≈ 0, the loss stays at ${n3(tiny.final.train_loss)} (ln 2 = ${n3(LN2)}), and layer 1's gradient norm is ${n3(gTiny)}: ${n3(gTiny / gHe)} of He's.`,
        `A note on the material: "ReLU's gradient is 1, so it does not vanish" holds only for the activation's own factor. The weights are part of every factor too, and here, with every relu′ exactly 1 where a unit is active, layer 1's gradient is ${n3(gTiny)}.`,
      ],
      claims: [
        { text: "He init trains (loss falls below 0.9 × ln 2)", holds: he.final.train_loss < 0.9 * LN2 },
        { text: "std 0.01 stays at ln 2", holds: Math.abs(tiny.final.train_loss - LN2) < 1e-3 },
        {
          text: "std 0.01: every layer shrinks the signal more than 10×, forward and backward",
          holds: maxOf(f.forward) < 0.1 && maxOf(f.backward) < 0.1,
          measured: { name: "largest factor", value: Math.max(maxOf(f.forward), maxOf(f.backward)) },
        },
        {
          text: "std 0.01 leaves layer 1 less than a billionth of He's gradient",
          holds: gTiny < 1e-9 * gHe,
          measured: { name: "ratio", value: gTiny / gHe },
        },
      ],
      exercise:
        "Try the other extreme: nn-lab compare configs/classic-init.yaml --vary 'model.init=he,{name: normal, std: 1}' — what happens at epoch 1? (lesson exploding-gradients explains it)",
    };
  },
};
