/**
 * Whole-network gradients (mlp.ts + matmul.ts + activations + heads). What these tests prove:
 *  - the textbook walkthrough (one ReLU neuron, MSE, SGD 0.1) comes out number for number;
 *  - for every hidden activation × every head, backprop through a 3→4→3→k network on a batch of 5 gives
 *    dL/dθ equal to float64 central differences of the mean loss for every parameter (relative error < 1e-6);
 *  - forward outputs, loss and all gradients equal PyTorch's for two fixed networks, which also pins the
 *    parameter layout to torch's `model.parameters()` order (W₁, b₁, W₂, b₂, …; W out × in, row-major);
 *  - a workspace can be reused for a smaller (last, partial) batch without stale values leaking in.
 */
import { describe, expect, it } from "vitest";
import { ACTIVATION_NAMES, makeActivation, relu, type Activation } from "../../src/engine/activations.js";
import { makeHead, type Head, type LossName, type OutputName } from "../../src/engine/losses.js";
import { Mlp } from "../../src/engine/mlp.js";
import { Sgd } from "../../src/engine/optim.js";
import { Rng } from "../../src/engine/rng.js";
import { expectAllClose, expectClose, relErr } from "./helpers.js";

/** One training-style pass: forward, head gradient into the workspace, backward; returns the mean loss. */
function lossAndGrads(mlp: Mlp, head: Head, x: Float64Array, y: Float64Array, rows: number, capacity = rows): number {
  const ws = mlp.workspace(capacity);
  const z = mlp.forward(ws, x, rows);
  const loss = head.gradient(z, y, rows, mlp.outputs, ws.outputGrad);
  mlp.backward(ws, x, rows);
  return loss;
}

/** Mean loss for the current parameters (forward only). */
function meanLoss(mlp: Mlp, head: Head, x: Float64Array, y: Float64Array, rows: number): number {
  const ws = mlp.workspace(rows);
  const z = mlp.forward(ws, x, rows);
  return head.lossSum(z, y, rows, mlp.outputs) / head.count(rows, mlp.outputs);
}

/** Central differences of the mean loss w.r.t. every parameter (h = 1e-6). */
function numericGrads(mlp: Mlp, head: Head, x: Float64Array, y: Float64Array, rows: number, h = 1e-6): Float64Array {
  const g = new Float64Array(mlp.params.length);
  for (let i = 0; i < g.length; i++) {
    const p0 = mlp.params[i];
    mlp.params[i] = p0 + h;
    const plus = meanLoss(mlp, head, x, y, rows);
    mlp.params[i] = p0 - h;
    const minus = meanLoss(mlp, head, x, y, rows);
    mlp.params[i] = p0;
    g[i] = (plus - minus) / (2 * h);
  }
  return g;
}

describe("textbook walkthrough: x = 2, y = 1, one ReLU neuron W1 = 0.5, output W2 = 0.3, MSE, SGD lr 0.1", () => {
  // forward:  z1 = W1·x = 0.5·2 = 1.0;  a1 = relu(1.0) = 1.0;  z2 = W2·a1 = 0.3;  loss = (0.3 − 1)² = 0.49
  // backward: dL/dz2 = 2(z2 − y) = −1.4;  dL/dW2 = dL/dz2·a1 = −1.4;  dL/da1 = dL/dz2·W2 = −0.42;
  //           dL/dz1 = −0.42·relu'(1) = −0.42;  dL/dW1 = dL/dz1·x = −0.84
  // update:   W2 = 0.3 − 0.1·(−1.4) = 0.44;  W1 = 0.5 − 0.1·(−0.84) = 0.584
  const mlp = new Mlp({ inputs: 1, hidden: [{ units: 1, activation: relu }], outputs: 1, bias: false });
  mlp.params.set([0.5, 0.3]); // layout: W1 (1×1), W2 (1×1)
  const head = makeHead("mse", "linear");
  const x = Float64Array.of(2.0);
  const y = Float64Array.of(1.0);
  const ws = mlp.workspace(1);
  const z2 = mlp.forward(ws, x, 1);
  const loss = head.gradient(z2, y, 1, 1, ws.outputGrad);
  mlp.backward(ws, x, 1);

  it("forward: z1 = 1.0, a1 = 1.0, z2 = 0.3, loss = 0.49", () => {
    expect(ws.z[0][0]).toBe(1.0);
    expect(ws.a[0][0]).toBe(1.0);
    expect(z2[0]).toBeCloseTo(0.3, 15);
    expect(loss).toBeCloseTo(0.49, 15);
  });

  it("backward: dL/dz2 = −1.4, dL/dW2 = −1.4, dL/dW1 = −0.84", () => {
    expect(ws.outputGrad[0]).toBeCloseTo(-1.4, 15);
    expect(mlp.layers[1].weightGrad[0]).toBeCloseTo(-1.4, 15);
    expect(ws.da[0][0]).toBeCloseTo(-0.42, 15);
    expect(ws.dz[0][0]).toBeCloseTo(-0.42, 15);
    expect(mlp.layers[0].weightGrad[0]).toBeCloseTo(-0.84, 15);
    expect(Array.from(mlp.grads)).toEqual([mlp.layers[0].weightGrad[0], mlp.layers[1].weightGrad[0]]);
  });

  it("SGD step (lr 0.1): W2 = 0.44, W1 = 0.584", () => {
    new Sgd({ momentum: 0, dampening: 0, nesterov: false, weight_decay: 0 }).step(mlp.params, mlp.grads, 0.1);
    expect(mlp.layers[1].weight[0]).toBeCloseTo(0.44, 15);
    expect(mlp.layers[0].weight[0]).toBeCloseTo(0.584, 15);
  });
});

