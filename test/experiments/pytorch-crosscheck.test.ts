/**
 * examples/pytorch_crosscheck.py: nn-lab's loss and backprop gradients (from `nn-lab gradcheck --json`) against
 * torch autograd in float64, on a run's model.json trained with epochs 0 (the initial weights).
 * Skipped when /usr/bin/python3 cannot import torch — except under CI=true, where that fails (test/torch-probe.ts).
 * The scripts run as `python3 SCRIPT ARGS` would, all in one interpreter (test/torch/scripts.ts: torch imported once,
 * not once per script); the cases run concurrently, so that nn-lab (in this process) and Python overlap.
 * (Measured: loss rel err 1.9e-16, max gradient err 1.4e-14 on 157 parameters; the spirals variant 5.9e-14.)
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { probeTorch, torchSuiteGate } from "../torch-probe.js";
import { ROOT, runMain, tempDir } from "../helpers.js";
import { expectDocumented, headerComment } from "./helpers.js";
import { PythonScripts } from "../torch/scripts.js";

const torch = probeTorch();
const PYTHON = torch.python;
const SCRIPT = join(ROOT, "examples", "pytorch_crosscheck.py");
const CONFIG = "configs/classic-pytorch-crosscheck.yaml";

const hasTorch = torch.hasTorch;
torchSuiteGate("pytorch crosscheck", torch);

interface Report {
  pass: boolean;
  params: number;
  rows: number;
  max_err: number;
  loss: { nn_lab: number; torch: number; rel_err: number };
  numeric_max_abs: number;
  problems: string[];
}

let python: PythonScripts;

function crosscheck(runDir: string, gradcheckFile: string, extra: string[] = []) {
  return python.run(SCRIPT, [runDir, gradcheckFile, ...extra]);
}

/** Train the epoch-0 run and write gradcheck's JSON for the config (with the same --set on both). */
async function prepare(dir: string, rows: number, sets: string[] = []) {
  const run = join(dir, "run");
  const t = await runMain(["train", CONFIG, ...sets, "--run-dir", run, "--quiet"]);
  expect(t.code, t.stderr).toBe(0);
  const g = await runMain(["gradcheck", CONFIG, ...sets, "--rows", String(rows), "--json"]);
  expect(g.code, g.stderr).toBe(0);
  const file = join(dir, "gradcheck.json");
  writeFileSync(file, g.stdout);
  return { run, file };
}

describe("the documented commands", () => {
  it("are in the config and at the top of the script", () => {
    expectDocumented(CONFIG, ["train", CONFIG, "--run-dir", "runs/xc", "--overwrite"]);
    expectDocumented(CONFIG, ["gradcheck", CONFIG, "--rows", "32", "--json"]);
    const script = readFileSync(SCRIPT, "utf8").slice(0, 3000);
    const commands = headerComment(CONFIG)
      .split("\n")
      .filter((l) => /^(Run:)?\s*(nn-lab |\/usr\/bin\/python3 )/.test(l))
      .map((l) => l.replace(/^Run:/, "").trim());
    expect(commands).toHaveLength(3);
    for (const c of commands) expect(script).toContain(c);
  });
});

