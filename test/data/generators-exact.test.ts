/**
 * Every generated data set point by point, with noise (src/data/generators.ts): each kind's formula, as its comment
 * writes it, computed here from a fresh Rng.stream(seed, "data") drawn in the same order (the contract behind "same
 * seed, same data": `nn-lab data` and training see these exact points). Also each set's size, task, classes and
 * column names, and the edge counts where numpy.linspace has one point (step 0).
 */
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/engine/rng.js";
import { GENERATORS } from "../../src/data/generators.js";

const SEED = 7;
const gen = (kind: keyof typeof GENERATORS, n: number, noise: number, classes = 2, factor = 0.5) =>
  GENERATORS[kind].generate({ n, noise, classes, factor }, Rng.stream(SEED, "data"));
const draws = () => Rng.stream(SEED, "data");

/** The set's points as rows [x…, y], to compare with rows computed here (12 digits: sin/cos are nn-lab's libm). */
function expectRows(ds: { x: Float64Array; y: Float64Array; n: number; d: number }, rows: number[][]): void {
  expect(ds.n).toBe(rows.length);
  expect(ds.x.length).toBe(rows.length * ds.d);
  rows.forEach((row, i) => {
    row.slice(0, ds.d).forEach((v, j) => expect(ds.x[i * ds.d + j], `row ${i} x${j + 1}`).toBeCloseTo(v, 12));
    expect(ds.y[i], `row ${i} y`).toBeCloseTo(row[ds.d], 12);
  });
}

describe("each kind's points from the data stream", () => {
  it("xor: corner + 0.2·(z₁, z₂), corners cycled", () => {
    const rng = draws();
    const corners = [
      [0, 0, 0],
      [0, 1, 1],
      [1, 0, 1],
      [1, 1, 0],
    ];
    const rows = Array.from({ length: 6 }, (_, i) => {
      const [a, b, label] = corners[i % 4];
      return [a + 0.2 * rng.normal(), b + 0.2 * rng.normal(), label];
    });
    expectRows(gen("xor", 6, 0.2), rows);
  });

  it("moons: the half circles at linspace(0, π, ·) for 4 + 4 points, then 0.1·z added to every coordinate in order", () => {
    const t = [0, Math.PI / 3, (2 * Math.PI) / 3, Math.PI];
    const clean = [...t.map((a) => [Math.cos(a), Math.sin(a), 0]), ...t.map((a) => [1 - Math.cos(a), 1 - Math.sin(a) - 0.5, 1])];
    const rng = draws();
    const rows = clean.map(([x1, x2, y]) => [x1, x2, y]);
    for (const row of rows) {
      row[0] += 0.1 * rng.normal();
      row[1] += 0.1 * rng.normal();
    }
    expectRows(gen("moons", 8, 0.1), rows);
  });

  it("circles: the outer unit circle and the inner one of radius factor 0.5 at 0, π/2, π, 3π/2, plus 0.05·z", () => {
    const t = [0, Math.PI / 2, Math.PI, (3 * Math.PI) / 2];
    const rng = draws();
    const rows = [...t.map((a) => [Math.cos(a), Math.sin(a), 0]), ...t.map((a) => [0.5 * Math.cos(a), 0.5 * Math.sin(a), 1])].map(
      ([x1, x2, y]) => [x1 + 0.05 * rng.normal(), x2 + 0.05 * rng.normal(), y],
    );
    expectRows(gen("circles", 8, 0.05, 2, 0.5), rows);
  });

  it("spirals: arm k, radius r = linspace(0, 1, count): θ = 4k + 4r + 0.2·z, point (r sin θ, r cos θ)", () => {
    const rng = draws();
    const rows: number[][] = [];
    for (const [k, radii] of [
      [0, [0, 1 / 3, 2 / 3, 1]],
      [1, [0, 0.5, 1]],
      [2, [0, 0.5, 1]],
    ] as const)
      for (const r of radii) {
        const theta = 4 * k + 4 * r + 0.2 * rng.normal();
        rows.push([r * Math.sin(theta), r * Math.cos(theta), k]);
      }
    const ds = gen("spirals", 10, 0.2, 3);
    expectRows(ds, rows);
    expect(ds.classes).toBe(3);
  });

  it("blobs with K = 3: centres at radius 2√2, angles 45°, 165°, 285°, plus 0.5·z", () => {
    const rng = draws();
    const rows = Array.from({ length: 6 }, (_, i) => {
      const angle = ((45 + 120 * (i % 3)) * Math.PI) / 180;
      const x1 = 2 * Math.SQRT2 * Math.cos(angle) + 0.5 * rng.normal();
      return [x1, 2 * Math.SQRT2 * Math.sin(angle) + 0.5 * rng.normal(), i % 3];
    });
    const ds = gen("blobs", 6, 0.5, 3);
    expectRows(ds, rows);
    expect(ds.classes).toBe(3);
  });

  it("linear: x uniform in [−1, 1]², labelled by x2 > x1/2 before 0.3·z is added", () => {
    const rng = draws();
    const rows = Array.from({ length: 50 }, () => {
      const [x1, x2] = [rng.uniform(-1, 1), rng.uniform(-1, 1)];
      return [x1 + 0.3 * rng.normal(), x2 + 0.3 * rng.normal(), x2 > 0.5 * x1 ? 1 : 0];
    });
    expectRows(gen("linear", 50, 0.3), rows);
  });

  it("sine: x uniform in [−π, π], y = sin x + 0.1·z", () => {
    const rng = draws();
    const rows = Array.from({ length: 50 }, () => {
      const x = rng.uniform(-Math.PI, Math.PI);
      return [x, Math.sin(x) + 0.1 * rng.normal()];
    });
    expectRows(gen("sine", 50, 0.1), rows);
  });

  it("plane: x uniform in [−1, 1]², y = (x1 + x2)/2 + 0.05·z", () => {
    const rng = draws();
    const rows = Array.from({ length: 50 }, () => {
      const [x1, x2] = [rng.uniform(-1, 1), rng.uniform(-1, 1)];
      return [x1, x2, (x1 + x2) / 2 + 0.05 * rng.normal()];
    });
    expectRows(gen("plane", 50, 0.05), rows);
  });
});

describe("a set's description", () => {
  it("task, classes, input and target names", () => {
    for (const kind of ["xor", "moons", "circles", "spirals", "blobs", "linear"] as const) {
      const ds = gen(kind, 12, 0.1, 2);
      expect([ds.task, ds.classes, ds.inputNames, ds.targetName], kind).toEqual(["classification", 2, ["x1", "x2"], "label"]);
    }
    const sine = gen("sine", 5, 0.1);
    expect([sine.task, sine.classes, sine.inputNames, sine.targetName]).toEqual(["regression", 0, ["x1"], "y"]);
    const plane = gen("plane", 5, 0.1);
    expect([plane.task, plane.classes, plane.inputNames, plane.targetName]).toEqual(["regression", 0, ["x1", "x2"], "y"]);
  });
});

describe("numpy.linspace with one point is [start]", () => {
  it("moons of 2 points: one per half circle, at t = 0", () => {
    expectRows(gen("moons", 2, 0), [
      [1, 0, 0],
      [0, 0.5, 1],
    ]);
  });

  it("spirals of 3 points on 3 arms: each arm's one point at r = 0, the origin", () => {
    expectRows(gen("spirals", 3, 0, 3), [
      [0, 0, 0],
      [0, 0, 1],
      [0, 0, 2],
    ]);
  });
});
