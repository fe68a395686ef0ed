/**
 * `compare --metric` with a per-layer family (built CLI). What these tests prove: `grad_norm_layer*` and
 * `grad_norm_layers` name the same columns (metrics module), draw one curve per run and layer with a legend
 * entry each, on a log scale chosen by itself (the norms span more than two decades); compare.csv holds a
 * column per run and layer whose values are the runs' own metrics.csv values; --target with a family is a usage
 * error; an unknown family is one with no columns (exit 2).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { familyColumns, metricFamily } from "../../src/metrics.js";
import { column, readMetrics, runCli, runMain, tempDir, writeFile } from "../helpers.js";

const DEEP = "seed: 3\ndata: {kind: xor}\nmodel: {layers: [4, 4, 4], activation: sigmoid}\ntrain: {epochs: 6}\n";
const SHALLOW = "seed: 3\ndata: {kind: xor}\nmodel: {layers: [4], activation: relu}\ntrain: {epochs: 6}\n";

describe("metric families", () => {
  it("grad_norm_layer* and grad_norm_layers are the per-layer family; single columns are not", () => {
    expect(metricFamily("grad_norm_layer*")?.name).toBe("grad_norm_layer");
    expect(metricFamily("grad_norm_layers")?.name).toBe("grad_norm_layer");
    expect(metricFamily("dead_frac_layers")?.name).toBe("dead_frac_layer");
    expect(metricFamily("grad_norm_layer2")).toBeNull();
    expect(metricFamily("train_losss")).toBeNull();
    expect(
      familyColumns(metricFamily("grad_norm_layers")!, ["epoch", "grad_norm", "grad_norm_layer1", "grad_norm_layer2", "dead_frac_layer1"]),
    ).toEqual(["grad_norm_layer1", "grad_norm_layer2"]);
  });

  it("draws one curve per run and layer, and writes them to compare.csv", async () => {
    const dir = tempDir();
    const a = writeFile(dir, "deep.yaml", DEEP);
    const b = writeFile(dir, "shallow.yaml", SHALLOW);
    // compare's smoke test: the built CLI in a real process (the other tests run main(argv) in-process)
    const r = runCli(["compare", a, b, "--metric", "grad_norm_layer*", "--out", join(dir, "cmp")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^grad_norm_layer1\.\.4 by epoch/m);
    // six curves, four line styles: each is tagged in the legend (and at its line's end)
    const legend = [...r.stdout.matchAll(/(?:──|━━|══|┄┄) (\d (?:deep|shallow) · layer \d)/g)].map((m) => m[1]);
    expect(legend).toEqual([
      "1 deep · layer 1",
      "2 deep · layer 2",
      "3 deep · layer 3",
      "4 deep · layer 4",
      "5 shallow · layer 1",
      "6 shallow · layer 2",
    ]);
    const csv = readFileSync(join(dir, "cmp", "compare.csv"), "utf8")
      .trim()
      .split("\n");
    expect(csv[0]).toBe(
      "epoch,deep:grad_norm_layer1,deep:grad_norm_layer2,deep:grad_norm_layer3,deep:grad_norm_layer4,shallow:grad_norm_layer1,shallow:grad_norm_layer2",
    );
    const deep = readMetrics(join(dir, "cmp", "deep"));
    expect(csv[3].split(",")[2]).toBe(String(column(deep, "grad_norm_layer2")[2]));
    const alias = await runMain(["compare", a, b, "--metric", "grad_norm_layers", "--runs", join(dir, "runs2"), "--out", tempDir()]);
    expect(alias.stdout.replace(/\/[^\n]*compare\.csv/g, "")).toBe(r.stdout.replace(/\/[^\n]*compare\.csv/g, ""));
  });

  it("--target with a family, or a family no run has, is a usage error", async () => {
    const dir = tempDir();
    const a = writeFile(dir, "deep.yaml", DEEP);
    const t = await runMain(["compare", a, a, "--metric", "grad_norm_layers", "--target", "0.1", "--runs", join(dir, "runs")]);
    expect(t.code).toBe(2);
    expect(t.stderr).toContain("--target: one value per run; grad_norm_layers is a family of columns (give one, e.g. grad_norm_layer1)");
    // a linear model has no hidden layer: no dead_frac columns at all
    const lin = writeFile(dir, "lin.yaml", "data: {kind: xor}\nmodel: {layers: []}\ntrain: {epochs: 2}\n");
    const none = await runMain(["compare", lin, lin, "--metric", "dead_frac_layers", "--runs", join(dir, "runs")]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^nn-lab: error: --metric dead_frac_layers: no run has such a metrics.csv column/);
  });
});
