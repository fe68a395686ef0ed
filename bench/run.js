/**
 * nn-lab's performance benchmark, measured side by side with PyTorch (docs/performance.md explains the method and
 * holds the measured tables).
 *
 *   npm run bench                      3 interleaved rounds: W1–W4 against PyTorch's two loops, the 32- and 64-run sweeps
 *   npm run bench -- --quick           2 rounds
 *   npm run bench -- --tfjs            also TF.js (installs it into bench/node_modules the first time; several minutes more)
 *   node bench/run.js --rounds 5 --json out.json
 *   node bench/run.js --only sweep --rounds 5     only the 32- and 64-run sweeps (or --only workloads: W1–W4)
 *   node bench/run.js --blas-env keep              PyTorch with OPENBLAS_CORETYPE as the environment sets it
 *
 * Each workload's training set is generated once from its config (bench/wN-*.yaml) and written as CSV; nn-lab
 * (`train CONFIG --json`, data.kind csv), PyTorch (bench/torch_workload.py: float32, 1 thread) in two loops — its
 * fastest plain loop (one tensor, index slices, no DataLoader) and the DataLoader idiom — and TF.js
 * (bench/tfjs-workload.js, its pure-JS CPU backend) all train on that file, each run a fresh process, the tools
 * interleaved within every round (order reversed on odd rounds) so that drift in machine load hits all of them.
 * Figures are medians; ratios are nn-lab / PyTorch's fastest loop (below 1: nn-lab is faster); the targets are
 * against that loop. PyTorch's processes run with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset, so that OpenBLAS
 * picks its own kernels for this CPU (the fastest it has; `--blas-env keep` keeps the environment's), and the
 * output names the BLAS and the core it ran and the CPU's SIMD flags. The sweeps (32 and 64 runs) are timed as whole
 * commands, start-up and imports included: `nn-lab sweep --jobs 2` against a pool of 2 Python processes.
 *
 * PyTorch is found as $NN_LAB_BENCH_PYTHON or python3 on PATH; without torch the bench says how to install it and
 * measures nn-lab alone. TF.js lives in bench/package.json (not in nn-lab's own install): the first run with --tfjs that
 * measures it installs it into bench/node_modules with `npm ci`.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { loadConfig, resolveExperiment } from "../dist/index.js";
import { kernelRates } from "./kernels.js";

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = join(BENCH, "..");
const CLI = join(ROOT, "bin", "nn-lab.js");
/** Pythons tried for torch, in order: $NN_LAB_BENCH_PYTHON, python3 on PATH, Debian's. */
const PYTHONS = process.env.NN_LAB_BENCH_PYTHON ? [process.env.NN_LAB_BENCH_PYTHON] : ["python3", "/usr/bin/python3"];
let PYTHON = PYTHONS[0];

/** The four workloads; `target` is the issue's bound on nn-lab / PyTorch (null: reported, not targeted). */
const WORKLOADS = [
  { id: "W1", file: "w1-tiny.yaml", target: 0.5 },
  { id: "W2", file: "w2-small.yaml", target: 0.5 },
  { id: "W3", file: "w3-medium.yaml", target: null, kernel: "W3 128x128, batch 128" },
  { id: "W4", file: "w4-deep.yaml", target: null, kernel: "W4 64x64, batch 64" },
];

/** The sweeps: 32 and 64 W1-sized runs (2 activations × 4 learning rates × 4 or 8 seeds, 500 epochs) on 2 jobs. */
const SWEEP = {
  file: "sweep-w1.yaml",
  activations: ["tanh", "relu"],
  lrs: [0.1, 0.2, 0.3, 0.5],
  seedCounts: [4, 8],
  seeds: (count) => Array.from({ length: count }, (_, i) => i + 1),
  jobs: 2,
  target: 3,
};
/** PyTorch's two loops: the fastest plain one (targets are against it) and the DataLoader idiom. */
const LOOPS = ["fast", "dataloader"];

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
    // TF.js only when asked: the targets are against PyTorch, and TF.js's first install and its W3 take minutes
    tfjs: argv.includes("--tfjs") && !argv.includes("--no-tfjs") && value("--only") !== "sweep",
    /** "workloads" or "sweep": measure only that part. */
    only: value("--only") ?? null,
    /** "auto" (default): PyTorch runs with OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE unset; "keep": as the environment has them. */
    blasEnv: value("--blas-env") ?? "auto",
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const stats = (xs) => (xs.length === 0 ? null : { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length });

