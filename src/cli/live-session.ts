/**
 * A command that trains, as the terminal sees it (`train`, `compare`): the interrupt (the first signal stops the
 * work at its next epoch, a second exits 128+N at once, see interrupt.ts) and, with --live, the screen frames are redrawn on — its
 * cursor shown again on every way out: a normal end, a divergence, a forced exit, any exit of the process.
 * Ctrl-Z (SIGTSTP) with --live: the terminal is put back as the shell expects it (cursor shown; no alternate screen
 * or scroll region is ever used), then the process really stops (SIGSTOP, as if SIGTSTP had no handler); on `fg`
 * (SIGCONT) the frame is drawn again from scratch below what the shell printed, as vim and less do.
 */
import { colorDepth } from "../terminal/colors.js";
import { LiveScreen, type FrameOptions } from "../terminal/live.js";
import type { Frame } from "../terminal/live-fit.js";
import { Interrupt } from "./interrupt.js";

/** What a frame is drawn for. */
export type FrameSize = FrameOptions;

export class LiveSession {
  readonly interrupt: Interrupt;
  private screen: LiveScreen | null = null;
  private render: (() => string) | null = null;
  private final = false;
  /** The panels the last frame hid (the command prints them after the run). */
  hidden: string[] = [];
  private readonly restore = () => this.screen?.stop();
  /** Frames are being drawn: between show() and finish(). */
  private drawing = false;
  private suspended = false;
  private readonly suspend = () => {
    this.suspended = true;
    this.screen?.suspend();
    process.kill(process.pid, "SIGSTOP");
  };
  /** A SIGCONT after our own stop (not any SIGCONT) redraws. */
  private readonly resume = () => {
    if (!this.suspended) return;
    this.suspended = false;
    if (!this.screen || !this.render || !this.drawing) return;
    this.screen.resume();
    this.screen.maybeDraw(this.render);
  };

  /** `onForce`: what else to put right before a forced exit (a progress bar's line). */
  constructor(
    private readonly view: { live: boolean; color?: boolean; logY: boolean | "auto" },
    onForce: () => void = () => {},
  ) {
    this.interrupt = new Interrupt(() => {
      onForce();
      this.restore();
    });
    process.once("exit", this.restore);
    if (view.live) {
      process.on("SIGTSTP", this.suspend);
      process.on("SIGCONT", this.resume);
    }
  }

  get live(): boolean {
    return this.view.live;
  }

  /** Asked to stop. */
  readonly stopped = (): boolean => this.interrupt.requested;

  /** The exit code of a command a signal cut short: 128+N. */
  get stopCode(): number {
    return this.interrupt.exitCode;
  }

  /**
   * Frames come from `frame` from now on (only with --live): on a new screen below whatever was printed last, or
   * with `inPlace` over the last frame (nothing was printed since).
   */
  show(frame: (size: FrameSize) => Frame, inPlace = false): void {
    if (!this.view.live) return;
    this.screen?.stop();
    const screen = inPlace && this.screen ? this.screen : new LiveScreen(process.stdout);
    const depth = colorDepth(process.stdout, this.view.color, process.env);
    this.screen = screen;
    this.render = () => {
      const drawn = frame({ width: screen.width, height: screen.height, depth, logY: this.view.logY, final: this.final });
      this.hidden = drawn.hidden;
      return drawn.text;
    };
    this.hidden = [];
    this.final = false;
    this.drawing = true;
  }

  /** After an epoch: a frame when one is due. */
  tick(): void {
    if (this.screen && this.render) this.screen.maybeDraw(this.render);
  }

  /** The final frame, left on the screen, and the cursor shown again; `hidden` then names what it hid. */
  finish(): void {
    this.final = true;
    if (this.screen && this.render) this.screen.maybeDraw(this.render, true);
    this.drawing = false;
    this.restore();
  }

  /** Signal handlers off, cursor shown. Call on every way out (finally). */
  dispose(): void {
    this.restore();
    this.interrupt.dispose();
    process.off("exit", this.restore);
    process.off("SIGTSTP", this.suspend);
    process.off("SIGCONT", this.resume);
  }
}

/** `work` in a session, disposed however it ends. */
export async function inSession<T>(
  view: { live: boolean; color?: boolean; logY: boolean | "auto" },
  work: (session: LiveSession) => Promise<T>,
  onForce?: () => void,
): Promise<T> {
  const session = new LiveSession(view, onForce);
  try {
    return await work(session);
  } finally {
    session.dispose();
  }
}
