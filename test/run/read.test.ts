/**
 * readRunModel (src/run/read.ts): a run folder's trained network and data rebuilt from model.json and config.json.
 * What these tests prove: the parameters are model.json's, in torch's order (W₁, b₁, W₂, b₂); the data is the
 * run's own (its train/test split regenerated from the seed: the train accuracy of the rebuilt network is the one
 * summary.json holds); a null weight (JSON's NaN/±Infinity of a diverged run) comes back NaN; a bias where the
 * config has none, or a wrong format, is an input error naming the file and key.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readRunModel } from "../../src/run/read.js";
import { InputError } from "../../src/errors.js";
import { readJson, runMain, tempDir, writeFile } from "../helpers.js";

interface ModelDoc {
  format: string;
  layers: { weight: (number | null)[][]; bias: (number | null)[] | null }[];
}

describe("readRunModel", () => {
  const dir = tempDir();
  const cfg = writeFile(
    dir,
    "c.yaml",
    "seed: 4\ndata: { kind: circles, n: 80, test: 0.25 }\nmodel: { layers: [5] }\ntrain: { epochs: 40, lr: 0.3 }\n",
  );
  const run = join(dir, "run");
  let model: ModelDoc;
  beforeAll(async () => {
    expect((await runMain(["train", cfg, "--run-dir", run, "--quiet"])).code).toBe(0);
    model = readJson<ModelDoc>(join(run, "model.json"));
  });

  it("holds model.json's weights and the run's own data", () => {
    const { experiment, model: m } = readRunModel(run);
    expect(Array.from(m.mlp.params)).toEqual(model.layers.flatMap((l) => [...l.weight.flat(), ...l.bias!]));
    const { train } = experiment.data;
    expect([train.n, experiment.data.test!.n]).toEqual([60, 20]);
    // the rebuilt network classifies the regenerated train set as the run did
    const z = m.mlp.forward(m.mlp.workspace(train.n), train.x, train.n);
    let right = 0;
    for (let i = 0; i < train.n; i++) if (z[i] > 0 === (train.y[i] === 1)) right++;
    const summary = readJson<{ final: { train_acc: number } }>(join(run, "summary.json"));
    expect(right / train.n).toBe(summary.final.train_acc);
  });

  it("reads a null weight (a diverged run's NaN or ±Infinity) as NaN", async () => {
    const copy = join(dir, "nan");
    expect((await runMain(["train", cfg, "--run-dir", copy, "--quiet"])).code).toBe(0);
    const doc = readJson<ModelDoc>(join(copy, "model.json"));
    doc.layers[1].weight[0][2] = null;
    writeFileSync(join(copy, "model.json"), JSON.stringify(doc));
    const { mlp } = readRunModel(copy).model;
    expect(Number.isNaN(mlp.layers[1].weight[2])).toBe(true);
    expect(mlp.layers[1].weight[1]).toBe(doc.layers[1].weight[0][1]);
  });

  it("refuses a model.json that does not match config.json, naming the file and key", async () => {
    const copy = join(dir, "bad");
    expect((await runMain(["train", cfg, "--run-dir", copy, "--quiet", "--set", "model.bias=false"])).code).toBe(0);
    const file = join(copy, "model.json");
    const doc = readJson<ModelDoc>(file);
    doc.layers[0].bias = [0, 0, 0, 0, 0];
    writeFileSync(file, JSON.stringify(doc));
    expect(() => readRunModel(copy)).toThrow(
      new InputError(`${file}: layers[0].bias: expected null (bias: false), got 5 values, as config.json's network has`),
    );
    writeFileSync(file, JSON.stringify({ ...doc, format: "other" }));
    expect(() => readRunModel(copy)).toThrow(/model\.json: not a valid nn-lab model\.json: format: /);
  });
});
