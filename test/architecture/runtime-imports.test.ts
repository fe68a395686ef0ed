/**
 * What a sweep worker thread and the report page load when they start (issue 24, item 6): no zod. The summary.json
 * schema (src/run/summary.ts) is the one description of the file and its type is derived from it, but the writer
 * (run/run-experiment.ts) and everything a sweep worker loads import only that type, which the compiler erases; the
 * worker is sent its config already checked (sweep/train-run.ts), so it needs no schema at all. Read from the build
 * (dist/: what node actually loads): the static `import … from` statements that remain in the compiled JavaScript,
 * followed file by file. A dynamic `import(…)` (the worker's config loader, used only when the main thread could not
 * load the config) is not followed: it is not loaded at start.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers.js";

const DIST = join(ROOT, "dist");

/** The packages (not node: built-ins) a compiled module loads at start, directly or through the files it imports. */
function packagesLoaded(entry: string): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const js = readFileSync(file, "utf8");
    for (const m of js.matchAll(/^\s*(?:import|export)\s[^;]*?\sfrom\s*["']([^"']+)["']|^\s*import\s*["']([^"']+)["']/gm)) {
      const spec = m[1] ?? m[2];
      if (spec.startsWith(".")) visit(resolve(dirname(file), spec));
      else if (!spec.startsWith("node:")) packages.add(spec.split("/")[0]);
    }
  };
  visit(join(DIST, entry));
  return packages;
}

describe("modules that start without zod", () => {
  it("the detector finds zod where it is loaded (run/read.ts validates summary.json with its schema)", () => {
    expect(packagesLoaded("run/read.js")).toContain("zod");
  });

  it.each(["sweep/worker.js", "run/run-experiment.js", "train/eval-worker.js"])("%s loads no zod", (entry) => {
    expect(existsSync(join(DIST, entry))).toBe(true);
    expect([...packagesLoaded(entry)]).not.toContain("zod");
  });

  it("the report page and the playground page bundles hold no zod (the playground's training worker does: it loads configs)", () => {
    const zodCode = /ZodError|\$ZodType/;
    expect(readFileSync(join(DIST, "report", "play-worker.js"), "utf8")).toMatch(zodCode);
    for (const page of ["page.js", "play.js"]) expect(readFileSync(join(DIST, "report", page), "utf8")).not.toMatch(zodCode);
  });
});
