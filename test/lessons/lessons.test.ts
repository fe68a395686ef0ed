/**
 * The guided lessons: each one's experiments run here (in-process, seconds), every claim it makes must hold on the
 * numbers it measured — a lesson whose phenomenon does not reproduce fails — and its narration quotes those numbers.
 */
import { describe, expect, it } from "vitest";
import { LESSONS } from "../../src/lessons/lessons.js";
import type { LessonResult } from "../../src/lessons/run.js";
import { runCli } from "../helpers.js";

const results = new Map<string, LessonResult>();
const result = async (name: string) => {
  if (!results.has(name)) results.set(name, await LESSONS.find((l) => l.name === name)!.run());
  return results.get(name)!;
};

describe("every lesson's claims hold on what it measured", () => {
  it("the ten lessons of the course, in order", () => {
    expect(LESSONS.map((l) => l.name)).toEqual([
      "activations",
      "softmax",
      "backprop",
      "sigmoid-vs-relu",
      "vanishing-gradients",
      "dying-relu",
      "exploding-gradients",
      "initialisation",
      "xor",
      "linear-collapse",
    ]);
  });

  it.each(LESSONS.map((l) => l.name))(
    "%s",
    async (name) => {
      const r = await result(name);
      expect(r.claims.length).toBeGreaterThanOrEqual(2);
      for (const c of r.claims) expect(c.holds, c.text).toBe(true);
      expect(r.exercise).toMatch(/nn-lab \w+/);
    },
    60_000,
  );
});

describe("the narration quotes measured numbers (checked against independent values)", () => {
  it("backprop: loss 0.49, the factors −1.4 · 0.3 · 1 · 2 = −0.84, new weights 0.44 and 0.584", async () => {
    const text = (await result("backprop")).narration.join("\n");
    expect(text).toContain("loss (ŷ − 1)² = 0.49");
    expect(text).toContain("-1.4 · 0.3 · 1 · 2 = -0.84");
    expect(text).toContain("= 0.44, W1 = 0.5 − 0.1·(-0.84) = 0.584");
    // after the step: z1 = 0.584·2 = 1.168, ŷ = 0.44·1.168 = 0.51392, loss = (1 − 0.51392)² = 0.236
    expect(text).toContain("the loss falls from 0.49 to 0.236");
  });

  it("softmax: 7.39, 2.72, 1.11 and 0.659, 0.242", async () => {
    const text = (await result("softmax")).narration.join("\n");
    expect(text).toContain("exponentiate to 7.39, 2.72, 1.11");
    expect(text).toContain("gives 0.659, 0.242, 0.0986");
    // T = 0.5: e^4, e^2, e^0.2 → 0.864; T = 2: e^1, e^0.5, e^0.05 → 0.502
    expect(text).toContain("at T = 0.5 the top class gets 0.864, at T = 1 0.659, at T = 2 0.502");
  });

  it("activations: sigmoid's 0.00247 / 0.998 and GELU's minimum −0.17 at −0.752", async () => {
    const text = (await result("activations")).narration.join("\n");
    expect(text).toContain("σ(−6) = 0.00247, σ(0) = 0.5, σ(6) = 0.998");
    expect(text).toContain("its minimum is -0.17 at z = -0.752");
  });

  it("xor: the linear model's accuracy 0.75 and loss ln 2 = 0.693 are quoted", async () => {
    const text = (await result("xor")).narration.join("\n");
    expect(text).toMatch(/accuracy 0\.75, loss 0\.693 \(ln 2 = 0\.693\)/);
    expect(text).toContain("accuracy 1,");
  });
});

describe("nn-lab lessons / lesson NAME", () => {
  it("lessons lists every lesson with its title", () => {
    const r = runCli(["lessons"]);
    expect(r.code).toBe(0);
    for (const l of LESSONS) expect(r.stdout).toMatch(new RegExp(`^  ${l.name} +${l.title.slice(0, 10)}`, "m"));
  });

  it("lesson xor narrates, marks each claim, ends with an exercise, exits 0", () => {
    const r = runCli(["lesson", "xor"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Lesson: XOR needs a hidden layer$/m);
    expect(r.stdout).toMatch(/^ {2}✓ the linear model gets at most 3 of 4 points$/m);
    expect(r.stdout).toMatch(/Your turn: How few hidden units suffice\?/);
  });

  it("an unknown lesson is a usage error with a suggestion (exit 2)", () => {
    const r = runCli(["lesson", "softmx"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^nn-lab: error: lesson: unknown lesson 'softmx'.*softmax/);
  });
});
