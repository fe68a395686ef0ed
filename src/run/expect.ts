/** Expectations on final metrics (config `expect:` and `--expect 'test_acc>=0.9'`): parse and check. */
import { InputError } from "../errors.js";
import { CONDITION, EXPECT_METRICS } from "../metrics.js";
import { didYouMean } from "../errors.js";

export type Op = "<" | "<=" | ">" | ">=" | "==";
export interface Expectation {
  metric: string;
  op: Op;
  threshold: number;
}
export interface ExpectationResult extends Expectation {
  value: number | null;
  pass: boolean;
}

/**
 * From the config's expect block: {train_loss: "< 0.05"}. A bare number is refused: `test_loss: 0.3` read as
 * `== 0.3` would fail every better run; the comparison must be written ("<= 0.3", or "== 0.3" when meant).
 */
export function fromConfig(block: Record<string, string | number | undefined>, where = "expect"): Expectation[] {
  return Object.entries(block)
    .filter(([, c]) => c !== undefined)
    .map(([metric, cond]) => {
      if (typeof cond === "number") throw new InputError(bareNumberMessage(`${where}.${metric}`, cond, metric));
      const m = CONDITION.exec(String(cond));
      if (!m) throw new InputError(`${where}.${metric}: expected a condition like '< 0.05' or '>= 0.9', got '${String(cond)}'`);
      return { metric, op: m[1] as Op, threshold: Number(m[2]) };
    });
}

/** "expect.test_loss: a bare number 0.3 is ambiguous; write the comparison: "<= 0.3" (or "== 0.3" for exactly)". */
export function bareNumberMessage(where: string, value: number, metric: string): string {
  const op = metric.endsWith("_acc") ? ">=" : "<=";
  return `${where}: a bare number (${value}) does not say which way to compare; write the comparison, e.g. "${op} ${value}" (or "== ${value}" for exactly that value)`;
}

/** From the command line: 'train_loss<0.05', 'test_acc >= 0.9'. */
export function parseExpectation(text: string, flag = "--expect"): Expectation {
  const m = /^\s*([A-Za-z_][\w]*)\s*(<=|>=|==|<|>)\s*(\S+)\s*$/.exec(text);
  if (!m) throw new InputError(`${flag} '${text}': expected METRIC OP NUMBER, e.g. 'test_acc>=0.9' (OP one of < <= > >= ==)`);
  const [, metric, op, num] = m;
  if (!(EXPECT_METRICS as readonly string[]).includes(metric)) {
    throw new InputError(
      `${flag} '${text}': unknown metric '${metric}'${didYouMean(metric, EXPECT_METRICS)}; expected one of ${EXPECT_METRICS.join(", ")}`,
    );
  }
  const threshold = Number(num);
  if (!Number.isFinite(threshold)) throw new InputError(`${flag} '${text}': expected a number after ${op}, got '${num}'`);
  return { metric, op: op as Op, threshold };
}

/**
 * The expectations a run is checked on: the config's, except where the command line names the same metric — an
 * --expect replaces the config's expect: on its metric, as --set replaces a key — then the flags', each once.
 */
export function withFlags(config: Expectation[], flags: Expectation[]): Expectation[] {
  const named = new Set(flags.map((e) => e.metric));
  const seen = new Set<string>();
  return [...config.filter((e) => !named.has(e.metric)), ...flags].filter((e) => {
    const key = `${e.metric} ${e.op} ${e.threshold}`;
    return !seen.has(key) && seen.add(key);
  });
}

export function compare(value: number, op: Op, threshold: number): boolean {
  switch (op) {
    case "<":
      return value < threshold;
    case "<=":
      return value <= threshold;
    case ">":
      return value > threshold;
    case ">=":
      return value >= threshold;
    case "==":
      return value === threshold;
  }
}

/** Check expectations against a flat map of metric values (final metrics, best_*, epochs). A missing or NaN value fails. */
export function checkExpectations(expectations: Expectation[], values: Record<string, number | null>): ExpectationResult[] {
  return expectations.map((e) => {
    const value = values[e.metric] ?? null;
    return { ...e, value, pass: value !== null && !Number.isNaN(value) && compare(value, e.op, e.threshold) };
  });
}
