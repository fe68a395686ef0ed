/**
 * The HTML report at scale (issue 20 item 3): a 1,000-run × 1,000-epoch sweep and one 10⁶-epoch run, their
 * report's size and the time Chromium takes to draw it (navigation to body[data-ready], median of --rounds).
 * Targets: under 5 MB and 5 s, no console error. The run folders are made by bench/synth-sweep.js from a real
 * run's files (no training); `nn-lab report` reads them as it reads any.
 *
 *   npm run build && node bench/report-scale.js [--rounds 3]
 */
/* global document -- inside page.evaluate, run in the browser */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { synthRun, synthSweep } from "./synth-sweep.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const at = process.argv.indexOf("--rounds");
const rounds = at > 0 ? Number(process.argv[at + 1]) : 3;
const tmp = mkdtempSync(join(os.tmpdir(), "nn-lab-report-scale-"));
const cli = (...args) => {
  const t = Date.now();
  const r = spawnSync(process.execPath, [join(root, "bin", "nn-lab.js"), ...args], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`nn-lab ${args.join(" ")}: exit ${r.status}\n${r.stderr}`);
  return Date.now() - t;
};
try {
  const template = join(tmp, "template");
  cli("train", join(root, "configs", "moons.yaml"), "--run-dir", template, "--quiet", "--set", "train.epochs=20");
  const values = (n, f) => Array.from({ length: n }, (_, i) => f(i));
  const axes = [
    {
      key: "model.activation",
      values: ["tanh", "relu", "sigmoid", "elu", "gelu", "swish", "softplus", "leaky_relu", "linear", "gelu_tanh"],
    },
    { key: "train.lr", values: values(10, (i) => Number((0.001 * 2 ** i).toPrecision(3))) },
  ];
  synthSweep(join(tmp, "sweep"), template, { axes, seeds: values(10, (i) => i + 1), epochs: 1000 });
  synthRun(join(tmp, "long"), template, 1_000_000);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" });
  try {
    for (const [name, dir] of [
      ["1,000 runs × 1,000 epochs", join(tmp, "sweep")],
      ["one run of 10⁶ epochs", join(tmp, "long")],
    ]) {
      const gatherMs = cli("report", dir, "--quiet");
      const file = join(dir, "report.html");
      const times = [];
      const problems = [];
      for (let r = 0; r < rounds; r++) {
        const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
        page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
        page.on("pageerror", (e) => problems.push(e.message));
        const t = Date.now();
        await page.goto(`file://${file}`);
        await page.waitForSelector("body[data-ready]", { timeout: 120_000 });
        times.push(Date.now() - t);
        if ((await page.evaluate(() => document.body.dataset.ready)) !== "true") problems.push("data-ready is not true");
        await page.close();
      }
      times.sort((a, b) => a - b);
      const mb = statSync(file).size / 2 ** 20;
      console.log(
        `${name}: report ${mb.toFixed(2)} MB (target < 5), drawn in ${times[Math.floor(times.length / 2)]} ms median of ${rounds} [${times.join(", ")}] (target < 5000), nn-lab report took ${gatherMs} ms; console errors: ${problems.length ? problems.join("; ") : "none"}`,
      );
    }
  } finally {
    await browser.close();
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
