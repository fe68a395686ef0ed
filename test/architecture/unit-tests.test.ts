/**
 * `npm run test:unit` starts no process (issue 24, item 5): no test file under the folders it names imports
 * node:child_process or calls runCli; the CLI is run in-process there (test/helpers.ts runMain). Checked on the
 * files' text, so a new spawning test in those folders fails here before it slows the quick suite down.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers.js";

const script: string = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).scripts["test:unit"];
const folders = script.split(/\s+/).filter((w) => w.startsWith("test/"));

function spawners(folder: string): string[] {
  const found: string[] = [];
  for (const f of readdirSync(join(ROOT, folder), { recursive: true, encoding: "utf8" })) {
    if (!f.endsWith(".ts") || f === "unit-tests.test.ts") continue; // this file names the patterns
    const text = readFileSync(join(ROOT, folder, f), "utf8");
    if (/from "node:child_process"|import\("node:child_process"\)|\brunCli\(/.test(text)) found.push(join(folder, f));
  }
  return found;
}

describe("test:unit", () => {
  it("names the in-process folders", () => {
    expect(folders).toEqual(expect.arrayContaining(["test/engine", "test/terminal", "test/report", "test/architecture"]));
  });

  it.each(folders)("%s spawns no process", (folder) => {
    expect(spawners(folder)).toEqual([]);
  });
});
