/**
 * src/sweep/claim.ts called directly (its sweeps are in claim.test.ts): which claim files name a holder, when a holder
 * is gone, what --steal-claims-older-than accepts and where its boundary lies, which claims releaseRun gives back,
 * and what claimRun does when a claim cannot be taken over. Every expectation follows from the file's comment: a claim
 * is one JSON line {pid, host, started[, proc_start, boot_id]}; a holder is gone only on this host, when its pid does
 * not exist (ESRCH) or belongs to another process; anything that is not a claim of that shape is stale.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { claimPath, claimRun, describeHolder, holderIsDead, parseClaimAge, processIdentity, releaseRun } from "../../src/sweep/claim.js";
import { tempDir } from "../helpers.js";

const HOST = hostname();
const BOOT = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
/** Field 22 of /proc/PID/stat, counted by hand: the fields after "(comm)" start at field 3. */
const startOf = (pid: number) => readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ")[22 - 3];
/** Above the kernel's pid_max: no process can have this pid here. */
const DEAD = Number(readFileSync("/proc/sys/kernel/pid_max", "utf8")) + 1;

/** A sweep folder holding one claim file with `text`; claimRun's verdict on it and the file afterwards. */
function claimOver(text: string, now = new Date(), steal: number | null = null) {
  const dir = tempDir();
  writeFileSync(claimPath(dir, "r"), text);
  const holder = claimRun(dir, "r", now, steal);
  const after = JSON.parse(readFileSync(claimPath(dir, "r"), "utf8")) as { pid: number };
  return { dir, holder, ours: after.pid === process.pid };
}

describe("holderIsDead", () => {
  it("is decided on this host only: a pid that does not exist here is dead here, alive on another host", () => {
    expect(() => process.kill(DEAD, 0)).toThrow(expect.objectContaining({ code: "ESRCH" }));
    expect(holderIsDead({ pid: DEAD, host: HOST, started: "" })).toBe(true);
    expect(holderIsDead({ pid: DEAD, host: "elsewhere.example", started: "" })).toBe(false);
  });

  it("a live pid: alive without an identity, or with only half of one; dead with another process's", () => {
    const one = { pid: 1, host: HOST, started: "" };
    expect(holderIsDead(one)).toBe(false);
    // half an identity cannot tell: not even a start time that is not pid 1's makes it another process
    expect(holderIsDead({ ...one, proc_start: "999999999" } as never)).toBe(false);
    expect(holderIsDead({ ...one, boot_id: "0-other-boot" } as never)).toBe(false);
    expect(holderIsDead({ ...one, proc_start: startOf(1), boot_id: BOOT })).toBe(false);
    expect(holderIsDead({ ...one, proc_start: "999999999", boot_id: BOOT })).toBe(true);
    expect(holderIsDead({ ...one, proc_start: startOf(1), boot_id: "0-other-boot" })).toBe(true);
  });
});

describe("processIdentity", () => {
  it("of a pid that does not exist is null", () => {
    expect(processIdentity(DEAD)).toBeNull();
  });
});

describe("parseClaimAge", () => {
  it("a number (decimals too) and a unit, spaces around either", () => {
    expect(parseClaimAge("90s")).toBe(90_000);
    expect(parseClaimAge("90 s")).toBe(90_000);
    expect(parseClaimAge(" 2d ")).toBe(2 * 86_400_000);
    expect(parseClaimAge("1.25h")).toBe(1.25 * 3_600_000); // 4,500,000
    expect(parseClaimAge("0.5m")).toBe(30_000);
  });

  it("anything after the unit is refused", () => {
    for (const bad of ["1hour", "1h x", "2dd"])
      expect(() => parseClaimAge(bad)).toThrow(
        new InputError(`--steal-claims-older-than ${bad}: expected a duration like 30m, 1h or 2d (s, m, h, d)`),
      );
  });
});

describe("describeHolder", () => {
  it("names the pid, the host and, when the claim has one, its start time", () => {
    expect(describeHolder({ pid: 5, host: "node7", started: "2026-01-01T00:00:00Z" })).toBe("pid 5 on node7 since 2026-01-01T00:00:00Z");
    expect(describeHolder({ pid: 5, host: "node7", started: "" })).toBe("pid 5 on node7");
  });
});

