/**
 * `nn-lab report`'s page: one self-contained HTML file for a run, several runs, a comparison or a sweep, rendered
 * from the data it is given (page/data.ts's ReportData, gathered from the folders by run-data.ts and sweep-data.ts) with its
 * script (uPlot and the page's own TypeScript, bundled by esbuild at build time) and styles inline: no network
 * requests. It reads no run or sweep folder itself.
 */
// eslint-disable-next-line no-restricted-syntax -- readFileSync reads only the page assets nn-lab built (page.js, page.css), not user input
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ReportData } from "./page/data.js";
import { VERSION } from "../version.js";

/** The page's script and styles, built by `npm run build` (scripts/build-page.mjs) next to this module. */
function pageAssets(): { js: string; css: string } {
  return { js: builtAsset("page.js"), css: builtAsset("page.css") };
}

/** One of the page assets `npm run build` (scripts/build-page.mjs) wrote to dist/report/. */
export function builtAsset(name: string): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const dir of [here, resolve(here, "../../dist/report")]) {
    const file = join(dir, name);
    if (existsSync(file)) return readFileSync(file, "utf8");
  }
  throw new Error(`the page assets are not built (no ${name} in ${here}); run npm run build`);
}

/** Text for an HTML text node or attribute value. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** JSON safe inside <script>: no '<' (so no </script>, no <!--), and no U+2028/2029. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** A built script, safe inside <script>: no "</script" ends the element early. */
export function inlineScript(js: string): string {
  return js.replace(/<\/script/gi, "<\\/script");
}

/**
 * The head of a self-contained page (the report, the playground), up to its title: `csp` is the page's content
 * security policy, which lets it load nothing from anywhere but what it names.
 */
export function pageHead(title: string, csp: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="generator" content="nn-lab ${escapeHtml(VERSION)}">
<title>${escapeHtml(title)}</title>`;
}

/** The whole page. Inline scripts only; the CSP forbids loading anything from anywhere. */
export function renderReport(data: ReportData): string {
  const { js, css } = pageAssets();
  return `${pageHead(data.title, "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:")}
<style>${css}</style>
</head>
<body>
<noscript>This report draws its charts with JavaScript; the data is in the script element below.</noscript>
<div id="app"></div>
<script type="application/json" id="report-data">${scriptJson(data)}</script>
<script>${inlineScript(js)}</script>
</body>
</html>
`;
}
