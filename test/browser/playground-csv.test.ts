/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The playground's data set import (a CSV: two input columns and a label column), in Debian's chromium driven by
 * playwright-core, on the page opened from disk. What these tests prove:
 *  - a CSV written by `nn-lab data moons --out`, dropped on the page, trains A and B (no console error, no network
 *    request); the exported config names the file as it was dropped (data.kind csv, path moons.csv), and
 *    `nn-lab train` of that config next to the exported CSV gives the page's metrics.csv and model.json byte for byte;
 *  - a pasted CSV with a cell that is not a number gets exactly the line `nn-lab train` prints for the same file (the
 *    page runs the CLI's own src/data/csv.ts, csv-parse included), as does one whose labels are not 0..K−1;
 *  - three input columns get the page's own one-line reason (the plane has two axes).
 * Without chromium the suite fails under CI=true and is skipped (with a message) elsewhere.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMain, tempDir, writeFile } from "../helpers.js";
import { CHROMIUM as CHROMIUM_TOOL, needs } from "../system-tools.js";
import { closePages, sharedChromium } from "./chromium.js";
import { download, openPlayground, type OpenPlayground } from "./play-page.js";

const available = needs(CHROMIUM_TOOL, "the playground imports a CSV data set");

const EPOCHS = 60;

describe.skipIf(!available)("the playground imports a CSV data set", () => {
  let browser: Browser;
  let play: OpenPlayground;
  let dir: string;
  let page: Page;
  let errors: string[];
  let requests: string[];

  beforeAll(async () => {
    browser = await sharedChromium();
    play = await openPlayground(browser, "nn-lab-play-csv-");
    ({ page, dir, errors, requests } = play);
    await page.fill("#epochs", String(EPOCHS));
    await page.dispatchEvent("#epochs", "change");
    await page.click("details.dataset summary");
  }, 60_000);

  afterAll(async () => {
    await closePages(browser);
  });

  /** What `nn-lab train` prints on stderr (without its "nn-lab: error: " prefix) for a config reading `csv`. */
  async function cliMessage(csv: string): Promise<string> {
    const folder = tempDir("nn-lab-play-csv-cli-");
    writeFile(folder, "data.csv", csv);
    writeFile(folder, "config.yaml", "data: {kind: csv, path: data.csv, target: label}\ntrain: {epochs: 5}\n");
    const r = await runMain(["train", "config.yaml", "--run-dir", join(folder, "run")], { cwd: folder });
    expect(r.code).toBe(2);
    expect(r.stderr.startsWith("nn-lab: error: ")).toBe(true);
    return r.stderr.trim().slice("nn-lab: error: ".length);
  }

  async function paste(csv: string): Promise<string> {
    await page.fill("#csv-text", csv);
    await page.click("#csv-load");
    await page.waitForFunction(() => ["A", "B"].every((v) => document.querySelector(`#${v} .error`)?.textContent !== ""));
    const [a, b] = await Promise.all(["A", "B"].map((v) => page.textContent(`#${v} .error`)));
    expect(b).toBe(a);
    return a!;
  }

  it("trains a dropped CSV, and nn-lab train of the exported config and CSV gives the same bytes", async () => {
    const csvPath = join(dir, "moons-made.csv");
    expect((await runMain(["data", "moons", "--n", "150", "--noise", "0.15", "--seed", "4", "--test", "0", "--out", csvPath])).code).toBe(
      0,
    );
    const csv = readFileSync(csvPath, "utf8");
    const dataTransfer = await page.evaluateHandle((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], "moons.csv", { type: "text/csv" }));
      return dt;
    }, csv);
    await page.dispatchEvent("details.dataset", "drop", { dataTransfer });
    await page.click("#play");
    await page.waitForFunction(
      (epochs) => ["A", "B"].every((v) => document.querySelector(`#${v} .status`)?.textContent === `completed, epoch ${epochs}`),
      EPOCHS,
      { timeout: 90_000 },
    );
    await page.click("#play"); // pause again, for the tests below
    expect(await page.inputValue("#kind")).toBe("csv");
    const exported = join(dir, "export");
    const config = await download(play, "#A [data-export=yaml]", "export/variant-A.yaml");
    const data = await download(play, "#csv-export", "export/moons.csv");
    const metrics = await download(play, "#A [data-export=csv]", "variant-A-metrics.csv");
    const model = await download(play, "#A [data-export=model]", "variant-A-model.json");
    expect(readFileSync(data, "utf8")).toBe(csv);
    expect(readFileSync(config, "utf8")).toMatch(/data:\n {2}kind: csv\n {2}path: moons.csv\n {2}target: label\n/);
    const run = join(dir, "run-A");
    const r = await runMain(["train", config, "--run-dir", run, "--quiet"], { cwd: exported });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const cli = readFileSync(join(run, "metrics.csv"), "utf8");
    expect(cli.split("\n").length).toBe(EPOCHS + 3);
    expect(readFileSync(metrics, "utf8")).toBe(cli);
    expect(readFileSync(model, "utf8")).toBe(readFileSync(join(run, "model.json"), "utf8"));
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  });

  it("shows the CLI's own line for a cell that is not a number, and for labels that are not classes", async () => {
    const notANumber = "x1,x2,label\n0.1,0.2,1\n0.3,abc,0\n";
    const message = await cliMessage(notANumber);
    expect(message).toMatch(/^data\.csv:3\S*: column 'x2': expected a .*number.*, got 'abc'$/);
    expect(await paste(notANumber)).toBe(message);
    const badLabels = "x1,x2,label\n0.1,0.2,1\n0.3,0.4,3\n0.5,0.1,0\n";
    const labelMessage = await cliMessage(badLabels);
    expect(labelMessage).toBe("data.csv: 3 rows cannot cover 4 classes (labels 0..3); class labels must be 0..K−1");
    expect(await paste(badLabels)).toBe(labelMessage);
  });

  it("says why three input columns cannot be drawn", async () => {
    expect(await paste("x1,x2,x3,label\n0.1,0.2,0.3,1\n0.3,0.1,0.2,0\n")).toBe(
      "data.csv: the playground draws a data set on a plane: expected 2 input columns besides 'label', got 3 (x1, x2, x3)",
    );
  });
});
