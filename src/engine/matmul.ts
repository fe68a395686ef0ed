/**
 * The three products of a dense layer on row-major Float64Arrays (a batch is a matrix: one sample per row).
 *   forward:  Z = A·Wᵀ + b       A: rows×K, W: N×K (as torch.nn.Linear.weight), Z: rows×N
 *   weights:  dW = dZᵀ·A          dZ: rows×N, dW: N×K
 *   inputs:   dA = dZ·W           dA: rows×K
 * Each product is register-blocked: a 4×4 tile of the output is held in 16 local accumulators while the
 * shared (reduction) index runs, so every loaded value feeds four multiply-adds instead of one. Edge rows and
 * columns that do not fill a tile are done four sums at a time (a 4×1 or 1×4 strip), the last corner one element
 * at a time. Every output element is still one running sum started at 0 and taken in index order (the forward adds
 * the bias last), so results equal the naive triple loop bit for bit, whatever the blocking. No allocation.
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
  const rows4 = rows - (rows % 4);
  const n4 = n - (n % 4);
  for (let i = 0; i < rows4; i += 4) {
    for (let j = 0; j < n4; j += 4) forwardTile(a, w, b, z, i, j, k, n);
    for (let j = n4; j < n; j++) forwardColumn4(a, w, b, z, i, j, k, n);
  }
  for (let i = rows4; i < rows; i++) {
    for (let j = 0; j < n; j++) {
      const ai = i * k;
      const wj = j * k;
      let s = 0;
      for (let t = 0; t < k; t++) s += a[ai + t] * w[wj + t];
      z[i * n + j] = (b === null ? 0 : b[j]) + s;
    }
  }
}

/** The 4×4 tile Z[i..i+3, j..j+3]: four rows of A against four rows of W, both contiguous in k. */
// prettier-ignore
function forwardTile(a: Float64Array, w: Float64Array, b: Float64Array | null, z: Float64Array, i: number, j: number, k: number, n: number): void {
  const a0 = i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
  const w0 = j * k, w1 = w0 + k, w2 = w1 + k, w3 = w2 + k;
  let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
  let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
  for (let t = 0; t < k; t++) {
    const y0 = w[w0 + t], y1 = w[w1 + t], y2 = w[w2 + t], y3 = w[w3 + t];
    const x0 = a[a0 + t];
    s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3;
    const x1 = a[a1 + t];
    s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3;
    const x2 = a[a2 + t];
    s20 += x2 * y0; s21 += x2 * y1; s22 += x2 * y2; s23 += x2 * y3;
    const x3 = a[a3 + t];
    s30 += x3 * y0; s31 += x3 * y1; s32 += x3 * y2; s33 += x3 * y3;
  }
  const b0 = b === null ? 0 : b[j], b1 = b === null ? 0 : b[j + 1], b2 = b === null ? 0 : b[j + 2], b3 = b === null ? 0 : b[j + 3];
  let o = i * n + j;
  z[o] = b0 + s00; z[o + 1] = b1 + s01; z[o + 2] = b2 + s02; z[o + 3] = b3 + s03;
  o += n;
  z[o] = b0 + s10; z[o + 1] = b1 + s11; z[o + 2] = b2 + s12; z[o + 3] = b3 + s13;
  o += n;
  z[o] = b0 + s20; z[o + 1] = b1 + s21; z[o + 2] = b2 + s22; z[o + 3] = b3 + s23;
  o += n;
  z[o] = b0 + s30; z[o + 1] = b1 + s31; z[o + 2] = b2 + s32; z[o + 3] = b3 + s33;
}

