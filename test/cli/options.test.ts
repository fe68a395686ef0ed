/**
 * Typed option tables and the shared flags (src/cli/options.ts). What these tests prove: the flags every printing
 * command shares work on each of them (--json gives one parseable document, --quiet prints nothing, --no-color is
 * accepted); --set works on sweep (applied to every run, and part of the sweep's identity); parser errors carry the
 * nn-lab: prefix and exit 2; help shows defaults as values. The compile-time part (a table missing a flag, or with
 * one the interface lacks, does not compile) is proved by the @ts-expect-error lines, which `npm run typecheck` checks.
 * The CLI runs in-process (test/helpers.ts runMain), but for activations' smoke test.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { OptionTable } from "../../src/cli/options.js";
import { readJson, runCli, runMain, tempDir, writeFile, type CliResult } from "../helpers.js";

// @ts-expect-error a table without the interface's `runs` flag does not compile
const missing: OptionTable<{ runs: string; quiet?: boolean }> = { quiet: { description: "q" } };
const misspelled: OptionTable<{ quiet?: boolean }> = {
  quiet: { description: "q" },
  // @ts-expect-error a flag the interface does not have (a misspelling) does not compile
  quite: { description: "q" },
};
// @ts-expect-error a required value flag must have a default
const noDefault: OptionTable<{ runs: string }> = { runs: { value: "<dir>", description: "d" } };
void [missing, misspelled, noDefault];

const dir = tempDir();
const config = writeFile(dir, "x.yaml", "data: {kind: xor}\nmodel: {layers: [3]}\ntrain: {epochs: 2}\n");

describe("the shared flags on every printing command", () => {
  const run = join(dir, "run");
  let trained: CliResult;
  beforeAll(async () => {
    trained = await runMain(["train", config, "--run-dir", run, "--quiet", "--no-color"]);
  });
  const commands: [string, string[]][] = [
    ["train", ["train", config, "--runs", join(dir, "runs")]],
    ["data", ["data", "xor"]],
    ["plot", ["plot", "relu"]],
    ["activations", ["activations"]],
    ["softmax", ["softmax", "2", "1", "0.1"]],
    ["trace", ["trace", config]],
    ["gradcheck", ["gradcheck", config]],
    ["sweep", ["sweep", config, "--grid", "train.lr=0.1,0.2", "--dry-run", "--out", join(dir, "dry")]],
    ["check", ["check", run, "--expect", "epochs>=1"]],
    ["compare", ["compare", run, run]],
    ["collapse", ["collapse", "configs/classic-linear-collapse.yaml", "--set", "train.epochs=2"]],
    ["lessons", ["lessons"]],
    ["report", ["report", run, "--out", join(dir, "report.html"), "--overwrite"]],
  ];
  it("the run to check exists", async () => expect(trained.code).toBe(0));
  for (const [name, args] of commands) {
    // activations' smoke test is its own here, in a real process (no other test spawns it); the rest run main(argv) in-process
    const cli = name === "activations" ? (a: string[]) => Promise.resolve(runCli(a)) : runMain;
    it(`${name}: --json prints one JSON document, --quiet nothing, --no-color is accepted`, async () => {
      const json = await cli([...args, "--json", "--no-color"]);
      expect(json.code, json.stderr).toBe(0);
      expect(() => JSON.parse(json.stdout)).not.toThrow();
      const quiet = await cli([...args, "--quiet", "--no-color"]);
      expect(quiet.code, quiet.stderr).toBe(0);
      if (name !== "data") expect(quiet.stdout).toBe(""); // data's stdout is the data set itself
    });
  }
  it("--json documents hold the command's numbers", async () => {
    const softmax = JSON.parse((await runMain(["softmax", "2", "1", "0.1", "--json"])).stdout);
    expect(softmax.temperatures[0].probs[0]).toBeCloseTo(0.659, 3);
    const plot = JSON.parse((await runMain(["plot", "sigmoid", "--json"])).stdout);
    // sigmoid'(0) = 1/4 is the largest slope
    expect(plot.functions[0].facts.maxSlope.value).toBeCloseTo(0.25, 12);
    const data = JSON.parse((await runMain(["data", "xor", "--json"])).stdout);
    expect(data.columns).toEqual(["x1", "x2", "label"]);
    expect(data.data).toHaveLength(4);
  });
});

describe("--set on sweep", () => {
  it("is applied to every run and is part of the sweep's identity", async () => {
    const out = join(dir, "sweep");
    const r = await runMain([
      "sweep",
      config,
      "--set",
      "train.epochs=3",
      "--grid",
      "train.lr=0.1,0.2",
      "--out",
      out,
      "--jobs",
      "1",
      "--quiet",
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(readJson<{ set: string[] }>(join(out, "sweep.json")).set).toEqual(["train.epochs=3"]);
    const csv = readFileSync(join(out, "sweep.csv"), "utf8").trim().split("\n");
    expect(csv.slice(1).map((l) => l.split(",")[csv[0].split(",").indexOf("epochs")])).toEqual(["3", "3"]);
    const other = await runMain(["sweep", config, "--set", "train.epochs=4", "--grid", "train.lr=0.1,0.2", "--out", out, "--jobs", "1"]);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/holds a different sweep/);
  });
  it("a bad --set is named as such, not as a grid axis", async () => {
    const r = await runMain(["sweep", config, "--set", "train.epochz=3", "--grid", "train.lr=0.1", "--dry-run", "--out", join(dir, "bad")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^nn-lab: error: --set train\.epochz=3: .*did you mean 'epochs'/m);
  });
});

describe("the parser", () => {
  it("errors carry the nn-lab: prefix and exit 2", async () => {
    const r = await runMain(["train", config, "--bogus"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^nn-lab: error: unknown option '--bogus'/);
  });
  it("help shows defaults as values", async () => {
    const help = (await runMain(["plot", "--help"])).stdout;
    expect(help).toContain("(default: -6)");
    expect(help).not.toContain('"-6"');
  });
});
