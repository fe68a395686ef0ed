/**
 * The evaluation thread: a copy of the network that evaluates weight snapshots on the train and test sets while
 * the main thread trains the next epoch. Same code (Evaluator) on the same numbers, so the results are
 * bit-identical to evaluating in the main thread.
 */
import { parentPort, workerData } from "node:worker_threads";
import { makeActivation } from "../engine/activations.js";
import { adoptBuiltins } from "../engine/libm.js";
import { makeHead } from "../engine/losses.js";
import { Mlp } from "../engine/mlp.js";
import { EVAL_CHUNK, Evaluator, type Targets } from "./evaluate.js";
import type { EvalInit, EvalReply, WorkerStart } from "./eval-thread.js";

// Math.exp … where the main thread found that this V8 gives the engine's fdlibm bits (the same numbers either way)
adoptBuiltins((workerData as WorkerStart).builtins);

let state: { mlp: Mlp; evaluator: Evaluator; init: EvalInit; train: Targets; test: Targets | null } | null = null;

parentPort!.on("message", (msg: { type: "init"; init: EvalInit } | { type: "eval"; params: Float64Array }) => {
  if (msg.type === "init") {
    const init = msg.init;
    const mlp = new Mlp({
      inputs: init.inputs,
      hidden: init.hidden.map((h) => ({ units: h.units, activation: makeActivation(h.activation) })),
      outputs: init.outputs,
      bias: init.bias,
      residual: init.residual,
      norm: init.norm,
    });
    const head = makeHead(init.loss, init.output);
    const rows = Math.min(EVAL_CHUNK, Math.max(init.trainN, init.testN));
    state = {
      mlp,
      evaluator: new Evaluator(mlp, head, mlp.workspace(rows), init.classes),
      init,
      train: init.trainTargets,
      test: init.testTargets,
    };
    return;
  }
  const s = state!;
  s.mlp.params.set(msg.params);
  const reply: EvalReply = {
    test: s.test ? s.evaluator.evaluate(s.init.testX!, s.test, s.init.testN, false) : null,
    train: s.evaluator.evaluate(s.init.trainX, s.train, s.init.trainN, true),
  };
  parentPort!.postMessage(reply);
});