interface HeadCase {
  loss: LossName;
  output: OutputName;
  k: number;
  /** Targets for `rows` rows drawn from rng. */
  targets(rng: Rng, rows: number, k: number): Float64Array;
}

const HEADS: HeadCase[] = [
  { loss: "mse", output: "linear", k: 2, targets: (rng, rows, k) => Float64Array.from({ length: rows * k }, () => rng.normal()) },
  { loss: "mse", output: "sigmoid", k: 2, targets: (rng, rows, k) => Float64Array.from({ length: rows * k }, () => rng.nextDouble()) },
  {
    loss: "mse",
    output: "softmax",
    k: 3,
    targets: (rng, rows, k) => {
      const y = new Float64Array(rows * k);
      for (let r = 0; r < rows; r++) y[r * k + rng.int(k)] = 1;
      return y;
    },
  },
  { loss: "bce", output: "sigmoid", k: 2, targets: (rng, rows, k) => Float64Array.from({ length: rows * k }, () => rng.int(2)) },
  { loss: "cross_entropy", output: "softmax", k: 3, targets: (rng, rows, k) => Float64Array.from({ length: rows }, () => rng.int(k)) },
];

const ROWS = 5;
const INPUTS = 3;

/** Smallest |z| over every hidden pre-activation: the distance to a kink of relu/leaky_relu/elu. */
function minHiddenAbsZ(mlp: Mlp, x: Float64Array, rows: number): number {
  const ws = mlp.workspace(rows);
  mlp.forward(ws, x, rows);
  let min = Infinity;
  for (let l = 0; l + 1 < mlp.layers.length; l++) {
    for (let i = 0; i < rows * mlp.layers[l].outDim; i++) min = Math.min(min, Math.abs(ws.z[l][i]));
  }
  return min;
}

