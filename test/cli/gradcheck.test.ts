/**
 * `nn-lab gradcheck` (src/cli/gradcheck.ts, src/train/gradcheck.ts): backprop's gradients against central
 * differences on the real engine, a deliberately wrong derivative caught, a ReLU kink reported instead of failed.
 */
import { describe, expect, it } from "vitest";
import { relu, type Activation } from "../../src/engine/activations.js";
import { makeHead } from "../../src/engine/losses.js";
import { Mlp } from "../../src/engine/mlp.js";
import { Rng } from "../../src/engine/rng.js";
import { gradcheck } from "../../src/train/gradcheck.js";
import { runCli, runMain } from "../helpers.js";

describe("nn-lab gradcheck", () => {
  // gradcheck's smoke test: the built CLI in a real process (the other tests run main(argv) in-process)
  it("passes on the real engine (exit 0) and reports a table per layer", () => {
    const r = runCli(["gradcheck", "configs/moons.yaml"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\s+1\s+weight\s+32\s/m);
    expect(r.stdout).toMatch(/^\s+3\s+bias\s+1\s/m);
    expect(r.stdout).toContain("PASS");
  });

  it("--json gives both gradients, which agree", async () => {
    const r = await runMain(["gradcheck", "configs/spirals.yaml", "--json", "--set", "model.layers=[5]"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.passed).toBe(true);
    // 2→5→3 network: 10 + 5 + 15 + 3 parameters
    expect(doc.gradients.backprop).toHaveLength(33);
    doc.gradients.backprop.forEach((g: number, i: number) =>
      expect(Math.abs(g - doc.gradients.numeric[i])).toBeLessThan(1e-7 + 1e-5 * Math.abs(g)),
    );
  });

  it("fails on a deliberately wrong derivative", () => {
    // tanh with the derivative 1 − a (instead of 1 − a²): forward is right, backward is wrong
    const brokenTanh: Activation = {
      name: "tanh",
      family: "saturating",
      forward: (z, a, n) => {
        for (let i = 0; i < n; i++) a[i] = Math.tanh(z[i]);
      },
      backward: (_z, a, da, dz, n) => {
        for (let i = 0; i < n; i++) dz[i] = da[i] * (1 - a[i]);
      },
      f: Math.tanh,
      df: (z) => 1 - Math.tanh(z),
    };
    const check = (act: Activation) => {
      const mlp = new Mlp({ inputs: 2, hidden: [{ units: 4, activation: act }], outputs: 1, bias: true });
      const rng = Rng.stream(5, "test");
      for (let i = 0; i < mlp.params.length; i++) mlp.params[i] = rng.normal();
      const x = Float64Array.from({ length: 12 }, () => rng.normal());
      const y = Float64Array.from([0, 1, 1, 0, 1, 0]);
      return gradcheck(mlp, makeHead("bce"), mlp.workspace(6), x, y, 6);
    };
    const broken = check(brokenTanh);
    expect(broken.passed).toBe(false);
    expect(broken.checks.find((c) => c.layer === 1 && c.kind === "weight")!.failures).toBeGreaterThan(0);
    // the output layer does not go through the broken derivative, so it still agrees
    expect(broken.checks.find((c) => c.layer === 2 && c.kind === "weight")!.failures).toBe(0);
    expect(check({ ...relu }).passed).toBe(true);
  });

  it("reports a ReLU kink instead of failing it", () => {
    // one hidden ReLU unit whose pre-activation is exactly 0 for the only row: z = w·x with w = 0
    const mlp = new Mlp({ inputs: 1, hidden: [{ units: 1, activation: relu }], outputs: 1, bias: false });
    mlp.params.set([0, 1]);
    const r = gradcheck(mlp, makeHead("mse"), mlp.workspace(1), Float64Array.from([1]), Float64Array.from([1]), 1);
    const first = r.checks.find((c) => c.layer === 1)!;
    expect(first.kinks).toBe(1);
    expect(first.failures).toBe(0);
    expect(r.passed).toBe(true);
  });
});
