/**
 * Reading what a user hands nn-lab (configs, CSV files, model files, run and sweep files) and echoing pieces of it
 * in messages, safely:
 * - only regular files are read: a FIFO, a device (/dev/zero, /dev/urandom), a socket or a folder is refused
 *   before a byte is read (the file is opened non-blocking, so a FIFO cannot hang the open), and at most
 *   `inputLimits().maxBytes` (NN_LAB_MAX_INPUT_MB, default 256 MiB) is read — checked against the size first and again while reading,
 *   because /proc files report size 0;
 * - text is UTF-8: a UTF-8 byte-order mark is dropped, UTF-16 (a BOM, or NUL bytes every other byte) and other
 *   binary content (NUL bytes) are refused with a line saying so;
 * - anything echoed from an input goes through `shown()`: shortened, control characters, ANSI escapes and
 *   bidirectional overrides written as \x1b, \u202e, … so a file cannot rewrite the terminal or a CI log. It is the
 *   one function every printer uses for a string that came from a file, a folder listing or a command line (run
 *   and sweep folders are shared across machines): error lines, tables, chart legends, paths; `jsonShown()` is the
 *   same for a --json document (the characters written as JSON \u escapes: the document parses to the same value).
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync } from "node:fs";
import { isAbsolute, relative } from "node:path";
import { InputError } from "./errors.js";

export const DEFAULT_MAX_INPUT_MB = 256;

/**
 * What nn-lab may read: at most `maxBytes` from one file, and (when `dataRoot` is set) data and model files only
 * inside that folder. The CLI sets them once, from NN_LAB_MAX_INPUT_MB and NN_LAB_DATA_ROOT (src/cli/environment.ts),
 * and a sweep worker thread from its workerData; nothing below src/cli reads the environment. They are kept here,
 * process-wide, rather than passed as parameters because every layer reads input files (configs, CSVs, model
 * files, run and sweep folders) and the limit is the same for all of them. A library user who sets nothing gets
 * the defaults.
 */
export interface InputLimits {
  maxBytes: number;
  dataRoot: string | null;
}

export const DEFAULT_INPUT_LIMITS: Readonly<InputLimits> = Object.freeze({ maxBytes: DEFAULT_MAX_INPUT_MB * 2 ** 20, dataRoot: null });

let limits: Readonly<InputLimits> = DEFAULT_INPUT_LIMITS;

/** Set the input limits (the CLI, once, from the environment; a sweep worker, from its workerData). */
export function setInputLimits(next: InputLimits): void {
  limits = Object.freeze({ ...next });
}

export function inputLimits(): Readonly<InputLimits> {
  return limits;
}

const KIND = (s: import("node:fs").Stats): string =>
  s.isDirectory()
    ? "it is a folder"
    : s.isFIFO()
      ? "it is a FIFO (named pipe), not a regular file"
      : s.isCharacterDevice() || s.isBlockDevice()
        ? "it is a device, not a regular file"
        : s.isSocket()
          ? "it is a socket, not a regular file"
          : "it is not a regular file";

const ERRNO_WHY: Record<string, string> = {
  ENOENT: "no such file",
  EACCES: "permission denied",
  EISDIR: "it is a folder",
  ENOTDIR: "a part of the path is a file, not a folder",
  ELOOP: "too many symbolic links",
  ENAMETOOLONG: "the name is too long",
};

/**
 * Read a regular file as UTF-8 text. `fail(why)` builds the error for a file that cannot be used; `why` is short
 * ("no such file", "it is a FIFO (named pipe), not a regular file", "UTF-16 text; save it as UTF-8", …).
 */
export function readInputText(path: string, fail: (why: string) => Error, limit = inputLimits().maxBytes): string {
  return decodeText(readInputBytes(path, fail, limit), fail);
}

export function readInputBytes(path: string, fail: (why: string) => Error, limit = inputLimits().maxBytes): Buffer {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "";
    throw fail(ERRNO_WHY[code] ?? code ?? "cannot open it");
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw fail(KIND(st));
    const tooBig = () => fail(`larger than ${mib(limit)} (set NN_LAB_MAX_INPUT_MB to raise the limit)`);
    if (st.size > limit) throw tooBig();
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(1 << 20, limit + 1 - total));
      let n: number;
      try {
        n = readSync(fd, buf, 0, buf.length, null);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code ?? "";
        throw fail(code === "EISDIR" ? "it is a folder" : `cannot read it (${code || (e as Error).message})`);
      }
      if (n === 0) break;
      chunks.push(buf.subarray(0, n));
      total += n;
      if (total > limit) throw tooBig();
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

function mib(bytes: number): string {
  const m = bytes / 2 ** 20;
  return `${m >= 1 ? Math.round(m) : m.toPrecision(2)} MiB`;
}

/** UTF-8 text of a file's bytes: the BOM dropped; UTF-16 and binary content refused. */
export function decodeText(buf: Buffer, fail: (why: string) => Error): string {
  if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)))
    throw fail("UTF-16 text; save it as UTF-8");
  const start = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  const nul = buf.indexOf(0, start);
  if (nul >= 0) {
    // UTF-16 without a BOM: ASCII text has a NUL in every other byte
    const head = buf.subarray(start, Math.min(buf.length, start + 512));
    let even = 0;
    let odd = 0;
    head.forEach((b, i) => b === 0 && (i % 2 === 0 ? even++ : odd++));
    if (Math.max(even, odd) >= head.length / 4 && Math.min(even, odd) === 0) throw fail("UTF-16 text; save it as UTF-8");
    throw fail(`binary content (a NUL byte at byte ${nul + 1}); expected UTF-8 text`);
  }
  return buf.toString("utf8", start);
}

/**
 * A piece of input, fit to echo in a one-line message: control characters (C0, DEL, C1), ANSI escapes,
 * bidirectional overrides and zero-width marks written as \n, \x1b, \u202e; longer than `max` → cut with "…".
 */
export function shown(text: string, max = Infinity): string {
  const cut = [...text];
  const s = cut.length > max ? cut.slice(0, max).join("") + "…" : text;
  return escapeControls(s);
}

const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };
// C0 controls, DEL, C1 controls, bidi embeddings/overrides/isolates, LRM/RLM/ALM, zero-width chars, BOM, line/paragraph separators
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g;
const UNSAFE_OUTSIDE_C0 = /[\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g;

/** A value as a --json document: JSON.stringify, with the characters shown() escapes written as \u escapes too. */
export function jsonShown(value: unknown, indent?: number): string {
  // JSON.stringify already writes C0 controls inside strings as escapes; a raw newline left is the indentation's
  return JSON.stringify(value, null, indent).replace(UNSAFE_OUTSIDE_C0, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

export function escapeControls(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const named = NAMED[c];
    if (named) return named;
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

/**
 * Confinement: when a data root is set (NN_LAB_DATA_ROOT, see InputLimits), a file a config points to (data.path, init.from) must lie inside
 * that folder once every symbolic link is resolved; anything else is an InputError. Unset: no confinement (see
 * docs/robustness.md "What is guaranteed" for why that is the default).
 */
export function confine(path: string, where: string, root: string | null = inputLimits().dataRoot): void {
  if (root === null || root === "") return;
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    throw new InputError(`NN_LAB_DATA_ROOT=${shown(root, 80)}: no such folder`);
  }
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    return; // does not exist: the read reports it
  }
  const rel = relative(realRoot, real);
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel))
    throw new InputError(
      `${where}: ${shown(path, 80)} is outside NN_LAB_DATA_ROOT (${shown(realRoot, 80)}); nn-lab reads data and model files only inside it`,
    );
}
