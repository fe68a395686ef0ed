/**
 * The package as a user installs it (issue 23): `npm pack` of this checkout, `npm install ./nn-lab-*.tgz` in an empty
 * folder, then `npx nn-lab …` there. What this proves: package.json's `files` and `bin` ship what the CLI needs
 * (the compiled dist/, the bin shim, the built report page's script and styles, the playground's), and its
 * dependencies are declared: train writes a run folder, report inlines the page assets, play writes its page.
 * The install uses the npm cache (--prefer-offline: the registry only for what the cache lacks); it needs a build
 * (dist/), as every CLI test does.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, tempDir } from "../helpers.js";

const npm = (args: string[], cwd: string) =>
  spawnSync("npm", args, { cwd, encoding: "utf8", timeout: 120_000, env: { ...process.env, NO_COLOR: "1" } });

describe("npm pack, npm install ./nn-lab-*.tgz, npx nn-lab", () => {
  it("installs into an empty folder and trains, reports and plays there", { timeout: 180_000 }, () => {
    const packs = tempDir("nn-lab-pack-");
    const packed = npm(["pack", "--pack-destination", packs, "--json"], ROOT);
    expect(packed.status, packed.stderr).toBe(0);
    const [{ filename, files }] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    const paths = files.map((f) => f.path);
    for (const f of ["bin/nn-lab.js", "dist/cli/main.js", "dist/report/page.js", "dist/report/page.css", "package.json"])
      expect(paths, f).toContain(f);
    expect(paths.filter((p) => /^(src|test|docs|runs|node_modules)\//.test(p))).toEqual([]);

    const app = tempDir("nn-lab-app-");
    const installed = npm(["install", join(packs, filename), "--prefer-offline", "--no-audit", "--no-fund"], app);
    expect(installed.status, installed.stderr).toBe(0);
    writeFileSync(join(app, "some.yaml"), "data: {kind: xor}\nmodel: {layers: [4]}\ntrain: {epochs: 5}\n");

    const train = npm(["exec", "--offline", "--", "nn-lab", "train", "some.yaml", "--quiet"], app);
    expect(train.status, train.stderr).toBe(0);
    const [run] = readdirSync(join(app, "runs"));
    expect(run).toMatch(/^some-\d{8}-\d{6}$/);
    const summary = JSON.parse(readFileSync(join(app, "runs", run, "summary.json"), "utf8")) as { status: string; epochs: number };
    expect(summary).toMatchObject({ status: "completed", epochs: 5 });

    // the command npx linked (node_modules/.bin/nn-lab, what npm exec ran above), without npm around it again
    const nnLab = (args: string[]) =>
      spawnSync(join(app, "node_modules", ".bin", "nn-lab"), args, {
        cwd: app,
        encoding: "utf8",
        timeout: 120_000,
        env: { ...process.env, NO_COLOR: "1" },
      });
    const report = nnLab(["report", join("runs", run), "--quiet"]);
    expect(report.status, report.stderr).toBe(0);
    const html = readFileSync(join(app, "runs", run, "report.html"), "utf8");
    expect(html).toContain(readFileSync(join(ROOT, "dist", "report", "page.css"), "utf8").slice(0, 200)); // the built styles, inlined
    const play = nnLab(["play", "--out", "play.html", "--quiet"]);
    expect(play.status, play.stderr).toBe(0);
    expect(statSync(join(app, "play.html")).size).toBeGreaterThan(50_000);
  });
});
