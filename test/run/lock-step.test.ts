/**
 * Runs trained together in lock-step (src/run/lock-step.ts, compare --live; issue 23 "compare --live runs do not
 * advance together"): a run waits before an epoch until every other run still training has started it; a run that
 * ended is not waited for. Trained together through trainVariants, two runs of different speeds (16 vs 2000 rows)
 * are never more than one epoch apart at any row, and their files are byte for byte those of training one after
 * the other.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig, parseOverride } from "../../src/config/load.js";
import { resolveExperiment } from "../../src/config/resolve.js";
import { LockStep } from "../../src/run/lock-step.js";
import { NEVER_STOP } from "../../src/run/stop.js";
import { trainVariants, type Variant } from "../../src/run/train-variants.js";
import { tempDir } from "../helpers.js";

describe("LockStep", () => {
  it("a run waits for the others to reach its epoch; an ended run is not waited for", async () => {
    const step = new LockStep(3);
    const log: string[] = [];
    const wait = (i: number) => {
      const p = step.pace(i);
      if (!p) return log.push(`${i} goes`);
      log.push(`${i} waits`);
      void p.then(() => log.push(`${i} released`));
    };
    wait(0); // epoch 1: runs 1 and 2 have not started it
    wait(1); // epoch 1: run 2 has not
    wait(2); // epoch 1: everyone has → goes, and releases 0 and 1
    await Promise.resolve();
    expect(log).toEqual(["0 waits", "1 waits", "2 goes", "0 released", "1 released"]);
    log.length = 0;
    wait(2); // epoch 2: 0 and 1 are at 1
    step.end(1); // run 1 ended (diverged, say): no longer waited for
    wait(0); // epoch 2: run 2 has started it, run 1 ended → goes, and releases 2
    await Promise.resolve();
    expect(log).toEqual(["2 waits", "0 goes", "2 released"]);
  });
});

describe("trainVariants together", () => {
  const variant = (label: string, n: number): Variant => ({
    label,
    folder: label,
    seed: null,
    experiment: resolveExperiment(
      loadConfig("configs/moons.yaml", [parseOverride(`data.n=${n}`), parseOverride("train.epochs=40"), parseOverride("data.test=0")]),
    ),
  });

  it("keeps runs of different speeds within one epoch of each other, and their files as trained alone", async () => {
    const variants = [variant("small", 16), variant("large", 2000)];
    const latest = [-1, -1];
    let widest = 0;
    const together = tempDir();
    await trainVariants(
      variants,
      together,
      {
        stop: NEVER_STOP,
        evalThread: "off",
        onEpoch: (v, row) => {
          latest[variants.indexOf(v)] = row.epoch;
          widest = Math.max(widest, Math.abs(latest[0] - latest[1]));
        },
      },
      true,
    );
    expect(latest).toEqual([40, 40]);
    // each row is written after its epoch, before the next one is started: at most one epoch apart
    expect(widest).toBe(1);
    const alone = tempDir();
    await trainVariants(variants, alone, { stop: NEVER_STOP, evalThread: "off" }, false);
    for (const v of variants)
      for (const f of ["metrics.csv", "model.json"])
        expect(readFileSync(join(together, v.folder, f)).equals(readFileSync(join(alone, v.folder, f)))).toBe(true);
  });
});
