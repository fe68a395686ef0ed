/** Parameter ranges live on the registry entries (engine/init.ts INITIALIZERS, engine/optim.ts OPTIMIZER_BOUNDS); the schema derives its checks from them. */
import { describe, expect, it } from "vitest";
import { initSchema, optimizerSchema } from "../../src/config/schema.js";
import { INITIALIZERS, INIT_NAMES } from "../../src/engine/init.js";
import { OPTIMIZER_BOUNDS, OPTIMIZERS, OPTIMIZER_NAMES } from "../../src/engine/optim.js";
import type { NumericParam, ParamBound } from "../../src/engine/params.js";

/** Per range: values inside it and values outside it (by hand, from the range's definition). */
const PROBES: Record<ParamBound, { ok: number[]; bad: number[] }> = {
  any: { ok: [-5, 0, 3.5], bad: [] },
  positive: { ok: [1e-9, 2], bad: [0, -1] },
  nonnegative: { ok: [0, 7], bad: [-1e-9, -2] },
  fraction: { ok: [0, 0.5, 0.999], bad: [1, -0.1, 2] },
};

describe("initializer parameters", () => {
  it("a bare name fills the defaults written on the registry entry (torch's defaults)", () => {
    expect(initSchema.parse("normal")).toEqual({ name: "normal", std: 1, mean: 0 });
    expect(initSchema.parse("uniform")).toEqual({ name: "uniform", limit: 1 });
    expect(initSchema.parse("zeros")).toEqual({ name: "zeros" });
    for (const name of ["xavier_uniform", "xavier_normal", "he_normal", "he_uniform", "lecun_normal"])
      expect(initSchema.parse(name)).toEqual({ name, gain: 1 });
    // the config.json key order is the registry's: std before mean
    expect(Object.keys(initSchema.parse("normal"))).toEqual(["name", "std", "mean"]);
  });

  it("the ranges are the ones the registry states: std and limit >= 0, gain > 0, mean any", () => {
    expect(INITIALIZERS.normal.params).toEqual({ std: { default: 1, bound: "nonnegative" }, mean: { default: 0, bound: "any" } });
    expect(INITIALIZERS.uniform.params).toEqual({ limit: { default: 1, bound: "nonnegative" } });
    expect(INITIALIZERS.he_uniform.params).toEqual({ gain: { default: 1, bound: "positive" } });
  });

  const params = INIT_NAMES.flatMap((name) =>
    Object.entries(INITIALIZERS[name].params as Readonly<Record<string, NumericParam>>).map(([k, p]) => [name, k, p.bound] as const),
  );
  it("eight initializer parameters: normal std and mean, uniform limit, and the five variance-scaling gains", () => {
    expect(params.map(([n, k]) => `${n}.${k}`)).toEqual([
      "normal.std",
      "normal.mean",
      "uniform.limit",
      "xavier_uniform.gain",
      "xavier_normal.gain",
      "he_normal.gain",
      "he_uniform.gain",
      "lecun_normal.gain",
    ]);
  });
  it.each(params)("%s.%s (%s): accepted inside its range, refused outside", (name, key, bound) => {
    for (const v of PROBES[bound].ok) expect(initSchema.safeParse({ name, [key]: v }).success, `${key}=${v}`).toBe(true);
    for (const v of PROBES[bound].bad) {
      const r = initSchema.safeParse({ name, [key]: v });
      expect(r.success, `${key}=${v}`).toBe(false);
    }
  });
});

describe("optimizer parameters", () => {
  const numeric = OPTIMIZER_NAMES.flatMap((name) =>
    Object.entries(OPTIMIZERS[name].params)
      .filter(([, d]) => typeof d === "number")
      .map(([k]) => [name, k, OPTIMIZER_BOUNDS[k as keyof typeof OPTIMIZER_BOUNDS]] as const),
  );
  it("every numeric parameter has a range", () => {
    expect(numeric.length).toBeGreaterThan(10);
    for (const [, , bound] of numeric) expect(["fraction", "nonnegative"]).toContain(bound);
  });
  it.each(numeric)("%s.%s (%s): accepted inside its range, refused outside", (name, key, bound) => {
    for (const v of PROBES[bound].ok) expect(optimizerSchema.safeParse({ name, [key]: v }).success, `${key}=${v}`).toBe(true);
    for (const v of PROBES[bound].bad) expect(optimizerSchema.safeParse({ name, [key]: v }).success, `${key}=${v}`).toBe(false);
  });
});
