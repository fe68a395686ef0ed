/**
 * A lesson on several seeds: each claim is counted per seed, a claim that fails on some seed says which, the
 * measured number is summarised as its range, and the text marks it ✗ with "holds on 2 of 3 seeds".
 */
import { describe, expect, it } from "vitest";
import { lessonText } from "../../src/cli/lessons.js";
import type { Lesson } from "../../src/lessons/run-lesson.js";
import { allHold, runOnSeeds } from "../../src/lessons/seeds.js";

/** A lesson whose claim fails on seed 2 only, and whose measured number is 10·seed. */
const flaky: Lesson = {
  name: "flaky",
  title: "Flaky",
  summary: "fails on seed 2",
  seed: 1,
  async run(seed) {
    return {
      narration: [`seed ${seed} narrates`],
      claims: [
        { text: "always", holds: true },
        { text: "not on seed 2", holds: seed !== 2, measured: { name: "value", value: 10 * seed } },
      ],
      exercise: "nn-lab lesson flaky",
    };
  },
};

describe("runOnSeeds", () => {
  it("counts each claim per seed, names the seeds it failed on and the range of its number", async () => {
    const r = await runOnSeeds(flaky, [1, 2, 3]);
    expect(r.narration).toEqual(["seed 1 narrates"]);
    expect(r.claims).toEqual([
      { text: "always", held: 3, n: 3, failedOn: [], measured: null },
      { text: "not on seed 2", held: 2, n: 3, failedOn: [2], measured: { name: "value", min: 10, max: 30 } },
    ]);
    expect(allHold(r)).toBe(false);
  });

  it("without seeds runs the lesson's own seed once", async () => {
    const r = await runOnSeeds(flaky, null);
    expect(r.seeds).toEqual([1]);
    expect(allHold(r)).toBe(true);
  });

  it("refuses a claim whose words change with the seed (its count would mix two claims)", async () => {
    const shifty: Lesson = {
      ...flaky,
      run: async (seed) => ({ narration: [], claims: [{ text: `seed ${seed}`, holds: true }], exercise: "" }),
    };
    await expect(runOnSeeds(shifty, [1, 2])).rejects.toThrow(/claim 1 changes its words between seeds/);
  });

  it("a lesson's table of variants is printed under the narration, first column left-aligned", async () => {
    const tabled: Lesson = {
      ...flaky,
      run: async (seed) => ({
        ...(await flaky.run(seed)),
        table: {
          header: ["", "loss"],
          rows: [
            ["plain", "0.693"],
            ["cured", "0.1"],
          ],
        },
      }),
    };
    const t = lessonText("Tabled", await runOnSeeds(tabled, null), 80, 1).split("\n");
    expect(t.slice(2, 9)).toEqual(["seed 1 narrates", "", "           loss", "  ─────   ─────", "  plain   0.693", "  cured     0.1", ""]);
  });

  it("colour changes no line break: the coloured text, escapes stripped, is the plain text (the ✓'s escapes counted as columns)", async () => {
    const r = await runOnSeeds(flaky, [1, 2, 3]);
    // eslint-disable-next-line no-control-regex
    const strip = (t: string) => t.replace(/\x1b\[[0-9;]*m/g, "");
    expect(strip(lessonText("Flaky", r, 50, 24))).toBe(lessonText("Flaky", r, 50, 1));
  });

  it("the text marks the failed claim ✗ and says on how many seeds it held", async () => {
    const t = lessonText("Flaky", await runOnSeeds(flaky, [1, 2, 3]), 80, 1);
    expect(t).toBe(
      [
        "Lesson: Flaky",
        "",
        "Run on 3 seeds (1–3); the narration is seed 1's.",
        "",
        "seed 1 narrates",
        "",
        "What 3 seeds showed:",
        "  ✓ always — holds on 3 of 3 seeds",
        "  ✗ not on seed 2 — holds on 2 of 3 seeds; value 10 … 30; failed on seed 2",
        "",
        "Your turn: nn-lab lesson flaky",
      ].join("\n"),
    );
  });
});
