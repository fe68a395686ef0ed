/**
 * `nn-lab trace` on residual and batch-norm layers: the JSON's numbers recomputed here from its own inputs (batch
 * mean and biased variance, x̂, u = γ·x̂ + β, the running statistics' update, h = h_prev + a; backward, dL/dz through
 * batch norm from dL/du, and a skip layer's input gradient = dL/dz·W + dL/dh — the "+1" path), and the text naming them.
 */
import { describe, expect, it } from "vitest";
import { runMain, tempDir, writeFile } from "../helpers.js";

type Rows = number[][];
interface NormJson {
  mean: number[];
  variance: number[];
  xhat: Rows;
  u: Rows;
  gamma: number[];
  beta: number[];
  running_mean: number[];
  running_var: number[];
  du: Rows;
  d_gamma: number[];
  d_beta: number[];
}
interface LayerJson {
  weight: Rows;
  z: Rows;
  a: Rows;
  dz: Rows;
  da_below: Rows | null;
  residual?: boolean;
  h?: Rows;
  d_out?: Rows;
  norm?: NormJson;
}

const CONFIG = `data: {kind: moons, n: 40, noise: 0.1, test: 0}
model: {layers: [3, 3], activation: tanh, residual: true, norm: batch}
train: {epochs: 1, batch: 5, optimizer: sgd, lr: 0.1}
`;
const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(b)));

async function trace(config: string, json: boolean) {
  const dir = tempDir();
  const r = await runMain(["trace", writeFile(dir, "t.yaml", config), ...(json ? ["--json"] : [])]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

describe("trace through batch norm and skips", () => {
  it("the JSON's batch-norm and skip values follow from its own inputs", async () => {
    const t = JSON.parse(await trace(CONFIG, true)) as { rows: number; x: Rows; layers: LayerJson[] };
    const N = t.rows;
    expect(N).toBe(5);
    const [l1, l2, out] = t.layers;
    for (const [l, input] of [
      [l1, t.x],
      [l2, l1.a],
    ] as const) {
      const bn = l.norm!;
      for (let j = 0; j < 3; j++) {
        const col = l.z.map((r) => r[j]);
        const mean = col.reduce((s, v) => s + v, 0) / N;
        const variance = col.reduce((s, v) => s + (v - mean) ** 2, 0) / N;
        close(bn.mean[j], mean);
        close(bn.variance[j], variance);
        close(bn.running_mean[j], 0.1 * mean);
        close(bn.running_var[j], 0.9 + (0.1 * variance * N) / (N - 1));
        const dBeta = bn.du.reduce((s, r) => s + r[j], 0);
        const dGamma = bn.du.reduce((s, r, i) => s + r[j] * bn.xhat[i][j], 0);
        close(bn.d_beta[j], dBeta);
        close(bn.d_gamma[j], dGamma);
        for (let i = 0; i < N; i++) {
          close(bn.xhat[i][j], (l.z[i][j] - mean) / Math.sqrt(variance + 1e-5));
          close(bn.u[i][j], bn.gamma[j] * bn.xhat[i][j] + bn.beta[j]);
          close(l.a[i][j], Math.tanh(bn.u[i][j]));
          // dL/du = dL/dh ⊙ tanh′(u); dL/dz = γ/(N√(σ²+ε))·(N·dL/du − dL/dβ − x̂·dL/dγ)
          close(bn.du[i][j], l.d_out![i][j] * (1 - Math.tanh(bn.u[i][j]) ** 2));
          close(l.dz[i][j], (bn.gamma[j] / (N * Math.sqrt(variance + 1e-5))) * (N * bn.du[i][j] - dBeta - bn.xhat[i][j] * dGamma));
        }
      }
      // 2 → 3 changes width: layer 1 has no skip; layer 2 (3 → 3) has
      expect(l.residual ?? false).toBe(l === l2);
      if (l === l2) for (let i = 0; i < N; i++) for (let j = 0; j < 3; j++) close(l.h![i][j], input[i][j] + l.a[i][j]);
    }
    // the "+1" path: dL/da1 = dL/dz2·W2 + dL/dh2; and dL/dh2 = dL/dz3·W3 reaches layer 2 as its d_out
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < 3; j++) {
        const viaW = l2.dz[i].reduce((s, g, o) => s + g * l2.weight[o][j], 0);
        close(l2.da_below![i][j], viaW + l2.d_out![i][j]);
        close(l1.d_out![i][j], l2.da_below![i][j]);
        close(l2.d_out![i][j], out.dz[i][0] * out.weight[0][j]);
      }
    }
  });

  it("the text shows the batch statistics, the running statistics' update, h = h_prev + a and the +1 path", async () => {
    const text = await trace(CONFIG, false);
    expect(text).toContain("batch norm, training mode (the batch's own statistics over its 5 rows):");
    expect(text).toMatch(/running var ← 0\.9·\[1, 1, 1\] \+ 0\.1·σ²1·5\/4 = \[/);
    expect(text).toMatch(/^ {4}h2 = a1 \+ a2 = \[/m);
    // lines over 80 columns go on, 4 columns in, on the next (terminal/matrix-text.ts breakLine)
    expect(text).toContain(`           dL/da1 = dL/dz2·W2 + dL/dh2   (the skip's "+1" path: dh2/da1 = 1 +\n               da2/da1)`);
    expect(text).toContain("  dh2/da1 = 1 + tanh′(u2) · bn′ · W2   ← the skip: the 1 passes dL/dh2 down\n      whatever f′ is");
    expect(text).toContain("da1/dx = tanh′(u1) · bn′ · W1"); // 2 → 3: no skip
    expect(text).toMatch(/^ {2}γ1: \[1, 1, 1\] → \[/m);
    // residual without batch norm: dL/dz = dL/dh ⊙ f′(z), no batch-norm lines
    const plain = await trace(CONFIG.replace(", norm: batch", ""), false);
    expect(plain).not.toContain("batch norm");
    expect(plain).toContain("dL/dz2 = dL/dh2 ⊙ tanh′(z2)");
    expect(plain).toContain("dh2/da1 = 1 + tanh′(z2) · W2");
  });
});
