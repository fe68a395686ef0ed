/**
 * ReLU against sigmoid on XOR, and ReLU units that die: what a unit with gradient 0 does to the layers below it.
 */
import { LN2, lessonExperiment, n3, runLesson, type Lesson, type LessonRun } from "./run-lesson.js";

/** XOR's four corners, full batch, plain SGD: the config of the XOR lessons. */
export const xorBase = (seed: number, activation: string, layers: number[], epochs: number) => ({
  seed,
  data: { kind: "xor" },
  model: { layers, activation, init: "xavier_uniform" },
  train: { epochs, batch: "full", loss: "bce", optimizer: "sgd", lr: 0.5 },
});

export const sigmoidVsRelu: Lesson = {
  name: "sigmoid-vs-relu",
  title: "Sigmoid vs ReLU: ReLU learns faster",
  summary: "the same XOR network with sigmoid and with ReLU hidden units",
  seed: 2,
  async run(seed: number) {
    const s = await runLesson("xor-sigmoid", xorBase(seed, "sigmoid", [8], 1500));
    const r = await runLesson("xor-relu", xorBase(seed, "relu", [8], 1500));
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

export const dyingRelu: Lesson = {
  name: "dying-relu",
  title: "Dying ReLU",
  summary: "units whose input is always negative output 0, get gradient 0, and never recover",
  seed: 1,
  async run(seed: number) {
    const base = (activation: string) => ({
      seed,
      data: { kind: "moons", n: 200, noise: 0.1, test: 0 },
      model: { layers: [16, 16], activation, init: "he", bias_init: BIAS_INIT },
      train: { epochs: 20, batch: 32, optimizer: "adam", lr: 0.01 },
    });
    const r = await runLesson("dying-relu", base("relu"));
    const l = await runLesson("dying-leaky", base("leaky_relu"));
    const [start, end] = [r.rows[0], r.final];
    const trained = r.rows.slice(1);
    const blocked = trained.every((row) => row.grad_norm_layer[0] === 0 && row.grad_norm_layer[1] === 0);
    const guess = constantGuess(r, lessonExperiment("dying-relu", base("relu")).data.train);
    return {
      narration: [
        `Every hidden bias starts at ${BIAS_INIT}, so z = W·x ${BIAS_INIT < 0 ? "−" : "+"} ${Math.abs(BIAS_INIT)} is negative for almost every sample. With ReLU, ${pctOf(start.dead_frac_layer[1])} of layer 2's units are dead at epoch 0 (output 0 on every sample) and ${pctOf(end.dead_frac_layer[1])} after ${r.epochs} epochs. Layer 1 has ${pctOf(start.dead_frac_layer[0])} dead${start.dead_frac_layer[0]! < 1 ? ", and the units still alive there learn nothing either" : ""}: with everything above dead, ‖∇W₁‖ and ‖∇W₂‖ are ${blocked ? "0 in every epoch" : "not always 0 here"}.`,
        `The output bias also starts at ${BIAS_INIT}: the network says σ(${BIAS_INIT}) = ${n3(guess.start)} for every sample and the loss starts at ${n3(start.train_loss)}, worse than ln 2 = ${n3(LN2)}, the loss of a constant 50% guess on these balanced classes. Only that bias can learn. After ${r.epochs} epochs it is ${n3(guess.bias)}, the output is the constant σ(${n3(guess.bias)}) = ${n3(guess.p)}, and the loss ${n3(end.train_loss)} is exactly that constant's loss (${n3(guess.loss)}): still on its way up to 0, where the best a constant can do is ln 2.`,
        `Leaky ReLU (slope 0.01 for z < 0) starts in the same place but keeps a small gradient: after ${l.epochs} epochs its loss is ${n3(l.final.train_loss)}.`,
      ],
      claims: [
        {
          text: "with ReLU every unit of layer 2 is dead at the start and at the end",
          holds: start.dead_frac_layer[1] === 1 && end.dead_frac_layer[1] === 1,
        },
        { text: "no gradient reaches the hidden layers in any epoch (‖∇W₁‖ = ‖∇W₂‖ = 0)", holds: blocked },
        {
          text: "the loss is that of a constant output σ(b), b the trained output bias",
          holds: Math.abs(end.train_loss - guess.loss) < 1e-9,
          measured: { name: "output bias b", value: guess.bias },
        },
        { text: "the ReLU network does no better than a constant guess (loss ≥ ln 2)", holds: end.train_loss >= LN2 - 1e-3 },
        {
          text: "leaky ReLU learns from the same start (loss below ln 2)",
          holds: l.final.train_loss < LN2 - 1e-3,
          measured: { name: "leaky loss", value: l.final.train_loss },
        },
      ],
      exercise:
        "Is it the activation or the starting bias? nn-lab compare configs/classic-dying-relu.yaml --vary model.bias_init=0,-3 --vary model.activation=relu,leaky_relu",
    };
  },
};

/** Where every bias of the dying-ReLU network starts, the output's included. */
const BIAS_INIT = -3;

const pctOf = (f: number | null) => (f === null ? "—" : `${Math.round(f * 1000) / 10}%`);

/** A network whose hidden units are all dead outputs σ(b) for every sample: that constant, and its BCE loss. */
function constantGuess(r: LessonRun, train: { y: Float64Array; n: number }) {
  const bias = r.mlp.layers[r.mlp.layers.length - 1].bias![0];
  const p = 1 / (1 + Math.exp(-bias));
  let positives = 0;
  for (let i = 0; i < train.n; i++) positives += train.y[i];
  const q = positives / train.n;
  return { bias, p, start: 1 / (1 + Math.exp(-BIAS_INIT)), loss: -(q * Math.log(p) + (1 - q) * Math.log(1 - p)) };
}
