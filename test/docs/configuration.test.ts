/**
 * docs/configuration.md's config-key table, its metrics.csv column table, the config example's comments and `nn-lab
 * plot --help` name what the registries hold: adding an activation, initializer, optimizer, schedule, data kind or
 * metric without updating them fails here.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { configSchema } from "../../src/config/schema.js";
import { GENERATORS, GENERATOR_NAMES } from "../../src/data/generators.js";
import { ACTIVATION_NAMES } from "../../src/engine/activations.js";
import { INITIALIZERS, INIT_ALIASES, INIT_NAMES } from "../../src/engine/init.js";
import { optimizerDefaults, OPTIMIZERS, OPTIMIZER_NAMES } from "../../src/engine/optim.js";
import type { NumericParam } from "../../src/engine/params.js";
import { SCHEDULE_NAMES } from "../../src/engine/schedule.js";
import { EXPECT_METRICS, LOSS_METRICS, METRIC_COLUMNS, SCORE_METRICS } from "../../src/metrics.js";
import { parseActivation } from "../../src/cli/plot.js";
import { ROOT, runMain } from "../helpers.js";

const DOC = readFileSync(join(ROOT, "docs", "configuration.md"), "utf8");

/** The rows of the markdown table whose header row starts with `| first |`, as [first cell, second cell]. */
function table(first: string): [string, string][] {
  const lines = DOC.split("\n");
  const start = lines.findIndex((l) => new RegExp(`^\\|\\s*${first}\\s*\\|`).test(l));
  expect(start, `a docs/configuration.md table with a '${first}' column`).toBeGreaterThanOrEqual(0);
  const rows: [string, string][] = [];
  for (let i = start + 2; i < lines.length && lines[i].startsWith("|"); i++) {
    const cells = lines[i].split("|").map((c) => c.trim());
    rows.push([cells[1], cells[2]]);
  }
  return rows;
}

