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
