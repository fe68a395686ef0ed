/**
 * Issue 22 item 6: every file of a run folder the report uses is validated against its schema when it is read
 * (run/read.ts readRunFolder); a damaged one is left out and the page says which file, which key and what is left
 * out — it never reaches the page's script. (The page drawing such a run without an error: test/browser.)
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { ReportData } from "../../src/report/page/data.js";
import { runMain, tempDir, writeFile } from "../helpers.js";

/** The report's embedded data document, parsed back. */
export function reportData(html: string): ReportData {
  const m = /<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html);
  expect(m).not.toBeNull();
  return JSON.parse(m![1]) as ReportData;
}

describe("a damaged file in a run folder: left out of the report, and said", () => {
  const dir = tempDir();
  const cfg = writeFile(dir, "m.yaml", "data: {kind: moons, n: 40}\nmodel: {layers: [4]}\ntrain: {epochs: 4}\nsnapshots: {count: 2}\n");
  const run = join(dir, "run");
  beforeAll(async () => expect((await runMain(["train", cfg, "--run-dir", run, "--quiet"])).code).toBe(0));

  async function reportWith(file: string, edit: (doc: Record<string, unknown>) => void): Promise<ReportData> {
    const good = readFileSync(join(run, file), "utf8");
    const doc = JSON.parse(good) as Record<string, unknown>;
    edit(doc);
    writeFileSync(join(run, file), JSON.stringify(doc));
    try {
      const out = join(dir, `${file}.html`);
      const r = await runMain(["report", run, "--out", out, "--overwrite"]);
      expect(r.code, r.stderr).toBe(0);
      return reportData(readFileSync(out, "utf8"));
    } finally {
      writeFileSync(join(run, file), good);
    }
  }

  it("an intact run has its decision boundary and no note", async () => {
    const data = await reportWith("snapshots.json", () => {});
    expect(data.runs[0].boundary).not.toBeNull();
    expect(data.runs[0].missing).toEqual([]);
  });

  it.each([
    [
      "points.y a string",
      (d: Record<string, unknown>) => ((d.points as Record<string, unknown>).y = "1,0,1"),
      /points\.y: expected a list, got '1,0,1'/,
    ],
    [
      "a label past the classes",
      (d: Record<string, unknown>) => ((d.points as { y: number[] }).y[3] = 7),
      /points\.y\[3\]: expected a class below 2, got 7: /,
    ],
    [
      "params cut short",
      (d: Record<string, unknown>) => (d.params = (d.params as string).slice(0, 40)),
      /params: expected \d+ bytes .*got 30/,
    ],
    ["bounds a string", (d: Record<string, unknown>) => (d.bounds = "wide"), /bounds: expected a mapping, got 'wide'/],
  ])("snapshots.json with %s: no boundary, the note names the key", async (_name, edit, words) => {
    const data = await reportWith("snapshots.json", edit);
    expect(data.runs[0].boundary).toBeNull();
    expect(data.runs[0].missing).toHaveLength(1);
    expect(data.runs[0].missing[0]).toMatch(
      new RegExp(`^${join(run, "snapshots.json").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: not a valid nn-lab\\.snapshots\\.v1: `),
    );
    expect(data.runs[0].missing[0]).toMatch(words);
    expect(data.runs[0].missing[0]).toMatch(/: no decision boundary$/);
  });

  it("config.json with model.layers a number: no config, no boundary, said", async () => {
    const data = await reportWith("config.json", (d) => ((d.model as Record<string, unknown>).layers = 4));
    expect(data.runs[0].config).toBeNull();
    expect(data.runs[0].boundary).toBeNull();
    expect(data.runs[0].missing.join("\n")).toMatch(
      /config\.json: not a valid nn-lab run config\.json: model\.layers: expected a list, got 4: no resolved config/,
    );
  });
});
