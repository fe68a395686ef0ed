/**
 * The HTML report's Node side (src/report/html.ts) and `nn-lab report`'s errors (in-process: test/helpers.ts runMain).
 * What these tests prove:
 *  - escapeHtml replaces the five characters that matter, scriptJson leaves no '<' (so no </script> or <!--) and no
 *    U+2028/2029 in the page, and both round-trip;
 *  - a report is one file: exactly two inline scripts (the data, the page) and no src/href to anywhere; a run folder
 *    whose name looks like HTML is escaped in <title>;
 *  - bad paths, a sweep folder given with others, and an existing --out are input errors (exit 2, one line, the
 *    existing file untouched).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { escapeHtml, scriptJson } from "../../src/report/html.js";
import { runMain, tempDir, writeFile } from "../helpers.js";

describe("escaping", () => {
  it("escapeHtml and scriptJson", () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
    const value = { name: "</script><!-- \u2028 \u2029 <b>", n: [1, null] };
    const text = scriptJson(value);
    expect(text).not.toMatch(/[<\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe("nn-lab report", () => {
  const dir = tempDir();
  const cfg = writeFile(dir, "xor.yaml", "data: { kind: xor }\nmodel: { layers: [4], activation: tanh }\ntrain: { epochs: 5 }\n");
  const run = join(dir, "a<b>");
  beforeAll(async () => expect((await runMain(["train", cfg, "--run-dir", run, "--quiet"])).code).toBe(0));

  it("writes one self-contained file, the folder's name escaped", async () => {
    const r = await runMain(["report", run]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`report: ${join(run, "report.html")}\n`);
    const html = readFileSync(join(run, "report.html"), "utf8");
    expect(html).toContain("<title>nn-lab run a&lt;b&gt;</title>");
    expect(html.match(/<script\b/g)).toHaveLength(2);
    expect(html).not.toMatch(/\s(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).toContain(`content="default-src 'none'`);
  });

  it("refuses bad paths and an existing --out with one line and exit 2", async () => {
    const missing = await runMain(["report", join(dir, "nope")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`nn-lab: error: report: ${join(dir, "nope")}: no such file or folder\n`);
    const empty = join(dir, "empty");
    mkdirSync(empty);
    const none = await runMain(["report", empty]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/not a run folder .* and holds no run folders\n$/);
    const out = join(dir, "keep.html");
    writeFileSync(out, "mine");
    const taken = await runMain(["report", run, "--out", out]);
    expect(taken.code).toBe(2);
    expect(taken.stderr).toBe(`nn-lab: error: --out ${out}: the file exists; pick another name or pass --overwrite\n`);
    expect(readFileSync(out, "utf8")).toBe("mine");
    expect((await runMain(["report", run, "--out", out, "--overwrite", "--quiet"])).code).toBe(0);
    expect(readFileSync(out, "utf8")).toMatch(/^<!doctype html>/);
    const sweep = join(dir, "sweep");
    mkdirSync(sweep);
    writeFileSync(join(sweep, "sweep.json"), "{}");
    const both = await runMain(["report", sweep, run]);
    expect(both.code).toBe(2);
    expect(both.stderr).toBe(`nn-lab: error: report: ${sweep} is a sweep folder; give it alone\n`);
  });
});
