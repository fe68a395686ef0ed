// @ts-check
/**
 * Mutation testing (issue 27): `npm run mutate` — slow, not part of CI; a benchmark like `npm run bench`.
 * The mutated code is what decides what a user is told (docs/testing.md lists the modules, the score per module and
 * the surviving mutants). One module: `npm run mutate -- --mutate src/run/health.ts`.
 * Practical on 2 shared cores (docs/testing.md): per-test coverage (each mutant runs only the tests that reach it),
 * incremental mode (a re-run tests only mutants whose code or tests changed; not committed), one test runner, static
 * mutants ignored (--ignoreStatic), and per module its own tests only: scripts/mutate-module.sh.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: "vitest",
  // related: false — run the test files vitest.mutate.config.ts includes (MUTATE_TESTS), not only those that import
  // the mutated file: a test that reaches it only through the built CLI (runMain) was silently left out
  vitest: { configFile: "vitest.mutate.config.ts", related: false },
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
    "src/run/expect.ts",
    "src/run/stats.ts",
    "src/run/baseline.ts",
    "src/run/read.ts",
    "src/sweep/rank.ts",
    "src/sweep/claim.ts",
    "src/data/prepare.ts",
    "src/data/generators.ts",
    "src/data/csv.ts",
    "src/data/features.ts",
  ],
  ignorePatterns: ["runs", "reports", "bench", "examples", "docs", ".stryker-tmp", "coverage"],
  incremental: true,
  incrementalFile: "reports/stryker-incremental.json",
  concurrency: 1,
  // a mutant that loops forever is stopped after its tests' own time ×1.5 + 10 s (60 s made each one cost 90 s)
  timeoutMS: 10000,
  dryRunTimeoutMinutes: 30,
  reporters: ["clear-text", "progress-append-only", "json"],
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  thresholds: { high: 85, low: 70, break: null },
  tempDirName: ".stryker-tmp",
  cleanTempDir: true,
};
