/**
 * `nn-lab check RUN_DIR`: re-check a finished run's expectations (its config's expect: block and --expect),
 * and/or compare it with a baseline: losses may not grow, accuracies may not drop, by more than --tolerance.
 */
import { betterOf, expectationValues } from "../metrics.js";
import { checkExpectations, fromConfig, parseExpectation } from "../report/expect.js";
import { compareWithBaseline, parseTolerance } from "../run/baseline.js";
import { readConfigExpect, readSummary } from "../run/read.js";
import { EXIT } from "./exit.js";
import { fmt } from "./output.js";

export interface CheckOptions {
  expect: string[];
  baseline?: string;
  tolerance: string;
  json?: boolean;
}

export async function checkCommand(dir: string, opts: CheckOptions): Promise<number> {
  const summary = readSummary(dir);
  const expectations = [...fromConfig(readConfigExpect(dir)), ...opts.expect.map((e) => parseExpectation(e))];
  const expectResults = checkExpectations(expectations, expectationValues(summary));
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
          `  ${r.metric.padEnd(11)} ${fmt(r.baseline).padStart(10)} ${fmt(r.value).padStart(10)} ${change.padStart(9)} ${`${betterOf(r.metric) === "lower" ? "≤" : "≥"} ${fmt(r.limit)}`.padStart(10)}  ${r.pass ? "PASS" : "FAIL"}`,
        );
      }
    }
    lines.push(passed ? "PASS" : "FAIL");
    process.stdout.write(lines.join("\n") + "\n");
  }
  return passed ? EXIT.ok : EXIT.failed;
}
