/**
 * `train --live` and `compare --live` on a real pseudo-terminal (tmux; its capture-pane shows the screen, pipe-pane
 * the raw bytes). What these tests prove:
 *  - frames are redrawn in place (several frames, each after the first moving the cursor back up: made certain, not
 *    likely, by holding the process still for longer than a frame's interval once it trains), the final
 *    frame holds the final numbers (epoch N/N and the final train_loss of summary.json), the usual summary follows;
 *  - the terminal is restored — cursor shown, no alternate screen — after a normal end, a divergence (exit 1,
 *    the ✕ legend) and Ctrl-C (exit 130, status interrupted, a complete metrics.csv);
 *  - results are byte-identical with and without --live (metrics.csv and model.json), frames drawn during the run;
 *  - with stdout not a terminal (in-process: test/helpers.ts runMain), --live prints a note on stderr and the usual output;
 *  - compare --live trains the runs together: one status line per run, each reaching its last epoch; it shows the
 *    runs' gradient flow side by side, the final frame holding each layer's first and last ‖∇W‖ of metrics.csv, and
 *    its run files are byte-identical to those of compare without --live;
 *    it is drawn in several frames (waited for, not timed), each showing the runs at the same epoch (lock-step);
 *    the terminal is restored after a divergence and after Ctrl-C (exit 130, every run folder interrupted and complete).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { stripAnsi } from "../../src/terminal/colors.js";
import { shortNumber } from "../../src/terminal/gradflow.js";
import { LIVE_FPS } from "../../src/terminal/live.js";
import { BIN, column, onlyRunDir, readJson, readMetrics, ROOT, runMain, tempDir } from "../helpers.js";
import { stopWhen } from "../processes.js";
import { needs, TMUX } from "../system-tools.js";

// tmux comes from Debian's package (.ci/run installs it): without it the suite is skipped with one line, or fails under CI=true
const hasTmux = needs(TMUX, "--live on a terminal");
import { HELD, heldProcess, newSession, stopTmuxServer, tmux, waitForChannel } from "../tmux.js";
/** Where a frame after the first begins in the raw output: the cursor moved back up over the last one. */
const FRAME_START = new RegExp(String.raw`\u001b\[\d+F`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quote = (a: string) => `'${a.replace(/'/g, "'\\''")}'`;

interface Session {
  name: string;
  raw: string;
  /** With `held`: the nn-lab process, stopped at its start until the test continues it. */
  pid: number;
  screen: () => string;
  send: (keys: string) => void;
  waitFor: (re: RegExp, ms?: number) => Promise<string>;
  /** Once nn-lab has exited: the screen, holding EXIT=<its exit code> (the raw log holds it too). */
  ended: (ms?: number) => Promise<string>;
  state: () => { cursor: string; alternate: string };
  kill: () => void;
}

let counter = 0;
/**
 * Run `args` (nn-lab's arguments) in a detached tmux session of the given size; the raw output goes to a log. The
 * script tells the test through tmux channels (no polling): it starts the command once pipe-pane is attached (so
 * the log holds every byte), and signals when the command has ended. `held`: the process starts stopped (HELD).
 */
async function session(args: string[], width = 80, height = 50, held = false): Promise<Session> {
  const dir = tempDir();
  const name = `nnlab-live-${process.pid}-${counter++}`;
  const log = join(dir, "raw.log");
  writeFileSync(log, "");
  const cmd = [...(held ? HELD : []), process.execPath, BIN, ...args].map(quote).join(" ");
  const script = `tmux wait-for ${name}-piped; cd ${quote(ROOT)} && ${cmd}; echo EXIT=$?; tmux wait-for -S ${name}-ended; sleep 120`;
  newSession(name, width, height, script);
  tmux("pipe-pane", "-o", "-t", name, `cat >> ${quote(log)}`);
  tmux("wait-for", "-S", `${name}-piped`);
  const pid = held ? await heldProcess(name) : 0;
  const screen = () => tmux("capture-pane", "-p", "-t", name, "-S", "-200").stdout;
  const raw = () => readFileSync(log, "utf8");
  async function waitFor(re: RegExp, ms = 60_000) {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      const s = screen();
      if (re.test(s)) return s;
      await sleep(100);
    }
    throw new Error(`timed out waiting for ${re}; screen:\n${screen()}`);
  }
  return {
    name,
    pid,
    get raw() {
      return raw();
    },
    screen,
    send: (keys) => void tmux("send-keys", "-t", name, keys),
    waitFor,
    async ended(ms = 90_000) {
      await waitForChannel(`${name}-ended`, ms);
      // the shell's line was written before the signal; tmux and pipe-pane's cat may show it a moment later
      const shown = await waitFor(/EXIT=\d+/, 10_000);
      for (const end = Date.now() + 10_000; !raw().includes("EXIT=") && Date.now() < end;) await sleep(10);
      return shown;
    },
    state() {
      const [cursor, alternate] = tmux("display", "-p", "-t", name, "#{cursor_flag} #{alternate_on}").stdout.trim().split(" ");
      return { cursor, alternate };
    },
    kill: () => void tmux("kill-session", "-t", name),
  };
}

