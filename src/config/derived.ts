/** Rules that follow from a config and that several layers apply: written once, here. */
import type { LossName } from "../engine/losses.js";

/** Rows per step: the whole set for "full", else the batch size, at most the set's rows. */
export function batchRows(batch: number | "full", rows: number): number {
  return batch === "full" ? rows : Math.min(batch, rows);
}

/** Output units: K for cross_entropy and for mse on K > 2 classes; 1 for bce, 2-class mse and regression (classes 0). */
export function outputUnits(loss: LossName, classes: number): number {
  return loss === "cross_entropy" || (loss === "mse" && classes > 2) ? classes : 1;
}
