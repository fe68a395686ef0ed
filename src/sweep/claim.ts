/**
 * Claims on sweep runs, so two nn-lab processes sharing one sweep folder never train the same run into the same
 * files. Before a run is trained its claim `<sweep>/<run-id>.lock` is created exclusively ("wx": exactly one
 * process gets it), holding the claimant's pid, host name and start time; it is removed when the run ends. A
 * claim whose holder is dead does not block forever: on the same host a pid that `kill(pid, 0)` finds gone
 * (ESRCH) is stale and is taken over. A claim from another host is never presumed dead (its pid means nothing
 * here): the message names the host and the file to delete once that machine is known to be gone.
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
}

export function claimPath(sweepDir: string, runId: string): string {
  return join(sweepDir, `${runId}.lock`);
}

/** Whether a holder is certainly gone: only decidable on the same host (ESRCH from kill(pid, 0)). */
export function holderIsDead(h: ClaimHolder): boolean {
  if (h.host !== hostname()) return false;
  if (h.pid === process.pid) return false;
  try {
    process.kill(h.pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ESRCH";
  }
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
      return { pid: h.pid, host: h.host, started: String(h.started ?? "") };
  } catch {
    // unreadable or half-written: treated below
  }
  return null;
}

/**
 * Try to claim a run: null when it is now ours, else the live holder (another process is training it).
 * An unreadable claim file (a holder killed between create and write) counts as stale.
 */
export function claimRun(sweepDir: string, runId: string, now = new Date()): ClaimHolder | null {
  const path = claimPath(sweepDir, runId);
  const me: ClaimHolder = { pid: process.pid, host: hostname(), started: now.toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(path, JSON.stringify(me) + "\n", { flag: "wx" });
      return null;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    const holder = readHolder(path);
    if (holder && !holderIsDead(holder)) return holder;
    // stale: move it aside under a name only we use (a rename is atomic, so two processes cannot both take it
    // over), then try the exclusive create again
    const aside = `${path}.stale-${process.pid}`;
    try {
      renameSync(path, aside);
      const moved = readHolder(aside);
      // between our look and the rename another process may have taken the run over: give its claim back
      if (moved && holder && (moved.pid !== holder.pid || moved.started !== holder.started)) {
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
  if (h && h.pid === process.pid && h.host === hostname()) rmSync(path, { force: true });
}

export function describeHolder(h: ClaimHolder): string {
  return `pid ${h.pid} on ${shown(h.host, 80)}${h.started ? ` since ${shown(h.started, 40)}` : ""}`;
}
