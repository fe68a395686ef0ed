/**
 * The experiment config: one zod schema, built from the engine's and data layer's registries (the one list
 * of names). Parsing fills every default, so the parsed value — the resolved config written to config.json —
 * is itself a valid config that reproduces the run.
 */
import * as z from "zod";
import { ACTIVATIONS, ACTIVATION_NAMES, POSITIVE_PARAMS, type ActivationChoice } from "../engine/activations.js";
import { INITIALIZERS, INIT_ALIASES, INIT_NAMES, type InitChoice } from "../engine/init.js";
import type { NumericParam, ParamBound } from "../engine/params.js";
import { LOSS_NAMES, OUTPUTS } from "../engine/losses.js";
import { NORMS } from "../engine/mlp.js";
import {
  optimizerDefaults,
  OPTIMIZERS,
  OPTIMIZER_NAMES,
  type OptimizerChoice,
  type OptimizerName,
  type OptimizerSpec,
} from "../engine/optim.js";
import { SCHEDULES, SCHEDULE_NAMES, type ScheduleChoice } from "../engine/schedule.js";
import { GENERATORS, GENERATOR_NAMES } from "../data/generators.js";
import type { DataConfig } from "../data/prepare.js";
import { CONDITION, EXPECT_METRICS, LOSS_METRICS } from "../metrics.js";

const positiveInt = z.int().positive();

/** Deeper networks are refused: each layer adds three metrics.csv columns and per-layer bookkeeping every epoch. */
export const MAX_HIDDEN_LAYERS = 1000;
/** Generated data sets are toys: at most a million rows (they are generated in memory before training). */
export const MAX_ROWS = 1_000_000;
const fraction = bounded("fraction");

/** A string name or {name, ...params}; normalised to {name, ...every param}. */
function namedChoice<N extends string>(
  names: readonly [N, ...N[]],
  params: Record<N, Record<string, z.ZodType>>,
  aliases: Record<string, Record<string, unknown>> = {},
) {
  const allNames = [...names, ...Object.keys(aliases)] as [string, ...string[]];
  const objects = allNames.map((name) => {
    const target = (aliases[name]?.name as N | undefined) ?? (name as N);
    // an alias's own values are its parameters' defaults: {name: random} is random, normal with std 0.1
    const fixed = Object.entries(aliases[name] ?? {}).filter(([k]) => k !== "name" && params[target][k] !== undefined);
    const shape = { ...params[target], ...Object.fromEntries(fixed.map(([k, v]) => [k, params[target][k].default(v)])) };
    return z.strictObject({ name: z.literal(name), ...shape });
  });
  return z.union([z.enum(allNames), z.discriminatedUnion("name", objects as unknown as [z.ZodObject, ...z.ZodObject[]])]).transform((v) => {
    const obj: Record<string, unknown> = typeof v === "string" ? { name: v } : { ...v };
    const alias = aliases[obj.name as string];
    const merged = alias ? { ...alias, ...obj, name: alias.name } : obj;
    return withNameFirst(merged);
  });
}

/** {name, ...rest}: the name first, so config.json reads naturally. */
function withNameFirst<T extends Record<string, unknown>>(o: T): T {
  const { name, ...rest } = o;
  return { name, ...rest } as unknown as T;
}

// ---- activations -------------------------------------------------------------------------------
const activationParams = Object.fromEntries(
  ACTIVATION_NAMES.map((name) => [
    name,
    Object.fromEntries(
      Object.entries(ACTIVATIONS[name].params).map(([k, d]) => [
        k,
        (POSITIVE_PARAMS.has(k) ? z.number().positive() : z.number()).default(d),
      ]),
    ),
  ]),
) as unknown as Record<(typeof ACTIVATION_NAMES)[number], Record<string, z.ZodType>>;

export const activationSchema = namedChoice(ACTIVATION_NAMES, activationParams)
  .transform((v) => {
    // fill parametric defaults when given as a bare name
    const defaults = ACTIVATIONS[v.name as keyof typeof ACTIVATIONS].params;
    return withNameFirst({ ...defaults, ...v }) as ActivationChoice;
  })
  .describe(`hidden activation: ${ACTIVATION_NAMES.join(" | ")}, or {name: leaky_relu, alpha: 0.1}`);

/** A number within a registry parameter's range (engine/params.ts). */
function bounded(bound: ParamBound): z.ZodNumber {
  switch (bound) {
    case "any":
      return z.number();
    case "positive":
      return z.number().positive();
    case "nonnegative":
      return z.number().nonnegative();
    case "fraction":
      return z.number().min(0).lt(1);
  }
}

