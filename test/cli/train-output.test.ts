/**
 * What `train` and `compare` print when charts would otherwise lie (built CLI, piped stdio, colour off). What
 * these tests prove:
 *  - the docs/lessons.md's exploding-gradients comparison shows both curves: the axis stays near the epoch-0 loss (no
 *    4.9e+175), the unclipped run is marked `✕ diverged at epoch 1`, the clipped run's curve spans the chart;
 *  - with clipping on, the summary counts the clipped steps, in the terminal and in summary.json, and the count
 *    equals the sum of metrics.csv's `clipped` column (log_every 1);
 *  - 1-D regression shows the data and the fitted curve; 2-D regression a slice per input, the other input held at
 *    its median over the train rows (checked against the rows `nn-lab data` writes), with the nearest fifth as dots;
 *  - several configs given to `train` are separated, each under a `── i/n · name ──` line;
 *  - --log-y with --linear-y is a usage error (exit 2, nothing trained); --linear-y keeps a wide loss linear.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { shortNumber } from "../../src/terminal/gradflow.js";
import { column, onlyRunDir, readJson, readMetrics, runMain, tempDir, writeFile } from "../helpers.js";

const EXPLODING = "configs/classic-exploding-gradients.yaml";

describe("charts that survive divergence", () => {
  it("the exploding-gradients comparison draws both curves on a readable axis", async () => {
    const runs = tempDir();
    const r = await runMain(["compare", EXPLODING, "--vary", "train.clip=null,{norm: 1}", "--runs", runs]);
    expect(r.code).toBe(0);
    const chart = r.stdout.slice(0, r.stdout.indexOf("\n\n"));
    expect(chart).not.toMatch(/e\+\d/);
    expect(chart).toContain("── clip=null ✕ diverged at epoch 1   ━━ clip={norm=1}");
    // the y labels stay within the finite losses: at most 10× the epoch-0 loss (1.0016), plus one row of headroom
    const labels = chart
      .split("\n")
      .filter((l) => /[┤┼╋]/.test(l))
      .map((l) => Number(l.trim().split(" ")[0]));
    expect(Math.max(...labels)).toBeLessThan(1.2);
    expect(Math.min(...labels)).toBeLessThan(0.05); // the clipped run's loss, down to 0.029
    // the ✕ sits on the top row, the clipped run's heavy line reaches the right end
    const rows = chart.split("\n").filter((l) => /[┤┼╋]/.test(l));
    expect(rows[0]).toContain("✕");
    expect(rows.some((l) => /━$/.test(l))).toBe(true);
  });

  it("counts the clipped steps in the summary: 805 of 1000 here, as metrics.csv's clipped column sums", async () => {
    const runs = tempDir();
    const r = await runMain(["train", EXPLODING, "--runs", runs]);
    expect(r.code).toBe(0);
    const dir = onlyRunDir(runs);
    const clipped = column(readMetrics(dir), "clipped").reduce<number>((a, v) => a + (v ?? 0), 0);
    const summary = readJson<{ clipping: { clipped: number; steps: number } }>(join(dir, "summary.json"));
    // 100 samples in batches of 10: 10 steps per epoch, 100 epochs
    expect(summary.clipping).toEqual({ clipped, steps: 1000 });
    expect(r.stdout).toContain(`· clipped ${clipped} of 1000 steps ·`);
    // without clipping there is no count
    const plain = await runMain(["train", EXPLODING, "--set", "train.clip=null", "--set", "train.lr=0.01", "--runs", tempDir()]);
    expect(plain.stdout).not.toContain("clipped");
  });

  it("draws 1-D regression as the data and the fitted curve", async () => {
    const runs = tempDir();
    const r = await runMain(["train", EXPLODING, "--runs", runs]);
    expect(r.stdout).toContain("fit: train data and the network's prediction against x1");
    expect(r.stdout).toContain("· train data (100 points)   ── fitted curve");
    const fit = r.stdout.slice(r.stdout.indexOf("fit:"));
    expect((fit.match(/·/g) ?? []).length).toBeGreaterThan(20);
  });

  it("draws 2-D regression as a slice per input, the other input at its median over the train rows", async () => {
    const dir = tempDir();
    const cfg = writeFile(
      dir,
      "plane.yaml",
      "seed: 1\ndata: { kind: plane, n: 200, test: 0.2 }\nmodel: { layers: [8], activation: tanh }\ntrain: { epochs: 30, optimizer: adam, lr: 0.02 }\n",
    );
    const r = await runMain(["train", cfg, "--runs", join(dir, "runs")]);
    expect(r.code).toBe(0);
    // the medians and the slices' bands, independently: from the rows `nn-lab data` writes for the same data block
    const csv = join(dir, "plane.csv");
    expect((await runMain(["data", "plane", "--n", "200", "--test", "0.2", "--seed", "1", "--out", csv])).code).toBe(0);
    const train = readFileSync(csv, "utf8")
      .trim()
      .split("\n")
      .slice(1)
      .map((l) => l.split(","))
      .filter((c) => c[3] === "train")
      .map((c) => [Number(c[0]), Number(c[1])]);
    expect(train).toHaveLength(160);
    const median = (j: number) => {
      const v = train.map((p) => p[j]).sort((a, b) => a - b);
      return (v[79] + v[80]) / 2;
    };
    const two = (v: number) => String(Number(v.toPrecision(2)));
    const band = (j: number) => two(train.map((p) => Math.abs(p[j] - median(j))).sort((a, b) => a - b)[31]); // the nearest 32 (a fifth)
    const sign = (v: number) => (v < 0 ? `+ ${two(-v)}` : `− ${two(v)}`);
    expect(r.stdout).toContain("fit: the prediction ŷ along each input, the other input held at its median\n");
    expect(r.stdout).toMatch(new RegExp(`\nŷ against x1, x2 = ${two(median(1))} +ŷ against x2, x1 = ${two(median(0))}\n`));
    const legend = `  · 32 near: |x2 ${sign(median(1))}| ≤ ${band(1)}`;
    expect(r.stdout.split("\n").find((l) => l.startsWith(legend))).toContain(`· 32 near: |x1 ${sign(median(0))}| ≤ ${band(0)}`);
  });

  it("separates the runs when train gets several configs", async () => {
    const dir = tempDir();
    const a = writeFile(dir, "a.yaml", "data: {kind: xor}\nmodel: {layers: [4]}\ntrain: {epochs: 5}\n");
    const b = writeFile(dir, "b.yaml", "data: {kind: xor}\nmodel: {layers: [4]}\ntrain: {epochs: 5}\n");
    const r = await runMain(["train", a, b, "--runs", join(dir, "runs")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^── 1\/2 · a ─+\na: completed/);
    expect(r.stdout).toMatch(/\n\n── 2\/2 · b ─+\nb: completed/);
    expect(
      r.stdout
        .split("\n")
        .filter((l) => l.startsWith("── "))
        .every((l) => [...l].length === 80),
    ).toBe(true);
    // one config: no separator
    const one = await runMain(["train", a, "--runs", join(dir, "runs1")]);
    expect(one.stdout).not.toContain("── 1/1");
  });

  it("--log-y with --linear-y is a usage error before anything trains; --linear-y keeps the scale linear", async () => {
    const dir = tempDir();
    const runs = join(dir, "runs");
    const r = await runMain(["train", "configs/moons.yaml", "--log-y", "--linear-y", "--runs", runs]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("nn-lab: error: --log-y and --linear-y: give one of them, not both\n");
    expect(existsSync(runs) ? readdirSync(runs) : []).toEqual([]);
    const c = await runMain(["compare", "configs/moons.yaml", "configs/moons.yaml", "--log-y", "--linear-y", "--runs", runs]);
    expect(c.code).toBe(2);
    // moons' loss falls from 0.77 to 8e-5: more than two decades, so log unless --linear-y
    const auto = await runMain(["train", "configs/moons.yaml", "--no-boundary", "--runs", runs]);
    expect(auto.stdout).toMatch(/^loss \(log scale\)$/m);
    const linear = await runMain(["train", "configs/moons.yaml", "--no-boundary", "--linear-y", "--runs", runs]);
    expect(linear.stdout).toMatch(/^loss$/m);
  });

  it("prints the gradient-flow panel after a run, its numbers those of metrics.csv's first trained and last epochs", async () => {
    const runs = tempDir();
    const r = await runMain(["train", "configs/classic-vanishing-sigmoid.yaml", "--runs", runs, "--no-boundary"]);
    const m = readMetrics(onlyRunDir(runs));
    const lines = r.stdout.split("\n");
    const at = lines.findIndex((l) => l.startsWith("gradient flow · ‖∇W‖ per layer, log scale from "));
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1].trim()).toMatch(/^epoch 1 \(first\) +epoch 20 \(last\)$/);
    for (let k = 1; k <= 7; k++) {
      const line = lines[at + 1 + k];
      const first = column(m, `grad_norm_layer${k}`)[1]!;
      const last = column(m, `grad_norm_layer${k}`)[20]!;
      expect(line.startsWith(`  layer ${k} ${k === 7 ? "out    " : "sigmoid"}`)).toBe(true);
      expect(line).toContain(` ${shortNumber(first)}   `);
      expect(line).toContain(` ${shortNumber(last)}`);
      if (k < 7) expect(line).toMatch(/sat \d+% → \d+%$/);
    }
    // vanishing: layer 1's first-epoch bar is shorter than layer 6's
    const barLength = (l: string) => (l.match(/[█▏▎▍▌▋▊▉]+/)?.[0] ?? "").length;
    expect(barLength(lines[at + 2])).toBeLessThan(barLength(lines[at + 7]));
  });
});
