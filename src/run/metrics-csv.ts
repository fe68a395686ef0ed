/**
 * metrics.csv, streamed: the header, then one row per logged epoch. Rows are appended with a synchronous write of
 * whole lines: at once when the last write is FLUSH_MS old, else gathered and written together by a timer (which
 * fires when training yields, every ~50 ms) or on close — a run of thousands of tiny epochs would otherwise spend a
 * tenth of its time in one write per row. The file is valid at every moment and a kill -9 leaves a readable file.
 * Numbers are written in JavaScript's shortest round-trip form; NaN and ±Infinity as NaN, Infinity, -Infinity.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { stringify } from "csv-stringify/sync";
import { outputError } from "../errors.js";
import { METRIC_COLUMNS, type MetricsRow } from "../metrics.js";
import { formatNumber } from "../format.js";

const cell = (v: number | null): string => (v === null ? "" : formatNumber(v));

/**
 * One CSV line of a metrics row, its cells in METRIC_COLUMNS' order (the header's). Cells are numbers or empty, so
 * no quoting is needed; built by hand, it allocates little.
 */
export function metricsLine(row: MetricsRow): string {
  let line = "";
  for (const c of METRIC_COLUMNS) {
    const v = row[c.name];
    if (typeof v === "number" || v === null) line += `,${cell(v)}`;
    else for (const x of v) line += `,${cell(x)}`;
  }
  return `${line.slice(1)}\n`;
}

/** writeSync until every byte is written: a short write (a disk filling up) ends in the error of the next call. */
function writeAll(fd: number, text: string): void {
  const buf = Buffer.from(text);
  for (let off = 0; off < buf.length;) off += writeSync(fd, buf, off, buf.length - off);
}

/** The longest a finished row waits in memory before it is written. */
export const FLUSH_MS = 50;

export class MetricsWriter {
  private fd: number | null;
  private pending = "";
  private lastFlush = -Infinity;
  private timer: NodeJS.Timeout | null = null;
  constructor(
    private readonly path: string,
    columns: string[],
    overwrite = false,
  ) {
    try {
      this.fd = openSync(path, overwrite ? "w" : "wx");
      writeAll(this.fd, stringify([columns]));
    } catch (e) {
      throw outputError(path, e);
    }
  }

  write(row: MetricsRow): void {
    if (this.fd === null) return;
    this.throwTimerError();
    this.pending += metricsLine(row);
    if (performance.now() - this.lastFlush >= FLUSH_MS || this.pending.length >= 1 << 16) this.flush();
    else this.timer ??= setTimeout(() => this.flushFromTimer(), FLUSH_MS).unref();
  }

  /** A write error on the timer is kept for the next write or close to throw (a timer has no caller to throw to). */
  private error: unknown = null;
  private flushFromTimer(): void {
    this.timer = null;
    try {
      this.flush();
    } catch (e) {
      this.error = e;
    }
  }

  private throwTimerError(): void {
    const e = this.error;
    this.error = null;
    if (e !== null) throw e;
  }

  /** Write the rows waiting in memory. */
  flush(): void {
    this.throwTimerError();
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.lastFlush = performance.now();
    if (this.fd === null || this.pending === "") return;
    const text = this.pending;
    this.pending = "";
    try {
      writeAll(this.fd, text);
    } catch (e) {
      throw outputError(this.path, e);
    }
  }

  close(): void {
    try {
      this.flush();
    } finally {
      if (this.fd !== null) closeSync(this.fd);
      this.fd = null;
    }
  }
}
