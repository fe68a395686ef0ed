/**
 * One import path per type (issue 24, item 7): MetricsRow lives in src/metrics.ts and every module in src/ and
 * test/ imports it from there; src/index.ts (the library entry) re-exports it from there too. Before, three importers
 * took it from src/train/train.ts, which re-exported it. More generally, only the two entry files (src/index.ts and
 * src/engine/index.ts) re-export: train.ts also passed on buildExperimentModel, run/metrics-csv.ts metricsColumns,
 * config/schema.ts CONDITION and sweep/run-one.ts the types of sweep/train-run.ts.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers.js";

const files = (dir: string): string[] =>
  readdirSync(join(ROOT, dir), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts"))
    .map((f) => join(dir, f));

describe("MetricsRow has one home", () => {
  it("is imported or re-exported only from metrics.ts", () => {
    const stray: string[] = [];
    for (const f of [...files("src"), ...files("test")]) {
      for (const m of readFileSync(join(ROOT, f), "utf8").matchAll(/(?:import|export)[^;]*\bMetricsRow\b[^;]*from "([^"]+)"/g))
        if (!/(^|\/)metrics\.js$/.test(m[1]) && !(f === join("test", "library.test.ts") && m[1] === "../src/index.js"))
          stray.push(`${f}: ${m[1]}`);
    }
    expect(stray).toEqual([]);
  });
});

describe("only the entry files re-export", () => {
  it("no other module in src/ has an export list (export { … } or export * …)", () => {
    const entries = new Set([join("src", "index.ts"), join("src", "engine", "index.ts")]);
    const stray = files("src")
      .filter((f) => !entries.has(f))
      .flatMap((f) => [...readFileSync(join(ROOT, f), "utf8").matchAll(/^export (?:type )?[{*][^;]*;/gm)].map((m) => `${f}: ${m[0]}`));
    expect(stray).toEqual([]);
  });
});
