/**
 * Where a W3 step's time goes (bench/w3-medium.yaml: 2-128-128-3 relu, softmax + cross_entropy, Adam, batch 128),
 * and what the per-epoch evaluation of its 6000 rows costs, each part timed alone in CPU time (process.cpuUsage:
 * the figure that other processes on a shared machine inflate least). docs/performance.md ("W3") quotes it.
 *
 *   npm run build && node bench/w3-parts.js
 *
 * Prints, per part: µs per call (best of 5 timed batches) and, for the matmuls and the evaluation, GFLOP/s
 * (2·rows·K·N per product). The step's non-matmul share is 1 − (sum of its matmuls) / (one whole trainStep).
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { linearBackwardInputs, linearBackwardWeights, linearForward } from "../dist/engine/matmul.js";
import { makeHead } from "../dist/engine/losses.js";
import { loadConfig, resolveExperiment } from "../dist/index.js";
import { buildExperimentModel } from "../dist/train/model.js";
import { experimentStep, trainStep } from "../dist/train/step.js";
import { Evaluator, makeTargets } from "../dist/train/evaluate.js";
import { kernelBuffers } from "./kernels.js";

const BATCH = 128;

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Best-of-5 CPU ms per call of `f` (after a warm-up), printed with its GFLOP/s when `flops` is given. */
function time(name, flops, f, calls = 300) {
  for (let i = 0; i < Math.max(10, calls / 3); i++) f();
  let best = Infinity;
  for (let r = 0; r < 5; r++) {
    const t0 = cpuMs();
    for (let i = 0; i < calls; i++) f();
    best = Math.min(best, (cpuMs() - t0) / calls);
  }
  const rate = flops ? `  ${(flops / best / 1e6).toFixed(2)} GFLOP/s` : "";
  console.log(`${name.padEnd(40)} ${(best * 1000).toFixed(1).padStart(9)} µs${rate}`);
  return best;
}

const experiment = resolveExperiment(loadConfig(join(dirname(fileURLToPath(import.meta.url)), "w3-medium.yaml")));
const mlp = buildExperimentModel(experiment);
const layers = mlp.layers.map((l) => [l.inDim, l.outDim]);

console.log(`W3 step, batch ${BATCH}: the matmuls of each layer alone`);
let matmuls = 0;
layers.forEach(([k, n], l) => {
  const { a, w, b, dz, z, dw, db, da } = kernelBuffers(BATCH, k, n);
  const flops = 2 * BATCH * k * n;
  matmuls += time(`  forward ${k}→${n}`, flops, () => linearForward(a, w, b, z, BATCH, k, n));
  matmuls += time(`  dW, db ${k}→${n}`, flops, () => linearBackwardWeights(dz, a, dw, db, BATCH, k, n));
  if (l > 0) matmuls += time(`  dA ${k}→${n}`, flops, () => linearBackwardInputs(dz, w, da, BATCH, k, n));
});

const step = experimentStep(experiment.config, mlp, experiment.data.train);
const ws = step.ws;
const rows = experiment.data.train.n;
const fullBatches = Math.floor(rows / BATCH);
let start = 0;
const whole = time(`one whole trainStep`, 0, () => {
  trainStep(step, start, BATCH);
  start = (start + BATCH) % (fullBatches * BATCH);
});
console.log(
  `  sum of its matmuls ${(matmuls * 1000).toFixed(1)} µs: the rest of the step is ${(100 * (1 - matmuls / whole)).toFixed(1)} %`,
);
const hidden = mlp.layers.slice(0, -1);
time("  relu forward, both hidden layers", 0, () => hidden.forEach((l, i) => l.activation.forward(ws.z[i], ws.a[i], BATCH * l.outDim)));
time("  relu backward, both hidden layers", 0, () =>
  hidden.forEach((l, i) => l.activation.backward(ws.z[i], ws.a[i], ws.da[i], ws.dz[i], BATCH * l.outDim)),
);
time("  Adam update (all parameters)", 0, () => step.optimizer.step(mlp.params, mlp.grads, 1e-9));
time("  softmax + cross-entropy head", 0, () => step.head.gradient(ws.z[2], step.y, BATCH, 3, ws.outputGrad));

console.log(`W3 per-epoch evaluation of the ${rows} training rows (chunks of 512)`);
const macs = layers.reduce((s, [k, n]) => s + k * n, 0);
const head = makeHead("cross_entropy", "softmax");
const set = experiment.data.train;
const targets = makeTargets(set.y, set.n, head, mlp.outputs, set.classes);
const evaluator = new Evaluator(mlp, head, mlp.workspace(512), set.classes);
time("  evaluate (loss, accuracy, diagnostics)", 2 * macs * rows, () => evaluator.evaluate(set.x, targets, set.n, true), 5);
const ews = mlp.workspace(512);
time(
  "  its forward passes alone",
  2 * macs * rows,
  () => {
    for (let s = 0; s < rows; s += 512) mlp.forward(ews, set.x.subarray(s * 2, (s + Math.min(512, rows - s)) * 2), Math.min(512, rows - s));
  },
  5,
);
