/**
 * The depth picture in the terminal: ‖∇W₁‖/‖∇W_L‖ against depth L on a log axis, one line per variant (the geometric
 * mean over the seeds), then a table with each variant's spread over the seeds (smallest–largest) and the fitted
 * line: the factor per layer 10^slope and R² (1 = a straight line: exponential in depth).
 */
import type { DepthCurve, DepthPicture } from "../train/depth.js";
import { lineChart } from "./chart.js";
import type { ColorDepth } from "./colors.js";
import { fitTable } from "./table.js";

/** 2 significant digits, an exponent outside [0.01, 1000) (`short`: 1 digit there, for a spread's bounds). */
export function ratioText(v: number, short = false): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 0.01 || a >= 1000)) return v.toExponential(short ? 0 : 1).replace("e+", "e");
  return String(Number(v.toPrecision(2)));
}

const span = (c: DepthCurve, i: number) => `${ratioText(c.mean[i])} [${ratioText(c.min[i], true)}, ${ratioText(c.max[i], true)}]`;

export function depthChart(p: DepthPicture, opts: { width: number; depth: ColorDepth; height?: number }): string {
  const first = p.depths[0];
  const last = p.depths[p.depths.length - 1];
  const mid = p.depths[Math.floor((p.depths.length - 1) / 2)];
  const chart = lineChart(
    p.curves.map((c) => ({ name: c.variant.name, x: c.depths, y: c.mean })),
    {
      width: opts.width,
      height: opts.height ?? 16,
      depth: opts.depth,
      logY: true,
      title: "‖∇W₁‖ / ‖∇W_L‖ in the first epoch",
      xLabel: "depth L (hidden layers)",
    },
  );
  const at = (L: number) => p.depths.indexOf(L);
  // the middle depth's column only where it fits (each cell is a mean and its spread)
  const shown = opts.width >= 110 ? [first, mid, last] : [first, last];
  const table = fitTable(
    [
      { header: "variant", align: "left" },
      ...shown.map((L) => ({ header: `L=${L}` })),
      { header: "× per layer", short: "×/layer" },
      { header: "R²" },
    ],
    p.curves.map((c) => [
      c.variant.name,
      ...shown.map((L) => span(c, at(L))),
      String(Number((10 ** c.fit.slope).toPrecision(3))),
      c.fit.r2.toFixed(2),
    ]),
    opts.width,
  );
  const seeds = p.seeds.length;
  const notes = [
    `  each cell: the geometric mean over ${seeds} seed${seeds === 1 ? "" : "s"} (${p.seeds.join(", ")}) [smallest, largest]`,
    `  × per layer: 10^slope of the least-squares line of log10(ratio) on L;`,
    `  R² = 1: a straight line (exponential in depth); a flat line has no trend,`,
    `  so there R² says little and a × per layer near 1 is what counts.`,
    `  Width ${p.width}, moons (256 rows), one epoch of SGD lr 0.1 in batches of 32.`,
  ];
  return [chart, "", table, "", ...fitLines(notes, opts.width)].join("\n");
}

/** Notes wrapped to the width at spaces, continuation lines indented. */
function fitLines(lines: string[], width: number): string[] {
  const out: string[] = [];
  for (const line of lines) {
    let rest = line;
    while ([...rest].length > width) {
      const cut = rest.lastIndexOf(" ", width);
      if (cut <= 4) break;
      out.push(rest.slice(0, cut));
      rest = "    " + rest.slice(cut + 1);
    }
    out.push(rest);
  }
  return out;
}
