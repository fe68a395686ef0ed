/**
 * SIGINT, SIGTERM and SIGHUP (the terminal closed, an SSH session dropped) while a command trains: the first signal
 * asks the work to stop at its next epoch (`requested` turns true; runs end with status interrupted and their files
 * complete), and the command then exits 128+N for that signal (SIGHUP 129, SIGINT 130, SIGTERM 143) as a shell
 * reports a process killed by it. A second signal exits at once, with the first one's code: what the runs in
 * progress registered with `atForcedExit` is written first (their files up to the last row metrics.csv holds), then
 * `onForce`.
 */
import { constants } from "node:os";
import { ForcedExitList, type StopRequest } from "../run/stop.js";

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

export class Interrupt implements StopRequest {
  /** The first signal received, or null. */
  signal: NodeJS.Signals | null = null;
  private readonly forced = new ForcedExitList();
  private readonly handler = (signal: NodeJS.Signals) => {
    if (this.signal !== null) {
      this.forced.runAll(); // first: onForce may look for the summaries it writes
      this.onForce();
      process.exit(this.exitCode);
    }
    this.signal = signal;
  };

  constructor(private readonly onForce: () => void = () => {}) {
    for (const s of SIGNALS) process.on(s, this.handler);
  }

  get requested(): boolean {
    return this.signal !== null;
  }

  atForcedExit(finish: () => void): () => void {
    return this.forced.add(finish);
  }

  /** 128 + the first signal's number: the exit code of a command it stopped. */
  get exitCode(): number {
    return exitCodeOf(this.signal ?? "SIGINT");
  }

  /**
   * Training is over. Without a signal, the handlers go. After one, a further signal while the command finishes (its
   * files are complete by now) exits at once with the first one's code, instead of killing the process by the
   * default action (which a shell would report alike, but which skips the exit handlers).
   */
  dispose(): void {
    for (const s of SIGNALS) process.off(s, this.handler);
    if (this.signal === null) return;
    const code = this.exitCode;
    for (const s of SIGNALS) process.on(s, () => process.exit(code));
  }
}

/** 128 + N, as a shell reports a process that signal N ended. */
export function exitCodeOf(signal: NodeJS.Signals): number {
  return 128 + constants.signals[signal];
}
