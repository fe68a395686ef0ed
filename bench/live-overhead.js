// The cost of --live: train_ms of configs/moons.yaml with and without --live, runs interleaved, medians.
// Run it in a terminal (the live view draws only there): node bench/live-overhead.js [repetitions=7] [results.txt]
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

if (!process.stdout.isTTY) {
  console.error("bench/live-overhead.js: run it in a terminal (stdout is not one)");
  process.exit(2);
}
const reps = Number(process.argv[2] ?? 7);
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(root, "bin", "nn-lab.js");
const config = join(root, "configs", "moons.yaml");
const times = { plain: [], live: [] };
for (let i = 0; i < reps; i++) {
  for (const mode of i % 2 === 0 ? ["plain", "live"] : ["live", "plain"]) {
    const runs = mkdtempSync(join(tmpdir(), "nn-lab-live-bench-"));
    const args = [bin, "train", config, "--runs", runs, ...(mode === "live" ? ["--live"] : [])];
    const r = spawnSync(process.execPath, args, { stdio: ["ignore", "inherit", "inherit"] });
    if (r.status !== 0) throw new Error(`nn-lab exited ${r.status}`);
    const dir = join(runs, readdirSync(runs)[0]);
    times[mode].push(JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")).train_ms);
  }
}
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const [p, l] = [median(times.plain), median(times.live)];
const report = [
  `train_ms, ${reps} interleaved runs each: without --live ${times.plain.map(Math.round).join(" ")} (median ${p.toFixed(1)})`,
  `                                   with --live    ${times.live.map(Math.round).join(" ")} (median ${l.toFixed(1)})`,
  `overhead of --live: ${(((l - p) / p) * 100).toFixed(1)}% of train_ms`,
].join("\n");
console.log("\n" + report);
if (process.argv[3]) writeFileSync(process.argv[3], report + "\n");
