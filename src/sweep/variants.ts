/**
 * The runs `nn-lab compare` trains: one per config (labelled by name, -2, -3 for repeats), or one per point of
 * the --vary grid over one base config. Variants keep the base config's seed, so a comparison is paired.
 * Every variant's config is validated before anything trains.
 */
import { loadConfig, parseOverride, type Override } from "../config/load.js";
import { resolveExperiment, type Experiment, type ResolveOptions } from "../config/resolve.js";
import { InputError } from "../errors.js";
import { displayValue, expandGrid, parseAxis } from "./grid.js";
import { overridesFor } from "./sweep.js";

export interface Variant {
  label: string;
  /** Run folder name inside the comparison's folder. */
  folder: string;
  experiment: Experiment;
}

export function planVariants(files: string[], opts: { vary: string[]; set: string[] } & ResolveOptions): Variant[] {
  const sets = opts.set.map(parseOverride);
  const problems: string[] = [];
  const variants: Variant[] = [];
  const add = (label: string, file: string, overrides: Override[], folder = label) => {
    try {
      variants.push({ label, folder, experiment: resolveExperiment(loadConfig(file, overrides), opts) });
    } catch (e) {
      if (e instanceof InputError) problems.push(...e.problems);
      else throw e;
    }
  };
  if (opts.vary.length > 0) {
    if (files.length !== 1) throw new InputError(`compare --vary: expected one base config, got ${files.length}`);
    const base = loadConfig(files[0], sets);
    const axes = opts.vary.map((v) => parseAxis(v, "--vary"));
    for (const run of expandGrid(axes, [base.parsed.seed])) {
      const label = Object.entries(run.point)
        .map(([k, v]) => `${k.split(".").pop()}=${displayValue(v)}`)
        .join(", ");
      add(label, files[0], [...sets, ...overridesFor(run).filter((o) => o.path[0] !== "seed")], run.id.replace(/,seed=\d+$/, ""));
    }
  } else {
    for (const f of files) add("", f, sets);
    const seen = new Map<string, number>();
    for (const v of variants) {
      const n = (seen.get(v.experiment.config.name) ?? 0) + 1;
      seen.set(v.experiment.config.name, n);
      v.label = n === 1 ? v.experiment.config.name : `${v.experiment.config.name}-${n}`;
      v.folder = v.label;
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  return variants;
}
