/**
 * The guided lessons: every lesson's experiments run here on seeds 1–10 (in-process, a few seconds in all), and
 * every claim it makes must hold on every seed — a claim that flips on another draw fails here — and its
 * narration quotes the numbers it measured (checked against independently computed values).
 */
import { describe, expect, it } from "vitest";
import { LESSONS } from "../../src/lessons/lessons.js";
import type { Lesson, LessonResult } from "../../src/lessons/run-lesson.js";
import { runOnSeeds } from "../../src/lessons/seeds.js";
import { runMain } from "../helpers.js";

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
/**
 * Each lesson's run on a seed, computed once: the ten-seed claims and the narration checks read the same result (a
 * lesson's own seed, 1–3, is among seeds 1–10), where the narration tests used to train their seed a second time.
 * A run is a pure function of the lesson and the seed (one seeded generator), so a second call returns the same.
 */
const runs = new Map<string, Promise<LessonResult>>();
const lesson = (name: string): Lesson => {
  const l = LESSONS.find((x) => x.name === name)!;
  const run = (seed: number) => {
    const key = `${name} ${seed}`;
    if (!runs.has(key)) runs.set(key, l.run(seed));
    return runs.get(key)!;
  };
  return { ...l, run };
};
/** The lesson on its own seed, as `nn-lab lesson NAME` runs it. */
const result = (name: string) => lesson(name).run(lesson(name).seed ?? 0);
const text = async (name: string) => (await result(name)).narration.join("\n");

describe("every lesson's claims hold on seeds 1–10", () => {
  it("the lessons of the course, in order", () => {
    expect(LESSONS.map((l) => l.name)).toEqual([
      "activations",
      "softmax",
      "backprop",
      "sigmoid-vs-relu",
      "vanishing-gradients",
      "dying-relu",
      "exploding-gradients",
      "initialisation",
      "three-cures",
      "xor",
      "linear-collapse",
    ]);
  });

  it.each(LESSONS.map((l) => l.name))(
    "%s",
    async (name) => {
      const r = await runOnSeeds(lesson(name), SEEDS);
      expect(r.claims.length).toBeGreaterThanOrEqual(2);
      // a lesson that draws random numbers ran on all ten; one that draws none ran once and says so
      expect(r.seeds).toEqual(lesson(name).seed === null ? null : SEEDS);
      for (const c of r.claims) expect({ claim: c.text, failedOn: c.failedOn }).toEqual({ claim: c.text, failedOn: [] });
      expect(r.exercise).toMatch(/nn-lab \w+/);
    },
    120_000,
  );
});

