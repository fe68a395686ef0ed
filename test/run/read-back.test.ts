/**
 * A run folder's files read back (src/run/read.ts) when they are damaged: each refusal is one InputError naming the
 * file, the key and what was expected, from the network config.json describes (here 2 inputs → 5 → 1). The run is
 * trained once in-process; each case edits a copy of one file and puts the original back.
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { readRunConfig, readRunModel, readSummary, readSummaryFile } from "../../src/run/read.js";
import { readJson, runMain, tempDir, writeFile } from "../helpers.js";

interface ModelDoc {
  inputs: number;
  layers: { in: number; out: number; weight: number[][]; bias: number[] | null; norm?: unknown }[];
}

const dir = tempDir();
const run = join(dir, "run");
const noBias = join(dir, "no-bias");
beforeAll(async () => {
  const cfg = writeFile(dir, "c.yaml", "seed: 4\ndata: {kind: circles, n: 40}\nmodel: {layers: [5]}\ntrain: {epochs: 3}\n");
  for (const [out, sets] of [
    [run, []],
    [noBias, ["--set", "model.bias=false"]],
  ] as const) {
    const r = await runMain(["train", cfg, "--run-dir", out, "--quiet", ...sets]);
    expect(r.code, r.stderr).toBe(0);
  }
});

/** readRunModel on a copy of `from` whose model.json was edited by `edit`. */
function modelWith(edit: (doc: ModelDoc) => void, from = run): () => unknown {
  const copy = join(tempDir(), "run");
  cpSync(from, copy, { recursive: true });
  const doc = readJson<ModelDoc>(join(copy, "model.json"));
  edit(doc);
  writeFileSync(join(copy, "model.json"), JSON.stringify(doc));
  return () => readRunModel(copy);
}
const refused = (edit: (doc: ModelDoc) => void, message: string) => {
  const read = modelWith(edit);
  expect(read).toThrow(InputError);
  // the file is the copy's: compare from the key on
  expect(read).toThrow(new RegExp(`model\\.json: ${message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}, as config\\.json's network has$`));
};

