import { describe, expect, it } from "vitest";
import { Rng } from "../../src/engine/rng.js";
import { applyFeatures } from "../../src/data/features.js";
import { GENERATORS } from "../../src/data/generators.js";
import { prepareData, type DataConfig } from "../../src/data/prepare.js";
import { tempDir, writeFile } from "../helpers.js";

const gen = (kind: keyof typeof GENERATORS, n: number, noise = 0, classes = 2, factor = 0.5) =>
  GENERATORS[kind].generate({ n, noise, classes, factor }, Rng.stream(1, "data"));
const points = (ds: { x: Float64Array; y: Float64Array; n: number; d: number }) =>
  Array.from({ length: ds.n }, (_, i) => [
    ...Array.from(ds.x.subarray(i * ds.d, (i + 1) * ds.d), (v) => Math.round(v * 1e12) / 1e12 + 0),
    ds.y[i],
  ]);

describe("toy data sets", () => {
  it("xor with n = 4 and noise 0 is exactly the truth table", () => {
    expect(points(gen("xor", 4))).toEqual([
      [0, 0, 0],
      [0, 1, 1],
      [1, 0, 1],
      [1, 1, 0],
    ]);
  });

  it("moons without noise are scikit-learn's make_moons half circles", () => {
    // n_out = n_in = 3: outer t = 0, π/2, π → (cos t, sin t); inner → (1 − cos t, 1 − sin t − 0.5)
    expect(points(gen("moons", 6))).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [-1, 0, 0],
      [0, 0.5, 1],
      [1, -0.5, 1],
      [2, 0.5, 1],
    ]);
  });

  it("circles without noise: the outer unit circle and an inner one of radius factor (linspace without endpoint)", () => {
    expect(points(gen("circles", 4, 0, 2, 0.5))).toEqual([
      [1, 0, 0],
      [-1, 0, 0],
      [0.5, 0, 1],
      [-0.5, 0, 1],
    ]);
  });

  it("spirals: K arms with the points shared out, each arm starting at the origin", () => {
    const ds = gen("spirals", 10, 0, 3);
    expect(ds.classes).toBe(3);
    expect([0, 1, 2].map((k) => Array.from(ds.y).filter((c) => c === k).length)).toEqual([4, 3, 3]);
    // arm k, radius r: θ = 4k + 4r; the last point of arm 1 has r = 1 → (sin 8, cos 8)
    expect(ds.x[6 * 2]).toBeCloseTo(Math.sin(8), 15);
    expect(ds.x[6 * 2 + 1]).toBeCloseTo(Math.cos(8), 15);
    expect([ds.x[0], ds.x[1], ds.x[8], ds.x[9]].map((v) => v + 0)).toEqual([0, 0, 0, 0]); // r = 0 (−0 counts as 0)
  });

  it("blobs: two clusters at (2, 2) and (−2, −2) — TensorFlow Playground's gauss", () => {
    expect(points(gen("blobs", 2))).toEqual([
      [2, 2, 0],
      [-2, -2, 1],
    ]);
  });

  it("linear is separable by x2 = x1/2; sine and plane are regression targets", () => {
    const lin = gen("linear", 200);
    for (let i = 0; i < lin.n; i++) expect(lin.y[i]).toBe(lin.x[2 * i + 1] > 0.5 * lin.x[2 * i] ? 1 : 0);
    const sine = gen("sine", 50);
    expect(sine.task).toBe("regression");
    for (let i = 0; i < sine.n; i++) expect(sine.y[i]).toBe(Math.sin(sine.x[i]));
    const plane = gen("plane", 50);
    for (let i = 0; i < plane.n; i++) expect(plane.y[i]).toBe((plane.x[2 * i] + plane.x[2 * i + 1]) / 2);
  });

  it("noise is Gaussian with the given std", () => {
    const ds = gen("xor", 40000, 0.3);
    let s = 0;
    let ss = 0;
    for (let i = 0; i < ds.n; i++) {
      const dx = ds.x[2 * i] - [0, 0, 1, 1][i % 4];
      s += dx;
      ss += dx * dx;
    }
    expect(Math.abs(s / ds.n)).toBeLessThan(0.01);
    expect(Math.sqrt(ss / ds.n)).toBeCloseTo(0.3, 2);
  });

  /** Mean and std of a column of differences. */
  const meanStd = (d: number[]) => {
    const m = d.reduce((a, b) => a + b, 0) / d.length;
    return { mean: m, std: Math.sqrt(d.reduce((a, v) => a + (v - m) * (v - m), 0) / d.length) };
  };
  /** noisy − clean of one column, both drawn from the same stream (noise 0 still draws its normals). */
  const noiseOf = (kind: keyof typeof GENERATORS, column: (ds: ReturnType<typeof gen>, i: number) => number) => {
    const noisy = gen(kind, 40000, 0.3);
    const clean = gen(kind, 40000, 0);
    return meanStd(Array.from({ length: noisy.n }, (_, i) => column(noisy, i) - column(clean, i)));
  };

  // 40 000 draws: a sample std is within ~0.4% (1 s.e.) of the true one, so 2% is 5 s.e.; the mean within 0.0015
  it.each(["xor", "moons", "circles", "blobs", "linear"] as const)("%s: noise N(0, 0.3²) on both coordinates", (kind) => {
    for (const j of [0, 1]) {
      const { mean, std } = noiseOf(kind, (ds, i) => ds.x[2 * i + j]);
      expect(Math.abs(mean), `x${j + 1} mean`).toBeLessThan(0.01);
      expect(Math.abs(std / 0.3 - 1), `x${j + 1} std`).toBeLessThan(0.02);
    }
  });

  it.each(["sine", "plane"] as const)("%s: noise N(0, 0.3²) on the target only", (kind) => {
    const { mean, std } = noiseOf(kind, (ds, i) => ds.y[i]);
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(std / 0.3 - 1)).toBeLessThan(0.02);
    const d = GENERATORS[kind].generate({ n: 1000, noise: 0.3, classes: 0, factor: 0 }, Rng.stream(1, "data")).d;
    for (let j = 0; j < d; j++) expect(noiseOf(kind, (ds, i) => ds.x[i * d + j]).std, `x${j + 1}`).toBe(0);
  });

  it("spirals: noise N(0, 0.3²) on each point's angle θ, not its radius", () => {
    // the point is (r·sin θ, r·cos θ): θ = atan2(x1, x2), r = |x|; r = 0 (each arm's first point) has no angle
    const noisy = gen("spirals", 40000, 0.3, 3);
    const clean = gen("spirals", 40000, 0, 3);
    const dTheta: number[] = [];
    for (let i = 0; i < noisy.n; i++) {
      const r = Math.hypot(clean.x[2 * i], clean.x[2 * i + 1]);
      expect(Math.hypot(noisy.x[2 * i], noisy.x[2 * i + 1])).toBeCloseTo(r, 12);
      if (r === 0) continue;
      const d = Math.atan2(noisy.x[2 * i], noisy.x[2 * i + 1]) - Math.atan2(clean.x[2 * i], clean.x[2 * i + 1]);
      dTheta.push(d - 2 * Math.PI * Math.round(d / (2 * Math.PI)));
    }
    const { mean, std } = meanStd(dTheta);
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(std / 0.3 - 1)).toBeLessThan(0.02);
  });
});

