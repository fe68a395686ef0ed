import fc from "fast-check";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { loadConfig, parseOverride } from "../../src/config/load.js";
import { resolveExperiment } from "../../src/config/resolve.js";
import { readCsv } from "../../src/data/csv.js";
import { InputError } from "../../src/errors.js";
import { tempDir, writeFile } from "../helpers.js";

const dir = tempDir();

/**
 * `text` as the file `name` in the temp folder, written anew: removed first, because ext4 flushes a file truncated and
 * rewritten (auto_da_alloc) when it is closed, ~4 times the cost of a new file here, and every case writes one
 * (1,200 writes in this file). The same bytes at the same path either way.
 */
function rewrite(name: string, text: string): string {
  rmSync(join(dir, name), { force: true });
  return writeFile(dir, name, text);
}

/** A config document or a clean InputError — never any other exception. */
function loadOrClean(name: string, text: string): "ok" | "input-error" {
  const file = rewrite(name, text);
  try {
    resolveExperiment(loadConfig(file));
    return "ok";
  } catch (e) {
    if (e instanceof InputError) {
      expect(e.problems.length).toBeGreaterThan(0);
      for (const p of e.problems) expect(p).not.toMatch(/\n/);
      return "input-error";
    }
    throw e;
  }
}

const names = ["relu", "rleu", "sigmoid", "adam", "moons", "xor", "csv", "inline", "full", "he", "bce", "mse", "x1", "step"];
const keys = [
  "data",
  "model",
  "train",
  "kind",
  "n",
  "noise",
  "layers",
  "activation",
  "lr",
  "epochs",
  "batch",
  "optimizer",
  "name",
  "test",
  "x",
  "y",
  "classes",
  "clip",
  "norm",
  "expect",
  "init",
  "from",
  "path",
];
const scalar = fc.oneof(
  fc.constantFrom(...names),
  fc.integer({ min: -3, max: 50 }),
  fc.double({ noNaN: false }),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 6 }),
);
const value = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalar,
    fc.array(tie("node"), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...keys), tie("node"), { maxKeys: 5 }),
  ),
})).node;

describe("fuzzing the config boundary", () => {
  it("random JSON documents give a config or a clean error", () => {
    fc.assert(
      fc.property(value, (doc) => {
        loadOrClean("f.json", JSON.stringify(doc));
      }),
      { numRuns: 300 },
    );
  });

  it("random config-shaped YAML gives a config or a clean error", () => {
    const shaped = fc.record({
      data: fc.oneof(
        value,
        fc.record({ kind: fc.constantFrom("moons", "xor", "spirals", "sine", "inline"), n: scalar, noise: scalar, x: value, y: value }),
      ),
      model: fc.oneof(value, fc.record({ layers: value, activation: value })),
      train: fc.oneof(value, fc.record({ epochs: fc.constant(1), lr: scalar, batch: scalar, optimizer: value })),
    });
    fc.assert(
      fc.property(shaped, (doc) => {
        loadOrClean("f.yaml", YAML.stringify(doc));
      }),
      { numRuns: 300 },
    );
  });

  it("random text as YAML gives a clean error (or a config)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80, unit: fc.constantFrom(..."ab: {}[]-,\n\"'#&*!|>%@`12.e") }), (text) => {
        loadOrClean("t.yaml", text);
      }),
      { numRuns: 300 },
    );
  });

  it("random --set overrides give a config or a clean error", () => {
    const base = writeFile(
      dir,
      "base.yaml",
      "data: {kind: moons, n: 20}\nmodel: {activation: relu, init: he}\ntrain: {epochs: 1, optimizer: adam}\n",
    );
    const segment = fc.oneof(
      fc.constantFrom(...keys, "__proto__", "constructor", "prototype", "0", "1", "beta1", "alpha"),
      fc.string({ maxLength: 4 }),
    );
    const text = fc.tuple(
      fc.array(segment, { minLength: 1, maxLength: 4 }),
      fc.oneof(fc.constantFrom("0.1", "relu", "[8, 8]", "{name: adam}", "null", "", "[", "1e400"), fc.string({ maxLength: 6 })),
    );
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 3 }), (sets) => {
        try {
          resolveExperiment(
            loadConfig(
              base,
              sets.map(([path, v]) => parseOverride(`${path.join(".")}=${v}`)),
            ),
          );
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
          for (const p of e.problems) expect(p).not.toMatch(/\n/);
        }
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 500 },
    );
  });

  it("random CSV text gives a table or a clean error with the file name", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60, unit: fc.constantFrom(...'x1,label\n0.5-e3"a ') }), (text) => {
        const file = rewrite("r.csv", text);
        try {
          const t = readCsv(file, "label");
          expect(t.n).toBeGreaterThan(0);
          expect(t.x.every(Number.isFinite)).toBe(true);
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
          expect(e.message).toContain("r.csv");
        }
      }),
      { numRuns: 300 },
    );
  });
});