/** A metrics.csv in `runs` (a run folder) or one level below (a comparison's runs). */
function hasMetrics(runs: string): boolean {
  return readdirSync(runs, { withFileTypes: true }).some(
    (d) =>
      d.isDirectory() &&
      (existsSync(join(runs, d.name, "metrics.csv")) ||
        readdirSync(join(runs, d.name)).some((r) => existsSync(join(runs, d.name, r, "metrics.csv")))),
  );
}

/**
 * Make a frame before the last one certain, on a machine of any speed: the held process is stepped until a run
 * folder of its has a metrics.csv (it trains: the live view and its clock have started, a 200-epoch run is at most
 * one ~10 ms slice into its epochs), then kept stopped for longer than a frame's interval (1/LIVE_FPS s) and
 * continued: its next epoch draws a frame, and the run still has epochs to go. (Before, runs of 2000 epochs made
 * such frames likely: ten times the training, the same check.)
 */
async function frameBeforeTheLast(s: Session, runs: string): Promise<void> {
  await stopWhen(s.pid, () => hasMetrics(runs), 60_000);
  await sleep(1000 / LIVE_FPS + 50);
  process.kill(s.pid, "SIGCONT");
}

/**
 * `train configs/moons.yaml --live` (200 epochs) at 80×50, a frame drawn before the last one: shared by the test of
 * its frames and the test of its run files (one run instead of two, the second also drawn mid-run now).
 */
let moonsLive: Promise<{ runs: string; screen: string; raw: string; state: { cursor: string; alternate: string } }> | null = null;
function liveMoons() {
  moonsLive ??= (async () => {
    const runs = tempDir();
    const s = await session(["train", "configs/moons.yaml", "--live", "--runs", runs], 80, 50, true);
    try {
      await frameBeforeTheLast(s, runs);
      const screen = await s.ended();
      return { runs, screen, raw: s.raw, state: s.state() };
    } finally {
      s.kill();
    }
  })();
  return moonsLive;
}

