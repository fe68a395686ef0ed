/**
 * nn-lab's performance benchmark (docs/performance.md explains the method and holds the measured table).
 *
 *   npm run bench                 full run: 3 interleaved rounds of every workload, nn-lab and TF.js (~5 min)
 *   npm run bench -- --quick      ~1 minute: TF.js trains 1/10 of the epochs, extrapolated to the full count
 *   node bench/run.js --rounds 5 --json out.json
 *
 * Each timed run is a fresh child process: nn-lab through its CLI (`train CONFIG --json`, whose train_ms covers
 * the training loop with the default per-epoch metrics, metrics.csv included), TF.js 4 through
 * bench/tfjs-workload.js on its pure-JS CPU backend (float32). Rounds interleave the two, so drift in machine
 * load hits both. Also measured: matmul kernel GFLOP/s, the cost of per-epoch evaluation on W2 (log_every 1 vs
 * 50), start-up (`--help` and a 1-epoch XOR run, whole process) and peak RSS of W1 at two epoch counts.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { kernelRates } from "./kernels.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const CLI = join(ROOT, "bin", "nn-lab.js");

/** The four workloads, with the quoted reference figures (ms; NOT measured here). */
const WORKLOADS = [
  { id: "W1", file: "bench/w1-tiny.yaml", torch: 1630, tfjsRef: 7114, plainJs: 605, torchTarget: 0.4, macs: [2 * 8, 8 * 1] },
  { id: "W2", file: "bench/w2-small.yaml", torch: 1136, tfjsRef: 5369, plainJs: 543, torchTarget: 0.4, macs: [2 * 32, 32 * 32, 32] },
  {
    id: "W3",
    file: "bench/w3-medium.yaml",
    torch: 1710,
    tfjsRef: 41639,
    plainJs: 5965,
    torchTarget: 2,
    macs: [2 * 128, 128 * 128, 128 * 3],
  },
  {
    id: "W4",
    file: "bench/w4-deep.yaml",
    torch: 1256,
    tfjsRef: 21579,
    plainJs: 2625,
    torchTarget: 2,
    macs: [2 * 64, ...Array(7).fill(64 * 64), 64],
  },
];
const N_TRAIN = { W1: 256, W2: 2000, W3: 6000, W4: 2000 };
const EPOCHS = { W1: 5000, W2: 50, W3: 20, W4: 20 };