describe("whole-network gradient check: every hidden activation × every head, 3→4→3→k, batch of 5", () => {
  const cases = ACTIVATION_NAMES.flatMap((activation) =>
    HEADS.map((head) => ({ activation, ...head, label: `${head.loss}/${head.output}` })),
  );

  it.each(cases)("$activation hidden, $label head: backprop = central differences for every parameter", (c) => {
    const act = makeActivation({ name: c.activation });
    const mlp = new Mlp({
      inputs: INPUTS,
      hidden: [
        { units: 4, activation: act },
        { units: 3, activation: act },
      ],
      outputs: c.k,
      bias: true,
    });
    const rng = Rng.stream(11, "gradcheck");
    for (let i = 0; i < mlp.params.length; i++) mlp.params[i] = 0.8 * rng.normal();
    const x = Float64Array.from({ length: ROWS * INPUTS }, () => rng.uniform(-2, 2));
    const y = c.targets(rng, ROWS, c.k);
    // Precondition: no hidden pre-activation within 1e-3 of a kink, so ±h = 1e-6 never straddles one.
    expect(minHiddenAbsZ(mlp, x, ROWS)).toBeGreaterThan(1e-3);

    const head = makeHead(c.loss, c.output);
    const loss = lossAndGrads(mlp, head, x, y, ROWS);
    expectClose(loss, meanLoss(mlp, head, x, y, ROWS), 1e-15, 0, "loss");
    const analytic = Float64Array.from(mlp.grads);
    const numeric = numericGrads(mlp, head, x, y, ROWS);
    // The gradient must not be trivially zero: then any backprop bug would pass.
    expect(Math.hypot(...analytic)).toBeGreaterThan(1e-2);
    // Relative error |a − n|/max(|a|, |n|, 1e-3) < 1e-6: relative for components ≥ 1e-3, absolute 1e-9 below,
    // where central differences themselves carry O(ε/h) ≈ 1e-10 of rounding.
    for (let i = 0; i < analytic.length; i++) {
      expect(relErr(analytic[i], numeric[i], 1e-3), `param ${i}: backprop ${analytic[i]} vs numeric ${numeric[i]}`).toBeLessThan(1e-6);
    }
  });

  it("a linear model (no hidden layer, no bias) also checks out", () => {
    const mlp = new Mlp({ inputs: 4, hidden: [], outputs: 3, bias: false });
    const rng = Rng.stream(5, "gradcheck-linear");
    for (let i = 0; i < mlp.params.length; i++) mlp.params[i] = rng.normal();
    const x = Float64Array.from({ length: ROWS * 4 }, () => rng.normal());
    const y = Float64Array.from([0, 2, 1, 1, 0]);
    const head = makeHead("cross_entropy");
    lossAndGrads(mlp, head, x, y, ROWS);
    expectAllClose(mlp.grads, numericGrads(mlp, head, x, y, ROWS), 1e-6, 1e-3, "linear model");
  });

  it("mixed activations per layer (sigmoid then leaky_relu(0.2)) check out", () => {
    const mlp = new Mlp({
      inputs: INPUTS,
      hidden: [
        { units: 5, activation: makeActivation({ name: "sigmoid" }) },
        { units: 2, activation: makeActivation({ name: "leaky_relu", alpha: 0.2 }) },
      ],
      outputs: 1,
      bias: true,
    });
    const rng = Rng.stream(3, "gradcheck-mixed");
    for (let i = 0; i < mlp.params.length; i++) mlp.params[i] = rng.normal();
    const x = Float64Array.from({ length: ROWS * INPUTS }, () => rng.normal());
    const y = Float64Array.from([1, 0, 0, 1, 1]);
    expect(minHiddenAbsZ(mlp, x, ROWS)).toBeGreaterThan(1e-3);
    const head = makeHead("bce");
    lossAndGrads(mlp, head, x, y, ROWS);
    expectAllClose(mlp.grads, numericGrads(mlp, head, x, y, ROWS), 1e-6, 1e-3, "mixed");
  });
});

