/**
 * The depth picture as a self-contained HTML page (no network): an SVG chart of ‖∇W₁‖/‖∇W_L‖ against depth L on a
 * log axis, one line per variant (the geometric mean over the seeds) over a band from the smallest to the largest
 * seed's ratio, and the table of the terminal view (the factor per layer and R² of each fitted line).
 */
import type { DepthPicture } from "../train/depth.js";
import { escapeHtml, pageHead } from "./html.js";
import { ratioText } from "../terminal/depth-chart.js";

const COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"];
const W = 760;
const H = 440;
const M = { left: 64, right: 16, top: 16, bottom: 44 };

/** The chart as SVG markup. */
export function depthSvg(p: DepthPicture): string {
  let lo = Infinity;
  let hi = -Infinity;
  for (const c of p.curves) {
    for (const v of [c.min, c.max].flat()) {
      if (v > 0) {
        lo = Math.min(lo, Math.floor(Math.log10(v)));
        hi = Math.max(hi, Math.ceil(Math.log10(v)));
      }
    }
  }
  const x0 = p.depths[0];
  const x1 = p.depths[p.depths.length - 1];
  const sx = (L: number) => M.left + ((L - x0) / Math.max(1, x1 - x0)) * (W - M.left - M.right);
  const sy = (v: number) => M.top + ((hi - Math.log10(v)) / Math.max(1, hi - lo)) * (H - M.top - M.bottom);
  const parts: string[] = [];
  const step = Math.max(1, Math.ceil((hi - lo) / 10));
  for (let e = lo; e <= hi; e += step) {
    const y = sy(10 ** e).toFixed(1);
    parts.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${y}" y2="${y}" stroke="#ddd"/>`);
    parts.push(`<text x="${M.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">1e${e}</text>`);
  }
  for (const L of p.depths.filter((L) => L === x0 || L === x1 || L % 5 === 0)) {
    parts.push(`<text x="${sx(L).toFixed(1)}" y="${H - M.bottom + 16}" text-anchor="middle">${L}</text>`);
  }
  parts.push(`<text x="${(W + M.left) / 2}" y="${H - 6}" text-anchor="middle">depth L (hidden layers)</text>`);
  p.curves.forEach((c, i) => {
    const color = COLORS[i % COLORS.length];
    const upper = c.depths.map((L, k) => `${sx(L).toFixed(1)},${sy(c.max[k]).toFixed(1)}`);
    const lower = c.depths.map((L, k) => `${sx(L).toFixed(1)},${sy(c.min[k]).toFixed(1)}`).reverse();
    parts.push(`<polygon points="${[...upper, ...lower].join(" ")}" fill="${color}" fill-opacity="0.15" stroke="none"/>`);
    const line = c.depths.map((L, k) => `${sx(L).toFixed(1)},${sy(c.mean[k]).toFixed(1)}`).join(" ");
    parts.push(
      `<polyline points="${line}" fill="none" stroke="${color}" stroke-width="2"><title>${escapeHtml(c.variant.name)}</title></polyline>`,
    );
  });
  return `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="gradient ratio against depth">${parts.join("")}</svg>`;
}

export function renderDepthPage(p: DepthPicture): string {
  const first = p.depths[0];
  const last = p.depths[p.depths.length - 1];
  const cell = (c: DepthPicture["curves"][number], k: number) =>
    `${ratioText(c.mean[k])} <small>[${ratioText(c.min[k])}, ${ratioText(c.max[k])}]</small>`;
  const rows = p.curves
    .map(
      (c, i) =>
        `<tr><td><span class="sw" style="background:${COLORS[i % COLORS.length]}"></span>${escapeHtml(c.variant.name)}</td>` +
        `<td>${cell(c, 0)}</td><td>${cell(c, c.depths.length - 1)}</td><td>${Number((10 ** c.fit.slope).toPrecision(3))}</td><td>${c.fit.r2.toFixed(2)}</td></tr>`,
    )
    .join("\n");
  return `${pageHead("nn-lab depth: the gradient ratio against depth", "default-src 'none'; style-src 'unsafe-inline'")}
<style>
body{font:15px/1.45 system-ui,sans-serif;margin:1.5rem auto;max-width:800px;padding:0 1rem;color:#222}
.chart{overflow-x:auto}svg{width:100%;min-width:540px;height:auto;font-size:14px}table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
td,th{padding:.3rem .5rem;border-bottom:1px solid #eee;text-align:right}td:first-child,th:first-child{text-align:left}
small{color:#777}.sw{display:inline-block;width:.9em;height:.9em;margin-right:.4em;vertical-align:-.1em;border-radius:2px}
@media (max-width:600px){body{font-size:13px}td,th{padding:.2rem .25rem}small{display:block;white-space:nowrap}}
</style></head><body>
<h1>‖∇W₁‖ / ‖∇W<sub>L</sub>‖ against depth</h1>
<p>The first hidden layer's weight-gradient norm over the last hidden layer's, in the first epoch (each the mean over
the epoch's steps), for networks of L hidden layers of width ${p.width}, on a log axis: a straight line is exponential in
depth, its slope the factor per layer. Lines: the geometric mean over ${p.seeds.length} seeds (${p.seeds.join(", ")}); bands: the smallest to the largest seed.</p>
<div class="chart">${depthSvg(p)}</div>
<table><thead><tr><th>variant</th><th>L=${first}</th><th>L=${last}</th><th>× per layer</th><th>R²</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<p><small>× per layer: 10^slope of the least-squares line through log10(ratio) against L; R² = 1 is a straight line
(a flat line has no trend for R² to explain: there a × per layer near 1 is what counts).
Moons (256 rows), one epoch of SGD lr 0.1 in batches of 32. Made by nn-lab depth.</small></p>
</body></html>
`;
}
