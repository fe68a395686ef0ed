/**
 * Batch normalization by hand (engine/batchnorm.ts) on 2 rows × 2 features, z = [[1, 0], [3, 4]], γ = (2, 1),
 * β = (0.5, 0): batch means 2, 2; biased variances 1, 4; running statistics after one step (momentum 0.1) from
 * mean (1, −1) and variance (2, 4): mean 0.9·1 + 0.1·2 = 1.1, 0.9·(−1) + 0.2 = −0.7; unbiased variance
 * 0.9·2 + 0.1·2 = 2, 0.9·4 + 0.1·8 = 4.4.
 */
import { describe, expect, it } from "vitest";
import {
  BN_EPS,
  batchNormBackward,
  batchNormEval,
  batchNormTrain,
  type BatchNorm,
  type BatchNormCache,
} from "../../src/engine/batchnorm.js";

function layer(): { bn: BatchNorm; c: BatchNormCache } {
  const bn: BatchNorm = {
    width: 2,
    gamma: Float64Array.from([2, 1]),
    beta: Float64Array.from([0.5, 0]),
    gammaGrad: new Float64Array(2),
    betaGrad: new Float64Array(2),
    runningMean: new Float64Array(2),
    runningVar: Float64Array.from([1, 1]),
    offset: 0,
  };
  return { bn, c: { xhat: new Float64Array(4), mean: new Float64Array(2), variance: new Float64Array(2) } };
}
const z = Float64Array.from([1, 0, 3, 4]);
const close = (got: ArrayLike<number>, want: number[]) => want.forEach((w, i) => expect(got[i]).toBeCloseTo(w, 13));

describe("batch norm", () => {
  it("training: batch statistics, x̂, u = γx̂ + β, and the running statistics", () => {
    const { bn, c } = layer();
    const u = new Float64Array(4);
    bn.runningMean.set([1, -1]);
    bn.runningVar.set([2, 4]);
    batchNormTrain(bn, c, z, u, 2);
    const s0 = Math.sqrt(1 + BN_EPS);
    const s1 = Math.sqrt(4 + BN_EPS);
    close(c.mean, [2, 2]);
    close(c.variance, [1, 4]);
    close(c.xhat, [-1 / s0, -2 / s1, 1 / s0, 2 / s1]);
    close(u, [-2 / s0 + 0.5, -2 / s1, 2 / s0 + 0.5, 2 / s1]);
    close(bn.runningMean, [1.1, -0.7]);
    close(bn.runningVar, [2, 4.4]);
  });

  it("the running variance is unbiased: 3 rows 0, 1, 2 have σ² = 2/3 and N/(N − 1)·σ² = 1 → 0.9·1 + 0.1·1 = 1", () => {
    const bn: BatchNorm = {
      ...layer().bn,
      width: 1,
      gamma: Float64Array.from([1]),
      beta: new Float64Array(1),
      runningMean: new Float64Array(1),
      runningVar: Float64Array.from([1]),
    };
    const c: BatchNormCache = { xhat: new Float64Array(3), mean: new Float64Array(1), variance: new Float64Array(1) };
    batchNormTrain(bn, c, Float64Array.from([0, 1, 2]), new Float64Array(3), 3);
    close(c.variance, [2 / 3]);
    close(bn.runningVar, [1]);
    close(bn.runningMean, [0.1]);
  });

  it("evaluation: the running statistics, nothing updated", () => {
    const { bn, c } = layer();
    bn.runningMean.set([0.5, -1]);
    bn.runningVar.set([4, 0.25]);
    const u = new Float64Array(4);
    batchNormEval(bn, c, z, u, 2);
    close(u, [
      (2 * 0.5) / Math.sqrt(4 + BN_EPS) + 0.5,
      1 / Math.sqrt(0.25 + BN_EPS),
      (2 * 2.5) / Math.sqrt(4 + BN_EPS) + 0.5,
      5 / Math.sqrt(0.25 + BN_EPS),
    ]);
    close(bn.runningMean, [0.5, -1]);
    close(bn.runningVar, [4, 0.25]);
  });

  it("backward: ∂β = Σ du, ∂γ = Σ du·x̂, dz = γ/(N√(σ²+ε))·(N·du − ∂β − x̂·∂γ)", () => {
    const { bn, c } = layer();
    batchNormTrain(bn, c, z, new Float64Array(4), 2);
    const du = Float64Array.from([1, 0.5, 0, 2]);
    const dz = new Float64Array(4);
    batchNormBackward(bn, c, du, dz, 2);
    const x = c.xhat;
    const gB = [1, 2.5];
    const gG = [x[0], 0.5 * x[1] + 2 * x[3]];
    close(bn.betaGrad, gB);
    close(bn.gammaGrad, gG);
    const scale = [2 / (2 * Math.sqrt(1 + BN_EPS)), 1 / (2 * Math.sqrt(4 + BN_EPS))];
    close(
      dz,
      [0, 1, 2, 3].map((i) => scale[i % 2] * (2 * du[i] - gB[i % 2] - x[i] * gG[i % 2])),
    );
  });
});
