/**
 * Large report inputs made quickly, for the report's scale benchmark (bench/report-scale.js) and its browser test:
 * a sweep folder of many run folders, or one run of very many epochs, whose config.json, summary.json and
 * snapshots.json are a real run's (TEMPLATE, trained by nn-lab) with the seed, grid values and final metrics set,
 * and whose metrics.csv rows follow a smooth decay with a deterministic wobble per run (no training: 10⁶ epochs or
 * 1,000 runs × 1,000 epochs in seconds). Only the report reads them; they are not claimed to be trained runs.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expandGrid } from "../dist/sweep/grid.js";

/** A value in [0, 1) from integers (a hash: no Math.random, the same bytes every time). */
function unit(...ints) {
  let h = 2166136261;
  for (const i of ints) h = Math.imul(h ^ (i >>> 0), 16777619) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 2246822507) >>> 0;
  return (h >>> 8) / 16777216;
}

/** metrics.csv text: `header` (a real run's) with `epochs` + 1 rows; run `k` decays at its own rate to its own floor. */
export function metricsText(header, epochs, k, logEvery = 1) {
  const cols = header.split(",");
  const floor = 0.05 + 0.4 * unit(k, 1);
  const rate = 3 + 20 * unit(k, 2);
  const lines = [header];
  for (let e = 0; e <= epochs; e += e === epochs ? 1 : e + logEvery > epochs ? epochs - e : logEvery) {
    const t = e / Math.max(1, epochs);
    const loss = floor + (0.7 - floor) * Math.exp(-rate * t) + 0.01 * unit(k, e);
    const cells = cols.map((c) => {
      if (c === "epoch") return String(e);
      if (c.endsWith("_loss")) return String(c === "test_loss" ? loss * 1.1 : loss);
      if (c.endsWith("_acc")) return String(1 - loss / 2);
      if (c === "lr") return "0.1";
      if (c.startsWith("grad_norm")) return String(loss * 0.5);
      if (c.startsWith("sat_frac") || c.startsWith("zero_frac")) return "0";
      return "";
    });
    lines.push(cells.join(","));
    if (e === epochs) break;
  }
  return lines.join("\n") + "\n";
}

/** One run folder `dir` from the template run folder, with `epochs` rows and the point's values. */
function writeRun(dir, template, { epochs, k, seed, point }) {
  mkdirSync(dir, { recursive: true });
  const config = JSON.parse(readFileSync(join(template, "config.json"), "utf8"));
  config.seed = seed;
  config.train.epochs = epochs;
  for (const [key, v] of Object.entries(point ?? {})) {
    const path = key.split(".");
    let o = config;
    for (const p of path.slice(0, -1)) o = o[p];
    o[path[path.length - 1]] = path[path.length - 1] === "activation" ? { name: v } : v;
  }
  writeFileSync(join(dir, "config.json"), JSON.stringify(config, null, 2) + "\n");
  const header = readFileSync(join(template, "metrics.csv"), "utf8").split("\n")[0];
  const text = metricsText(header, epochs, k);
  writeFileSync(join(dir, "metrics.csv"), text);
  const last = text.trimEnd().split("\n").pop().split(",");
  const col = (name) => Number(last[header.split(",").indexOf(name)]);
  const summary = JSON.parse(readFileSync(join(template, "summary.json"), "utf8"));
  Object.assign(summary, { epochs, seed, run_dir: dir, status: "completed", best: {} });
  for (const m of Object.keys(summary.final)) summary.final[m] = col(m);
  writeFileSync(join(dir, "summary.json"), JSON.stringify(summary, null, 2) + "\n");
  if (existsSync(join(template, "snapshots.json"))) copyFileSync(join(template, "snapshots.json"), join(dir, "snapshots.json"));
}

/** A sweep folder: sweep.json for `axes` × `seeds` and one run folder per planned run. Returns the number of runs. */
export function synthSweep(out, template, { axes, seeds, epochs }) {
  mkdirSync(out, { recursive: true });
  const plan = { format: "nn-lab.sweep.v1", config: join(template, "config.json"), config_sha256: "0".repeat(64), axes, seeds };
  writeFileSync(join(out, "sweep.json"), JSON.stringify(plan, null, 2) + "\n");
  const runs = expandGrid(axes, seeds);
  for (const run of runs) writeRun(join(out, run.id), template, { epochs, k: run.index, seed: run.seed, point: run.point });
  return runs.length;
}

/** One run folder of `epochs` epochs. */
export function synthRun(out, template, epochs) {
  writeRun(out, template, { epochs, k: 0, seed: 1 });
}
