/**
 * Time and memory of one training epoch of a moons MLP, in this (fresh) process. bench/scaling.js runs it for each
 * size, and test/train/memory-bound.test.ts runs it once to check the memory bound.
 *
 *   node bench/epoch-cost.js N WIDTH [DEPTH=2] [BATCH=32]
 *
 * Trains moons n=N, 2-WIDTH×DEPTH-1 relu, bce, SGD, batch BATCH, for one epoch through the library (`train()`, the
 * default per-epoch metrics: epoch 0's and epoch 1's full evaluation, diagnostics; the evaluation thread off, so
 * one thread does everything). Prints one JSON line:
 *   train_ms       the 1-epoch run's training loop (epoch 0's evaluation + one epoch of steps + its evaluation), wall
 *   cpu_ms         the CPU time (user + system) of the same: on a shared machine, the figure that load does not inflate
 *   rss_base       resident memory (bytes) after nn-lab is imported and warmed up on a tiny run, before the data exists
 *   rss_peak       the process's peak resident memory (bytes)
 *   growth         rss_peak − rss_base: what the data, the model and the epoch added
 *   model_bytes    data + weights + one batch's activations, in float64: n·(d + 1) + P + BATCH·Σ widths, × 8
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig, resolveExperiment, train } from "../dist/index.js";

const [n, width, depth = 2, batch = 32] = process.argv.slice(2).map(Number);

const dir = mkdtempSync(join(tmpdir(), "nn-lab-epoch-cost-"));
function experiment(rows, epochs) {
  const file = join(dir, `n${rows}.yaml`);
  const config = {
    name: "epoch-cost",
    seed: 1,
    data: { kind: "moons", n: rows, noise: 0.1, test: 0 },
    model: { layers: Array(depth).fill(width), activation: "relu", init: "he", output: "sigmoid" },
    train: { epochs, batch, loss: "bce", optimizer: "sgd", lr: 0.1 },
  };
  writeFileSync(file, JSON.stringify(config));
  return resolveExperiment(loadConfig(file));
}

/**
 * This process's own peak resident memory. On Linux, VmHWM (/proc/self/status): the high-water mark of this process's
 * address space, new at exec. Not getrusage's maxRSS, which Linux carries over from the parent through fork and exec:
 * spawned by a process bigger than this one's peak (a vitest worker holding many test files' modules), every size
 * read the parent's figure (growth flat, slope 0.06). Elsewhere maxRSS is all there is.
 */
function peakResident() {
  if (existsSync("/proc/self/status")) {
    const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync("/proc/self/status", "utf8"));
    if (m) return Number(m[1]) * 1024;
  }
  return process.resourceUsage().maxRSS * 1024;
}

// warm up (JIT, module state) on a tiny run of the same shape, so the baseline is the process as a run starts
await train(experiment(64, 2), { evalThread: "off" });
globalThis.gc?.();
const rssBase = process.memoryUsage().rss;
const exp = experiment(n, 1);
const cpu0 = process.cpuUsage();
const result = await train(exp, { evalThread: "off" });
const cpu = process.cpuUsage(cpu0);
const rssPeak = peakResident();
rmSync(dir, { recursive: true, force: true });
const widths = [...Array(depth).fill(width), 1];
const params = result.mlp.params.length;
const modelBytes = 8 * (n * (exp.data.train.d + 1) + params + batch * widths.reduce((a, b) => a + b, 0));
console.log(
  JSON.stringify({
    n,
    width,
    depth,
    batch,
    params,
    train_ms: result.train_ms,
    cpu_ms: (cpu.user + cpu.system) / 1000,
    rss_base: rssBase,
    rss_peak: rssPeak,
    growth: rssPeak - rssBase,
    model_bytes: modelBytes,
  }),
);
