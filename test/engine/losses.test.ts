/**
 * Output heads (losses.ts): loss + output activation, mean reduction as PyTorch (docs/spec.md §3). What these tests prove:
 *  - each head's mean loss equals torch's F.mse_loss / F.binary_cross_entropy_with_logits / F.cross_entropy
 *    (float64) and its dL/dz equals torch's autograd gradient;
 *  - dL/dz also equals float64 central differences of lossSum/count (relative error < 1e-6);
 *  - logits of ±1000 give finite, exact losses and gradients (bce from logits, log-softmax with max subtraction);
 *  - softmax([2, 1, 0.1]) = [0.659, 0.242, 0.099]; loss/output combinations are checked.
 */
import { describe, expect, it } from "vitest";
import { LOSS_NAMES, LOSSES, makeHead, softmaxRow, type Head, type LossName, type OutputName } from "../../src/engine/losses.js";
import { expectAllClose, expectClose, relErr } from "./helpers.js";

const Z32 = [0.3, -1.2, 2.1, 0.4, -0.7, 1.5]; // 3 rows × 2 outputs
const Z33 = [0.3, -1.2, 0.8, 2.1, 0.4, -0.5, -0.7, 1.5, 0.2]; // 3 rows × 3 outputs

interface Case {
  title: string;
  loss: LossName;
  output: OutputName;
  rows: number;
  k: number;
  z: number[];
  y: number[];
  /** Mean loss and dL/dz from torch (float64), see each entry. */
  torchLoss: number;
  torchGrad: number[];
}

// Every torchLoss/torchGrad below: z = torch.tensor(z, dtype=float64, requires_grad=True); l = <loss>; l.backward();
// torchLoss = l.item(), torchGrad = z.grad.flatten().tolist()  (PyTorch 1.13).
const CASES: Case[] = [
  {
    // F.mse_loss(z, y). Hand check: d = z − y = [−.2, −1, 1.1, −.3, −.8, .6], Σd² = .04+1+1.21+.09+.64+.36 = 3.34,
    // mean = 3.34/6 = 0.556667; dL/dz = 2d/6 = d/3 = [−.0667, −.3333, .3667, −.1, −.2667, .2].
    title: "mse, linear output",
    loss: "mse",
    output: "linear",
    rows: 3,
    k: 2,
    z: Z32,
    y: [0.5, -0.2, 1.0, 0.7, 0.1, 0.9],
    torchLoss: 0.5566666666666666,
    torchGrad: [
      -0.06666666666666667, -0.3333333333333333, 0.3666666666666667, -0.09999999999999998, -0.2666666666666666, 0.19999999999999998,
    ],
  },
  {
    // F.mse_loss(torch.sigmoid(z), y)
    title: "mse, sigmoid output",
    loss: "mse",
    output: "sigmoid",
    rows: 3,
    k: 2,
    z: Z32,
    y: [0.2, 0.9, 1, 0, 0.4, 0.6],
    torchLoss: 0.16824164004646078,
    torchGrad: [
      0.030511861828337296, -0.03964228080636155, -0.00353454444359807, 0.04794704789495628, -0.005039368963620001, 0.010816820395114349,
    ],
  },
  {
    // F.mse_loss(torch.softmax(z, 1), one_hot([2, 0, 1]))
    title: "mse, softmax output",
    loss: "mse",
    output: "softmax",
    rows: 3,
    k: 3,
    z: Z33,
    y: [0, 0, 1, 1, 0, 0, 0, 1, 0],
    torchLoss: 0.05523360466163261,
    torchGrad: [
      0.03601486581596125, 0.0033654306096776204, -0.03938029642563887, -0.011740081148735152, 0.009151777111490506, 0.0025883040372446453,
      0.004186295104735719, -0.019601350885940016, 0.015415055781204298,
    ],
  },
  {
    // F.binary_cross_entropy_with_logits(z, y), 0/1 labels
    title: "bce, sigmoid output, 0/1 labels",
    loss: "bce",
    output: "sigmoid",
    rows: 3,
    k: 2,
    z: Z32,
    y: [1, 0, 1, 1, 0, 1],
    torchLoss: 0.34179530237574607,
    torchGrad: [
      -0.07092624719805683, 0.03857920275016373, -0.018182803532602154, -0.066885389981258, 0.05530203797197231, -0.030404253967726058,
    ],
  },
  {
    // F.binary_cross_entropy_with_logits(z, y), soft labels
    title: "bce, sigmoid output, soft labels",
    loss: "bce",
    output: "sigmoid",
    rows: 3,
    k: 2,
    z: Z32,
    y: [0.3, 0.8, 0.9, 0.5, 0.0, 0.25],
    torchLoss: 0.7926286357090792,
    torchGrad: [
      0.04574041946860984, -0.09475413058316962, -0.0015161368659354912, 0.016447943352075334, 0.05530203797197231, 0.09459574603227394,
    ],
  },
  {
    // F.cross_entropy(z, torch.tensor([2, 0, 1, 1])), z 4 × 3
    title: "cross_entropy, softmax output",
    loss: "cross_entropy",
    output: "softmax",
    rows: 4,
    k: 3,
    z: [...Z33, 1.0, 1.0, -3.0],
    y: [2, 0, 1, 1],
    torchLoss: 0.45260281457251167,
    torchGrad: [
      0.08705185697093372, 0.019423894787142643, -0.10647575175807636, -0.05110697529048852, 0.03633447866344118, 0.014772496627047339,
      0.020024643751408236, -0.06927731982218152, 0.04925267607077327, 0.12386566064446078, -0.12613433935553922, 0.0022686787110784367,
    ],
  },
];

