/**
 * The sweep's ranking, checked against the runs it ranks (issue 27): each grid point's mean ± std is the mean and
 * the sample standard deviation (n − 1) of its seeds' final values, computed here by hand from the runs listed in
 * the same --json document, and the best point comes first for a metric where higher is better (an accuracy) as
 * for one where lower is (a loss).
 */
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { runMain, tempDir, writeFile } from "../helpers.js";

const CONFIG = `
data: {kind: moons, n: 60, noise: 0.2, test: 0.25}
model: {layers: [4]}
train: {epochs: 5, batch: full, lr: 0.5}
`;

interface Doc {
  metric: string;
  ranked: { point: Record<string, number>; mean: number; std: number; completed: number }[];
  runs: { point: Record<string, number>; final: Record<string, number> }[];
}

function sampleStats(values: number[]): { mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const ss = values.reduce((a, v) => a + (v - mean) * (v - mean), 0);
  return { mean, std: Math.sqrt(ss / (values.length - 1)) };
}

describe("sweep ranking", () => {
  const dir = tempDir();
  const cfg = writeFile(dir, "s.yaml", CONFIG);
  const sweep = (rankBy: string, json: boolean) =>
    runMain([
      "sweep",
      cfg,
      "--grid",
      "train.lr=0.05,0.5,2",
      "--seeds",
      "1-3",
      "--jobs",
      "1",
      "--out",
      join(dir, "sw"),
      "--rank",
      rankBy,
      ...(json ? ["--json"] : []),
    ]);

  for (const metric of ["test_acc", "test_loss"]) {
    it(`--rank ${metric}: mean ± sample std (n − 1) of each point's seeds, best first, in --json and in the table`, async () => {
      const r = await sweep(metric, true);
      expect(r.code, r.stderr).toBe(0);
      const doc = JSON.parse(r.stdout) as Doc;
      expect(doc.metric).toBe(metric);
      expect(doc.ranked).toHaveLength(3);
      const byHand = doc.ranked.map((g) => {
        const values = doc.runs.filter((x) => x.point["train.lr"] === g.point["train.lr"]).map((x) => x.final[metric]);
        expect(values).toHaveLength(3);
        return { lr: g.point["train.lr"], ...sampleStats(values) };
      });
      doc.ranked.forEach((g, i) => {
        expect(g.completed).toBe(3);
        expect(g.mean).toBeCloseTo(byHand[i].mean, 12);
        expect(g.std).toBeCloseTo(byHand[i].std, 12);
      });
      // the seeds disagree at every point, so n and n − 1 give different figures (√(2/3) apart)
      expect(byHand.every((p) => p.std > 1e-3)).toBe(true);
      const means = byHand.map((p) => p.mean);
      const best = metric === "test_acc" ? [...means].sort((a, b) => b - a) : [...means].sort((a, b) => a - b);
      expect(means).toEqual(best);
      expect(new Set(means).size).toBe(3);

      const table = (await sweep(metric, false)).stdout;
      byHand.forEach((p, i) => {
        const line = new RegExp(`^${i + 1}\\s+${p.lr}\\s+${p.mean.toFixed(4)} ± ${p.std.toFixed(4)} \\(n = 3\\)\\s+3/3$`, "m");
        expect(table).toMatch(line);
      });
    });
  }
});