// ---- initializers ------------------------------------------------------------------------------
const initParams = Object.fromEntries(
  INIT_NAMES.map((name) => [
    name,
    Object.fromEntries(
      Object.entries(INITIALIZERS[name].params as Readonly<Record<string, NumericParam>>).map(([k, p]) => [
        k,
        bounded(p.bound).default(p.default),
      ]),
    ),
  ]),
) as unknown as Record<(typeof INIT_NAMES)[number], Record<string, z.ZodType>>;
const initFromFile = z.strictObject({ from: z.string().min(1) });
/** Weights written in the config, as model.json lays them out: per layer an out×in matrix, and a bias vector or null. */
const initInline = z.strictObject({
  weights: z
    .array(z.array(z.array(z.number()).min(1)).min(1))
    .min(1)
    .describe("per layer (hidden…, output) an out×in matrix"),
  biases: z
    .array(z.array(z.number()).min(1).nullable())
    .min(1)
    .nullable()
    .default(null)
    .describe("per layer a vector of out values, or null for zeros; null = all zeros"),
});
export type InlineInit = z.output<typeof initInline>;
export const initSchema = z
  .union([initFromFile, initInline, namedChoice(INIT_NAMES, initParams, INIT_ALIASES)])
  .transform((v) => {
    if ("from" in v) return v as { from: string };
    if ("weights" in v) return v as InlineInit;
    const filled = { ...v } as Record<string, unknown>;
    const shape = initParams[filled.name as keyof typeof initParams];
    for (const [k, s] of Object.entries(shape)) if (filled[k] === undefined) filled[k] = s.parse(undefined);
    return withNameFirst(filled) as InitChoice;
  })
  .describe(
    `${INIT_NAMES.join(" | ")}; aliases ${Object.keys(INIT_ALIASES).join(", ")}; or {from: model.json}; or {weights: [W1, ...], biases: [b1, ...]} inline`,
  );

// ---- optimizers --------------------------------------------------------------------------------
const optimizerParams = Object.fromEntries(
  OPTIMIZER_NAMES.map((name) => [
    name,
    Object.fromEntries(
      Object.entries(OPTIMIZERS[name].params as OptimizerSpec["params"]).map(([k, p]) => [
        k,
        "bound" in p ? bounded(p.bound).default(p.default) : z.boolean().default(p.default),
      ]),
    ),
  ]),
) as unknown as Record<(typeof OPTIMIZER_NAMES)[number], Record<string, z.ZodType>>;
export const optimizerSchema = namedChoice(OPTIMIZER_NAMES, optimizerParams)
  .transform((v) => withNameFirst({ ...optimizerDefaults(v.name as OptimizerName), ...v }) as OptimizerChoice)
  .describe(`${OPTIMIZER_NAMES.join(" | ")}, or {name: adam, beta1: 0.9, ...}`);

// ---- schedules ---------------------------------------------------------------------------------
export const scheduleSchema = namedChoice(SCHEDULE_NAMES, {
  constant: {},
  step: { every: positiveInt.default(SCHEDULES.step.every), gamma: z.number().positive().default(SCHEDULES.step.gamma) },
  exponential: { gamma: z.number().positive().default(SCHEDULES.exponential.gamma) },
  cosine: {
    t_max: positiveInt.nullable().default(SCHEDULES.cosine.t_max),
    eta_min: z.number().nonnegative().default(SCHEDULES.cosine.eta_min),
  },
}).transform((v) => withNameFirst({ ...SCHEDULES[v.name as keyof typeof SCHEDULES], ...v }) as ScheduleChoice);

// ---- data --------------------------------------------------------------------------------------
const common = {
  test: fraction.optional().describe("fraction held out as the test set (0 = none)"),
  features: z.array(z.string()).min(1).nullable().optional().describe("derived inputs: x1, x2, x1^2, x2^2, x1*x2, sin(x1), sin(x2)"),
};
const generatorBlocks = GENERATOR_NAMES.map((kind) =>
  z.strictObject({
    kind: z.literal(kind),
    n: positiveInt.max(MAX_ROWS).optional(),
    noise: z.number().nonnegative().optional(),
    ...(GENERATORS[kind].multiClass ? { classes: z.int().min(2).max(1000).optional() } : {}),
    ...(kind === "circles" ? { factor: z.number().gt(0).lt(1).optional() } : {}),
    ...common,
  }),
);
const csvBlock = z.strictObject({
  kind: z.literal("csv"),
  path: z.string().min(1).describe("CSV file with a header row, relative to the config file"),
  target: z.string().min(1).default("label").describe("the target column; every other numeric column is an input"),
  ...common,
});
const inlineBlock = z.strictObject({
  kind: z.literal("inline"),
  x: z.array(z.array(z.number()).min(1)).min(1),
  y: z.array(z.number()).min(1),
  ...common,
});
export const dataSchema = z
  .discriminatedUnion("kind", [...generatorBlocks, csvBlock, inlineBlock] as unknown as [z.ZodObject, ...z.ZodObject[]])
  .transform((v) => {
    const d = v as Record<string, unknown>;
    const gen = GENERATORS[d.kind as keyof typeof GENERATORS];
    const out: Record<string, unknown> = { ...d };
    if (gen) {
      out.n ??= gen.defaults.n;
      out.noise ??= gen.defaults.noise;
      if (gen.multiClass) out.classes ??= gen.defaults.classes;
      if (d.kind === "circles") out.factor ??= 0.8;
      out.test ??= gen.defaults.test;
    } else {
      out.test ??= 0;
    }
    out.features ??= null;
    return out as DataConfig;
  });

