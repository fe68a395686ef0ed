/**
 * One Chromium per test worker, shared by every browser test file the worker runs (vitest.config.ts: isolate: false,
 * so a worker's files share this module), instead of a launch and a close per file (~0.5 s of CPU and of wall each
 * on this machine). The first file to ask for it (sharedChromium) launches it; each file's afterAll closes every
 * page and context it opened (closePages) (a test that failed half-way leaves nothing running into the
 * next file); the browser itself is closed when vitest stops the worker (SIGTERM, at the end of the run), and
 * waited for, before the worker exits. A worker that exits any other way takes it along (playwright-core kills the
 * browsers it launched on the process's exit).
 */
import { chromium, type Browser } from "playwright-core";
import { CHROMIUM_PATH } from "../system-tools.js";

let launched: Promise<Browser> | null = null;

function closeAndExit(): void {
  void (launched ?? Promise.reject(new Error("no browser")))
    .then((b) => b.close())
    .catch(() => undefined)
    .finally(() => process.exit(143)); // what SIGTERM's default action reports (128 + 15)
}

/** The worker's Chromium (CHROMIUM_PATH), launched on the first call. */
export function sharedChromium(): Promise<Browser> {
  if (launched === null) {
    // SIGTERM is ours: close the browser, then exit (playwright's own handler closes it but leaves the worker running)
    launched = chromium.launch({ executablePath: CHROMIUM_PATH, handleSIGTERM: false });
    process.once("SIGTERM", closeAndExit);
  }
  return launched;
}

/** Close every page and context of the shared browser (a file's afterAll: what its tests opened, failed or not). */
export async function closePages(browser: Browser | undefined): Promise<void> {
  if (browser) await Promise.all(browser.contexts().map((c) => c.close()));
}
