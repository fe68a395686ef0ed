/**
 * How runs are stopped from outside (the CLI's Interrupt: SIGINT, SIGTERM, SIGHUP). The first request lets each run
 * finish its epoch and end as `interrupted`, its files complete. A forced exit (a second signal) cannot wait for
 * that: it calls what the runs in progress registered, synchronously, the latest registered first (an inner scope
 * before the one around it, as atexit), and only then exits. Passed down explicitly: nothing about runs in progress
 * is kept in a module-level variable, so two commands in one process (tests, a library user) never see each other's.
 */
export interface StopRequest {
  /** True once a stop was asked for: runs end at their next epoch boundary with status `interrupted`. */
  readonly requested: boolean;
  /** Register what a forced exit must write first; returns the function that withdraws it. */
  atForcedExit(finish: () => void): () => void;
}

/** For work nothing stops. */
export const NEVER_STOP: StopRequest = { requested: false, atForcedExit: () => () => {} };

/** The finishers registered with a StopRequest, run latest first; one that throws does not keep the others from running. */
export class ForcedExitList {
  private readonly finishers: (() => void)[] = [];

  add(finish: () => void): () => void {
    this.finishers.push(finish);
    return () => {
      const i = this.finishers.lastIndexOf(finish);
      if (i >= 0) this.finishers.splice(i, 1);
    };
  }

  runAll(): void {
    for (const finish of this.finishers.splice(0).reverse()) {
      try {
        finish();
      } catch {
        // exiting anyway: a folder that cannot be written keeps what it has
      }
    }
  }
}
