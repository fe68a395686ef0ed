/**
 * Messages a new user meets (issue 23), exact strings. What these tests prove:
 *  - an --expect on a metric the config's expect: block names too replaces it (as --set replaces a key): printed
 *    once, listed once in --json, checked with the flag's threshold; identical flags count once;
 *  - check on a folder that does not exist says so; check on a sweep.csv says what check takes and which folder to give;
 *  - null on an optional key is its default, on every key alike (expect, norm, schedule, clip); nothing refuses it;
 *  - another library's name for a key (learning_rate, batch_size) suggests nn-lab's; a misspelt `batch: fulll`
 *    says that a number is allowed too.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readJson, onlyRunDir, runMain, tempDir, writeFile } from "../helpers.js";

const CONFIG =
  "data: {kind: xor}\nmodel: {layers: [4], activation: tanh}\ntrain: {epochs: 30, lr: 0.5}\nexpect:\n  train_loss: '< 10'\n  train_acc: '>= 0.25'\n";

describe("--expect and the config's expect:", () => {
  it("a flag on the same metric replaces the config's: printed once, listed once, the flag's threshold", async () => {
    const dir = tempDir();
    const cfg = writeFile(dir, "x.yaml", CONFIG);
    const r = await runMain([
      "train",
      cfg,
      "--expect",
      "train_acc>=0",
      "--expect",
      "train_acc>=0",
      "--runs",
      join(dir, "runs"),
      "--no-boundary",
    ]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n").filter((l) => /^\s+(PASS|FAIL)/.test(l));
    expect(lines.map((l) => l.trim().replace(/\s+\(got.*$/, ""))).toEqual(["PASS  train_loss < 10", "PASS  train_acc >= 0"]);
    const summary = readJson<{ expect: { metric: string; op: string; threshold: number }[] }>(
      join(onlyRunDir(join(dir, "runs")), "summary.json"),
    );
    expect(summary.expect.map((e) => `${e.metric} ${e.op} ${e.threshold}`)).toEqual(["train_loss < 10", "train_acc >= 0"]);
    const json = await runMain(["train", cfg, "--expect", "train_acc>=0", "--json", "--runs", join(dir, "runs2")]);
    const doc = JSON.parse(json.stdout) as { expect: unknown[] } | { expect: unknown[] }[];
    expect((Array.isArray(doc) ? doc[0] : doc).expect).toHaveLength(2);
  });

  it("the help says which wins", async () => {
    const r = await runMain(["train", "--help"], { env: { COLUMNS: "200" } });
    expect(r.stdout.replace(/\s+/g, " ")).toContain("it replaces the config's expect: on the same metric");
  });
});

describe("check says what it takes", () => {
  it("a folder that does not exist", async () => {
    const dir = tempDir();
    const r = await runMain(["check", "runs/doesnotexist"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "nn-lab: error: check runs/doesnotexist: no such file or folder; check takes a run folder, a sweep folder (with its sweep.json) or a run's summary.json\n",
    );
  });

  it("a sweep.csv", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "merged"));
    writeFile(dir, "merged/sweep.csv", "index,mode\n");
    const r = await runMain(["check", "merged/sweep.csv"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "nn-lab: error: check merged/sweep.csv: not a folder or a .json file; check takes a run folder, a sweep folder (with its sweep.json) or a run's summary.json — for the sweep it belongs to: nn-lab check merged\n",
    );
  });
});

describe("config messages", () => {
  it("null on an optional key is its default, on every key alike", async () => {
    const dir = tempDir();
    const cfg = writeFile(dir, "x.yaml", CONFIG);
    const nulls = ["expect=null", "model.norm=null", "train.schedule=null", "train.clip=null", "train.early_stop=null"];
    const r = await runMain(["train", cfg, ...nulls.flatMap((n) => ["--set", n]), "--runs", join(dir, "runs"), "--quiet"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const config = readJson<{ expect: object; model: { norm: string }; train: { schedule: { name: string }; clip: null } }>(
      join(onlyRunDir(join(dir, "runs")), "config.json"),
    );
    expect([config.expect, config.model.norm, config.train.schedule.name, config.train.clip]).toEqual([{}, "none", "constant", null]);
  });

  it("learning_rate suggests lr, batch_size batch; batch: fulll says a number is allowed too", async () => {
    const dir = tempDir();
    const cfg = writeFile(dir, "x.yaml", "data: {kind: xor}\ntrain: {learning_rate: 0.1, batch_size: 4}\n");
    const r = await runMain(["train", cfg, "--runs", join(dir, "runs")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("train.learning_rate: unknown key 'learning_rate' (did you mean 'lr'? nn-lab calls learning_rate lr)");
    expect(r.stderr).toContain("train.batch_size: unknown key 'batch_size' (did you mean 'batch'? nn-lab calls batch_size batch)");
    const b = await runMain(["train", cfg, "--set", "train={batch: fulll}", "--runs", join(dir, "runs")]);
    expect(b.stderr).toBe(
      "nn-lab: error: --set train={batch: fulll}: train.batch: expected full or a number, got 'fulll' (did you mean 'full'?)\n",
    );
  });
});