/** Run a child to completion; throws with its stderr when it exits non-zero. Returns stdout and wall ms. */
function run(cmd, args, what, env = process.env) {
  const t0 = performance.now();
  const res = spawnSync(cmd, args, { cwd: ROOT, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - t0;
  if (res.status !== 0) throw new Error(`${what} failed (exit ${res.status}):\n${res.stderr ?? res.error}`);
  return { out: res.stdout, ms };
}
/** The JSON object a child printed last (nn-lab --json prints one, possibly over several lines). */
const lastJson = (out) => JSON.parse(out.slice(out.lastIndexOf("\n{") + 1));

/** The environment PyTorch's processes run in: OpenBLAS's core left to auto-detection unless --blas-env keep. */
let TORCH_ENV = process.env;
function torchEnv(blasEnv) {
  if (blasEnv === "keep") return process.env;
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}
/** PyTorch's own account of itself: version, threads, the BLAS library it loaded and its core, the CPU's flags. */
function torchInfo() {
  return lastJson(run(PYTHON, [join(BENCH, "torch_workload.py"), "info"], "PyTorch info", TORCH_ENV).out);
}

/** The first python that can `import torch` becomes PYTHON; returns torch's version, or null when none can. */
function findTorch() {
  for (const python of PYTHONS) {
    const res = spawnSync(python, ["-c", "import torch; print(torch.__version__)"], { encoding: "utf8" });
    if (res.status === 0) {
      PYTHON = python;
      return res.stdout.trim();
    }
  }
  return null;
}

/** TF.js, installed into bench/node_modules from bench/package-lock.json the first time it is needed. */
function ensureTfjs(log) {
  if (existsSync(join(BENCH, "node_modules", "@tensorflow", "tfjs", "package.json"))) return;
  log("installing the benchmark's own dependencies (TF.js) into bench/node_modules (first run only)…");
  const res = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: BENCH, stdio: "inherit" });
  if (res.status !== 0) throw new Error("npm ci in bench/ failed; run it by hand, or skip TF.js with --no-tfjs");
}

/**
 * A workload's training set as CSV (x1, x2, …, label), an nn-lab config that reads it (the workload's own YAML with
 * its data line replaced), and the JSON spec bench/torch_workload.py reads. Written once per bench run.
 */
function prepare(file, dir, extra = {}) {
  const path = join(BENCH, file);
  const { config, data } = resolveExperiment(loadConfig(path));
  const ds = data.train;
  const base = file.replace(/\.yaml$/, "");
  const csv = join(dir, `${base}.csv`);
  const lines = [[...Array(ds.d).keys()].map((j) => `x${j + 1}`).join(",") + ",label"];
  for (let i = 0; i < ds.n; i++) lines.push(`${Array.from(ds.x.subarray(i * ds.d, (i + 1) * ds.d)).join(",")},${ds.y[i]}`);
  writeFileSync(csv, lines.join("\n") + "\n");
  const yaml = readFileSync(path, "utf8").replace(/^data:.*$/m, `data: { kind: csv, path: ${JSON.stringify(csv)}, test: 0 }`);
  const nnlabConfig = join(dir, `${base}.yaml`);
  writeFileSync(nnlabConfig, yaml);
  const t = config.train;
  const spec = {
    csv,
    layers: config.model.layers.map((l) => l.units),
    activations: config.model.layers.map((l) => l.activation.name),
    outputs: t.loss === "cross_entropy" ? ds.classes : 1,
    loss: t.loss,
    optimizer: t.optimizer.name,
    lr: t.lr,
    batch: t.batch,
    shuffle: t.shuffle,
    epochs: t.epochs,
    ...extra,
  };
  const torchSpec = join(dir, `${base}.json`);
  writeFileSync(torchSpec, JSON.stringify(spec));
  const dims = [ds.d, ...spec.layers, spec.outputs];
  const macs = dims.slice(1).reduce((a, out, l) => a + dims[l] * out, 0);
  return { nnlabConfig, torchSpec, n: ds.n, epochs: t.epochs, logEvery: t.log_every, macs };
}

