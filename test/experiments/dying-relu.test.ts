/**
 * Dying ReLU: with every bias starting at -3, ReLU units that output 0 on every sample get no gradient and stay
 * dead; leaky ReLU (same seed, data and initial weights) has no dead units and trains.
 * (Measured: relu dead_frac_layer1/2 = 1/1 from epoch 0 to 100, train_loss 1.55 → 0.6931, acc 0.5;
 * leaky_relu(0.1) dead_frac 0, train_loss 1.93 → 0.013, acc 1.)
 */
import { describe, expect, it } from "vitest";
import { compare, expectDocumented, numbers } from "./helpers.js";

const CONFIG = "configs/classic-dying-relu.yaml";

describe("classic: dying relu (bias_init -3) vs leaky relu", async () => {
  const ARGS = ["compare", CONFIG, "--vary", "model.activation=relu,{name: leaky_relu, alpha: 0.1}"];
  const { runs } = await compare(ARGS);
  const [relu, leaky] = [...runs.values()];
  const dead = (r: typeof relu, layer: number) => numbers(r.metrics.col(`dead_frac_layer${layer}`));

  it("runs the command the config documents", () => expectDocumented(CONFIG, ARGS));

  it("runs relu and leaky relu from the same seed", () => {
    expect([...runs.keys()][0]).toBe("activation=relu");
    expect([...runs.keys()][1]).toMatch(/leaky_relu/);
    expect(relu.status).toBe("completed");
    expect(leaky.status).toBe("completed");
  });

  it("relu ends with most hidden units dead, and they never come back", () => {
    const final = [dead(relu, 1).at(-1)!, dead(relu, 2).at(-1)!];
    expect(final[0] + final[1]).toBeGreaterThanOrEqual(1); // on average at least half of the units
    expect(final[1]).toBeGreaterThanOrEqual(0.9);
    // a dead unit gets zero gradient: the dead fraction never decreases
    for (const layer of [1, 2]) {
      const d = dead(relu, layer);
      for (let i = 1; i < d.length; i++) expect(d[i]).toBeGreaterThanOrEqual(d[i - 1]);
    }
  });

  it("so relu stalls near ln 2 (no better than guessing) and at chance accuracy", () => {
    expect(relu.final.train_loss!).toBeGreaterThan(0.6);
    expect(relu.final.train_acc!).toBeLessThanOrEqual(0.6);
  });

  it("leaky relu keeps every unit alive (dead_frac 0 in every epoch) and trains", () => {
    for (const layer of [1, 2]) expect(dead(leaky, layer).every((d) => d === 0)).toBe(true);
    expect(leaky.final.train_loss!).toBeLessThan(0.1);
    expect(leaky.final.train_loss! * 5).toBeLessThan(relu.final.train_loss!);
    expect(leaky.final.train_acc!).toBeGreaterThanOrEqual(0.95);
  });
});
