/**
 * Build step for the HTML report's page (run by `npm run build` after tsc): bundle src/report/page/main.ts with
 * uPlot into one minified script, and uPlot's stylesheet with the page's own, into dist/report/ — the report
 * inlines both (src/report/html.ts), so a report loads nothing from anywhere.
 */
import { build } from "esbuild";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "dist", "report");
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(root, "src", "report", "page", "main.ts")],
  bundle: true,
  minify: true,
  format: "iife",
  target: ["chrome100", "firefox115", "safari16"],
  outfile: join(out, "page.js"),
  legalComments: "inline",
  logLevel: "warning",
});
const require = createRequire(import.meta.url);
const uplotCss = readFileSync(require.resolve("uplot/dist/uPlot.min.css"), "utf8");
writeFileSync(join(out, "page.css"), `${uplotCss}\n${readFileSync(join(root, "src", "report", "page", "page.css"), "utf8")}`);
