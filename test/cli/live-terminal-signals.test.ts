/**
 * `--live` and the terminal it draws on (issue 22 item 8), on a real pseudo-terminal (tmux) with real signals:
 *  - Ctrl-Z (SIGTSTP from the terminal, to the job of an interactive bash) stops the process with the cursor shown at
 *    the shell's prompt (the process really is stopped: state T in /proc); `fg` (SIGCONT) draws the frame afresh
 *    below what the shell printed — "Stopped" and "fg" stay on the screen, never drawn over — and the run then
 *    completes normally (exit 0, epoch N/N, its summary), the cursor shown;
 *  - with TERM=dumb, --live prints the usual output with a one-line note, and not one ESC [ sequence (no cursor
 *    movement, no hidden cursor, no progress bar, no colour) reaches the terminal.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, onlyRunDir, readJson, ROOT, tempDir } from "../helpers.js";
import { needs, TMUX } from "../system-tools.js";
import { newSession, reportExit, stopTmuxServer, tmux, waitForExit, waitForScreen } from "../tmux.js";

// tmux comes from Debian's package (.ci/run installs it): without it the suite is skipped with one line, or fails under CI=true
const hasTmux = needs(TMUX, "--live and terminal signals");
const quote = (a: string) => `'${a.replace(/'/g, "'\\''")}'`;
let counter = 0;

/** A width × height pane running the script `script(name)` makes for its name. */
function pane(script: (name: string) => string, width: number, height: number) {
  const name = `nnlab-livesig-${process.pid}-${counter++}`;
  newSession(name, width, height, script(name));
  const screen = () => tmux("capture-pane", "-p", "-t", name, "-S", "-500").stdout;
  return {
    name,
    screen,
    send: (...keys: string[]) => void tmux("send-keys", "-t", name, ...keys),
    cursor: () => tmux("display", "-p", "-t", name, "#{cursor_flag}").stdout.trim(),
    waitFor: (re: RegExp, ms = 90_000) => waitForScreen(name, re, ms),
    ended: () => waitForExit(name),
    kill: () => void tmux("kill-session", "-t", name),
  };
}

/** The state letter of the pane shell's one child process (R, S, T…): T is stopped. */
function childState(name: string): string {
  const shell = tmux("display", "-p", "-t", name, "#{pane_pid}").stdout.trim();
  const child = readFileSync(`/proc/${shell}/task/${shell}/children`, "utf8").trim().split(" ")[0];
  const stat = readFileSync(`/proc/${child}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
}

describe.runIf(hasTmux)("--live and terminal signals", () => {
  afterAll(stopTmuxServer);
  // each case its own tmux session and folder, waiting on a terminal more than computing: run side by side
  it.concurrent(
    "Ctrl-Z: cursor shown at the prompt, really stopped; fg: drawn afresh below the shell's lines; the run completes",
    async () => {
      const runs = tempDir();
      // an interactive bash with job control, as a user has: Ctrl-Z reaches the job from the terminal, fg continues it
      const p = pane(() => `env PS1='$ ' bash --norc --noprofile -i`, 80, 24);
      try {
        await p.waitFor(/^\$$/m); // the prompt (capture-pane trims its trailing space)
        // 3000 epochs (~1.2 s of training on an idle core; it was 6000): the first frame comes 1/LIVE_FPS s in, the
        // test sees it within a 100 ms poll and the run takes Ctrl-Z within 50 ms (it yields that often): ~0.8 s to spare
        const cmd = [process.execPath, BIN, "train", "configs/moons.yaml", "--set", "train.epochs=3000", "--live", "--runs", runs];
        p.send(`cd ${quote(ROOT)} && ${cmd.map(quote).join(" ")}`, "Enter");
        await p.waitFor(/● moons · epoch [1-9]\d*\/3000/);
        p.send("C-z");
        await p.waitFor(/\[1\]\+ +Stopped[\s\S]*^\$$/m); // the job line, then the prompt below it
        expect(p.cursor()).toBe("1"); // the cursor shown at the shell's prompt (it stayed hidden: 0)
        expect(childState(p.name)).toBe("T"); // really stopped
        p.send("fg", "Enter");
        await p.waitFor(/run folder: /);
        p.send("echo EXIT=$?", "Enter");
        const screen = await p.waitFor(/^EXIT=\d+/m);
        expect(screen).toMatch(/^EXIT=0$/m);
        expect(p.cursor()).toBe("1");
        // the shell's lines are still there, and below them one whole frame: the final one, then the summary
        const lines = screen.split("\n");
        const stopped = lines.findIndex((l) => /^\[1\]\+ +Stopped/.test(l));
        const fg = lines.indexOf("$ fg");
        expect(stopped).toBeGreaterThan(0);
        expect(fg).toBeGreaterThan(stopped);
        expect(lines.slice(0, stopped).some((l) => /^● moons · epoch [1-9]\d*\/3000/.test(l))).toBe(true); // the frame before Ctrl-Z
        const after = lines.slice(fg + 1);
        const status = after.filter((l) => l.startsWith("● moons · epoch "));
        expect(status).toHaveLength(1);
        expect(status[0]).toMatch(/^● moons · epoch 3000\/3000 · train_loss /);
        const frame = after.join("\n");
        expect(frame.split("loss (log scale)")).toHaveLength(2);
        expect(frame).toMatch(/decision boundary · train set: 320 points[\s\S]*moons: completed after 3000 epochs[\s\S]*run folder: /);
        expect(readJson<{ status: string }>(join(onlyRunDir(runs), "summary.json")).status).toBe("completed");
      } finally {
        p.kill();
      }
    },
    180_000,
  );

  it.concurrent("TERM=dumb: the usual output with a one-line note; no ESC [ sequence at all", async () => {
    const dir = tempDir();
    const log = join(dir, "raw.log");
    writeFileSync(log, "");
    const cmd = [process.execPath, BIN, "train", "configs/moons.yaml", "--live", "--runs", join(dir, "runs")].map(quote).join(" ");
    // the command waits until pipe-pane is attached (a tmux channel), so the log holds every byte it writes
    const p = pane((name) => `tmux wait-for ${name}-piped; cd ${quote(ROOT)} && TERM=dumb ${cmd}; ${reportExit(name)}; sleep 120`, 80, 40);
    tmux("pipe-pane", "-o", "-t", p.name, `cat >> ${quote(log)}`);
    tmux("wait-for", "-S", `${p.name}-piped`);
    try {
      const screen = await p.ended();
      expect(screen).toContain("EXIT=0");
      // pipe-pane's cat writes the log a moment after tmux shows the screen
      for (const end = Date.now() + 10_000; !readFileSync(log, "utf8").includes("EXIT=") && Date.now() < end;)
        await new Promise((r) => setTimeout(r, 10));
      const raw = readFileSync(log, "utf8");
      expect(raw).toContain("nn-lab: --live: TERM=dumb cannot move the cursor; printing the usual output\r\n");
      expect(raw).toMatch(/moons: completed after 200 epochs/);
      expect(raw).toContain("decision boundary · train set: 320 points");
      expect(raw).toContain("gradient flow · ‖∇W‖ per layer");
      expect(raw).not.toContain("\x1b[");
    } finally {
      p.kill();
    }
  });
});
