/**
 * Statistics over seeds: mean, sample standard deviation and count; quantiles as numpy's default (linear
 * interpolation between order statistics); and the paired bootstrap interval of a mean difference, its
 * resamples drawn from the one seeded generator so the same differences always give the same interval.
 */
import { Rng } from "../engine/rng.js";

/** Mean, sample standard deviation (n − 1; 0 for one value, which has no spread) and count of a metric over seeds. */
export interface Stat {
  mean: number;
  std: number;
  n: number;
}

export function stat(values: readonly number[]): Stat {
  const n = values.length;
  const mean = n ? values.reduce((a, b) => a + b, 0) / n : NaN;
  const std = n > 1 ? Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, std, n };
}

/**
 * The p-quantile (0 ≤ p ≤ 1) of ascending values, as numpy.quantile's default ("linear", Hyndman & Fan type 7):
 * h = (n − 1)·p, then x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
 */
export function quantile(sorted: ArrayLike<number>, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Resamples a paired bootstrap draws (stated beside every interval). */
export const BOOTSTRAP_RESAMPLES = 10_000;
/** The generator the resamples come from: Rng.stream(BOOTSTRAP_SEED, "bootstrap", n), the same for every pair. */
export const BOOTSTRAP_SEED = 0;

/**
 * The resamples of a bootstrap of n values: `resamples` rows of n indices drawn uniformly with replacement,
 * row after row, from Rng.stream(BOOTSTRAP_SEED, "bootstrap", n). Exported so a test can recompute the interval
 * independently (numpy) from the very same resamples.
 */
export function bootstrapIndices(n: number, resamples = BOOTSTRAP_RESAMPLES): Uint32Array {
  const rng = Rng.stream(BOOTSTRAP_SEED, "bootstrap", n);
  const out = new Uint32Array(n * resamples);
  for (let i = 0; i < out.length; i++) out[i] = rng.int(n);
  return out;
}

/**
 * The percentile bootstrap interval of the mean of `values` (e.g. paired differences): the mean of each resample,
 * then the (1 − confidence)/2 and (1 + confidence)/2 quantiles of those means. Null for fewer than 2 values.
 */
export function bootstrapMeanInterval(
  values: readonly number[],
  confidence = 0.95,
  resamples = BOOTSTRAP_RESAMPLES,
): [number, number] | null {
  const n = values.length;
  if (n < 2) return null;
  const idx = bootstrapIndices(n, resamples);
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let k = 0; k < n; k++) sum += values[idx[r * n + k]];
    means[r] = sum / n;
  }
  means.sort();
  return [quantile(means, (1 - confidence) / 2), quantile(means, (1 + confidence) / 2)];
}
