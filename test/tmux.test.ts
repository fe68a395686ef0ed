/**
 * The tmux helper (test/tmux.ts) that terminal tests start their sessions with: its server survives its sessions
 * and comes back after being killed, and a `kill-server` racing `new-session` (the flake of issue 27: new-session
 * returned 1) ends in a live session every time, not a failed test.
 */
import { spawn } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { needs, TMUX } from "./system-tools.js";
import { newSession, stopTmuxServer, tmux } from "./tmux.js";

describe.runIf(needs(TMUX, "test/tmux.ts"))("test/tmux.ts", () => {
  afterAll(stopTmuxServer);

  it("a session runs its script; the server outlives its last session", () => {
    newSession("echo", 40, 5, "echo hello-from-tmux; sleep 30");
    let screen = "";
    for (let i = 0; i < 50 && !screen.includes("hello-from-tmux"); i++) {
      screen = tmux("capture-pane", "-p", "-t", "echo").stdout;
      if (!screen.includes("hello-from-tmux")) tmux("run-shell", "sleep 0.1");
    }
    expect(screen).toContain("hello-from-tmux");
    expect(tmux("kill-session", "-t", "echo").status).toBe(0);
    // exit-empty off: the server is still there with no session left
    expect(tmux("list-sessions").stderr).not.toMatch(/no server running/);
  });

  it("a killed server is started again", () => {
    stopTmuxServer();
    newSession("again", 40, 5, "sleep 30");
    expect(tmux("has-session", "-t", "again").status).toBe(0);
    tmux("kill-session", "-t", "again");
  });

  it("new-session racing a kill-server ends in a live session, 10 times out of 10", async () => {
    for (let i = 0; i < 10; i++) {
      const killer = spawn("tmux", ["-L", `nnlab-test-${process.pid}`, "kill-server"], { stdio: "ignore" });
      newSession(`race${i}`, 40, 5, "sleep 30");
      await new Promise((r) => killer.on("exit", r));
      // the kill may land after the session was made: then the helper's next call brings the server back
      if (tmux("has-session", "-t", `race${i}`).status !== 0) newSession(`race${i}`, 40, 5, "sleep 30");
      expect(tmux("has-session", "-t", `race${i}`).status).toBe(0);
    }
  });
});
