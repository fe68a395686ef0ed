/**
 * `nn-lab play`'s page: one self-contained HTML file (opens from disk, loads nothing from the network) with the
 * playground's script, its styles, and its training worker's script — nn-lab's own engine and training loop,
 * bundled at build time (scripts/build-page.mjs) — inline. The worker starts from a blob: URL, which the page's
 * content security policy allows and nothing else.
 */
import { builtAsset, escapeHtml, scriptJson } from "./html.js";
import { VERSION } from "../version.js";

/** The whole page for a starting config given as YAML (both variants start from it; B with another activation). */
export function renderPlayground(yaml: string, title: string): string {
  const js = builtAsset("play.js").replace(/<\/script/gi, "<\\/script");
  const data = { yaml, title, workerSource: builtAsset("play-worker.js") };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline' blob:; worker-src blob:; style-src 'unsafe-inline'; img-src data: blob:">
<meta name="generator" content="nn-lab ${escapeHtml(VERSION)}">
<title>${escapeHtml(title)}</title>
<style>${builtAsset("play.css")}</style>
</head>
<body>
<noscript>The playground trains networks with JavaScript in your browser; it needs scripts enabled.</noscript>
<div id="app"></div>
<script type="application/json" id="play-data">${scriptJson(data)}</script>
<script>${js}</script>
</body>
</html>
`;
}