describe("against PyTorch: fixed networks, parameters p[i] = 0.5·sin(1.3i + 0.7), x[i] = 1.5·cos(0.9i)", () => {
  /** Fill params and a rows × inputs batch with the closed forms above (reproduced in the Python reference). */
  function fixedNet(hidden: { units: number; activation: Activation }[], outputs: number, bias: boolean): { mlp: Mlp; x: Float64Array } {
    const mlp = new Mlp({ inputs: INPUTS, hidden, outputs, bias });
    for (let i = 0; i < mlp.params.length; i++) mlp.params[i] = 0.5 * Math.sin(1.3 * i + 0.7);
    const x = Float64Array.from({ length: ROWS * INPUTS }, (_, i) => 1.5 * Math.cos(0.9 * i));
    return { mlp, x };
  }

  // Python: layers = [nn.Linear(3,4), nn.Linear(4,3), nn.Linear(3,3)] (float64), the flat values above copied into
  // [p for l in layers for p in l.parameters()] in order; z = L3(tanh(L2(tanh(L1(x))))),
  // loss = F.cross_entropy(z, [0, 2, 1, 1, 0]); loss.backward(); grads = cat of p.grad.flatten() in the same order.
  it("tanh → tanh → cross_entropy: output z, loss and all 43 gradients", () => {
    const tanh = makeActivation({ name: "tanh" });
    const { mlp, x } = fixedNet(
      [
        { units: 4, activation: tanh },
        { units: 3, activation: tanh },
      ],
      3,
      true,
    );
    expect(mlp.params.length).toBe(43); // 4·3 + 4 + 3·4 + 3 + 3·3 + 3
    const ws = mlp.workspace(ROWS);
    const z = mlp.forward(ws, x, ROWS);
    expectAllClose(
      z,
      [
        0.3272522720462129, -0.23407441917638727, -0.5425263449228819, 0.27457648485372216, -0.5523909993729081, -0.027697980676054057,
        0.17694942172972383, 0.013009299810681385, -0.7509556015156384, 0.4202954094016916, -0.6314587712586897, -0.05862120555799011,
        0.15771340548341298, -0.11709470792472704, -0.5428261810272522,
      ],
      1e-13,
      1e-15,
      "z",
    );
    const head = makeHead("cross_entropy");
    const loss = head.gradient(z, Float64Array.from([0, 2, 1, 1, 0]), ROWS, 3, ws.outputGrad);
    mlp.backward(ws, x, ROWS);
    expectClose(loss, 1.0565864209298799, 1e-14, 0, "loss");
    expectAllClose(
      mlp.grads,
      [
        0.010631664441848201, 0.0632775678166612, 0.06803626940367093, 0.07110259380686425, 0.07710225166423748, 0.024752462614342625,
        0.03340624660123385, 0.013989452121941314, -0.016014280821945955, -0.09750006932578609, -0.1030469730719181, -0.03060998199745995,
        0.001993859406898689, 0.003767996907712047, 0.051311801025474384, 0.029195267463818307, -0.02625698938117933, 0.09285603263382473,
        -0.03908153877753687, -0.010201481253578188, 0.08670692738735597, 0.05811917445869683, -0.06394253072649994, 0.08592612761091267,
        0.059001742511012686, -0.0774685836613856, 0.018301607600320857, 0.04968927107758921, -0.060660133919105005, -0.08199982636619883,
        0.044233859140810856, -0.08836810805478965, -0.028699570741189905, 0.05896869693638581, 0.03678810704642547, 0.019057522874522857,
        -0.010361919269654962, 0.051580001008364185, 0.00964204786666705, -0.04860677766673087, 0.07177482040279798, -0.12398290515289033,
        0.052208084750092296,
      ],
      1e-12,
      1e-14,
      "grads",
    );
  });

  // Python: the same with bias=False, z = L3(elu(L2(gelu(L1(x))))), 2 outputs,
  // loss = F.mse_loss(torch.sigmoid(z), y), y = [[.1,.9],[1,0],[.5,.5],[.3,.2],[.8,.7]].
  it("gelu → elu, no biases → mse on a sigmoid output: z, loss and all 30 gradients", () => {
    const { mlp, x } = fixedNet(
      [
        { units: 4, activation: makeActivation({ name: "gelu" }) },
        { units: 3, activation: makeActivation({ name: "elu" }) },
      ],
      2,
      false,
    );
    expect(mlp.params.length).toBe(30); // 4·3 + 3·4 + 2·3
    expect(mlp.layers.every((l) => l.bias === null && l.biasGrad === null)).toBe(true);
    const ws = mlp.workspace(ROWS);
    const z = mlp.forward(ws, x, ROWS);
    expectAllClose(
      z,
      [
        0.018458432335758928, 0.062441530389413025, -0.17592380253979562, 0.23012513790666222, 0.23717475684616432, -0.15824826303105327,
        -0.13304065517968794, -0.009846299484695065, 0.062203964089470015, -0.12050616868498853,
      ],
      1e-13,
      1e-15,
      "z",
    );
    const head = makeHead("mse", "sigmoid");
    const loss = head.gradient(z, Float64Array.from([0.1, 0.9, 1, 0, 0.5, 0.5, 0.3, 0.2, 0.8, 0.7]), ROWS, 2, ws.outputGrad);
    mlp.backward(ws, x, ROWS);
    expectClose(loss, 0.11730688746973265, 1e-14, 0, "loss");
    expectAllClose(
      mlp.grads,
      [
        -0.003580919766811571, -0.005107315442357227, -0.002768596613332328, -0.017577411139702057, -0.01972708931516415,
        -0.006947699586841449, -0.006406313823139144, -0.003110598754097945, 0.0025391554374639596, 0.011714913903737448,
        0.010863468739478422, 0.001790767013175624, 0.014327543266064016, -0.009799143521958058, 0.002780499577435995, 0.007285464126166303,
        0.015312807932815892, -0.014263337751736271, 0.007880663232304375, 0.002833179468309419, -0.0071353462355804205,
        0.004399374362229703, -2.1641363338765736e-5, -0.005860858537814671, 0.004644312115060155, 0.0056095395793928395,
        1.0008948361027881e-5, -0.008521867106074998, -0.012849113201887268, -0.0030448668802044547,
      ],
      1e-11,
      1e-14,
      "grads",
    );
  });
});

