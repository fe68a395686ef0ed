/**
 * `nn-lab depth` in a real process: the command's smoke test (its numbers are checked in-process in
 * test/train/depth.test.ts). The built CLI prints the chart and the table of every variant, and exactly what
 * main(argv) prints in-process for the same arguments (the run is deterministic).
 */
import { describe, expect, it } from "vitest";
import { DEPTH_VARIANTS } from "../../src/train/depth.js";
import { runCli, runMain } from "../helpers.js";

describe("nn-lab depth", () => {
  // depth's smoke test: the built CLI in a real process
  it("prints the chart and one table row per variant, as main(argv) does in-process", async () => {
    const args = ["depth", "--depths", "2-4", "--seeds", "1"];
    const r = runCli(args);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^‖∇W₁‖ \/ ‖∇W_L‖ in the first epoch \(log scale\)$/m);
    const rows = r.stdout.split("\n").filter((l) => DEPTH_VARIANTS.some((v) => l.startsWith(`  ${v.name}  `)));
    expect(rows).toHaveLength(DEPTH_VARIANTS.length);
    expect(await runMain(args)).toEqual(r);
  });
});
