/**
 * Matmul kernel throughput (GFLOP/s, float64) on the benchmark workloads' layer shapes, using the built engine
 * (dist/engine). One product of rows×K by K×N counts 2·rows·K·N floating-point operations.
 * Run: npm run build && node bench/kernels.js [--quick] [--json]
 */
import { performance } from "node:perf_hooks";
import { linearBackwardInputs, linearBackwardWeights, linearForward } from "../dist/engine/index.js";

/** Layer shapes: W3's 128-wide hidden layer (batch 128) and W4's 64-wide layer (batch 64). */
export const KERNEL_SHAPES = [
  { name: "W3 128x128, batch 128", rows: 128, k: 128, n: 128 },
  { name: "W4 64x64, batch 64", rows: 64, k: 64, n: 64 },
  { name: "W2 32x32, batch 32", rows: 32, k: 32, n: 32 },
];

function filled(length, seed) {
  const out = new Float64Array(length);
  let s = seed;
  for (let i = 0; i < length; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out[i] = s / 1073741824 - 1;
  }
  return out;
}

/** Inputs (deterministic values in [−1, 1)) and outputs of the three products of a rows × k → n layer. */
export function kernelBuffers(rows, k, n) {
  return {
    a: filled(rows * k, 1),
    w: filled(n * k, 2),
    b: filled(n, 3),
    dz: filled(rows * n, 4),
    z: new Float64Array(rows * n),
    dw: new Float64Array(n * k),
    db: new Float64Array(n),
    da: new Float64Array(rows * k),
  };
}

/** Median GFLOP/s of one kernel over `reps` timed batches of calls, each about `targetMs` long. */
function measure(call, flops, reps, targetMs) {
  let calls = 1;
  for (;;) {
    const t0 = performance.now();
    for (let c = 0; c < calls; c++) call();
    const dt = performance.now() - t0;
    if (dt > targetMs / 4) {
      calls = Math.max(1, Math.round((calls * targetMs) / dt));
      break;
    }
    calls *= 2;
  }
  const rates = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    for (let c = 0; c < calls; c++) call();
    const dt = performance.now() - t0;
    rates.push((flops * calls) / (dt * 1e6));
  }
  rates.sort((x, y) => x - y);
  return rates[Math.floor(rates.length / 2)];
}

/** GFLOP/s of forward, backward-weights and backward-inputs for each shape. */
export function kernelRates({ quick = false } = {}) {
  const reps = quick ? 3 : 7;
  const targetMs = quick ? 60 : 150;
  return KERNEL_SHAPES.map(({ name, rows, k, n }) => {
    const { a, w, b, dz, z, dw, db, da } = kernelBuffers(rows, k, n);
    const flops = 2 * rows * k * n;
    return {
      name,
      forward: measure(() => linearForward(a, w, b, z, rows, k, n), flops, reps, targetMs),
      backwardWeights: measure(() => linearBackwardWeights(dz, a, dw, db, rows, k, n), flops, reps, targetMs),
      backwardInputs: measure(() => linearBackwardInputs(dz, w, da, rows, k, n), flops, reps, targetMs),
    };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rates = kernelRates({ quick: process.argv.includes("--quick") });
  if (process.argv.includes("--json")) console.log(JSON.stringify(rates));
  else
    for (const r of rates)
      console.log(
        `${r.name.padEnd(24)} forward ${r.forward.toFixed(2)}  dW ${r.backwardWeights.toFixed(2)}  dA ${r.backwardInputs.toFixed(2)} GFLOP/s`,
      );
}
