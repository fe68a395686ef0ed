/**
 * compare --live shows runs trained together at one epoch (src/terminal/live.ts InStep): a row goes to its run's view
 * only once every run still training has logged that epoch (rows that come early wait, as an evaluation thread's
 * do); a run that ended lets its rows through and is no longer waited for.
 */
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load.js";
import { resolveExperiment } from "../../src/config/resolve.js";
import { InStep, LiveRun } from "../../src/terminal/live.js";
import { metricsRow } from "../metrics-row.js";

const row = (epoch: number) => metricsRow(epoch, { train_loss: 1 / (epoch + 1) });

describe("InStep", () => {
  it("lets rows through at the epoch every run still training has logged", () => {
    const experiment = resolveExperiment(loadConfig("configs/xor-relu.yaml", []));
    const [a, b] = [new LiveRun("a", experiment), new LiveRun("b", experiment)];
    const step = new InStep([a, b]);
    const shown = () => [a.last?.epoch ?? null, b.last?.epoch ?? null];
    expect(step.observe(0, row(0))).toBe(false); // b has logged nothing
    expect(step.observe(0, row(1))).toBe(false);
    expect(shown()).toEqual([null, null]);
    expect(step.observe(1, row(0))).toBe(true); // both at 0
    expect(shown()).toEqual([0, 0]);
    expect(step.observe(1, row(1))).toBe(true);
    expect(shown()).toEqual([1, 1]);
    expect(a.history.epoch).toEqual([0, 1]);
    // b logs every 3rd epoch: a waits at the last epoch b has logged
    step.observe(0, row(2));
    step.observe(0, row(3));
    step.observe(0, row(4));
    expect(shown()).toEqual([1, 1]);
    step.observe(1, row(3));
    expect(shown()).toEqual([3, 3]);
    // b ends (diverged at 3): a's rows go through from now on
    expect(step.end(1)).toBe(true);
    expect(shown()).toEqual([4, 3]);
    expect(step.observe(0, row(5))).toBe(true);
    expect(shown()).toEqual([5, 3]);
  });
});
