/** Issue 22 item 5: a dangling symbolic link in a folder given to `report` (runs/latest → a deleted run). */
import { readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runMain, tempDir, writeFile } from "../helpers.js";

describe("report and a symbolic link whose target is gone", () => {
  it("inside a folder: left out with a note on the page, exit 0; given itself: exit 2 naming it", async () => {
    const dir = tempDir();
    const cfg = writeFile(dir, "x.yaml", "data: {kind: xor}\ntrain: {epochs: 2}\n");
    const runs = join(dir, "runs");
    expect((await runMain(["train", cfg, "--run-dir", join(runs, "a"), "--quiet"])).code).toBe(0);
    symlinkSync(join(runs, "deleted-run"), join(runs, "latest"));
    const r = await runMain(["report", runs, "--out", join(dir, "r.html")]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, "r.html"), "utf8")).toContain("latest was left out: a symbolic link whose target is gone");
    const direct = await runMain(["report", join(runs, "latest"), "--out", join(dir, "s.html")]);
    expect(direct.stderr).toMatch(/^nn-lab: error: report: .*runs\/latest: no such file or folder\n$/);
    expect(direct.code).toBe(2);
  });
});