const keys = new Map(table("key"));
function cell(key: string): string {
  const c = keys.get(`\`${key}\``);
  expect(c, `a row for ${key} in docs/configuration.md's config-key table`).toBeDefined();
  return c!;
}
/** The space-separated names after `lead` up to the next ; , or ( */
const namesAfter = (text: string, lead: string): string[] => {
  const i = text.indexOf(lead);
  expect(i, `'${lead}' in '${text}'`).toBeGreaterThanOrEqual(0);
  return text
    .slice(i + lead.length)
    .split(/[;,(]/)[0]
    .trim()
    .split(/\s+/);
};
/** "a 1, b 0.5, others 2" → {a: 1, b: 0.5, others: 2} (a parenthetical dropped). */
const pairs = (text: string): Record<string, number> =>
  Object.fromEntries(
    text
      .replace(/\(.*?\)/g, "")
      .split(",")
      .map((p) => p.trim().split(/\s+/))
      .map(([k, v]) => [k, Number(v)]),
  );
/** The first `code` span of a cell: the default. */
const firstCode = (text: string) => /`([^`]+)`/.exec(text)![1];

const defaults = configSchema.parse({ data: { kind: "moons" } });

describe("docs/configuration.md config-key table", () => {
  it("data.kind lists every generator, then csv and inline; data.n and data.noise are the generators' defaults", () => {
    expect(namesAfter(cell("data.kind"), "required: ")).toEqual([...GENERATOR_NAMES, "csv", "inline"]);
    const n = pairs(cell("data.n"));
    const noise = pairs(cell("data.noise"));
    for (const g of GENERATOR_NAMES) {
      expect(n[g] ?? n.others, `data.n for ${g}`).toBe(GENERATORS[g].defaults.n);
      expect(noise[g], `data.noise for ${g}`).toBe(GENERATORS[g].defaults.noise);
    }
    expect(Object.keys(noise)).toEqual(GENERATOR_NAMES);
  });

  it("model.activation: the default and every activation", () => {
    expect(firstCode(cell("model.activation"))).toBe(defaults.model.activation.name);
    expect(namesAfter(cell("model.activation"), "one of ")).toEqual(ACTIVATION_NAMES);
  });

  it("model.init: the default, every initializer, its parameters' defaults and the aliases", () => {
    expect(firstCode(cell("model.init"))).toBe((defaults.model.init as { name: string }).name);
    expect(namesAfter(cell("model.init"), "one of ")).toEqual(INIT_NAMES);
    const params = cell("model.init.*");
    const text = (p: Readonly<Record<string, NumericParam>>) =>
      Object.entries(p)
        .map(([k, v]) => `${k} ${v.default}`)
        .join(" ");
    for (const name of INIT_NAMES) {
      const p = text(INITIALIZERS[name].params as Readonly<Record<string, NumericParam>>);
      if (p === "") continue;
      expect(params.includes(`\`${name}\` ${p}`) || params.includes(`the others ${p}`), `${name}: ${p}`).toBe(true);
    }
    expect(namesAfter(params.replace(/\(.*?\)/g, ""), "aliases ")).toEqual(Object.keys(INIT_ALIASES));
    expect(params).toContain(`random (normal std ${INIT_ALIASES.random.std})`);
  });

  it("train.optimizer: the default, every optimizer, and torch's non-zero parameter defaults; train.lr per optimizer", () => {
    expect(firstCode(cell("train.optimizer"))).toBe(defaults.train.optimizer.name);
    expect(namesAfter(cell("train.optimizer"), "one of ")).toEqual(OPTIMIZER_NAMES);
    const stated = new Set((cell("train.optimizer.*").match(/\d[\d.e-]*/g) ?? []).flatMap((t) => t.split("/")).map(Number));
    for (const name of OPTIMIZER_NAMES)
      for (const [k, v] of Object.entries(optimizerDefaults(name)))
        if (typeof v === "number" && v !== 0) expect(stated.has(v), `${name}.${k} ${v}`).toBe(true);
    expect(pairs(cell("train.lr"))).toEqual(Object.fromEntries(OPTIMIZER_NAMES.map((n) => [n, OPTIMIZERS[n].lr])));
  });

  it("train.schedule lists every schedule; early_stop and expect name the metrics they may watch", () => {
    expect(firstCode(cell("train.schedule"))).toBe(defaults.train.schedule.name);
    expect(namesAfter(cell("train.schedule"), "one of ")).toEqual(SCHEDULE_NAMES);
    for (const m of LOSS_METRICS) expect(cell("train.early_stop")).toContain(m);
    const listed = namesAfter(cell("expect"), "metric one of ");
    expect(listed).toEqual(SCORE_METRICS);
    expect(cell("expect")).toContain("best_ of each, epochs");
    expect(new Set(EXPECT_METRICS)).toEqual(new Set([...listed, ...listed.map((m) => `best_${m}`), "epochs"]));
  });
});

describe("docs/configuration.md metrics.csv table", () => {
  it("is METRIC_COLUMNS, in order, with each column's description", () => {
    expect(table("column")).toEqual(METRIC_COLUMNS.map((c) => [`\`${c.name}${c.layers === null ? "" : "K"}\``, c.description]));
  });
});

describe("docs/configuration.md config example", () => {
  const comment = (key: string) => {
    const line = DOC.split("\n").find((l) => new RegExp(`^\\s+${key}: \\S+ # `).test(l));
    expect(line, `the example's ${key} line`).toBeDefined();
    return line!.split(" # ")[1].split(",")[0].trim().split(/\s+/);
  };
  it("its comments list every activation, initializer and optimizer", () => {
    expect(comment("activation")).toEqual(ACTIVATION_NAMES);
    expect(comment("init")).toEqual(INIT_NAMES);
    expect(comment("optimizer")).toEqual(OPTIMIZER_NAMES);
  });
});

describe("nn-lab plot --help", () => {
  it("lists every activation, and plot draws each one it lists", async () => {
    const r = await runMain(["plot", "--help"]);
    expect(r.code).toBe(0);
    const listed = /activations: ([^;]+);/.exec(r.stdout.replace(/\s+/g, " "))![1].trim().split(" ");
    expect(listed).toEqual(ACTIVATION_NAMES);
    for (const name of listed) expect(() => parseActivation(name)).not.toThrow();
    const json = await runMain(["plot", ...listed, "--json"]);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.stringify(JSON.parse(json.stdout))).toContain(listed[listed.length - 1]);
  });
});
