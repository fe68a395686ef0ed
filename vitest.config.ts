import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // runs examples/slurm-array.sh on a real Slurm cluster: only where one is up (docs/examples-on-real-tools.md)
    exclude: process.env.NN_LAB_TEST_SLURM === "1" ? [] : ["test/examples/slurm.test.ts"],
    setupFiles: ["test/setup.ts"],
    testTimeout: 60_000,
    // a beforeAll that trains (in-process) gets as long as a test: on a loaded machine 10 s was not enough
    hookTimeout: 60_000,
    pool: "forks",
  },
});
