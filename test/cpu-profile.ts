/**
 * Per-test-file CPU and wall seconds (scripts/suite-profile.sh; docs/testing.md "Suite time"), loaded as a setup
 * file only when NN_LAB_CPU_PROFILE names a log. CPU is the worker process's own user + system time (all its
 * threads) plus that of every child it has waited for (/proc/self/stat's cutime and cstime: spawned CLIs, Python,
 * chromium once closed). A daemon such as the tmux server is nobody's waited child and is not counted.
 */
import { appendFileSync, readFileSync } from "node:fs";
import { relative } from "node:path";
import { afterAll, beforeAll, expect } from "vitest";

const log = process.env.NN_LAB_CPU_PROFILE as string;
const TICKS = 100; // USER_HZ on Linux

function cpuSeconds(): number {
  // the fields after the ")" that closes the command name; utime, stime, cutime and cstime are fields 14–17
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ");
  const field = (n: number) => Number(fields[n - 3]);
  return (field(14) + field(15) + field(16) + field(17)) / TICKS;
}

let cpu0 = 0;
let wall0 = 0;
let start = 0;
beforeAll(() => {
  cpu0 = cpuSeconds();
  wall0 = performance.now();
  start = Date.now();
});
afterAll(() => {
  const file = relative(process.cwd(), expect.getState().testPath ?? "?");
  const wall = (performance.now() - wall0) / 1000;
  appendFileSync(log, `${(cpuSeconds() - cpu0).toFixed(2)}\t${wall.toFixed(2)}\t${file}\t${process.pid}\t${start}\n`);
});
