import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig, parseOverride } from "../../src/config/load.js";
import { resolveExperiment } from "../../src/config/resolve.js";
import { InputError } from "../../src/errors.js";
import { runMain, tempDir, writeFile } from "../helpers.js";

/** The problems loadConfig + resolve report for a config text (file name shown as given). */
function problems(text: string, name = "c.yaml", sets: string[] = []): string[] {
  const dir = tempDir();
  const file = writeFile(dir, name, text);
  try {
    resolveExperiment(loadConfig(file, sets.map(parseOverride)));
  } catch (e) {
    if (e instanceof InputError) return e.problems.map((p) => p.replace(file, name));
    throw e;
  }
  return [];
}

describe("config errors: one line per problem, naming file, key path and what was expected", () => {
  it("YAML syntax errors carry line:column", () => {
    const p = problems("data: {kind: moons\ntrain:\n  lr: [0.1\n");
    expect(p.length).toBeGreaterThan(0);
    expect(p[0]).toMatch(/^c\.yaml:\d+:\d+: YAML syntax error: /);
  });

  it("JSON syntax errors carry line:column", () => {
    expect(problems('{\n  "data": {"kind": "moons"},\n  "train": {"lr": 0.1,}\n}', "c.json")[0]).toMatch(
      /^c\.json:3:\d+: JSON syntax error/,
    );
  });

  it("an empty file, a list and a scalar are refused", () => {
    expect(problems("")[0]).toMatch(/c\.yaml: the file is empty/);
    expect(problems("- 1\n- 2\n")[0]).toBe(
      "c.yaml: expected a mapping of config keys (name, seed, data, model, train, expect), got a list",
    );
    expect(problems("42\n")[0]).toMatch(/expected a mapping .* got 42/);
  });

  it("a missing data block is named", () => {
    expect(problems("seed: 1\n")).toEqual(["c.yaml: data: missing (required: a mapping)"]);
  });

  it("unknown keys get a did-you-mean and the key's position", () => {
    expect(problems("data: {kind: moons}\ntrain:\n  lrr: 0.1\n")).toEqual([
      "c.yaml:3:3: train.lrr: unknown key 'lrr' (did you mean 'lr'?)",
    ]);
    expect(problems("data: {kind: moons}\nmodle: {}\n")).toEqual(["c.yaml:2:1: modle: unknown key 'modle' (did you mean 'model'?)"]);
  });

  it("misspelt names get a did-you-mean: rleu → relu, adma → adam, moosn → moons", () => {
    expect(problems("data: {kind: moons}\nmodel: {activation: rleu}\n")[0]).toMatch(
      /^c\.yaml:2:9: model\.activation: expected one of linear, relu, .*, got 'rleu' \(did you mean 'relu'\?\)$/,
    );
    expect(problems("data: {kind: moons}\ntrain: {optimizer: adma}\n")[0]).toMatch(/got 'adma' \(did you mean 'adam'\?\)/);
    expect(problems("data: {kind: moosn}\n")[0]).toMatch(
      /data\.kind: expected one of xor, moons, .*got 'moosn' \(did you mean 'moons'\?\)/,
    );
    expect(problems("data: {kind: moons}\nmodel: {layers: [{units: 4, activation: {name: leaky_relu, alhpa: 0.1}}]}\n")[0]).toMatch(
      /model\.layers\[0\]\.activation\.alhpa: unknown key 'alhpa' \(did you mean 'alpha'\?\)/,
    );
  });

  it("wrong types and out-of-range values say what was expected and what was found", () => {
    expect(problems("data: {kind: moons}\ntrain: {lr: -0.1}\n")).toEqual(["c.yaml:2:9: train.lr: must be > 0, got -0.1"]);
    expect(problems("data: {kind: moons}\ntrain: {epochs: many}\n")).toEqual(["c.yaml:2:9: train.epochs: expected a number, got 'many'"]);
    expect(problems("data: {kind: moons}\ntrain: {batch: 0}\n")[0]).toMatch(/train\.batch: /);
    expect(problems("data: {kind: moons}\nmodel: {layers: [8, 0]}\n")[0]).toMatch(/model\.layers\[1\]: .*got 0/);
    expect(problems("data: {kind: moons, test: 1}\n")).toEqual(["c.yaml:1:21: data.test: must be < 1, got 1"]);
    expect(problems("data: {kind: moons, noise: -1}\n")).toEqual(["c.yaml:1:21: data.noise: must be >= 0, got -1"]);
  });

  it("several problems are all reported, one line each", () => {
    expect(problems("data: {kind: moons}\ntrain: {lr: 0, epochs: -1}\n")).toHaveLength(2);
  });

  it("cross-key checks: the loss must fit the data and the output", () => {
    expect(problems("data: {kind: sine}\ntrain: {loss: bce}\n")[0]).toMatch(/train\.loss: bce needs class labels/);
    expect(problems("data: {kind: spirals, classes: 3}\ntrain: {loss: bce}\n")[0]).toMatch(/bce is for 2 classes/);
    expect(problems("data: {kind: moons}\nmodel: {output: softmax}\ntrain: {loss: bce}\n")[0]).toMatch(
      /model\.output: loss bce needs output sigmoid, got softmax/,
    );
  });

  it("--set problems name the --set", () => {
    expect(problems("data: {kind: moons}\n", "c.yaml", ["train.lr=-1"])).toEqual(["--set train.lr=-1: train.lr: must be > 0, got -1"]);
    expect(problems("data: {kind: moons}\n", "c.yaml", ["train.lrr=1"])[0]).toBe(
      "--set train.lrr=1: train.lrr: unknown key 'lrr' (did you mean 'lr'?)",
    );
    expect(() => parseOverride("train.lr")).toThrow(/expected key\.path=value/);
  });

  it("defaults follow the data: bce for 2 classes, cross_entropy for more, mse for regression", () => {
    const dir = tempDir();
    const load = (text: string) => resolveExperiment(loadConfig(writeFile(dir, "x.yaml", text))).config.train;
    expect(load("data: {kind: moons}").loss).toBe("bce");
    expect(load("data: {kind: spirals}").loss).toBe("cross_entropy");
    expect(load("data: {kind: sine}").loss).toBe("mse");
    expect(load("data: {kind: moons}\ntrain: {optimizer: adam}").lr).toBe(0.001);
  });
});

