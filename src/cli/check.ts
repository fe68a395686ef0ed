/**
 * `nn-lab check RUN_DIR`: re-check a finished run's expectations (its config's expect: block and --expect),
 * and/or compare it with a baseline: losses may not grow, accuracies may not drop, by more than --tolerance.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../errors.js";
import { checkExpectations, fromConfig, parseExpectation } from "../report/expect.js";
import type { Summary } from "../run/run.js";
import { EXIT } from "./exit.js";
import { fmt } from "./output.js";

export interface CheckOptions {
  expect: string[];
  baseline?: string;
  tolerance: string;
  json?: boolean;
}

function readJsonFile<T>(path: string, what: string): T {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as T;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(
      `${path}: cannot read ${what} (${code === "ENOENT" ? "no such file" : (code ?? (e as Error).message.split("\n")[0])})`,
    );
  }
}

/** A run folder or a summary.json path → its summary. */
export function readSummary(path: string): Summary {
  const file = existsSync(path) && statSync(path).isDirectory() ? join(path, "summary.json") : path;
  const s = readJsonFile<Summary>(file, "the run summary");
  if (!s || typeof s !== "object" || !s.final || typeof s.status !== "string")
    throw new InputError(`${file}: not an nn-lab summary.json (no status/final)`);
  return s;
}

export interface Tolerance {
  relative: boolean;
  amount: number;
}

export function parseTolerance(text: string): Tolerance {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(text);
  if (!m) throw new InputError(`--tolerance ${text}: expected a percentage like 10% or an absolute amount like 0.01`);
  return m[2] ? { relative: true, amount: Number(m[1]) / 100 } : { relative: false, amount: Number(m[1]) };
}

export interface BaselineRow {
  metric: string;
  baseline: number;
  value: number | null;
  limit: number;
  pass: boolean;
}

/** Losses may grow to baseline·(1 + t) (or + t); accuracies may drop to baseline·(1 − t) (or − t). */
export function compareWithBaseline(run: Summary, base: Summary, tol: Tolerance): BaselineRow[] {
  const rows: BaselineRow[] = [];
  for (const metric of ["train_loss", "test_loss", "train_acc", "test_acc"] as const) {
    const b = base.final[metric];
    if (b === null || b === undefined || !Number.isFinite(b)) continue;
    const v = run.final[metric];
    const isLoss = metric.endsWith("_loss");
    const slack = tol.relative ? Math.abs(b) * tol.amount : tol.amount;
    const limit = isLoss ? b + slack : b - slack;
    const pass = v !== null && Number.isFinite(v) && (isLoss ? v <= limit : v >= limit);
    rows.push({ metric, baseline: b, value: v, limit, pass });
  }
  return rows;
}

export async function checkCommand(dir: string, opts: CheckOptions): Promise<number> {
  const summary = readSummary(dir);
  const configPath = join(dir, "config.json");
  const configExpect = existsSync(configPath)
    ? (readJsonFile<{ expect?: Record<string, string | number> }>(configPath, "the run config").expect ?? {})
    : {};
  const expectations = [...fromConfig(configExpect), ...opts.expect.map((e) => parseExpectation(e))];
  const values: Record<string, number | null> = { ...summary.final, epochs: summary.epochs };
  for (const [k, v] of Object.entries(summary.best ?? {})) values[`best_${k}`] = v.value;
  const expectResults = checkExpectations(expectations, values);
  const tol = parseTolerance(opts.tolerance);
  const baselineRows = opts.baseline ? compareWithBaseline(summary, readSummary(opts.baseline), tol) : [];
  const statusOk = summary.status !== "diverged";
  const passed = statusOk && expectResults.every((e) => e.pass) && baselineRows.every((r) => r.pass);
  if (opts.json) {
    process.stdout.write(
      JSON.stringify(
        {
          run: dir,
          status: summary.status,
          passed,
          expect: expectResults,
          baseline: opts.baseline ? { path: opts.baseline, tolerance: opts.tolerance, rows: baselineRows } : null,
        },
        null,
        2,
      ) + "\n",
    );
  } else {
    const lines = [`check ${dir}: status ${summary.status}${statusOk ? "" : " — FAIL (a diverged run fails the check)"}`];
    if (expectResults.length === 0 && baselineRows.length === 0)
      lines.push("  nothing to check: no expect: block in the run's config, no --expect, no --baseline");
    for (const e of expectResults) lines.push(`  ${e.pass ? "PASS" : "FAIL"}  ${e.metric} ${e.op} ${e.threshold}  (got ${fmt(e.value)})`);
    if (baselineRows.length > 0) {
      lines.push(`  against baseline ${opts.baseline} (tolerance ${opts.tolerance}):`);
      lines.push(
        `  ${"metric".padEnd(11)} ${"baseline".padStart(10)} ${"run".padStart(10)} ${"change".padStart(9)} ${"limit".padStart(10)}  result`,
      );
      for (const r of baselineRows) {
        const change =
          r.value === null
            ? "—"
            : `${r.value >= r.baseline ? "+" : ""}${fmt(r.baseline === 0 ? NaN : (100 * (r.value - r.baseline)) / Math.abs(r.baseline), 1)}%`;
        lines.push(
          `  ${r.metric.padEnd(11)} ${fmt(r.baseline).padStart(10)} ${fmt(r.value).padStart(10)} ${change.padStart(9)} ${`${r.metric.endsWith("_loss") ? "≤" : "≥"} ${fmt(r.limit)}`.padStart(10)}  ${r.pass ? "PASS" : "FAIL"}`,
        );
      }
    }
    lines.push(passed ? "PASS" : "FAIL");
    process.stdout.write(lines.join("\n") + "\n");
  }
  return passed ? EXIT.ok : EXIT.failed;
}
