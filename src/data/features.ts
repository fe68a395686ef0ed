/**
 * Derived input features, as TensorFlow Playground offers them: x1, x2, x1^2, x2^2, x1*x2, sin(x1), sin(x2)
 * (and the same forms for any input column xI of a wider data set).
 */
import * as libm from "../engine/libm.js";
import { InputError } from "../errors.js";
import type { Dataset } from "./dataset.js";

export type Feature = (row: Float64Array, offset: number) => number;

const FORMS: { re: RegExp; make: (i: number, j: number) => Feature }[] = [
  { re: /^x(\d+)$/, make: (i) => (r, o) => r[o + i] },
  { re: /^x(\d+)\^2$/, make: (i) => (r, o) => r[o + i] * r[o + i] },
  { re: /^x(\d+)\*x(\d+)$/, make: (i, j) => (r, o) => r[o + i] * r[o + j] },
  { re: /^sin\(x(\d+)\)$/, make: (i) => (r, o) => libm.sin(r[o + i]) },
  { re: /^cos\(x(\d+)\)$/, make: (i) => (r, o) => libm.cos(r[o + i]) },
];

/** The Playground's seven features, for help text and the schema's description. */
export const PLAYGROUND_FEATURES = ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"];

/** Parse a feature name against a data set with d raw inputs; null when the name is not a known form. */
export function parseFeature(name: string, d: number): Feature | { error: string } {
  const compact = name.replace(/\s+/g, "");
  for (const form of FORMS) {
    const m = form.re.exec(compact);
    if (!m) continue;
    const idx = m.slice(1).map((s) => Number(s) - 1);
    const bad = idx.find((i) => i < 0 || i >= d);
    if (bad !== undefined)
      return { error: `'${name}' refers to x${bad + 1}, but the data has ${d} input${d === 1 ? "" : "s"} (x1..x${d})` };
    return form.make(idx[0], idx[1] ?? 0);
  }
  return {
    error: `'${name}' is not a feature; expected one of ${PLAYGROUND_FEATURES.join(", ")} (or the same forms of other xI, and cos(xI))`,
  };
}

/** ds with its inputs replaced by the named features (raw columns are x1..xd in order). */
export function applyFeatures(ds: Dataset, names: readonly string[], where: string): Dataset {
  const features = names.map((name, k) => {
    const f = parseFeature(name, ds.d);
    if ("error" in f) throw new InputError(`${where}[${k}]: ${f.error}`);
    return f;
  });
  const d = features.length;
  const x = new Float64Array(ds.n * d);
  for (let r = 0; r < ds.n; r++) for (let j = 0; j < d; j++) x[r * d + j] = features[j](ds.x, r * ds.d);
  return { ...ds, x, d, inputNames: [...names] };
}
