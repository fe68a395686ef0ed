/**
 * The range a numeric parameter of a registry entry (an initializer's std or gain, an optimizer's β₁) may take;
 * the config schema (config/schema.ts) builds its checks from it: "any" = any finite number, "positive" = (0, ∞),
 * "nonnegative" = [0, ∞), "fraction" = [0, 1).
 */
export type ParamBound = "any" | "positive" | "nonnegative" | "fraction";

/** A numeric parameter: its default and its range. */
export interface NumericParam {
  readonly default: number;
  readonly bound: ParamBound;
}

/** A parameter that is on or off (an optimizer's nesterov, amsgrad, centered): its default. */
export interface FlagParam {
  readonly default: boolean;
}

/** The defaults of a registry entry's parameters, in the entry's order: {std: 1, mean: 0}. */
export function paramDefaults(params: Readonly<Record<string, NumericParam | FlagParam>>): Record<string, number | boolean> {
  return Object.fromEntries(Object.entries(params).map(([k, p]) => [k, p.default]));
}
