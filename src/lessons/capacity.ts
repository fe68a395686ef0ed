/**
 * What a network can represent: XOR needs a hidden layer, and stacked linear layers are one linear layer.
 * Both compare converged fits, so that "no better than linear" is about the model, not about training time.
 */
import { collapse, maxDifference } from "../train/collapse.js";
import { xorBase } from "./relu.js";
import { LN2, lessonExperiment, n3, runLesson, type Lesson, type LessonRun } from "./run-lesson.js";

/** σ(output) of a trained network on its n training rows. */
function probabilities(r: LessonRun, x: Float64Array, n: number): number[] {
  const z = r.mlp.forward(r.mlp.workspace(n), x, n);
  return Array.from(z.subarray(0, n), (v) => 1 / (1 + Math.exp(-v)));
}

export const xor: Lesson = {
  name: "xor",
  title: "XOR needs a hidden layer",
  summary: "a linear model can do no better than a constant 50% guess on XOR; one hidden layer gets all four points",
  seed: 2,
  async run(seed: number) {
    const lin = await runLesson("xor-linear", xorBase(seed, "relu", [], 500));
    const hid = await runLesson("xor-hidden", xorBase(seed, "relu", [8], 500));
    const train = lessonExperiment("xor-linear", xorBase(seed, "relu", [], 500)).data.train;
    const p = probabilities(lin, train.x, train.n);
    const spread = Math.max(...p.map((v) => Math.abs(v - 0.5)));
    return {
      narration: [
        `No hidden layer (logistic regression), ${lin.epochs} epochs: loss ${n3(lin.final.train_loss)} (ln 2 = ${n3(LN2)}), outputs ${p.map((v) => v.toFixed(6)).join(", ")}. A straight line can put at most 3 of the 4 corners on the right side — no line separates (0,0), (1,1) from (0,1), (1,0) — and the line that minimises the loss is no line at all: weights → 0, every output → 0.5, loss → ln 2, a constant 50% guess.`,
        `Its accuracy here, ${n3(lin.final.train_acc)}, means nothing: it is decided by which side of 0.5 outputs that differ from it by ${n3(spread)} or less happen to fall, and another seed can give anything from 0 to 1.`,
        `One hidden layer of 8 ReLU units: accuracy ${n3(hid.final.train_acc)}, loss ${n3(hid.final.train_loss)}.`,
      ],
      claims: [
        {
          text: "the linear model's loss is ln 2 (± 1e-4), no better than a constant 50% guess",
          holds: Math.abs(lin.final.train_loss - LN2) < 1e-4,
        },
        {
          text: "every output of the linear model is within 0.001 of 0.5: it cannot tell the classes apart",
          holds: spread < 1e-3,
          measured: { name: "largest |p − 0.5|", value: spread },
        },
        { text: "the hidden layer gets all 4 points", holds: hid.final.train_acc === 1 },
      ],
      exercise: "How few hidden units suffice? nn-lab compare configs/classic-linear-vs-hidden.yaml --vary 'model.layers=[1],[2],[3]'",
    };
  },
};

export const linearCollapse: Lesson = {
  name: "linear-collapse",
  title: "Linear layers collapse",
  summary: "stacked linear layers are one linear layer: W3·W2·W1 predicts the same, and fits no better",
  seed: 3,
  async run(seed: number) {
    const base = (layers: number[], epochs: number, lr: number) => ({
      seed,
      data: { kind: "moons", n: 200, noise: 0.1 },
      model: { layers, activation: "linear" },
      train: { epochs, batch: "full", loss: "bce", optimizer: "adam", lr },
    });
    const stack = await runLesson("collapse-stack", base([8, 8], 300, 0.05));
    // one linear layer is a convex problem: 1000 full-batch Adam steps reach its minimum (to 6 digits on seeds 1–10)
    const single = await runLesson("collapse-single", base([], 1000, 0.1));
    const c = collapse(stack.mlp);
    const ds = lessonExperiment("collapse-stack", base([8, 8], 300, 0.05)).data.train;
    const d = maxDifference(stack.mlp, c, ds.x, ds.n);
    const gap = stack.final.train_loss - single.final.train_loss;
    return {
      narration: [
        `Two hidden layers of 8 with linear activations: W3·(W2·(W1·x + b1) + b2) + b3. Multiplied out, W = W3·W2·W1 = [${Array.from(c.weight.data, n3).join(", ")}], b = ${n3(c.bias[0])}.`,
        `On the ${ds.n} training points, that one layer and the 3-layer network differ by at most ${n3(d.maxAbs)} (float64 rounding) in outputs up to ${n3(d.maxOutput)}.`,
        `Trained to convergence, the stack (${stack.epochs} epochs) reaches loss ${n3(stack.final.train_loss)}, train_acc ${n3(stack.final.train_acc)}; a single linear layer (${single.epochs} epochs) reaches ${n3(single.final.train_loss)}, train_acc ${n3(single.final.train_acc)}: the best any straight boundary does on moons, and all the stack can do too.`,
      ],
      claims: [
        { text: "the combined layer predicts what the stack predicts (difference < 1e-12)", holds: d.maxAbs < 1e-12 },
        {
          text: "the stack fits no better than one linear layer: the same loss (± 1e-4), not lower",
          holds: Math.abs(gap) < 1e-4 && gap > -1e-9,
          measured: { name: "loss difference", value: gap },
        },
      ],
      exercise: "Put a non-linearity back: nn-lab compare configs/classic-linear-collapse.yaml --vary model.activation=linear,relu",
    };
  },
};
