/** A data set as the trainer sees it: inputs row-major (n × d) and one target per row. */
export type Task = "classification" | "regression";

export interface Dataset {
  /** n × d inputs, row-major. */
  x: Float64Array;
  /** n targets: class indices (classification) or values (regression, one output). */
  y: Float64Array;
  n: number;
  d: number;
  task: Task;
  /** Number of classes (classification), 0 for regression. */
  classes: number;
  /** Names of the input columns (x1, x2, …, or the CSV header). */
  inputNames: string[];
  /** Name of the target column. */
  targetName: string;
}

export interface Split {
  train: Dataset;
  test: Dataset | null;
}

/** A new data set made of the given rows of `ds`, in that order. */
export function takeRows(ds: Dataset, rows: ArrayLike<number>, count = rows.length): Dataset {
  const x = new Float64Array(count * ds.d);
  const y = new Float64Array(count);
  for (let r = 0; r < count; r++) {
    const src = rows[r];
    for (let j = 0; j < ds.d; j++) x[r * ds.d + j] = ds.x[src * ds.d + j];
    y[r] = ds.y[src];
  }
  return { ...ds, x, y, n: count };
}
