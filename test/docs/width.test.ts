/**
 * Every screen fits 80 columns when stdout is not a terminal (issue 23). What these tests prove: `nn-lab --help`
 * and every command's --help, and the commands whose headers overflowed, printed in-process at COLUMNS=80 (stdout
 * not a terminal, so 80), have no line wider than 80 characters (escape sequences not counted) — among them the
 * divergence header (it was 110), the gradcheck header (118) and the root help (~150). A command that prints a table
 * offering --wide is run without it. The README's and docs' nn-lab lines are held to the same width where they run,
 * in commands-run.test.ts (each line run once, not once there and again here).
 */
import { cpSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runMain, tempDir } from "../helpers.js";
import { linesWiderThan } from "./shell-lines.js";

/** "a 'b c' d" → ["a", "b c", "d"] */
const words = (line: string) => [...line.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]);

const HELP = ["", "train", "compare", "sweep", "check", "data", "plot", "softmax", "trace", "gradcheck", "schema", "report"];
/** A fresh copy of the repository's configs, data sets and CI baseline: commands run there as written. */
function freshCopy(): string {
  const dir = tempDir("nn-lab-width-");
  for (const d of ["configs", "datasets", "ci"]) cpSync(join(ROOT, d), join(dir, d), { recursive: true });
  return dir;
}

const OVERFLOWING = ["train configs/classic-exploding-gradients.yaml --set train.clip=null", "gradcheck configs/moons.yaml"];

function expectFits(output: string, what: string): void {
  expect(linesWiderThan(output, 80), `${what}: lines over 80 columns`).toEqual([]);
}

describe("80 columns when stdout is not a terminal", () => {
  it.each(HELP)("nn-lab %s --help", async (command) => {
    const r = await runMain([...(command ? [command] : []), "--help"], { env: { COLUMNS: "80" } });
    expect(r.code).toBe(0);
    expectFits(r.stdout, `nn-lab ${command} --help`);
  });

  it("the root help wraps its descriptions at word boundaries", async () => {
    const r = await runMain(["--help"], { env: { COLUMNS: "80" } });
    expect(r.stdout).toContain("  train <config...>                 train one run per config; write a run folder\n");
  });

  it.each(OVERFLOWING)("nn-lab %s (the headers that overflowed)", async (line) => {
    const r = await runMain(words(line), { env: { COLUMNS: "80" }, cwd: freshCopy() });
    expect(r.code).toBeLessThanOrEqual(1);
    expectFits(r.stdout, line);
  });
});
