/**
 * How the cost of one epoch grows (docs/performance.md, "How cost grows"): moons 2-32-32-1 as n goes 1e3 → 1e6, and
 * moons n=10,000 with 2-W-W-1 as the width W goes 8 → 512 (relu, bce, SGD, batch 32, default per-epoch metrics).
 * Each point is bench/epoch-cost.js in a fresh process (median of --reps, default 3, of the loop's CPU time — on a
 * shared machine wall time mostly measures the other jobs; the peak memory of the first). Memory per sample is the peak
 * growth over n, against a sample's own 24 bytes (two float64 inputs and its label). Prints a markdown table
 * and two charts drawn by nn-lab's own terminal charts (log-log).
 *
 *   npm run build && node bench/scaling.js [--reps 3]
 */
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { lineChart } from "../dist/terminal/chart.js";

const BENCH = dirname(fileURLToPath(import.meta.url));
const at = process.argv.indexOf("--reps");
const REPS = at >= 0 ? Number(process.argv[at + 1]) : 3;

const N_POINTS = [1e3, 1e4, 1e5, 1e6].map((n) => ({ n, width: 32 }));
const WIDTH_POINTS = [8, 32, 128, 512].map((width) => ({ n: 1e4, width }));

function epochCost({ n, width }) {
  const res = spawnSync(process.execPath, [join(BENCH, "epoch-cost.js"), String(n), String(width), "2", "32"], { encoding: "utf8" });
  if (res.status !== 0) throw new Error(`epoch-cost ${n} ${width} failed:\n${res.stderr}`);
  return JSON.parse(res.stdout);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

function measure(points) {
  return points.map((p) => {
    const runs = Array.from({ length: REPS }, () => epochCost(p));
    const r = runs[0];
    // matmul FLOPs of the 1-epoch run: one epoch of steps (forward + dW + dA: 6·MACs per row) and two full-set
    // evaluations (epoch 0 and epoch 1: 2·MACs per row each)
    const macs = 2 * p.width + p.width * p.width + p.width;
    process.stderr.write(`  n=${p.n} width=${p.width}: CPU ${runs.map((x) => x.cpu_ms.toFixed(0)).join(", ")} ms\n`);
    return { ...p, cpu_ms: median(runs.map((x) => x.cpu_ms)), growth: r.growth, model_bytes: r.model_bytes, flops: 10 * macs * p.n };
  });
}

const mib = (b) => (b / 2 ** 20).toFixed(1);
/** A moons sample's own bytes: two float64 inputs and a float64 label. */
const DATA_BYTES_PER_SAMPLE = 3 * 8;

function table(rows) {
  const lines = [
    "| n | width | matmul FLOPs | CPU ms (1 epoch) | GFLOP/s | peak memory growth MiB | data+weights+batch MiB | growth / model | bytes per sample | ÷ the data's own (24 B) |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const r of rows)
    lines.push(
      `| ${r.n.toExponential(0)} | ${r.width} | ${r.flops.toExponential(2)} | ${r.cpu_ms.toFixed(0)} | ${(r.flops / (r.cpu_ms * 1e6)).toFixed(2)} | ` +
        `${mib(r.growth)} | ${mib(r.model_bytes)} | ${(r.growth / r.model_bytes).toFixed(2)} | ` +
        `${(r.growth / r.n).toFixed(1)} | ${(r.growth / r.n / DATA_BYTES_PER_SAMPLE).toFixed(2)} |`,
    );
  return lines.join("\n");
}

function chart(rows, key, title) {
  const x = rows.map((r) => Math.log10(r[key]));
  return lineChart(
    [
      { name: "CPU ms of one epoch", x, y: rows.map((r) => r.cpu_ms) },
      { name: "peak memory growth, MiB", x, y: rows.map((r) => r.growth / 2 ** 20) },
      { name: "data+weights+batch, MiB", x, y: rows.map((r) => r.model_bytes / 2 ** 20) },
    ],
    { width: 78, height: 12, logY: true, depth: 1, title, xLabel: `${key} (log scale)`, formatX: (v) => String(Math.round(10 ** v)) },
  );
}

process.stderr.write("n: 1e3 → 1e6 (2-32-32-1)\n");
const byN = measure(N_POINTS);
process.stderr.write("width: 8 → 512 (n = 1e4)\n");
const byWidth = measure(WIDTH_POINTS);
console.log(table([...byN, ...byWidth]));
console.log("");
console.log(chart(byN, "n", "one epoch of moons 2-32-32-1 as n grows"));
console.log("");
console.log(chart(byWidth, "width", "one epoch of moons n=1e4, 2-W-W-1, as the width grows"));
