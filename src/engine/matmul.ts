/**
 * The three products of a dense layer on row-major Float64Arrays (a batch is a matrix: one sample per row).
 *   forward:  Z = A·Wᵀ + b       A: rows×K, W: N×K (as torch.nn.Linear.weight), Z: rows×N
 *   weights:  dW = dZᵀ·A          dZ: rows×N, dW: N×K
 *   inputs:   dA = dZ·W           dA: rows×K
 * Inner loops run over contiguous memory; no allocation.
 */

/** Z[i,j] = b[j] + Σₖ A[i,k]·W[j,k]  (b may be null). */
export function linearForward(
  a: Float64Array,
  w: Float64Array,
  b: Float64Array | null,
  z: Float64Array,
  rows: number,
  k: number,
  n: number,
): void {
  for (let i = 0; i < rows; i++) {
    const ai = i * k;
    const zi = i * n;
    for (let j = 0; j < n; j++) {
      const wj = j * k;
      let s0 = 0;
      let s1 = 0;
      let kk = 0;
      for (; kk + 1 < k; kk += 2) {
        s0 += a[ai + kk] * w[wj + kk];
        s1 += a[ai + kk + 1] * w[wj + kk + 1];
      }
      if (kk < k) s0 += a[ai + kk] * w[wj + kk];
      z[zi + j] = (b === null ? 0 : b[j]) + (s0 + s1);
    }
  }
}

/** dW[j,k] = Σᵢ dZ[i,j]·A[i,k] (overwrites dW); db[j] = Σᵢ dZ[i,j] when db is given. */
export function linearBackwardWeights(
  dz: Float64Array,
  a: Float64Array,
  dw: Float64Array,
  db: Float64Array | null,
  rows: number,
  k: number,
  n: number,
): void {
  dw.fill(0, 0, n * k);
  if (db !== null) db.fill(0, 0, n);
  for (let i = 0; i < rows; i++) {
    const ai = i * k;
    const zi = i * n;
    for (let j = 0; j < n; j++) {
      const g = dz[zi + j];
      if (g === 0) continue;
      if (db !== null) db[j] += g;
      const wj = j * k;
      for (let kk = 0; kk < k; kk++) dw[wj + kk] += g * a[ai + kk];
    }
  }
}

/** dA[i,k] = Σⱼ dZ[i,j]·W[j,k] (overwrites dA). */
export function linearBackwardInputs(dz: Float64Array, w: Float64Array, da: Float64Array, rows: number, k: number, n: number): void {
  da.fill(0, 0, rows * k);
  for (let i = 0; i < rows; i++) {
    const ai = i * k;
    const zi = i * n;
    for (let j = 0; j < n; j++) {
      const g = dz[zi + j];
      if (g === 0) continue;
      const wj = j * k;
      for (let kk = 0; kk < k; kk++) da[ai + kk] += g * w[wj + kk];
    }
  }
}
