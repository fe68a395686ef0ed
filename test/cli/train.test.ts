import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { column, onlyRunDir, readJson, readMetrics, runCli, runMain, tempDir, writeFile } from "../helpers.js";

const MOONS = `
seed: 3
data: {kind: moons, n: 120, noise: 0.1, test: 0.25}
model: {layers: [8, 8], activation: relu, init: he}
train: {epochs: 30, batch: 16, optimizer: adam, lr: 0.02}
`;

describe("nn-lab train: the run folder", () => {
  const dir = tempDir();
  const cfg = writeFile(dir, "moons-small.yaml", MOONS);
  const runs = join(dir, "runs");
  // train's smoke test: the built CLI in a real process (the other tests run main(argv) in-process)
  const r = runCli(["train", cfg, "--runs", runs]);
  const run = onlyRunDir(runs);

  it("exits 0 and names the run folder after the config file", () => {
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(run).toMatch(/moons-small-\d{8}-\d{6}$/);
    expect(r.stdout).toContain(run);
  });

  it("config.json is the fully resolved config, with every default filled in", () => {
    const c = readJson<Record<string, Record<string, unknown>>>(join(run, "config.json"));
    expect(c.name).toBe("moons-small");
    expect(c.train.loss).toBe("bce");
    expect(c.model.output).toBe("sigmoid");
    expect(c.train.optimizer).toEqual({ name: "adam", beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0, amsgrad: false });
    expect(c.model.init).toEqual({ name: "he_normal", gain: 1 });
    expect(c.train.schedule).toEqual({ name: "constant" });
    expect(c.train.clip).toBeNull();
    expect(c.data).toEqual({ kind: "moons", n: 120, noise: 0.1, test: 0.25, features: null });
  });

  it("metrics.csv starts at epoch 0 with the columns of docs/spec.md §5 in order, one row per epoch", () => {
    const m = readMetrics(run);
    expect(m.header).toEqual([
      "epoch", "train_loss", "train_acc", "test_loss", "test_acc", "lr", "grad_norm",
      "grad_norm_layer1", "grad_norm_layer2", "grad_norm_layer3",
      "dead_frac_layer1", "dead_frac_layer2", "sat_frac_layer1", "sat_frac_layer2", "clipped", "zero_frac_layer1", "zero_frac_layer2",
    ]); // prettier-ignore
    expect(column(m, "epoch")).toEqual(Array.from({ length: 31 }, (_, i) => i));
    // epoch 0 is before any update: no gradient yet, losses near ln 2 for a fresh binary classifier
    expect(column(m, "grad_norm")[0]).toBeNull();
    expect(column(m, "train_loss")[0]!).toBeGreaterThan(0.3);
    // relu layers report dead fractions, sat_frac does not apply to them
    expect(column(m, "dead_frac_layer1").every((v) => v !== null && v >= 0 && v <= 1)).toBe(true);
    expect(column(m, "sat_frac_layer1").every((v) => v === null)).toBe(true);
    expect(column(m, "lr").every((v) => v === 0.02)).toBe(true);
    const loss = column(m, "train_loss") as number[];
    expect(loss[30]).toBeLessThan(loss[0] / 2);
  });

  it("summary.json has status, final/best metrics, confusion and timings", () => {
    const s = readJson<Record<string, any>>(join(run, "summary.json")); // eslint-disable-line @typescript-eslint/no-explicit-any
    const m = readMetrics(run);
    expect(s.status).toBe("completed");
    expect(s.epochs).toBe(30);
    expect(s.seed).toBe(3);
    expect(s.final.train_loss).toBe(column(m, "train_loss")[30]);
    expect(s.final.test_acc).toBe(column(m, "test_acc")[30]);
    expect(s.best.train_loss.value).toBe(Math.min(...(column(m, "train_loss") as number[])));
    // confusion of the 30 test samples: rows are true classes, entries sum to the test size
    expect(s.confusion.flat().reduce((a: number, b: number) => a + b, 0)).toBe(30);
    expect(s.confusion[0][0] + s.confusion[1][1]).toBe(Math.round(s.final.test_acc * 30));
    expect(s.train_ms).toBeGreaterThan(0);
    expect(s.wall_ms).toBeGreaterThanOrEqual(s.train_ms);
    expect(s.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("model.json has the v1 format with W stored out×in", () => {
    const model = readJson<{
      format: string;
      inputs: number;
      layers: { in: number; out: number; activation: string; weight: number[][]; bias: number[] }[];
    }>(join(run, "model.json"));
    expect(model.format).toBe("nn-lab.model.v1");
    expect(model.inputs).toBe(2);
    expect(model.layers.map((l) => [l.in, l.out, l.activation])).toEqual([
      [2, 8, "relu"],
      [8, 8, "relu"],
      [8, 1, "sigmoid"],
    ]);
    for (const l of model.layers) {
      expect(l.weight.length).toBe(l.out);
      expect(l.weight.every((row) => row.length === l.in)).toBe(true);
      expect(l.bias.length).toBe(l.out);
    }
  });
});

describe("nn-lab train: reproducibility", () => {
  it("the same config and seed give byte-identical metrics.csv and model.json; YAML and JSON configs agree", async () => {
    const dir = tempDir();
    const yaml = writeFile(dir, "a.yaml", MOONS);
    const json = writeFile(
      dir,
      "a.json",
      JSON.stringify({
        seed: 3,
        data: { kind: "moons", n: 120, noise: 0.1, test: 0.25 },
        model: { layers: [8, 8], activation: "relu", init: "he" },
        train: { epochs: 30, batch: 16, optimizer: "adam", lr: 0.02 },
      }),
    );
    for (const [cfg, out] of [
      [yaml, "r1"],
      [yaml, "r2"],
      [json, "r3"],
    ]) {
      expect((await runMain(["train", cfg, "--run-dir", join(dir, out), "--quiet"])).code).toBe(0);
    }
    for (const f of ["metrics.csv", "model.json"]) {
      const a = readFileSync(join(dir, "r1", f));
      expect(readFileSync(join(dir, "r2", f)).equals(a)).toBe(true);
      expect(readFileSync(join(dir, "r3", f)).equals(a)).toBe(true);
    }
  });

  it("a run's config.json reproduces the run", async () => {
    const dir = tempDir();
    const cfg = writeFile(dir, "b.yaml", MOONS);
    expect((await runMain(["train", cfg, "--run-dir", join(dir, "first"), "--quiet"])).code).toBe(0);
    expect((await runMain(["train", join(dir, "first", "config.json"), "--run-dir", join(dir, "again"), "--quiet"])).code).toBe(0);
    expect(readFileSync(join(dir, "again", "metrics.csv"), "utf8")).toBe(readFileSync(join(dir, "first", "metrics.csv"), "utf8"));
  });

  it("a different seed gives a different run", async () => {
    const dir = tempDir();
    const cfg = writeFile(dir, "c.yaml", MOONS);
    await runMain(["train", cfg, "--run-dir", join(dir, "s3"), "--quiet"]);
    await runMain(["train", cfg, "--run-dir", join(dir, "s4"), "--quiet", "--set", "seed=4"]);
    expect(readFileSync(join(dir, "s4", "model.json"), "utf8")).not.toBe(readFileSync(join(dir, "s3", "model.json"), "utf8"));
  });
});

describe("nn-lab train: options, expectations and exit codes", () => {
  it("--set overrides dotted keys with YAML scalars", async () => {
    const dir = tempDir();
    const cfg = writeFile(dir, "d.yaml", MOONS);
    const r = await runMain([
      "train",
      cfg,
      "--run-dir",
      join(dir, "r"),
      "--quiet",
      "--set",
      "train.epochs=3",
      "--set",
      "train.optimizer.beta1=0.8",
      "--set",
      "model.layers=[4]",
    ]);
    expect(r.code).toBe(0);
    const c = readJson<Record<string, Record<string, any>>>(join(dir, "r", "config.json")); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(c.train.epochs).toBe(3);
    expect(c.train.optimizer.beta1).toBe(0.8);
    expect(c.model.layers).toEqual([{ units: 4, activation: { name: "relu" } }]);
    expect(readMetrics(join(dir, "r")).rows).toHaveLength(4);
  });

  it("--json prints exactly one JSON document with the summary and run folder", async () => {
    const dir = tempDir();
    const cfg = writeFile(dir, "e.yaml", MOONS);
    const r = await runMain(["train", cfg, "--runs", join(dir, "runs"), "--json"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.status).toBe("completed");
    expect(doc.run_dir).toBe(onlyRunDir(join(dir, "runs")));
  });

  it("a failed expectation exits 1 and prints FAIL with the value; a passing one exits 0", async () => {
    const dir = tempDir();
    const cfg = writeFile(dir, "f.yaml", MOONS + `expect: {train_loss: "< 0.0000001"}\n`);
    const fail = await runMain(["train", cfg, "--runs", join(dir, "runs")]);
    expect(fail.code).toBe(1);
    expect(fail.stdout).toMatch(/FAIL\s+train_loss < 1e-7/);
    const pass = await runMain(["train", cfg, "--runs", join(dir, "runs"), "--set", "expect={}", "--expect", "train_acc>=0.5", "--json"]);
    expect(pass.code).toBe(0);
    expect(JSON.parse(pass.stdout).expect).toEqual([
      expect.objectContaining({ metric: "train_acc", op: ">=", threshold: 0.5, pass: true }),
    ]);
  });

  it("a diverging run stops with status diverged, the epoch and layer, and exit 1", async () => {
    const dir = tempDir();
    const cfg = writeFile(
      dir,
      "g.yaml",
      `data: {kind: sine, n: 64}\nmodel: {layers: [32, 32], activation: relu, init: {name: normal, std: 3}}\ntrain: {epochs: 50, optimizer: sgd, lr: 5}\n`,
    );
    const r = await runMain(["train", cfg, "--run-dir", join(dir, "r"), "--json"]);
    expect(r.code).toBe(1);
    const s = JSON.parse(r.stdout);
    expect(s.status).toBe("diverged");
    expect(s.diverged_at.epoch).toBeGreaterThanOrEqual(1);
    expect(s.diverged_at.epoch).toBe(s.epochs);
    expect(["loss", "gradient", "weight"]).toContain(s.diverged_at.what);
  });

  it("--run-dir refuses a non-empty folder unless --overwrite", async () => {
    const dir = tempDir();
    const cfg = writeFile(dir, "h.yaml", MOONS);
    writeFile(dir, "keep.txt", "mine");
    const r = await runMain(["train", cfg, "--run-dir", dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not empty/);
    expect(readFileSync(join(dir, "keep.txt"), "utf8")).toBe("mine");
    expect(existsSync(join(dir, "metrics.csv"))).toBe(false);
  });

  it("two runs of one config in the same second get two folders", async () => {
    const dir = tempDir();
    const cfg = writeFile(dir, "i.yaml", MOONS.replace("epochs: 30", "epochs: 1"));
    await runMain(["train", cfg, cfg, "--runs", join(dir, "runs"), "--quiet"]);
    expect(readdirSync(join(dir, "runs"))).toHaveLength(2);
  });
});

describe("logging never changes training", () => {
  it.each([
    ["full batch, unshuffled (the evaluation's forward pass is reused by the next step)", "batch: full, shuffle: false"],
    ["mini-batches, shuffled", "batch: 16, shuffle: true"],
  ])("%s: log_every 1 and 7 give the same weights", async (_label, train) => {
    const dir = tempDir();
    const cfg = writeFile(
      dir,
      "l.yaml",
      `seed: 5\ndata: {kind: moons, n: 90, test: 0.2}\nmodel: {layers: [6], activation: tanh}\ntrain: {epochs: 40, lr: 0.3, ${train}}\n`,
    );
    await runMain(["train", cfg, "--run-dir", join(dir, "every"), "--quiet"]);
    await runMain(["train", cfg, "--run-dir", join(dir, "sparse"), "--quiet", "--set", "train.log_every=7"]);
    expect(readFileSync(join(dir, "sparse", "model.json"), "utf8")).toBe(readFileSync(join(dir, "every", "model.json"), "utf8"));
    const every = readMetrics(join(dir, "every"));
    const sparse = readMetrics(join(dir, "sparse"));
    expect(column(sparse, "epoch")).toEqual([0, 7, 14, 21, 28, 35, 40]);
    // every logged row, gradient norms and all, is the row the per-epoch log has for that epoch
    expect(sparse.rows).toEqual(column(sparse, "epoch").map((e) => every.rows[e!]));
  });
});
