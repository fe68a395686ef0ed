/** A metrics.csv row for health tests: epoch 0 has no gradient yet; `hidden` hidden layers; `o` overrides. */
import type { MetricsRow } from "../../src/metrics.js";

export function metricsRow(epoch: number, hidden: number, o: Partial<MetricsRow> = {}): MetricsRow {
  return {
    epoch,
    train_loss: 0.5,
    train_acc: 0.5,
    test_loss: null,
    test_acc: null,
    lr: 0.1,
    grad_norm: epoch === 0 ? null : 1,
    grad_norm_layer: Array(hidden + 1).fill(epoch === 0 ? null : 1),
    dead_frac_layer: Array(hidden).fill(null),
    zero_frac_layer: Array(hidden).fill(null),
    sat_frac_layer: Array(hidden).fill(null),
    clipped: epoch === 0 ? null : 0,
    ...o,
  };
}
