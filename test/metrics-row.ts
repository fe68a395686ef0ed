/** A metrics.csv row for tests of the views that read rows: an epoch, the given fields, every other one empty. */
import type { MetricsRow } from "../src/metrics.js";

export function metricsRow(epoch: number, fields: Partial<MetricsRow> = {}): MetricsRow {
  return {
    epoch,
    train_loss: 1,
    train_acc: null,
    test_loss: null,
    test_acc: null,
    lr: 0.1,
    grad_norm: null,
    grad_norm_layer: [],
    dead_frac_layer: [],
    zero_frac_layer: [],
    sat_frac_layer: [],
    clipped: null,
    ...fields,
  };
}