describe("claimRun", () => {
  it("writes its claim as one JSON line ending in a newline", () => {
    const dir = tempDir();
    expect(claimRun(dir, "r")).toBeNull();
    const text = readFileSync(claimPath(dir, "r"), "utf8");
    expect(text.endsWith("}\n")).toBe(true);
    expect(text.split("\n")).toHaveLength(2);
  });

  it("a claim that is not {pid: a positive integer, host: a string} is stale: taken over", () => {
    for (const shape of [{ pid: 0 }, { pid: -1 }, { pid: 1.5 }, { pid: "1" }, {}].map((p) => ({ host: HOST, started: "", ...p })))
      expect(claimOver(JSON.stringify(shape)), JSON.stringify(shape)).toMatchObject({ holder: null, ours: true });
    expect(claimOver(JSON.stringify({ pid: 1, started: "" }))).toMatchObject({ holder: null, ours: true }); // no host
    // the same claims with pid 1 on this host and a host are held: the shape alone made the difference
    expect(claimOver(JSON.stringify({ pid: 1, host: HOST, started: "" }))).toMatchObject({ holder: { pid: 1 }, ours: false });
  });

  it("a claim file longer than a claim (4096 bytes) is no claim of ours: stale, taken over", () => {
    const long = JSON.stringify({ pid: 1, host: HOST, started: "", note: "x".repeat(5000) });
    expect(claimOver(long)).toMatchObject({ holder: null, ours: true });
  });

  it("a held claim without a start time is described without one", () => {
    const { holder } = claimOver(JSON.stringify({ pid: 1, host: "node7" }));
    expect(holder).toEqual({ pid: 1, host: "node7", started: "" });
    expect(describeHolder(holder!)).toBe("pid 1 on node7");
  });

  it("--steal-claims-older-than takes over a claim started longer ago than the limit, not one exactly that old", () => {
    const now = new Date("2026-06-01T12:00:00Z");
    const claim = (started: string) => JSON.stringify({ pid: 1, host: "elsewhere.example", started });
    expect(claimOver(claim("2026-06-01T11:00:00.000Z"), now, 3_600_000)).toMatchObject({ ours: false });
    expect(claimOver(claim("2026-06-01T10:59:59.999Z"), now, 3_600_000)).toMatchObject({ holder: null, ours: true });
  });

  it("a claim path that is a folder is an input error naming it, and stays", () => {
    const dir = tempDir();
    mkdirSync(claimPath(dir, "r"));
    expect(() => claimRun(dir, "r")).toThrow(
      new InputError(`${claimPath(dir, "r")}: cannot read the run's claim (it is a folder); remove it and re-run`),
    );
    releaseRun(dir, "r");
    expect(existsSync(claimPath(dir, "r"))).toBe(true);
  });

  it("a sweep folder that does not exist: the error is thrown, not taken for a claim", () => {
    const dir = join(tempDir(), "gone");
    expect(() => claimRun(dir, "r")).toThrow(expect.objectContaining({ code: "ENOENT" }));
  });

  it("a stale claim that cannot be moved aside: three attempts, then its holder (or 'unknown') is reported", () => {
    const dir = tempDir();
    // the name claimRun moves a stale claim to is taken by a folder that is not empty: every rename fails
    mkdirSync(join(`${claimPath(dir, "r")}.stale-${process.pid}`, "x"), { recursive: true });
    writeFileSync(claimPath(dir, "r"), JSON.stringify({ pid: DEAD, host: HOST, started: "s" }));
    expect(claimRun(dir, "r")).toEqual({ pid: DEAD, host: HOST, started: "s" });
    writeFileSync(claimPath(dir, "r"), "{half a claim");
    expect(claimRun(dir, "r")).toEqual({ pid: 0, host: "unknown", started: "" });
    expect(readdirSync(dir).sort()).toEqual(["r.lock", `r.lock.stale-${process.pid}`]);
  });
});

describe("releaseRun gives back our own claims only", () => {
  const released = (claim: Record<string, unknown>) => {
    const dir = tempDir();
    writeFileSync(claimPath(dir, "r"), JSON.stringify({ started: "", ...claim }));
    releaseRun(dir, "r");
    return !existsSync(claimPath(dir, "r"));
  };
  const me = { pid: process.pid, host: HOST };

  it("ours: our pid and host, with our identity or none recorded (an older claim)", () => {
    expect(released({ ...me, proc_start: startOf(process.pid), boot_id: BOOT })).toBe(true);
    expect(released(me)).toBe(true);
    // half an identity, or one of the wrong type, is no identity
    expect(released({ ...me, proc_start: "1" })).toBe(true);
    expect(released({ ...me, proc_start: 1, boot_id: BOOT })).toBe(true);
    expect(released({ ...me, proc_start: "1", boot_id: 7 })).toBe(true);
  });

  it("not ours: another pid on this host, our pid on another host, our pid with another start time", () => {
    expect(released({ pid: 1, host: HOST })).toBe(false);
    expect(released({ pid: process.pid, host: "elsewhere.example" })).toBe(false);
    expect(released({ ...me, proc_start: "1", boot_id: BOOT })).toBe(false);
  });
});
