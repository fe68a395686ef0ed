/**
 * Residual and batch-norm networks through the CLI (in-process): a batch of one row is a config error (exit 2, one
 * line naming the key, no run folder); model.json carries γ, β and the running statistics, `init: {from}` loads them
 * back so that an epoch-0 run from a trained model reports the trained model's final losses exactly; the per-layer
 * columns are filled; a model file with batch norm is refused by a network without it.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readJson, readMetrics, column, runMain, tempDir, writeFile } from "../helpers.js";

const CONFIG = `data: {kind: moons, n: 120, noise: 0.1, test: 0.25}
model: {layers: [8, 8, 8], activation: sigmoid, residual: true, norm: batch}
train: {epochs: 12, batch: 15, optimizer: adam, lr: 0.02}
`;

interface NormFile {
  gamma: number[];
  beta: number[];
  running_mean: number[];
  running_var: number[];
}
type ModelDoc = { layers: { in: number; out: number; norm?: NormFile; residual?: boolean }[] };

describe("residual + batch norm runs", () => {
  it("refuses a training batch of one row at config time: exit 2, one line, no run folder", async () => {
    const dir = tempDir();
    const file = writeFile(dir, "bn.yaml", CONFIG);
    // 90 training rows: batch 1 is one row a step; batch 89 leaves a last batch of 1 (90 = 1×89 + 1)
    for (const [batch, why] of [
      ["1", "batch 1 on 90 training rows is one row per step"],
      ["89", "batch 89 on 90 training rows leaves a last batch of 1 row (90 = 1×89 + 1)"],
    ]) {
      const r = await runMain(["train", file, "--set", `train.batch=${batch}`, "--runs", join(dir, "runs")]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toContain(`${file}: train.batch: model.norm: batch needs at least 2 rows in every training batch`);
      expect(r.stderr).toContain(why);
    }
    expect(existsSync(join(dir, "runs"))).toBe(false);
    // the same batch sizes without batch norm train
    const plain = await runMain([
      "train",
      file,
      "--set",
      "train.batch=89",
      "--set",
      "model.norm=none",
      "--run-dir",
      join(dir, "plain"),
      "--quiet",
    ]);
    expect(plain.code, plain.stderr).toBe(0);
  });

  it("model.json carries γ, β and the running statistics; init.from loads them (eval-mode losses reproduced exactly)", async () => {
    const dir = tempDir();
    const file = writeFile(dir, "bn.yaml", CONFIG);
    const trained = join(dir, "trained");
    const r = await runMain(["train", file, "--run-dir", trained, "--quiet"]);
    expect(r.code, r.stderr).toBe(0);
    const model = readJson<ModelDoc>(join(trained, "model.json"));
    expect(model.layers.map((l) => l.residual ?? false)).toEqual([false, true, true, false]); // 2→8 changes width
    for (const l of model.layers.slice(0, 3)) {
      for (const k of ["gamma", "beta", "running_mean", "running_var"] as const) expect(l.norm![k]).toHaveLength(8);
      expect(l.norm!.gamma.some((g) => g !== 1)).toBe(true); // trained
      expect(l.norm!.running_var.some((v) => v !== 1)).toBe(true); // updated by the steps
    }
    expect(model.layers[3].norm).toBeUndefined();
    const m = readMetrics(trained);
    for (let k = 1; k <= 4; k++)
      expect(
        column(m, `grad_norm_layer${k}`)
          .slice(1)
          .every((v) => v !== null && v > 0),
      ).toBe(true);
    expect(column(m, "sat_frac_layer1").every((v) => v !== null)).toBe(true);

    // an epoch-0 run from the trained model evaluates exactly what the trained run's last row says
    writeFile(dir, "again.yaml", CONFIG.replace("norm: batch}", `norm: batch, init: {from: trained/model.json}}`));
    const again = join(dir, "again");
    const a = await runMain(["train", join(dir, "again.yaml"), "--set", "train.epochs=0", "--run-dir", again, "--quiet"]);
    expect(a.code, a.stderr).toBe(0);
    const last = m.rows[m.rows.length - 1];
    const first = readMetrics(again).rows[0];
    for (const name of ["train_loss", "train_acc", "test_loss", "test_acc"]) {
      const i = m.header.indexOf(name);
      expect(first[i], name).toBe(last[i]);
    }
    // without the running statistics the same weights evaluate differently (the statistics are what eval mode uses)
    const stripped = readJson<ModelDoc>(join(trained, "model.json"));
    for (const l of stripped.layers) delete l.norm;
    writeFile(dir, "stripped.json", JSON.stringify(stripped));
    writeFile(dir, "stripped.yaml", CONFIG.replace("norm: batch}", `norm: batch, init: {from: stripped.json}}`));
    const s = await runMain(["train", join(dir, "stripped.yaml"), "--set", "train.epochs=0", "--run-dir", join(dir, "s"), "--quiet"]);
    expect(s.code, s.stderr).toBe(0);
    expect(readMetrics(join(dir, "s")).rows[0][m.header.indexOf("train_loss")]).not.toBe(last[m.header.indexOf("train_loss")]);

    // a network without batch norm refuses a file that has it
    const none = await runMain(["train", join(dir, "again.yaml"), "--set", "model.norm=none", "--runs", join(dir, "none")]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/model\.json: layers\[0\]\.norm: the file has batch norm here, the config's network does not/);
    expect(existsSync(join(dir, "none")) ? readdirSync(join(dir, "none")) : []).toEqual([]);
  });
});
