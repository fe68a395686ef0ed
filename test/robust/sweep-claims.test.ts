/**
 * Two nn-lab processes on one sweep folder (issue 12, finding 1): a run another live process is training is left
 * alone; a claim whose holder died is taken over; a run whose files do not agree with its summary.json is not
 * "already done" — a resume redoes it, and merge and check refuse it.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, readJson, runMain, tempDir, writeFile } from "../helpers.js";
import { stopWhen } from "../processes.js";

const RUN = "0000-lr=0.1,seed=0";

function metricsRows(runDir: string): string[] {
  return readFileSync(join(runDir, "metrics.csv"), "utf8").trimEnd().split("\n").slice(1);
}

describe("sweep claims: two processes, one sweep folder", () => {
  it("the second process leaves a run the first is training alone, and exits 1 saying so", async () => {
    const dir = tempDir();
    // a short run (a few tenths of a second): the first process is held still (SIGSTOP) once it is seen training,
    // so the second looks while the first still trains however fast an epoch has become
    const epochs = 400;
    const cfg = writeFile(dir, "x.yaml", `data: {kind: moons, n: 200}\nmodel: {layers: [16]}\ntrain: {epochs: ${epochs}, batch: full}\n`);
    const out = join(dir, "sw");
    const args = [BIN, "sweep", cfg, "--grid", "train.lr=0.1", "--jobs", "1", "--out", out];
    const first = spawn(process.execPath, args, { env: { ...process.env, NO_COLOR: "1" }, stdio: "ignore" });
    const firstExit = new Promise<number | null>((resolve) => first.on("exit", (code) => resolve(code)));
    const lock = join(out, `${RUN}.lock`);
    // training: its claim, metrics.csv, and no summary.json yet
    await stopWhen(
      first,
      () => existsSync(lock) && existsSync(join(out, RUN, "metrics.csv")) && !existsSync(join(out, RUN, "summary.json")),
      30_000,
    );
    const holder = JSON.parse(readFileSync(lock, "utf8")) as { pid: number; host: string; started: string };
    expect(holder).toMatchObject({ pid: first.pid, host: hostname() });
    expect(Number.isNaN(Date.parse(holder.started))).toBe(false);

    const before = statSync(join(out, RUN, "metrics.csv")).ino;
    const second = await runMain(args.slice(1));
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(new RegExp(`another nn-lab process is training it in .*sw \\(pid ${first.pid} on `));
    expect(second.stderr).not.toMatch(/internal error|^\s+at /m);
    // the first process's files were not replaced
    expect(statSync(join(out, RUN, "metrics.csv")).ino).toBe(before);

    first.kill("SIGCONT");
    expect(await firstExit).toBe(0);
    const summary = readJson<{ status: string; epochs: number }>(join(out, RUN, "summary.json"));
    expect(summary).toMatchObject({ status: "completed", epochs });
    const rows = metricsRows(join(out, RUN));
    expect(rows.length).toBe(epochs + 1);
    expect(rows.map((r) => Number(r.split(",")[0]))).toEqual(Array.from({ length: epochs + 1 }, (_, i) => i));
    expect(existsSync(lock)).toBe(false);
    // a third look finds it done, and the sweep passes check
    const third = await runMain(args.slice(1));
    expect(third.code).toBe(0);
    expect(third.stderr).toMatch(/already done/);
  });

  it("a claim left by a dead process on this host is taken over", async () => {
    const dir = tempDir();
    const cfg = writeFile(dir, "x.yaml", "data: {kind: xor}\ntrain: {epochs: 3}\n");
    const out = join(dir, "sw");
    const args = ["sweep", cfg, "--grid", "train.lr=0.1", "--jobs", "1", "--out", out];
    expect((await runMain([...args, "--dry-run"])).code).toBe(0);
    const dead = spawnSync(process.execPath, ["-e", "process.pid"]).pid!;
    const r0 = await runMain(args);
    expect(r0.code).toBe(0);
    // now pretend a dead process held run 0 while it was half-way
    writeFileSync(join(out, `${RUN}.lock`), JSON.stringify({ pid: dead, host: hostname(), started: new Date().toISOString() }));
    writeFileSync(join(out, RUN, "metrics.csv"), "epoch,train_loss\n0,1\n");
    const r = await runMain(args);
    expect(r.stderr).not.toMatch(/already done/);
    expect(r.code).toBe(0);
    expect(metricsRows(join(out, RUN)).length).toBe(4);
    expect(readdirSync(out).filter((f) => f.includes(".lock"))).toEqual([]);
  });

  it("a claim from another host is never presumed dead", async () => {
    const dir = tempDir();
    const cfg = writeFile(dir, "x.yaml", "data: {kind: xor}\ntrain: {epochs: 3}\n");
    const out = join(dir, "sw");
    const args = ["sweep", cfg, "--grid", "train.lr=0.1", "--jobs", "1", "--out", out];
    expect((await runMain([...args, "--dry-run"])).code).toBe(0);
    expect((await runMain(args)).code).toBe(0);
    writeFileSync(join(out, RUN, "metrics.csv"), "epoch,train_loss\n0,1\n");
    // a pid that cannot exist here (above the kernel's pid_max; pid 1 is always alive, so it would pass without the
    // host check): only the host saves the claim
    const dead = Number(readFileSync("/proc/sys/kernel/pid_max", "utf8")) + 1;
    expect(() => process.kill(dead, 0)).toThrow(expect.objectContaining({ code: "ESRCH" }));
    writeFileSync(join(out, `${RUN}.lock`), JSON.stringify({ pid: dead, host: "elsewhere.example", started: "2026-01-01T00:00:00Z" }));
    const r = await runMain(args);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`pid ${dead} on elsewhere\\.example`));
    expect(readFileSync(join(out, RUN, "metrics.csv"), "utf8")).toBe("epoch,train_loss\n0,1\n");
  });

  it("completed means verified: a summary beside a cut metrics.csv is redone on resume, refused by merge and check", async () => {
    const dir = tempDir();
    const cfg = writeFile(dir, "x.yaml", "data: {kind: xor}\ntrain: {epochs: 20}\n");
    const out = join(dir, "sw");
    const args = ["sweep", cfg, "--grid", "train.lr=0.1,0.2", "--jobs", "1", "--out", out];
    expect((await runMain(args)).code).toBe(0);
    const runDir = join(out, RUN);
    const good = readFileSync(join(runDir, "metrics.csv"), "utf8");
    const cut = good.split("\n").slice(0, 10).join("\n") + "\n" + "\0".repeat(100);
    writeFileSync(join(runDir, "metrics.csv"), cut);

    const merge = await runMain(["sweep", "merge", out]);
    expect(merge.code).toBe(2);
    expect(merge.stderr).toMatch(/metrics\.csv: binary content/);
    const check = await runMain(["check", runDir, "--expect", "train_loss<10"]);
    expect(check.code).toBe(2);
    expect(check.stderr).toMatch(/metrics\.csv/);

    writeFileSync(join(runDir, "metrics.csv"), good.split("\n").slice(0, 10).join("\n") + "\n");
    expect((await runMain(["check", runDir, "--expect", "train_loss<10"])).stderr).toMatch(
      /metrics\.csv ends at epoch 8, summary\.json says 20 epochs/,
    );
    const resume = await runMain(args);
    expect(resume.code).toBe(0);
    expect(resume.stderr).toMatch(/\[1\/2\] 0001-.*already done/);
    expect(resume.stderr).toMatch(/\[2\/2\] 0000-.*completed/);
    expect(readFileSync(join(runDir, "metrics.csv"), "utf8")).toBe(good);
    expect((await runMain(["sweep", "merge", out])).code).toBe(0);
  });
});