describe("the narration quotes measured numbers (checked against independent values)", () => {
  it("backprop: loss 0.49, the factors −1.4 · 0.3 · 1 · 2 = −0.84, new weights 0.44 and 0.584", async () => {
    const t = await text("backprop");
    expect(t).toContain("loss (ŷ − 1)² = 0.49");
    expect(t).toContain("-1.4 · 0.3 · 1 · 2 = -0.84");
    expect(t).toContain("= 0.44, W1 = 0.5 − 0.1·(-0.84) = 0.584");
    // after the step: z1 = 0.584·2 = 1.168, ŷ = 0.44·1.168 = 0.51392, loss = (1 − 0.51392)² = 0.236
    expect(t).toContain("the loss falls from 0.49 to 0.236");
  });

  it("softmax: 7.39, 2.72, 1.11 and 0.659, 0.242 — and the material's 11.22 is the sum of rounded exponents", async () => {
    const t = await text("softmax");
    expect(t).toContain("exponentiate to 7.39, 2.72, 1.11");
    expect(t).toContain("gives 0.659, 0.242, 0.0986");
    // T = 0.5: e^4, e^2, e^0.2 → 0.864; T = 2: e^1, e^0.5, e^0.05 → 0.502
    expect(t).toContain("at T = 0.5 the top class gets 0.864, at T = 1 0.659, at T = 2 0.502");
    // e² + e + e^0.1 = 7.389056 + 2.718282 + 1.105171 = 11.212509
    expect(t).toContain(
      "A note on the material: it gives the sum as 11.22, which adds the exponents rounded to two places (7.39 + 2.72 + 1.11). The exact sum e² + e¹ + e^0.1 is 11.2125, 11.21 to two places;",
    );
  });

  it("activations: sigmoid's 0.00247 / 0.998, ReLU's slopes, ELU's limit, swish's and GELU's minima", async () => {
    const t = await text("activations");
    expect(t).toContain("σ(−6) = 0.00247, σ(0) = 0.5, σ(6) = 0.998");
    expect(t).toContain("relu(−1) = 0, relu(6) = 6; its slope is 1 for every z > 0 (no saturation there) and 0 for z ≤ 0");
    // ELU: e^−6 − 1 = −0.99752; swish: min of z·σ(z) at z = −1.27846, −0.278465
    expect(t).toContain("f(−6) = -0.998, approaching -1 as z → −∞");
    expect(t).toContain("minimum -0.278 at z = -1.28");
    expect(t).toContain("its minimum is -0.17 at z = -0.752");
  });

  it("xor: the linear model sits at ln 2 with every output ≈ 0.5; its accuracy is called tie noise", async () => {
    const t = await text("xor");
    expect(t).toMatch(/loss 0\.693 \(ln 2 = 0\.693\), outputs (0\.(49999\d|50000\d), ){3}0\.(49999\d|50000\d)\./);
    expect(t).toContain("means nothing");
    expect(t).toContain("accuracy 1,");
  });

  it("dying-relu: the loss is the constant σ(b)'s, with b the trained output bias (computed here from the numbers it quotes)", async () => {
    const t = await text("dying-relu");
    // σ(−3) = 0.0474; balanced classes: loss(−3) = −½ln σ(−3) − ½ln(1 − σ(−3)) = ½(3.0486 + 0.0486) = 1.549
    expect(t).toContain("σ(-3) = 0.0474 for every sample and the loss starts at 1.55");
    const b = Number(/After 20 epochs it is (-[\d.]+)/.exec(t)![1]);
    const p = 1 / (1 + Math.exp(-b));
    const loss = -0.5 * Math.log(p) - 0.5 * Math.log(1 - p);
    expect(t).toContain(`the loss ${Number(loss.toPrecision(3))} is exactly that constant's loss`);
  });

  it("initialisation and exploding-gradients narrate the measured factors, not canned ones", async () => {
    const init = await text("initialisation");
    expect(init).not.toContain("~30×");
    expect(init).toMatch(/scales the forward signal by (0\.0\d+, ){7}0\.0\d+ and the backward gradient by (0\.0\d+, ){7}0\.0\d+/);
    expect(init).toMatch(/layer 1's gradient norm is 1\.\d+e-12: \d\.\d+e-1\d of He's/);
    const exp = await text("exploding-gradients");
    expect(exp).toMatch(/multiplied the gradient's norm by ([2-9]\.\d+, ){7}[2-9]\.\d+ — theory says/);
    expect(exp).toContain("Without a cure the run ends diverged at epoch 1");
  });
});

describe("three-cures: the material's cures for vanishing gradients side by side", () => {
  it("a table of the four nets with the numbers the narration quotes", async () => {
    const r = await result("three-cures");
    expect(r.table!.header).toEqual(["", "‖∇W₁‖", "‖∇W₁‖ / ‖∇W₆‖", "loss after 30 epochs"]);
    expect(r.table!.rows.map((row) => row[0])).toEqual(["plain sigmoid", "ReLU + He", "sigmoid + residual", "sigmoid + batch norm"]);
    const t = r.narration.join("\n");
    const [plain, relu, residual, batch] = r.table!.rows;
    expect(t).toContain(`the plain net's layer 1 gets a gradient of ${plain[1]}, ${plain[2]} of layer 6's`);
    expect(t).toContain(`After 30 epochs its loss is ${plain[3]}`);
    expect(t).toContain(`factor near 1: layer 1 gets ${relu[1]}.`);
    expect(t).toContain(`cannot shrink to nothing: layer 1 gets ${residual[1]}.`);
    expect(t).toContain(`whatever the weights do: layer 1 gets ${batch[1]}.`);
  });
});

describe("nn-lab lessons / lesson NAME [--seeds]", () => {
  it("lessons lists every lesson with its title", async () => {
    const r = await runMain(["lessons"]);
    expect(r.code).toBe(0);
    for (const l of LESSONS) expect(r.stdout).toMatch(new RegExp(`^  ${l.name} +${l.title.slice(0, 10)}`, "m"));
  });

  it("lesson xor narrates, marks each claim, ends with an exercise, exits 0", async () => {
    const r = await runMain(["lesson", "xor"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Lesson: XOR needs a hidden layer$/m);
    expect(r.stdout).toMatch(/^ {2}✓ the hidden layer gets all 4 points$/m);
    expect(r.stdout).toMatch(/Your turn: How few hidden units suffice\?/);
  });

  it("lesson xor --seeds 1-3 says on how many seeds each claim held, and the range of what it measured", async () => {
    const r = await runMain(["lesson", "xor", "--seeds", "1-3"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("Run on 3 seeds (1–3); the narration is seed 1's.");
    expect(r.stdout).toMatch(/^ {2}✓ the hidden layer gets all 4 points — holds on 3 of 3 seeds$/m);
    expect(r.stdout).toMatch(/holds on 3 of 3 seeds; largest \|p − 0\.5\| \S+ … \S+$/m);
    const json = JSON.parse((await runMain(["lesson", "xor", "--seeds", "2,5", "--json"])).stdout);
    expect(json.seeds).toEqual([2, 5]);
    expect(json.claims[0]).toMatchObject({ held: 2, n: 2, failedOn: [] });
  });

  it("a lesson that draws no random numbers runs once and says its claims are the same on every seed", async () => {
    const r = await runMain(["lesson", "softmax", "--seeds", "1-10"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("What this showed (no random numbers: the same on every seed):");
    expect(r.stdout).not.toContain("holds on");
  });

  it("bad --seeds and an unknown lesson are usage errors (exit 2)", async () => {
    const bad = await runMain(["lesson", "xor", "--seeds", "1-x"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^nn-lab: error: --seeds 1-x: expected whole numbers/);
    const r = await runMain(["lesson", "softmx"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^nn-lab: error: lesson: unknown lesson 'softmx'.*softmax/);
  });
});
