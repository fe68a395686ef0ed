/**
 * examples/slurm-array.sh on a real Slurm cluster: `sbatch --wait` submits the 4-task array job as written from a
 * fresh copy of the repository, each task runs its shard (--shard auto reads SLURM_ARRAY_TASK_ID/COUNT) into the
 * shared folder, then `sweep merge` writes sweep.csv, which must equal an unsharded run's (train_ms aside).
 *
 * Opt-in (the daemons are not on every CI machine): vitest.config.ts includes this file only when
 * NN_LAB_TEST_SLURM=1. docs/examples-on-real-tools.md says how to bring up a single-node cluster (munge,
 * slurmctld, slurmd) and holds the output of a run.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers.js";
import { expectMergedEqualsUnsharded, freshCopy } from "./helpers.js";

const sh = (cmd: string, cwd?: string) => spawnSync("bash", ["-c", cmd], { cwd, encoding: "utf8", timeout: 1_200_000 });

describe("examples/slurm-array.sh on Slurm", () => {
  it("sbatch runs the array job as written; the merged sweep.csv is the unsharded one", { timeout: 1_800_000 }, async () => {
    const info = sh("sinfo -h -o '%P %a %D %T %c'");
    expect(info.status, `no Slurm cluster answers (see docs/examples-on-real-tools.md): ${info.stderr}`).toBe(0);
    expect(info.stdout).toMatch(/\s(idle|mixed|allocated)\s/);
    const repo = freshCopy({ built: true });
    const started = Date.now();
    const submit = sh("sbatch --wait examples/slurm-array.sh", repo);
    const seconds = (Date.now() - started) / 1000;
    expect(submit.status, submit.stdout + submit.stderr).toBe(0);
    const job = /Submitted batch job (\d+)/.exec(submit.stdout)?.[1];
    expect(job).toBeDefined();
    const acct = sh(`scontrol show job ${job} 2>/dev/null | grep -E 'JobState|ArrayTaskId' | head -8`);
    const logs = [1, 2, 3, 4].map((i) => join(repo, `slurm-${job}_${i}.out`));
    for (const log of logs) expect(existsSync(log), log).toBe(true);

    const merge = spawnSync(process.execPath, ["bin/nn-lab.js", "sweep", "merge", "runs/moons-sweep"], { cwd: repo, encoding: "utf8" });
    expect(merge.status, merge.stderr).toBe(0);
    expect(merge.stderr).toMatch(/merged (\d+) of \1 runs/);

    const script = readFileSync(join(ROOT, "examples", "slurm-array.sh"), "utf8");
    const merged = await expectMergedEqualsUnsharded(repo, script);

    // which task ran which runs: each log's progress lines
    const perTask = logs.map((l) => (readFileSync(l, "utf8").match(/^\[\d+\/\d+\]/gm) ?? []).length);
    expect(perTask.reduce((a, b) => a + b, 0)).toBe(merged.length - 1);
    console.log(
      [
        `sinfo: ${info.stdout.trim()}`,
        `sbatch --wait examples/slurm-array.sh: ${submit.stdout.trim()} (${seconds.toFixed(1)} s)`,
        acct.stdout.trim(),
        `runs per task (slurm-${job}_1..4.out): ${perTask.join(", ")}`,
        `task 1's log:\n${readFileSync(logs[0], "utf8").trim()}`,
        `sweep merge runs/moons-sweep: ${merge.stderr.trim()}`,
        `merged sweep.csv (${merged.length - 1} runs) equals the unsharded sweep.csv (train_ms aside)`,
        `first rows of the merged sweep.csv:\n${readFileSync(join(repo, "runs", "moons-sweep", "sweep.csv"), "utf8")
          .split("\n")
          .slice(0, 4)
          .join("\n")}`,
      ].join("\n"),
    );
  });
});
