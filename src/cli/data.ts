/**
 * `nn-lab data KIND`: the generated data set as CSV — inputs x1..xd, the target (label or y) and, when a test
 * fraction is held out, a `split` column. Rows are in training order: train rows, then test rows. A config with
 * `data: {kind: csv, path: that.csv}` trains on exactly these rows and this split.
 */
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { dataSchema } from "../config/schema.js";
import { formatIssues } from "../config/format.js";
import { keysAt } from "../config/keys.js";
import { prepareData } from "../data/prepare.js";
import { InputError } from "../errors.js";
import { colorDepth, terminalWidth } from "../terminal/colors.js";
import { checkReplaceable, needsWriting, writeOutputFile } from "../run/run-folder.js";
import { scatterPlot } from "../terminal/scatter.js";
import { EXIT } from "./exit.js";
import type { CommonOptions } from "./options.js";
import { jsonShown, shown } from "../files.js";

export interface DataOptions extends CommonOptions {
  n?: string;
  noise?: string;
  classes?: string;
  test?: string;
  seed: string;
  out?: string;
  overwrite?: boolean;
  /** --plot: draw the data set in the terminal. */
  plot?: boolean;
}

function num(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (v.trim() === "" || !Number.isFinite(x)) throw new InputError(`--${flag}: expected a number, got '${v}'`);
  return x;
}

export async function dataCommand(kind: string, opts: DataOptions): Promise<number> {
  const block: Record<string, unknown> = { kind };
  for (const key of ["n", "noise", "classes", "test"] as const) {
    const v = num(key, opts[key]);
    if (v !== undefined) block[key] = v;
  }
  const seed = num("seed", opts.seed)!;
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new InputError(`--seed: expected a whole number from 0 to 2^53 − 1, got '${opts.seed}'`);
  if (kind === "csv" || kind === "inline")
    throw new InputError(`data: '${kind}' is not generated; expected one of xor, moons, circles, spirals, blobs, linear, sine, plane`);
  const parsed = dataSchema.safeParse(block);
  if (!parsed.success) {
    throw new InputError(
      formatIssues(parsed.error.issues, {
        raw: block,
        where: () => "nn-lab data",
        keysAt: (p) => keysAt(dataSchema, block, p),
      }).map((l) => l.replace(/: (kind|n|noise|classes|test): /, (_, k: string) => `: ${k === "kind" ? "KIND" : `--${k}`}: `)),
    );
  }
  if (opts.out) checkReplaceable(opts.out, `--out ${opts.out}`, true); // a folder, FIFO or device is refused before generating
  const data = prepareData(parsed.data, { seed, task: null, baseDir: process.cwd(), where: "nn-lab data" });
  const csv = datasetCsv(data.all, data.testCount);
  if (opts.out) {
    const write = needsWriting(opts.out, `--out ${opts.out}`, opts.overwrite ?? false, csv);
    if (write) writeOutputFile(opts.out, csv);
    const rows = `${data.all.n} rows (${data.all.n - data.testCount} train, ${data.testCount} test)`;
    if (!opts.quiet && !opts.json)
      process.stderr.write(write ? `wrote ${rows} to ${shown(opts.out)}\n` : `${shown(opts.out)} is up to date (it holds these ${rows})\n`);
  }
  if (opts.json) {
    const [header, ...rows] = parse(csv) as string[][];
    const cells = rows.map((r) => r.map((c, j) => (header[j] === "split" ? c : Number(c))));
    const doc = { kind, seed, rows: data.all.n, train: data.all.n - data.testCount, test: data.testCount, out: opts.out ?? null };
    process.stdout.write(jsonShown({ ...doc, columns: header, data: cells }) + "\n");
    return EXIT.ok;
  }
  if (!opts.out && !opts.plot) process.stdout.write(csv);
  if (opts.plot) {
    const plot = scatterPlot(data.all, {
      width: terminalWidth(process.stdout),
      depth: colorDepth(process.stdout, opts.color, process.env),
    });
    process.stdout.write(`${kind}: ${plot}\n`);
  }
  return EXIT.ok;
}

/** CSV text of a data set in row order; the last `testCount` rows are marked split=test. */
export function datasetCsv(
  ds: { x: Float64Array; y: Float64Array; n: number; d: number; inputNames: string[]; targetName: string },
  testCount: number,
): string {
  const header = [...ds.inputNames, ds.targetName, ...(testCount > 0 ? ["split"] : [])];
  const rows: (string | number)[][] = [header];
  for (let r = 0; r < ds.n; r++) {
    const row: (string | number)[] = [];
    for (let j = 0; j < ds.d; j++) row.push(String(ds.x[r * ds.d + j]));
    row.push(String(ds.y[r]));
    if (testCount > 0) row.push(r >= ds.n - testCount ? "test" : "train");
    rows.push(row);
  }
  return stringify(rows);
}
