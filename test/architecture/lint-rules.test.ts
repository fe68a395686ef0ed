/**
 * The lint rules that hold the architecture (eslint.config.js, scripts/eslint-layers.js), each proven to fire: small
 * fixture files are linted with ESLint's Node API and the project's own config, at paths inside src/ (the files
 * need not exist). What these tests prove:
 *  - the environment ban and the file-read ban both hold in every folder of src/ (they are one no-restricted-syntax
 *    list per folder: in flat config a later block's options for a rule replace an earlier block's);
 *  - a layer cannot import a layer above it from any depth of either file (`import`, `export … from`, `import()`),
 *    nothing in src imports src/index.ts, the leaf modules import only each other, the engine nothing outside itself;
 *  - the same imports pointing down are clean, so the rules are not simply firing on everything;
 *  - Math.exp, Math.sin, Math.pow … are banned in engine, data, config and train (libm instead), exact Math
 *    functions are not, and the block that bans them keeps the randomness and environment bans.
 */
import { ESLint } from "eslint";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../helpers.js";

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

/** The rule ids ESLint reports for `code` as the file src/<path>. */
async function fired(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code + "\n", { filePath: join(ROOT, "src", path) });
  return result.messages.map((m) => m.ruleId ?? `fatal: ${m.message}`).filter((r) => !r.startsWith("@typescript-eslint/no-unused"));
}

const ENV = "no-restricted-syntax";
const LAYER = "nn-lab/layers";

describe("the environment and file-read bans, together in every folder", () => {
  it.each([
    ["train/x.ts", 'import { env } from "node:process";\nexport const a = env.HOME;', [ENV]],
    ["report/page/x.ts", 'import { env } from "process";\nexport const a = env.HOME;', [ENV]],
    ["sweep/x.ts", 'import * as p from "node:process";\nexport const a = p.env;', [ENV]],
    ["run/x.ts", "export const a = process.env.HOME;", ["no-restricted-properties"]],
    ["terminal/x.ts", "export const a = globalThis.process.env.HOME;", ["no-restricted-properties"]],
    ["files.ts", 'import { env } from "node:process";\nexport const a = env.HOME;', [ENV]],
    ["train/x.ts", 'import { readFileSync } from "node:fs";\nexport const a = readFileSync("x");', [ENV]],
    ["cli/x.ts", 'import { readFileSync } from "node:fs";\nexport const a = readFileSync("x");', [ENV]],
    ["engine/x.ts", "export const a = Math.random();", ["no-restricted-properties"]],
  ])("src/%s: %s → %j", async (path, code, rules) => {
    expect(await fired(path, code)).toEqual(rules);
  });

  it.each([
    ["cli/x.ts", 'import { env } from "node:process";\nexport const a = [env.HOME, process.env.HOME];'],
    ["files.ts", 'import { readFileSync } from "node:fs";\nexport const a = readFileSync("x");'],
  ])("src/%s may: %s", async (path, code) => {
    expect(await fired(path, code)).toEqual([]);
  });
});

describe("Math's engine-dependent functions are banned where a run's numbers are computed (src/engine/libm.ts instead)", () => {
  it.each([
    ["engine/x.ts", "export const a = Math.exp(1);"],
    ["data/x.ts", "export const a = Math.sin(1);"],
    ["config/x.ts", "export const a = Math.pow(2, 0.5);"],
    ["train/deep/x.ts", "export const a = Math.log10(3) + Math.tanh(1);"],
    ["train/x.ts", "export const a = process.env.HOME;"],
    ["engine/x.ts", "export const a = Math.random();"],
  ])("src/%s: %s → no-restricted-properties", async (path, code) => {
    expect(new Set(await fired(path, code))).toEqual(new Set(["no-restricted-properties"]));
  });

  it.each([
    ["engine/x.ts", "export const a = Math.sqrt(2) + Math.abs(-1) + Math.floor(1.5) + Math.max(1, 2);"],
    ["terminal/x.ts", "export const a = Math.log10(3);"],
    ["report/page/x.ts", "export const a = Math.exp(1);"],
  ])("src/%s may: %s", async (path, code) => {
    expect(await fired(path, code)).toEqual([]);
  });
});

