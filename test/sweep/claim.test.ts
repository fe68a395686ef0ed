/**
 * Issue 22 item 3: a sweep run's claim (.lock) names its holder's process by pid, start time (/proc/PID/stat field
 * 22) and boot id, so a claim whose pid is alive but belongs to another process — the pid reused after a reboot or a
 * container restart, or nn-lab as PID 1 finding its own pid — is stale and taken over; a claim from another host is
 * taken over only by --steal-claims-older-than. The sweeps run in this process (runMain): its own pid is alive, and so
 * is pid 1, so only the recorded identity can tell them from the claim's holder. Every path is absolute and runMain
 * keeps the working folder: StrykerJS runs these tests in worker threads, where process.chdir() is refused.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { claimRun, processIdentity, releaseRun } from "../../src/sweep/claim.js";
import { readJson, runMain, tempDir, writeFile } from "../helpers.js";

const RUN = "0000-lr=0.1,seed=0";
const BOOT = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
/** Field 22 of /proc/PID/stat, counted by hand: the fields after "(comm)" start at field 3. */
const startOf = (pid: number) => readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ")[22 - 3];

/** A finished one-run sweep whose run is then made half-done and claimed by `lock`. */
async function claimedSweep(lock: Record<string, unknown>) {
  const dir = tempDir();
  const cfg = writeFile(dir, "x.yaml", "data: {kind: xor}\ntrain: {epochs: 3}\n");
  const args = ["sweep", cfg, "--grid", "train.lr=0.1", "--jobs", "1", "--out", join(dir, "sw")];
  expect((await runMain(args)).code).toBe(0);
  writeFileSync(join(dir, "sw", RUN, "metrics.csv"), "epoch,train_loss\n0,1\n");
  writeFileSync(join(dir, "sw", `${RUN}.lock`), JSON.stringify(lock));
  return { dir, args, lock: join(dir, "sw", `${RUN}.lock`) };
}

async function expectTakenOver(lock: Record<string, unknown>, extra: string[] = []) {
  const s = await claimedSweep(lock);
  const r = await runMain([...s.args, ...extra]);
  expect(r.stderr).not.toMatch(/another nn-lab process/);
  expect(r.code).toBe(0);
  expect(readJson(join(s.dir, "sw", RUN, "summary.json"))).toMatchObject({ status: "completed", epochs: 3 });
  expect(
    readFileSync(join(s.dir, "sw", RUN, "metrics.csv"), "utf8")
      .trimEnd()
      .split("\n").length,
  ).toBe(5);
  expect(readdirSync(join(s.dir, "sw")).filter((f) => f.includes(".lock"))).toEqual([]);
}

async function expectHeld(lock: Record<string, unknown>, extra: string[] = []) {
  const s = await claimedSweep(lock);
  const r = await runMain([...s.args, ...extra]);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(`another nn-lab process is training it in ${join(s.dir, "sw")} (pid ${String(lock.pid)} on `);
  // the message names the lock file and the ways out
  expect(r.stderr).toContain(`delete ${s.lock}`);
  expect(r.stderr).toContain("--steal-claims-older-than");
  expect(readFileSync(join(s.dir, "sw", RUN, "metrics.csv"), "utf8")).toBe("epoch,train_loss\n0,1\n");
  expect(existsSync(s.lock)).toBe(true);
}

