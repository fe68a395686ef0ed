/**
 * The update rule `trace` prints comes from the optimizer registry (src/engine/optim.ts OPTIMIZERS[name].rule), one
 * entry per optimizer: every optimizer prints its own rule (before, a name missing from trace's own table printed
 * SGD's rule without a word), and SGD given a momentum prints momentum's rule (they are one torch.optim.SGD).
 */
import { describe, expect, it } from "vitest";
import { optimizerDefaults, OPTIMIZERS, OPTIMIZER_NAMES } from "../../src/engine/optim.js";
import { optimizerLines } from "../../src/terminal/trace-chain.js";
import type { StepTrace } from "../../src/train/step-trace.js";

const traced = (optimizer: string, params: Record<string, number | boolean>) =>
  ({ optimizer, optimizerParams: params, optimizerState: {}, lr: 0.1 }) as unknown as StepTrace;

describe("trace's update rule", () => {
  it("every optimizer has a rule of its own", () => {
    const rules = OPTIMIZER_NAMES.map((n) => OPTIMIZERS[n].rule);
    expect(new Set(rules).size).toBe(OPTIMIZER_NAMES.length);
  });

  it.each(OPTIMIZER_NAMES)("%s prints its registry rule", (name) => {
    expect(optimizerLines(traced(name, optimizerDefaults(name)))[0]).toBe(`  rule: ${OPTIMIZERS[name].rule}`);
  });

  it("sgd with momentum 0.5 prints momentum's rule; with momentum 0, SGD's", () => {
    expect(optimizerLines(traced("sgd", { ...optimizerDefaults("sgd"), momentum: 0.5 }))[0]).toBe(
      "  rule: buf ← μ·buf + g (the first step: buf = g); W ← W − lr·buf",
    );
    expect(optimizerLines(traced("sgd", optimizerDefaults("sgd")))[0]).toBe("  rule: W ← W − lr·g");
  });
});
