/** CSV data sets: a header row, a named target column, every other numeric column an input. */
import { parse } from "csv-parse/sync";
import { InputError } from "../errors.js";
import { confine, readInputText, shown } from "../files.js";

export interface CsvTable {
  inputNames: string[];
  /** n × d inputs. */
  x: Float64Array;
  y: Float64Array;
  n: number;
  /** From an optional `split` column (train|test), as `nn-lab data` writes it; null when absent. */
  isTest: boolean[] | null;
}

/** Read and check a CSV file; every problem is an InputError naming the file and line. */
export function readCsv(path: string, target: string, shownPath = path, where = shownPath): CsvTable {
  let text = heldTexts.get(path);
  if (text === undefined) {
    confine(path, where);
    text = readInputText(path, (why) => new InputError(`${where}: cannot read the CSV file ${shownPath} (${why})`));
  }
  const cached = lastTable !== null && lastTable.path === path && lastTable.target === target && lastTable.text === text;
  if (cached) return copyTable(lastTable!.table);
  const table = parseCsv(text, target, shownPath);
  lastTable = text.length <= CACHE_MAX_CHARS ? { path, target, text, table: copyTable(table) } : null;
  return table;
}

/**
 * CSV texts held in memory by absolute path, read by readCsv instead of the file: the playground page has no file
 * system, so its worker holds an imported data set here under the path its config names (src/report/play/worker.ts);
 * everything after the read — parsing, checks, messages — is the CLI's own. `null` lets go of a path.
 */
const heldTexts = new Map<string, string>();
export function holdCsvText(path: string, text: string | null): void {
  if (text === null) heldTexts.delete(path);
  else heldTexts.set(path, text);
}

/**
 * The last small CSV read, by path, target and content: a sweep reads its one data file again for every run (the
 * plan's checks, then each run in each worker), and parsing it cost as much as a short run's loading of its
 * config. Each caller gets its own copy of the arrays.
 */
let lastTable: { path: string; target: string; text: string; table: CsvTable } | null = null;
const CACHE_MAX_CHARS = 1 << 22;

function copyTable(t: CsvTable): CsvTable {
  return { inputNames: [...t.inputNames], x: t.x.slice(), y: t.y.slice(), n: t.n, isTest: t.isTest ? [...t.isTest] : null };
}

