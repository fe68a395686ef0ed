/**
 * `nn-lab lessons` lists the guided lessons; `nn-lab lesson NAME [--seeds 1-10]` runs one and narrates what it
 * measured. With --seeds every experiment runs on each seed and each claim says on how many it held.
 */
import { shown } from "../files.js";
import { didYouMean, InputError } from "../errors.js";
import { LESSONS } from "../lessons/lessons.js";
import { allHold, runOnSeeds, type ClaimOnSeeds, type LessonOnSeeds } from "../lessons/seeds.js";
import { n3 } from "../lessons/run-lesson.js";
import { parseSeeds } from "../sweep/grid.js";
import { wrap } from "../terminal/activation-card.js";
import { colorDepth, paint, terminalWidth, type ColorDepth } from "../terminal/colors.js";
import { renderTable } from "../terminal/table.js";
import { EXIT } from "./exit.js";
import type { CommonOptions } from "./options.js";
import { emit } from "./output.js";

export interface LessonOptions extends CommonOptions {
  seeds?: string;
}

export async function lessonsCommand(opts: CommonOptions): Promise<number> {
  if (opts.json || opts.quiet) {
    emit(
      opts,
      () => LESSONS.map((l) => ({ name: l.name, title: l.title, summary: l.summary })),
      () => "",
    );
    return EXIT.ok;
  }
  const width = Math.max(40, terminalWidth(process.stdout));
  const pad = Math.max(...LESSONS.map((l) => l.name.length)) + 2;
  const out = ["Guided lessons — run one with: nn-lab lesson NAME [--seeds 1-10]", ""];
  for (const l of LESSONS) out.push(...wrap(`${l.title}: ${l.summary}`, width, `  ${l.name.padEnd(pad)}`, pad + 2));
  process.stdout.write(out.join("\n") + "\n");
  return EXIT.ok;
}

export async function lessonCommand(name: string, opts: LessonOptions): Promise<number> {
  const lesson = LESSONS.find((l) => l.name === name);
  const names = LESSONS.map((l) => l.name);
  if (!lesson)
    throw new InputError(`lesson: unknown lesson '${shown(name, 40)}'${didYouMean(name, names)}; expected one of ${names.join(", ")}`);
  const seeds = opts.seeds === undefined ? null : parseSeeds(opts.seeds);
  const result = await runOnSeeds(lesson, seeds);
  const code = allHold(result) ? EXIT.ok : EXIT.failed;
  emit(
    opts,
    () => ({ lesson: lesson.name, title: lesson.title, ...result }),
    () => {
      const width = Math.max(40, terminalWidth(process.stdout));
      return lessonText(lesson.title, result, width, colorDepth(process.stdout, opts.color, process.env)) + "\n";
    },
  );
  return code;
}

/** The narration, the claims with their marks (and counts over seeds), and the exercise. */
export function lessonText(title: string, r: LessonOnSeeds, width: number, depth: ColorDepth): string {
  const out = [paint(`Lesson: ${title}`, { bold: true }, depth), ""];
  const many = r.seeds !== null && r.seeds.length > 1;
  if (many)
    out.push(
      ...wrap(`Run on ${r.seeds!.length} seeds (${seedList(r.seeds!)}); the narration is seed ${r.narratedSeed}'s.`, width, "", 0),
      "",
    );
  for (const p of r.narration) out.push(...wrap(p, width, "", 0), "");
  if (r.table) {
    const [first, ...rest] = r.table.header;
    const columns = [{ header: first, align: "left" as const }, ...rest.map((header) => ({ header }))];
    out.push(renderTable(columns, r.table.rows, { indent: 2, gap: 3 }), "");
  }
  out.push(
    many
      ? `What ${r.seeds!.length} seeds showed:`
      : r.seeds === null
        ? "What this showed (no random numbers: the same on every seed):"
        : "What this run showed:",
  );
  for (const c of r.claims) {
    const ok = c.held === c.n;
    const mark = ok ? paint("✓", { fg: [80, 200, 120] }, depth) : paint("✗", { fg: [230, 80, 80] }, depth);
    // wrapped with the bare mark, then painted: the colour's escape codes take no columns
    const [first, ...rest] = wrap(`${c.text}${claimTail(c, r, many)}`, width, `  ${ok ? "✓" : "✗"} `, 4);
    out.push(`  ${mark}${first.slice(3)}`, ...rest);
  }
  out.push("", ...wrap(`Your turn: ${r.exercise}`, width, "", 0));
  return out.join("\n");
}

function claimTail(c: ClaimOnSeeds, r: LessonOnSeeds, many: boolean): string {
  const range = c.measured && many ? `; ${c.measured.name} ${n3(c.measured.min)} … ${n3(c.measured.max)}` : "";
  if (many) {
    const failed = c.failedOn.length ? `; failed on seed${c.failedOn.length > 1 ? "s" : ""} ${c.failedOn.join(", ")}` : "";
    return ` — holds on ${c.held} of ${c.n} seeds${range}${failed}`;
  }
  return c.held === c.n ? "" : r.seeds === null ? " — did NOT hold" : " — did NOT reproduce in this run";
}

/** 1–10 for a run of consecutive seeds, else the list. */
function seedList(seeds: readonly number[]): string {
  const consecutive = seeds.every((s, i) => i === 0 || s === seeds[i - 1] + 1);
  return consecutive && seeds.length > 2 ? `${seeds[0]}–${seeds.at(-1)}` : seeds.join(", ");
}