function parseArgs(argv) {
  const quick = argv.includes("--quick");
  const value = (flag) => {
    const at = argv.indexOf(flag);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  return {
    quick,
    rounds: Number(value("--rounds") ?? (quick ? 2 : 3)),
    json: value("--json"),
    tfjsScale: quick ? 10 : 1,
    memoryEpochs: quick ? [1000, 20000] : [1000, 100000],
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const stats = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length });
const spreadPct = (s) => (100 * (s.max - s.min)) / s.median;

/** Run a node child to completion; throws with its stderr when it exits with a code not in `ok`. */
function node(args, what, ok = [0]) {
  const res = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (!ok.includes(res.status)) throw new Error(`${what} failed (exit ${res.status}):\n${res.stderr}`);
  return res.stdout;
}

/** nn-lab's train_ms for a workload, through the CLI, in a fresh process. */
function nnlabTrainMs(file, runDir, sets = []) {
  const args = [CLI, "train", file, "--run-dir", runDir, "--overwrite", "--json", ...sets.flatMap((s) => ["--set", s])];
  return JSON.parse(node(args, `nn-lab ${file}`)).train_ms;
}

/**
 * TF.js's fit time for a workload, in a fresh process. With scale > 1 it trains 1/scale of the epochs (at least 2)
 * and returns the extrapolation to the full count: first epoch (warm-up) + the rest at the later epochs' rate.
 */
function tfjsTrainMs(file, epochs, scale) {
  const args = [
    join(ROOT, "bench", "tfjs-workload.js"),
    file,
    "--epochs",
    String(scale > 1 ? Math.max(2, Math.round(epochs / scale)) : epochs),
  ];
  const out = JSON.parse(node(args, `tfjs ${file}`).trim().split("\n").pop());
  return scale > 1 ? out.estimated_ms : out.train_ms;
}

/** Whole-process wall time of `node bin/nn-lab.js ...args` (exit 1, a failed expectation, counts as a run). */
function processMs(args) {
  const t0 = performance.now();
  node([CLI, ...args], `nn-lab ${args.join(" ")}`, [0, 1]);
  return performance.now() - t0;
}

function benchWorkloads(opts, runDir, log) {
  const times = Object.fromEntries(WORKLOADS.map((w) => [w.id, { nnlab: [], tfjs: [] }]));
  for (let r = 0; r < opts.rounds; r++) {
    for (const w of WORKLOADS) {
      const runNnlab = () => times[w.id].nnlab.push(nnlabTrainMs(w.file, runDir));
      const runTfjs = () => times[w.id].tfjs.push(tfjsTrainMs(w.file, EPOCHS[w.id], opts.tfjsScale));
      if (r % 2 === 0) [runNnlab, runTfjs].forEach((f) => f());
      else [runTfjs, runNnlab].forEach((f) => f());
      log(`  round ${r + 1} ${w.id}: nn-lab ${last(times[w.id].nnlab).toFixed(0)} ms, TF.js ${last(times[w.id].tfjs).toFixed(0)} ms`);
    }
  }
  return WORKLOADS.map((w) => ({ ...w, nnlab: stats(times[w.id].nnlab), tfjs: stats(times[w.id].tfjs) }));
}
const last = (xs) => xs[xs.length - 1];

/** W2 with per-epoch evaluation (log_every 1, the default) and with it every 50th epoch, interleaved. */
function benchEvalCost(opts, runDir) {
  const every1 = [];
  const every50 = [];
  for (let r = 0; r < opts.rounds + 2; r++) {
    every1.push(nnlabTrainMs("bench/w2-small.yaml", runDir, ["train.log_every=1"]));
    every50.push(nnlabTrainMs("bench/w2-small.yaml", runDir, ["train.log_every=50"]));
  }
  const a = stats(every1);
  const b = stats(every50);
  return { logEvery1: a, logEvery50: b, fraction: (a.median - b.median) / a.median };
}

function benchStartup(opts, runDir) {
  const reps = opts.quick ? 5 : 10;
  const help = [];
  const xor = [];
  for (let r = 0; r < reps; r++) {
    help.push(processMs(["--help"]));
    xor.push(processMs(["train", "configs/xor-sigmoid.yaml", "--set", "train.epochs=1", "--run-dir", runDir, "--overwrite", "--quiet"]));
  }
  return { help: stats(help), xor1: stats(xor) };
}

/**
 * Sweep throughput: the same 24-run sweep of small runs (moons, 2-16-1, 600 epochs) with --jobs 1 and --jobs 2,
 * whole-process wall time, interleaved; each into a fresh folder so nothing is skipped.
 */
function benchSweep(opts, runDir) {
  const args = (jobs, out) => [
    "sweep",
    "bench/sweep-small.yaml",
    "--grid",
    "model.activation=tanh,relu,sigmoid,gelu",
    "--grid",
    "train.lr=0.03,0.1,0.3",
    "--seeds",
    "1,2",
    "--jobs",
    String(jobs),
    "--out",
    out,
    "--quiet",
  ];
  const one = [];
  const two = [];
  const rounds = opts.quick ? 2 : opts.rounds;
  for (let r = 0; r < rounds; r++) {
    const a = () => one.push(processMs(args(1, join(runDir, `sweep-j1-${r}`))));
    const b = () => two.push(processMs(args(2, join(runDir, `sweep-j2-${r}`))));
    if (r % 2 === 0) [a, b].forEach((f) => f());
    else [b, a].forEach((f) => f());
  }
  const j1 = stats(one);
  const j2 = stats(two);
  return { jobs1: j1, jobs2: j2, speedup: j1.median / j2.median };
}

/** Peak RSS (KiB) of the whole CLI process training W1 for `epochs` epochs. */
function peakRssKib(epochs, runDir) {
  const out = node(
    [
      join(ROOT, "bench", "rss.js"),
      "train",
      "bench/w1-tiny.yaml",
      "--set",
      `train.epochs=${epochs}`,
      "--run-dir",
      runDir,
      "--overwrite",
      "--quiet",
    ],
    "rss",
  );
  return JSON.parse(out.trim().split("\n").pop()).max_rss_kib;
}

function versions() {
  const pkg = (p) => JSON.parse(readFileSync(join(ROOT, p), "utf8")).version;
  return {
    nnlab: pkg("package.json"),
    tfjs: pkg("node_modules/@tensorflow/tfjs/package.json"),
    node: process.version,
    cpu: os.cpus()[0]?.model ?? "unknown",
    nproc: os.availableParallelism(),
    platform: `${os.platform()} ${os.release()}`,
  };
}

const fmt = (ms) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
const x = (v) => `${v.toFixed(2)}×`;

function report(result) {
  const { env, kernels, workloads, evalCost, startup, sweep, memory, opts } = result;
  const lines = [];
  lines.push(
    `machine: ${env.cpu}, nproc ${env.nproc}, ${env.platform}; node ${env.node}; nn-lab ${env.nnlab}; @tensorflow/tfjs ${env.tfjs} (cpu backend, float32)`,
  );
  lines.push(
    `load average at start ${result.loadStart.map((l) => l.toFixed(2)).join(" ")}, at end ${result.loadEnd.map((l) => l.toFixed(2)).join(" ")}`,
  );
  lines.push(
    `mode: ${opts.quick ? "quick (TF.js trained 1/10 of the epochs; first epoch + rest extrapolated)" : "full"}; ${opts.rounds} interleaved rounds; medians [min–max]`,
  );
  lines.push("");
  lines.push("Matmul kernels (float64, GFLOP/s):");
  lines.push("| shape | forward Z=A·Wᵀ | dW=dZᵀ·A | dA=dZ·W |");
  lines.push("|---|---|---|---|");
  for (const k of kernels)
    lines.push(`| ${k.name} | ${k.forward.toFixed(2)} | ${k.backwardWeights.toFixed(2)} | ${k.backwardInputs.toFixed(2)} |`);
  lines.push("");
  lines.push(
    "Training loop, train_ms (medians; PyTorch, TF.js-ref and plain-JS are the issue's QUOTED reference figures, not measured here):",
  );
  lines.push(
    "| workload | nn-lab ms [min–max] | spread | TF.js ms (measured) | TF.js / nn-lab | target ≥10× | PyTorch ref | nn-lab / PyTorch | target | TF.js ref / nn-lab | matmul GFLOP/s in loop |",
  );
  lines.push("|---|---|---|---|---|---|---|---|---|---|---|");
  for (const w of workloads) {
    const speedup = w.tfjs.median / w.nnlab.median;
    const vsTorch = w.nnlab.median / w.torch;
    const flops = 3 * 2 * w.macs.reduce((a, b) => a + b, 0) * N_TRAIN[w.id] * EPOCHS[w.id];
    lines.push(
      `| ${w.id} | ${fmt(w.nnlab.median)} [${fmt(w.nnlab.min)}–${fmt(w.nnlab.max)}] | ${spreadPct(w.nnlab).toFixed(0)}% | ` +
        `${fmt(w.tfjs.median)} [${fmt(w.tfjs.min)}–${fmt(w.tfjs.max)}] | ${x(speedup)} | ${speedup >= 10 ? "met" : "MISSED"} | ` +
        `${w.torch} | ${x(vsTorch)} | ≤${w.torchTarget}× ${vsTorch <= w.torchTarget ? "met" : "MISSED"} | ${x(w.tfjsRef / w.nnlab.median)} | ` +
        `${(flops / (w.nnlab.median * 1e6)).toFixed(2)} |`,
    );
  }
  lines.push("");
  const f = evalCost.fraction;
  lines.push(
    `Per-epoch evaluation on W2: log_every 1 ${fmt(evalCost.logEvery1.median)} ms, log_every 50 ${fmt(evalCost.logEvery50.median)} ms → ` +
      `${(100 * f).toFixed(1)}% of the loop (target ≤15%: ${f <= 0.15 ? "met" : "MISSED"})`,
  );
  lines.push(
    `Start-up (whole process, median of ${startup.help.n}): --help ${fmt(startup.help.median)} ms; 1-epoch XOR train ${fmt(startup.xor1.median)} ms`,
  );
  lines.push(
    `Sweep of 24 small runs (whole process, median of ${sweep.jobs1.n}): --jobs 1 ${fmt(sweep.jobs1.median)} ms, --jobs 2 ${fmt(sweep.jobs2.median)} ms → ` +
      `${x(sweep.speedup)} the throughput (target ≥1.8×: ${sweep.speedup >= 1.8 ? "met" : "MISSED"})`,
  );
  const [e1, e2] = opts.memoryEpochs;
  const growth = memory[1] / memory[0] - 1;
  lines.push(
    `Peak RSS of W1 (CLI process): ${e1} epochs ${(memory[0] / 1024).toFixed(1)} MiB, ${e2} epochs ${(memory[1] / 1024).toFixed(1)} MiB → ` +
      `${(100 * growth).toFixed(1)}% (target ≤10%: ${Math.abs(growth) <= 0.1 ? "met" : "MISSED"})`,
  );
  return lines.join("\n");
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const log = (s) => process.stderr.write(s + "\n");
  const runDir = mkdtempSync(join(os.tmpdir(), "nn-lab-bench-"));
  try {
    const loadStart = os.loadavg();
    log("kernels…");
    const kernels = kernelRates({ quick: opts.quick });
    log("workloads…");
    const workloads = benchWorkloads(opts, runDir, log);
    log("evaluation cost…");
    const evalCost = benchEvalCost(opts, runDir);
    log("start-up…");
    const startup = benchStartup(opts, runDir);
    log("sweep throughput…");
    const sweep = benchSweep(opts, runDir);
    log("memory…");
    const memory = opts.memoryEpochs.map((e) => peakRssKib(e, runDir));
    const result = { env: versions(), opts, loadStart, loadEnd: os.loadavg(), kernels, workloads, evalCost, startup, sweep, memory };
    console.log(report(result));
    if (opts.json) writeFileSync(opts.json, JSON.stringify(result, null, 2) + "\n");
  } finally {
    rmSync(runDir, { recursive: true, force: true });
  }
}

main();
