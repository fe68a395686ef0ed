/**
 * src/cli/interrupt.ts after training is over (dispose) but before the process has exited: a second signal in that
 * window exits with the first signal's code (130 for SIGINT) — before, the handlers were gone and the default action
 * killed the process (exit status null), which test/robust/sweep-identity-and-leftovers.test.ts "a second SIGINT
 * during a slow epoch" hit once in CI when the epoch ended between the two signals. A real process, real signals.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers.js";

const script = (dispose: string) => `
import { Interrupt } from ${JSON.stringify(join(ROOT, "dist", "cli", "interrupt.js"))};
const stop = new Interrupt();
process.kill(process.pid, "SIGINT");
await new Promise((r) => setTimeout(r, 50));
if (!stop.requested) process.exit(3);
${dispose}
process.kill(process.pid, "SIGINT");
await new Promise((r) => setTimeout(r, 2000));
process.exit(0);
`;

const run = (dispose: string) =>
  spawnSync(process.execPath, ["--input-type=module", "-e", script(dispose)], { encoding: "utf8", timeout: 20_000 });

describe("a signal after training is over", () => {
  it("exits with the first signal's code (130), not killed by the default action", () => {
    const r = run("stop.dispose();");
    expect(r.signal).toBeNull();
    expect(r.status).toBe(130);
  });

  it("before dispose, a second signal is the forced exit with the same code", () => {
    const r = run("");
    expect(r.status).toBe(130);
  });
});
