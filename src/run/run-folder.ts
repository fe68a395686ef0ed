/**
 * Run folders: claimed atomically with a non-recursive mkdir (two processes can never get the same one),
 * never overwritten; files that must be whole are written to a temp file and renamed into place.
 */
import {
  accessSync,
  constants,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, resolve } from "node:path";
import { InputError, outputError } from "../errors.js";
import { readInputText } from "../files.js";

/** YYYYMMDD-HHMMSS in local time. */
export function timestamp(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

/**
 * mkdir -p, one level at a time. (Node's recursive mkdirSync never returns for a path it cannot create under
 * /proc; this walks up to the first folder that exists and creates each missing one, so every failure surfaces.)
 */
export function makeDirs(dir: string): string[] {
  const missing: string[] = [];
  for (let p = resolve(dir); !existsSync(p); p = dirname(p)) {
    missing.push(p);
    if (dirname(p) === p) break;
  }
  const created: string[] = [];
  for (const m of missing.reverse()) {
    try {
      mkdirSync(m);
      created.push(m);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") {
        removeCreated(created);
        throw e;
      }
    }
  }
  return created;
}

/** Remove folders makeDirs created (deepest first) when what they were made for failed: nothing is left behind. */
export function removeCreated(created: string[]): void {
  for (const d of [...created].reverse()) {
    try {
      rmdirSync(d);
    } catch {
      // not empty or gone: leave it
    }
  }
}

/** Claim `<parent>/<name>-<timestamp>` (or with -2, -3, … when taken); returns the folder's path. */
export function claimRunFolder(parent: string, name: string, now = new Date()): string {
  let created: string[];
  try {
    created = makeDirs(parent);
  } catch (e) {
    throw new InputError(`${parent}: cannot create the runs folder (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const base = `${name}-${timestamp(now)}`;
  for (let i = 1; i < 10000; i++) {
    const dir = join(parent, i === 1 ? base : `${base}-${i}`);
    try {
      mkdirSync(dir);
      return dir;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EEXIST") continue;
      removeCreated(created);
      throw new InputError(`${dir}: cannot create the run folder (${code ?? String(e)})`);
    }
  }
  throw new InputError(`${parent}: too many runs named ${base}`);
}

/**
 * Claim the exact folder a command's results go in (`train --run-dir`, `compare --out`): created when missing (its
 * parents too), else it must be empty unless `overwrite` is set; either way it must be writable — all checked
 * before anything is trained, so an unusable folder is exit 2 with nothing left behind.
 */
export function claimExactFolder(dir: string, overwrite: boolean, flag = "--run-dir"): string {
  let created: string[] = [];
  try {
    created = makeDirs(dirname(resolve(dir)));
    mkdirSync(dir);
    return dir;
  } catch (e) {
    removeCreated(created);
    const code = (e as NodeJS.ErrnoException).code;
    const what = flag === "--run-dir" ? "the run folder" : "the folder";
    if (code !== "EEXIST") throw new InputError(`${flag} ${dir}: cannot create ${what} (${code ?? String(e)})`);
  }
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (e) {
    throw new InputError(`${flag} ${dir}: exists and is not a readable folder (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  if (entries.length > 0 && !overwrite) {
    throw new InputError(`${flag} ${dir}: the folder is not empty (${entries.length} entries); pick another or pass --overwrite`);
  }
  try {
    accessSync(dir, constants.W_OK);
  } catch (e) {
    throw new InputError(`${flag} ${dir}: cannot write into the folder (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return dir;
}

/**
 * Write a command's `--out` file: its missing parent folders are created (and removed again when the write fails),
 * then the file is written atomically.
 */
export function writeOutputFile(path: string, text: string): void {
  let created: string[] = [];
  try {
    created = makeDirs(dirname(resolve(path)));
  } catch (e) {
    throw outputError(path, e);
  }
  try {
    writeFileAtomic(path, text);
  } catch (e) {
    removeCreated(created);
    throw e;
  }
}

/**
 * Write a file atomically: temp file in the same folder, then rename. `beforeRename` (tests only: see the CLI's
 * NN_LAB_TEST_PAUSE_MERGE) runs between the two.
 */
export function writeFileAtomic(path: string, text: string, beforeRename?: (tmp: string) => void): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, text);
    beforeRename?.(tmp);
    renameSync(tmp, path);
  } catch (e) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // the folder itself is unusable: there is no temp file to remove
    }
    throw outputError(path, e);
  }
}

export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, JSON.stringify(value, null, 2) + "\n");
}

/** The temp file writeFileAtomic writes `path` through (another process's, while it writes). */
export function isAtomicTempOf(name: string, file: string): boolean {
  return name.startsWith(`${file}.tmp-`) && /^\d+$/.test(name.slice(file.length + 5));
}

/**
 * Create `path` whole, only if it does not exist: true if this call created it, false if it was there already
 * (another process may have created it a moment ago: two shards opening one folder). The text goes to a temp file
 * that is then hard-linked to `path`, which fails if `path` exists; where a file system has no hard links, a
 * rename (which would replace a file that appeared in between) is the fallback.
 */
export function createFileExclusive(path: string, text: string): boolean {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, text);
    try {
      linkSync(tmp, path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EEXIST") return false;
      if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP") throw e;
      if (existsSync(path)) return false;
      renameSync(tmp, path);
    }
    return true;
  } catch (e) {
    throw outputError(path, e);
  } finally {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // the folder itself is unusable: there is no temp file to remove
    }
  }
}

/**
 * May `path` be written by a command's `--out`? A path that does not exist: yes. A regular file: only with
 * `--overwrite`. Anything else — a folder, a symbolic link, a FIFO, a device, a socket — never: writing a temp
 * file and renaming it over the target would replace the link or the device node itself.
 */
export function checkReplaceable(path: string, flag: string, overwrite: boolean): void {
  let st;
  try {
    st = lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
    throw new InputError(`${flag}: cannot look at ${path} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const kind = st.isSymbolicLink()
    ? "a symbolic link"
    : st.isDirectory()
      ? "a folder"
      : st.isFIFO()
        ? "a FIFO (named pipe)"
        : st.isCharacterDevice() || st.isBlockDevice()
          ? "a device"
          : st.isSocket()
            ? "a socket"
            : null;
  if (kind) throw new InputError(`${flag}: ${path} is ${kind}, not a regular file; nn-lab only replaces regular files`);
  if (!overwrite) throw new InputError(`${flag}: ${path} exists; pick another name or pass --overwrite`);
}

/**
 * Whether `path` can take `text`: true when it must be written, false when it already holds exactly `text` (so a
 * command re-run, or run on a fresh clone whose output is committed, succeeds and changes nothing, as make would).
 * Anything else that is there is refused as checkReplaceable refuses it.
 */
export function needsWriting(path: string, flag: string, overwrite: boolean, text: string): boolean {
  if (!overwrite && existsSync(path) && lstatSync(path).isFile()) {
    const now = readInputText(path, (why) => new InputError(`${flag}: cannot read ${path} (${why})`));
    if (now === text) return false;
  }
  checkReplaceable(path, flag, overwrite);
  return true;
}
