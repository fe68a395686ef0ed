/**
 * examples/github-actions.yml, executed: every `run:` step, literally as written, in order, in a fresh copy of
 * the repository (the files git tracks or would track: what actions/checkout gives), with bash -eo pipefail as
 * GitHub's runner uses. `uses:` steps are the runner's own (checkout, setup-node, upload-artifact): the copy stands
 * for the checkout, this Node for setup-node, and an upload's path must exist. So the CI recipe (docs/ci-gates.md) and the
 * shipped baseline cannot rot. The steps run twice in the same copy, as a developer re-running the job locally would
 * (runs/ci is there the second time), and then the comment's "remake the baseline" line (over the tracked
 * ci/baseline.json and the steps' runs/ci, so it overwrites both as a re-run would).
 *
 * `npm ci` and `npm run build` are the stand-ins: a full install takes minutes on a shared machine, and a build
 * ~12 s of CPU (twice, it was most of this test's time), so unless NN_LAB_TEST_NPM_CI=1 an `npm` shim on PATH answers
 * `npm ci` by linking this checkout's node_modules and `npm run build` by linking its dist/ (the build every other
 * test uses, of the same sources; CI's clean clone builds for real). Every other npm command is the real npm, and
 * the step's text is still run as written.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ROOT, runMain, tempDir } from "../helpers.js";
import { freshCopy } from "./helpers.js";

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  if?: string;
}

/** A folder holding an `npm` that links node_modules for `npm ci`, dist for `npm run build`, and runs the real npm otherwise. */
function npmShim(): string {
  const bin = tempDir("nn-lab-npm-shim-");
  const real = spawnSync("bash", ["-c", "command -v npm"], { encoding: "utf8" }).stdout.trim();
  writeFileSync(
    join(bin, "npm"),
    `#!/usr/bin/env bash
if [ "$1" = ci ]; then
  echo "npm ci (test stand-in): linking ${join(ROOT, "node_modules")}" >&2
  rm -rf node_modules && ln -s ${JSON.stringify(join(ROOT, "node_modules"))} node_modules
  exit 0
fi
if [ "$1" = run ] && [ "$2" = build ] && [ $# = 2 ]; then
  echo "npm run build (test stand-in): linking ${join(ROOT, "dist")}" >&2
  rm -rf dist && ln -s ${JSON.stringify(join(ROOT, "dist"))} dist
  exit 0
fi
exec ${JSON.stringify(real)} "$@"
`,
  );
  chmodSync(join(bin, "npm"), 0o755);
  return bin;
}

describe("examples/github-actions.yml runs as written", () => {
  it("every run: step succeeds in a fresh copy of the repository, and the check step really gates", { timeout: 600_000 }, async () => {
    const workflow = parse(readFileSync(join(ROOT, "examples", "github-actions.yml"), "utf8")) as {
      jobs: Record<string, { steps: Step[] }>;
    };
    const repo = freshCopy();
    const env: NodeJS.ProcessEnv = { ...process.env, CI: "true", NO_COLOR: "1" };
    if (process.env.NN_LAB_TEST_NPM_CI !== "1") env.PATH = `${npmShim()}:${env.PATH}`;
    const ran: string[] = [];
    const bash = (script: string) => {
      const r = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], {
        cwd: repo,
        env,
        encoding: "utf8",
        timeout: 540_000,
      });
      expect(r.status, `step \`${script}\` failed:\n${r.stdout}\n${r.stderr}`).toBe(0);
    };
    // twice, as on a developer's machine (the second time runs/ci and summary.json are there already)
    for (const pass of [1, 2]) {
      for (const job of Object.values(workflow.jobs)) {
        for (const step of job.steps) {
          if (step.run !== undefined) {
            bash(step.run);
            if (pass === 1) ran.push(step.run);
          } else if (step.uses?.startsWith("actions/checkout@") || step.uses?.startsWith("actions/setup-node@")) {
            if (step.uses.startsWith("actions/setup-node@")) {
              const want = Number(String(step.with?.["node-version"] ?? "0").split(".")[0]);
              expect(Number(process.versions.node.split(".")[0])).toBeGreaterThanOrEqual(want);
            }
          } else if (step.uses?.startsWith("actions/upload-artifact@")) {
            for (const p of String(step.with?.path ?? "")
              .split("\n")
              .filter(Boolean))
              expect(existsSync(join(repo, p.trim())), p).toBe(true);
          } else {
            throw new Error(`a step this test does not know how to run: ${JSON.stringify(step)}`);
          }
        }
      }
    }
    // the comment's "remake the baseline" line, as written, after the steps: the same run gives the same baseline
    const remake = /^\s*#\s+(node bin\/nn-lab\.js train .*--write-baseline ci\/baseline\.json.*)$/m.exec(
      readFileSync(join(ROOT, "examples", "github-actions.yml"), "utf8"),
    );
    expect(remake, "the workflow's remake-the-baseline comment line").not.toBeNull();
    // once: the copy already holds what a second run would find (runs/ci from the steps, the tracked ci/baseline.json)
    bash(remake![1]);
    expect(readFileSync(join(repo, "ci", "baseline.json"), "utf8")).toBe(readFileSync(join(ROOT, "ci", "baseline.json"), "utf8"));
    expect(ran.some((r) => / check /.test(r) && r.includes("--baseline"))).toBe(true);

    // the gate is not vacuous: the same check on a worse run (trained for 5 epochs) fails. In this process
    // (runMain, with the steps' CI=true): the steps above ran the workflow's text as processes; this is a run and a
    // check the workflow does not hold, and the check step's words (split at spaces: it has no quotes) are its arguments
    const check = ran.find((r) => / check /.test(r) && r.includes("--baseline"))!;
    const nnLab = "node bin/nn-lab.js ";
    expect(check.startsWith(nnLab) && !/["'\\$|;&]/.test(check), check).toBe(true);
    const cli = (args: string[]) => runMain(args, { cwd: repo, env: { CI: "true" } });
    const trained = await cli(["train", "configs/moons.yaml", "--run-dir", "runs/worse", "--quiet", "--set", "train.epochs=5"]);
    expect(trained.code, trained.stderr).toBe(1); // trained, and its config's expect: block (test_acc >= 0.95) fails
    const worse = await cli(check.replace("runs/ci", "runs/worse").slice(nnLab.length).trim().split(/\s+/));
    expect(worse.code, worse.stdout + worse.stderr).toBe(1);
    expect(worse.stdout).toMatch(/test_loss .* FAIL/);
  });
});
