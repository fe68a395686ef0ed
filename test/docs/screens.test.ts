/**
 * The README is a front door and docs/ the reference (issue 24, item 4). What these tests prove:
 *  - every captured screen in README.md and docs/*.md — a fenced block whose first line is `$ nn-lab ARGS` — is what
 *    that command prints now (run in-process from the repository, colour off, 80 columns): line for line, with a
 *    line `…` standing for lines left out, and only times (`0.67 s`) and a run folder's date masked;
 *  - the README stays short (at most 300 lines) and opens with the two set-up commands, each of which names a real
 *    script or config;
 *  - every relative link in README.md and docs/*.md points at a file that exists.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runMain, tempDir } from "../helpers.js";

const PAGES = [
  "README.md",
  ...readdirSync(join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => join("docs", f)),
];
const text = (page: string) => readFileSync(join(ROOT, page), "utf8");

const screens = PAGES.flatMap((page) =>
  [...text(page).matchAll(/^```\n\$ nn-lab ([^\n]*)\n([\s\S]*?)^```$/gm)].map((m) => ({ page, command: m[1], shown: m[2] })),
);

/** What varies from run to run: wall times and the date in a run folder's name. */
const mask = (s: string) => s.replace(/\b\d+\.\d+ s\b/g, "T s").replace(/run folder: \S*?([\w.-]+)-\d{8}-\d{6}/g, "run folder: $1-DATE");

describe("captured screens", () => {
  it("there are screens to check, the README's among them", () => {
    expect(screens.length).toBeGreaterThanOrEqual(6);
    expect(screens.some((s) => s.page === "README.md")).toBe(true);
  });

  it.each(screens.map((s) => [`${s.page}: nn-lab ${s.command}`, s] as const))("%s", async (_, s) => {
    const args = s.command.split(" ");
    // run folders (train, compare) go to a temp folder, not the repository's runs/ (its name is masked anyway)
    const r = await runMain(["train", "compare"].includes(args[0]) ? [...args, "--runs", tempDir()] : args, { env: { NO_COLOR: "1" } });
    expect(r.code, r.stderr).toBe(0);
    const printed = mask(r.stdout);
    let at = 0;
    for (const part of mask(s.shown).split(/^…\n/m)) {
      const found = printed.indexOf(part, at);
      expect(found, `${s.page}: this part of the screen is not what nn-lab ${s.command} prints now:\n${part}`).toBeGreaterThanOrEqual(at);
      at = found + part.length;
    }
  });
});

describe("the README", () => {
  const readme = text("README.md");
  it("is at most 300 lines", () => expect(readme.split("\n").length).toBeLessThanOrEqual(300));

  it("opens with the two set-up commands: install and train a real experiment, and run the tests", () => {
    const [install, tests] = /^# nn-lab\n\n(?:<!-- .* -->\n\n)?```sh\n(.*)\n(.*)\n```/.exec(readme)!.slice(1);
    expect(install).toMatch(/^npm ci && npm run build && node bin\/nn-lab\.js train (configs\/\S+\.yaml)/);
    expect(existsSync(join(ROOT, /train (\S+)/.exec(install)![1]))).toBe(true);
    expect(tests).toMatch(/^npm test\s/);
    expect(JSON.parse(text("package.json")).scripts.test).toContain("vitest run");
  });
});

describe("links", () => {
  it.each(PAGES)("every relative link in %s resolves", (page) => {
    const targets = [...text(page).matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)].map((m) => m[1]).filter((t) => !/^[a-z]+:/.test(t));
    for (const t of targets) expect(existsSync(join(ROOT, dirname(page), t)), `${page} → ${t}`).toBe(true);
  });
});
