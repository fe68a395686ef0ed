// @ts-check
/**
 * Mutation testing (issue 27): `npm run mutate` — slow, not part of CI; a benchmark like `npm run bench`.
 * The mutated code is what decides what a user is told (docs/testing.md lists the modules, the score per module and
 * the surviving mutants). One module: `npm run mutate -- --mutate src/run/health.ts`.
 * Practical on 2 shared cores: per-test coverage (each mutant runs only the tests that reach it), incremental mode
 * (reports/stryker-incremental.json, committed: a re-run tests only mutants whose code or tests changed), concurrency 2.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutate.config.ts" },
  plugins: ["@stryker-mutator/vitest-runner"],
  coverageAnalysis: "perTest",
  // tests that run the CLI in-process (runMain) load dist/: build it from the instrumented sources in the sandbox
  buildCommand: "npx tsc -p tsconfig.build.json",
  mutate: [
    "src/engine/**/*.ts",
    "!src/engine/index.ts",
    "src/train/step.ts",
    "src/train/train.ts",
    "src/run/health.ts",
    "src/run/baseline.ts",
    "src/run/read.ts",
    "src/sweep/rank.ts",
    "src/sweep/claim.ts",
    "src/data/prepare.ts",
    "src/data/generators.ts",
  ],
  ignorePatterns: ["runs", "reports", "bench", "examples", "docs", ".stryker-tmp", "coverage"],
  incremental: true,
  incrementalFile: "reports/stryker-incremental.json",
  concurrency: 2,
  timeoutMS: 60000,
  dryRunTimeoutMinutes: 30,
  reporters: ["clear-text", "progress-append-only", "json"],
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  thresholds: { high: 85, low: 70, break: null },
  tempDirName: ".stryker-tmp",
  cleanTempDir: true,
};
