/** Matrices and vectors as text, for trace and collapse: small ones whole, large ones summarised. */
import type { Matrix } from "../train/trace.js";

/** A number as a person writes it: 6 significant digits, no trailing zeros (0.5840000000000001 → 0.584). */
export function num(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a < 1e-4 || a >= 1e6) return v.toExponential(4).replace(/\.?0+e/, "e");
  return String(Number(v.toPrecision(6)));
}

const MAX_CELLS = 48;
const MAX_ROWS = 6;

/** [[a, b], [c, d]] for small matrices; a one-line summary for large ones. */
export function matrix(m: Matrix): string {
  if (m.rows * m.cols <= MAX_CELLS) {
    const rows: string[] = [];
    for (let r = 0; r < m.rows; r++) rows.push(`[${Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols), num).join(", ")}]`);
    return `[${rows.join(", ")}]`;
  }
  if (m.cols <= 8 && m.rows > MAX_ROWS) {
    const shown: string[] = [];
    for (let r = 0; r < MAX_ROWS; r++) shown.push(`[${Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols), num).join(", ")}]`);
    return `[${shown.join(", ")}, … ${m.rows - MAX_ROWS} more rows]`;
  }
  return summary(m.data, `${m.rows}×${m.cols}`);
}

export function vector(v: Float64Array): string {
  return v.length <= MAX_CELLS ? `[${Array.from(v, num).join(", ")}]` : summary(v, `${v.length}`);
}

function summary(data: Float64Array, shape: string): string {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let sq = 0;
  for (const v of data) {
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
    sq += v * v;
  }
  const mean = sum / data.length;
  const std = Math.sqrt(Math.max(0, sq / data.length - mean * mean));
  return `(${shape}: mean ${num(mean)}, std ${num(std)}, min ${num(min)}, max ${num(max)}, ‖·‖ ${num(Math.sqrt(sq))})`;
}
