/**
 * Test helpers for real nn-lab processes caught at a chosen point (a run mid-training, a claim held): instead of a
 * run long enough that a poll probably sees it in that state, the process is held still (SIGSTOP) at each look, so
 * a state seen is a state it is still in, and runs can be short.
 */
import type { ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { constants as osConstants } from "node:os";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves once `cond()` holds (checked every 20 ms); rejects after `ms`. */
export async function waitFor(cond: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error("timed out");
    await sleep(20);
  }
}

/** Every thread of process `pid` is stopped (state T in /proc/PID/task/TID/stat), or the process is gone. */
function allStopped(pid: number): boolean {
  try {
    return readdirSync(`/proc/${pid}/task`).every((tid) => {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
      return /^[TtZX]$/.test(stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3));
    });
  } catch {
    return true; // exited meanwhile (or a thread ended between the listing and its read)
  }
}

/** A process's state letter (R, S, T, Z…) from /proc/PID/stat; null when it is gone. */
function state(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
  } catch {
    return null;
  }
}

/**
 * Step `child` in short slices (SIGCONT, ~10 ms, SIGSTOP) until `cond()` holds while it is stopped, and leave it
 * stopped there: the state `cond` saw is the state the process is in until the caller sends SIGCONT. Rejects when the
 * process exits first or after `ms`. A short run is caught as surely as a long one: it moves at most one slice past
 * the first look at which `cond` holds. `child` is a child process, or the pid of one that is not ours (a process
 * in a tmux pane).
 */
export async function stopWhen(child: ChildProcess | number, cond: () => boolean, ms: number): Promise<void> {
  const pid = typeof child === "number" ? child : child.pid!;
  const exited = (): string | null => {
    if (typeof child !== "number")
      return child.exitCode !== null || child.signalCode !== null ? String(child.exitCode ?? child.signalCode) : null;
    const s = state(pid);
    return s === null || s === "Z" || s === "X" ? "gone" : null;
  };
  const kill = (signal: NodeJS.Signals) => {
    if (typeof child !== "number") return void child.kill(signal);
    try {
      process.kill(pid, signal);
    } catch {
      // gone meanwhile: seen at the next look
    }
  };
  const until = Date.now() + ms;
  for (;;) {
    kill("SIGSTOP");
    while (!allStopped(pid)) await sleep(1);
    const code = exited();
    if (code !== null) throw new Error(`the process exited (${code}) first`);
    if (cond()) return;
    if (Date.now() > until) {
      kill("SIGCONT");
      throw new Error("timed out");
    }
    kill("SIGCONT");
    await sleep(10);
  }
}

/**
 * Resolves once `child` has taken the `signal` sent to it (no longer pending in /proc/PID/status: its handler, or
 * the default action, has run), so a next one is a second signal, not merged with this one.
 */
export async function untilTaken(child: ChildProcess, signal: NodeJS.Signals, ms = 60_000): Promise<void> {
  const bit = 1n << BigInt(osConstants.signals[signal] - 1);
  const until = Date.now() + ms;
  for (;;) {
    let status: string;
    try {
      status = readFileSync(`/proc/${child.pid}/status`, "utf8");
    } catch {
      return; // gone
    }
    const pending = [...status.matchAll(/^(?:SigPnd|ShdPnd):\s*([0-9a-f]+)$/gm)].some((m) => (BigInt(`0x${m[1]}`) & bit) !== 0n);
    if (!pending) return;
    if (Date.now() > until) throw new Error(`${signal} still pending`);
    await sleep(1);
  }
}
