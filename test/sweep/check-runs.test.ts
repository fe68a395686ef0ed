/**
 * `check SWEEP` checks every run folder as `check RUN` does (issue 20 item 5): a run whose summary.json says
 * completed but whose metrics.csv was cut, or whose model.json is gone, is bad input — exit 2 naming the run folder
 * and what is wrong — and no baseline is written from the sweep.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runMain, tempDir, writeFile } from "../helpers.js";

const RUN = "0000-lr=0.1,seed=1";

async function sweep(): Promise<string> {
  const dir = tempDir();
  const cfg = writeFile(dir, "x.yaml", "seed: 1\ndata: {kind: xor}\ntrain: {epochs: 20}\n");
  const out = join(dir, "sw");
  const r = await runMain(["sweep", cfg, "--grid", "train.lr=0.1,0.2", "--jobs", "1", "--out", out, "--quiet"]);
  expect(r.code, r.stderr).toBe(0);
  return out;
}

describe("check SWEEP checks each run folder", () => {
  it("a run with metrics.csv cut to 3 lines and no model.json: exit 2 naming it, no baseline written", async () => {
    const out = await sweep();
    expect((await runMain(["check", out, "--expect", "train_acc>=0"])).code).toBe(0);
    const runDir = join(out, RUN);
    rmSync(join(runDir, "model.json"));
    const metrics = readFileSync(join(runDir, "metrics.csv"), "utf8").split("\n");
    writeFileSync(join(runDir, "metrics.csv"), metrics.slice(0, 3).join("\n") + "\n");
    const baseline = join(out, "..", "b.json");
    for (const extra of [[], ["--write-baseline", baseline]]) {
      const r = await runMain(["check", out, "--expect", "test_acc>=0.5", ...extra]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `nn-lab: error: ${runDir}: metrics.csv ends at epoch 1, summary.json says 20 epochs; the run's files do not agree with its summary.json\n`,
      );
      expect(r.stdout).toBe("");
    }
    expect(existsSync(baseline)).toBe(false);
    // the same damage seen by check RUN: the same words
    expect((await runMain(["check", runDir, "--expect", "test_acc>=0.5"])).stderr).toMatch(
      /metrics\.csv ends at epoch 1, summary\.json says 20/,
    );
  });

  it("only model.json gone: exit 2 naming it; as a --baseline the sweep is refused too", async () => {
    const out = await sweep();
    const good = await sweep();
    rmSync(join(out, RUN, "model.json"));
    const r = await runMain(["check", out, "--expect", "train_acc>=0"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^nn-lab: error: ${join(out, RUN).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: model\\.json: .*`));
    const asBaseline = await runMain(["check", good, "--baseline", out]);
    expect(asBaseline.code).toBe(2);
    expect(asBaseline.stderr).toMatch(/model\.json/);
  });
});
