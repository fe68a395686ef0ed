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
  for (let r = 0; r < n; r++) {
    const row = body[r];
    if (row.length !== header.length) {
      throw new InputError(
        `${shownPath}:${cellPlace(text, r + 1, 0).line}: expected ${header.length} cells (as the header), got ${row.length}`,
      );
    }
    const cell = (j: number): number => {
      const v = row[j];
      const num = parseDecimal(v);
      if (num === null || !Number.isFinite(num)) {
        const at = cellPlace(text, r + 1, j);
        throw new InputError(
          `${shownPath}:${at.line}:${at.column}: column '${shown(header[j], 24)}': expected a decimal number (like 0.5, -2 or 1e-3), got '${shown(v, 24)}'`,
        );
      }
      return num;
    };
    inputCols.forEach((j, k) => (x[r * d + k] = cell(j)));
    y[r] = cell(targetCol);
    if (isTest) {
      const s = row[splitCol];
      if (s !== "train" && s !== "test")
        throw new InputError(
          `${shownPath}:${cellPlace(text, r + 1, 0).line}: column 'split': expected train or test, got '${shown(s, 24)}'`,
        );
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

/**
 * The 1-based line and column in the file where cell `j` of record `record` (0 is the header) starts, after any
 * leading blanks: records as csv-parse reads them here (blank lines skipped; a newline inside a quoted cell does not
 * end its record, but is counted as a line). Only for messages, so only computed for one.
 */
function cellPlace(text: string, record: number, j: number): { line: number; column: number } {
  let p: Place = { at: 0, line: 1, lineStart: 0 };
  for (let r = 0; ;) {
    const end = text.indexOf("\n", p.at);
    const blank = text.slice(p.at, end < 0 ? text.length : end).trim() === "";
    if (!blank && r++ === record) break;
    const last = blank ? { ...p, at: end } : pastCells(text, p, Infinity); // at the newline that ends it
    if (last.at < 0 || last.at >= text.length) break; // not reached for a record csv-parse read
    p = { at: last.at + 1, line: last.line + 1, lineStart: last.at + 1 };
  }
  const cell = pastCells(text, p, j);
  let at = cell.at;
  while (text[at] === " " || text[at] === "\t") at++;
  return { line: cell.line, column: at - cell.lineStart + 1 };
}

interface Place {
  at: number;
  line: number;
  lineStart: number;
}

/** From `p`, past `cells` commas outside quotes, stopping early at the record's end (a newline outside quotes). */
function pastCells(text: string, p: Place, cells: number): Place {
  let { at, line, lineStart } = p;
  let quoted = false;
  for (let seen = 0; at < text.length && seen < cells; at++) {
    const c = text[at];
    if (c === '"') quoted = !quoted;
    else if (c === "\n" && !quoted) break;
    else if (c === "\n") {
      line++;
      lineStart = at + 1;
    } else if (c === "," && !quoted) seen++;
  }
  return { at, line, lineStart };
}

/** At most five column names, each shortened, for a message: a file's content is never echoed wholesale. */
function columnList(header: string[]): string {
  const names = header.slice(0, 5).map((h) => shown(h, 20));
  return header.length > 5 ? `${names.join(", ")}, … ${header.length} in all` : names.join(", ");
}
