/**
 * `nn-lab play`: the page is written where --out says, with the starting config inside it; a bad config is the same
 * error as for train (exit 2, nothing written); an existing --out is never replaced without --overwrite.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runCli, runMain, tempDir, writeFile } from "../helpers.js";

describe("nn-lab play", () => {
  // play's smoke test: the built CLI in a real process (the other tests run main(argv) in-process)
  it("writes one self-contained page holding the config's text and the bundled worker", () => {
    const dir = tempDir();
    const out = join(dir, "p.html");
    const r = runCli(["play", join(ROOT, "configs", "xor-relu.yaml"), "--out", out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`playground: ${out} (open it in a browser; it trains there, offline)\n`);
    const html = readFileSync(out, "utf8");
    const data = JSON.parse(html.match(/<script type="application\/json" id="play-data">(.*?)<\/script>/s)![1]);
    expect(data.yaml).toBe(readFileSync(join(ROOT, "configs", "xor-relu.yaml"), "utf8"));
    expect(data.workerSource.length).toBeGreaterThan(10_000);
    // nothing is fetched: no src= or href= to anywhere, and the policy allows only inline code and blob: workers
    expect(html).not.toMatch(/\s(src|href)=["']?(https?:|\/\/)/);
    expect(html).toContain("default-src 'none'; script-src 'unsafe-inline' blob:; worker-src blob:");
  });

  it("refuses a bad config as train does: exit 2, the same message, no page", async () => {
    const dir = tempDir();
    const cfg = writeFile(dir, "bad.yaml", "data: {kind: moons}\ntrain: {lr: -1}\n");
    const play = await runMain(["play", cfg, "--out", join(dir, "p.html")]);
    const train = await runMain(["train", cfg, "--run-dir", join(dir, "run")]);
    expect(play.code).toBe(2);
    expect(play.stderr).toBe(train.stderr);
    expect(play.stderr).toBe(`nn-lab: error: ${cfg}:2:9: train.lr: must be > 0, got -1\n`);
    expect(existsSync(join(dir, "p.html"))).toBe(false);
  });

  it("never replaces an existing --out without --overwrite", async () => {
    const dir = tempDir();
    const out = writeFile(dir, "mine.html", "my notes");
    const r = await runMain(["play", "--out", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`nn-lab: error: --out ${out}: the file exists; pick another name or pass --overwrite\n`);
    expect(readFileSync(out, "utf8")).toBe("my notes");
    expect((await runMain(["play", "--out", out, "--overwrite", "--quiet"])).code).toBe(0);
    expect(readFileSync(out, "utf8")).toMatch(/^<!doctype html>/);
  });
});
