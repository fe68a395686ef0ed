import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runMain, tempDir } from "../helpers.js";

describe("the shipped configs train to a sensible result with their defaults", () => {
  it.each(["moons", "xor-sigmoid", "xor-relu", "spirals", "moons-csv"])("configs/%s.yaml meets its expect: block", async (name) => {
    const dir = tempDir();
    const r = await runMain(["train", `configs/${name}.yaml`, "--runs", dir, "--json"]);
    const s = JSON.parse(r.stdout);
    expect(s.status).toBe("completed");
    expect(s.expect.length).toBeGreaterThan(0);
    expect(s.expect.every((e: { pass: boolean }) => e.pass)).toBe(true);
    expect(r.code).toBe(0);
    expect(s.run_dir.startsWith(join(dir))).toBe(true);
  });

  it("moons-csv.yaml (from datasets/moons.csv) trains on exactly what moons.yaml generates", async () => {
    const dir = tempDir();
    const a = JSON.parse((await runMain(["train", "configs/moons.yaml", "--runs", dir, "--json"])).stdout);
    const b = JSON.parse((await runMain(["train", "configs/moons-csv.yaml", "--runs", dir, "--json"])).stdout);
    expect(b.final).toEqual(a.final);
  });
});