describe("bad input on the command line: exit 2, no stack trace, no run folder", () => {
  it.each([
    ["unknown key", "data: {kind: moons}\ntrain: {lrr: 1}\n"],
    ["YAML syntax", "data: {kind: moons\n"],
    ["missing CSV", "data: {kind: csv, path: nope.csv}\n"],
  ])("%s", async (_label, text) => {
    const dir = tempDir();
    const cfg = writeFile(dir, "bad.yaml", text);
    const r = await runMain(["train", cfg, "--runs", join(dir, "runs")]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^nn-lab: error: .*bad\.yaml/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, "runs")) ? readdirSync(join(dir, "runs")) : []).toEqual([]);
  });

  it("with several configs, a bad one stops all before anything trains", async () => {
    const dir = tempDir();
    const good = writeFile(dir, "good.yaml", "data: {kind: xor}\ntrain: {epochs: 1}\n");
    const bad = writeFile(dir, "bad.yaml", "data: {kind: xor}\ntrain: {epochs: 1, optimiser: adam}\n");
    const r = await runMain(["train", good, bad, "--runs", join(dir, "runs")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("did you mean 'optimizer'?");
    expect(existsSync(join(dir, "runs"))).toBe(false);
  });

  it("an unknown flag and a missing file exit 2", async () => {
    expect((await runMain(["train", "x.yaml", "--bogus"])).code).toBe(2);
    const r = await runMain(["train", "/nonexistent/x.yaml"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("nn-lab: error: /nonexistent/x.yaml: cannot read the config (no such file)\n");
  });
});
