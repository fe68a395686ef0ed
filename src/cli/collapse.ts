/**
 * `nn-lab collapse CONFIG`: train a network whose hidden layers are all linear, multiply its weight matrices into
 * one, and show that the single combined layer predicts exactly what the network predicts; then train the same
 * config with `layers: []` for comparison. No run folder is written.
 */
import { loadConfig, parseOverride } from "../config/load.js";
import { resolveExperiment } from "../config/resolve.js";
import { InputError } from "../errors.js";
import { wrap } from "../terminal/activation-card.js";
import { terminalWidth } from "../terminal/colors.js";
import { matrix, num, vector } from "../terminal/matrix-text.js";
import type { Matrix } from "../train/step-trace.js";
import { collapse, maxDifference, nonLinearLayers } from "../train/collapse.js";
import { buildExperimentModel } from "../train/model.js";
import { train } from "../train/train.js";
import { EXIT } from "./exit.js";
import type { CommonOptions, ConfigOptions } from "./options.js";
import { environment } from "./environment.js";
import { jsonShown } from "../files.js";
import { significant } from "../format.js";

export interface CollapseOptions extends CommonOptions, ConfigOptions {}

export async function collapseCommand(file: string, opts: CollapseOptions): Promise<number> {
  const overrides = opts.set.map(parseOverride);
  const experiment = resolveExperiment(loadConfig(file, overrides), { memoryLimitMb: environment().memoryLimitMb });
  const bad = nonLinearLayers(buildExperimentModel(experiment));
  if (bad.length > 0) {
    throw new InputError(
      `${file}: model.layers: collapse needs linear hidden layers, but layer ${bad[0].layer} is ${bad[0].activation} — a non-linearity between the layers is exactly what stops them collapsing (try --set model.activation=linear)`,
    );
  }
  const stacked = await train(experiment, { evalThread: "off" });
  const c = collapse(stacked.mlp);
  const ds = experiment.data.train;
  const diff = maxDifference(stacked.mlp, c, ds.x, ds.n);
  const single = await train(
    resolveExperiment(loadConfig(file, [...overrides, parseOverride("model.layers=[]")]), { memoryLimitMb: environment().memoryLimitMb }),
    { evalThread: "off" },
  );
  const L = c.weights.length;
  const width = terminalWidth(process.stdout);
  const names = c.weights.map((_, i) => `W${i + 1}`);
  if (opts.json) {
    const rows = (m: { rows: number; cols: number; data: Float64Array }) =>
      Array.from({ length: m.rows }, (_, r) => Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols)));
    const doc = {
      layers: L,
      weights: c.weights.map(rows),
      combined: { weight: rows(c.weight), bias: Array.from(c.bias) },
      max_abs_difference: diff.maxAbs,
      max_abs_output: diff.maxOutput,
      rows: ds.n,
      stacked: { status: stacked.status, final: stacked.final },
      single: { status: single.status, final: single.final },
    };
    process.stdout.write(jsonShown(doc, 2) + "\n");
    return EXIT.ok;
  }
  if (opts.quiet) return EXIT.ok;
  const acc = (r: typeof stacked) =>
    r.final.train_acc !== null
      ? `train_acc ${num(r.final.train_acc)}${r.final.test_acc !== null ? `, test_acc ${num(r.final.test_acc)}` : ""}`
      : `train_loss ${num(r.final.train_loss)}`;
  let biasFormula = "b1";
  for (let l = 2; l <= L; l++) biasFormula = `W${l}·${l > 2 ? `(${biasFormula})` : biasFormula} + b${l}`;
  const para = (text: string, indent = "  ") => wrap(text, width, indent, indent.length);
  const out = [
    ...para(
      `nn-lab collapse: ${experiment.config.name} — ${L} layers, hidden ones linear, trained ${stacked.epochs} epochs (${acc(stacked)})`,
      "",
    ),
    "",
    ...c.weights.flatMap((w, i) => matrixLines(`${names[i]} (${w.rows}×${w.cols})`, w, width)),
    ...matrixLines(
      `W = ${[...names].reverse().join("·")}  (${[...c.weights]
        .reverse()
        .map((w) => `${w.rows}×${w.cols}`)
        .join(" · ")} = ${c.weight.rows}×${c.weight.cols})`,
      c.weight,
      width,
    ),
    `  b = ${L > 1 ? `${biasFormula} = ` : ""}${vector(c.bias)}`,
    "",
    ...para(
      `On the ${ds.n} training inputs the ${L}-layer network and the single layer x·Wᵀ + b give the same outputs: largest difference ${num(diff.maxAbs)} (outputs up to ${num(diff.maxOutput)}) — float64 rounding, nothing more.`,
    ),
    ...para(`The same config with layers: [] (one linear layer, trained directly): ${acc(single)}.`),
    ...para("Stacking linear layers adds parameters, not expressive power; a non-linear activation between them does."),
  ];
  process.stdout.write(out.join("\n") + "\n");
  return EXIT.ok;
}

const MAX_ROWS = 8;

/** `name = [[…]]` on one line when it fits, else a row per line (4 significant digits, at most 8 rows). */
function matrixLines(name: string, m: Matrix, width: number): string[] {
  const one = `  ${name} = ${matrix(m)}`;
  if (one.length <= width) return [one];
  const short = (v: number) => significant(v, 4);
  const rows: string[] = [];
  for (let r = 0; r < Math.min(m.rows, MAX_ROWS); r++)
    rows.push(`      [${Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols), short).join(", ")}]`);
  if (m.rows > MAX_ROWS) rows.push(`      … ${m.rows - MAX_ROWS} more rows`);
  return [`  ${name} =`, ...rows];
}