describe.runIf(hasTmux)("--live on a terminal", () => {
  afterAll(stopTmuxServer);
  // each case its own tmux session and folders, waiting on a terminal more than computing: run side by side

  it.concurrent("train --live: frames in place, the final numbers in the last frame, then the summary; terminal restored", async () => {
    const { runs, screen, raw, state } = await liveMoons();
    expect(screen).toContain("EXIT=0");
    const summary = readJson<{ final: { train_loss: number } }>(join(onlyRunDir(runs), "summary.json"));
    const frames = stripAnsi(raw).split("● moons · epoch ").length - 1;
    expect(frames).toBeGreaterThanOrEqual(2);
    expect(raw).toMatch(new RegExp(String.raw`\u001b\[\d+F`)); // back up over the previous frame
    expect(raw).toContain("\x1b[?25l");
    expect(raw.lastIndexOf("\x1b[?25h")).toBeGreaterThan(raw.lastIndexOf("\x1b[?25l"));
    expect(raw).not.toContain("\x1b[?1049h"); // no alternate screen
    // the last frame: epoch 200/200 and the final train loss; below it the usual summary and run folder
    const last = screen.slice(screen.lastIndexOf("● moons · epoch "));
    expect(last).toMatch(/^● moons · epoch 200\/200 · train_loss /);
    expect(last).toContain(`train_loss ${summary.final.train_loss.toExponential(3)}`);
    expect(last).toContain("gradient flow · ‖∇W‖ per layer");
    expect(last).toContain("decision boundary · train set: 320 points");
    expect(last).toMatch(/moons: completed after 200 epochs[\s\S]*run folder: /);
    expect(state).toEqual({ cursor: "1", alternate: "0" });
  });

  it.concurrent("gives byte-identical run files with and without --live (frames drawn during the run)", async () => {
    const a = (await liveMoons()).runs;
    const b = tempDir();
    expect((await runMain(["train", "configs/moons.yaml", "--runs", b, "--quiet"])).code).toBe(0);
    for (const f of ["metrics.csv", "model.json"]) {
      expect(readFileSync(join(onlyRunDir(a), f))).toEqual(readFileSync(join(onlyRunDir(b), f)));
    }
  });

  it.concurrent("restores the terminal after a divergence (exit 1, ✕ in the legend)", async () => {
    const runs = tempDir();
    const s = await session(["train", "configs/classic-exploding-gradients.yaml", "--set", "train.clip=null", "--live", "--runs", runs]);
    try {
      const screen = await s.ended();
      expect(screen).toContain("EXIT=1");
      expect(screen).toContain("── train_loss ✕ diverged at epoch 1");
      expect(screen).toContain("classic-exploding-gradients: diverged after 1 epoch");
      expect(s.state()).toEqual({ cursor: "1", alternate: "0" });
    } finally {
      s.kill();
    }
  });

  it.concurrent("Ctrl-C: exit 130, cursor shown, the run folder complete with status interrupted", async () => {
    const runs = tempDir();
    const s = await session(["train", "configs/moons.yaml", "--set", "train.epochs=100000", "--live", "--runs", runs], 80, 50, true);
    try {
      // Ctrl-C while a frame is on the screen and the run trains: a frame made certain early (no 1/fps of training
      // first), the process stopped right after it is drawn; the SIGINT the terminal sends waits for the SIGCONT
      await frameBeforeTheLast(s, runs);
      await stopWhen(s.pid, () => /● moons · epoch [1-9]\d*\/100000/.test(stripAnsi(s.raw)), 60_000);
      s.send("C-c");
      process.kill(s.pid, "SIGCONT");
      const screen = await s.ended();
      expect(screen).toContain("EXIT=130");
      expect(s.state()).toEqual({ cursor: "1", alternate: "0" });
      const dir = onlyRunDir(runs);
      const summary = readJson<{ status: string; epochs: number }>(join(dir, "summary.json"));
      expect(summary.status).toBe("interrupted");
      const m = readMetrics(dir);
      expect(m.rows[m.rows.length - 1][0]).toBe(summary.epochs);
      expect(existsSync(join(dir, "model.json"))).toBe(true);
    } finally {
      s.kill();
    }
  });

  it.concurrent("compare --live trains the runs together and leaves each at its last epoch", async () => {
    const runs = tempDir();
    const s = await session(["compare", "configs/xor-sigmoid.yaml", "configs/xor-relu.yaml", "--live", "--runs", runs], 160, 60);
    try {
      const screen = await s.ended();
      expect(screen).toContain("EXIT=0");
      const parent = join(runs, readdirSync(runs)[0]);
      for (const name of ["xor-sigmoid", "xor-relu"]) {
        const epochs = readJson<{ epochs: number }>(join(parent, name, "summary.json")).epochs;
        expect(screen).toMatch(new RegExp(`● ${name} +epoch ${epochs}/${epochs} · train_loss `));
      }
      expect(screen).toContain("train_loss by epoch");
      expect(screen).toMatch(/xor-sigmoid +xor-relu\n/); // the two maps side by side at 160 columns
      expect(s.state()).toEqual({ cursor: "1", alternate: "0" });
    } finally {
      s.kill();
    }
  });

  it.concurrent("compare --live shows each run's gradient flow side by side; the final frame holds the final norms", async () => {
    const runs = tempDir();
    // 200 epochs (moons.yaml's), a frame before the last one made certain (frameBeforeTheLast; it was 2000 epochs to
    // make one likely): the final frame's norms, and the byte-identical files of runs that were drawn while training
    const s = await session(
      ["compare", "configs/moons.yaml", "--vary", "model.activation=sigmoid,relu", "--live", "--runs", runs],
      80,
      50,
      true,
    );
    try {
      await frameBeforeTheLast(s, runs);
      const screen = await s.ended();
      expect(screen).toContain("EXIT=0");
      expect(s.raw).toMatch(FRAME_START); // drawn in several frames: one moved back up over the one before
      const parent = join(runs, readdirSync(runs)[0]);
      const lines = screen.split("\n");
      const flow = lines.findIndex((l) => l.startsWith("gradient flow · ‖∇W‖ per layer (bar: latest), log scale from ")) - 1;
      expect(flow).toBeGreaterThan(0);
      expect(lines[flow + 2]).toMatch(/^activation=sigmoid · epoch 1 → 200 +activation=relu · epoch 1 → 200$/);
      // per layer, each run's ‖∇W‖ at epoch 1 → at its last epoch, as metrics.csv has them; the bars on one scale
      const norms = (dir: string, k: number) => {
        const g = column(readMetrics(join(parent, dir)), `grad_norm_layer${k}`);
        return `${shortNumber(g[1])} → ${shortNumber(g[g.length - 1])}`;
      };
      for (const k of [1, 2, 3]) {
        const row = lines[flow + 2 + k];
        const [sigmoid, relu] = row.split(/ {3}(?=\d (?:relu|out) )/);
        expect(sigmoid).toMatch(new RegExp(`^${k} ${k === 3 ? "out" : "sigmoid"} +[█▏▎▍▌▋▊▉]+ +${norms("0000-activation=sigmoid", k)}`));
        expect(relu).toMatch(new RegExp(`^${k} ${k === 3 ? "out" : "relu"} +[█▏▎▍▌▋▊▉]+ +${norms("0001-activation=relu", k)}`));
      }
      expect(lines[flow + 3]).toMatch(/sat \d+% .* dead \d+%$/);
      expect(s.state()).toEqual({ cursor: "1", alternate: "0" });
      // trained together and drawn, the runs' files are byte for byte those of compare without --live
      const plain = tempDir();
      const args = ["compare", "configs/moons.yaml", "--vary", "model.activation=sigmoid,relu"];
      expect((await runMain([...args, "--runs", plain, "--quiet"])).code).toBe(0);
      const plainParent = join(plain, readdirSync(plain)[0]);
      for (const dir of ["0000-activation=sigmoid", "0001-activation=relu"])
        for (const f of ["metrics.csv", "model.json"])
          expect(readFileSync(join(parent, dir, f)).equals(readFileSync(join(plainParent, dir, f)))).toBe(true);
    } finally {
      s.kill();
    }
  });

  it.concurrent("compare --live: terminal restored after a divergence and after Ctrl-C (exit 130, folders complete)", async () => {
    const runs = tempDir();
    const boom = await session([
      "compare",
      "configs/classic-exploding-gradients.yaml",
      "--vary",
      "train.clip=null,{norm: 1}",
      "--live",
      "--runs",
      runs,
    ]);
    try {
      const screen = await boom.ended();
      expect(screen).toContain("EXIT=0");
      expect(screen).toContain("clip=null ✕ diverged at epoch 1");
      expect(screen).toMatch(/gradient flow · ‖∇W‖ per layer/);
      expect(boom.state()).toEqual({ cursor: "1", alternate: "0" });
    } finally {
      boom.kill();
    }
    const long = tempDir();
    const s = await session([
      "compare",
      "configs/moons.yaml",
      "--vary",
      "model.activation=tanh,relu",
      "--set",
      "train.epochs=100000",
      "--live",
      "--runs",
      long,
    ]);
    try {
      await s.waitFor(/gradient flow · ‖∇W‖ per layer[\s\S]*\n1 tanh +[█▏▎▍▌▋▊▉]/);
      // drawn live: wait (no clock) for two frames that hold both runs and their gradient flow
      const framesWithFlow = () =>
        stripAnsi(s.raw)
          .split(FRAME_START)
          .filter((f) => f.includes("gradient flow · ‖∇W‖ per layer") && f.includes("● activation=tanh")).length;
      for (const end = Date.now() + 60_000; framesWithFlow() < 2 && Date.now() < end;) await sleep(100);
      expect(framesWithFlow()).toBeGreaterThanOrEqual(2);
      s.send("C-c");
      const screen = await s.ended();
      expect(screen).toContain("EXIT=130");
      expect(s.state()).toEqual({ cursor: "1", alternate: "0" });
      // in lock-step: every frame shows the two runs at the same epoch (issue 23: they were at 5961 and 1827)
      const frames = stripAnsi(s.raw)
        .split(FRAME_START)
        .map((f) => [...f.matchAll(/● activation=(tanh|relu) +epoch (\d+)\/100000/g)].map((m) => m[2]));
      const both = frames.filter((e) => e.length === 2);
      expect(both.length).toBeGreaterThanOrEqual(3);
      for (const [tanh, relu] of both) expect(relu).toBe(tanh);
      const parent = join(long, readdirSync(long)[0]);
      for (const dir of ["0000-activation=tanh", "0001-activation=relu"]) {
        const summary = readJson<{ status: string; epochs: number }>(join(parent, dir, "summary.json"));
        expect(summary.status).toBe("interrupted");
        const m = readMetrics(join(parent, dir));
        expect(m.rows[m.rows.length - 1][0]).toBe(summary.epochs);
      }
    } finally {
      s.kill();
    }
  });
});

describe("--live without a terminal", () => {
  it("prints a note on stderr and the usual output", async () => {
    const r = await runMain(["train", "configs/xor-relu.yaml", "--live", "--runs", tempDir()]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("nn-lab: --live needs a terminal on stdout; printing the usual output instead\n");
    expect(r.stdout).toMatch(/^xor-relu: completed after/);
    expect(r.stdout).not.toContain("\x1b[");
  });
});
