/**
 * The training progress bar: epoch/epochs, the current train loss and the ETA, on stderr, redrawn at most
 * ten times a second, and only where stderr is a terminal (never under --quiet or --json).
 */
import { SingleBar } from "cli-progress";
import type { MetricsRow } from "../metrics.js";
import { fmt } from "../format.js";

export interface ProgressSink {
  update(row: MetricsRow): void;
  stop(): void;
}

/** Redraws per second at most. */
const FPS = 10;

/** Whether to show a bar: stderr is a terminal and the user asked for neither --quiet nor --json. */
export function wantsProgress(stream: { isTTY?: boolean }, opts: { quiet?: boolean; json?: boolean }): boolean {
  return stream.isTTY === true && !opts.quiet && !opts.json;
}

/** A sink that draws nothing. */
export const NO_PROGRESS: ProgressSink = { update: () => undefined, stop: () => undefined };

/** The bar's label line, e.g. "moons  epoch 120/500 ███████░░░░ loss 0.1234  ETA 3s". */
export function progressFormat(name: string): string {
  return `${name}  epoch {value}/{total} {bar} loss {loss}  ETA {time_left}`;
}

/**
 * Seconds left as the bar shows them: "—" while unknown (before the first epoch), "42s", "2m05s", "1h03m".
 * Rounded to whole seconds (or minutes) first, so 179.6 s is "3m00s", never "2m60s".
 */
export function formatEta(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "—";
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  const m = Math.round(seconds / 60);
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}

/** The time left at the average pace so far: unknown (Infinity) before the first epoch. */
export function etaSeconds(elapsedMs: number, done: number, total: number): number {
  return done <= 0 ? Infinity : ((elapsedMs / done) * Math.max(0, total - done)) / 1000;
}

/** A loss as the progress bar shows it: the CLI's metric format (4 decimals, an exponent outside [0.001, 100000)). */
export function formatLoss(v: number): string {
  return fmt(v);
}

/** A bar for one run on `stream` (a terminal). Rows arrive per logged epoch; the bar is cleared when stopped. */
export function epochProgress(stream: NodeJS.WriteStream, name: string, epochs: number): ProgressSink {
  const columns = stream.columns ?? 80;
  const bar = new SingleBar({
    stream,
    format: progressFormat(name),
    barsize: Math.max(10, Math.min(30, columns - name.length - 45)),
    barCompleteChar: "█",
    barIncompleteChar: "░",
    fps: FPS,
    clearOnComplete: true,
    hideCursor: false,
    linewrap: false,
  });
  bar.start(epochs, 0, { loss: "—", time_left: "—" });
  const started = Date.now();
  let last = 0;
  let stopped = false;
  return {
    update(row) {
      const now = Date.now();
      if (stopped || (now - last < 1000 / FPS && row.epoch < epochs)) return;
      last = now;
      bar.update(row.epoch, { loss: formatLoss(row.train_loss), time_left: formatEta(etaSeconds(now - started, row.epoch, epochs)) });
    },
    stop() {
      if (stopped) return;
      stopped = true;
      bar.stop();
    },
  };
}
