/** Parameter ranges live on the registry entries (engine/init.ts INITIALIZERS, engine/optim.ts OPTIMIZERS); the schema derives its checks from them. */
import { describe, expect, it } from "vitest";
import { initSchema, optimizerSchema } from "../../src/config/schema.js";
import { INITIALIZERS, INIT_NAMES } from "../../src/engine/init.js";
import { OPTIMIZERS, OPTIMIZER_NAMES, type OptimizerSpec } from "../../src/engine/optim.js";
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
    Object.entries(OPTIMIZERS[name].params as OptimizerSpec["params"]).flatMap(([k, p]) =>
      "bound" in p ? [[name, k, p.bound] as const] : [],
    ),
  );
  it("the ranges are the ones the registry states: β, α, μ and dampening in [0, 1); ε and weight decay >= 0", () => {
    expect(numeric.map(([n, k, b]) => `${n}.${k} ${b}`)).toEqual([
      "sgd.momentum fraction",
      "sgd.dampening fraction",
      "sgd.weight_decay nonnegative",
      "momentum.momentum fraction",
      "momentum.dampening fraction",
      "momentum.weight_decay nonnegative",
      "adam.beta1 fraction",
      "adam.beta2 fraction",
      "adam.eps nonnegative",
      "adam.weight_decay nonnegative",
      "adamw.beta1 fraction",
      "adamw.beta2 fraction",
      "adamw.eps nonnegative",
      "adamw.weight_decay nonnegative",
      "rmsprop.alpha fraction",
      "rmsprop.eps nonnegative",
      "rmsprop.momentum fraction",
      "rmsprop.weight_decay nonnegative",
    ]);
  });
  it("every other parameter is a flag (nesterov, amsgrad, centered), taking true or false only", () => {
    const flags = OPTIMIZER_NAMES.flatMap((name) =>
      Object.entries(OPTIMIZERS[name].params as OptimizerSpec["params"]).flatMap(([k, p]) => ("bound" in p ? [] : [`${name}.${k}`])),
    );
    expect(flags).toEqual(["sgd.nesterov", "momentum.nesterov", "adam.amsgrad", "adamw.amsgrad", "rmsprop.centered"]);
    for (const f of flags) {
      const [name, key] = f.split(".");
      expect(optimizerSchema.safeParse({ name, [key]: true }).success).toBe(true);
      expect(optimizerSchema.safeParse({ name, [key]: 1 }).success).toBe(false);
    }
  });
  it.each(numeric)("%s.%s (%s): accepted inside its range, refused outside", (name, key, bound) => {
    for (const v of PROBES[bound].ok) expect(optimizerSchema.safeParse({ name, [key]: v }).success, `${key}=${v}`).toBe(true);
    for (const v of PROBES[bound].bad) expect(optimizerSchema.safeParse({ name, [key]: v }).success, `${key}=${v}`).toBe(false);
  });
});
