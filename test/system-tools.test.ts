/**
 * The rule of the system-tool suites (system-tools.ts), proved by running them with every tool hidden: PATH holds
 * only `node` (no tmux, GNU parallel, script), NN_LAB_TORCH_PYTHON and CHROMIUM_PATH name files that do not exist.
 * Without CI each suite is skipped with one line naming the tool and the Debian package, and the run passes (a
 * fresh machine with only Node and npm passes `npm test`); under CI=true each suite fails, naming the tool.
 */
import { spawn } from "node:child_process";
import { symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, tempDir } from "./helpers.js";

const SUITES: [file: string, line: RegExp][] = [
  [
    "test/torch-parity.test.ts",
    /torch-parity: PyTorch \(`\/nonexistent\/python3 -c "import torch"`\) is not installed \(apt-get install -y python3-torch python3-numpy\)/,
  ],
  [
    "test/experiments/pytorch-crosscheck.test.ts",
    /pytorch crosscheck: PyTorch .* is not installed \(apt-get install -y python3-torch python3-numpy\)/,
  ],
  [
    "test/browser/report.test.ts",
    /the HTML report in chromium: chromium \(\/nonexistent\/chromium\) is not installed \(apt-get install -y chromium fonts-dejavu-core\)/,
  ],
  [
    "test/browser/sweep-report.test.ts",
    /the sweep report in chromium: chromium \(\/nonexistent\/chromium\) is not installed \(apt-get install -y chromium fonts-dejavu-core\)/,
  ],
  [
    "test/browser/playground.test.ts",
    /the playground in chromium: chromium \(\/nonexistent\/chromium\) is not installed \(apt-get install -y chromium fonts-dejavu-core\)/,
  ],
  [
    "test/browser/playground-csv.test.ts",
    /the playground imports a CSV data set: chromium \(\/nonexistent\/chromium\) is not installed \(apt-get install -y chromium fonts-dejavu-core\)/,
  ],
  ["test/tmux.test.ts", /test\/tmux\.ts: tmux is not installed \(apt-get install -y tmux\)/],
  ["test/cli/live.test.ts", /--live on a terminal: tmux is not installed \(apt-get install -y tmux\)/],
  ["test/cli/live-terminal-signals.test.ts", /--live and terminal signals: tmux is not installed \(apt-get install -y tmux\)/],
  ["test/cli/live-fit.test.ts", /--live fitted to the terminal: tmux is not installed \(apt-get install -y tmux\)/],
  ["test/cli/terminal.test.ts", /the progress bar on a terminal: script \(util-linux\) is not installed \(apt-get install -y bsdutils\)/],
  ["test/examples/gnu-parallel.test.ts", /examples\/gnu-parallel\.sh: GNU parallel is not installed \(apt-get install -y parallel\)/],
];

/**
 * vitest on SUITES with the tools hidden, `CI=ci`; its exit code and output (stdout, then stderr). Only the tool-gated tests are selected
 * (their suites' names, and the failures that stand in for them under CI): the rest of terminal.test.ts is not the
 * point (the pipe tests there train a model). Asynchronous, so that the two runs below go side by side.
 */
function vitestWithoutTools(ci: string): Promise<{ status: number | null; out: string }> {
  const bin = tempDir();
  symlinkSync(process.execPath, join(bin, "node"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: bin,
    NN_LAB_TORCH_PYTHON: "/nonexistent/python3",
    CHROMIUM_PATH: "/nonexistent/chromium",
    NO_COLOR: "1",
    CI: ci,
  };
  delete env.NN_LAB_CPU_PROFILE; // scripts/suite-profile.sh counts these runs in this file's CPU, not as files of their own
  const child = spawn(
    process.execPath,
    [
      join(ROOT, "node_modules", "vitest", "vitest.mjs"),
      "run",
      // one worker: these files only register a skip or a failing stand-in each; a second worker's start-up and
      // imports cost ~0.4 s of CPU per run and prove nothing more (the suites' gating does not depend on the pool)
      "--maxWorkers",
      "1",
      ...SUITES.map(([f]) => f),
      "-t",
      "required under CI=true|on a terminal|chromium|parity|crosscheck|parallel",
    ],
    { cwd: ROOT, env, timeout: 300_000 },
  );
  const [stdout, stderr] = [child.stdout, child.stderr].map((stream) => {
    const chunks: Buffer[] = [];
    stream.on("data", (d: Buffer) => chunks.push(d));
    return chunks;
  });
  return new Promise((done) =>
    child.on("close", (status) => done({ status, out: Buffer.concat([...stdout, ...stderr]).toString("utf8") })),
  );
}

describe("system-tool suites with the tools hidden (issue 22 item 12)", { concurrent: true }, () => {
  it("without CI: every suite is skipped with one line naming what to install, and the run passes", { timeout: 300_000 }, async () => {
    const r = await vitestWithoutTools("");
    const out = r.out;
    for (const [file, line] of SUITES) {
      expect(out, file).toMatch(line);
      expect(
        out.split("\n").filter((l) => line.test(l)),
        file,
      ).toHaveLength(1);
    }
    expect(out).not.toMatch(/required under CI=true/);
    expect(r.status, out.slice(-2000)).toBe(0);
  });

  it("under CI=true: every suite fails, naming the tool", { timeout: 300_000 }, async () => {
    const r = await vitestWithoutTools("true");
    const out = r.out;
    expect(r.status).toBe(1);
    for (const name of ["PyTorch", "chromium", "tmux", "script \\(util-linux\\)", "GNU parallel"])
      expect(out).toMatch(new RegExp(`\\(${name}.* is required under CI=true\\) > ${name}.* is installed`));
    expect(out.match(/is required under CI=true\) > /g)?.length).toBe(SUITES.length); // one failed test per suite
  });
});
