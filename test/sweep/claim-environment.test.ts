/**
 * src/sweep/claim.ts where the machine differs from this one, and when another process moves a claim at the wrong
 * moment. Claims read every file through src/files.ts readInputText; here it is wrapped so that a test can take
 * /proc away (macOS, BSD: no process identity, a live pid holds), hide the boot id, hand in a /proc/PID/stat line of
 * its own, or have the next read of a claim see what another process's claim looked like a moment earlier.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { afterEach, describe, expect, it, vi } from "vitest";
import { tempDir } from "../helpers.js";

const fake = vi.hoisted(() => ({
  /** no /proc at all */
  noProc: false,
  /** path → its text (null: the file does not exist) */
  files: new Map<string, string | null>(),
  /** path → the text its next read returns, once */
  once: new Map<string, string>(),
}));

vi.mock("../../src/files.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/files.js")>();
  const readInputText: typeof real.readInputText = (path, fail, limit) => {
    const once = fake.once.get(path);
    if (once !== undefined) {
      fake.once.delete(path);
      return once;
    }
    const text = fake.files.get(path);
    if (text === null || (fake.noProc && path.startsWith("/proc/"))) throw fail("no such file");
    return text ?? real.readInputText(path, fail, limit);
  };
  return { ...real, readInputText };
});

// claim.ts loaded afresh, so that it imports the wrapped files.ts: test files share modules in a worker
// (vitest's isolate: false), and another file may have loaded claim.ts with the real one already
vi.resetModules();
const { claimPath, claimRun, holderIsDead, processIdentity, releaseRun } = await import("../../src/sweep/claim.js");

afterEach(() => {
  fake.noProc = false;
  fake.files.clear();
  fake.once.clear();
  vi.restoreAllMocks();
});

const HOST = hostname();
const DEAD = Number(readFileSync("/proc/sys/kernel/pid_max", "utf8")) + 1;
const BOOT_ID = "/proc/sys/kernel/random/boot_id";

describe("without /proc (macOS, BSD)", () => {
  it("a claim records no identity, and a live pid holds whatever identity a claim recorded", () => {
    fake.noProc = true;
    expect(processIdentity(process.pid)).toBeNull();
    const dir = tempDir();
    expect(claimRun(dir, "r")).toBeNull();
    expect(Object.keys(JSON.parse(readFileSync(claimPath(dir, "r"), "utf8")) as object)).toEqual(["pid", "host", "started"]);
    // recorded on Linux, read where there is no /proc: nothing to compare with, pid 1 is alive
    expect(holderIsDead({ pid: 1, host: HOST, started: "", proc_start: "999999999", boot_id: "b" })).toBe(false);
    expect(holderIsDead({ pid: DEAD, host: HOST, started: "", proc_start: "1", boot_id: "b" })).toBe(true);
  });

  it("our pid and host: ours to give back, whatever start time the claim recorded", () => {
    fake.noProc = true;
    const dir = tempDir();
    writeFileSync(claimPath(dir, "r"), JSON.stringify({ pid: process.pid, host: HOST, started: "", proc_start: "1", boot_id: "b" }));
    releaseRun(dir, "r");
    expect(existsSync(claimPath(dir, "r"))).toBe(false);
  });

  it("a /proc without the boot id gives no identity either", () => {
    fake.files.set(BOOT_ID, null);
    expect(processIdentity(process.pid)).toBeNull();
  });
});

describe("processIdentity reads field 22 of /proc/PID/stat", () => {
  /** A stat line: pid, (comm), then fields 3…52 with `start` as field 22. */
  const stat = (comm: string, start: string, fields = 50) =>
    `4242 (${comm}) ` + Array.from({ length: fields }, (_, i) => (i === 22 - 3 ? start : String(i + 3))).join(" ") + "\n";
  const BOOT = readFileSync(BOOT_ID, "utf8").trim();

  it("counting after the last ')': a command name may hold spaces and parentheses", () => {
    fake.files.set("/proc/4242/stat", stat("a) b (c", "123456"));
    expect(processIdentity(4242)).toEqual({ proc_start: "123456", boot_id: BOOT });
  });

  it("a field 22 that is not all digits, or a line too short to have one: no identity", () => {
    for (const start of ["x123", "123x", ""]) {
      fake.files.set("/proc/4242/stat", stat("nn-lab", start));
      expect(processIdentity(4242), start).toBeNull();
    }
    fake.files.set("/proc/4242/stat", stat("nn-lab", "1", 10));
    expect(processIdentity(4242)).toBeNull();
  });
});

describe("kill(pid, 0) failing for another reason than ESRCH", () => {
  it("EPERM (another user's process) means alive: the claim holds", () => {
    vi.spyOn(process, "kill").mockImplementation(() => {
      throw Object.assign(new Error("kill EPERM"), { code: "EPERM" });
    });
    expect(holderIsDead({ pid: 4242, host: HOST, started: "" })).toBe(false);
  });
});

describe("another process moves the claim between claimRun's look and its rename", () => {
  /** The claim file holds `now`; claimRun's first look at it sees `seen` (the stale claim it was a moment earlier). */
  function race(seen: string, now: object) {
    const dir = tempDir();
    const path = claimPath(dir, "r");
    writeFileSync(path, JSON.stringify(now));
    fake.once.set(path, seen);
    const holder = claimRun(dir, "r");
    return { holder, file: JSON.parse(readFileSync(path, "utf8")) as object, files: readdirSync(dir) };
  }
  const stale = { pid: DEAD, host: HOST, started: "t0" };

  it("a claim that differs from the stale one seen in its pid, start or host is given back", () => {
    for (const now of [
      { ...stale, pid: 1 },
      { ...stale, started: "t1" },
      { ...stale, host: "elsewhere.example" },
    ]) {
      const r = race(JSON.stringify(stale), now);
      expect(r.holder, JSON.stringify(now)).toEqual(now);
      expect(r.file).toEqual(now);
      expect(r.files).toEqual(["r.lock"]);
    }
  });

  it("the stale claim itself is taken over, the moved-aside copy removed", () => {
    const r = race(JSON.stringify(stale), stale);
    expect(r.holder).toBeNull();
    expect(r.file).toMatchObject({ pid: process.pid });
    expect(r.files).toEqual(["r.lock"]);
  });

  it("a half-written claim seen, a whole one moved: the other process finished writing it, it is given back", () => {
    const now = { pid: 1, host: HOST, started: "t1" };
    const r = race("", now);
    expect(r.holder).toEqual(now);
    expect(r.file).toEqual(now);
    expect(r.files).toEqual(["r.lock"]);
  });

  it("a stale claim seen, a half-written one moved: stale too, taken over and nothing left behind", () => {
    const dir = tempDir();
    const path = claimPath(dir, "r");
    writeFileSync(path, "{");
    fake.once.set(path, JSON.stringify(stale));
    expect(claimRun(dir, "r")).toBeNull();
    expect(readdirSync(dir)).toEqual(["r.lock"]);
  });
});

describe("releaseRun", () => {
  it("our claim removed by someone else between the read and the removal: nothing to do, no error", () => {
    const dir = tempDir();
    fake.once.set(claimPath(dir, "r"), JSON.stringify({ pid: process.pid, host: HOST, started: "" }));
    expect(() => releaseRun(dir, "r")).not.toThrow();
  });
});
