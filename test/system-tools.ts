/**
 * The system tools some suites need — PyTorch, Chromium, tmux, GNU parallel, util-linux `script` — and the one rule
 * every such suite follows: where the tool is missing, the suite is skipped with one line on stderr naming the
 * tool and what to install; under CI=true (where .ci/run installs them) a missing tool is a failed test instead, so
 * a CI job that proves nothing cannot pass. `npm test` thus passes on a fresh machine with only Node and npm.
 * test/system-tools.test.ts runs these suites with every tool hidden, with and without CI=true.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, it } from "vitest";

export interface SystemTool {
  /** What the suite needs, as a person would say it. */
  name: string;
  found: boolean;
  /** How to install it (Debian). */
  install: string;
}

/** A program on PATH that answers `args` with exit 0. */
function onPath(program: string, args: string[]): boolean {
  return spawnSync(program, args, { stdio: "ignore" }).status === 0;
}

export const TMUX: SystemTool = { name: "tmux", found: onPath("tmux", ["-V"]), install: "apt-get install -y tmux" };

export const PARALLEL: SystemTool = {
  name: "GNU parallel",
  found: spawnSync("parallel", ["--version"], { encoding: "utf8" }).stdout?.startsWith("GNU parallel") ?? false,
  install: "apt-get install -y parallel",
};

export const SCRIPT: SystemTool = {
  name: "script (util-linux)",
  found: onPath("script", ["--version"]),
  install: "apt-get install -y bsdutils",
};

/** Chromium at CHROMIUM_PATH (default /usr/bin/chromium), for playwright-core. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROMIUM: SystemTool = {
  name: `chromium (${CHROMIUM_PATH})`,
  found: existsSync(CHROMIUM_PATH),
  install: "apt-get install -y chromium fonts-dejavu-core",
};

/**
 * PyTorch in NN_LAB_TORCH_PYTHON (default /usr/bin/python3): found when that Python can find the torch package
 * (importlib.util.find_spec, ~0.05 s: importing torch to see would cost ~1.2 s of CPU in every test worker).
 */
export const TORCH_PYTHON = process.env.NN_LAB_TORCH_PYTHON || "/usr/bin/python3";
export const TORCH: SystemTool = {
  name: `PyTorch (\`${TORCH_PYTHON} -c "import torch"\`)`,
  found: onPath(TORCH_PYTHON, ["-c", "import importlib.util, sys; sys.exit(importlib.util.find_spec('torch') is None)"]),
  install: "apt-get install -y python3-torch python3-numpy",
};

/**
 * Whether `suite` can run. When `tool` is missing: one line on stderr and false (skip the suite with
 * `describe.runIf`); under CI=true a test that fails, naming the tool, is registered instead.
 */
export function needs(tool: SystemTool, suite: string): boolean {
  if (tool.found) return true;
  const line = `${suite}: ${tool.name} is not installed (${tool.install})`;
  if (process.env.CI === "true") {
    describe(`${suite} (${tool.name} is required under CI=true)`, () => {
      it(`${tool.name} is installed`, () => {
        throw new Error(`${line}; under CI=true the suite fails instead of skipping`);
      });
    });
  } else {
    console.warn(`${line}; skipped`);
  }
  return false;
}
