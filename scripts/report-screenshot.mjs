/**
 * docs/report.png (1400 px wide) and docs/report-390.png (a 390 px phone), the README's pictures of a report, made
 * by the tools rather than by hand:
 *
 *   npm run build && node scripts/report-screenshot.mjs [--out docs/report.png]   (the phone's beside it, -390.png)
 *
 * Trains configs/moons.yaml with sigmoid, tanh and relu hidden layers (`nn-lab compare --vary ... --report`) into a
 * temp folder, opens the comparison's report in Debian's chromium (CHROMIUM_PATH, default /usr/bin/chromium)
 * through playwright-core, moves the snapshot slider to a quarter of training, and saves the runs table, the
 * curves and the decision boundaries as a PNG at each width. Exits 1 if the page logs an error or requests anything.
 */
/* global document, Event -- inside page.evaluate, run in the browser */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const i = process.argv.indexOf("--out");
const out = resolve(i > 0 ? process.argv[i + 1] : join(root, "docs", "report.png"));
const tmp = mkdtempSync(join(os.tmpdir(), "nn-lab-screenshot-"));
try {
  const args = [
    "compare",
    join(root, "configs", "moons.yaml"),
    "--vary",
    "model.activation=sigmoid,tanh,relu",
    "--runs",
    tmp,
    "--quiet",
    "--report",
  ];
  const r = spawnSync(process.execPath, [join(root, "bin", "nn-lab.js"), ...args], { encoding: "utf8" });
  if (r.status !== 0 && r.status !== 1) throw new Error(`nn-lab ${args.join(" ")}: exit ${r.status}\n${r.stderr}`);
  const report = join(tmp, readdirSync(tmp)[0], "report.html");
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" });
  try {
    for (const [width, file] of [
      [1400, out],
      [390, out.replace(/\.png$/, "-390.png")],
    ]) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      const problems = [];
      page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
      page.on("pageerror", (e) => problems.push(e.message));
      page.on(
        "request",
        (q) => q.url() !== `file://${report}` && q.url() !== encodeURI(`file://${report}`) && problems.push(`request ${q.url()}`),
      );
      await page.goto(`file://${report}`);
      await page.waitForSelector("body[data-ready=true]");
      await page.evaluate(() => {
        const slider = document.getElementById("snapshot-slider");
        slider.value = String(Math.round(Number(slider.max) / 4));
        slider.dispatchEvent(new Event("input"));
        document.getElementById("details")?.remove();
      });
      await page.screenshot({ path: file, fullPage: true });
      if (problems.length) throw new Error(`the page reported: ${problems.join("; ")}`);
      console.log(`wrote ${file}`);
      await page.close();
    }
  } finally {
    await browser.close();
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