/** Z[i..i+3, j] for an edge column j (N not a multiple of 4, e.g. a 1-unit output layer): four dot products at once. */
// prettier-ignore
function forwardColumn4(a: Float64Array, w: Float64Array, b: Float64Array | null, z: Float64Array, i: number, j: number, k: number, n: number): void {
  const a0 = i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k, wj = j * k;
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  for (let t = 0; t < k; t++) {
    const y = w[wj + t];
    s0 += a[a0 + t] * y; s1 += a[a1 + t] * y; s2 += a[a2 + t] * y; s3 += a[a3 + t] * y;
  }
  const bj = b === null ? 0 : b[j];
  const o = i * n + j;
  z[o] = bj + s0; z[o + n] = bj + s1; z[o + 2 * n] = bj + s2; z[o + 3 * n] = bj + s3;
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
  const n4 = n - (n % 4);
  const k4 = k - (k % 4);
  for (let j = 0; j < n4; j += 4) {
    for (let c = 0; c < k4; c += 4) weightsTile(dz, a, dw, j, c, rows, k, n);
    for (let c = k4; c < k; c++) weightsColumn4(dz, a, dw, j, c, rows, k, n);
  }
  for (let j = n4; j < n; j++) {
    for (let c = 0; c < k4; c += 4) weightsRow4(dz, a, dw, j, c, rows, k, n);
    for (let c = k4; c < k; c++) {
      let s = 0;
      for (let i = 0; i < rows; i++) s += dz[i * n + j] * a[i * k + c];
      dw[j * k + c] = s;
    }
  }
  if (db === null) return;
  for (let j = 0; j < n4; j += 4) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0; // prettier-ignore
    for (let i = 0, g = j; i < rows; i++, g += n) {
      s0 += dz[g];
      s1 += dz[g + 1];
      s2 += dz[g + 2];
      s3 += dz[g + 3];
    }
    db[j] = s0;
    db[j + 1] = s1;
    db[j + 2] = s2;
    db[j + 3] = s3;
  }
  for (let j = n4; j < n; j++) {
    let s = 0;
    for (let i = 0; i < rows; i++) s += dz[i * n + j];
    db[j] = s;
  }
}

/** The 4×4 tile dW[j..j+3, c..c+3]: per row i, four gradients dZ[i, j..] times four inputs A[i, c..]. */
// prettier-ignore
function weightsTile(dz: Float64Array, a: Float64Array, dw: Float64Array, j: number, c: number, rows: number, k: number, n: number): void {
  let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
  let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
  for (let i = 0, g = j, x = c; i < rows; i++, g += n, x += k) {
    const x0 = a[x], x1 = a[x + 1], x2 = a[x + 2], x3 = a[x + 3];
    const g0 = dz[g];
    s00 += g0 * x0; s01 += g0 * x1; s02 += g0 * x2; s03 += g0 * x3;
    const g1 = dz[g + 1];
    s10 += g1 * x0; s11 += g1 * x1; s12 += g1 * x2; s13 += g1 * x3;
    const g2 = dz[g + 2];
    s20 += g2 * x0; s21 += g2 * x1; s22 += g2 * x2; s23 += g2 * x3;
    const g3 = dz[g + 3];
    s30 += g3 * x0; s31 += g3 * x1; s32 += g3 * x2; s33 += g3 * x3;
  }
  let o = j * k + c;
  dw[o] = s00; dw[o + 1] = s01; dw[o + 2] = s02; dw[o + 3] = s03;
  o += k;
  dw[o] = s10; dw[o + 1] = s11; dw[o + 2] = s12; dw[o + 3] = s13;
  o += k;
  dw[o] = s20; dw[o + 1] = s21; dw[o + 2] = s22; dw[o + 3] = s23;
  o += k;
  dw[o] = s30; dw[o + 1] = s31; dw[o + 2] = s32; dw[o + 3] = s33;
}

/** dW[j..j+3, c] for an edge input column c (K not a multiple of 4, e.g. 2 inputs): four sums in one pass over the rows. */
// prettier-ignore
function weightsColumn4(dz: Float64Array, a: Float64Array, dw: Float64Array, j: number, c: number, rows: number, k: number, n: number): void {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  for (let i = 0, g = j, x = c; i < rows; i++, g += n, x += k) {
    const v = a[x];
    s0 += dz[g] * v; s1 += dz[g + 1] * v; s2 += dz[g + 2] * v; s3 += dz[g + 3] * v;
  }
  const o = j * k + c;
  dw[o] = s0; dw[o + k] = s1; dw[o + 2 * k] = s2; dw[o + 3 * k] = s3;
}

