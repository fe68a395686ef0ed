/**
 * Curves thinned for drawing, keeping their extremes: the rows between the first and the last are cut into
 * `buckets` runs of consecutive rows (one per pixel column, roughly) and each bucket becomes two rows — at its
 * first and its last epoch — holding, column by column, the bucket's minimum and maximum in the order they
 * occurred. So a spike of one epoch in 10⁶ still reaches its height on the chart, and runs with the same epochs
 * keep the same x values (the page aligns series on the union of their x). The first and last rows are kept as
 * they are. Nulls (empty cells) are skipped; a bucket with none of a column's values holds null there.
 */

/** Rows (column 0 = epoch) thinned to at most 2 + 2·buckets rows; unchanged when they are already that few. */
export function thinRows(rows: (number | null)[][], buckets: number): (number | null)[][] {
  const inner = rows.length - 2;
  if (inner <= 2 * buckets) return rows;
  const out: (number | null)[][] = [rows[0]];
  for (let b = 0; b < buckets; b++) {
    const from = 1 + Math.floor((b * inner) / buckets);
    const to = 1 + Math.floor(((b + 1) * inner) / buckets); // exclusive
    const [first, last] = extremes(rows, from, to);
    out.push(first, last);
  }
  out.push(rows[rows.length - 1]);
  return out;
}

/** The two rows of one bucket [from, to): epoch of its first and last row; per column its min and max, earlier first. */
function extremes(rows: (number | null)[][], from: number, to: number): [(number | null)[], (number | null)[]] {
  const width = rows[from].length;
  const first: (number | null)[] = new Array(width).fill(null);
  const last: (number | null)[] = new Array(width).fill(null);
  first[0] = rows[from][0];
  last[0] = rows[to - 1][0];
  for (let c = 1; c < width; c++) {
    let lo = -1;
    let hi = -1;
    for (let r = from; r < to; r++) {
      const v = rows[r][c];
      if (v === null || v === undefined || Number.isNaN(v)) continue;
      if (lo < 0 || v < rows[lo][c]!) lo = r;
      if (hi < 0 || v > rows[hi][c]!) hi = r;
    }
    if (lo < 0) continue;
    const [a, b] = lo <= hi ? [lo, hi] : [hi, lo];
    first[c] = rows[a][c];
    last[c] = rows[b][c];
  }
  return [first, last];
}

/** Buckets per curve so that `curves` curves stay within about `budget` numbers in all (at least `min`, at most `max`). */
export function bucketsFor(curves: number, budget: number, min = 3, max = 1000): number {
  return Math.max(min, Math.min(max, Math.floor(budget / Math.max(1, 2 * curves))));
}
