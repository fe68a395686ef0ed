/**
 * Toy data sets, generated from one seeded stream. All 2-D classification sets have inputs x1, x2 and a label
 * 0..K−1; `sine` is 1-D regression, `plane` 2-D regression.
 */
import * as libm from "../engine/libm.js";
import type { Rng } from "../engine/rng.js";
import type { Dataset, Task } from "./dataset.js";

export interface GeneratorParams {
  n: number;
  noise: number;
  classes: number;
  factor: number;
}

export interface DataKind {
  readonly task: Task;
  readonly summary: string;
  /** Defaults for this kind (data.n, data.noise, data.test, data.classes). */
  readonly defaults: { n: number; noise: number; test: number; classes: number };
  /** Whether data.classes may be set. */
  readonly multiClass: boolean;
  readonly generate: (p: GeneratorParams, rng: Rng) => Dataset;
}

function build(points: number[][], labels: number[], task: Task, classes: number): Dataset {
  const d = points[0]?.length ?? 2;
  const n = points.length;
  const x = new Float64Array(n * d);
  points.forEach((p, i) => p.forEach((v, j) => (x[i * d + j] = v)));
  return dataset(x, Float64Array.from(labels), d, task, classes);
}

/** A data set of y.length rows of d inputs in x. */
function dataset(x: Float64Array, y: Float64Array, d: number, task: Task, classes: number): Dataset {
  return {
    x,
    y,
    n: y.length,
    d,
    task,
    classes: task === "classification" ? classes : 0,
    inputNames: Array.from({ length: d }, (_, j) => `x${j + 1}`),
    targetName: task === "classification" ? "label" : "y",
  };
}

/** numpy.linspace(start, stop, num, endpoint). */
function linspace(start: number, stop: number, num: number, endpoint = true): number[] {
  const step = linspaceStep(start, stop, num, endpoint);
  return Array.from({ length: num }, (_, i) => start + i * step);
}

/** The step of numpy.linspace: value i is start + i·step. */
function linspaceStep(start: number, stop: number, num: number, endpoint = true): number {
  const div = endpoint ? num - 1 : num;
  return div > 0 ? (stop - start) / div : 0;
}

/** The four XOR corners (0,0)→0, (0,1)→1, (1,0)→1, (1,1)→0, cycled to n points, each plus N(0, noise²). */
function xor(p: GeneratorParams, rng: Rng): Dataset {
  const corners = [
    [0, 0, 0],
    [0, 1, 1],
    [1, 0, 1],
    [1, 1, 0],
  ];
  const pts: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < p.n; i++) {
    const [a, b, label] = corners[i % 4];
    pts.push([a + p.noise * rng.normal(), b + p.noise * rng.normal()]);
    labels.push(label);
  }
  return build(pts, labels, "classification", 2);
}

/** scikit-learn's make_moons: two interleaving half circles, label 0 (upper) and 1 (lower), plus N(0, noise²). */
function moons(p: GeneratorParams, rng: Rng): Dataset {
  const nOut = Math.floor(p.n / 2);
  const nIn = p.n - nOut;
  // written straight into the data set's arrays (a million points as number[][] would take ~10× the memory)
  const x = new Float64Array(p.n * 2);
  const y = new Float64Array(p.n);
  const upper = linspaceStep(0, Math.PI, nOut);
  for (let i = 0; i < nOut; i++) {
    const t = 0 + i * upper;
    x[2 * i] = libm.cos(t);
    x[2 * i + 1] = libm.sin(t);
  }
  const lower = linspaceStep(0, Math.PI, nIn);
  for (let i = 0; i < nIn; i++) {
    const t = 0 + i * lower;
    const r = nOut + i;
    x[2 * r] = 1 - libm.cos(t);
    x[2 * r + 1] = 1 - libm.sin(t) - 0.5;
    y[r] = 1;
  }
  for (let i = 0; i < 2 * p.n; i++) x[i] += p.noise * rng.normal();
  return dataset(x, y, 2, "classification", 2);
}

/** scikit-learn's make_circles: an outer circle (label 0) and an inner one of radius `factor` (label 1). */
function circles(p: GeneratorParams, rng: Rng): Dataset {
  const nOut = Math.floor(p.n / 2);
  const nIn = p.n - nOut;
  const pts: number[][] = [];
  const labels: number[] = [];
  for (const t of linspace(0, 2 * Math.PI, nOut, false)) {
    pts.push([libm.cos(t), libm.sin(t)]);
    labels.push(0);
  }
  for (const t of linspace(0, 2 * Math.PI, nIn, false)) {
    pts.push([p.factor * libm.cos(t), p.factor * libm.sin(t)]);
    labels.push(1);
  }
  for (const q of pts) {
    q[0] += p.noise * rng.normal();
    q[1] += p.noise * rng.normal();
  }
  return build(pts, labels, "classification", 2);
}

/**
 * K interleaved spiral arms (the CS231n spiral): arm k has radius r ∈ [0, 1] and angle
 * θ = 4k + 4r (+ N(0, noise²)), point (r·sin θ, r·cos θ).
 */
