/**
 * One benchmark workload trained with TensorFlow.js's pure-JS CPU backend (float32: the CPU backend has no
 * float64), on the very data nn-lab generates for the config. Prints {train_ms, epochs, final_loss} as JSON.
 * train_ms covers model.fit only (data set-up and model building are excluded, as nn-lab's train_ms excludes them);
 * first_epoch_ms is the first epoch alone (it includes TF.js's warm-up), so a short run can be extrapolated to the
 * config's epochs as first + (E − 1)·(rest / (epochs − 1)) — `--epochs N` trains only N epochs and adds that estimate.
 * Run: node bench/tfjs-workload.js bench/w2-small.yaml [--epochs N]
 */
import { performance } from "node:perf_hooks";
import * as tf from "@tensorflow/tfjs";
import { loadConfig, resolveExperiment } from "../dist/index.js";

const TF_ACTIVATIONS = { relu: "relu", tanh: "tanh", sigmoid: "sigmoid" };

async function main(file, epochsOverride) {
  await tf.setBackend("cpu");
  await tf.ready();
  const { config, data } = resolveExperiment(loadConfig(file));
  const t = config.train;
  const { n, d, classes } = data.train;
  const outputs = t.loss === "cross_entropy" ? classes : 1;
  const model = tf.sequential();
  config.model.layers.forEach((layer, l) => {
    const activation = TF_ACTIVATIONS[layer.activation.name];
    if (!activation) throw new Error(`no TF.js equivalent for activation ${layer.activation.name}`);
    model.add(tf.layers.dense({ units: layer.units, activation, ...(l === 0 ? { inputShape: [d] } : {}) }));
  });
  model.add(tf.layers.dense({ units: outputs, activation: t.loss === "cross_entropy" ? "softmax" : "sigmoid" }));
  const optimizer = t.optimizer.name === "adam" ? tf.train.adam(t.lr) : tf.train.sgd(t.lr);
  model.compile({ optimizer, loss: t.loss === "cross_entropy" ? "sparseCategoricalCrossentropy" : "binaryCrossentropy" });
  const x = tf.tensor2d(Float32Array.from(data.train.x), [n, d]);
  const y = tf.tensor2d(Float32Array.from(data.train.y), [n, 1]);
  const epochs = epochsOverride ?? t.epochs;
  const batchSize = t.batch === "full" ? n : t.batch;
  let firstEpochMs = 0;
  const onEpochEnd = (epoch) => {
    if (epoch === 0) firstEpochMs = performance.now() - started;
  };
  const started = performance.now();
  const history = await model.fit(x, y, {
    epochs,
    batchSize,
    shuffle: t.shuffle,
    verbose: 0,
    yieldEvery: "never",
    callbacks: { onEpochEnd },
  });
  const trainMs = performance.now() - started;
  const losses = history.history.loss;
  const perEpoch = epochs > 1 ? (trainMs - firstEpochMs) / (epochs - 1) : firstEpochMs;
  const estimate = firstEpochMs + (t.epochs - 1) * perEpoch;
  const finalLoss = Number(losses[losses.length - 1]);
  console.log(
    JSON.stringify({
      train_ms: trainMs,
      first_epoch_ms: firstEpochMs,
      epochs,
      config_epochs: t.epochs,
      estimated_ms: estimate,
      final_loss: finalLoss,
    }),
  );
}

const args = process.argv.slice(2);
const at = args.indexOf("--epochs");
await main(args[0], at >= 0 ? Number(args[at + 1]) : undefined);
