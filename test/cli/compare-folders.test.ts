/**
 * `compare RUN_DIR...` on finished run folders draws the same decision-boundary maps as `compare` draws when it
 * trains the configs itself (built CLI in-process as test/helpers.ts runMain runs it: not a terminal, colour off, 80
 * columns). What these tests prove:
 *  - three moons runs (a test set, derived features) compared from their folders give, line for line, the maps the
 *    training comparison printed — only the titles differ, each the folder's name — wrapped two to a row at 80
 *    columns, each titled with the final test accuracy summary.json holds (and how many training points it gets wrong);
 *  - their gradient flow side by side (each layer's ‖∇W‖ at epoch 1 → 60, as metrics.csv has them) is the same too;
 *  - a folder whose model.json is gone (a killed run) is still compared, without maps, and says why;
 *  - a model.json that does not fit config.json's network is an input error (exit 2, one line naming file and key);
 *  - regression runs get no maps.
 */
import { readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { shortNumber } from "../../src/terminal/gradflow.js";
import { column, readJson, readMetrics, runMain, tempDir, writeFile, type CliResult } from "../helpers.js";

const MOONS = `seed: 3
data: { kind: moons, n: 120, noise: 0.15, test: 0.25, features: [x1, x2, x1*x2] }
model: { layers: [6] }
train: { epochs: 60, optimizer: adam, lr: 0.03, batch: 16 }
`;

/** Where the maps start: the first title line above an accuracy subtitle. */
const mapStart = (lines: string[], firstTitle: string) =>
  lines.findIndex((l, i) => l.startsWith(firstTitle) && /^(test|train) acc /.test(lines[i + 1] ?? ""));

/** The map block: from the first title line to the shading legend. */
function mapBlock(out: string, firstTitle: string): string[] {
  const lines = out.split("\n");
  const start = mapStart(lines, firstTitle);
  const end = lines.findIndex((l) => l.startsWith("  shading:"));
  expect(start).toBeGreaterThan(0);
  expect(end).toBeGreaterThan(start);
  return lines.slice(start, end + 1);
}

/** Title lines are those just above an accuracy subtitle. */
const isTitle = (block: string[], i: number) => /^(test|train) acc /.test(block[i + 1] ?? "");

describe("compare RUN_DIR... draws the runs' decision boundaries", () => {
  const dir = tempDir();
  const cfg = writeFile(dir, "moons.yaml", MOONS);
  let trained: CliResult;
  let read: CliResult;
  let folders: string[];
  beforeAll(async () => {
    trained = await runMain(["compare", cfg, "--vary", "model.activation=relu,tanh,sigmoid", "--runs", join(dir, "runs")]);
    const parent = join(dir, "runs", readdirSync(join(dir, "runs"))[0]);
    folders = ["0000-activation=relu", "0001-activation=tanh", "0002-activation=sigmoid"].map((f) => join(parent, f));
    read = await runMain(["compare", ...folders]);
  });

  it("gives the picture compare drew when it trained the configs, titled with the folder names", () => {
    expect(trained.code).toBe(0);
    expect(read.stderr).toBe("");
    expect(read.code).toBe(0);
    const a = mapBlock(trained.stdout, "activation=relu");
    const b = mapBlock(read.stdout, "0000-activation=relu");
    expect(b).toHaveLength(a.length);
    const titlesA = a.filter((_, i) => isTitle(a, i));
    const titlesB = b.filter((_, i) => isTitle(b, i));
    // three maps at 80 columns: two in the first row, the third wrapped below
    expect(titlesA).toEqual(["activation=relu                          activation=tanh", "activation=sigmoid"]);
    expect(titlesB).toEqual(["0000-activation=relu                     0001-activation=tanh", "0002-activation=sigmoid"]);
    expect(b.filter((_, i) => !isTitle(b, i)).join("\n")).toBe(a.filter((_, i) => !isTitle(a, i)).join("\n"));
    // each subtitle carries the run's final test accuracy as summary.json has it
    const acc = folders.map((f) => readJson<{ final: { test_acc: number } }>(join(f, "summary.json")).final.test_acc.toFixed(3));
    const subs = b.filter((_, i) => i > 0 && isTitle(b, i - 1));
    expect(subs[0]).toMatch(new RegExp(`^test acc ${acc[0]} · \\d+ of 90 wrong +test acc ${acc[1]} · \\d+ of 90 wrong$`));
    expect(subs[1]).toMatch(new RegExp(`^test acc ${acc[2]} · \\d+ of 90 wrong$`));
    expect(Math.max(...b.map((l) => [...l].length))).toBeLessThanOrEqual(80);
  });

  it("prints the runs' gradient flow side by side, the same from the folders, with metrics.csv's norms", () => {
    // from the panel's head to the blank line above the maps
    const section = (out: string, firstTitle: string) => {
      const lines = out.split("\n");
      const start = lines.indexOf("gradient flow · ‖∇W‖ per layer, epoch 1 → 60 (bar: latest),");
      expect(start).toBeGreaterThan(0);
      return lines.slice(start, mapStart(lines, firstTitle) - 1);
    };
    const a = section(trained.stdout, "activation=relu");
    const b = section(read.stdout, "0000-activation=relu");
    const titles = (block: string[]) => block.filter((l) => /^(\d{4}-)?activation=/.test(l));
    expect(titles(a)).toEqual(["activation=relu                          activation=tanh", "activation=sigmoid"]);
    expect(titles(b)).toEqual(["0000-activation=relu                     0001-activation=tanh", "0002-activation=sigmoid"]);
    const rest = (block: string[]) => block.filter((l) => !/^(\d{4}-)?activation=/.test(l)).join("\n");
    expect(rest(b)).toBe(rest(a));
    const g = (k: number) => column(readMetrics(folders[0]), `grad_norm_layer${k}`);
    const [g1, g2] = [g(1), g(2)];
    expect(b.find((l) => l.startsWith("1 relu "))).toContain(`${shortNumber(g1[1])} → ${shortNumber(g1[60])}  dead `);
    expect(b.find((l) => l.startsWith("2 out "))).toContain(`${shortNumber(g2[1])} → ${shortNumber(g2[60])}`);
  });

  it("says that --live has nothing to train on run folders, and prints the usual output", async () => {
    const r = await runMain(["compare", ...folders, "--live"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("nn-lab: --live: run folders are read, not trained; printing the usual output\n");
    expect(r.stdout).toBe(read.stdout);
  });

  it("compares a folder without model.json without maps, and says why", async () => {
    const copy = join(dir, "killed");
    const r0 = await runMain(["train", cfg, "--run-dir", copy, "--quiet"]);
    expect(r0.code).toBe(0);
    rmSync(join(copy, "model.json"));
    const r = await runMain(["compare", folders[0], copy]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain("shading:");
    expect(r.stdout).toMatch(/^ {2}run\n {2}─+\n {2}0000-activation=relu\n {2}killed\n/m);
    expect(r.stderr).toBe(`nn-lab: compare: no decision-boundary maps: ${copy} has no model.json\n`);
  });

  it("refuses a model.json that does not fit config.json's network (exit 2, one line)", async () => {
    const bad = join(dir, "bad");
    const r0 = await runMain(["train", cfg, "--run-dir", bad, "--quiet"]);
    expect(r0.code).toBe(0);
    const model = readJson<{ layers: { weight: number[][] }[] }>(join(bad, "model.json"));
    model.layers[0].weight.pop();
    writeFileSync(join(bad, "model.json"), JSON.stringify(model));
    const r = await runMain(["compare", folders[0], bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `nn-lab: error: ${join(bad, "model.json")}: layers[0].weight: expected 6×3 (out×in), got 5 rows of 3, as config.json's network has\n`,
    );
  });

  it("draws no maps for regression runs", async () => {
    const sine = writeFile(dir, "sine.yaml", "data: { kind: sine, n: 40, test: 0 }\nmodel: { layers: [4] }\ntrain: { epochs: 5 }\n");
    const runs = ["s1", "s2"].map((s) => join(dir, s));
    for (const [i, run] of runs.entries())
      expect((await runMain(["train", sine, "--run-dir", run, "--quiet", "--set", `seed=${i + 1}`])).code).toBe(0);
    const r = await runMain(["compare", ...runs]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).not.toContain("shading:");
  });
});
