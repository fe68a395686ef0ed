/**
 * The PyTorch suites (torch-parity, the pytorch_crosscheck example) need `import torch` in /usr/bin/python3
 * (NN_LAB_TORCH_PYTHON names another interpreter). Without torch they are skipped on a developer's machine,
 * saying so; under CI=true a missing torch is a failed test, not a skip — CI that proves nothing about parity
 * must not pass. (.ci/run installs Debian's python3-torch and python3-numpy when they are missing.)
 */
import { spawnSync } from "node:child_process";
import { describe, it } from "vitest";

export interface TorchProbe {
  python: string;
  hasTorch: boolean;
  /** Why the import failed, for the message. */
  why: string;
}

export function probeTorch(): TorchProbe {
  const python = process.env.NN_LAB_TORCH_PYTHON || "/usr/bin/python3";
  const r = spawnSync(python, ["-c", "import torch"], { encoding: "utf8" });
  const why = r.error?.message || (r.stderr ?? "").trim().split("\n").pop() || `exit ${r.status}`;
  return { python, hasTorch: r.status === 0, why };
}

/** Skip with a warning locally; under CI=true register a test that fails, naming the interpreter and the fix. */
export function torchSuiteGate(suite: string, probe: TorchProbe): void {
  if (probe.hasTorch) return;
  const message = `${suite}: \`${probe.python} -c "import torch"\` failed (${probe.why}); install PyTorch for ${probe.python} (Debian: apt-get install -y python3-torch python3-numpy)`;
  if (process.env.CI === "true") {
    describe(`${suite} (torch is required under CI=true)`, () => {
      it("torch can be imported", () => {
        throw new Error(`${message}; under CI=true the suite fails instead of skipping`);
      });
    });
  } else {
    console.warn(`${message}; skipped`);
  }
}
