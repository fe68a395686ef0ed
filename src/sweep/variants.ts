/**
 * The runs `nn-lab compare` trains: one per config (labelled by name, -2, -3 for repeats), or one per point of
 * the --vary grid over one base config. Variants keep the base config's seed, so a comparison is paired; with
 * --seeds every variant trains on every seed of the list (seed after seed), which keeps it paired seed by seed.
 * Every variant's config is validated before anything trains.
 */
import { loadConfig, parseOverride, type Override } from "../config/load.js";
import { resolveExperiment, type ResolveOptions } from "../config/resolve.js";
import { InputError } from "../errors.js";
import type { Variant } from "../run/train-variants.js";
import { checkAxes, displayValue, expandGrid, parseAxis } from "./grid.js";
import { overridesFor } from "./sweep.js";

/** A variant before its seeds: its label, folder and the overrides that make it from its config file. */
interface VariantPlan {
  label: string;
  folder: string;
  file: string;
  overrides: Override[];
}

export function planVariants(files: string[], opts: { vary: string[]; set: string[]; seeds?: number[] } & ResolveOptions): Variant[] {
  const plans =
    opts.vary.length > 0 ? varyPlans(files, opts.vary, opts.set.map(parseOverride)) : configPlans(files, opts.set.map(parseOverride));
  const problems: string[] = [];
  const variants: Variant[] = [];
  for (const seed of opts.seeds ?? [null]) {
    for (const p of plans) {
      const overrides = seed === null ? p.overrides : [...p.overrides, { path: ["seed"], value: seed, text: `seed=${seed}` }];
      try {
        const experiment = resolveExperiment(loadConfig(p.file, overrides), opts);
        variants.push({ label: p.label, folder: seed === null ? p.folder : `${p.folder},seed=${seed}`, seed, experiment });
      } catch (e) {
        if (e instanceof InputError) problems.push(...e.problems);
        else throw e;
      }
    }
    if (problems.length > 0) break; // the same problem on every seed is said once
  }
  if (problems.length > 0) throw new InputError(problems);
  return variants;
}

/** One variant per --vary grid point over the base config, labelled by its values ("activation=relu, lr=0.1"). */
function varyPlans(files: string[], vary: string[], sets: Override[]): VariantPlan[] {
  if (files.length !== 1) throw new InputError(`compare --vary: expected one base config, got ${files.length}`);
  const base = loadConfig(files[0], sets);
  const axes = checkAxes(
    vary.map((v) => parseAxis(v, "--vary")),
    "--vary",
    "comparison",
  );
  return expandGrid(axes, [base.parsed.seed]).map((run) => ({
    label: Object.entries(run.point)
      .map(([k, v]) => `${k.split(".").pop()}=${displayValue(v)}`)
      .join(", "),
    folder: run.id.replace(/,seed=\d+$/, ""),
    file: files[0],
    overrides: [...sets, ...overridesFor(run).filter((o) => o.path[0] !== "seed")],
  }));
}

/** One variant per config, labelled by its name (-2, -3 for repeats). */
function configPlans(files: string[], sets: Override[]): VariantPlan[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  const plans: VariantPlan[] = [];
  for (const file of files) {
    try {
      const loaded = loadConfig(file, sets);
      const name = loaded.parsed.name ?? loaded.defaultName;
      const n = (seen.get(name) ?? 0) + 1;
      seen.set(name, n);
      const label = n === 1 ? name : `${name}-${n}`;
      plans.push({ label, folder: label, file, overrides: sets });
    } catch (e) {
      if (e instanceof InputError) problems.push(...e.problems);
      else throw e;
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  return plans;
}
