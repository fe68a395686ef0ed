/**
 * The epoch's step statistics for its metrics row — grad_norm (the global L2 norm before clipping, averaged over the
 * epoch's steps), grad_norm_layerK (the same for layer K's weights), clipped (steps clipping changed) — and the
 * run's totals (summary.json's clipping: log_every may skip rows, so the rows cannot be summed instead).
 */
import type { MetricsRow } from "../metrics.js";
import type { StepState } from "./step.js";

/** The parts of a row that come from the epoch's steps (captured before the weights move on). */
export type StepStats = Pick<MetricsRow, "epoch" | "lr" | "grad_norm" | "grad_norm_layer" | "clipped">;

export class StepSums {
  private gradNormSum = 0;
  private readonly layerNormSum: Float64Array;
  private steps = 0;
  private clipped = 0;
  totalSteps = 0;
  totalClipped = 0;
  /** The global gradient norm of the last step added (for diverged_at.grad_norm_before). */
  lastGradNorm: number | null = null;

  constructor(layers: number) {
    this.layerNormSum = new Float64Array(layers);
  }

  /** Start an epoch. */
  reset(): void {
    this.gradNormSum = 0;
    this.layerNormSum.fill(0);
    this.steps = 0;
    this.clipped = 0;
  }

  /** Add a step's gradient norms and clipping. */
  add(step: StepState): void {
    const { layerNormSum } = this;
    for (let l = 0; l < layerNormSum.length; l++) layerNormSum[l] += step.layerNorms[l];
    this.gradNormSum += step.gradNorm;
    this.steps++;
    this.totalSteps++;
    this.lastGradNorm = step.gradNorm;
    if (step.clipped) {
      this.clipped++;
      this.totalClipped++;
    }
  }

  /** The epoch's averages; before any step (epoch 0) the gradient cells are empty. */
  stats(epoch: number, lr: number, afterSteps: boolean): StepStats {
    const steps = this.steps;
    const has = afterSteps && steps > 0;
    const grad_norm_layer: (number | null)[] = [];
    for (let l = 0; l < this.layerNormSum.length; l++) grad_norm_layer.push(has ? this.layerNormSum[l] / steps : null);
    return { epoch, lr, grad_norm: has ? this.gradNormSum / steps : null, grad_norm_layer, clipped: afterSteps ? this.clipped : null };
  }
}