function parseCsv(text: string, target: string, shownPath: string): CsvTable {
  let rows: string[][];
  try {
    rows = parse(text, { skip_empty_lines: true, trim: true, relax_column_count: true }) as string[][];
  } catch (e) {
    throw new InputError(`${shownPath}: not valid CSV: ${shown((e as Error).message.split("\n")[0], 100)}`);
  }
  if (rows.length === 0) throw new InputError(`${shownPath}: the file is empty; expected a header row and data rows`);
  const header = rows[0];
  if (header.every((h) => h !== "" && !Number.isNaN(Number(h)))) {
    throw new InputError(`${shownPath}:1: expected a header row of column names, got numbers (${columnList(header.slice(0, 3))}, …)`);
  }
  const targetCol = header.indexOf(target);
  if (targetCol < 0) {
    throw new InputError(
      `${shownPath}: no target column '${shown(target, 40)}' in the header (columns: ${columnList(header)}); set data.target`,
    );
  }
  const seen = new Set<string>();
  for (const [j, h] of header.entries()) {
    if (seen.has(h))
      throw new InputError(
        `${shownPath}:1: the column name '${shown(h, 24)}' appears twice (columns ${header.indexOf(h) + 1} and ${j + 1}); column names must be unique`,
      );
    seen.add(h);
  }
  const splitCol = header.indexOf("split");
  const inputCols = header.map((_, j) => j).filter((j) => j !== targetCol && j !== splitCol);
  if (inputCols.length === 0) throw new InputError(`${shownPath}: no input columns besides the target '${target}'`);
  const body = rows.slice(1);
  if (body.length === 0) throw new InputError(`${shownPath}: no data rows after the header`);
  const n = body.length;
  const d = inputCols.length;
  const x = new Float64Array(n * d);
  const y = new Float64Array(n);
  const isTest: boolean[] | null = splitCol >= 0 ? [] : null;
  // csv-parse skips empty lines; map back to file lines for messages.
  const lineOf = lineNumbers(text, n + 1);
  const textLines = text.split(/\r?\n/);
  for (let r = 0; r < n; r++) {
    const row = body[r];
    const line = lineOf[r + 1];
    if (row.length !== header.length) {
      throw new InputError(`${shownPath}:${line}: expected ${header.length} cells (as the header), got ${row.length}`);
    }
    const cell = (j: number): number => {
      const v = row[j];
      const num = parseDecimal(v);
      if (num === null || !Number.isFinite(num))
        throw new InputError(
          `${shownPath}:${line}:${columnAt(textLines[line - 1] ?? "", j)}: column '${shown(header[j], 24)}': expected a decimal number (like 0.5, -2 or 1e-3), got '${shown(v, 24)}'`,
        );
      return num;
    };
    inputCols.forEach((j, k) => (x[r * d + k] = cell(j)));
    y[r] = cell(targetCol);
    if (isTest) {
      const s = row[splitCol];
      if (s !== "train" && s !== "test")
        throw new InputError(`${shownPath}:${line}: column 'split': expected train or test, got '${shown(s, 24)}'`);
      isTest.push(s === "test");
    }
  }
  return { inputNames: inputCols.map((j) => header[j]), x, y, n, isTest };
}

/**
 * A number as nn-lab reads one from a CSV cell (data files, metrics.csv, sweep.csv) or a typed logit: decimal
 * only — an optional sign, digits with an optional decimal point (`5`, `-0.25`, `.5`, `5.`), an optional exponent
 * (`1e-3`, `2.5E+4`) — else null. Not hexadecimal, octal or binary (`0x10` is not 16), not `Infinity`, `inf`,
 * `nan`, `1_000` or an empty cell: JavaScript's Number() takes some of those, and a data file that holds them
 * is more likely broken than meant. (A data file with pandas' `inf`/`nan` is refused, as Keras refuses NaN
 * inputs: drop or fill those rows first.)
 */
export function parseDecimal(text: string): number | null {
  return DECIMAL.test(text) ? Number(text) : null;
}
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A cell of a table nn-lab writes (metrics.csv, sweep.csv): a decimal number, or NaN, Infinity, -Infinity as it writes them; else null. */
export function parseWrittenNumber(text: string): number | null {
  return parseDecimal(text) ?? WRITTEN_SPECIAL.get(text) ?? null;
}
const WRITTEN_SPECIAL = new Map([
  ["NaN", NaN],
  ["Infinity", Infinity],
  ["-Infinity", -Infinity],
]);

/** The 1-based character column where cell `j` of a raw CSV line starts (after any leading blanks; quotes respected). */
function columnAt(line: string, j: number): number {
  let field = 0;
  let quoted = false;
  let i = 0;
  for (; i < line.length && field < j; i++) {
    if (line[i] === '"') quoted = !quoted;
    else if (line[i] === "," && !quoted) field++;
  }
  while (line[i] === " " || line[i] === "\t") i++;
  return i + 1;
}

/** At most five column names, each shortened, for a message: a file's content is never echoed wholesale. */
function columnList(header: string[]): string {
  const names = header.slice(0, 5).map((h) => shown(h, 20));
  return header.length > 5 ? `${names.join(", ")}, … ${header.length} in all` : names.join(", ");
}

/** 1-based line numbers of the first `count` non-empty lines. */
function lineNumbers(text: string, count: number): number[] {
  const out: number[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length && out.length < count; i++) if (lines[i].trim() !== "") out.push(i + 1);
  return out;
}
