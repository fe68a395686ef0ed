/**
 * What the engine's own libm (src/engine/libm.ts) costs against Math.*, measured in one process, interleaved.
 *
 *   node bench/libm.js [--rounds 7] [--base OTHER/dist]
 *
 * 1. Per function: 10⁶ calls of libm.f and of Math.f on the same arguments (the engine's ranges), alternating within
 *    every round; prints ns per call, median over the rounds, and the median of the per-round ratios libm / Math.
 * 2. With --base: whole training runs (moons n 400, 16-16, batch 32, 100 epochs; sigmoid, tanh, gelu_tanh, swish,
 *    relu) by this build's train() and by OTHER/dist's (a build of the commit before libm, e.g. a worktree of main),
 *    both imported into this process, alternating within every round; prints the median ratio this / base per
 *    activation. The machine may be loaded: only ratios measured in the same round mean something.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import * as libm from "../dist/engine/fdlibm.js";
import * as here from "../dist/index.js";

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const ROUNDS = Number(option("--rounds", 7));
const BASE = option("--base", null);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function uniform(n, lo, hi) {
  let s = 12345;
  return Float64Array.from({ length: n }, () => {
    s = (Math.imul(s, 1103515245) + 12345) | 0;
    return lo + ((s >>> 0) / 2 ** 32) * (hi - lo);
  });
}

const N = 1_000_000;
const CASES = [
  ["exp", uniform(N, -30, 30)],
  ["expm1", uniform(N, -10, 0)],
  ["log", uniform(N, 1e-6, 10)],
  ["log1p", uniform(N, 0, 1e4)],
  ["tanh", uniform(N, -8, 8)],
  ["sin", uniform(N, 0, 2 * Math.PI)],
  ["cos", uniform(N, 0, 2 * Math.PI)],
  ["pow", uniform(N, 0.9, 1)],
];

function timeCalls(f, xs) {
  const t0 = performance.now();
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += f(xs[i], 57); // the second argument is pow's (β^t); the others ignore it
  const ms = performance.now() - t0;
  if (Number.isNaN(sum)) throw new Error("NaN sum");
  return (ms * 1e6) / xs.length;
}

console.log(
  `load average ${(await import("node:os"))
    .loadavg()
    .map((v) => v.toFixed(2))
    .join(" ")}; ${ROUNDS} rounds`,
);
console.log("function   libm ns/call   Math ns/call   libm/Math (median of per-round ratios)");
for (const [name, xs] of CASES) {
  const ours = [];
  const theirs = [];
  const ratios = [];
  for (let r = 0; r < ROUNDS; r++) {
    let a, b;
    if (r % 2 === 0) {
      a = timeCalls(libm[name], xs);
      b = timeCalls(Math[name], xs);
    } else {
      b = timeCalls(Math[name], xs);
      a = timeCalls(libm[name], xs);
    }
    ours.push(a);
    theirs.push(b);
    ratios.push(a / b);
  }
  console.log(
    `${name.padEnd(10)} ${median(ours).toFixed(1).padStart(12)} ${median(theirs).toFixed(1).padStart(14)} ${median(ratios).toFixed(2).padStart(12)}`,
  );
}

if (BASE) {
  const base = await import(pathToFileURL(resolve(BASE, "index.js")).href);
  const dir = mkdtempSync(join(tmpdir(), "nn-lab-libm-bench-"));
  const experiment = (lib, activation) => {
    const file = join(dir, `${activation}.yaml`);
    const config = {
      name: activation,
      seed: 1,
      data: { kind: "moons", n: 400, noise: 0.1 },
      model: { layers: [16, 16], activation },
      train: { epochs: 100, batch: 32, lr: 0.1 },
    };
    writeFileSync(file, JSON.stringify(config));
    return lib.resolveExperiment(lib.loadConfig(file));
  };
  const runMs = async (lib, activation) => {
    const t0 = performance.now();
    await lib.train(experiment(lib, activation), { evalThread: "off" });
    return performance.now() - t0;
  };
  console.log("\nactivation   this ms   base ms   this/base (median of per-round ratios)");
  for (const activation of ["sigmoid", "tanh", "gelu_tanh", "swish", "relu"]) {
    await runMs(here, activation);
    await runMs(base, activation);
    const ratios = [];
    const ours = [];
    const theirs = [];
    for (let r = 0; r < ROUNDS; r++) {
      const first = r % 2 === 0 ? here : base;
      const second = first === here ? base : here;
      const a = await runMs(first, activation);
      const b = await runMs(second, activation);
      const [h, m] = first === here ? [a, b] : [b, a];
      ours.push(h);
      theirs.push(m);
      ratios.push(h / m);
    }
    console.log(
      `${activation.padEnd(11)} ${median(ours).toFixed(0).padStart(8)} ${median(theirs).toFixed(0).padStart(9)} ${median(ratios).toFixed(3).padStart(10)}`,
    );
  }
  rmSync(dir, { recursive: true, force: true });
}
console.log(
  `load average at end ${(await import("node:os"))
    .loadavg()
    .map((v) => v.toFixed(2))
    .join(" ")}`,
);
