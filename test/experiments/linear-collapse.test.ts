/**
 * "Stacking linear layers is one linear layer" (configs/classic-linear-collapse.yaml, nn-lab collapse): the
 * product of the trained weight matrices, computed independently here with NumPy (np.linalg.multi_dot), is the
 * combined layer; it predicts what the network predicts; the stack trains to the accuracy of `layers: []`, and a
 * ReLU between the layers does better.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { runMain, tempDir } from "../helpers.js";

const CONFIG = "configs/classic-linear-collapse.yaml";

describe("nn-lab collapse", async () => {
  const r = await runMain(["collapse", CONFIG, "--json"]);
  const doc = JSON.parse(r.stdout) as {
    layers: number;
    weights: number[][][];
    combined: { weight: number[][]; bias: number[] };
    max_abs_difference: number;
    max_abs_output: number;
    stacked: { final: { train_acc: number; test_acc: number } };
    single: { final: { train_acc: number; test_acc: number } };
  };

  it("exits 0 with three layers (two linear hidden + output)", () => {
    expect(r.code, r.stderr).toBe(0);
    expect(doc.layers).toBe(3);
    expect(doc.weights.map((w) => [w.length, w[0].length])).toEqual([
      [8, 2],
      [8, 8],
      [1, 8],
    ]);
  });

  it("the combined W is W3·W2·W1 (NumPy multi_dot of the same matrices)", () => {
    const py = spawnSync(
      "/usr/bin/python3",
      [
        "-c",
        "import json,sys,numpy as np; w=json.load(sys.stdin); print(json.dumps(np.linalg.multi_dot([np.array(m) for m in w[::-1]]).tolist()))",
      ],
      { input: JSON.stringify(doc.weights), encoding: "utf8" },
    );
    expect(py.status, py.stderr).toBe(0);
    const want = JSON.parse(py.stdout) as number[][];
    doc.combined.weight.flat().forEach((v, i) => expect(Math.abs(v - want.flat()[i])).toBeLessThan(1e-12));
  });

  it("the one combined layer predicts what the network predicts, to float64 rounding", () => {
    expect(doc.max_abs_output).toBeGreaterThan(1);
    expect(doc.max_abs_difference).toBeLessThan(1e-13 * doc.max_abs_output);
  });

  it("the linear stack ends where layers: [] ends, below one ReLU network on the same moons", async () => {
    expect(Math.abs(doc.stacked.final.train_acc - doc.single.final.train_acc)).toBeLessThanOrEqual(0.02);
    expect(doc.stacked.final.train_acc).toBeLessThan(0.9);
    const relu = JSON.parse((await runMain(["train", CONFIG, "--set", "model.activation=relu", "--runs", tempDir(), "--json"])).stdout);
    expect(relu.final.train_acc).toBeGreaterThanOrEqual(0.97);
  });

  it("refuses a network with a non-linear hidden layer (exit 2, one line)", async () => {
    const bad = await runMain(["collapse", CONFIG, "--set", "model.activation=tanh"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      `nn-lab: error: ${CONFIG}: model.layers: collapse needs linear hidden layers, but layer 1 is tanh — a non-linearity between the layers is exactly what stops them collapsing (try --set model.activation=linear)\n`,
    );
  });
});
