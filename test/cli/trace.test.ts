/**
 * The textbook examples shipped in configs/ and checked against independent computations:
 * - configs/numpy-2-3-1.yaml, the from-scratch 2→3 (ReLU)→1 (sigmoid) MSE network with np.random.seed(42)
 *   weights written inline: `nn-lab trace` against NumPy by hand and PyTorch autograd, both run here by
 *   test/torch/numpy_2_3_1.py (/usr/bin/python3), and against NumPy's printed loss 0.2456276130922733.
 * - configs/walkthrough.yaml, one weight per layer: every number of `nn-lab trace` computed by hand;
 * - inline initial weights (`model.init: {weights, biases}`): bad shapes are input errors naming the key.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { column, readMetrics, ROOT, runCli, runMain, tempDir, writeFile, type CliResult } from "../helpers.js";

type Rows = number[][];
interface TraceLayer {
  weight: Rows;
  dW: Rows;
  db: number[] | null;
  new_weight: Rows;
  new_bias: number[] | null;
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1e-12, Math.abs(b));
function expectRows(got: Rows | number[], want: Rows | number[], tol = 1e-12) {
  const g = got.flat();
  const w = want.flat();
  expect(g).toHaveLength(w.length);
  g.forEach((v, i) => expect(rel(v, w[i]), `entry ${i}: ${v} vs ${w[i]}`).toBeLessThanOrEqual(tol));
}

describe("configs/numpy-2-3-1.yaml: the NumPy 2→3→1 network, traced", () => {
  const py = spawnSync("/usr/bin/python3", [join(ROOT, "test", "torch", "numpy_2_3_1.py")], { encoding: "utf8" });
  const ref = JSON.parse(py.stdout) as {
    W1: Rows;
    W2: Rows;
    numpy: { loss: number; dW1: Rows; dW2: Rows; db1: number[]; db2: number[] };
    torch: { loss: number; dW1: Rows; dW2: Rows; db1: number[]; db2: number[]; W1: Rows; W2: Rows; b1: number[]; b2: number[] };
  };
  const r = runCli(["trace", "configs/numpy-2-3-1.yaml", "--json"]);
  const t = JSON.parse(r.stdout) as { loss: number; layers: TraceLayer[] };

  it("runs (python with numpy and torch, and nn-lab)", () => {
    expect(py.status, py.stderr).toBe(0);
    expect(r.code, r.stderr).toBe(0);
  });

  it("starts from NumPy's seed-42 weights exactly", () => {
    expect(t.layers[0].weight).toEqual(ref.W1);
    expect(t.layers[1].weight).toEqual(ref.W2);
  });

  it("has NumPy's loss 0.2456276130922733 (and torch's)", () => {
    expect(rel(t.loss, 0.2456276130922733)).toBeLessThan(1e-14);
    expect(rel(t.loss, ref.numpy.loss)).toBeLessThan(1e-14);
    expect(rel(t.loss, ref.torch.loss)).toBeLessThan(1e-14);
  });

  it("has NumPy's hand-written gradients and PyTorch's autograd gradients", () => {
    for (const g of [ref.numpy, ref.torch]) {
      expectRows(t.layers[0].dW, g.dW1);
      expectRows(t.layers[1].dW, g.dW2);
      expectRows(t.layers[0].db!, g.db1);
      expectRows(t.layers[1].db!, g.db2);
    }
  });

  it("the third hidden unit has z < 0, so ReLU passes no gradient to its weights", () => {
    expect(t.layers[0].dW[2]).toEqual([0, 0]);
    expect(t.layers[1].dW[0][2]).toBe(0);
  });

  it("after one SGD step (lr 0.1) holds torch.optim.SGD's weights", () => {
    expectRows(t.layers[0].new_weight, ref.torch.W1);
    expectRows(t.layers[1].new_weight, ref.torch.W2);
    expectRows(t.layers[0].new_bias!, ref.torch.b1);
    expectRows(t.layers[1].new_bias!, ref.torch.b2);
  });

  it("the text trace prints the loss and the gradients", async () => {
    const text = (await runMain(["trace", "configs/numpy-2-3-1.yaml"])).stdout;
    expect(text).toMatch(/loss = .* = 0\.245628$/m);
    expect(text).toContain("dL/dW2 = dL/dz2ᵀ·a1 = [[-0.0105948, -0.034918, 0]]");
    // 92 columns on one line: at 80 it goes on between rows, under the first row, no number cut
    expect(text).toContain(
      ["dL/dW1 = dL/dz1ᵀ·x = [[-0.0391305, -0.0195653],", "                                 [-0.0190159, -0.00950794], [0, 0]]"].join("\n"),
    );
  });
});

describe("configs/walkthrough.yaml: one weight per layer, traced by hand", () => {
  let r: CliResult;
  beforeAll(async () => {
    r = await runMain(["trace", "configs/walkthrough.yaml"]);
  });
  it("exits 0", () => expect(r.code).toBe(0));
  // x = 2, y = 1, W1 = 0.5, W2 = 0.3: z1 = 1, a1 = 1, ŷ = 0.3, loss = (0.3 − 1)² = 0.49;
  // dL/dz2 = 2(0.3 − 1) = −1.4; dL/dW2 = −1.4·a1 = −1.4; dL/da1 = −1.4·0.3 = −0.42; dL/dW1 = −0.42·x = −0.84;
  // W2 = 0.3 − 0.1·(−1.4) = 0.44; W1 = 0.5 − 0.1·(−0.84) = 0.584.
  it.each([
    ["the loss", /loss = .* = 0\.49$/m],
    ["dL/dz2", /dL\/dz2 = .* = \[\[-1\.4\]\]/],
    ["dL/dW2", /dL\/dW2 = dL\/dz2ᵀ·a1 = \[\[-1\.4\]\]/],
    ["dL/da1", /dL\/da1 = dL\/dz2·W2 = \[\[-0\.42\]\]/],
    ["dL/dW1", /dL\/dW1 = dL\/dz1ᵀ·x = \[\[-0\.84\]\]/],
    ["the new W2", /W2: \[\[0\.3\]\] → \[\[0\.44\]\]/],
    ["the new W1", /W1: \[\[0\.5\]\] → \[\[0\.584\]\]/],
  ])("prints %s", (_what, re) => expect(r.stdout).toMatch(re));
  it("walks backward from the loss down: layer 2 before layer 1", () => {
    const back = r.stdout.slice(r.stdout.indexOf("Backward pass"));
    expect(back.indexOf("layer 2:")).toBeLessThan(back.indexOf("layer 1:"));
  });
});

describe("inline initial weights (model.init: {weights, biases})", () => {
  const base = (init: string, extra = "") => `data: { kind: inline, x: [[2.0]], y: [1.0] }
model: { layers: [1], activation: relu, output: linear${extra}, init: ${init} }
train: { epochs: 1, batch: full, loss: mse, lr: 0.1 }
`;

  it("the walkthrough written inline gives the same step as walkthrough.model.json", async () => {
    const dir = tempDir();
    const cfg = writeFile(dir, "w.yaml", base("{ weights: [[[0.5]], [[0.3]]] }", ", bias: false"));
    const a = JSON.parse((await runMain(["trace", cfg, "--json"])).stdout);
    const b = JSON.parse((await runMain(["trace", "configs/walkthrough.yaml", "--json"])).stdout);
    expect(a.loss).toBe((0.3 - 1) ** 2); // 0.48999999999999994 in float64
    expect(a.layers).toEqual(b.layers);
  });

  it("biases default to zero, and given ones are used", async () => {
    const dir = tempDir();
    const cfg = writeFile(dir, "b.yaml", base("{ weights: [[[0.5]], [[0.3]]], biases: [[0.1], null] }"));
    const t = JSON.parse((await runMain(["trace", cfg, "--json"])).stdout);
    // z1 = 0.5·2 + 0.1 = 1.1, ŷ = 0.3·1.1 + 0 = 0.33
    expect(t.layers[0].bias).toEqual([0.1]);
    expect(t.layers[1].bias).toEqual([0]);
    expect(t.layers[1].z[0][0]).toBeCloseTo(0.33, 15);
  });

  it.each([
    [
      "a matrix of the wrong shape",
      "{ weights: [[[0.5, 1]], [[0.3]]] }",
      "",
      "model.init.weights[0]: expected 1×1 (out×in: layer 1 maps 1 inputs to 1 units), got 1×2",
    ],
    [
      "too few matrices",
      "{ weights: [[[0.5]]] }",
      "",
      "model.init.weights: expected 2 matrices (1 hidden + output, layer sizes 1→1→1), got 1",
    ],
    ["ragged rows", "{ weights: [[[0.5], [1, 2]], [[0.3]]] }", "", "model.init.weights[0]: expected 1×1"],
    [
      "a bias of the wrong length",
      "{ weights: [[[0.5]], [[0.3]]], biases: [[0, 1], [0]] }",
      "",
      "model.init.biases[0]: expected 1 values (layer 1's units), got 2",
    ],
    [
      "biases on a model without bias",
      "{ weights: [[[0.5]], [[0.3]]], biases: [[1], [0]] }",
      ", bias: false",
      "model.init.biases: the model has bias: false",
    ],
  ])("%s is an input error naming the key (exit 2, nothing trained)", async (_what, init, extra, message) => {
    const dir = tempDir();
    const cfg = writeFile(dir, "bad.yaml", base(init, extra));
    for (const cmd of [
      ["trace", cfg],
      ["train", cfg, "--runs", join(dir, "runs")],
    ]) {
      const r = await runMain(cmd);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${cfg}: ${message}`);
      expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    }
    expect(existsSync(join(dir, "runs"))).toBe(false);
  });
});

describe("zero_frac_layerK: ReLU sparsity, distinct from dead units", () => {
  it("counts exactly-zero activations over all samples; dead_frac counts units zero for every sample", async () => {
    // x = 1, 2, −1, 0.5; hidden ReLU units with weights 1, −1, 0 and no bias:
    //   unit 1 (z = x)  is 0 for x = −1             → 1 zero of 4, alive
    //   unit 2 (z = −x) is 0 for x = 1, 2, 0.5       → 3 zeros of 4, alive
    //   unit 3 (z = 0)  is 0 for every sample        → 4 zeros of 4, dead
    // zero_frac = (1 + 3 + 4) / 12 = 2/3; dead_frac = 1/3
    const dir = tempDir();
    const cfg = writeFile(
      dir,
      "z.yaml",
      `data: { kind: inline, x: [[1], [2], [-1], [0.5]], y: [1, 2, 0, 1] }
model: { layers: [3], activation: relu, bias: false, init: { weights: [[[1], [-1], [0]], [[1, 1, 1]]] } }
train: { epochs: 0, loss: mse }
`,
    );
    const runDir = join(dir, "run");
    expect((await runMain(["train", cfg, "--run-dir", runDir, "--quiet"])).code).toBe(0);
    const m = readMetrics(runDir);
    expect(column(m, "zero_frac_layer1")).toEqual([2 / 3]);
    expect(column(m, "dead_frac_layer1")).toEqual([1 / 3]);
  });
});

describe("trace, factor by factor", () => {
  it("the walkthrough: each local factor with its value, then the product line", async () => {
    const out = (await runMain(["trace", "configs/walkthrough.yaml"])).stdout;
    // x = 2, W1 = 0.5, W2 = 0.3: z1 = a1 = 1; dL/dz2 = 2(0.3 − 1) = −1.4
    expect(out).toContain("  dz2/da1 = W2 = [[0.3]]  (1×1)");
    expect(out).toContain("  da1/dz1 = relu′(z1) = [[1]]");
    expect(out).toContain("  dz1/dW1 = x = [[2]]  (1×1)");
    expect(out).toContain("  dL/dW2 = dL/dz2 · dz2/dW2 = -1.4 · 1 = -1.4");
    expect(out).toContain("  dL/dW1 = dL/dz2 · dz2/da1 · da1/dz1 · dz1/dW1 = -1.4 · 0.3 · 1 · 2 = -0.84");
  });

  it("for matrices it gives the shapes of each product (the NumPy 2→3→1 network)", async () => {
    const out = (await runMain(["trace", "configs/numpy-2-3-1.yaml"])).stdout;
    expect(out).toContain("  da1/dz1 = relu′(z1) = [[1, 1, 0]]");
    expect(out).toContain("  dL/dW2 = dL/dz2ᵀ · a1  (1×1 · 1×3 = 1×3)");
    expect(out).toContain("  dL/dz1 = (dL/dz2 · W2) ⊙ relu′(z1)  (1×1 · 1×3 = 1×3)");
    expect(out).toContain("  dL/dW1 = dL/dz1ᵀ · x  (3×1 · 1×2 = 3×2)");
    expect(out).not.toContain("multiplied along the path");
  });

  it("momentum: the buffer after the first step is the gradient (flat over W1, W2)", async () => {
    const out = (await runMain(["trace", "configs/walkthrough.yaml", "--set", "train.optimizer=momentum"])).stdout;
    expect(out).toContain("rule: buf ← μ·buf + g (the first step: buf = g); W ← W − lr·buf");
    expect(out).toContain("    momentum_buffer = [-0.84, -1.4]");
    expect(out).toContain("  W2: [[0.3]] → [[0.44]]");
  });

  it("adam: m, v, the bias corrections and the step, with their numbers", async () => {
    // g = (−0.84, −1.4); m = 0.1·g = (−0.084, −0.14); v = 0.001·g² = (0.0007056, 0.00196);
    // 1 − 0.9¹ = 0.1, 1 − 0.999¹ = 0.001 → m̂ = g, v̂ = g², update = 0.1·g/|g| = −0.1 each → W2 = 0.4, W1 = 0.6
    const out = (await runMain(["trace", "configs/walkthrough.yaml", "--set", "train.optimizer=adam", "--set", "train.lr=0.1"])).stdout;
    expect(out).toContain("    step = 1");
    expect(out).toContain("    exp_avg = [-0.084, -0.14]");
    expect(out).toContain("    exp_avg_sq = [0.0007056, 0.00196]");
    expect(out).toContain("    bias corrections: 1 − β1ᵗ = 1 − 0.9^1 = 0.1, 1 − β2ᵗ = 1 − 0.999^1 = 0.001");
    expect(out).toContain("    m̂ = m/(1 − β1ᵗ) = [-0.84, -1.4]");
    expect(out).toContain("    v̂ = v/(1 − β2ᵗ) = [0.7056, 1.96]");
    expect(out).toContain("    update = lr·m̂/(√v̂ + ε) = [-0.1, -0.1]");
    expect(out).toContain("  W2: [[0.3]] → [[0.4]]");
  });
});
