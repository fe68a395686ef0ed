/**
 * `nn-lab check RUN_OR_SWEEP`: the CI gate. A run passes when its status is completed or stopped_early (or
 * --allow'ed), its expectations hold (the config's expect: block and --expect) and it is no worse than a baseline
 * beyond --tolerance. On a sweep folder every grid point is gated on its mean over seeds. `--write-baseline FILE`
 * records a run's or a sweep's final metrics (mean, std, n per grid point) as a baseline for later checks.
 */
import { existsSync, lstatSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { InputError } from "../errors.js";
import { betterOf, SCORE_METRICS_BY_KIND as METRICS } from "../metrics.js";
import {
  ALLOWABLE_STATUSES,
  baselineFromRun,
  gate,
  meanExpectationValues,
  parseTolerance,
  PASSING_STATUSES,
  type Baseline,
  type GateRow,
  type Metric,
  type PointStats,
  type Tolerance,
} from "../run/baseline.js";
import { checkExpectations, fromConfig, parseExpectation, withFlags, type Expectation, type ExpectationResult } from "../run/expect.js";
import { readConfigExpect } from "../run/read.js";
import { makeDirs, writeFileAtomic } from "../run/run-folder.js";
import { renderTable } from "../terminal/table.js";
import { baselineFromSweepFolder, loadBaseline, pointStats, readGateTarget, type GateTarget } from "../sweep/results.js";
import { EXIT } from "./exit.js";
import type { CommonOptions, ExpectOptions } from "./options.js";
import { meanStd } from "./output.js";
import { fmt } from "../format.js";
import type { Stat } from "../run/stats.js";
import { jsonShown, readInputText, shown } from "../files.js";

export interface CheckOptions extends CommonOptions, ExpectOptions {
  baseline?: string;
  tolerance: string;
  allow: string[];
  metric: string[];
  writeBaseline?: string;
  overwrite?: boolean;
}

function configExpectations(runDir: string): Expectation[] {
  return fromConfig(readConfigExpect(runDir), `${join(runDir, "config.json")}: expect`);
}

function parseAllow(values: string[]): Set<string> {
  const allowed = new Set<string>(PASSING_STATUSES);
  for (const s of values.flatMap((v) => v.split(",")).map((v) => v.trim())) {
    if (!(ALLOWABLE_STATUSES as readonly string[]).includes(s))
      throw new InputError(`--allow ${s}: expected one of ${ALLOWABLE_STATUSES.join(", ")} (completed and stopped_early always pass)`);
    allowed.add(s);
  }
  return allowed;
}

function parseMetrics(values: string[]): Metric[] | undefined {
  const list = values.flatMap((v) => v.split(",")).map((v) => v.trim());
  for (const m of list)
    if (!(METRICS as readonly string[]).includes(m)) throw new InputError(`--metric ${m}: expected one of ${METRICS.join(", ")}`);
  return list.length ? (list as Metric[]) : undefined;
}

interface PointVerdict {
  point: Record<string, string>;
  planned: number;
  used: number;
  expect: ExpectationResult[];
}

const TAKES = "check takes a run folder, a sweep folder (with its sweep.json) or a run's summary.json";

/** A path check cannot take, said before anything in it is read: a missing folder, a CSV or another file. */
function checkTakes(path: string): void {
  if (!existsSync(path)) throw new InputError(`check ${path}: no such file or folder; ${TAKES}`);
  // a device or a FIFO is left to the reader, which says what it is
  if (!statSync(path).isFile() || path.endsWith(".json")) return;
  const folder = dirname(path);
  const hint = basename(path) === "sweep.csv" ? ` — for the sweep it belongs to: nn-lab check ${folder}` : "";
  throw new InputError(`check ${path}: not a folder or a .json file; ${TAKES}${hint}`);
}

export async function checkCommand(dir: string, opts: CheckOptions): Promise<number> {
  const allowed = parseAllow(opts.allow ?? []);
  const metrics = parseMetrics(opts.metric ?? []);
  const tol: Tolerance = parseTolerance(opts.tolerance);
  const cliExpect = opts.expect.map((e) => parseExpectation(e));
  checkTakes(dir);
  const target = readGateTarget(dir);
  const runs = target.points.flatMap((p) => p.runs);
  const firstRun = runs.find((r) => r.summary);
  const expectations = withFlags(firstRun ? configExpectations(target.kind === "run" ? dir : join(dir, firstRun.run.id)) : [], cliExpect);
  if (expectations.length === 0 && !opts.baseline && !opts.writeBaseline)
    throw new InputError(
      `check ${dir}: nothing to check — its config has no expect: block; add --expect 'test_acc>=0.9' (repeatable), or --baseline FILE (make one with nn-lab check ${dir} --write-baseline FILE)`,
    );
  const baseline = opts.baseline ? loadBaseline(opts.baseline) : null;

  // status: only completed/stopped_early runs (and --allow'ed statuses) may pass
  const bad = runs.filter((r) => !r.summary || !allowed.has(r.summary.status));
  const statusCounts = new Map<string, number>();
  for (const r of runs) {
    const s = r.summary?.status ?? "not started";
    statusCounts.set(s, (statusCounts.get(s) ?? 0) + 1);
  }

  // expectations per point on its mean over the seeds that count
  const verdicts: PointVerdict[] = target.points.map((p) => {
    // a single run's expectations are checked on its own values whatever its status (the status fails it anyway)
    const used = p.runs.filter((r) => r.summary && (target.kind === "run" || allowed.has(r.summary.status))).map((r) => r.summary!);
    const values = used.length ? meanExpectationValues(used) : {};
    return { point: p.point, planned: p.runs.length, used: used.length, expect: checkExpectations(expectations, values) };
  });

  let gateRows: GateRow[] = [];
  const nowStats: PointStats[] = pointStats(target.points, allowed);
  if (baseline) gateRows = gate(baseline, target.axes, nowStats, tol, metrics);
  if (baseline && gateRows.length === 0)
    throw new InputError(
      `--baseline ${opts.baseline}: no metric to compare${metrics ? ` (--metric ${metrics.join(",")} is not in the baseline)` : ""}`,
    );

  let wrote: Wrote | null = null;
  if (opts.writeBaseline) {
    const made = target.kind === "sweep" ? baselineFromSweepFolder(dir) : baselineFromRun(target.points[0].runs[0].summary!, dir);
    wrote = { path: opts.writeBaseline, written: writeBaselineFile(opts.writeBaseline, { ...made, source: dir }, opts.overwrite ?? false) };
  }

  const passed = bad.length === 0 && verdicts.every((v) => v.expect.every((e) => e.pass)) && gateRows.every((r) => r.pass);
  const statusText = shown([...statusCounts].map(([s, n]) => (target.kind === "run" ? s : `${n} ${s}`)).join(", "));
  if (opts.json) {
    const doc = {
      target: dir,
      kind: target.kind,
      status: target.kind === "run" ? runs[0].summary!.status : Object.fromEntries(statusCounts),
      allowed: [...allowed],
      passed,
      expect:
        target.kind === "run"
          ? verdicts[0].expect
          : verdicts.map((v) => ({ point: v.point, seeds: `${v.used}/${v.planned}`, results: v.expect })),
      baseline: baseline ? { path: opts.baseline, kind: baseline.kind, tolerance: opts.tolerance, rows: gateRows.map(rowJson) } : null,
      wrote_baseline: wrote?.written ? wrote.path : null,
    };
    process.stdout.write(jsonShown(doc, 2) + "\n");
  } else if (!opts.quiet) {
    process.stdout.write(render(dir, target, statusText, bad, verdicts, baseline, gateRows, opts, tol, wrote, passed));
  }
  return passed ? EXIT.ok : EXIT.failed;
}

function rowJson(r: GateRow) {
  return {
    point: r.point,
    metric: r.metric,
    baseline: r.baseline.mean,
    baseline_std: r.baseline.std,
    baseline_n: r.baseline.n,
    value: r.now?.mean ?? null,
    std: r.now?.std ?? null,
    n: r.now?.n ?? 0,
    delta: r.delta,
    se: r.se,
    limit: r.limit,
    pass: r.pass,
    note: r.note || undefined,
  };
}

/** --write-baseline: the file, and whether it was written (false: it held this baseline already). */
interface Wrote {
  path: string;
  written: boolean;
}

/**
 * Write the baseline file; false when it already holds exactly this baseline (a fresh clone's committed
 * ci/baseline.json made from the same run: nothing to do, as make would). Anything else there needs --overwrite.
 */
function writeBaselineFile(path: string, baseline: Baseline, overwrite: boolean): boolean {
  const text = JSON.stringify(baseline, null, 2) + "\n";
  if (existsSync(path) || isDanglingLink(path)) {
    const same = () => readInputText(path, (why) => new InputError(`--write-baseline ${path}: cannot read it (${why})`)) === text;
    if (!overwrite && lstatSync(path).isFile() && same()) return false;
    if (!overwrite) throw new InputError(`--write-baseline ${path}: the file exists; pass --overwrite to replace it`);
    if (!lstatSync(path).isFile())
      throw new InputError(`--write-baseline ${path}: exists and is not a regular file; refusing to replace it`);
  }
  try {
    makeDirs(dirname(path));
  } catch (e) {
    throw new InputError(`--write-baseline ${path}: cannot create its folder (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  writeFileAtomic(path, text);
  return true;
}

function isDanglingLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function render(
  dir: string,
  target: GateTarget,
  statusText: string,
  bad: GateTarget["points"][number]["runs"],
  verdicts: PointVerdict[],
  baseline: Baseline | null,
  rows: GateRow[],
  opts: CheckOptions,
  tol: Tolerance,
  wrote: Wrote | null,
  passed: boolean,
): string {
  const lines: string[] = [];
  const sweep = target.kind === "sweep";
  const head = sweep
    ? `check ${shown(dir)}: sweep of ${target.points.length} grid point${target.points.length === 1 ? "" : "s"} × ${target.points[0]?.runs.length ?? 0} seed${target.points[0]?.runs.length === 1 ? "" : "s"} — ${statusText}`
    : `check ${shown(dir)}: status ${statusText}`;
  lines.push(head);
  if (bad.length > 0) {
    const names = bad
      .slice(0, 5)
      .map((r) => shown(sweep ? `${r.run.id} (${r.summary?.status ?? "not started"})` : (r.summary?.status ?? "missing")));
    lines.push(
      `  FAIL  ${sweep ? `${bad.length} run${bad.length === 1 ? "" : "s"} did not complete: ${names.join(", ")}${bad.length > 5 ? ", …" : ""}` : `the run is ${names[0]}`} — only completed or stopped_early runs pass${
        opts.allow?.length ? "" : " (--allow diverged|interrupted to accept them)"
      }`,
    );
  }
  const label = (p: Record<string, string>) => target.axes.map((k) => shown(`${k.split(".").pop()}=${p[k]}`)).join(", ") || "";
  for (const v of verdicts) {
    const prefix = sweep ? `  [${label(v.point)}] mean over ${v.used}/${v.planned} seeds:` : "";
    if (sweep && v.expect.length) lines.push(prefix);
    for (const e of v.expect)
      lines.push(`${sweep ? "  " : ""}  ${e.pass ? "PASS" : "FAIL"}  ${e.metric} ${e.op} ${e.threshold}  (got ${fmt(e.value)})`);
  }
  if (baseline) {
    const tolText =
      tol.kind === "se"
        ? `${tol.k} Welch standard errors of the difference`
        : tol.kind === "relative"
          ? `${fmt(tol.amount * 100, 1)}% of the baseline`
          : `${tol.amount} absolute`;
    const seeds = sweep || baseline.kind === "sweep";
    lines.push(`  against baseline ${shown(opts.baseline ?? "")} (${baseline.kind})`);
    lines.push(`  tolerance: ${tolText}${seeds ? "; mean ± std over n seeds" : ""}`);
    // the n of each side is in the n column beside; one seed is shown as its value, never "± 0"
    const spread = (x: Stat | null) => (!x ? "—" : seeds ? meanStd(x, 4, { n: false }) : fmt(x.mean));
    const table = (withLimit: boolean) =>
      renderTable(
        [
          ...target.axes.map((k) => ({ header: shown(k.split(".").pop()!), align: "left" as const })),
          { header: "metric", align: "left" as const },
          { header: "baseline" },
          { header: sweep ? "now" : "run" },
          ...(seeds ? [{ header: "n" }] : []),
          { header: "change" },
          ...(withLimit ? [{ header: "limit" }] : []),
          { header: "result", align: "left" as const },
        ],
        rows.map((r) => [
          ...target.axes.map((k) => shown(r.point[k] ?? "")),
          r.metric,
          spread(r.baseline),
          spread(r.now),
          ...(seeds ? [`${r.baseline.n}/${r.now?.n ?? 0}`] : []),
          r.delta === null
            ? "—"
            : r.baseline.mean !== 0
              ? `${r.delta >= 0 ? "+" : ""}${fmt((100 * r.delta) / Math.abs(r.baseline.mean), 1)}%`
              : `${r.delta >= 0 ? "+" : ""}${fmt(r.delta)}`,
          ...(withLimit ? [`${betterOf(r.metric) === "higher" ? "≥" : "≤"} ${fmt(r.limit)}`] : []),
          r.pass ? "PASS" : `FAIL${r.note ? ` (${r.note})` : ""}`,
        ]),
        { indent: 2 },
      );
    // the limit column goes first when a terminal is too narrow (--json always has it)
    const full = table(true);
    const width = process.stdout.isTTY ? (process.stdout.columns ?? Infinity) : Infinity;
    lines.push(Math.max(...full.split("\n").map((l) => [...l].length)) <= width ? full : table(false));
    const unmatched = target.points.filter((p) => !baseline.points.some((b) => target.axes.every((k) => b.point[k] === p.point[k]))).length;
    if (unmatched > 0) lines.push(`  (${unmatched} grid point${unmatched === 1 ? " has" : "s have"} no baseline and are not compared)`);
  }
  if (wrote?.written)
    lines.push(`  wrote baseline ${shown(wrote.path)}${sweep ? ` (${target.points.length} grid points: mean, std, n)` : ""}`);
  else if (wrote) lines.push(`  baseline ${shown(wrote.path)} is up to date (it holds this baseline already)`);
  const regressions = rows.filter((r) => !r.pass).length;
  lines.push(
    passed ? "PASS" : `FAIL${regressions ? ` (${regressions} regression${regressions === 1 ? "" : "s"} against the baseline)` : ""}`,
  );
  return lines.join("\n") + "\n";
}