describe("parameter layout and workspaces", () => {
  const act = makeActivation({ name: "tanh" });
  const shape = {
    inputs: 3,
    hidden: [
      { units: 4, activation: act },
      { units: 2, activation: act },
    ],
    outputs: 2,
    bias: true,
  };

  it("params are W₁, b₁, W₂, b₂, W₃, b₃ back to back; layer views alias params and grads", () => {
    const mlp = new Mlp(shape);
    expect(mlp.params.length).toBe(4 * 3 + 4 + 2 * 4 + 2 + 2 * 2 + 2);
    expect(mlp.layers.map((l) => [l.inDim, l.outDim, l.offset])).toEqual([
      [3, 4, 0],
      [4, 2, 16],
      [2, 2, 26],
    ]);
    expect(mlp.layers.map((l) => l.activation)).toEqual([act, act, null]);
    mlp.layers[1].bias![1] = 42;
    expect(mlp.params[16 + 8 + 1]).toBe(42);
    mlp.grads[26] = 7;
    expect(mlp.layers[2].weightGrad[0]).toBe(7);
    expect(mlp.inputs).toBe(3);
    expect(mlp.outputs).toBe(2);
  });

  it("forward computes z = W·a + b with W stored out × in (row o holds the weights into unit o)", () => {
    const mlp = new Mlp({ inputs: 2, hidden: [], outputs: 3, bias: true });
    // W = [[1, 2], [3, 4], [5, 6]], b = [0.5, −1, 0]; x = [10, 100] → z = [210.5, 429, 650]
    mlp.params.set([1, 2, 3, 4, 5, 6, 0.5, -1, 0]);
    const z = mlp.forward(mlp.workspace(1), Float64Array.of(10, 100), 1);
    expect(Array.from(z)).toEqual([210.5, 429, 650]);
  });

  it("a workspace reused for a smaller batch gives the same gradients as a fresh one", () => {
    const mlp = new Mlp(shape);
    const rng = Rng.stream(2, "ws");
    for (let i = 0; i < mlp.params.length; i++) mlp.params[i] = rng.normal();
    const x = Float64Array.from({ length: 8 * 3 }, () => rng.normal());
    const y = Float64Array.from({ length: 8 * 2 }, () => rng.normal());
    const head = makeHead("mse");
    const ws = mlp.workspace(8);
    // a full batch of 8 first, leaving values in every buffer
    let z = mlp.forward(ws, x, 8);
    head.gradient(z, y, 8, 2, ws.outputGrad);
    mlp.backward(ws, x, 8);
    // then the last partial batch of 3 (rows 5..7) in the same workspace
    const x3 = x.slice(5 * 3);
    const y3 = y.slice(5 * 2);
    z = mlp.forward(ws, x3, 3);
    const loss = head.gradient(z, y3, 3, 2, ws.outputGrad);
    mlp.backward(ws, x3, 3);
    const reused = Float64Array.from(mlp.grads);
    const fresh = lossAndGrads(mlp, head, x3, y3, 3);
    expect(loss).toBe(fresh);
    expect(Array.from(reused)).toEqual(Array.from(mlp.grads));
  });

  it("a batch larger than the workspace is refused", () => {
    const mlp = new Mlp(shape);
    expect(() => mlp.forward(mlp.workspace(2), new Float64Array(9), 3)).toThrow(RangeError);
  });

  it("gradient of a batch = mean of per-sample gradients (mean reduction)", () => {
    const mlp = new Mlp(shape);
    const rng = Rng.stream(4, "mean");
    for (let i = 0; i < mlp.params.length; i++) mlp.params[i] = rng.normal();
    const x = Float64Array.from({ length: 4 * 3 }, () => rng.normal());
    const y = Float64Array.from({ length: 4 * 2 }, () => rng.nextDouble());
    const head = makeHead("bce");
    lossAndGrads(mlp, head, x, y, 4);
    const batch = Float64Array.from(mlp.grads);
    const sum = new Float64Array(batch.length);
    for (let r = 0; r < 4; r++) {
      lossAndGrads(mlp, head, x.slice(r * 3, r * 3 + 3), y.slice(r * 2, r * 2 + 2), 1);
      for (let i = 0; i < sum.length; i++) sum[i] += mlp.grads[i] / 4;
    }
    expectAllClose(batch, sum, 1e-12, 1e-12, "batch vs mean of samples");
  });
});
