/**
 * The metrics a run records, in one list: the columns of metrics.csv in their order, what each one is (its kind),
 * whether lower or higher is better, whether it has one column per layer, and whether summary.json's `final`
 * carries it. Everything that names a metric derives from METRIC_COLUMNS: the csv header and rows, the config
 * schema's enums (`expect:`, `train.early_stop.metric`), --metric/--rank/--expect validation and help, the best
 * values a run tracks, check's baseline rows, compare's and sweep's tables, sweep.csv.
 *
 * A leaf module: it imports nothing, so every layer may import it.
 */

export type MetricKind =
  "epoch" | "loss" | "accuracy" | "learning_rate" | "gradient_norm" | "dead_fraction" | "zero_fraction" | "saturated_fraction" | "count";

export interface MetricColumn {
  /** The column name; for a per-layer metric the prefix of `<name>1..L`. */
  readonly name: string;
  readonly kind: MetricKind;
  /** Which way is an improvement; null for values that are neither (a gradient norm, the learning rate). */
  readonly better: "lower" | "higher" | null;
  /** "all": one column per layer (1..L); "hidden": one per hidden layer (1..H); null: one column. */
  readonly layers: "all" | "hidden" | null;
  /** In summary.json's `final`. */
  readonly final: boolean;
  readonly description: string;
}

/** metrics.csv's columns, in order (docs/configuration.md "A run folder"). */
export const METRIC_COLUMNS = [
  { name: "epoch", kind: "epoch", better: null, layers: null, final: false, description: "0 = the initial weights, before any update" },
  { name: "train_loss", kind: "loss", better: "lower", layers: null, final: true, description: "loss on the whole train set" },
  { name: "train_acc", kind: "accuracy", better: "higher", layers: null, final: true, description: "accuracy on the train set" },
  { name: "test_loss", kind: "loss", better: "lower", layers: null, final: true, description: "loss on the test set" },
  { name: "test_acc", kind: "accuracy", better: "higher", layers: null, final: true, description: "accuracy on the test set" },
  { name: "lr", kind: "learning_rate", better: null, layers: null, final: true, description: "the epoch's learning rate" },
  {
    name: "grad_norm",
    kind: "gradient_norm",
    better: null,
    layers: null,
    final: true,
    description: "global L2 norm of the gradient before clipping, averaged over the epoch's steps",
  },
  {
    name: "grad_norm_layer",
    kind: "gradient_norm",
    better: null,
    layers: "all",
    final: false,
    description: "the same for layer K's weight matrix",
  },
  {
    name: "dead_frac_layer",
    kind: "dead_fraction",
    better: null,
    layers: "hidden",
    final: false,
    description: "fraction of a ReLU-family layer's units that output 0 for every training sample",
  },
  {
    name: "sat_frac_layer",
    kind: "saturated_fraction",
    better: null,
    layers: "hidden",
    final: false,
    description: "fraction of sigmoid/tanh activations whose local derivative is below 1% of its maximum",
  },
  { name: "clipped", kind: "count", better: null, layers: null, final: false, description: "steps clipping changed" },
  {
    name: "zero_frac_layer",
    kind: "zero_fraction",
    better: null,
    layers: "hidden",
    final: false,
    description:
      "fraction of a ReLU-family layer's activations that are exactly 0, averaged over training samples (sparsity; a unit can be 0 for many samples without being dead)",
  },
] as const satisfies readonly MetricColumn[];

type Columns = (typeof METRIC_COLUMNS)[number];
export type ColumnName = Columns["name"];

/** One metrics.csv row: a value per column, an array per per-layer column; null where a value does not apply. */
export interface MetricsRow {
  epoch: number;
  train_loss: number;
  train_acc: number | null;
  test_loss: number | null;
  test_acc: number | null;
  lr: number;
  grad_norm: number | null;
  grad_norm_layer: (number | null)[];
  dead_frac_layer: (number | null)[];
  zero_frac_layer: (number | null)[];
  sat_frac_layer: (number | null)[];
  clipped: number | null;
}
// MetricsRow has exactly one field per column: adding a column without its field (or the reverse) does not compile.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const rowMatchesColumns: Same<keyof MetricsRow, ColumnName> = true;
void rowMatchesColumns;

/** The metrics with a better direction: what runs are ranked, compared, gated and have a best value of. */
export type ScoreMetric = Extract<Columns, { better: "lower" | "higher" }>["name"];
export const SCORE_METRICS = METRIC_COLUMNS.filter((c) => c.better !== null).map((c) => c.name) as ScoreMetric[];

/** Losses then accuracies (train before test): the order of tables and baseline rows. */
export const SCORE_METRICS_BY_KIND: readonly ScoreMetric[] = [
  ...SCORE_METRICS.filter((m) => betterOf(m) === "lower"),
  ...SCORE_METRICS.filter((m) => betterOf(m) === "higher"),
];

