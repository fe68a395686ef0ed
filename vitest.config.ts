import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // runs examples/slurm-array.sh on a real Slurm cluster: only where one is up (docs/examples-on-real-tools.md)
    exclude: process.env.NN_LAB_TEST_SLURM === "1" ? [] : ["test/examples/slurm.test.ts"],
    // scripts/suite-profile.sh: CPU and wall seconds per test file
    setupFiles: process.env.NN_LAB_CPU_PROFILE ? ["test/setup.ts", "test/cpu-profile.ts"] : ["test/setup.ts"],
    testTimeout: 60_000,
    // a beforeAll that trains (in-process) gets as long as a test: on a loaded machine 10 s was not enough
    hookTimeout: 60_000,
    pool: "forks",
    // every core (vitest's default in a run is one fewer: a single worker on a 2-core machine, where most test files
    // wait on child processes, tmux or chromium as much as they compute)
    maxWorkers: availableParallelism(),
    // test files share a worker's module cache instead of a fresh process each (~0.5 s of start-up and imports a
    // file, 151 files): a test must not depend on a module's state being fresh (test/engine/libm-choice.test.ts
    // takes a fresh instance with vi.resetModules where it does)
    isolate: false,
  },
});