function benchWorkloads(opts, dir, hasTorch, log) {
  const prepared = WORKLOADS.map((w) => ({ ...w, ...prepare(w.file, dir) }));
  const runDir = join(dir, "run");
  const times = prepared.map(() => ({ nnlab: [], torch: [], torchLoader: [], tfjs: [] }));
  const kernelRounds = [];
  for (let r = 0; r < opts.rounds; r++) {
    // the kernels alone, in every round, so that the loop-to-kernel ratio compares like with like under drifting load
    kernelRounds.push(kernelRates({ quick: true }));
    prepared.forEach((w, i) => {
      const t = times[i];
      const tools = [
        () =>
          t.nnlab.push(
            lastJson(run(process.execPath, [CLI, "train", w.nnlabConfig, "--run-dir", runDir, "--overwrite", "--json"], w.id).out).train_ms,
          ),
        ...(hasTorch
          ? LOOPS.map((loop) => () => {
              const args = [join(BENCH, "torch_workload.py"), "train", w.torchSpec, loop];
              const ms = lastJson(run(PYTHON, args, `PyTorch ${w.id} (${loop})`, TORCH_ENV).out).train_ms;
              (loop === "fast" ? t.torch : t.torchLoader).push(ms);
            })
          : []),
        ...(opts.tfjs
          ? [
              () =>
                t.tfjs.push(
                  lastJson(run(process.execPath, [join(BENCH, "tfjs-workload.js"), w.nnlabConfig], `TF.js ${w.id}`).out).train_ms,
                ),
            ]
          : []),
      ];
      (r % 2 === 0 ? tools : tools.reverse()).forEach((f) => f());
      const show = (name, xs) => (xs.length ? ` ${name} ${xs[xs.length - 1].toFixed(0)} ms` : "");
      log(
        `  round ${r + 1} ${w.id}:${show("nn-lab", t.nnlab)}${show("PyTorch fast", t.torch)}${show("PyTorch DataLoader", t.torchLoader)}` +
          show("TF.js", t.tfjs),
      );
    });
  }
  const kernels = kernelRounds[0].map((k, s) => {
    const of = (key) => median(kernelRounds.map((round) => round[s][key]));
    return { name: k.name, forward: of("forward"), backwardWeights: of("backwardWeights"), backwardInputs: of("backwardInputs") };
  });
  const workloads = prepared.map((w, i) => ({
    id: w.id,
    target: w.target,
    kernel: w.kernel ?? null,
    n: w.n,
    epochs: w.epochs,
    macs: w.macs,
    // matmul FLOPs the nn-lab loop performs: per step forward + dW + dA (6·MACs per row), plus the per-epoch
    // full-set evaluation forward (2·MACs per row) on epoch 0 and every logged epoch
    flops: 2 * w.macs * w.n * (3 * w.epochs + 1 + Math.ceil(w.epochs / w.logEvery)),
    nnlab: stats(times[i].nnlab),
    torch: stats(times[i].torch),
    torchLoader: stats(times[i].torchLoader),
    tfjs: stats(times[i].tfjs),
  }));
  return { workloads, kernels };
}

/** 32 and 64 runs with nn-lab sweep --jobs 2 and with the PyTorch script's 2-process pool, whole command, interleaved. */
function benchSweeps(opts, dir, hasTorch, log) {
  return SWEEP.seedCounts.map((count) => benchSweep(opts, dir, hasTorch, log, SWEEP.seeds(count)));
}

