/**
 * What `nn-lab train` prints for a finished run: a one-line header, the loss chart, the decision-boundary map
 * (drawn by the caller, for 2-D classification), a table of final and best metrics, the expectation lines and
 * the run folder. Pure: everything it needs comes in, a string goes out.
 */
import { columnOf, SCORE_METRICS } from "../metrics.js";
import { fmt } from "../format.js";
import type { ColorDepth } from "../terminal/colors.js";
import { InputError } from "../errors.js";
import { wrap } from "../terminal/activation-card.js";
import { lossChart, type LossHistory } from "../terminal/chart.js";
import type { RunOutcome } from "../run/run-experiment.js";
import type { Summary } from "../run/summary.js";
import { renderTable } from "../terminal/table.js";
import type { CommonOptions } from "./options.js";
import { jsonShown, shown } from "../files.js";

/**
 * A mean over seeds as printed everywhere: "0.1234 ± 0.0056 (n = 5)"; one value has no spread, so it is shown alone
 * with its n, "0.1234 (n = 1)", never "± 0". `n: false` leaves the n out where a column beside the cell holds it.
 */
export function meanStd(s: { mean: number; std: number; n: number } | null | undefined, digits = 4, opts: { n?: boolean } = {}): string {
  if (!s || s.n === 0 || Number.isNaN(s.mean)) return "—";
  const n = opts.n === false ? "" : ` (n = ${s.n})`;
  return s.n === 1 ? `${fmt(s.mean, digits)}${n}` : `${fmt(s.mean, digits)} ± ${fmt(s.std, digits)}${n}`;
}

/** Digits a metric is shown with: accuracies 3, everything else 4. */
export const digitsOf = (metric: string): number => (columnOf(metric)?.kind === "accuracy" ? 3 : 4);

/** The pictures that go with a run's numbers; without them formatOutcome prints the numbers only. */
export interface OutcomeView {
  /** Columns to fit. */
  width: number;
  depth: ColorDepth;
  /** Loss per logged epoch, for the chart. */
  history?: LossHistory;
  logY?: boolean | "auto";
  /** The decision-boundary map (or a line saying why there is none), already drawn. */
  boundary?: string | null;
  /** 1-D regression: the data and the fitted curve, already drawn. */
  fit?: string | null;
  /** The gradient-flow panel, already drawn. */
  gradientFlow?: string | null;
}

export function formatOutcome(outcome: RunOutcome, view?: OutcomeView): string {
  const { summary: s, runDir } = outcome;
  const blocks: string[] = [view ? wrap(headline(s), view.width, "", 2).join("\n") : headline(s)];
  if (view?.history) {
    const chart = lossChart(view.history, { width: view.width, depth: view.depth, logY: view.logY });
    if (chart) blocks.push(chart);
  }
  if (view?.fit) blocks.push(view.fit);
  if (view?.boundary) blocks.push(view.boundary);
  if (view?.gradientFlow) blocks.push(view.gradientFlow);
  if (s.health.length > 0) {
    // wrapped to the terminal with a hanging indent (a finding's advice can run to several lines)
    const finding = (m: string) => (view ? wrap(m, Math.max(40, view.width), "  ! ", 4) : [`  ! ${m}`]);
    blocks.push(["training health:", ...s.health.flatMap((f) => finding(f.message))].join("\n"));
  }
  const lines = view ? [metricsTable(s)] : [compactMetrics(s)];
  for (const e of s.expect) lines.push(`  ${e.pass ? "PASS" : "FAIL"}  ${e.metric} ${e.op} ${e.threshold}  (got ${fmt(e.value)})`);
  lines.push(`  run folder: ${shown(runDir)}`);
  blocks.push(lines.join("\n"));
  return blocks.join(view ? "\n\n" : "\n") + "\n";
}

function headline(s: Summary): string {
  return (
    `${shown(s.name)}: ${s.status} after ${s.epochs} epoch${s.epochs === 1 ? "" : "s"} (${fmt(s.train_ms / 1000, 2)} s)` +
    (s.diverged_at
      ? ` — diverged at epoch ${s.diverged_at.epoch}, step ${s.diverged_at.step} (${s.diverged_at.what}${s.diverged_at.layer ? `, layer ${s.diverged_at.layer}` : ""})`
      : "")
  );
}

/** One line of final metrics, for output without pictures. */
function compactMetrics(s: Summary): string {
  let line = "";
  for (const m of SCORE_METRICS) {
    const v = s.final[m];
    if (v !== null) line += `  ${m} ${fmt(v, digitsOf(m))}`;
  }
  return line;
}

/** Final and best losses and accuracies (best with the epoch it was reached), seed and learning rate below. */
export function metricsTable(s: Summary): string {
  const rows: string[][] = [];
  for (const key of SCORE_METRICS) {
    const final = s.final[key];
    if (final === null) continue;
    const digits = digitsOf(key);
    const best = s.best[key];
    rows.push([key, fmt(final, digits), best ? fmt(best.value, digits) : "—", best ? String(best.epoch) : "—"]);
  }
  const table = renderTable([{ header: "metric", align: "left" }, { header: "final" }, { header: "best" }, { header: "at epoch" }], rows);
  const clipped = s.clipping ? ` · clipped ${s.clipping.clipped} of ${s.clipping.steps} steps` : "";
  return `${table}\n  seed ${s.seed} · final lr ${fmt(s.final.lr)}${clipped} · wall ${fmt(s.wall_ms / 1000, 2)} s`;
}

/** --log-y, --linear-y, or log when the values span more than two decades. */
export function yScale(opts: { logY?: boolean; linearY?: boolean }): boolean | "auto" {
  if (opts.logY && opts.linearY) throw new InputError("--log-y and --linear-y: give one of them, not both");
  return opts.logY ? true : opts.linearY ? false : "auto";
}

/**
 * --live draws only on a terminal that can move the cursor: with stdout piped (or --json, --quiet) the usual output
 * is printed instead, with a note on stderr when the flag was asked for and stdout is not a terminal, or is a dumb
 * one (TERM=dumb: Emacs' shell, some CI logs — no cursor movement, no hidden cursor, as GNU tools treat it).
 */
export function wantsLive(opts: { live?: boolean; json?: boolean; quiet?: boolean }): boolean {
  if (!opts.live || opts.json || opts.quiet) return false;
  if (!process.stdout.isTTY) {
    process.stderr.write("nn-lab: --live needs a terminal on stdout; printing the usual output instead\n");
    return false;
  }
  if (!dumbTerminal()) return true;
  process.stderr.write("nn-lab: --live: TERM=dumb cannot move the cursor; printing the usual output\n");
  return false;
}

/** TERM=dumb: a terminal that takes no cursor movement (the progress bar and --live then stay off). */
export const dumbTerminal = (): boolean => process.env.TERM === "dumb";

/**
 * What a printing command writes on stdout: the JSON document with --json (it wins over --quiet), nothing with
 * --quiet, else the text. Both are built only when needed.
 */
export function emit(opts: CommonOptions, json: () => unknown, text: () => string): void {
  if (opts.json) process.stdout.write(jsonShown(json(), 2) + "\n");
  else if (!opts.quiet) process.stdout.write(text());
}