function meanLoss(head: Head, z: Float64Array, y: Float64Array, rows: number, k: number): number {
  return head.lossSum(z, y, rows, k) / head.count(rows, k);
}

function runGradient(head: Head, c: { z: number[]; y: number[]; rows: number; k: number }): { loss: number; dz: Float64Array } {
  const dz = new Float64Array(c.z.length);
  const loss = head.gradient(Float64Array.from(c.z), Float64Array.from(c.y), c.rows, c.k, dz);
  return { loss, dz };
}

describe.each(CASES)("$title", (c) => {
  const head = makeHead(c.loss, c.output);

  it("mean loss and dL/dz match torch (float64)", () => {
    const { loss, dz } = runGradient(head, c);
    expectClose(loss, c.torchLoss, 1e-14, 0, "loss");
    expectAllClose(dz, c.torchGrad, 1e-12, 1e-15, "dL/dz");
  });

  it("lossSum / count is the mean loss that gradient returns", () => {
    const { loss } = runGradient(head, c);
    const z = Float64Array.from(c.z);
    const y = Float64Array.from(c.y);
    expectClose(meanLoss(head, z, y, c.rows, c.k), loss, 1e-15);
    expect(head.count(c.rows, c.k)).toBe(c.loss === "cross_entropy" ? c.rows : c.rows * c.k);
  });

  it("dL/dz agrees with float64 central differences (h = 1e-6, relative error < 1e-6)", () => {
    const { dz } = runGradient(head, c);
    const z = Float64Array.from(c.z);
    const y = Float64Array.from(c.y);
    const h = 1e-6;
    for (let i = 0; i < z.length; i++) {
      const z0 = z[i];
      z[i] = z0 + h;
      const plus = meanLoss(head, z, y, c.rows, c.k);
      z[i] = z0 - h;
      const minus = meanLoss(head, z, y, c.rows, c.k);
      z[i] = z0;
      const numeric = (plus - minus) / (2 * h);
      expect(relErr(dz[i], numeric), `dL/dz[${i}]: ${dz[i]} vs ${numeric}`).toBeLessThan(1e-6);
    }
  });

  it("leaves z and y untouched", () => {
    const z = Float64Array.from(c.z);
    const y = Float64Array.from(c.y);
    head.gradient(z, y, c.rows, c.k, new Float64Array(c.z.length));
    expect(Array.from(z)).toEqual(c.z);
    expect(Array.from(y)).toEqual(c.y);
  });
});