function benchSweep(opts, dir, hasTorch, log, seeds) {
  const p = prepare(SWEEP.file, dir, { grid_activation: SWEEP.activations, grid_lr: SWEEP.lrs, seeds, jobs: SWEEP.jobs });
  const runs = SWEEP.activations.length * SWEEP.lrs.length * seeds.length;
  const nnlab = [];
  const torch = [];
  const torchLoader = [];
  for (let r = 0; r < opts.rounds; r++) {
    const out = join(dir, `sweep-${runs}-${r}`);
    const args = [
      CLI,
      "sweep",
      p.nnlabConfig,
      "--grid",
      `model.activation=${SWEEP.activations.join(",")}`,
      "--grid",
      `train.lr=${SWEEP.lrs.join(",")}`,
    ];
    args.push("--seeds", seeds.join(","), "--jobs", String(SWEEP.jobs), "--out", out, "--quiet");
    const pytorch = (loop, into) => () =>
      into.push(run(PYTHON, [join(BENCH, "torch_workload.py"), "sweep", p.torchSpec, loop], `PyTorch sweep (${loop})`, TORCH_ENV).ms);
    const tools = [
      () => nnlab.push(run(process.execPath, args, "nn-lab sweep").ms),
      ...(hasTorch ? [pytorch("fast", torch), pytorch("dataloader", torchLoader)] : []),
    ];
    (r % 2 === 0 ? tools : tools.reverse()).forEach((f) => f());
    rmSync(out, { recursive: true, force: true });
    const more = hasTorch ? `, PyTorch fast ${torch[r].toFixed(0)} ms, DataLoader ${torchLoader[r].toFixed(0)} ms` : "";
    log(`  round ${r + 1} sweep of ${runs}: nn-lab ${nnlab[r].toFixed(0)} ms${more}`);
  }
  return {
    runs,
    jobs: SWEEP.jobs,
    epochs: p.epochs,
    target: SWEEP.target,
    nnlab: stats(nnlab),
    torch: stats(torch),
    torchLoader: stats(torchLoader),
  };
}

function versions(torch, info) {
  const pkg = (p) => (existsSync(join(ROOT, p)) ? JSON.parse(readFileSync(join(ROOT, p), "utf8")).version : null);
  return {
    nnlab: pkg("package.json"),
    torch,
    blas: info ? `${info.blas} ${info.core}${info.config ? ` (${info.config})` : ""}, ${info.library}` : null,
    cpuFlags: info ? info.cpu_flags.join(" ") : null,
    tfjs: pkg("bench/node_modules/@tensorflow/tfjs/package.json"),
    node: process.version,
    cpu: os.cpus()[0]?.model ?? "unknown",
    nproc: os.availableParallelism(),
    platform: `${os.platform()} ${os.release()}`,
  };
}

const fmt = (ms) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
const range = (s) => (s ? `${fmt(s.median)} [${fmt(s.min)}–${fmt(s.max)}]` : "–");
const ratio = (a, b) => (a && b ? `${(a.median / b.median).toFixed(2)}×` : "–");

function report(result) {
  const { env, kernels, workloads, sweeps, opts } = result;
  const lines = [];
  const tools = [
    `PyTorch ${env.torch ?? "(not installed)"} float32 1 thread`,
    ...(env.blas ? [`its BLAS: ${env.blas}`] : []),
    ...(opts.tfjs ? [`@tensorflow/tfjs ${env.tfjs} cpu backend`] : []),
  ];
  lines.push(
    `machine: ${env.cpu}, nproc ${env.nproc}, ${env.platform}; node ${env.node}; nn-lab ${env.nnlab} (float64); ${tools.join("; ")}`,
  );
  const load = (l) => l.map((v) => v.toFixed(2)).join(" ");
  if (env.cpuFlags) lines.push(`CPU SIMD flags: ${env.cpuFlags}`);
  lines.push(
    `load average at start ${load(result.loadStart)}, at end ${load(result.loadEnd)}; ${opts.rounds} interleaved rounds; medians [min–max]`,
  );
  if (workloads.length > 0) lines.push("", ...workloadLines(workloads, kernels));
  for (const sweep of sweeps) lines.push("", sweepLine(sweep));
  return lines.join("\n");
}

