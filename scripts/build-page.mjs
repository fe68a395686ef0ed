/**
 * Build step for the HTML report's page (run by `npm run build` after tsc): bundle src/report/page/main.ts with
 * uPlot into one minified script, and uPlot's stylesheet with the page's own, into dist/report/ — the report
 * inlines both (src/report/html.ts), so a report loads nothing from anywhere. Then the playground (nn-lab play):
 * its page script (src/report/play/main.ts) and its training worker (src/report/play/worker.ts) — the worker
 * bundles nn-lab's own config loader, data generators, engine and training loop for the browser, with the few
 * Node modules they import (for files, threads and paths, none of which the worker uses) replaced by stubs.
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

/** The few path functions the config loader uses, POSIX style, for names that are not files in the page. */
const POSIX_PATH = `
const norm = (p) => { const out = []; for (const s of p.split("/")) { if (s === "" || s === ".") continue; if (s === "..") out.pop(); else out.push(s); } return "/" + out.join("/"); };
const isAbsolute = (p) => p.startsWith("/");
const resolve = (...ps) => { let r = "/"; for (const p of ps) r = isAbsolute(p) ? p : r + "/" + p; return norm(r); };
const join = (...ps) => norm(ps.join("/"));
const dirname = (p) => { const i = p.lastIndexOf("/"); return i < 0 ? "." : i === 0 ? "/" : p.slice(0, i); };
const basename = (p, ext) => { const b = p.slice(p.lastIndexOf("/") + 1); return ext && b.endsWith(ext) ? b.slice(0, -ext.length) : b; };
const extname = (p) => { const b = basename(p); const i = b.lastIndexOf("."); return i <= 0 ? "" : b.slice(i); };
const relative = (from, to) => { const a = resolve(from).split("/").filter(Boolean); const b = resolve(to).split("/").filter(Boolean); let i = 0; while (i < a.length && a[i] === b[i]) i++; return [...a.slice(i).map(() => ".."), ...b.slice(i)].join("/"); };
module.exports = { isAbsolute, resolve, join, dirname, basename, extname, relative, sep: "/" };
`;

/** Node built-ins the worker's modules import but never call in the page: stubs that throw if they are called. */
const nodeStubs = {
  name: "node-stubs",
  setup(b) {
    // csv-parse reads an imported data set (data.kind csv) in the page too: its browser build (Buffer included), the
    // same version as the CLI's; csv-stringify writes files (MetricsWriter), which the page never does, and needs
    // Node's Buffer as it loads: a stub
    b.onResolve({ filter: /^csv-parse\/sync$/ }, () => ({ path: require.resolve("csv-parse/browser/esm/sync") }));
    b.onResolve({ filter: /^((node:)?(fs|path|url|os|worker_threads|crypto|process|fs\/promises)|csv-stringify\/sync)$/ }, (args) => ({
      path: args.path.replace(/^node:/, ""),
      namespace: "node-stub",
    }));
    b.onLoad({ filter: /^path$/, namespace: "node-stub" }, () => ({ contents: POSIX_PATH, loader: "js" }));
    b.onLoad({ filter: /.*/, namespace: "node-stub" }, () => ({
      contents: `const no = (name) => () => { throw new Error("${"$"}{name} is not available in the browser"); };
const handler = { get: (_t, key) => key === "__esModule" ? false : key === "sep" ? "/" : key === "isMainThread" ? true : key === "execArgv" ? [] : no(String(key)) };
module.exports = new Proxy({}, handler);`,
      loader: "js",
    }));
  },
};
const playCommon = {
  bundle: true,
  minify: true,
  format: "iife",
  platform: "browser",
  target: ["chrome100", "firefox115", "safari16"],
  legalComments: "inline",
  logLevel: "warning",
  define: { "import.meta.url": '"file:///nn-lab/dist/train/eval-thread.js"' },
  plugins: [nodeStubs],
};
await build({ ...playCommon, entryPoints: [join(root, "src", "report", "play", "worker.ts")], outfile: join(out, "play-worker.js") });
await build({ ...playCommon, entryPoints: [join(root, "src", "report", "play", "main.ts")], outfile: join(out, "play.js") });
writeFileSync(join(out, "play.css"), readFileSync(join(root, "src", "report", "play", "play.css"), "utf8"));
