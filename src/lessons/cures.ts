/**
 * The material's three cures for vanishing gradients — "use ReLU activations, residual connections, batch
 * normalization" — side by side on the same deep sigmoid net, the same data and the same first weights wherever
 * the shapes agree: the first layer's gradient, its ratio to the last hidden layer's, and the loss after N epochs.
 */
import { LN2, n3, runLesson, type Lesson, type LessonRun } from "./run-lesson.js";

const EPOCHS = 30;
const LAYERS = [16, 16, 16, 16, 16, 16];

/** The plain net and its three cures, as config changes to it. */
const VARIANTS = [
  { label: "plain sigmoid", model: {} },
  { label: "ReLU + He", model: { activation: "relu", init: "he" } },
  { label: "sigmoid + residual", model: { residual: true } },
  { label: "sigmoid + batch norm", model: { norm: "batch" } },
] as const;

const DEEP = [...LAYERS, ...LAYERS];

const deepNet = (seed: number, model: Record<string, unknown>, layers: readonly number[] = LAYERS) => ({
  seed,
  data: { kind: "moons", n: 200, noise: 0.1, test: 0 },
  model: { layers, activation: "sigmoid", init: "xavier_uniform", ...model },
  // 40 divides the 200 rows: no small last batch to jolt batch norm's running statistics
  train: { epochs: EPOCHS, batch: 40, optimizer: "sgd", lr: 0.1 },
});

interface Measured {
  label: string;
  first: number;
  ratio: number;
  loss: number;
  run: LessonRun;
}

function measure(label: string, run: LessonRun, depth = LAYERS.length): Measured {
  const g = run.rows.find((r) => r.epoch >= 1)!.grad_norm_layer;
  return { label, first: g[0]!, ratio: g[0]! / g[depth - 1]!, loss: run.final.train_loss, run };
}

export const threeCures: Lesson = {
  name: "three-cures",
  title: "Three cures for vanishing gradients",
  summary: "the same deep sigmoid net plain, with ReLU + He, with residual connections and with batch norm, side by side",
  seed: 1,
  async run(seed: number) {
    const m: Measured[] = [];
    for (const v of VARIANTS) m.push(measure(v.label, await runLesson(`cures-${m.length}`, deepNet(seed, v.model))));
    const [plain, ...cures] = m;
    const worst = (f: (x: Measured) => number) => Math.min(...cures.map(f));
    // twice as deep, one epoch: how much further each net's layer-1 gradient falls (exponential in depth, or not)
    const deeper = async (i: number) => {
      const run = await runLesson(`cures-deep-${i}`, {
        ...deepNet(seed, VARIANTS[i].model, DEEP),
        train: { ...deepNet(seed, {}).train, epochs: 1 },
      });
      return m[i].first / measure(VARIANTS[i].label, run, DEEP.length).first;
    };
    const fall = { plain: await deeper(0), residual: await deeper(2), batch: await deeper(3) };
    return {
      narration: [
        `Six sigmoid layers of 16 on moons, Xavier init, SGD (lr 0.1), ${EPOCHS} epochs — then the same net with each cure the material names for vanishing gradients. In the first epoch the plain net's layer 1 gets a gradient of ${n3(plain.first)}, ${n3(plain.ratio)} of layer 6's: every sigmoid layer multiplies the backward signal by σ′ ≤ 0.25 times its weights. After ${EPOCHS} epochs its loss is ${n3(plain.loss)} (ln 2 = ${n3(LN2)}): it has learned nothing.`,
        `ReLU + He: relu′ = 1 on active units and He's std √(2/fan_in) keeps each layer's factor near 1: layer 1 gets ${n3(cures[0].first)}. Residual connections (h = h_prev + σ(z) on layers 2–6, whose widths match): the skip adds a path whose factor is exactly 1, so dL/dh_prev = dL/dh + (the sigmoid path) cannot shrink to nothing: layer 1 gets ${n3(cures[1].first)}. Batch norm (z normalised over the batch before σ): each unit's input is kept near 0, where σ′ is largest, and rescaled whatever the weights do: layer 1 gets ${n3(cures[2].first)}.`,
        `Twice as deep (12 layers), the plain net's layer-1 gradient falls another ${n3(fall.plain)}× — six more factors below 1: exponential in depth. With residual connections it changes by a factor of ${n3(1 / fall.residual)}, with batch norm by ${n3(1 / fall.batch)}: depth no longer decides it.`,
      ],
      table: {
        header: ["", "‖∇W₁‖", "‖∇W₁‖ / ‖∇W₆‖", `loss after ${EPOCHS} epochs`],
        rows: m.map((x) => [x.label, n3(x.first), n3(x.ratio), n3(x.loss)]),
      },
      claims: [
        {
          text: "plain sigmoid: layer 1 gets less than 1/100 of layer 6's gradient",
          holds: plain.ratio < 0.01,
          measured: { name: "ratio", value: plain.ratio },
        },
        { text: `plain sigmoid: after ${EPOCHS} epochs the loss is still ln 2 (± 0.01)`, holds: Math.abs(plain.loss - LN2) < 0.01 },
        {
          text: "each cure gives layer 1 more than 100× the plain net's gradient",
          holds: worst((x) => x.first) > 100 * plain.first,
          measured: { name: "smallest gain", value: worst((x) => x.first) / plain.first },
        },
        {
          text: `each cure's loss after ${EPOCHS} epochs is below 0.6`,
          holds: cures.every((x) => x.loss < 0.6 && x.run.status === "completed"),
          measured: { name: "largest", value: Math.max(...cures.map((x) => x.loss)) },
        },
        {
          text: "twice as deep, the plain net's layer-1 gradient falls more than 500× further; with residual or batch norm it changes less than 5×",
          holds: fall.plain > 500 && [fall.residual, fall.batch].every((f) => f > 1 / 5 && f < 5),
          measured: { name: "plain's fall", value: fall.plain },
        },
      ],
      exercise:
        "See the depth yourself: nn-lab compare configs/classic-vanishing-sigmoid.yaml --set 'model.layers=[16,16,16,16,16,16,16,16,16,16,16,16]' --vary model.residual=false,true --vary model.norm=none,batch --metric grad_norm_layer1 --log-y — the gradient reaches layer 1 with residual connections, but does that net learn? (Hint: each sigmoid layer adds a positive σ(z) to h.)",
    };
  },
};
