/**
 * Claims on sweep runs, so two nn-lab processes sharing one sweep folder never train the same run into the same
 * files. Before a run is trained its claim `<sweep>/<run-id>.lock` is created exclusively ("wx": exactly one
 * process gets it), holding the claimant's pid, host name and start time, and on Linux the identity of its process:
 * the process's start time in clock ticks since boot (/proc/PID/stat field 22) and the boot id
 * (/proc/sys/kernel/random/boot_id). It is removed when the run ends. A claim whose holder is gone does not block
 * forever. On the same host the holder is gone when
 * - `kill(pid, 0)` finds no such process (ESRCH), or
 * - the pid is alive but is another process: the claim's boot id is not this boot's (a reboot, a new container), or
 *   its start time is not the live process's (the pid was reused; nn-lab as PID 1 in Docker finds its own pid in a
 *   claim left by the container's last life).
 * Without /proc (macOS, BSD, Windows) or for a claim written without the identity (before this format), a live pid
 * counts as the holder: remove the lock file by hand once no nn-lab runs there, or use --steal-claims-older-than.
 * A claim from another host is never presumed dead (its pid means nothing here): the message names the host and
 * the file, and `--steal-claims-older-than DURATION` takes over a claim started longer ago than DURATION (a dead
 * Slurm node's), whatever its host.
 */
import { hostname } from "node:os";
import { renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../errors.js";
import { readInputText, shown } from "../files.js";

export interface ClaimHolder {
  pid: number;
  host: string;
  started: string;
  /** Linux: the holder's start time in clock ticks after boot (/proc/PID/stat field 22); absent elsewhere. */
  proc_start?: string;
  /** Linux: the boot id the holder ran under (/proc/sys/kernel/random/boot_id); absent elsewhere. */
  boot_id?: string;
}

export function claimPath(sweepDir: string, runId: string): string {
  return join(sweepDir, `${runId}.lock`);
}

/** A small /proc file's text, or null when there is none (not Linux, or the process is gone). */
function procText(path: string): string | null {
  try {
    return readInputText(path, (why) => new Error(why), 4096).trim();
  } catch {
    return null;
  }
}

/**
 * A process's identity on Linux: its start time (field 22 of /proc/PID/stat; the fields are counted after the
 * command name, which is in parentheses and may hold spaces and parentheses itself) and the boot id; null elsewhere.
 */
export function processIdentity(pid: number): { proc_start: string; boot_id: string } | null {
  const stat = procText(`/proc/${pid}/stat`);
  const boot = procText("/proc/sys/kernel/random/boot_id");
  if (stat === null || boot === null) return null;
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" "); // fields 3, 4, … of the stat line
  const start = fields[22 - 3];
  return start && /^\d+$/.test(start) ? { proc_start: start, boot_id: boot } : null;
}

/** Whether a holder is certainly gone: decidable on the same host only (see the file's comment). */
export function holderIsDead(h: ClaimHolder): boolean {
  if (h.host !== hostname()) return false;
  if (h.pid !== process.pid) {
    try {
      process.kill(h.pid, 0);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ESRCH") return true;
    }
  }
  // alive (or our own pid): the same process only if its recorded identity is the live one's
  if (h.proc_start === undefined || h.boot_id === undefined) return false; // no identity recorded: cannot tell
  const live = processIdentity(h.pid);
  if (live === null) return false; // no /proc here: the documented fallback, a live pid holds
  return live.boot_id !== h.boot_id || live.proc_start !== h.proc_start;
}

/** `--steal-claims-older-than`: 90s, 30m, 1h, 2d (a number and a unit) → milliseconds. */
export function parseClaimAge(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)\s*$/.exec(text);
  if (!m || Number(m[1]) <= 0)
    throw new InputError(`--steal-claims-older-than ${shown(text, 40)}: expected a duration like 30m, 1h or 2d (s, m, h, d)`);
  return Number(m[1]) * { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3 }[m[2] as "s" | "m" | "h" | "d"];
}