function spirals(p: GeneratorParams, rng: Rng): Dataset {
  const pts: number[][] = [];
  const labels: number[] = [];
  for (let k = 0; k < p.classes; k++) {
    const count = Math.floor(p.n / p.classes) + (k < p.n % p.classes ? 1 : 0);
    const radii = linspace(0, 1, count);
    for (const r of radii) {
      const theta = 4 * k + 4 * r + p.noise * rng.normal();
      pts.push([r * libm.sin(theta), r * libm.cos(theta)]);
      labels.push(k);
    }
  }
  return build(pts, labels, "classification", p.classes);
}

/**
 * K Gaussian clusters with std `noise`, centres on a circle of radius 2√2 at 45° + k·360°/K — for K = 2 the
 * centres are (2, 2) and (−2, −2), TensorFlow Playground's "gauss".
 */
function blobs(p: GeneratorParams, rng: Rng): Dataset {
  const pts: number[][] = [];
  const labels: number[] = [];
  const radius = 2 * Math.SQRT2;
  for (let i = 0; i < p.n; i++) {
    const k = i % p.classes;
    const angle = Math.PI / 4 + (2 * Math.PI * k) / p.classes;
    pts.push([radius * libm.cos(angle) + p.noise * rng.normal(), radius * libm.sin(angle) + p.noise * rng.normal()]);
    labels.push(k);
  }
  return build(pts, labels, "classification", p.classes);
}

/** Linearly separable: x uniform in [−1, 1]², label 1 when x2 > 0.5·x1 (decided before noise is added). */
function linearKind(p: GeneratorParams, rng: Rng): Dataset {
  const pts: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < p.n; i++) {
    const x1 = rng.uniform(-1, 1);
    const x2 = rng.uniform(-1, 1);
    labels.push(x2 > 0.5 * x1 ? 1 : 0);
    pts.push([x1 + p.noise * rng.normal(), x2 + p.noise * rng.normal()]);
  }
  return build(pts, labels, "classification", 2);
}

/** 1-D regression: x uniform in [−π, π], y = sin(x) + N(0, noise²). */
function sine(p: GeneratorParams, rng: Rng): Dataset {
  const pts: number[][] = [];
  const ys: number[] = [];
  for (let i = 0; i < p.n; i++) {
    const x = rng.uniform(-Math.PI, Math.PI);
    pts.push([x]);
    ys.push(libm.sin(x) + p.noise * rng.normal());
  }
  return build(pts, ys, "regression", 0);
}

/** 2-D regression (TensorFlow Playground's "plane"): x uniform in [−1, 1]², y = (x1 + x2)/2 + N(0, noise²). */
function plane(p: GeneratorParams, rng: Rng): Dataset {
  const pts: number[][] = [];
  const ys: number[] = [];
  for (let i = 0; i < p.n; i++) {
    const x1 = rng.uniform(-1, 1);
    const x2 = rng.uniform(-1, 1);
    pts.push([x1, x2]);
    ys.push((x1 + x2) / 2 + p.noise * rng.normal());
  }
  return build(pts, ys, "regression", 0);
}

const cls = (n: number, noise: number, test: number, classes = 2) => ({ n, noise, test, classes });

/** The one list of generated data kinds, with their defaults. */
export const GENERATORS = {
  xor: {
    task: "classification",
    summary: "the four XOR corners (n = 4, noise 0: the truth table)",
    defaults: cls(4, 0, 0),
    multiClass: false,
    generate: xor,
  },
  moons: {
    task: "classification",
    summary: "two interleaving half circles (make_moons)",
    defaults: cls(200, 0.1, 0.2),
    multiClass: false,
    generate: moons,
  },
  circles: {
    task: "classification",
    summary: "a circle inside a circle (make_circles)",
    defaults: cls(200, 0.05, 0.2),
    multiClass: false,
    generate: circles,
  },
  spirals: {
    task: "classification",
    summary: "K interleaved spiral arms",
    defaults: cls(300, 0.2, 0.2, 3),
    multiClass: true,
    generate: spirals,
  },
  blobs: {
    task: "classification",
    summary: "K Gaussian clusters (K = 2: Playground's gauss)",
    defaults: cls(200, 0.5, 0.2, 2),
    multiClass: true,
    generate: blobs,
  },
  linear: {
    task: "classification",
    summary: "linearly separable points",
    defaults: cls(200, 0, 0.2),
    multiClass: false,
    generate: linearKind,
  },
  sine: {
    task: "regression",
    summary: "y = sin(x) + noise, 1-D regression",
    defaults: cls(200, 0.1, 0.2, 0),
    multiClass: false,
    generate: sine,
  },
  plane: {
    task: "regression",
    summary: "y = (x1 + x2)/2 + noise, 2-D regression",
    defaults: cls(200, 0.05, 0.2, 0),
    multiClass: false,
    generate: plane,
  },
} as const satisfies Record<string, DataKind>;
export type GeneratorName = keyof typeof GENERATORS;
export const GENERATOR_NAMES = Object.keys(GENERATORS) as [GeneratorName, ...GeneratorName[]];
