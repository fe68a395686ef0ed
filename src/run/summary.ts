/**
 * summary.json, the record a run folder ends with (run/run-experiment.ts writes it last) and the file sweep resume,
 * merge, check, compare and report read back (run/read.ts). This schema is its one description: the `Summary` type is
 * derived from it, so what is written and what is read cannot drift apart. The writer and everything a sweep worker
 * loads take the type alone (`import type`): a worker thread loads no zod (test/architecture/runtime-imports.test.ts).
 *
 * Keys this version does not know are accepted and left out of what is read (a newer version may write more). A
 * non-finite number is null in JSON (NaN, ±Infinity): `final` values, an expectation's value and grad_norm_before
 * may be null.
 */
import * as z from "zod";
import { FINAL_METRICS, type FinalMetric } from "../metrics.js";
import { RUN_STATUSES } from "../train/train.js";

const num = z.number().nullable();
const count = z.int().min(0);

export const summarySchema = z.object({
  name: z.string(),
  status: z.enum(RUN_STATUSES),
  epochs: count,
  seed: count,
  final: z.object(Object.fromEntries(FINAL_METRICS.map((m) => [m, num])) as Record<FinalMetric, typeof num>),
  best: z.record(z.string(), z.object({ value: z.number(), epoch: count })),
  diverged_at: z.object({ epoch: count, step: z.int(), layer: z.int().nullable(), what: z.string(), grad_norm_before: num }).nullable(),
  confusion: z.array(z.array(count)).nullable(),
  /** With clipping on: how many optimizer steps clipping changed, of all the steps taken. */
  clipping: z.object({ clipped: count, steps: count }).nullable(),
  expect: z.array(z.object({ metric: z.string(), op: z.string(), threshold: z.number(), value: num, pass: z.boolean() })),
  /** Training-health findings; empty when training was healthy. */
  health: z.array(z.object({ kind: z.string(), layer: z.int().nullable(), value: num, message: z.string() })),
  train_ms: z.number().min(0),
  wall_ms: z.number().min(0),
  version: z.string(),
  run_dir: z.string(),
});

/** summary.json as written and as read back (the schema has no defaults or transforms: input and output agree). */
export type Summary = z.infer<typeof summarySchema>;
