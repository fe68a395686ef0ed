/* global document */
/**
 * The playground's epoch rate against the CLI's on the same config (issue 26), and the page's size.
 *
 *   npm run build && node bench/playground.js [rounds]
 *
 * Each round writes the page (nn-lab play CONFIG), opens it in Debian's chromium (playwright-core), sets epochs,
 * presses Play and times until variant A reports "completed" (A and B train at once, each in its own worker, so on
 * a 2-core machine each has a core); then `nn-lab train` of the same exported config, whose train_ms is the loop's
 * own time; the two alternate which goes first. Reported: medians of epochs/s, the median of the per-round ratios
 * page / CLI (the machine may be loaded: a ratio within one round is what means something), and the page's bytes. The page's time includes its worker's
 * start and its drawing (throttled), so the ratio is what a user sees, not the loop alone.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const CLI = join(import.meta.dirname, "..", "bin", "nn-lab.js");
const rounds = Number(process.argv[2] ?? 3);
const EPOCHS = 1000;
const CONFIG = `name: bench-play
seed: 1
data: { kind: moons, n: 200, noise: 0.2, test: 0.2 }
model: { layers: [8, 8], activation: tanh }
train: { epochs: ${EPOCHS}, batch: 16, optimizer: sgd, lr: 0.1 }
`;
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const dir = mkdtempSync(join(os.tmpdir(), "nn-lab-bench-play-"));
try {
  const config = join(dir, "c.yaml");
  writeFileSync(config, CONFIG);
  const page = join(dir, "play.html");
  spawnSync(process.execPath, [CLI, "play", config, "--out", page, "--quiet"], { stdio: "inherit" });
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--disable-gpu", "--disable-background-networking"],
  });
  const pageRates = [];
  const cliRates = [];
  const ratios = [];
  const pageRate = async () => {
    const tab = await browser.newPage();
    await tab.goto(`file://${page}`);
    await tab.waitForFunction(() => document.querySelector("#A .status")?.textContent === "epoch 0");
    const t0 = Date.now();
    await tab.click("#play");
    await tab.waitForFunction(() => document.querySelector("#A .status")?.textContent?.startsWith("completed"), null, { timeout: 300_000 });
    const rate = EPOCHS / ((Date.now() - t0) / 1000);
    await tab.close();
    return rate;
  };
  const cliRate = (r) => {
    const res = spawnSync(process.execPath, [CLI, "train", config, "--run-dir", join(dir, `run${r}`), "--json"], { encoding: "utf8" });
    const trainMs = JSON.parse(res.stdout.slice(res.stdout.lastIndexOf("\n{") + 1)).train_ms;
    return EPOCHS / (trainMs / 1000);
  };
  // interleaved: the page first on even rounds, the CLI first on odd ones; the ratio is taken within each round
  for (let r = 0; r < rounds; r++) {
    let p, c;
    if (r % 2 === 0) {
      p = await pageRate();
      c = cliRate(r);
    } else {
      c = cliRate(r);
      p = await pageRate();
    }
    pageRates.push(p);
    cliRates.push(c);
    ratios.push(p / c);
  }
  await browser.close();
  const p = median(pageRates);
  const c = median(cliRates);
  console.log(
    `machine: ${os.cpus()[0]?.model}, load average ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(" ")}`,
  );
  console.log(`page ${statSync(page).size} bytes (${readFileSync(page, "utf8").length} characters)`);
  console.log(
    `epochs/s, median of ${rounds}: page ${p.toFixed(0)} (both variants at once), CLI ${c.toFixed(0)}; page / CLI ${median(ratios).toFixed(2)} (median of the per-round ratios: ${ratios.map((x) => x.toFixed(2)).join(", ")})`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
