/**
 * The runs of a comparison, trained into one folder: one after another (a stop request ends the list between
 * runs), or together, in lock-step (no run starts an epoch before every other run still training has reached it,
 * see lock-step.ts), so a live view sees them at the same epoch. A run in progress when a stop is requested ends at its next epoch with status interrupted.
 */
import { join } from "node:path";
import type { Experiment } from "../config/resolve.js";
import type { Mlp } from "../engine/mlp.js";
import type { MetricsRow } from "../metrics.js";
import type { EvalThreadMode } from "../train/eval-thread.js";
import { LockStep } from "./lock-step.js";
import { nextTurn, runExperiment, type RunOutcome } from "./run-experiment.js";
import type { StopRequest } from "./stop.js";

/** One run of a comparison. */
export interface Variant {
  /** What the comparison calls it: a config's name, or the --vary values ("activation=relu"). */
  label: string;
  /** Its run folder's name inside the comparison's folder. */
  folder: string;
  /** With --seeds: the seed it trains on (every variant on every seed: a paired comparison); null: the config's seed. */
  seed: number | null;
  experiment: Experiment;
}

export interface VariantHooks {
  stop: StopRequest;
  evalThread?: EvalThreadMode;
  /** --overwrite: a run folder of the same name already in the comparison's folder is replaced. */
  overwrite?: boolean;
  onModel?: (v: Variant, mlp: Mlp) => void;
  onEpoch?: (v: Variant, row: MetricsRow) => void;
  onDone?: (v: Variant, outcome: RunOutcome) => void;
}

/** Train the variants into `parent`, together or one after another; the outcomes of those that started, in order. */
export async function trainVariants(
  variants: readonly Variant[],
  parent: string,
  hooks: VariantHooks,
  together = false,
): Promise<{ variant: Variant; outcome: RunOutcome }[]> {
  // together: in lock-step, epoch by epoch
  const lockStep = together ? new LockStep(variants.length) : null;
  const trainOne = async (variant: Variant, i: number) => {
    let outcome: RunOutcome;
    try {
      outcome = await runExperiment(variant.experiment, {
        runDir: join(parent, variant.folder),
        overwrite: hooks.overwrite,
        stop: hooks.stop,
        evalThread: hooks.evalThread,
        onModel: (mlp) => hooks.onModel?.(variant, mlp),
        onEpoch: (row) => hooks.onEpoch?.(variant, row),
        pace: lockStep ? () => lockStep.pace(i) : undefined,
      });
    } finally {
      lockStep?.end(i);
    }
    hooks.onDone?.(variant, outcome);
    return { variant, outcome };
  };
  if (together) return Promise.all(variants.map(trainOne));
  const done: { variant: Variant; outcome: RunOutcome }[] = [];
  for (const v of variants) {
    await nextTurn();
    if (hooks.stop.requested) break;
    done.push(await trainOne(v, done.length));
  }
  return done;
}
