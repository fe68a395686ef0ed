/// <reference lib="dom" />
/**
 * What the playground's browser tests share: the page written by `nn-lab play` into a temp folder and opened from
 * disk at 1400 px, with every console error, page error and network request recorded, and a download helper.
 */
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { expect } from "vitest";
import { runMain, tempDir } from "../helpers.js";

export interface OpenPlayground {
  page: Page;
  dir: string;
  errors: string[];
  /** Requests for anything but file:, blob: and data: URLs (the page must make none). */
  requests: string[];
}

export async function openPlayground(browser: Browser, prefix: string): Promise<OpenPlayground> {
  const dir = tempDir(prefix);
  expect((await runMain(["play", "--out", join(dir, "play.html")])).code).toBe(0);
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("request", (q) => !/^(file|blob|data):/.test(q.url()) && requests.push(q.url()));
  await page.goto(`file://${join(dir, "play.html")}`);
  return { page, dir, errors, requests };
}

/** Click what downloads a file and save it as dir/name; returns its path. */
export async function download(play: OpenPlayground, selector: string, name: string): Promise<string> {
  const [file] = await Promise.all([play.page.waitForEvent("download"), play.page.click(selector)]);
  const path = join(play.dir, name);
  await file.saveAs(path);
  return path;
}
