/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The playground (`nn-lab play`) in a real browser: Debian's chromium driven by playwright-core. What these tests
 * prove, on the page as a user gets it (opened from disk):
 *  - A = sigmoid and B = relu on moons train 200 epochs in the page's workers with no console error, no page error
 *    and no network request;
 *  - each variant draws a map for every unit (8 + 8 hidden, 1 output) and an edge for every weight (2·8 + 8·8 + 8·1);
 *  - the exported configs, run with `nn-lab train`, give the page's metrics.csv and model.json byte for byte
 *    (Chromium's Math.exp, Math.log, Math.sin … differ from Node's in the last bit; the engine does not use them:
 *    src/engine/libm.ts; test/report/playground-worker.test.ts runs the same bundled worker in Node);
 *  - a config pasted into the page is checked with the CLI's schema: the page shows the line `nn-lab train` prints;
 *  - at 390 px the page has no horizontal scroll (screenshots of both widths are saved in the test's temp folder).
 * Without chromium the suite fails under CI=true and is skipped (with a message) elsewhere.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMain, writeFile } from "../helpers.js";
import { CHROMIUM as CHROMIUM_TOOL, needs } from "../system-tools.js";
import { closePages, sharedChromium } from "./chromium.js";
import { download, openPlayground, type OpenPlayground } from "./play-page.js";

const available = needs(CHROMIUM_TOOL, "the playground in chromium");

describe.skipIf(!available)("the playground in chromium", () => {
  let browser: Browser;
  let play: OpenPlayground;
  let dir: string;
  let page: Page;
  let errors: string[];
  let requests: string[];

  beforeAll(async () => {
    browser = await sharedChromium();
    play = await openPlayground(browser, "nn-lab-play-");
    ({ page, dir, errors, requests } = play);
    await page.selectOption("#A select[data-key=activation]", "sigmoid");
    await page.selectOption("#B select[data-key=activation]", "relu");
    await page.click("#play");
    await page.waitForFunction(
      () => ["A", "B"].every((v) => document.querySelector(`#${v} .status`)?.textContent === "completed, epoch 200"),
      null,
      { timeout: 90_000 },
    );
  }, 120_000);

  afterAll(async () => {
    await closePages(browser);
  });

  it("trains both variants with no console error and no network request", () => {
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  });

  it("draws every unit as a map over the plane and every weight as an edge", async () => {
    for (const v of ["A", "B"]) {
      expect(await page.locator(`#${v} .layers button.unit canvas`).count()).toBe(8 + 8 + 1);
      expect(await page.locator(`#${v} svg.edges line`).count()).toBe(2 * 8 + 8 * 8 + 8 * 1);
      expect(await page.locator(`#${v} .layers .unit.input`).count()).toBe(2);
    }
    await page.click("#B button.unit[data-l='0'][data-u='0']");
    expect(await page.textContent("#B .detail p")).toMatch(
      /^layer 1 unit 1(?: — dead)?: output from -?[\d.e+-]+ \(blue\) to [\d.e+-]+ \(orange\) over the plane, epoch 200$/,
    );
  });

  it("exports configs that nn-lab train reproduces byte for byte: metrics.csv and model.json", async () => {
    for (const v of ["A", "B"]) {
      const config = await download(play, `#${v} [data-export=yaml]`, `variant-${v}.yaml`);
      const metrics = await download(play, `#${v} [data-export=csv]`, `variant-${v}-metrics.csv`);
      const model = await download(play, `#${v} [data-export=model]`, `variant-${v}-model.json`);
      expect(readFileSync(config, "utf8")).toContain(`activation: ${v === "A" ? "sigmoid" : "relu"}`);
      const run = join(dir, `run-${v}`);
      const r = await runMain(["train", config, "--run-dir", run, "--quiet"]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      const cli = readFileSync(join(run, "metrics.csv"), "utf8");
      expect(cli.split("\n").length).toBe(203); // the header, epochs 0–200, and "" after the last newline
      // bit for bit, although Chromium's Math.exp/log/sin/cos differ from Node's in the last bit: the engine
      // computes them itself (src/engine/libm.ts)
      expect(readFileSync(metrics, "utf8")).toBe(cli);
      expect(readFileSync(model, "utf8")).toBe(readFileSync(join(run, "model.json"), "utf8"));
    }
  });

  it("fits a 390 px phone without horizontal scrolling", async () => {
    await page.screenshot({ path: join(dir, "playground-1400.png"), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    // the page lays itself out with CSS alone (no resize handler): once the window is 390 px wide, reading scrollWidth lays it out
    await page.waitForFunction(() => window.innerWidth === 390);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);
    await page.screenshot({ path: join(dir, "playground-390.png"), fullPage: true });
    await page.setViewportSize({ width: 1400, height: 1000 });
  });
  it("checks an imported config with the CLI's own schema and message", async () => {
    const text = "data: {kind: moons}\ntrain: {lr: -1, epochs: 5}\n";
    writeFile(dir, "config.yaml", text);
    const cli = await runMain(["train", "config.yaml", "--run-dir", join(dir, "bad")], { cwd: dir });
    expect(cli.code).toBe(2);
    expect(cli.stderr.trim()).toBe("nn-lab: error: config.yaml:2:9: train.lr: must be > 0, got -1");
    await page.click("#A details summary");
    await page.fill("#A textarea", text);
    await page.click("#A [data-import]");
    await page.waitForFunction(() => document.querySelector("#A .error")?.textContent !== "");
    expect(await page.textContent("#A .error")).toBe("config.yaml:2:9: train.lr: must be > 0, got -1");
  });
});
