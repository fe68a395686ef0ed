/**
 * tmux for tests that need a real pseudo-terminal. Each test process gets its own tmux server (socket
 * `-L nnlab-test-<pid>`), kept alive between sessions (exit-empty off) and killed by `stopTmuxServer`: a server that
 * exits when its last session ends, or that another program on the machine starts or kills, made `new-session` fail
 * once (status 1, a server start race). `newSession` waits for the server and retries once before failing.
 * A pane's script tells the test where it is through a `tmux wait-for` channel (`tmux wait-for -S NAME` in the pane
 * reaches this server through $TMUX) instead of the test polling its screen.
 */
import { spawn, spawnSync, type SpawnSyncReturns } from "node:child_process";
import { readFileSync } from "node:fs";

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

/**
 * Resolves once `channel` is signalled (`tmux wait-for -S channel`, e.g. by a pane's script when its command has
 * ended; a signal sent before the wait counts too); rejects after `ms`. One waiting tmux client, no polling.
 */
export function waitForChannel(channel: string, ms = 90_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const waiter = spawn("tmux", ["-L", SOCKET, "wait-for", channel], { stdio: "ignore" });
    const timer = setTimeout(() => {
      waiter.kill();
      reject(new Error(`timed out waiting for tmux channel ${channel}`));
    }, ms);
    waiter.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`tmux wait-for ${channel} ended (${code ?? signal})`));
    });
  });
}

/** What a pane's script runs after its command: its exit code shown (EXIT=N), then the channel `<name>-ended` signalled. */
export const reportExit = (name: string): string => `echo EXIT=$?; tmux wait-for -S ${name}-ended`;

/** Once the command of pane `name` has ended (its script ran reportExit): its whole scrollback, holding EXIT=N. */
export async function waitForExit(name: string, ms = 90_000): Promise<string> {
  await waitForChannel(`${name}-ended`, ms);
  // the shell wrote EXIT=N before it signalled; tmux may show it a moment later
  return waitForScreen(name, /EXIT=\d+/, 10_000);
}

/** `sh -c` arguments that stop the shell itself, then (once continued) exec the command after them: a process held at its start. */
export const HELD = ["sh", "-c", 'kill -STOP $$; exec "$@"', "held"];

/**
 * The pid of the process pane `name`'s shell started with HELD, once it has stopped itself (it is still that pid
 * after its exec). Its parent does not see the stop: only an interactive shell with job control would.
 */
export async function heldProcess(name: string, ms = 60_000): Promise<number> {
  const shell = tmux("display", "-p", "-t", name, "#{pane_pid}").stdout.trim();
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 5))) {
    for (const pid of readFileSync(`/proc/${shell}/task/${shell}/children`, "utf8").trim().split(" ").filter(Boolean)) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        const held = readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("kill -STOP $$");
        if (held && stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) === "T") return Number(pid);
      } catch {
        // ended between the listing and the read
      }
    }
  }
  throw new Error(`no held process in tmux pane ${name}`);
}
