/**
 * `nn-lab play [CONFIG] [--out play.html]`: the playground — a self-contained page that trains two variants of the
 * config side by side in the browser with nn-lab's own engine, and exports configs that `nn-lab train` reproduces
 * bit for bit. The config is checked here first (the same errors as train), so a bad one never becomes a page.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { loadConfig } from "../config/load.js";
import { resolveExperiment } from "../config/resolve.js";
import { InputError } from "../errors.js";
import { jsonShown, readInputText, shown } from "../files.js";
import { renderPlayground } from "../report/playground.js";
import { writeOutputFile } from "../run/run-folder.js";
import { EXIT } from "./exit.js";
import type { CommonOptions } from "./options.js";

export interface PlayOptions extends CommonOptions {
  out?: string;
  overwrite?: boolean;
}

/** The playground's starting point without a config: moons, two hidden layers of 8, sigmoid (A) against relu (B). */
export const DEFAULT_PLAY_CONFIG = `name: play
seed: 1
data: { kind: moons, n: 200, noise: 0.2, test: 0.2 }
model:
  layers: [8, 8]
  activation: sigmoid
train:
  epochs: 200
  batch: 16
  optimizer: sgd
  lr: 0.1
`;

export async function playCommand(config: string | undefined, opts: PlayOptions): Promise<number> {
  const out = opts.out ?? "play.html";
  if (existsSync(out) && !opts.overwrite) throw new InputError(`--out ${out}: the file exists; pick another name or pass --overwrite`);
  let yaml = DEFAULT_PLAY_CONFIG;
  if (config !== undefined) {
    const loaded = loadConfig(config);
    resolveExperiment(loaded); // the data and the network must be valid too, as for train
    yaml = readInputText(config, (why) => new InputError(`${config}: cannot read the config (${why})`));
    if (loaded.parsed.data.kind === "csv")
      throw new InputError(
        `${config}: data.kind: nn-lab play does not embed a CSV file (yet); open the page and import it there ("import a data set (CSV)")`,
      );
  }
  writeOutputFile(out, renderPlayground(yaml, config === undefined ? "nn-lab playground" : `nn-lab playground: ${config}`));
  if (opts.json) process.stdout.write(jsonShown({ playground: resolve(out) }, 2) + "\n");
  else if (!opts.quiet) process.stdout.write(`playground: ${shown(out)} (open it in a browser; it trains there, offline)\n`);
  return EXIT.ok;
}