/** dW[j, c..c+3] for an edge unit j (N not a multiple of 4, e.g. a 1-unit output layer): four sums in one pass. */
// prettier-ignore
function weightsRow4(dz: Float64Array, a: Float64Array, dw: Float64Array, j: number, c: number, rows: number, k: number, n: number): void {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  for (let i = 0, g = j, x = c; i < rows; i++, g += n, x += k) {
    const d = dz[g];
    s0 += d * a[x]; s1 += d * a[x + 1]; s2 += d * a[x + 2]; s3 += d * a[x + 3];
  }
  const o = j * k + c;
  dw[o] = s0; dw[o + 1] = s1; dw[o + 2] = s2; dw[o + 3] = s3;
}

/** dA[i,k] = Σⱼ dZ[i,j]·W[j,k] (overwrites dA). */
export function linearBackwardInputs(dz: Float64Array, w: Float64Array, da: Float64Array, rows: number, k: number, n: number): void {
  const rows4 = rows - (rows % 4);
  const k4 = k - (k % 4);
  for (let i = 0; i < rows4; i += 4) {
    for (let c = 0; c < k4; c += 4) inputsTile(dz, w, da, i, c, k, n);
    for (let c = k4; c < k; c++) inputsColumn4(dz, w, da, i, c, k, n);
  }
  for (let i = rows4; i < rows; i++) {
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += dz[i * n + j] * w[j * k + c];
      da[i * k + c] = s;
    }
  }
}

/** The 4×4 tile dA[i..i+3, c..c+3]: per unit j, four gradients dZ[i.., j] times four weights W[j, c..]. */
// prettier-ignore
function inputsTile(dz: Float64Array, w: Float64Array, da: Float64Array, i: number, c: number, k: number, n: number): void {
  const g0 = i * n, g1 = g0 + n, g2 = g1 + n, g3 = g2 + n;
  let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
  let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
  for (let j = 0, x = c; j < n; j++, x += k) {
    const y0 = w[x], y1 = w[x + 1], y2 = w[x + 2], y3 = w[x + 3];
    const d0 = dz[g0 + j];
    s00 += d0 * y0; s01 += d0 * y1; s02 += d0 * y2; s03 += d0 * y3;
    const d1 = dz[g1 + j];
    s10 += d1 * y0; s11 += d1 * y1; s12 += d1 * y2; s13 += d1 * y3;
    const d2 = dz[g2 + j];
    s20 += d2 * y0; s21 += d2 * y1; s22 += d2 * y2; s23 += d2 * y3;
    const d3 = dz[g3 + j];
    s30 += d3 * y0; s31 += d3 * y1; s32 += d3 * y2; s33 += d3 * y3;
  }
  let o = i * k + c;
  da[o] = s00; da[o + 1] = s01; da[o + 2] = s02; da[o + 3] = s03;
  o += k;
  da[o] = s10; da[o + 1] = s11; da[o + 2] = s12; da[o + 3] = s13;
  o += k;
  da[o] = s20; da[o + 1] = s21; da[o + 2] = s22; da[o + 3] = s23;
  o += k;
  da[o] = s30; da[o + 1] = s31; da[o + 2] = s32; da[o + 3] = s33;
}

/** dA[i..i+3, c] for an edge input column c (K not a multiple of 4): four sums in one pass over the units. */
// prettier-ignore
function inputsColumn4(dz: Float64Array, w: Float64Array, da: Float64Array, i: number, c: number, k: number, n: number): void {
  const g0 = i * n, g1 = g0 + n, g2 = g1 + n, g3 = g2 + n;
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  for (let j = 0, x = c; j < n; j++, x += k) {
    const y = w[x];
    s0 += dz[g0 + j] * y; s1 += dz[g1 + j] * y; s2 += dz[g2 + j] * y; s3 += dz[g3 + j] * y;
  }
  const o = i * k + c;
  da[o] = s0; da[o + k] = s1; da[o + 2 * k] = s2; da[o + 3 * k] = s3;
}
