import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runCli, runMain } from "../helpers.js";

describe("nn-lab schema", () => {
  // schema's smoke test: the built CLI in a real process (the other test runs main(argv) in-process)
  const r = runCli(["schema"]);
  const schema = JSON.parse(r.stdout);

  it("is the JSON Schema of the config, derived from the zod schema's names", () => {
    expect(r.code).toBe(0);
    expect(schema.$schema).toMatch(/json-schema\.org/);
    expect(schema.required).toEqual(["data"]);
    const text = JSON.stringify(schema);
    for (const name of ["leaky_relu", "gelu_tanh", "he_normal", "adamw", "cross_entropy", "spirals"]) expect(text).toContain(`"${name}"`);
    expect(schema.additionalProperties).toBe(false);
  });

  it("configs/nn-lab.schema.json is current (regenerate with nn-lab schema --out configs/nn-lab.schema.json)", () => {
    expect(JSON.parse(readFileSync(join(ROOT, "configs", "nn-lab.schema.json"), "utf8"))).toEqual(schema);
  });

  it("takes --quiet and --no-color as every command does: the same schema on stdout, nothing on stderr", async () => {
    const quiet = await runMain(["schema", "--quiet", "--no-color"]);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe("");
    expect(quiet.stdout).toBe(r.stdout);
  });

  it("every shipped config names the schema on its first line", () => {
    for (const name of readdirSync(join(ROOT, "configs")).filter((f) => f.endsWith(".yaml"))) {
      const file = join(ROOT, "configs", name);
      expect(readFileSync(file, "utf8").split("\n")[0]).toBe("# yaml-language-server: $schema=nn-lab.schema.json");
    }
  });
});
