/**
 * A lesson on several seeds: its experiments run once per seed, and each claim is counted — "holds on 10 of 10
 * seeds" — so that what a learner is told is true of the phenomenon, not of one lucky draw. The narration is the
 * first seed's; the number each claim is about is summarised as its range over the seeds.
 */
import type { Lesson, LessonResult } from "./run-lesson.js";

export interface ClaimOnSeeds {
  text: string;
  /** Seeds it held on, out of n. */
  held: number;
  n: number;
  failedOn: number[];
  /** The claim's measured number over the seeds, when it has one. */
  measured: { name: string; min: number; max: number } | null;
}

export interface LessonOnSeeds {
  /** The seeds run; null when the lesson draws no random numbers (it ran once: every seed gives the same). */
  seeds: number[] | null;
  /** The seed the narration comes from (null as above). */
  narratedSeed: number | null;
  narration: string[];
  /** The narrated seed's table of variants, if the lesson has one. */
  table: { header: string[]; rows: string[][] } | null;
  exercise: string;
  claims: ClaimOnSeeds[];
}

/** Run `lesson` on each seed (its own seed when `seeds` is null) and count each claim. */
export async function runOnSeeds(lesson: Lesson, seeds: readonly number[] | null): Promise<LessonOnSeeds> {
  const list = lesson.seed === null ? null : [...(seeds ?? [lesson.seed])];
  const results: LessonResult[] = [];
  for (const seed of list ?? [0]) results.push(await lesson.run(seed));
  const first = results[0];
  const claims = first.claims.map((c, i): ClaimOnSeeds => {
    const on = results.map((r) => r.claims[i]);
    if (on.some((x) => x?.text !== c.text)) throw new Error(`lesson ${lesson.name}: claim ${i + 1} changes its words between seeds`);
    const values = on.flatMap((x) => (x.measured ? [x.measured.value] : []));
    return {
      text: c.text,
      held: on.filter((x) => x.holds).length,
      n: on.length,
      failedOn: list ? list.filter((_, k) => !on[k].holds) : on[0].holds ? [] : [0],
      measured: c.measured ? { name: c.measured.name, min: Math.min(...values), max: Math.max(...values) } : null,
    };
  });
  const table = first.table ?? null;
  return { seeds: list, narratedSeed: list?.[0] ?? null, narration: first.narration, table, exercise: first.exercise, claims };
}

/** Every claim held on every seed. */
export const allHold = (r: LessonOnSeeds) => r.claims.every((c) => c.held === c.n);
