/**
 * `nn-lab depth [--depths 2-30] [--seeds 1-3] [--report depth.html]`: the depth picture — ‖∇W₁‖/‖∇W_L‖ in the first
 * epoch against depth L for sigmoid, tanh, ReLU + He, sigmoid + residual, sigmoid + batch norm and a large-init tanh
 * net, on a log axis (train/depth.ts), in the terminal and, with --report, as a self-contained page.
 */
import { existsSync } from "node:fs";
import { InputError } from "../errors.js";
import { renderDepthPage } from "../report/depth-page.js";
import { writeOutputFile } from "../run/run-folder.js";
import { parseSeeds } from "../sweep/grid.js";
import { colorDepth, terminalWidth } from "../terminal/colors.js";
import { depthChart } from "../terminal/depth-chart.js";
import { depthPicture } from "../train/depth.js";
import { EXIT } from "./exit.js";
import type { CommonOptions } from "./options.js";
import { emit } from "./output.js";

export interface DepthOptions extends CommonOptions {
  depths: string;
  seeds: string;
  report?: string;
  overwrite?: boolean;
}

/** --depths: a range 2-30 or a list; at least three depths (a line needs them), each 2 … 100 hidden layers. */
export function parseDepths(text: string): number[] {
  const range = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(text);
  const depths = range
    ? Array.from({ length: Math.max(0, Number(range[2]) - Number(range[1]) + 1) }, (_, i) => Number(range[1]) + i)
    : text.split(",").map((s) => Number(s.trim()));
  if (depths.length < 3 || depths.some((d) => !Number.isInteger(d) || d < 2 || d > 100) || new Set(depths).size !== depths.length)
    throw new InputError(`--depths ${text}: expected three or more different whole numbers from 2 to 100, like 2-30 or 2,4,8,16`);
  return depths.sort((a, b) => a - b);
}

export async function depthCommand(opts: DepthOptions): Promise<number> {
  const depths = parseDepths(opts.depths);
  const seeds = parseSeeds(opts.seeds);
  if (seeds.length > 20) throw new InputError(`--seeds ${opts.seeds}: at most 20 seeds, got ${seeds.length}`);
  if (opts.report && existsSync(opts.report) && !opts.overwrite)
    throw new InputError(`--report ${opts.report}: the file exists; pick another name or pass --overwrite`);
  const picture = depthPicture(depths, seeds);
  if (opts.report) writeOutputFile(opts.report, renderDepthPage(picture));
  emit(
    opts,
    () => ({
      depths,
      seeds,
      width: picture.width,
      variants: picture.curves.map((c) => ({
        name: c.variant.name,
        model: c.variant.model,
        ratios: c.ratios,
        geometric_mean: c.mean,
        min: c.min,
        max: c.max,
        slope_log10_per_layer: c.fit.slope,
        factor_per_layer: 10 ** c.fit.slope,
        r2: c.fit.r2,
      })),
      ...(opts.report ? { report: opts.report } : {}),
    }),
    () =>
      depthChart(picture, { width: terminalWidth(process.stdout), depth: colorDepth(process.stdout, opts.color, process.env) }) +
      "\n" +
      (opts.report ? `report: ${opts.report}\n` : ""),
  );
  return EXIT.ok;
}
