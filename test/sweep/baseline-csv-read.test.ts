/**
 * A sweep.csv given as a baseline is read as a regular file under the size cap: a FIFO in its place is an input
 * error naming the file and what it is (before, the read waited on the pipe forever), and a missing file says so.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { baselineFromSweepCsv } from "../../src/sweep/results.js";
import { tempDir } from "../helpers.js";

describe("baselineFromSweepCsv reads regular files only", () => {
  it("refuses a FIFO without reading it, and names a missing file", () => {
    const dir = tempDir();
    const fifo = join(dir, "sweep.csv");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    expect(() => baselineFromSweepCsv(fifo)).toThrow(InputError);
    expect(() => baselineFromSweepCsv(fifo)).toThrow(
      `${fifo}: cannot read the sweep table (it is a FIFO (named pipe), not a regular file)`,
    );
    const nope = join(dir, "nope.csv");
    expect(() => baselineFromSweepCsv(nope)).toThrow(`${nope}: cannot read the sweep table (no such file)`);
  });
});