describe("imports point down the layers, at any depth", () => {
  it.each([
    ["train/x.ts", 'import { lossChart } from "../terminal/chart.js";\nexport { lossChart };'],
    ["terminal/a/b/c/x.ts", 'import { sweep } from "../../../../sweep/sweep.js";\nexport { sweep };'],
    ["report/page/x.ts", 'import { main } from "../../cli/main.js";\nexport { main };'],
    ["sweep/x.ts", 'export * from "../report/html.js";'],
    ["run/x.ts", 'export { sweep } from "../sweep/sweep.js";'],
    ["lessons/x.ts", 'export const load = () => import("../run/run-experiment.js");'],
    ["data/x.ts", 'import type { Config } from "../config/schema.js";\nexport type C = Config;'],
    ["train/x.ts", 'import { train } from "../index.js";\nexport { train };'],
    ["terminal/deep/x.ts", 'import { train } from "../../index.js";\nexport { train };'],
    ["metrics.ts", 'import { configSchema } from "./config/schema.js";\nexport { configSchema };'],
    ["errors.ts", 'import { train } from "./index.js";\nexport { train };'],
    ["engine/x.ts", 'import { InputError } from "../errors.js";\nexport { InputError };'],
  ])("src/%s: %s is refused", async (path, code) => {
    expect(await fired(path, code)).toContain(LAYER);
  });

  it("engine: no Node and no package either", async () => {
    expect(await fired("engine/x.ts", 'import { readFileSync } from "node:fs";\nexport { readFileSync };')).toContain(
      "no-restricted-imports",
    );
  });

  it.each([
    ["terminal/x.ts", 'import { train } from "../train/train.js";\nexport { train };'],
    ["report/page/x.ts", 'import { rng } from "../../engine/rng.js";\nexport { rng };'],
    ["cli/x.ts", 'import { writeReport } from "../report/html.js";\nexport { writeReport };'],
    ["sweep/x.ts", 'export const load = () => import("../run/run-experiment.js");'],
    ["train/deep/x.ts", 'import { InputError } from "../../errors.js";\nexport { InputError };'],
    ["files.ts", 'import { InputError } from "./errors.js";\nexport { InputError };'],
    ["index.ts", 'export * from "./run/run-experiment.js";'],
    ["engine/x.ts", 'import { rng } from "./rng.js";\nexport { rng };'],
  ])("src/%s: %s is clean", async (path, code) => {
    expect(await fired(path, code)).toEqual([]);
  });
});

// (from test/robust/special-reads.test.ts, issue 12 finding 6: here it lints with this file's ESLint instance
// instead of loading the project's config a second time)
describe("ESLint forbids direct fs reads in src outside src/files.ts", () => {
  it("readFileSync, fs.readFileSync, createReadStream and fs/promises are errors in src/sweep; src/files.ts may read", async () => {
    const probe = [
      'import { createReadStream, readFileSync } from "node:fs";',
      'import * as fs from "node:fs";',
      'import { readFile } from "node:fs/promises";',
      'export const a = [readFileSync("x"), fs.readFileSync("y"), createReadStream("z"), readFile];',
      "",
    ].join("\n");
    const [inSweep] = await eslint.lintText(probe, { filePath: join(ROOT, "src", "sweep", "probe.ts") });
    const hits = inSweep.messages.filter((m) => m.ruleId === "no-restricted-syntax").map((m) => `${m.line}:${m.message.split(":")[0]}`);
    expect(hits.sort()).toEqual(["1:createReadStream", "1:readFileSync", "3:fs/promises", "3:readFile", "4:readFileSync"]);
    const [inFiles] = await eslint.lintText(probe, { filePath: join(ROOT, "src", "files.ts") });
    expect(inFiles.messages.filter((m) => m.ruleId === "no-restricted-syntax")).toEqual([]);
  });
});
