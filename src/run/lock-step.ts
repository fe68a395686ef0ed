/**
 * Runs trained together in lock-step (compare --live): a run starts its next epoch only when every other run still
 * training has started that epoch too, so no run is ever more than one epoch ahead of another and a live view can
 * show them at the same epoch. A run that ends (completed, diverged, stopped early, interrupted, or failed) is
 * marked done and no longer waited for. The slowest run never waits, so they cannot all wait on each other.
 * Training itself is untouched: each run's rows and weights are bit for bit those it has trained alone.
 */
export class LockStep {
  /** Epochs each run has asked to start. */
  private readonly started: number[];
  private readonly done: boolean[];
  private waiting: { run: number; epoch: number; go: () => void }[] = [];

  constructor(runs: number) {
    this.started = new Array<number>(runs).fill(0);
    this.done = new Array<boolean>(runs).fill(false);
  }

  /** Before run i's next epoch: nothing when no run still training is behind it, else a promise that waits for them. */
  pace(i: number): Promise<void> | undefined {
    const epoch = ++this.started[i];
    this.release();
    if (this.ready(i, epoch)) return undefined;
    return new Promise((go) => this.waiting.push({ run: i, epoch, go }));
  }

  /** Run i ended: the others no longer wait for it. */
  end(i: number): void {
    this.done[i] = true;
    this.release();
  }

  private ready(i: number, epoch: number): boolean {
    return this.started.every((s, j) => j === i || this.done[j] || s >= epoch);
  }

  private release(): void {
    const still: typeof this.waiting = [];
    for (const w of this.waiting) {
      if (this.ready(w.run, w.epoch)) w.go();
      else still.push(w);
    }
    this.waiting = still;
  }
}
