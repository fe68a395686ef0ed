/** `nn-lab lessons` lists the guided lessons; `nn-lab lesson NAME` runs one and narrates what it measured. */
import { didYouMean, InputError } from "../errors.js";
import { LESSONS } from "../lessons/lessons.js";
import { wrap } from "../terminal/activation-card.js";
import { colorDepth, paint, terminalWidth } from "../terminal/colors.js";
import { EXIT } from "./exit.js";
import type { CommonOptions } from "./options.js";
import { emit } from "./output.js";

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
  const out = ["Guided lessons — run one with: nn-lab lesson NAME", ""];
  for (const l of LESSONS) out.push(...wrap(`${l.title}: ${l.summary}`, width, `  ${l.name.padEnd(pad)}`, pad + 2));
  process.stdout.write(out.join("\n") + "\n");
  return EXIT.ok;
}

export async function lessonCommand(name: string, opts: CommonOptions): Promise<number> {
  const lesson = LESSONS.find((l) => l.name === name);
  const names = LESSONS.map((l) => l.name);
  if (!lesson) throw new InputError(`lesson: unknown lesson '${name}'${didYouMean(name, names)}; expected one of ${names.join(", ")}`);
  const result = await lesson.run();
  if (opts.json) {
    process.stdout.write(JSON.stringify({ lesson: lesson.name, title: lesson.title, ...result }, null, 2) + "\n");
    return result.claims.every((c) => c.holds) ? EXIT.ok : EXIT.failed;
  }
  if (opts.quiet) return result.claims.every((c) => c.holds) ? EXIT.ok : EXIT.failed;
  const width = Math.max(40, terminalWidth(process.stdout));
  const depth = colorDepth(process.stdout, opts.color, process.env);
  const out = [paint(`Lesson: ${lesson.title}`, { bold: true }, depth), ""];
  for (const p of result.narration) out.push(...wrap(p, width, "", 0), "");
  out.push("What this run showed:");
  for (const c of result.claims) {
    const mark = c.holds ? paint("✓", { fg: [80, 200, 120] }, depth) : paint("✗", { fg: [230, 80, 80] }, depth);
    out.push(...wrap(`${c.text}${c.holds ? "" : " — did NOT reproduce in this run"}`, width, `  ${mark} `, 4));
  }
  out.push("", ...wrap(`Your turn: ${result.exercise}`, width, "", 0));
  process.stdout.write(out.join("\n") + "\n");
  return result.claims.every((c) => c.holds) ? EXIT.ok : EXIT.failed;
}