describe("readRunModel refuses a model.json whose shapes are not config.json's network", () => {
  it("inputs", () => refused((d) => (d.inputs = 3), "inputs: expected 2, got 3"));

  it("the number of layers", () => refused((d) => d.layers.push(d.layers[1]), "layers: expected 2 layers (hidden + output), got 3"));

  it("a weight matrix with a row too many or too few, a row too long, or none", () => {
    refused((d) => d.layers[0].weight.pop(), "layers[0].weight: expected 5×2 (out×in), got 4 rows of 2");
    refused((d) => d.layers[0].weight.push([0, 0]), "layers[0].weight: expected 5×2 (out×in), got 6 rows of 2");
    refused((d) => d.layers[0].weight[3].push(0), "layers[0].weight: expected 5×2 (out×in), got 5 rows of 2");
    refused((d) => (d.layers[1].weight = []), "layers[1].weight: expected 1×5 (out×in), got 0 rows of 0");
  });

  it("a bias missing or of the wrong length where the network has one", () => {
    refused((d) => (d.layers[0].bias = null), "layers[0].bias: expected 5 values, got null");
    refused((d) => d.layers[0].bias!.pop(), "layers[0].bias: expected 5 values, got 4");
  });

  it("a network without biases reads bias: null", () => {
    const doc = readJson<ModelDoc>(join(noBias, "model.json"));
    const { mlp } = readRunModel(noBias).model;
    expect(mlp.layers.map((l) => l.bias)).toEqual([null, null]);
    expect(Array.from(mlp.params)).toEqual(doc.layers.flatMap((l) => l.weight.flat()));
  });

  it("batch norm in the file where config.json's network has none names the layer's norm key", () => {
    const read = modelWith((d) => (d.layers[0].norm = { gamma: [1, 1, 1, 1, 1] }));
    expect(read).toThrow(InputError);
    expect(read).toThrow(/model\.json: layers\[0\]\.norm: the file has batch norm here, the config's network does not/);
  });

  it("a missing model.json names the file and what it is", () => {
    const copy = join(tempDir(), "run");
    cpSync(run, copy, { recursive: true });
    rmSync(join(copy, "model.json"));
    expect(() => readRunModel(copy)).toThrow(new InputError(`${join(copy, "model.json")}: cannot read the run's model (no such file)`));
  });
});

describe("summary.json and config.json read back", () => {
  /** A copy of the run whose summary.json has `edit` applied. */
  function summaryWith(edit: (doc: Record<string, unknown>) => void): string {
    const copy = join(tempDir(), "run");
    cpSync(run, copy, { recursive: true });
    const doc = readJson(join(copy, "summary.json"));
    edit(doc);
    writeFileSync(join(copy, "summary.json"), JSON.stringify(doc));
    return copy;
  }

  it("a missing or unparsable summary.json names the file", () => {
    const gone = summaryWith(() => {});
    rmSync(join(gone, "summary.json"));
    expect(() => readSummaryFile(join(gone, "summary.json"))).toThrow(
      new InputError(`${join(gone, "summary.json")}: cannot read the run summary (no such file)`),
    );
    writeFileSync(join(gone, "summary.json"), '{"status": "completed",\n');
    expect(() => readSummaryFile(join(gone, "summary.json"))).toThrow(
      new RegExp(`^${join(gone, "summary.json")}: the run summary is not valid JSON \\(.+\\)$`),
    );
  });

  it("one bad key is named alone; with more, how many more", () => {
    const one = join(
      summaryWith((d) => (d.epochs = "three")),
      "summary.json",
    );
    expect(() => readSummaryFile(one)).toThrow(new RegExp(`^${one}: not a valid nn-lab summary\\.json: epochs: [^\\n]*got 'three'$`));
    expect(() => readSummaryFile(one)).not.toThrow(/more\)$/);
    const two = join(
      summaryWith((d) => {
        d.epochs = "three";
        d.seed = "four";
      }),
      "summary.json",
    );
    expect(() => readSummaryFile(two)).toThrow(new RegExp(`^${two}: not a valid nn-lab summary\\.json: [^\\n]* \\(and 1 more\\)$`));
  });

  it("readSummary of a run folder checks its files against the summary and says so, naming the folder", () => {
    expect(readSummary(run).epochs).toBe(3);
    const cut = summaryWith(() => {});
    writeFileSync(join(cut, "metrics.csv"), readFileSync(join(cut, "metrics.csv"), "utf8").trimEnd());
    expect(() => readSummary(cut)).toThrow(
      new InputError(`${cut}: metrics.csv: the last line is cut off; the run's files do not agree with its summary.json`),
    );
    // the summary.json file itself is read without the folder's checks
    expect(readSummary(join(cut, "summary.json")).epochs).toBe(3);
  });

  it("readSummary follows config.json's log_every: every 2nd epoch logged (plus the last) agrees", () => {
    const copy = summaryWith(() => {});
    const config = readJson<{ train: Record<string, unknown> }>(join(copy, "config.json"));
    const lines = readFileSync(join(copy, "metrics.csv"), "utf8").trimEnd().split("\n");
    writeFileSync(join(copy, "metrics.csv"), [lines[0], lines[1], lines[3], lines[4]].join("\n") + "\n"); // epochs 0, 2, 3
    expect(() => readSummary(copy)).toThrow(/metrics\.csv holds 3 rows, expected 4 \(epochs 0\.\.3\)/);
    config.train.log_every = 2;
    writeFileSync(join(copy, "config.json"), JSON.stringify(config));
    expect(readSummary(copy).epochs).toBe(3);
  });

  it("readRunConfig: each layer's activation, hidden then output, and the expect block", () => {
    const parts = readRunConfig(join(run, "config.json"));
    expect(parts).toEqual({ expect: {}, logEvery: 1, activations: ["relu", "sigmoid"] });
  });
});