function workloadLines(workloads, kernels) {
  const lines = [];
  lines.push("Training loop, train_ms (nn-lab with its default per-epoch metrics; PyTorch/TF.js: the training loop only):");
  lines.push(
    "| workload | nn-lab ms | PyTorch fast loop ms | nn-lab / PyTorch fast | target | PyTorch DataLoader ms | nn-lab / PyTorch DataLoader | TF.js ms | nn-lab / TF.js | matmul GFLOP/s in loop | kernel GFLOP/s | loop / kernel |",
  );
  lines.push("|---|---|---|---|---|---|---|---|---|---|---|---|");
  for (const w of workloads) {
    const vs = w.torch ? w.nnlab.median / w.torch.median : null;
    const target = w.target === null ? "–" : vs === null ? `≤${w.target}×` : `≤${w.target}× ${vs <= w.target ? "met" : "MISSED"}`;
    const loopRate = w.flops / (w.nnlab.median * 1e6);
    const k = w.kernel ? kernels.find((x) => x.name === w.kernel) : null;
    const kRate = k ? median([k.forward, k.backwardWeights, k.backwardInputs]) : null;
    const share = kRate ? `${((100 * loopRate) / kRate).toFixed(0)}% (≥85% ${loopRate >= 0.85 * kRate ? "met" : "MISSED"})` : "–";
    lines.push(
      `| ${w.id} | ${range(w.nnlab)} | ${range(w.torch)} | ${ratio(w.nnlab, w.torch)} | ${target} | ${range(w.torchLoader)} | ` +
        `${ratio(w.nnlab, w.torchLoader)} | ${range(w.tfjs)} | ${ratio(w.nnlab, w.tfjs)} | ` +
        `${loopRate.toFixed(2)} | ${kRate ? kRate.toFixed(2) : "–"} | ${share} |`,
    );
  }
  lines.push("");
  lines.push("Matmul kernels alone (float64, GFLOP/s; median over the rounds):");
  lines.push("| shape | forward Z=A·Wᵀ+b | dW=dZᵀ·A | dA=dZ·W |");
  lines.push("|---|---|---|---|");
  for (const k of kernels)
    lines.push(`| ${k.name} | ${k.forward.toFixed(2)} | ${k.backwardWeights.toFixed(2)} | ${k.backwardInputs.toFixed(2)} |`);
  return lines;
}

function sweepLine(sweep) {
  const rate = (s) => (s ? `${((1000 * sweep.runs) / s.median).toFixed(1)} runs/s` : "–");
  const speed = (t) => (t ? t.median / sweep.nnlab.median : null);
  const fast = speed(sweep.torch);
  return (
    `Sweep of ${sweep.runs} W1-sized runs (${sweep.epochs} epochs), ${sweep.jobs} jobs, whole command: nn-lab ${range(sweep.nnlab)} ms = ${rate(sweep.nnlab)}; ` +
    `PyTorch fast loop ${range(sweep.torch)} ms = ${rate(sweep.torch)}; PyTorch DataLoader ${range(sweep.torchLoader)} ms = ${rate(sweep.torchLoader)}` +
    (fast === null
      ? ""
      : ` → nn-lab ${fast.toFixed(2)}× the fast loop's runs/s (target ≥${sweep.target}×: ${fast >= sweep.target ? "met" : "MISSED"}), ` +
        `${speed(sweep.torchLoader).toFixed(2)}× the DataLoader's`)
  );
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const log = (s) => process.stderr.write(s + "\n");
  const torch = findTorch();
  if (torch === null) {
    log(
      `PyTorch is not available (${PYTHONS.join(", ")}: "import torch" failed), so only nn-lab is measured. To compare, install it:\n` +
        `  Debian/Ubuntu: sudo apt install python3-torch     other systems: pip install torch\n` +
        `  (or point NN_LAB_BENCH_PYTHON at a python3 that has torch)`,
    );
  }
  TORCH_ENV = torchEnv(opts.blasEnv);
  const info = torch === null ? null : torchInfo();
  if (info) log(`PyTorch ${info.torch}: ${info.blas} ${info.core} (${info.library})`);
  if (opts.tfjs) ensureTfjs(log);
  const dir = mkdtempSync(join(os.tmpdir(), "nn-lab-bench-"));
  try {
    const loadStart = os.loadavg();
    let workloads = [];
    let kernels = {};
    if (opts.only !== "sweep") {
      log("workloads…");
      ({ workloads, kernels } = benchWorkloads(opts, dir, torch !== null, log));
    }
    let sweeps = [];
    if (opts.only !== "workloads") {
      log("sweeps…");
      sweeps = benchSweeps(opts, dir, torch !== null, log);
    }
    const result = { env: versions(torch, info), opts, loadStart, loadEnd: os.loadavg(), kernels, workloads, sweeps };
    console.log(report(result));
    if (opts.json) writeFileSync(opts.json, JSON.stringify(result, null, 2) + "\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
