/**
 * Batch normalization over a batch of rows, as torch.nn.BatchNorm1d(width, eps=1e-5, momentum=0.1, affine=True),
 * forward and backward side by side. A batch is rows × width, row-major; every statistic is per feature j.
 *
 * Training mode (a training step), over the batch's N rows:
 *   μ = Σᵣ z / N      σ² = Σᵣ (z − μ)² / N  (biased)      x̂ = (z − μ) / √(σ² + ε)      u = γ·x̂ + β
 *   running_mean ← (1 − m)·running_mean + m·μ      running_var ← (1 − m)·running_var + m·σ²·N/(N − 1)  (unbiased)
 * Evaluation mode (every metric, as model.eval()):
 *   x̂ = (z − running_mean) / √(running_var + ε)      u = γ·x̂ + β
 * Backward of the training mode (μ and σ² depend on every row of the batch, so each row's dz sees all rows):
 *   ∂L/∂β = Σᵣ ∂L/∂u      ∂L/∂γ = Σᵣ ∂L/∂u · x̂
 *   ∂L/∂z = γ/(N·√(σ² + ε)) · (N·∂L/∂u − ∂L/∂β − x̂·∂L/∂γ)
 * N = 1 has σ² = 0 and an undefined unbiased variance: PyTorch refuses it, and so does the config (resolve.ts).
 */

export const BN_EPS = 1e-5;
export const BN_MOMENTUM = 0.1;

/** One layer's batch-norm parameters (views into the network's flat vectors) and its batch statistics. */
export interface BatchNorm {
  readonly width: number;
  /** γ (scale) and β (shift): trained parameters; γ starts at 1, β at 0. */
  readonly gamma: Float64Array;
  readonly beta: Float64Array;
  readonly gammaGrad: Float64Array;
  readonly betaGrad: Float64Array;
  /** Running statistics (buffers, not trained): start at 0 and 1. */
  readonly runningMean: Float64Array;
  readonly runningVar: Float64Array;
  /** Offset of γ (then β) in the flat parameter vector. */
  readonly offset: number;
}

/** Per-batch values a backward pass (and `trace`) needs: x̂ (rows × width), the batch mean and biased variance. */
export interface BatchNormCache {
  readonly xhat: Float64Array;
  readonly mean: Float64Array;
  readonly variance: Float64Array;
}

/** Training-mode forward: z → u with the batch's statistics; updates the running statistics. */
export function batchNormTrain(bn: BatchNorm, c: BatchNormCache, z: Float64Array, u: Float64Array, rows: number): void {
  const { width, gamma, beta, runningMean, runningVar } = bn;
  const { xhat, mean, variance } = c;
  mean.fill(0);
  variance.fill(0);
  for (let r = 0; r < rows; r++) for (let j = 0; j < width; j++) mean[j] += z[r * width + j];
  for (let j = 0; j < width; j++) mean[j] /= rows;
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < width; j++) {
      const d = z[r * width + j] - mean[j];
      variance[j] += d * d;
    }
  }
  for (let j = 0; j < width; j++) {
    variance[j] /= rows;
    runningMean[j] = (1 - BN_MOMENTUM) * runningMean[j] + BN_MOMENTUM * mean[j];
    runningVar[j] = (1 - BN_MOMENTUM) * runningVar[j] + BN_MOMENTUM * ((variance[j] * rows) / (rows - 1));
  }
  normalize(z, xhat, u, mean, variance, gamma, beta, rows, width);
}

/** Evaluation-mode forward: z → u with the running statistics (nothing is updated). */
export function batchNormEval(bn: BatchNorm, c: BatchNormCache, z: Float64Array, u: Float64Array, rows: number): void {
  normalize(z, c.xhat, u, bn.runningMean, bn.runningVar, bn.gamma, bn.beta, rows, bn.width);
}

// prettier-ignore
function normalize(z: Float64Array, xhat: Float64Array, u: Float64Array, mean: Float64Array, variance: Float64Array, gamma: Float64Array, beta: Float64Array, rows: number, width: number): void {
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < width; j++) {
      const i = r * width + j;
      const x = (z[i] - mean[j]) / Math.sqrt(variance[j] + BN_EPS);
      xhat[i] = x;
      u[i] = gamma[j] * x + beta[j];
    }
  }
}

/** Training-mode backward: du = ∂L/∂u → dz = ∂L/∂z, and ∂L/∂γ, ∂L/∂β into the layer's gradients. */
export function batchNormBackward(bn: BatchNorm, c: BatchNormCache, du: Float64Array, dz: Float64Array, rows: number): void {
  const { width, gamma, gammaGrad, betaGrad } = bn;
  const { xhat, variance } = c;
  gammaGrad.fill(0);
  betaGrad.fill(0);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < width; j++) {
      const i = r * width + j;
      betaGrad[j] += du[i];
      gammaGrad[j] += du[i] * xhat[i];
    }
  }
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < width; j++) {
      const i = r * width + j;
      const scale = gamma[j] / (rows * Math.sqrt(variance[j] + BN_EPS));
      dz[i] = scale * (rows * du[i] - betaGrad[j] - xhat[i] * gammaGrad[j]);
    }
  }
}
