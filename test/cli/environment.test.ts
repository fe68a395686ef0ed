/** The environment, parsed once at the CLI boundary (src/cli/environment.ts): every variable nn-lab honours, typed. */
import { describe, expect, it } from "vitest";
import { readEnvironment } from "../../src/cli/environment.js";
import { InputError } from "../../src/errors.js";

describe("readEnvironment", () => {
  it("an empty environment gives the defaults: 256 MiB inputs, no data root, 4096 MiB memory, eval thread auto", () => {
    expect(readEnvironment({})).toEqual({
      inputs: { maxBytes: 256 * 1048576, dataRoot: null },
      memoryLimitMb: 4096,
      evalThread: "auto",
      shard: {},
      testPauseMerge: null,
    });
  });

  it("reads each variable into its field", () => {
    const env = readEnvironment({
      NN_LAB_MAX_INPUT_MB: "0.5",
      NN_LAB_DATA_ROOT: "/data",
      NN_LAB_MEMORY_LIMIT_MB: " 12 ",
      NN_LAB_EVAL_THREAD: "1",
      SLURM_ARRAY_TASK_ID: "3",
      SLURM_ARRAY_TASK_COUNT: "4",
      PATH: "/usr/bin",
    });
    expect(env).toEqual({
      inputs: { maxBytes: 524288, dataRoot: "/data" },
      memoryLimitMb: 12,
      evalThread: "on",
      shard: { SLURM_ARRAY_TASK_ID: "3", SLURM_ARRAY_TASK_COUNT: "4" },
      testPauseMerge: null,
    });
    expect(readEnvironment({ NN_LAB_EVAL_THREAD: "0" }).evalThread).toBe("off");
    expect(readEnvironment({ NN_LAB_EVAL_THREAD: "yes" }).evalThread).toBe("auto");
    expect(readEnvironment({ NN_LAB_DATA_ROOT: "", NN_LAB_MEMORY_LIMIT_MB: "" })).toMatchObject({
      inputs: { dataRoot: null },
      memoryLimitMb: 4096,
    });
  });

  it("a value that is not a number in range is an InputError naming the variable, the range and the value", () => {
    expect(() => readEnvironment({ NN_LAB_MEMORY_LIMIT_MB: "abc" })).toThrow(InputError);
    expect(() => readEnvironment({ NN_LAB_MEMORY_LIMIT_MB: "0" })).toThrow(
      "NN_LAB_MEMORY_LIMIT_MB=0: expected a number from 1 to 1073741824",
    );
    expect(() => readEnvironment({ NN_LAB_MAX_INPUT_MB: "1e8" })).toThrow(
      "NN_LAB_MAX_INPUT_MB=1e8: expected a number from 0.000001 to 10000000",
    );
  });
});