describe("extreme logits (±1000)", () => {
  it("bce from logits: finite, exact loss and gradient", () => {
    // z = [[1000, −1000], [1000, −1000]], y = [[1, 0], [0, 1]]: the two right answers cost 0, the two wrong ones
    // cost 1000 each → mean 2000/4 = 500; dL/dz = (σ(z) − y)/4 = [0, 0, .25, −.25]  (torch: 500, [0, 0, .25, −.25])
    const head = makeHead("bce");
    const { loss, dz } = runGradient(head, { z: [1000, -1000, 1000, -1000], y: [1, 0, 0, 1], rows: 2, k: 2 });
    expect(loss).toBe(500);
    expect(Array.from(dz)).toEqual([0, 0, 0.25, -0.25]);
  });

  it("cross_entropy (log-softmax with max subtraction): finite, exact", () => {
    // row 1 = [1000, −1000, 0], class 0: loss log(1 + e^−1000 + e^−2000)... = 0;  row 2 = [−1000, 1000, 0], class 0:
    // loss 1000 − (−1000) = 2000; mean 1000. dL/dz = (softmax − onehot)/2 = [0,0,0, −.5, .5, 0]  (torch: same)
    const head = makeHead("cross_entropy");
    const { loss, dz } = runGradient(head, { z: [1000, -1000, 0, -1000, 1000, 0], y: [0, 0], rows: 2, k: 3 });
    expect(loss).toBe(1000);
    expect(Array.from(dz)).toEqual([0, 0, 0, -0.5, 0.5, 0]);
  });

  it("mse on saturated sigmoid and softmax outputs: finite (torch: loss 1 and 2/3, zero gradient)", () => {
    const sig = runGradient(makeHead("mse", "sigmoid"), { z: [1000, -1000], y: [0, 1], rows: 1, k: 2 });
    expect(sig.loss).toBe(1);
    expect(Array.from(sig.dz).map(Math.abs)).toEqual([0, 0]);
    const soft = runGradient(makeHead("mse", "softmax"), { z: [1000, -1000, 0], y: [0, 1, 0], rows: 1, k: 3 });
    expectClose(soft.loss, 0.6666666666666666, 1e-15);
    expect(Array.from(soft.dz).map(Math.abs)).toEqual([0, 0, 0]);
  });
});

describe("output activations", () => {
  it("softmax([2.0, 1.0, 0.1]) = [0.659, 0.242, 0.099]", () => {
    // e² = 7.389, e¹ = 2.718, e^0.1 = 1.105; Σ = 11.212 → [.659, .242, .099]
    // torch.softmax: [0.6590011388859679, 0.24243297070471392, 0.09856589040931818]
    const out = new Float64Array(3);
    softmaxRow(Float64Array.from([2.0, 1.0, 0.1]), 0, 3, out, 0);
    expect(Array.from(out).map((p) => Number(p.toFixed(3)))).toEqual([0.659, 0.242, 0.099]);
    expectAllClose(out, [0.6590011388859679, 0.24243297070471392, 0.09856589040931818], 1e-15);
  });

  it("softmax is shift-invariant and survives logits of 1000", () => {
    const a = new Float64Array(3);
    const b = new Float64Array(3);
    softmaxRow(Float64Array.from([1000, 1000, -1000]), 0, 3, a, 0);
    expect(Array.from(a)).toEqual([0.5, 0.5, 0]);
    softmaxRow(Float64Array.from([2.0, 1.0, 0.1]), 0, 3, a, 0);
    softmaxRow(Float64Array.from([502.0, 501.0, 500.1]), 0, 3, b, 0);
    expectAllClose(b, a, 1e-12);
  });

  it("softmaxRow works on the row at an offset and writes at outOffset", () => {
    const z = Float64Array.from([9, 9, 2.0, 1.0, 0.1]);
    const out = new Float64Array(6).fill(-1);
    softmaxRow(z, 2, 3, out, 3);
    expect(Array.from(out.subarray(0, 3))).toEqual([-1, -1, -1]);
    expectAllClose(out.subarray(3), [0.6590011388859679, 0.24243297070471392, 0.09856589040931818], 1e-15);
  });

  it("activate: σ(z) for sigmoid heads, row-wise softmax, identity for linear", () => {
    const z = Float64Array.from([0, 2, -2, 1]);
    const a = new Float64Array(4);
    makeHead("bce").activate(z, a, 2, 2);
    // σ(0) = .5, σ(2) = 0.8807970779778823, σ(−2) = 0.11920292202211755, σ(1) = 0.7310585786300049
    expectAllClose(a, [0.5, 0.8807970779778823, 0.11920292202211755, 0.7310585786300049], 1e-15);
    makeHead("mse", "sigmoid").activate(z, a, 2, 2);
    expectAllClose(a, [0.5, 0.8807970779778823, 0.11920292202211755, 0.7310585786300049], 1e-15);
    makeHead("cross_entropy").activate(z, a, 2, 2);
    // softmax([0, 2]) = [1/(1+e²), e²/(1+e²)] = [0.11920292202211755, 0.8807970779778823]; softmax([−2, 1]) similar
    expectAllClose(a, [0.11920292202211755, 0.8807970779778823, 0.04742587317756678, 0.9525741268224334], 1e-15);
    makeHead("mse").activate(z, a, 2, 2);
    expect(Array.from(a)).toEqual([0, 2, -2, 1]);
  });
});

