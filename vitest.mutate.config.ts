/**
 * The tests `npm run mutate` (StrykerJS) runs against each mutant: the ones that run the code in-process (direct
 * imports, or the built CLI through test/helpers.ts runMain). A test that spawns the CLI cannot see a mutant (the
 * mutant is switched on inside the test process), so those suites are left out here; see docs/testing.md.
 */
import { defineConfig } from "vitest/config";

/**
 * MUTATE_TESTS=<glob>,<glob>… narrows the run to the tests of one module (scripts/mutate-module.sh sets it): every
 * mutant then costs the time of its module's tests only, not of every training test that happens to reach it.
 */
const only = process.env.MUTATE_TESTS?.split(",").filter((g) => g !== "");

export default defineConfig({
  test: {
    include: only ?? [
      "test/engine/**/*.test.ts",
      "test/data/**/*.test.ts",
      "test/train/**/*.test.ts",
      "test/run/health.test.ts",
      "test/run/gate.test.ts",
      "test/run/cut-metrics.test.ts",
      "test/run/metrics-csv.test.ts",
      "test/sweep/rank.test.ts",
      "test/sweep/check-runs.test.ts",
      "test/sweep/baseline-csv-read.test.ts",
      "test/robust/fuzz.test.ts",
    ],
    setupFiles: ["test/setup.ts"],
    testTimeout: 60_000,
    pool: "forks",
  },
});
