/**
 * SIGINT/SIGTERM while a command trains: the first signal asks the work to stop at its next epoch (`requested`
 * turns true; runs end with status interrupted), a second one exits at once with 130.
 * A forced exit still gives each run in progress its summary.json (status interrupted).
 */
import { finishRunsInFlight } from "../run/run.js";

export class Interrupt {
  requested = false;
  private readonly handler = () => {
    if (this.requested) {
      finishRunsInFlight(); // first: onForce may look for the summaries it writes
      this.onForce();
      process.exit(130);
    }
    this.requested = true;
  };

  constructor(private readonly onForce: () => void = () => {}) {
    process.on("SIGINT", this.handler);
    process.on("SIGTERM", this.handler);
  }

  /** For `shouldStop` hooks. */
  readonly stopped = (): boolean => this.requested;

  dispose(): void {
    process.off("SIGINT", this.handler);
    process.off("SIGTERM", this.handler);
  }
}

/**
 * A full event-loop iteration, so a pending signal handler runs even between runs too short to yield on their own.
 * Two setImmediate turns: a signal that arrived while the thread was busy is read in a poll phase, and one
 * setImmediate can run before the next poll (measured: a SIGINT sent during a synchronous `sweep merge` was seen
 * only after the second turn, and the merge exited 0 instead of 130).
 */
export const nextTurn = async (): Promise<void> => {
  for (let i = 0; i < 2; i++) await new Promise((resolve) => setImmediate(resolve));
};