describe("makeHead", () => {
  it("defaults: mse → linear, bce → sigmoid, cross_entropy → softmax", () => {
    expect(LOSS_NAMES).toEqual(["mse", "bce", "cross_entropy"]);
    expect(makeHead("mse").output).toBe("linear");
    expect(makeHead("bce").output).toBe("sigmoid");
    expect(makeHead("cross_entropy").output).toBe("softmax");
    for (const name of LOSS_NAMES) expect(makeHead(name).loss).toBe(name);
  });

  it("rejects combinations that do not go together", () => {
    expect(() => makeHead("bce", "linear")).toThrow(/bce needs output sigmoid, got linear/);
    expect(() => makeHead("bce", "softmax")).toThrow();
    expect(() => makeHead("cross_entropy", "sigmoid")).toThrow(/cross_entropy needs output softmax/);
    for (const out of LOSSES.mse.outputs) expect(makeHead("mse", out).output).toBe(out);
  });

  it("targetWidth: k values per row for mse/bce, one class index for cross_entropy", () => {
    expect(makeHead("mse").targetWidth(4)).toBe(4);
    expect(makeHead("bce").targetWidth(3)).toBe(3);
    expect(makeHead("cross_entropy").targetWidth(5)).toBe(1);
  });

  it("mse heads keep working when the batch grows after a smaller one (internal buffer regrows)", () => {
    const head = makeHead("mse", "sigmoid");
    runGradient(head, { z: [0.1], y: [0], rows: 1, k: 1 });
    const big = runGradient(head, CASES[1]);
    expectClose(big.loss, CASES[1].torchLoss, 1e-14);
  });
});

describe("lossSumAndGradient", () => {
  it("returns lossSum's sum and writes gradient's dL/dz, bit for bit, for every head (logits from −800 to 800, ±0)", () => {
    const z = Float64Array.from([0, -0, 1e-300, -1e-300, 0.3, -1.2, 2.1, 0.4, -0.7, 1.5, 37, -37, 800, -800, 13.25, -0.5]);
    const heads: [LossName, OutputName, number][] = [
      ["bce", "sigmoid", 2],
      ["cross_entropy", "softmax", 4],
      ["mse", "linear", 2],
      ["mse", "sigmoid", 2],
      ["mse", "softmax", 4],
    ];
    const bits = (a: Float64Array) => Array.from(a).map((v) => (Object.is(v, -0) ? "-0" : v));
    for (const [loss, output, k] of heads) {
      const head = makeHead(loss, output);
      const rows = z.length / k;
      const y =
        loss === "cross_entropy"
          ? Float64Array.from({ length: rows }, (_, r) => r % k)
          : Float64Array.from({ length: z.length }, (_, i) => (output === "linear" ? i / 3 : i % 2));
      const full = new Float64Array(z.length);
      const fused = new Float64Array(z.length).fill(NaN);
      const mean = head.gradient(z, y, rows, k, full);
      const sum = head.lossSumAndGradient(z, y, rows, k, fused);
      expect(bits(fused), `${loss}/${output}`).toEqual(bits(full));
      expect(sum, `${loss}/${output}`).toBe(head.lossSum(z, y, rows, k));
      // the mean gradient() returns is that sum over the head's count of terms
      expect(mean, `${loss}/${output}`).toBeCloseTo(sum / head.count(rows, k), 15);
    }
  });
});