describe("derived features", () => {
  it("the Playground's seven features of (x1, x2) = (2, −1)", () => {
    const ds = gen("xor", 4);
    const one = { ...ds, x: Float64Array.from([2, -1]), y: Float64Array.from([1]), n: 1 };
    const f = applyFeatures(one, ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"], "data.features");
    expect(Array.from(f.x)).toEqual([2, -1, 4, 1, -2, Math.sin(2), Math.sin(-1)]);
    expect(f.d).toBe(7);
    expect(() => applyFeatures(one, ["x3"], "data.features")).toThrow(
      "data.features[0]: 'x3' refers to x3, but the data has 2 inputs (x1..x2)",
    );
    expect(() => applyFeatures(one, ["tan(x1)"], "data.features")).toThrow(/'tan\(x1\)' is not a feature; expected one of x1, x2, x1\^2/);
  });
});

describe("shuffle and split", () => {
  const prep = (cfg: DataConfig, seed = 1) => prepareData(cfg, { seed, task: null, baseDir: "/", where: "c.yaml: data" });

  it("holds out round(n·test) rows, is deterministic per seed and differs across seeds", () => {
    const cfg: DataConfig = { kind: "moons", n: 101, noise: 0.1, test: 0.2, features: null };
    const a = prep(cfg);
    expect([a.train.n, a.test!.n]).toEqual([81, 20]);
    // round, not floor or ceil: 103·0.2 = 20.6 → 21 held out; 102·0.25 = 25.5 → 26 (half up); 101·0.2 = 20.2 → 20
    const held = (n: number, test: number) => prep({ ...cfg, n, test }).test!.n;
    expect([held(103, 0.2), held(102, 0.25), held(101, 0.2)]).toEqual([21, 26, 20]);
    expect(prep({ ...cfg, n: 103 }).train.n).toBe(82);
    expect(Array.from(prep(cfg).train.x)).toEqual(Array.from(a.train.x));
    expect(Array.from(prep(cfg, 2).train.x)).not.toEqual(Array.from(a.train.x));
    // train then test rows make up `all`, in that order
    expect(Array.from(a.all.x.subarray(0, 81 * 2))).toEqual(Array.from(a.train.x));
  });

  it("csv data keeps its row order when test is 0, and a split column fixes the split", () => {
    const dir = tempDir();
    writeFile(dir, "d.csv", "x1,label\n5,1\n3,0\n4,1\n1,0\n");
    const kept = prepareData(
      { kind: "csv", path: "d.csv", target: "label", test: 0, features: null },
      { seed: 1, task: null, baseDir: dir, where: "w" },
    );
    expect(Array.from(kept.train.x)).toEqual([5, 3, 4, 1]);
    writeFile(dir, "s.csv", "x1,label,split\n5,1,test\n3,0,train\n4,1,train\n1,0,test\n");
    const split = prepareData(
      { kind: "csv", path: "s.csv", target: "label", test: 0.9, features: null },
      { seed: 1, task: null, baseDir: dir, where: "w" },
    );
    expect(Array.from(split.train.x)).toEqual([3, 4]);
    expect(Array.from(split.test!.x)).toEqual([5, 1]);
  });
});
