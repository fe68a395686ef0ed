/**
 * The PyTorch suites (torch-parity, the pytorch_crosscheck example) need `import torch` in /usr/bin/python3
 * (NN_LAB_TORCH_PYTHON names another interpreter). They follow the rule of every system-tool suite
 * (test/system-tools.ts): skipped with one line naming what to install, a failed test under CI=true.
 */
import { needs, TORCH, TORCH_PYTHON } from "./system-tools.js";

export interface TorchProbe {
  python: string;
  hasTorch: boolean;
}

export function probeTorch(): TorchProbe {
  return { python: TORCH_PYTHON, hasTorch: TORCH.found };
}

/** Skip with one line locally; under CI=true register a test that fails, naming the interpreter and the fix. */
export function torchSuiteGate(suite: string, _probe: TorchProbe): void {
  needs(TORCH, suite);
}