describe.skipIf(!hasTorch)("examples/pytorch_crosscheck.py (torch float64 autograd)", { concurrent: true }, () => {
  beforeAll(() => {
    python = new PythonScripts(PYTHON);
  });
  afterAll(() => python?.close());

  it("agrees with nn-lab's loss and backprop gradients on the shipped config", async () => {
    const { run, file } = await prepare(tempDir("nn-lab-xc-"), 32);
    const r = await crosscheck(run, file, ["--json"]);
    expect(r.code, r.stderr).toBe(0);
    const rep = JSON.parse(r.stdout) as Report;
    expect(rep.pass).toBe(true);
    expect(rep.rows).toBe(32);
    expect(rep.params).toBe(2 * 8 + 8 + 8 * 8 + 8 + 8 * 6 + 6 + 6 + 1);
    expect(rep.loss.rel_err).toBeLessThan(1e-12);
    expect(rep.max_err).toBeLessThan(1e-10);
    expect(rep.numeric_max_abs).toBeLessThan(1e-6); // finite differences, for reference
    const text = await crosscheck(run, file);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^PASS: /m);
  });

  it("agrees on a 3-class softmax / cross-entropy variant, reading gradcheck's JSON from stdin", async () => {
    const sets = ["--set", "data.path=../datasets/spirals.csv", "--set", "train.loss=cross_entropy"];
    const { run, file } = await prepare(tempDir("nn-lab-xc-"), 40, sets);
    const r = await python.run(SCRIPT, [run, "-", "--json"], readFileSync(file, "utf8"));
    expect(r.code, r.stderr).toBe(0);
    const rep = JSON.parse(r.stdout) as Report;
    expect(rep.pass).toBe(true);
    expect(rep.params).toBe(2 * 8 + 8 + 8 * 8 + 8 + 8 * 6 + 6 + 6 * 3 + 3);
    expect(rep.max_err).toBeLessThan(1e-10);
  });

  it("agrees on a residual, batch-norm variant (γ, β in the flat order; batch norm differentiated in training mode)", async () => {
    const sets = ["--set", "model.residual=true", "--set", "model.norm=batch", "--set", "model.layers=[8,8,8]"];
    const { run, file } = await prepare(tempDir("nn-lab-xc-"), 32, sets);
    const r = await crosscheck(run, file, ["--json"]);
    expect(r.code, r.stderr).toBe(0);
    const rep = JSON.parse(r.stdout) as Report & { blocks: { layer: number; kind: string }[] };
    expect(rep.pass).toBe(true);
    // W, b, γ, β per hidden layer, then the output layer's W, b
    expect(rep.params).toBe(2 * 8 + 8 * 3 + (8 * 8 + 8 * 3) * 2 + 8 + 1);
    expect(rep.blocks.slice(0, 4).map((b) => b.kind)).toEqual(["weight", "bias", "gamma", "beta"]);
    expect(rep.max_err).toBeLessThan(1e-10);
  });

  it("pytorch_model.py loads a trained residual, batch-norm run and gives its final train loss in eval mode", async () => {
    const dir = tempDir("nn-lab-xc-");
    const sets = ["--set", "model.residual=true", "--set", "model.norm=batch", "--set", "train.epochs=15", "--set", "train.batch=16"];
    const run = join(dir, "run");
    expect((await runMain(["train", CONFIG, ...sets, "--run-dir", run, "--quiet"])).code).toBe(0);
    const r = await python.run(join(ROOT, "examples", "pytorch_model.py"), [run]);
    expect(r.code, r.stderr).toBe(0);
    const [, torchLoss, nnLab] = /torch (\S+)\s+nn-lab (\S+)/.exec(r.stdout)!;
    expect(Math.abs(Number(torchLoss) - Number(nnLab)) / Number(nnLab)).toBeLessThan(1e-12);
    // the running statistics matter: the same weights with fresh statistics give another loss
    const model = JSON.parse(readFileSync(join(run, "model.json"), "utf8")) as { layers: { norm?: { running_var: number[] } }[] };
    model.layers[0].norm!.running_var.fill(1);
    writeFileSync(join(run, "model.json"), JSON.stringify(model));
    const off = await python.run(join(ROOT, "examples", "pytorch_model.py"), [run]);
    const [, torchOff] = /torch (\S+)/.exec(off.stdout)!;
    expect(Math.abs(Number(torchOff) - Number(nnLab)) / Number(nnLab)).toBeGreaterThan(1e-6);
  });

  it("catches a wrong weight (a control: the check can fail) and refuses a trained run", async () => {
    const dir = tempDir("nn-lab-xc-");
    const { run, file } = await prepare(dir, 32);
    const modelFile = join(run, "model.json");
    const model = JSON.parse(readFileSync(modelFile, "utf8")) as { layers: { weight: number[][] }[] };
    model.layers[1].weight[2][3] *= 1 + 1e-6;
    writeFileSync(modelFile, JSON.stringify(model));
    const bad = await crosscheck(run, file);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^FAIL: /m);

    const trained = join(dir, "trained");
    expect((await runMain(["train", CONFIG, "--set", "train.epochs=1", "--run-dir", trained, "--quiet"])).code).toBe(0);
    const refused = await crosscheck(trained, file);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/trained for 1 epochs.*train\.epochs=0/);
  });
});
