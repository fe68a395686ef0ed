/**
 * `compare` on 2-D classification (built CLI in-process, not a terminal, colour off, 80 columns). What these tests prove: one
 * decision-boundary map per run side by side, each titled with its label and its final accuracy as summary.json
 * has it, one shared legend; the comparison table fits 80 columns and has no test_loss/test_acc columns for XOR
 * (no test set; headers shortened, shared values said once) while --wide keeps them; --no-boundary leaves the maps out.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readJson, runMain, tempDir, type CliResult } from "../helpers.js";

const visible = (s: string) => Math.max(...s.split("\n").map((l) => [...l].length));

describe("compare side by side", () => {
  const runs = tempDir();
  let r: CliResult;
  let parent: string;
  beforeAll(async () => {
    r = await runMain([
      "compare",
      "configs/classic-sigmoid-vs-relu.yaml",
      "--vary",
      "model.activation=sigmoid,relu",
      "--target",
      "0.1",
      "--runs",
      runs,
    ]);
    parent = join(runs, readdirSync(runs)[0]);
  });

  it("draws the runs' maps side by side, titled with label and final accuracy, one legend", () => {
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    // the maps' titles (the gradient-flow panel above has the same labels): the line above the accuracy subtitles
    const titles = lines.find((l, i) => l.startsWith("activation=sigmoid") && lines[i + 1]?.startsWith("train acc"))!;
    expect(titles).toMatch(/^activation=sigmoid +activation=relu$/);
    const acc = (dir: string) => readJson<{ final: { train_acc: number } }>(join(parent, dir, "summary.json")).final.train_acc.toFixed(3);
    const sub = lines[lines.indexOf(titles) + 1];
    expect(sub).toMatch(
      new RegExp(
        `^train acc ${acc("0000-activation=sigmoid")} · 0 of \\d+ wrong +train acc ${acc("0001-activation=relu")} · 0 of \\d+ wrong$`,
      ),
    );
    expect(r.stdout.match(/points: {3}o class 0/g)).toHaveLength(1);
    // two framed maps on the same lines
    expect(lines.filter((l) => (l.match(/│/g) ?? []).length === 2).length).toBeGreaterThan(8);
  });

  it("fits the table in 80 columns without XOR's empty test columns; --wide keeps them", async () => {
    expect(visible(r.stdout.split("compare.csv:")[0])).toBeLessThanOrEqual(80);
    const header = r.stdout.split("\n").find((l) => l.startsWith("  run "))!;
    expect(header).not.toContain("test");
    // too wide with every header in full: short headers, and what every run shares said once below
    expect(header).toMatch(/^ {2}run +train loss +best \(epoch\) +to ≤ 0\.1$/);
    expect(r.stdout).toContain("\n  same for every run: status completed · epochs 1500 · train acc 1.000\n");
    const wide = await runMain([
      "compare",
      join(parent, "0000-activation=sigmoid"),
      join(parent, "0001-activation=relu"),
      "--wide",
      "--no-boundary",
    ]);
    expect(wide.stdout.split("\n").find((l) => l.startsWith("  run "))).toContain("test_loss  train_acc  test_acc");
    expect(wide.stdout).not.toContain("points:");
  });
});
