/** The classic experiment configs: a schema line, a header comment saying what each shows and how to run it. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers.js";
import { headerComment } from "./helpers.js";

const CLASSICS = readdirSync(join(ROOT, "configs")).filter((f) => /^classic-.*\.yaml$/.test(f));
const TESTS = readdirSync(join(ROOT, "test", "experiments"))
  .filter((f) => f.endsWith(".test.ts"))
  .map((f) => readFileSync(join(ROOT, "test", "experiments", f), "utf8"))
  .join("\n");
const DOC = readFileSync(join(ROOT, "docs", "lessons.md"), "utf8");

describe("configs/classic-*.yaml", () => {
  it("exist", () => expect(CLASSICS.length).toBeGreaterThanOrEqual(9));

  it.each(CLASSICS)("%s: schema line, then what it shows and the command to run it", (file) => {
    const text = readFileSync(join(ROOT, "configs", file), "utf8");
    expect(text.split("\n")[0]).toBe("# yaml-language-server: $schema=nn-lab.schema.json");
    const comment = headerComment(join("configs", file));
    expect(comment.split("\n").length).toBeGreaterThanOrEqual(3);
    expect(comment).toMatch(new RegExp(`Run: nn-lab \\w+ (configs/\\S+ )?configs/${file.replace(/\./g, "\\.")}`));
  });

  it.each(CLASSICS)("%s is run by a test and shown in docs/lessons.md", (file) => {
    expect(TESTS).toContain(`configs/${file}`);
    expect(DOC).toContain(`configs/${file}`);
  });
});
