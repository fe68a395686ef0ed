/**
 * Issue 20 item 3: no spread of an array into a call anywhere in the report (src/report, the page included) —
 * `Math.max(...values)` overflows the call stack past ~10⁵ values (a 70,000-epoch run's report was blank below its
 * runs table). ESLint rejects the pattern there (npm run lint keeps the sources clean); this lints a probe in the page
 * and in the report's Node side.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers.js";

const RULE = "no spread into a call in the report";

describe("ESLint forbids spreading an array into a call in src/report", () => {
  it("Math.max(...all), f(...xs) and new X(...xs) are errors in the page and in the report's Node side", async () => {
    const { ESLint } = await import("eslint");
    const eslint = new ESLint({ cwd: ROOT });
    const probe =
      "const all = [1, 2];\nexport const a = Math.max(...all);\nexport const b = [...all];\nexport const c = new Set(...[all]);\n";
    for (const file of [join("src", "report", "page", "probe.ts"), join("src", "report", "probe.ts")]) {
      const [r] = await eslint.lintText(probe, { filePath: join(ROOT, file) });
      const hits = r.messages.filter((m) => m.message.startsWith(RULE)).map((m) => m.line);
      expect(hits, file).toEqual([2, 4]); // an array literal's spread (line 3) is not a call
    }
  });
});
