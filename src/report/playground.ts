/**
 * `nn-lab play`'s page: one self-contained HTML file (opens from disk, loads nothing from the network) with the
 * playground's script, its styles, and its training worker's script — nn-lab's own engine and training loop,
 * bundled at build time (scripts/build-page.mjs) — inline. The worker starts from a blob: URL, which the page's
 * content security policy allows and nothing else.
 */
import { builtAsset, inlineScript, pageHead, scriptJson } from "./html.js";

/** The whole page for a starting config given as YAML (both variants start from it; B with another activation). */
export function renderPlayground(yaml: string, title: string): string {
  const data = { yaml, title, workerSource: builtAsset("play-worker.js") };
  const csp = "default-src 'none'; script-src 'unsafe-inline' blob:; worker-src blob:; style-src 'unsafe-inline'; img-src data: blob:";
  return `${pageHead(title, csp)}
<style>${builtAsset("play.css")}</style>
</head>
<body>
<noscript>The playground trains networks with JavaScript in your browser; it needs scripts enabled.</noscript>
<div id="app"></div>
<script type="application/json" id="play-data">${scriptJson(data)}</script>
<script>${inlineScript(builtAsset("play.js"))}</script>
</body>
</html>
`;
}
