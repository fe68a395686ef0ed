/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The HTML report in a real browser: Debian's chromium (CHROMIUM_PATH, default /usr/bin/chromium) driven by
 * playwright-core (the worker's browser: ./chromium.ts). What these tests prove, on small real runs made by the CLI:
 *  - a run, a comparison (one run diverges) and a sweep each open from disk with no console error, no page error
 *    and no network request (the page is the only thing loaded);
 *  - each chart has the expected number of series: 2 per run on the loss chart (train, test), one per layer plus
 *    "all parameters" on the gradient-flow chart, 3 per swept axis; the sweep's ranked table has one row per grid
 *    point with n/N;
 *  - moving the snapshot slider changes the boundary image and its caption; the diverged run is marked;
 *  - the page fits a phone (390 px) and a desktop (1280 px) without horizontal scrolling; screenshots of both are
 *    saved in the test's temp folder;
 *  - a run with a truncated metrics.csv and no summary.json still renders its whole rows and says what is
 *    missing; a folder name with HTML in it is shown as text, not markup.
 * Without chromium the suite is skipped with one line naming what to install, and fails under CI=true (system-tools.ts).
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMain, tempDir, writeFile } from "../helpers.js";
import { CHROMIUM as CHROMIUM_TOOL, needs } from "../system-tools.js";
import { closePages, sharedChromium } from "./chromium.js";

const available = needs(CHROMIUM_TOOL, "the HTML report in chromium");

const BASE = `seed: 2
data: { kind: moons, n: 120, noise: 0.15, test: 0.25 }
model: { layers: [8], activation: tanh }
train: { epochs: 30, batch: 16, optimizer: sgd, lr: 0.3 }
snapshots: { count: 6 }
`;

interface Opened {
  page: Page;
  errors: string[];
  requests: string[];
}