/** The losses: what early stopping may watch. */
export type LossMetric = Extract<Columns, { kind: "loss" }>["name"];
export const LOSS_METRICS = METRIC_COLUMNS.filter((c) => c.kind === "loss").map((c) => c.name) as [LossMetric, ...LossMetric[]];

/** summary.json's `final`: the last row's values of these columns. */
export type FinalMetric = Extract<Columns, { final: true }>["name"];
export const FINAL_METRICS = METRIC_COLUMNS.filter((c) => c.final).map((c) => c.name) as FinalMetric[];
export type FinalMetrics = Pick<MetricsRow, FinalMetric>;

export function finalMetrics(row: MetricsRow): FinalMetrics {
  const out: Partial<Record<FinalMetric, number | null>> = {};
  for (const m of FINAL_METRICS) out[m] = row[m];
  return out as FinalMetrics;
}

/** Best value per score metric and the epoch it was reached (summary.json's `best`). */
export type BestMetrics = Partial<Record<ScoreMetric, { value: number; epoch: number }>>;

/** Fold a row into the best values so far: the lowest loss, the highest accuracy (the first epoch on ties). */
export function trackBest(best: BestMetrics, row: MetricsRow): void {
  for (const m of SCORE_METRICS_BY_KIND) {
    const v = row[m];
    if (v === null || !Number.isFinite(v)) continue;
    const cur = best[m];
    if (!cur || (betterOf(m) === "lower" ? v < cur.value : v > cur.value)) best[m] = { value: v, epoch: row.epoch };
  }
}

/** What an expectation (`expect:`, --expect) may name: the score metrics, their best values, and epochs. */
export type ExpectMetric = ScoreMetric | `best_${ScoreMetric}` | "epochs";
export const EXPECT_METRICS = [...SCORE_METRICS, ...SCORE_METRICS.map((m) => `best_${m}` as const), "epochs"] as unknown as [
  ExpectMetric,
  ...ExpectMetric[],
];

/** The values expectations are checked against, from a run's final metrics, best values and epochs. */
export function expectationValues(run: {
  final: Partial<Record<ScoreMetric, number | null>>;
  best: Record<string, { value: number }> | undefined;
  epochs: number;
}): Record<string, number | null> {
  const values: Record<string, number | null> = {};
  for (const m of SCORE_METRICS) values[m] = run.final[m] ?? null;
  values.epochs = run.epochs;
  for (const [k, v] of Object.entries(run.best ?? {})) values[`best_${k}`] = v.value;
  return values;
}

/** metrics.csv's header for a network of `layers` weight layers, `hidden` of them hidden. */
export function metricsColumns(layers: number, hidden: number): string[] {
  const out: string[] = [];
  for (const c of METRIC_COLUMNS) {
    const n = c.layers === "all" ? layers : c.layers === "hidden" ? hidden : 0;
    if (c.layers === null) out.push(c.name);
    else for (let i = 1; i <= n; i++) out.push(`${c.name}${i}`);
  }
  return out;
}

/** The column spec of a metrics.csv column name (`grad_norm_layer3` → grad_norm_layer), or null. */
export function columnOf(name: string): MetricColumn | null {
  for (const c of METRIC_COLUMNS) {
    if (c.layers === null ? name === c.name : name.startsWith(c.name) && /^[1-9]\d*$/.test(name.slice(c.name.length))) return c;
  }
  return null;
}

/** Which way is better for a column (per-layer names included); null when neither is. */
export function betterOf(name: string): "lower" | "higher" | null {
  return columnOf(name)?.better ?? null;
}

/** True when `name` is a score metric (train_loss, train_acc, test_loss, test_acc). */
export function isScoreMetric(name: string): name is ScoreMetric {
  return (SCORE_METRICS as readonly string[]).includes(name);
}

/**
 * A per-layer family named as a whole: `grad_norm_layer*` or `grad_norm_layers` (likewise dead_frac_layer,
 * sat_frac_layer) → its column spec; null for anything else (a single column such as grad_norm_layer2).
 */
export function metricFamily(name: string): MetricColumn | null {
  const prefix = name.endsWith("*") ? name.slice(0, -1) : name.endsWith("s") ? name.slice(0, -1) : null;
  if (prefix === null) return null;
  return METRIC_COLUMNS.find((c) => c.layers !== null && c.name === prefix) ?? null;
}

/** The columns of a family in a metrics.csv header, in layer order (`grad_norm_layer1`, `grad_norm_layer2`, …). */
export function familyColumns(family: MetricColumn, header: readonly string[]): string[] {
  return header.filter((h) => h.startsWith(family.name) && /^[1-9]\d*$/.test(h.slice(family.name.length)));
}

/**
 * An expectation's condition: a comparison and a number, "< 0.05", ">= 0.9". Here rather than in the config schema
 * so that checking expectations (run/expect.ts, in every sweep worker) does not load zod and the schema.
 */
export const CONDITION = /^\s*(<=|>=|==|<|>)\s*(-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*$/;