// ---- model, train, expect ------------------------------------------------------------------------
const layerSchema = z.union([positiveInt, z.strictObject({ units: positiveInt, activation: activationSchema.optional() })]);

export const modelSchema = z
  .strictObject({
    layers: z
      .array(layerSchema)
      .max(MAX_HIDDEN_LAYERS)
      .default([16, 16])
      .describe(`hidden widths; [] = no hidden layer (a linear model); at most ${MAX_HIDDEN_LAYERS} layers`),
    activation: activationSchema.prefault("relu"),
    output: z.enum(OUTPUTS).nullable().default(null).describe("output activation; null = the loss's default"),
    bias: z.boolean().default(true),
    residual: z
      .boolean()
      .default(false)
      .describe("true: a hidden layer whose input and output widths match adds its input, h = h_prev + f(z) (never the output layer)"),
    norm: z
      .enum(NORMS)
      .default("none")
      .describe(
        "batch: BatchNorm1d (eps 1e-5, momentum 0.1, γ=1 β=0 at start) on each hidden layer's z before f; steps use the batch's statistics, every metric the running ones",
      ),
    init: initSchema.prefault("xavier_uniform"),
    bias_init: z.number().default(0).describe("constant every bias starts at"),
  })
  .transform((m) => ({
    ...m,
    layers: m.layers.map((l) =>
      typeof l === "number" ? { units: l, activation: m.activation } : { units: l.units, activation: l.activation ?? m.activation },
    ),
  }));

const clipSchema = z.union([z.strictObject({ norm: z.number().positive() }), z.strictObject({ value: z.number().positive() })]);

export const trainSchema = z.strictObject({
  epochs: z.int().min(0).max(10_000_000).default(100),
  batch: z.union([positiveInt, z.literal("full")]).default(32),
  shuffle: z.boolean().default(true),
  loss: z.enum(LOSS_NAMES).nullable().default(null).describe("null = bce for 2 classes, cross_entropy for more, mse for regression"),
  optimizer: optimizerSchema.prefault("sgd"),
  lr: z
    .number()
    .positive()
    .nullable()
    .default(null)
    .describe(
      `null = the optimizer's default (${Object.entries(OPTIMIZERS)
        .map(([name, o]) => `${name} ${o.lr}`)
        .join(", ")})`,
    ),
  schedule: scheduleSchema.prefault("constant"),
  clip: clipSchema.nullable().default(null),
  l1: z.number().nonnegative().default(0),
  l2: z.number().nonnegative().default(0),
  early_stop: z
    .strictObject({
      metric: z.enum(LOSS_METRICS).nullable().default(null).describe("null = test_loss when there is a test set, else train_loss"),
      patience: positiveInt.default(50),
      min_delta: z.number().nonnegative().default(0),
    })
    .nullable()
    .default(null),
  log_every: positiveInt.default(1).describe("write a metrics row every k epochs (the first and last are always written)"),
});

export const expectSchema = z.partialRecord(
  z.enum(EXPECT_METRICS),
  // A bare number is refused (`test_loss: 0.3` as `== 0.3` would fail every better run): the comparison is written out.
  z
    .string({
      error: (iss) =>
        typeof iss.input === "number"
          ? `a bare number (${iss.input}) does not say which way to compare; write the comparison, e.g. "<= ${iss.input}" or ">= ${iss.input}" (or "== ${iss.input}" for exactly that value)`
          : undefined,
    })
    .regex(CONDITION, "expected a condition like '< 0.05' or '>= 0.9'"),
);

export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export const configSchema = z.strictObject({
  $schema: z.string().optional(),
  name: z.string().regex(NAME_PATTERN, "must be letters, digits, '.', '_' or '-', starting with a letter or digit").max(100).optional(),
  seed: z
    .int()
    .min(0)
    .max(2 ** 53 - 1)
    .default(0),
  data: dataSchema,
  model: modelSchema.prefault({}),
  train: trainSchema.prefault({}),
  expect: expectSchema.default({}),
  snapshots: z
    .strictObject({
      count: z
        .int()
        .min(0)
        .max(1000)
        .default(20)
        .describe("weight snapshots at this many evenly spaced epochs plus the first and last (2-D classification only); 0 = none"),
    })
    .prefault({})
    .describe("the weights at a few epochs, from which nn-lab report draws the decision boundary forming (snapshots.json)"),
  sweep: z
    .strictObject({
      grid: z.record(z.string(), z.array(z.unknown()).min(1)).default({}).describe("key.path: [values], as --vary key=v1,v2"),
      seeds: z.array(z.int().min(0)).min(1).nullable().default(null).describe("as --seeds 1,2,3; null = the config's seed"),
    })
    .nullable()
    .default(null)
    .describe("the grid nn-lab sweep runs when no --vary is given"),
});

export type RawConfig = z.input<typeof configSchema>;
export type ParsedConfig = z.output<typeof configSchema>;
