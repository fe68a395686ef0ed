/**
 * The depth picture (train/depth.ts, nn-lab depth). What these tests prove:
 *  - the least-squares fit on hand values;
 *  - a point of the picture is exactly `nn-lab train`'s metrics.csv row 1 (grad_norm_layer1 / grad_norm_layerL);
 *  - the lines are straight where the theory says, on every seed: sigmoid's ratio falls exponentially in depth (R² ≥ 0.99,
 *    a factor per layer below 0.3), the large-init tanh net's grows (ratio above 1 from L = 10 on every seed, the fitted
 *    factor above 1.1); ReLU + He, tanh with Xavier and sigmoid + residual stay flat (factor within 5% of 1); batch norm
 *    turns sigmoid's 0.22 per layer into a factor near 1 (within 1 ± 0.15; it grows mildly, as mean-field theory of
 *    batch norm predicts for deep nets at initialization);
 *  - the command: the chart and table fitted to 80 columns, --json, --report's page, bad --depths (exit 2).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  DEPTH_VARIANTS,
  depthConfig,
  depthExperiment,
  depthPicture,
  firstEpochRatio,
  fitLine,
  type DepthPicture,
} from "../../src/train/depth.js";
import { readMetrics, runMain, tempDir, writeFile } from "../helpers.js";

const DEPTHS = Array.from({ length: 29 }, (_, i) => i + 2);
const SEEDS = [1, 2, 3];

describe("fitLine", () => {
  it("y = 2x − 1 through (1, 1), (2, 3), (3, 5): slope 2, intercept −1, R² 1; noise lowers R²", () => {
    expect(fitLine([1, 2, 3], [1, 3, 5])).toEqual({ slope: 2, intercept: -1, r2: 1 });
    // (1,1), (2,3), (3,2): slope 0.5, intercept 1; residuals −0.5, 1, −0.5 → SSR 1.5, SST 2 → R² 0.25
    const f = fitLine([1, 2, 3], [1, 3, 2]);
    expect(f.slope).toBeCloseTo(0.5, 12);
    expect(f.r2).toBeCloseTo(0.25, 12);
  });
});

describe("a point is nn-lab train's first metrics row", () => {
  it("sigmoid + batch norm, 4 hidden layers, seed 2: grad_norm_layer1 / grad_norm_layer4 of epoch 1", async () => {
    const variant = DEPTH_VARIANTS.find((v) => v.name === "sigmoid + batch norm")!;
    const config = depthConfig(variant, 4, 2);
    const dir = tempDir();
    const run = join(dir, "run");
    const r = await runMain(["train", writeFile(dir, "depth.json", JSON.stringify(config)), "--run-dir", run, "--quiet"]);
    expect(r.code, r.stderr).toBe(0);
    const m = readMetrics(run);
    const row = m.rows[1];
    const ratio = row[m.header.indexOf("grad_norm_layer1")]! / row[m.header.indexOf("grad_norm_layer4")]!;
    expect(Math.abs(firstEpochRatio(depthExperiment(config)) / ratio - 1)).toBeLessThan(1e-12);
  });
});

describe("the lines are straight where the theory says (depths 2–30, seeds 1–3)", () => {
  let p: DepthPicture;
  beforeAll(() => {
    p = depthPicture(DEPTHS, SEEDS);
  }, 120_000);
  const curve = (name: string) => p.curves.find((c) => c.variant.name === name)!;
  const perSeed = (name: string, s: number) =>
    fitLine(
      DEPTHS,
      curve(name).ratios.map((r) => Math.log10(r[s])),
    );

  it("sigmoid vanishes exponentially: a straight line on the log axis on every seed, a factor below 0.3 per layer", () => {
    const c = curve("sigmoid");
    expect(c.variant.theory).toBe("vanishes");
    expect(c.fit.r2).toBeGreaterThanOrEqual(0.99);
    expect(10 ** c.fit.slope).toBeLessThan(0.3);
    for (let s = 0; s < SEEDS.length; s++) {
      const f = perSeed("sigmoid", s);
      expect(f.r2, `seed ${SEEDS[s]}`).toBeGreaterThanOrEqual(0.99);
      expect(10 ** f.slope, `seed ${SEEDS[s]}`).toBeLessThan(0.3);
    }
    expect(c.max[c.max.length - 1]).toBeLessThan(1e-15); // L = 30: every seed
  });

  it("the large-init tanh net explodes: ratio above 1 from L = 10 on every seed, a straight rising line", () => {
    const c = curve("tanh, large init");
    expect(c.variant.theory).toBe("explodes");
    expect(c.min.slice(DEPTHS.indexOf(10)).every((v) => v > 1)).toBe(true);
    expect(10 ** c.fit.slope).toBeGreaterThan(1.1);
    expect(c.fit.r2).toBeGreaterThanOrEqual(0.9);
    for (let s = 0; s < SEEDS.length; s++) expect(perSeed("tanh, large init", s).slope, `seed ${SEEDS[s]}`).toBeGreaterThan(0.05);
  });

  it("ReLU + He, tanh with Xavier and sigmoid + residual stay flat: the factor per layer within 5% of 1", () => {
    for (const name of ["relu + he", "tanh", "sigmoid + residual"]) {
      const c = curve(name);
      expect(c.variant.theory, name).toBe("holds");
      expect(Math.abs(10 ** c.fit.slope - 1), name).toBeLessThan(0.05);
      // and no seed's ratio at L = 30 is anywhere near sigmoid's
      expect(c.min[c.min.length - 1], name).toBeGreaterThan(0.05);
    }
  });

  it("batch norm turns sigmoid's factor (0.22) into one near 1", () => {
    const c = curve("sigmoid + batch norm");
    expect(Math.abs(10 ** c.fit.slope - 1)).toBeLessThan(0.15);
    expect(c.min[c.min.length - 1]).toBeGreaterThan(0.5);
  });
});

describe("nn-lab depth", () => {
  it("prints the chart and the table within 80 columns; --json has every ratio; --report writes a page", async () => {
    const dir = tempDir();
    const report = join(dir, "depth.html");
    const r = await runMain(["depth", "--depths", "2,4,6,8", "--seeds", "1-2", "--report", report]);
    expect(r.code, r.stderr).toBe(0);
    for (const line of r.stdout.split("\n")) expect([...line].length, line).toBeLessThanOrEqual(80);
    expect(r.stdout).toContain("‖∇W₁‖ / ‖∇W_L‖ in the first epoch");
    for (const v of DEPTH_VARIANTS) expect(r.stdout).toContain(v.name);
    expect(r.stdout).toMatch(/each cell: the geometric mean over 2 seeds \(1, 2\)/);
    const html = readFileSync(report, "utf8");
    expect(html.match(/<polyline /g)).toHaveLength(DEPTH_VARIANTS.length);
    expect(html.match(/<polygon /g)).toHaveLength(DEPTH_VARIANTS.length); // the seeds' spread
    expect(html).not.toMatch(/https?:\/\//);
    // a page that loads nothing: no script, and its content security policy allows inline styles only
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`);
    expect(html).not.toMatch(/<script/);

    const j = await runMain(["depth", "--depths", "2-4", "--seeds", "1", "--json"]);
    const doc = JSON.parse(j.stdout) as { depths: number[]; variants: { name: string; ratios: number[][] }[] };
    expect(doc.depths).toEqual([2, 3, 4]);
    expect(doc.variants.map((v) => v.name)).toEqual(DEPTH_VARIANTS.map((v) => v.name));
    expect(doc.variants[0].ratios).toHaveLength(3);
    expect(doc.variants[0].ratios[2][0]).toBe(firstEpochRatio(depthExperiment(depthConfig(DEPTH_VARIANTS[0], 4, 1))));
  });

  it("refuses bad --depths and an existing --report (exit 2, one line)", async () => {
    for (const depths of ["1-30", "2,3", "2-x", "5,5,6"]) {
      const r = await runMain(["depth", "--depths", depths]);
      expect(r.code, depths).toBe(2);
      expect(r.stderr.trim()).toBe(
        `nn-lab: error: --depths ${depths}: expected three or more different whole numbers from 2 to 100, like 2-30 or 2,4,8,16`,
      );
    }
    const dir = tempDir();
    const existing = writeFile(dir, "depth.html", "mine");
    const r = await runMain(["depth", "--depths", "2-4", "--report", existing]);
    expect(r.code).toBe(2);
    expect(readFileSync(existing, "utf8")).toBe("mine");
    expect(existsSync(join(dir, "depth.html"))).toBe(true);
  });
});
