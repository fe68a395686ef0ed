/**
 * How a sweep's cost grows with its number of runs, and a report's size with runs × epochs (issue 25 item 4;
 * docs/performance.md, "How cost grows").
 *
 *   npm run build && node bench/sweep-scaling.js [--epochs 100] [--max 1024]
 *
 * Sweeps of 8, 32, 128, 512 and 1,024 W1-sized runs (moons n 256, 2-8-1, full batch; 2 activations × 4 learning rates
 * × 1–128 seeds) with `nn-lab sweep --jobs 2`, each a fresh process timed whole by GNU time: wall time, and CPU time
 * (user + system, both threads' — on a shared machine the CPU time is the steadier figure). Then `nn-lab report` of
 * each sweep folder: the page's bytes and the time to write it. Prints a markdown table.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const BENCH = dirname(fileURLToPath(import.meta.url));
const CLI = join(BENCH, "..", "bin", "nn-lab.js");
const arg = (flag, fallback) => {
  const at = process.argv.indexOf(flag);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const EPOCHS = arg("--epochs", 100);
const MAX = arg("--max", 1024);
const SEEDS = [1, 4, 16, 64, 128].filter((k) => 8 * k <= MAX);

/** Run a command under GNU time; returns wall and CPU (user + system) seconds. */
function timed(args) {
  const res = spawnSync("/usr/bin/time", ["-f", "%e %U %S", process.execPath, CLI, ...args], { encoding: "utf8" });
  if (res.status !== 0) throw new Error(`nn-lab ${args.join(" ")} failed:\n${res.stderr}`);
  const [wall, user, sys] = res.stderr.trim().split("\n").pop().split(" ").map(Number);
  return { wall, cpu: user + sys };
}

const dir = mkdtempSync(join(os.tmpdir(), "nn-lab-sweep-scaling-"));
try {
  const config = join(dir, "w1.yaml");
  writeFileSync(config, readFileSync(join(BENCH, "sweep-w1.yaml"), "utf8").replace(/epochs: \d+/, `epochs: ${EPOCHS}`));
  const rows = [];
  for (const k of SEEDS) {
    const out = join(dir, `sweep-${k}`);
    const grid = ["--grid", "model.activation=tanh,relu", "--grid", "train.lr=0.1,0.2,0.3,0.5"];
    const sweep = timed(["sweep", config, ...grid, "--seeds", `1-${k}`, "--jobs", "2", "--out", out, "--quiet"]);
    const report = timed(["report", out, "--out", join(dir, `report-${k}.html`), "--quiet"]);
    const runs = 8 * k;
    const bytes = statSync(join(dir, `report-${k}.html`)).size;
    rows.push({ runs, ...sweep, report, bytes });
    process.stderr.write(`  ${runs} runs: wall ${sweep.wall} s, CPU ${sweep.cpu.toFixed(2)} s; report ${bytes} bytes\n`);
    rmSync(out, { recursive: true, force: true });
  }
  console.log(
    `machine: ${os.cpus()[0]?.model}, nproc ${os.availableParallelism()}; load average ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(" ")}`,
  );
  console.log(`sweeps of W1-sized runs, ${EPOCHS} epochs each, --jobs 2; report = nn-lab report of the sweep folder`);
  console.log("| runs | wall s | CPU s | CPU ms per run | runs/s (wall) | report bytes | report bytes per run·epoch | report wall s |");
  console.log("|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of rows)
    console.log(
      `| ${r.runs} | ${r.wall.toFixed(2)} | ${r.cpu.toFixed(2)} | ${((1000 * r.cpu) / r.runs).toFixed(1)} | ${(r.runs / r.wall).toFixed(1)} | ` +
        `${r.bytes} | ${(r.bytes / (r.runs * (EPOCHS + 1))).toFixed(1)} | ${r.report.wall.toFixed(2)} |`,
    );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
