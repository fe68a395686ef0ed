/**
 * Evaluation off the training thread. After a logged epoch the main thread posts a copy of the weights and trains
 * on; the worker evaluates that snapshot (whole train and test sets, diagnostics) and the rows are written in
 * epoch order as results arrive (rows.ts ThreadedRows). At most a few snapshots are in flight (EVAL_IN_FLIGHT in rows.ts), so a run whose
 * evaluation is slower than its training waits instead of queueing without bound. Used only where it pays: more than one core, enough work,
 * no early stopping (which must see each epoch's result before the next one starts).
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { isMainThread, Worker, type WorkerOptions } from "node:worker_threads";
import type { ActivationChoice } from "../engine/activations.js";
import { builtinsInUse } from "../engine/libm.js";
import type { LossName, OutputName } from "../engine/losses.js";
import type { NormName } from "../engine/mlp.js";
import type { Evaluation, Targets } from "./evaluate.js";

export interface EvalInit {
  inputs: number;
  hidden: { units: number; activation: ActivationChoice }[];
  outputs: number;
  bias: boolean;
  residual: boolean;
  norm: NormName;
  loss: LossName;
  output: OutputName;
  classes: number;
  trainX: Float64Array;
  trainN: number;
  trainTargets: Targets;
  testX: Float64Array | null;
  testN: number;
  testTargets: Targets | null;
}

export interface EvalReply {
  train: Evaluation;
  test: Evaluation | null;
}

const WORKER_URL = new URL("./eval-worker.js", import.meta.url);

/** The process's Node flags for a worker, less --input-type (only valid with --eval; a worker given it fails). */
export function workerExecArgv(argv: readonly string[] = process.execArgv): string[] {
  return argv.filter((a) => !a.startsWith("--input-type"));
}

/**
 * What every nn-lab worker thread gets as its workerData: the data it was started with, and the libm functions its
 * process uses as built-ins, which it adopts (engine/libm.ts adoptBuiltins) instead of checking them again.
 */
export interface WorkerStart<T = unknown> {
  builtins: string[];
  data: T;
}

/**
 * A worker thread with the process's Node flags, given `options.workerData` as a {@link WorkerStart}. A flag a
 * worker may not take (a V8 option such as `node --max-lazy bin/nn-lab.js …`, or a per-process one) makes Node
 * refuse the whole list; V8 options are process-wide and already in force in the worker, so it is then started
 * without flags rather than failing the run.
 */
export function startWorker(url: URL, options: Omit<WorkerOptions, "execArgv"> = {}): Worker {
  const start: WorkerStart = { builtins: builtinsInUse(), data: options.workerData as unknown };
  try {
    return new Worker(url, { ...options, workerData: start, execArgv: workerExecArgv() });
  } catch (e) {
    if ((e as { code?: string }).code !== "ERR_WORKER_INVALID_EXEC_ARGV") throw e;
    return new Worker(url, { ...options, workerData: start, execArgv: [] });
  }
}

/** Evaluation work (multiply-adds) below which a thread's start-up would cost more than it saves. */
export const EVAL_THREAD_MIN_WORK = 5e7;

/** Evaluation on a thread: "off" never, "on" always (where possible), "auto" when it pays (see wantEvalThread). */
export type EvalThreadMode = "auto" | "on" | "off";

/**
 * Whether to evaluate on a thread: mode "off" never, "on" always (where possible); "auto" when there is more than
 * one core, this is the main thread (not a sweep worker), and the run's evaluation work is large enough. (The CLI
 * maps NN_LAB_EVAL_THREAD=0 to "off" and =1 to "on".)
 */
export function wantEvalThread(work: number, mode: EvalThreadMode = "auto"): boolean {
  if (mode === "off" || !isMainThread || !existsSync(fileURLToPath(WORKER_URL))) return false;
  if (mode === "on") return true;
  return availableParallelism() > 1 && work >= EVAL_THREAD_MIN_WORK;
}

/**
 * The init message with every array that is a view into a larger buffer (train and test are views into one data
 * set) copied to its own: posting a view would copy the whole buffer behind it, once per view.
 */
function ownBuffers(init: EvalInit): EvalInit {
  const own = <T extends Float64Array | null>(a: T): T => (a !== null && a.byteLength !== a.buffer.byteLength ? a.slice() : a) as T;
  const targets = (t: Targets): Targets => ({ ...t, y: own(t.y), labels: own(t.labels) });
  return {
    ...init,
    trainX: own(init.trainX),
    trainTargets: targets(init.trainTargets),
    testX: own(init.testX),
    testTargets: init.testTargets && targets(init.testTargets),
  };
}

export class EvalThread {
  private readonly worker: Worker;
  private readonly waiting: { resolve: (r: EvalReply) => void; reject: (e: Error) => void }[] = [];

  /** Set once the worker has failed or exited: every evaluation after that fails at once instead of waiting forever. */
  private failure: Error | null = null;

  constructor(init: EvalInit) {
    this.worker = startWorker(WORKER_URL);
    this.worker.on("message", (r: EvalReply) => this.waiting.shift()?.resolve(r));
    const fail = (e: Error) => {
      this.failure ??= e;
      for (const w of this.waiting.splice(0)) w.reject(this.failure);
    };
    this.worker.on("error", fail);
    this.worker.on("exit", (code) => fail(new Error(`the evaluation thread exited (code ${code})`)));
    this.worker.postMessage({ type: "init", init: ownBuffers(init) });
  }

  /** Evaluate a snapshot of the weights (a copy the caller no longer changes: posting copies it again). */
  evaluate(snapshot: Float64Array): Promise<EvalReply> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.worker.postMessage({ type: "eval", params: snapshot });
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