describe("a claim's holder is its process, not only its pid", () => {
  it("processIdentity reads /proc/PID/stat field 22 and the boot id", () => {
    expect(processIdentity(process.pid)).toEqual({ proc_start: startOf(process.pid), boot_id: BOOT });
    expect(processIdentity(1)).toEqual({ proc_start: startOf(1), boot_id: BOOT });
    expect(Number(startOf(process.pid))).toBeGreaterThan(Number(startOf(1))); // ticks after boot: pid 1 started first
  });

  it("a claim records them, and is given back by its holder only", () => {
    const dir = tempDir();
    expect(claimRun(dir, "r")).toBeNull();
    const written = readJson(join(dir, "r.lock"));
    expect(written).toMatchObject({ pid: process.pid, host: hostname(), proc_start: startOf(process.pid), boot_id: BOOT });
    releaseRun(dir, "r");
    expect(existsSync(join(dir, "r.lock"))).toBe(false);
    // our pid, another start time: not ours to remove
    writeFileSync(join(dir, "r.lock"), JSON.stringify({ ...written, proc_start: "1" }));
    releaseRun(dir, "r");
    expect(existsSync(join(dir, "r.lock"))).toBe(true);
  });

  it("our own pid (alive) with another start time: stale, taken over (nn-lab as PID 1 in a restarted container)", async () => {
    await expectTakenOver({ pid: process.pid, host: hostname(), started: new Date().toISOString(), proc_start: "1", boot_id: BOOT });
  });

  it("pid 1 (alive, another process) with another start time: stale, taken over", async () => {
    await expectTakenOver({ pid: 1, host: hostname(), started: new Date().toISOString(), proc_start: "999999999", boot_id: BOOT });
  });

  it("pid 1 with its start time but another boot id (a reboot): stale, taken over", async () => {
    await expectTakenOver({ pid: 1, host: hostname(), started: new Date().toISOString(), proc_start: startOf(1), boot_id: "0-other-boot" });
  });

  it("pid 1 with its own start time and boot id: its claim holds, and the message says how to remove it safely", async () => {
    await expectHeld({ pid: 1, host: hostname(), started: new Date().toISOString(), proc_start: startOf(1), boot_id: BOOT });
  });

  it("a live pid and no identity recorded (an older claim, or no /proc): the claim holds (the documented fallback)", async () => {
    await expectHeld({ pid: 1, host: hostname(), started: new Date().toISOString() });
  });
});

describe("--steal-claims-older-than: the way out for another host's claim", () => {
  const twoHoursAgo = () => new Date(Date.now() - 2 * 3600e3).toISOString();
  it("a claim from another host started 2 h ago: held without the flag and with 3h, taken over with 1h and 90m", async () => {
    const lock = () => ({ pid: 1, host: "dead-node.example", started: twoHoursAgo() });
    await expectHeld(lock());
    await expectHeld(lock(), ["--steal-claims-older-than", "3h"]);
    await expectTakenOver(lock(), ["--steal-claims-older-than", "1h"]);
    await expectTakenOver(lock(), ["--steal-claims-older-than", "90m"]);
  });

  it("a claim from another host whose pid does not exist here is held all the same: its pid means nothing here", async () => {
    // above the kernel's pid_max no process can exist here (pid 1 is alive, so it would be held without the host check)
    const dead = Number(readFileSync("/proc/sys/kernel/pid_max", "utf8")) + 1;
    expect(() => process.kill(dead, 0)).toThrow(expect.objectContaining({ code: "ESRCH" }));
    await expectHeld({ pid: dead, host: "elsewhere.example", started: new Date().toISOString() });
    // the same pid on this host: its holder is gone, the claim is taken over
    await expectTakenOver({ pid: dead, host: hostname(), started: new Date().toISOString() });
  });

  it("a bad duration is exit 2 before anything trains", async () => {
    for (const bad of ["1", "1w", "-1h", "0m", "h"]) {
      const dir = tempDir();
      const cfg = writeFile(dir, "x.yaml", "data: {kind: xor}\ntrain: {epochs: 3}\n");
      const r = await runMain(["sweep", cfg, "--grid", "train.lr=0.1", "--out", join(dir, "sw"), "--steal-claims-older-than", bad]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`nn-lab: error: --steal-claims-older-than ${bad}: expected a duration like 30m, 1h or 2d (s, m, h, d)\n`);
      expect(existsSync(join(dir, "sw"))).toBe(false);
    }
  });
});
