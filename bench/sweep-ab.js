/**
 * Whole `nn-lab sweep` commands of two or more builds, interleaved: what a user waits for (process start-up, imports,
 * worker threads, the runs, sweep.csv), each build's command run in turn, the order reversed every other round, so
 * that drift in the machine's load hits all of them. CPU is the child's user + system time (GNU time), wall its
 * elapsed time; printed: medians, and the medians of the per-round ratios to the first build (docs/performance.md).
 *
 *   node bench/sweep-ab.js CONFIG ROUNDS RUNS LABEL=ROOT[|node flags] …
 *
 * CONFIG is a W1-sized config (bench/sweep-w1.yaml, or the CSV copy bench/run.js writes); RUNS 32 or 64 (2
 * activations × 4 learning rates × 4 or 8 seeds, --jobs 2). ROOT is a checkout with a build; "|--flag" runs its
 * command under `node --flag`. Example: node bench/sweep-ab.js bench/sweep-w1.yaml 8 32 before=/tmp/main after=.
 */
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";

const [config, rounds, runs, ...specs] = process.argv.slice(2);
if (!config || specs.length === 0) throw new Error("usage: node bench/sweep-ab.js CONFIG ROUNDS RUNS LABEL=ROOT[|node flags] …");
const seeds = runs === "64" ? "1,2,3,4,5,6,7,8" : "1,2,3,4";
const builds = specs.map((spec) => {
  const eq = spec.indexOf("=");
  const [root, flags = ""] = spec.slice(eq + 1).split("|");
  return { label: spec.slice(0, eq), root: resolve(root), flags: flags.split(" ").filter(Boolean), wall: [], cpu: [] };
});
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const load = loadavg()[0];
for (let r = 0; r < Number(rounds); r++) {
  for (const b of r % 2 ? [...builds].reverse() : builds) {
    const out = join(tmpdir(), `nn-lab-sweep-ab-${process.pid}`);
    rmSync(out, { recursive: true, force: true });
    const args = [...b.flags, join(b.root, "bin", "nn-lab.js"), "sweep", config, "--grid", "model.activation=tanh,relu"];
    args.push("--grid", "train.lr=0.1,0.2,0.3,0.5", "--seeds", seeds, "--jobs", "2", "--out", out, "--quiet");
    const res = spawnSync("/usr/bin/time", ["-f", "%e %U %S", process.execPath, ...args], { encoding: "utf8" });
    rmSync(out, { recursive: true, force: true });
    if (res.status !== 0) throw new Error(`${b.label}: ${res.stderr}`);
    const [elapsed, user, system] = res.stderr.trim().split("\n").pop().split(" ").map(Number);
    b.wall.push(elapsed * 1000);
    b.cpu.push((user + system) * 1000);
  }
}
console.log(`${rounds} interleaved rounds of ${runs} runs, --jobs 2; load average ${load.toFixed(1)} → ${loadavg()[0].toFixed(1)}`);
const first = builds[0];
for (const b of builds) {
  const ratio = (xs, ys) => median(xs.map((x, i) => x / ys[i])).toFixed(3);
  console.log(
    `${b.label.padEnd(12)} wall ${median(b.wall).toFixed(0).padStart(6)} ms  CPU ${median(b.cpu).toFixed(0).padStart(6)} ms  ` +
      `per-round ratio to ${first.label}: wall ${ratio(b.wall, first.wall)}, CPU ${ratio(b.cpu, first.cpu)}`,
  );
}
