/**
 * What a lesson is and how it runs its experiments: in memory (no run folder), from a config written in the
 * lesson, through the same schema, resolution and training loop as `nn-lab train`.
 */
import { configSchema } from "../config/schema.js";
import { resolveExperiment, type Experiment } from "../config/resolve.js";
import type { MetricsRow } from "../metrics.js";
import { train, type TrainResult } from "../train/train.js";
import { EXP_3, significant } from "../format.js";

/** A statement the lesson makes, and whether the measured numbers bear it out. */
export interface Claim {
  /** The same words on every seed (the numbers go in `measured` and the narration). */
  text: string;
  holds: boolean;
  /** The number the claim is about, summarised over seeds as its range (e.g. a gradient ratio). */
  measured?: { name: string; value: number };
}

export interface LessonResult {
  /** Paragraphs of narration, each quoting numbers measured in this run. */
  narration: string[];
  claims: Claim[];
  /** Variants side by side, measured in this run: a header row and one row per variant. */
  table?: { header: string[]; rows: string[][] };
  /** A question or an exercise, with a command to try. */
  exercise: string;
}

export interface Lesson {
  readonly name: string;
  readonly title: string;
  /** One line: what the lesson shows. */
  readonly summary: string;
  /** The seed its experiments run on without --seeds; null when the lesson draws no random numbers at all. */
  readonly seed: number | null;
  /** Run the lesson's experiments on `seed` (ignored by a lesson whose seed is null). */
  run(seed: number): Promise<LessonResult>;
}

/** A lesson's experiment, resolved exactly as a config file with this content would be. */
export function lessonExperiment(name: string, raw: Record<string, unknown>): Experiment {
  const parsed = configSchema.parse({ name, ...raw });
  return resolveExperiment({ parsed, file: `lesson ${name}`, baseDir: process.cwd(), defaultName: name });
}

export interface LessonRun extends TrainResult {
  rows: MetricsRow[];
}

/** Train a lesson's experiment in memory, keeping every metrics row. */
export async function runLesson(name: string, raw: Record<string, unknown>): Promise<LessonRun> {
  const rows: MetricsRow[] = [];
  const result = await train(lessonExperiment(name, raw), { onEpoch: (r) => rows.push(r), evalThread: "off" });
  return { ...result, rows };
}

/** A number for narration: 3 significant digits (an exponent when tiny or huge). */
export function n3(v: number | null | undefined): string {
  return v === null || v === undefined ? "—" : significant(v, 3, EXP_3);
}

/** ln 2 = 0.693: the BCE loss of a constant 50% guess, where an untrained (or untrainable) classifier sits. */
export const LN2 = Math.log(2);
