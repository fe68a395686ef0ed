/**
 * Issue 22 item 2, for sweeps: a real SIGHUP (the terminal closed, the SSH session dropped) sent to a real
 * `nn-lab sweep` process mid-training ends it with 129, leaves no .lock file and no run folder without summary.json
 * (an interrupted run's folder is complete up to its last epoch, status interrupted), and the same command resumes
 * it to completion.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, readJson, runMain, tempDir, writeFile } from "../helpers.js";
import { stopWhen } from "../processes.js";

const EPOCHS = 400;

/** A run of the sweep in `out` that is training (a lock, metrics.csv, no summary.json) and not yet half-way. */
function midRun(out: string): boolean {
  if (!existsSync(out)) return false;
  return readdirSync(out).some((run) => {
    const csv = join(out, run, "metrics.csv");
    if (!existsSync(join(out, `${run}.lock`)) || !existsSync(csv) || existsSync(join(out, run, "summary.json"))) return false;
    return readFileSync(csv, "utf8").split("\n").length - 2 < EPOCHS / 2;
  });
}

describe("a sweep survives SIGHUP", () => {
  it.each(["1", "2"])(
    "--jobs %s: exit 129, no .lock, no folder without summary.json; the resume completes it",
    async (jobs) => {
      const dir = tempDir();
      // short runs (a few tenths of a second): the sweep is held still (SIGSTOP) while the test looks, and signalled
      // only once a run is seen training and not yet half-way, so the signal lands mid-run however fast epochs are
      const cfg = writeFile(dir, "h.yaml", `data: {kind: moons, n: 200}\nmodel: {layers: [16]}\ntrain: {epochs: ${EPOCHS}, batch: full}\n`);
      const out = join(dir, "sw");
      const args = ["sweep", cfg, "--grid", "train.lr=0.1,0.2,0.3", "--jobs", jobs, "--out", out, "--quiet"];
      const child = spawn(process.execPath, [BIN, ...args], {
        env: { ...process.env, NO_COLOR: "1" },
        stdio: ["ignore", "ignore", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
      const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
        child.on("exit", (code, signal) => resolve({ code, signal })),
      );
      // a run has written rows and holds its claim: it is training (and stays so while the sweep is stopped)
      await stopWhen(child, () => midRun(out), 60_000);
      child.kill("SIGHUP");
      child.kill("SIGCONT");
      expect(await exited).toEqual({ code: 129, signal: null });
      expect(stderr).not.toMatch(/internal error|^\s+at /m);

      const entries = readdirSync(out);
      expect(entries.filter((f) => f.includes(".lock"))).toEqual([]);
      const runs = entries.filter((f) => /^\d{4}-/.test(f));
      expect(runs.length).toBeGreaterThan(0);
      let interrupted = 0;
      for (const run of runs) {
        const summary = readJson<{ status: string; epochs: number }>(join(out, run, "summary.json")); // throws when missing
        if (summary.status === "interrupted") interrupted++;
        else expect(summary).toMatchObject({ status: "completed", epochs: EPOCHS });
        // complete up to its last epoch: rows 0..epochs, and the model
        const rows = readFileSync(join(out, run, "metrics.csv"), "utf8")
          .trimEnd()
          .split("\n")
          .slice(1);
        expect(rows.map((r) => Number(r.split(",")[0]))).toEqual(Array.from({ length: summary.epochs + 1 }, (_, i) => i));
        expect(existsSync(join(out, run, "model.json"))).toBe(true);
      }
      expect(interrupted).toBeGreaterThan(0);

      const resumed = await runMain(args);
      expect(resumed.code).toBe(0);
      const csv = readFileSync(join(out, "sweep.csv"), "utf8").trimEnd().split("\n");
      expect(csv.slice(1).map((l) => l.split(",")[3])).toEqual(["completed", "completed", "completed"]);
      for (const run of readdirSync(out).filter((f) => /^\d{4}-/.test(f)))
        expect(readJson(join(out, run, "summary.json"))).toMatchObject({ status: "completed", epochs: EPOCHS });
      expect(readdirSync(out).filter((f) => f.includes(".lock"))).toEqual([]);
    },
    300_000,
  );
});