// the cases only read the reports built once below, each in its own page: they run side by side
describe.skipIf(!available).concurrent("the HTML report in chromium", () => {
  let browser: Browser;
  let dir: string;
  const reports: Record<"run" | "comparison" | "sweep" | "truncated", string> = { run: "", comparison: "", sweep: "", truncated: "" };

  beforeAll(async () => {
    // chromium starts while the runs train
    const launched = sharedChromium();
    // (closed in afterAll even when a run below fails)
    try {
      dir = tempDir("nn-lab-browser-");
      const cfg = writeFile(dir, "base.yaml", BASE);
      const ok = async (args: string[]) => {
        const r = await runMain(args, { cwd: dir });
        if (r.code > 1) throw new Error(`nn-lab ${args.join(" ")}: exit ${r.code}\n${r.stderr}`);
        return r;
      };
      await ok(["train", cfg, "--run-dir", join(dir, "run"), "--quiet", "--report"]);
      reports.run = join(dir, "run", "report.html");
      // three learning rates under mse: 0.1 trains, 1 and 1e6 diverge
      await ok([
        "compare",
        cfg,
        "--vary",
        "train.lr=0.1,1,1e6",
        "--set",
        "train.loss=mse",
        "--runs",
        join(dir, "cmp"),
        "--quiet",
        "--report",
      ]);
      const group = join(dir, "cmp", readdirSync(join(dir, "cmp"))[0]);
      reports.comparison = join(group, "report.html");
      await ok([
        "sweep",
        cfg,
        "--grid",
        "model.activation=tanh,relu",
        "--grid",
        "train.lr=0.1,0.3",
        "--seeds",
        "1,2",
        "--jobs",
        "1",
        "--out",
        join(dir, "sweep"),
        "--quiet",
        "--report",
      ]);
      reports.sweep = join(dir, "sweep", "report.html");
      // a run cut short: metrics.csv ends in the middle of a line, no summary.json; its name has HTML in it
      const cut = join(dir, "cut <img src=x onerror=alert(1)>");
      mkdirSync(cut);
      for (const f of ["config.json", "snapshots.json"]) copyFileSync(join(dir, "run", f), join(cut, f));
      const csv = readFileSync(join(dir, "run", "metrics.csv"), "utf8");
      const lines = csv.split("\n");
      writeFileSync(join(cut, "metrics.csv"), lines.slice(0, 13).join("\n") + "\n" + lines[13].slice(0, 9));
      await ok(["report", cut, "--out", join(dir, "truncated.html")]);
      reports.truncated = join(dir, "truncated.html");
    } finally {
      browser = await launched;
    }
  }, 180_000);

  afterAll(async () => {
    await closePages(browser);
  });

  async function open(file: string, width = 1280, clock = false): Promise<Opened> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    // the page's timers on playwright's clock: time flows as usual until the test moves it on (clock.runFor)
    if (clock) await page.clock.install();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") errors.push(`${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
    page.on("request", (r) => requests.push(r.url()));
    const url = `file://${file}`;
    await page.goto(url);
    await page.waitForSelector("body[data-ready]", { timeout: 20_000 });
    expect(await page.evaluate(() => document.body.dataset.ready)).toBe("true");
    return { page, errors, requests: requests.filter((u) => u !== encodeURI(url) && u !== url) };
  }

  // A case that only reads a page (no click, no slider, no resize) reads it through `view`: the first to ask loads
  // the page and the others at the same report and width read that same page, one case at a time, instead of a
  // load each (~0.3 s of Chromium's CPU each). Each case still sees a page freshly loaded from the file and not
  // changed since (its errors and requests are those of that load); cases that change the page open their own.
  const views = new Map<string, { opened: Promise<Opened>; turn: Promise<unknown> }>();
  function view<T>(file: string, width: number, read: (o: Opened) => Promise<T>): Promise<T> {
    const key = `${width} ${file}`;
    let v = views.get(key);
    if (!v) views.set(key, (v = { opened: open(file, width), turn: Promise.resolve() }));
    const shared = v;
    const mine = shared.turn.then(async () => read(await shared.opened));
    shared.turn = mine.catch(() => undefined);
    return mine;
  }

  const seriesOf = (page: Page, id: string) =>
    page
      .locator(`#${id} .u-legend .u-series`)
      .count()
      .then((n) => n - 1);

  it("a run: curves, gradient flow, boundary slider; nothing loaded, nothing logged", async () => {
    const { page, errors, requests } = await open(reports.run, 1280, true);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    expect(await seriesOf(page, "chart-loss")).toBe(2);
    expect(await seriesOf(page, "chart-accuracy")).toBe(2);
    // 2 layers (hidden, output) + all parameters
    expect(await seriesOf(page, "chart-gradients")).toBe(3);
    const canvas = page.locator("canvas.boundary").first();
    const caption = page.locator("#boundary .caption").first();
    expect(await caption.textContent()).toMatch(/^epoch 30 · \d+ of 90 training points misclassified$/);
    const last = await canvas.evaluate((c) => (c as HTMLCanvasElement).toDataURL());
    await page.locator("#snapshot-slider").fill("0");
    expect(await caption.textContent()).toMatch(/^epoch 0 · \d+ of 90/);
    const first = await canvas.evaluate((c) => (c as HTMLCanvasElement).toDataURL());
    expect(first).not.toBe(last);
    expect(await canvas.getAttribute("data-frame")).toBe("0");
    // play replays from there: the frame moves on by itself, up to the last (one frame per 350 ms of the page's
    // setInterval: the clock is moved on by those 6 × 350 ms at once instead of waiting them out)
    await page.locator("#snapshot-play").click();
    await page.clock.runFor(6 * 350);
    await page.waitForFunction(() => document.querySelector("canvas.boundary")?.getAttribute("data-frame") === "6", null, {
      timeout: 10_000,
    });
    expect(await caption.textContent()).toMatch(/^epoch 30 · /);
    expect(await page.locator("#snapshot-play").textContent()).toBe("▶ play");
    // the log toggle redraws the loss chart with the same series
    await page.locator("#log-toggle").click();
    expect(await seriesOf(page, "chart-loss")).toBe(2);
    expect(await page.locator(".diverged-marker").count()).toBe(0);
    await page.close();
  });

  it("a comparison: every run on shared axes, the diverged runs marked, one boundary per run", async () => {
    await view(reports.comparison, 1280, async ({ page, errors, requests }) => {
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      expect(await seriesOf(page, "chart-loss")).toBe(6);
      const marks = await page.locator("#curves .diverged-marker").allTextContents();
      expect(marks).toHaveLength(2);
      expect(marks[0]).toMatch(/lr=1 diverged at epoch \d+/);
      expect(await page.locator("#runs .diverged-marker").count()).toBe(2);
      expect(await page.locator("canvas.boundary").count()).toBe(3);
      // the loss axis is not flattened by the diverged runs: its top stays below 10× the largest starting loss
      // (uPlot draws its labels on a canvas; the chart element carries the y range it drew: "min max")
      const range = await page.evaluate(
        () => document.querySelector<HTMLElement>("#chart-loss [data-y-range], #chart-loss[data-y-range]")?.dataset.yRange,
      );
      const [bottom, top] = (range ?? "").split(" ").map(Number);
      expect(Number.isFinite(bottom) && Number.isFinite(top)).toBe(true);
      expect(top).toBeGreaterThan(0.5);
      expect(top).toBeLessThan(10);
    });
  });

  it("a comparison's diverged runs are drawn up to where they left the range and end in ✕ (issue 23)", async () => {
    await view(reports.comparison, 1280, async ({ page }) => {
      // lr=1 and lr=1e6 (mse) leave the range (10× the largest epoch-0 loss) at epoch 1: train and test loss each end in ✕ there
      const group = join(dir, "cmp", readdirSync(join(dir, "cmp"))[0]);
      const leftAt = (run: string) => {
        const rows = readFileSync(
          join(
            group,
            readdirSync(group).find((d) => d.endsWith(run))!,
            "metrics.csv",
          ),
          "utf8",
        )
          .trim()
          .split("\n")
          .slice(1);
        const start = Number(rows[0].split(",")[1]);
        return rows.findIndex((r) => !(Number(r.split(",")[1]) <= 10 * start));
      };
      expect([leftAt("lr=1"), leftAt("lr=1000000")]).toEqual([1, 1]);
      expect(await page.locator("#chart-loss").getAttribute("data-marks")).toBe("1,1,1,1");
      expect(await page.locator("#curves .diverged-marker").first().textContent()).toMatch(/drawn up to where it left the range$/);
    });
  });

  it("run names as the terminal shows them: no folder index, and wrapped only between settings at 390 px", async () => {
    await view(reports.sweep, 390, async ({ page }) => {
      const labels = await page.locator("#runs td.label").allTextContents();
      expect(labels[0]).toBe("activation=tanh,lr=0.1,seed=1");
      expect(await page.locator("#boundary figcaption").first().textContent()).toBe("activation=tanh,lr=0.1,seed=1");
      // the lines each name's text takes: at most one per setting (it broke every 4 characters before: 8 or more)
      const lines = await page.evaluate(() =>
        [...document.querySelectorAll("#runs td.label")].map((td) => {
          const range = document.createRange();
          range.selectNodeContents(td);
          return new Set([...range.getClientRects()].filter((r) => r.width > 12).map((r) => Math.round(r.top))).size;
        }),
      );
      expect(Math.max(...lines)).toBeLessThanOrEqual(3);
    });
  });

  it("the boundary slider moves through epochs, keeping runs of different lengths in step; maps have axes and a scale", async () => {
    const { page } = await open(reports.comparison);
    const slider = page.locator("#snapshot-slider");
    expect(await slider.getAttribute("max")).toBe("30");
    const captions = () => page.locator("#boundary .caption").allTextContents();
    await slider.fill("12");
    expect(await page.locator("#snapshot-epoch").textContent()).toBe("epoch 12");
    const at12 = await captions();
    // lr=0.1 ran 30 epochs (snapshots every 5 or so); lr=1e6 diverged at epoch 4 and keeps its last snapshot
    const epochOf = (c: string) => Number(/^epoch (\d+)/.exec(c)![1]);
    expect(epochOf(at12[0])).toBeLessThanOrEqual(12);
    expect(epochOf(at12[0])).toBeGreaterThan(6);
    expect(at12[2]).toMatch(/^epoch \d \(its last snapshot\) · /);
    // axes: tick labels drawn left of and below the map (pixels that are not white there); the colour scale below
    const inked = await page
      .locator("canvas.boundary")
      .first()
      .evaluate((c) => {
        const canvas = c as HTMLCanvasElement;
        const ctx = canvas.getContext("2d")!;
        const dark = (x: number, y: number, w: number, h: number) =>
          [...ctx.getImageData(x, y, w, h).data].filter((v, i) => i % 4 === 0 && v < 128).length;
        return { left: dark(0, 0, 36, canvas.height - 30), below: dark(40, canvas.height - 28, canvas.width - 48, 28) };
      });
    expect(inked.left).toBeGreaterThan(20);
    expect(inked.below).toBeGreaterThan(20);
    expect(await page.locator("#boundary-scale").textContent()).toBe(
      "class 0: unsure  sureclass 1: unsure  sure● training point · ✕ misclassified",
    );
    await page.close();
  });

  it("a sweep: grid points first (ranked table with n, heatmap, grouped curves, error bars), boundaries per grid point", async () => {
    await view(reports.sweep, 1280, async ({ page, errors, requests }) => {
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      const rows = page.locator("table.ranked tbody tr");
      expect(await rows.count()).toBe(4);
      expect(await rows.first().locator("td").last().textContent()).toBe("2/2");
      // one point per grid point at each value of the axis, with its ± std bar (2 seeds each)
      expect(await page.locator("#chart-axis-model_activation g.point").count()).toBe(4);
      expect(await page.locator("#chart-axis-train_lr line.errorbar").count()).toBe(4);
      expect(await page.locator("#sweep-heatmap td.heat").count()).toBe(4);
      expect(await page.locator("#chart-groups").count()).toBe(1);
      // the sweep comes before the runs one by one
      const order = await page.evaluate(() => [...document.querySelectorAll("section")].map((s) => s.id));
      expect(order.indexOf("sweep")).toBeLessThan(order.indexOf("runs"));
      expect(await page.locator("canvas.boundary").count()).toBe(4); // the first seed of each grid point
    });
  });

  it("fits a phone and a desktop without horizontal scrolling (screenshots in the temp folder)", async () => {
    // the six pages load side by side (one browser, a page each)
    const sizes = [
      ["phone", 390],
      ["desktop", 1280],
    ] as const;
    const kinds = ["run", "comparison", "sweep"] as const;
    await Promise.all(
      sizes.flatMap(([name, width]) =>
        kinds.map(async (kind) => {
          await view(reports[kind], width, async ({ page, errors }) => {
            expect(errors).toEqual([]);
            const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
            expect(overflow, `${kind} at ${width}px`).toBeLessThanOrEqual(0);
            await page.screenshot({ path: join(dir, `${kind}-${name}.png`), fullPage: true });
          });
        }),
      ),
    );
    for (const [name] of sizes) for (const kind of kinds) expect(existsSync(join(dir, `${kind}-${name}.png`))).toBe(true);
  });

  it("a truncated run renders what it has and says what is missing; its HTML-looking name stays text", async () => {
    const { page, errors, requests } = await open(reports.truncated);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    const missing = (await page.locator("#runs .missing").allTextContents()).join("\n");
    expect(missing).toContain("summary.json is missing: the run did not finish");
    expect(missing).toContain("metrics.csv line 14 is incomplete");
    expect(missing).toContain("12 whole rows are shown");
    expect(await seriesOf(page, "chart-loss")).toBe(2);
    expect(await page.locator("#runs .status").first().textContent()).toBe("unknown");
    expect(await page.locator("img").count()).toBe(0);
    expect(await page.locator("#runs td.label").first().textContent()).toBe("cut <img src=x onerror=alert(1)>");
    expect(await page.title()).toBe("nn-lab run cut <img src=x onerror=alert(1)>");
    await page.close();
  });
});
