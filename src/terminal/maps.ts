/**
 * Decision-boundary maps of several runs side by side (compare, compare --live): one map per run, titled with
 * its label and accuracy, as many in a row as fit the width, one shared legend below.
 */
import type { Head } from "../engine/losses.js";
import type { Mlp } from "../engine/mlp.js";
import { boundaryLegend, decisionBoundary } from "./boundary.js";
import type { ColorDepth } from "./colors.js";
import { panelWidth, sideBySide } from "./layout.js";

export interface MapRun {
  label: string;
  /** "test acc 0.975" or similar; null when there is none yet. */
  score: string | null;
  model: { mlp: Mlp; head: Head };
  data: { all: { x: Float64Array; y: Float64Array; d: number; classes: number; task: string; inputNames: string[] }; train: { n: number } };
  features: readonly string[] | null;
}

/** Whether every run is 2-D classification on its raw inputs' plane (what a map needs). */
export function mappable(runs: readonly Pick<MapRun, "data">[]): boolean {
  return runs.length > 0 && runs.every((r) => r.data.all.task === "classification" && r.data.all.d === 2);
}

/** The maps side by side with one legend, or null when the runs cannot be mapped. */
export function boundaryMaps(runs: readonly MapRun[], opts: { width: number; depth: ColorDepth; maxRows?: number }): string | null {
  if (!mappable(runs)) return null;
  const w = panelWidth(runs.length, opts.width);
  const panels = runs.map((r) => {
    const { all } = r.data;
    const n = r.data.train.n;
    return decisionBoundary(
      {
        mlp: r.model.mlp,
        head: r.model.head,
        classes: all.classes,
        points: { x: all.x.subarray(0, n * 2), y: all.y.subarray(0, n), n },
        features: r.features,
        inputNames: [all.inputNames[0], all.inputNames[1]],
      },
      { width: w, depth: opts.depth, maxRows: opts.maxRows ?? 14, title: clip(r.label, w), subtitle: r.score ?? undefined, legend: false },
    );
  });
  const classes = Math.max(...runs.map((r) => r.data.all.classes));
  return [sideBySide(panels, opts.width), boundaryLegend(classes, opts.depth, opts.width)].join("\n");
}

/** s cut to n characters with "…" (n ≥ 4). */
function clip(s: string, n: number): string {
  const chars = [...s];
  return chars.length <= n ? s : chars.slice(0, Math.max(3, n - 1)).join("") + "…";
}
