/**
 * One training step (src/train/step.ts): `nn-lab trace` is the step `nn-lab train` takes, not a copy of it.
 * What these tests prove: for every optimizer, both clip modes (set tight enough that they act), l1 and l2, on a
 * batch of 32 rows (one batch = the whole train set, so epoch 1 of training is exactly one step), the weights
 * after trace equal, bit for bit, the weights after one epoch of train on the same config — shuffled, and full
 * batch unshuffled (where training reuses the evaluation's forward pass). A recorder sees the live values.
 */
import { describe, expect, it } from "vitest";
import { loadConfig, parseOverride } from "../../src/config/load.js";
import { resolveExperiment, type Experiment } from "../../src/config/resolve.js";
import { OPTIMIZER_NAMES } from "../../src/engine/optim.js";
import { train } from "../../src/train/train.js";
import { traceStep } from "../../src/train/step-trace.js";
import { experimentStep, trainStep } from "../../src/train/step.js";
import { buildExperimentModel } from "../../src/train/model.js";
import { tempDir, writeFile } from "../helpers.js";

const dir = tempDir();
const base = writeFile(
  dir,
  "step.yaml",
  "seed: 3\ndata: {kind: moons, n: 40, test: 0.2}\nmodel: {layers: [5, 4], activation: tanh}\ntrain: {epochs: 1, batch: 32}\n",
);

function experiment(sets: string[]): Experiment {
  return resolveExperiment(loadConfig(base, sets.map(parseOverride)));
}

const CLIPS = [[], ["train.clip={norm: 0.05}"], ["train.clip={value: 0.01}"]];
const PENALTIES = [[], ["train.l1=0.01"], ["train.l2=0.05"], ["train.l1=0.003", "train.l2=0.02"]];
const BATCHES = [[], ["train.batch=full", "train.shuffle=false"]];

describe("trace takes the training step, bit for bit", () => {
  for (const optimizer of OPTIMIZER_NAMES) {
    it(`${optimizer}: every clip mode, l1/l2, shuffled and full-batch`, async () => {
      let cases = 0;
      for (const clip of CLIPS)
        for (const penalty of PENALTIES)
          for (const batch of BATCHES) {
            const sets = [`train.optimizer=${optimizer}`, ...clip, ...penalty, ...batch];
            const ex = experiment(sets);
            expect(ex.data.train.n).toBe(32);
            const trace = traceStep(ex);
            const trained = await train(ex, { evalThread: "off" });
            expect(trace.status, sets.join(" ")).toBe("ok");
            expect(trace.rows).toBe(32);
            // the clip settings are tight enough to act, so the test covers clipping
            expect(trace.clipped, sets.join(" ")).toBe(clip.length > 0);
            trained.mlp.layers.forEach((layer, i) => {
              const t = trace.layers[i];
              expect(t.newWeight.data, `${sets.join(" ")}: W${i + 1}`).toEqual(layer.weight);
              expect(t.newBias, `${sets.join(" ")}: b${i + 1}`).toEqual(layer.bias);
              // and the step moved them
              expect(t.newWeight.data).not.toEqual(t.weight.data);
            });
            cases++;
          }
      expect(cases).toBe(CLIPS.length * PENALTIES.length * BATCHES.length);
    });
  }

  it("the epoch-1 row's grad_norm is the traced step's gradient norm (one step per epoch)", async () => {
    const ex = experiment(["train.optimizer=adam", "train.clip={norm: 0.05}"]);
    const trace = traceStep(ex);
    const rows: number[] = [];
    await train(ex, { evalThread: "off", onEpoch: (r) => r.grad_norm !== null && rows.push(r.grad_norm) });
    expect(rows).toEqual([trace.gradNorm]);
  });
});

describe("a recorder observes the live step", () => {
  it("sees the stages in order, with the batch, loss and update the step computed", () => {
    const ex = experiment(["train.optimizer=momentum"]);
    const mlp = buildExperimentModel(ex);
    const step = experimentStep(ex.config, mlp, ex.data.train);
    step.beginEpoch(1);
    const seen: string[] = [];
    let loss = NaN;
    let momentum: Float64Array | null = null;
    const before = Float64Array.from(mlp.params);
    const status = trainStep(step, 0, step.batch, {
      batch: (_x, _y, rows) => seen.push(`batch ${rows}`),
      forward: (_ws, _rows, l) => {
        loss = l;
        seen.push("forward");
      },
      backward: (_ws, _rows, norm) => seen.push(`backward ${norm === step.gradNorm}`),
      gradient: (_g, clipped) => seen.push(`gradient ${clipped}`),
      update: (params, optimizer) => {
        seen.push("update");
        momentum = Float64Array.from(optimizer.state().momentum_buffer as Float64Array);
        // SGD with momentum 0.9, first step: buf = g, p = p − lr·g
        for (let i = 0; i < params.length; i++) expect(params[i]).toBe(before[i] - step.lr * momentum[i]);
      },
    });
    expect(status).toBe("ok");
    expect(seen).toEqual(["batch 32", "forward", "backward true", "gradient false", "update"]);
    expect(loss).toBe(step.loss);
    expect(momentum).toEqual(mlp.grads);
  });

  it("a diverging step ends at the stage that went non-finite, as training's divergence says", async () => {
    const cases: [string[], "loss" | "gradient" | "weight"][] = [
      // z ~ 1e240 in layer 2: the loss overflows
      [["model.init={name: normal, std: 1e120}", "model.activation=relu"], "loss"],
      // a finite loss, but dL/dW1 = dL/dz1ᵀ·x has entries ~1e200·1e100 squared past 1.8e308
      [["model.init={name: normal, std: 1e100}", "model.activation=relu", "model.layers=[16, 16]"], "gradient"],
      // the l2 gradient 10·W times lr 1e308 is past the largest double
      [["train.lr=1e308", "train.l2=10"], "weight"],
    ];
    for (const [sets, what] of cases) {
      const ex = experiment(sets);
      const trace = traceStep(ex);
      expect(trace.status, sets.join(" ")).toBe(what);
      const trained = await train(ex, { evalThread: "off" });
      expect(trained.status).toBe("diverged");
      expect(trained.diverged_at).toMatchObject({ epoch: 1, step: 1, what });
    }
  });
});