/** Whether a claim started longer than `maxAgeMs` ago (by its `started` time; an unreadable time counts as old). */
function olderThan(h: ClaimHolder, maxAgeMs: number | null, now: Date): boolean {
  if (maxAgeMs === null) return false;
  const t = Date.parse(h.started);
  return Number.isNaN(t) || now.getTime() - t > maxAgeMs;
}

/** A claim file holds one short JSON line; anything longer is not one of ours. */
const CLAIM_MAX_BYTES = 4096;

/**
 * The holder a claim file names, or null when the file is gone, half-written or not a claim (stale). A claim path
 * that is not a regular file (a FIFO, a device, a folder someone put there) is an InputError: reading it could hang
 * or never end, and replacing it would remove something nn-lab did not make.
 */
function readHolder(path: string): ClaimHolder | null {
  let text: string;
  try {
    text = readInputText(
      path,
      // files.ts says "it is a FIFO (named pipe), not a regular file", "it is a device, …", "it is a folder", …
      (why) =>
        why.startsWith("it is ") ? new InputError(`${path}: cannot read the run's claim (${why}); remove it and re-run`) : new Error(why),
      CLAIM_MAX_BYTES,
    );
  } catch (e) {
    if (e instanceof InputError) throw e;
    return null; // gone, unreadable, too long or not text: not a live claim
  }
  try {
    const h = JSON.parse(text) as Partial<ClaimHolder>;
    if (typeof h.pid === "number" && Number.isInteger(h.pid) && h.pid > 0 && typeof h.host === "string")
      return {
        pid: h.pid,
        host: h.host,
        started: String(h.started ?? ""),
        ...(typeof h.proc_start === "string" && typeof h.boot_id === "string" ? { proc_start: h.proc_start, boot_id: h.boot_id } : {}),
      };
  } catch {
    // unreadable or half-written: treated below
  }
  return null;
}

/**
 * Try to claim a run: null when it is now ours, else the live holder (another process is training it).
 * An unreadable claim file (a holder killed between create and write) counts as stale, and so does a claim started
 * more than `stealOlderThanMs` ago (--steal-claims-older-than), whoever holds it.
 */
export function claimRun(sweepDir: string, runId: string, now = new Date(), stealOlderThanMs: number | null = null): ClaimHolder | null {
  const path = claimPath(sweepDir, runId);
  const me: ClaimHolder = { pid: process.pid, host: hostname(), started: now.toISOString(), ...processIdentity(process.pid) };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(path, JSON.stringify(me) + "\n", { flag: "wx" });
      return null;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    const holder = readHolder(path);
    if (holder && !holderIsDead(holder) && !olderThan(holder, stealOlderThanMs, now)) return holder;
    // stale: move it aside under a name only we use (a rename is atomic, so two processes cannot both take it
    // over), then try the exclusive create again
    const aside = `${path}.stale-${process.pid}`;
    try {
      renameSync(path, aside);
      const moved = readHolder(aside);
      // between our look and the rename another process may have taken the run over, or finished writing the claim
      // we saw half-written: give its claim back
      if (moved && (holder === null || moved.pid !== holder.pid || moved.started !== holder.started || moved.host !== holder.host)) {
        renameSync(aside, path);
        return moved;
      }
      rmSync(aside, { force: true });
    } catch {
      // another process moved it first: try again
    }
  }
  const holder = readHolder(path);
  return holder ?? { pid: 0, host: "unknown", started: "" };
}

/** Give a claim back (only our own). */
export function releaseRun(sweepDir: string, runId: string): void {
  const path = claimPath(sweepDir, runId);
  let h: ClaimHolder | null;
  try {
    h = readHolder(path);
  } catch {
    return; // something else took the claim's place (a FIFO, a folder): not ours to remove
  }
  const me = processIdentity(process.pid);
  const ours =
    h && h.pid === process.pid && h.host === hostname() && (me === null || h.proc_start === undefined || h.proc_start === me.proc_start);
  if (ours) rmSync(path, { force: true });
}

export function describeHolder(h: ClaimHolder): string {
  return `pid ${h.pid} on ${shown(h.host, 80)}${h.started ? ` since ${shown(h.started, 40)}` : ""}`;
}
