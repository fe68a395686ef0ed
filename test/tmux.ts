/**
 * tmux for tests that need a real pseudo-terminal. Each test process gets its own tmux server (socket
 * `-L nnlab-test-<pid>`), kept alive between sessions (exit-empty off) and killed by `stopTmuxServer`: a server that
 * exits when its last session ends, or that another program on the machine starts or kills, made `new-session` fail
 * once (status 1, a server start race). `newSession` waits for the server and retries once before failing.
 */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";

const SOCKET = `nnlab-test-${process.pid}`;

/** Run one tmux command on this process's server. */
export function tmux(...args: string[]): SpawnSyncReturns<string> {
  return spawnSync("tmux", ["-L", SOCKET, ...args], { encoding: "utf8" });
}

/** Block until the server answers (or `ms` pass): start it, keep it alive without sessions. */
function waitForServer(ms = 5000): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (tmux("start-server", ";", "set-option", "-g", "exit-empty", "off").status === 0 && tmux("list-sessions").error === undefined)
      return;
    spawnSync("sleep", ["0.1"]);
  }
}

/** A detached session `name` of width × height running `script`; throws with tmux's stderr after a retry. */
export function newSession(name: string, width: number, height: number, script: string): void {
  const create = () => tmux("new-session", "-d", "-s", name, "-x", String(width), "-y", String(height), script);
  waitForServer();
  let r = create();
  if (r.status === 0) return;
  // the race: the server was starting or exiting; a session may even have been made before the error
  waitForServer();
  if (tmux("has-session", "-t", name).status === 0) return;
  r = create();
  if (r.status !== 0) throw new Error(`tmux new-session failed twice (status ${r.status}): ${r.stderr.trim()}`);
}

/** End this process's tmux server and every session on it (call in afterAll). */
export function stopTmuxServer(): void {
  tmux("kill-server");
}

/** Poll pane `name` (its whole scrollback) until `re` matches; the screen then, or throws with it after `ms`. */
export async function waitForScreen(name: string, re: RegExp, ms = 60_000): Promise<string> {
  const screen = () => tmux("capture-pane", "-p", "-t", name, "-S", "-1000").stdout;
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
    const s = screen();
    if (re.test(s)) return s;
  }
  throw new Error(`timed out waiting for ${re}; screen:\n${screen()}`);
}
