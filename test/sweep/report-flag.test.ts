/**
 * `nn-lab sweep … --report` writes report.html into the sweep folder. The report's modules are imported only then
 * (cli/sweep.ts: a sweep's start-up does not wait for them), so this checks that path in-process: the page is there,
 * whole, and names every run of the grid.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runMain, tempDir, writeFile } from "../helpers.js";

describe("sweep --report", () => {
  it("writes report.html into the sweep folder, naming every run; without the flag, none", async () => {
    const dir = tempDir();
    const cfg = writeFile(dir, "x.yaml", "data: {kind: xor}\nmodel: {layers: [4]}\ntrain: {epochs: 3}\n");
    const grid = ["--grid", "train.lr=0.1,0.2", "--seeds", "1,2", "--jobs", "1", "--quiet"];
    const plain = await runMain(["sweep", cfg, ...grid, "--out", join(dir, "plain")]);
    expect(plain.code, plain.stderr).toBe(0);
    expect(existsSync(join(dir, "plain", "report.html"))).toBe(false);
    const r = await runMain(["sweep", cfg, ...grid, "--out", join(dir, "s"), "--report"]);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(join(dir, "s", "report.html"), "utf8");
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html.trimEnd().endsWith("</html>")).toBe(true);
    for (const id of ["0000-lr=0.1,seed=1", "0001-lr=0.1,seed=2", "0002-lr=0.2,seed=1", "0003-lr=0.2,seed=2"]) expect(html).toContain(id);
  });
});
