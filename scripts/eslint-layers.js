/**
 * The ESLint rule `nn-lab/layers`: every relative import in src/ (import, export … from, import()) is resolved against
 * the importing file's folder and the layer it lands in must be one the importer's layer may use (LAYERS below, the
 * table of docs/architecture.md), at any depth of either path. src/index.ts (the library entry, which re-exports
 * every layer) may be imported by nothing in src/.
 */
import { posix, relative, sep } from "node:path";

const LEAVES = ["errors", "metrics", "files", "version", "format"];
const below = (...layers) => [...layers, "leaf"];

/** Which layers each layer may import (its own always); `leaf` is the leaf modules errors, metrics, files, version, format. */
export const LAYERS = {
  cli: below("report", "sweep", "run", "lessons", "terminal", "train", "config", "data", "engine"),
  index: below("report", "sweep", "run", "lessons", "terminal", "train", "config", "data", "engine"),
  report: below("sweep", "run", "lessons", "terminal", "train", "config", "data", "engine"),
  sweep: below("run", "lessons", "terminal", "train", "config", "data", "engine"),
  run: below("terminal", "train", "config", "data", "engine"),
  lessons: below("terminal", "train", "config", "data", "engine"),
  terminal: below("train", "config", "data", "engine"),
  train: below("config", "data", "engine"),
  config: below("data", "engine"),
  data: below("engine"),
  engine: [],
  leaf: ["leaf"],
};

/** The layer of a path relative to src/ ("train/step.ts" → train, "errors.ts" → leaf), or null outside src/. */
function layerOf(fromSrc) {
  if (fromSrc.startsWith("..")) return null;
  const [first, ...rest] = fromSrc.split("/");
  if (rest.length > 0) return first;
  const name = first.replace(/\.(js|ts)$/, "");
  if (name === "index") return "index";
  return LEAVES.includes(name) ? "leaf" : name;
}

/** @type {import("eslint").Rule.RuleModule} */
const layers = {
  meta: { type: "problem", docs: { description: "imports point down the layers of docs/architecture.md" }, schema: [] },
  create(context) {
    const file = context.filename ?? context.getFilename();
    const srcAt = file.split(sep).lastIndexOf("src");
    if (srcAt < 0) return {};
    const src = file
      .split(sep)
      .slice(0, srcAt + 1)
      .join(sep);
    const here = relative(src, file).split(sep).join("/");
    const layer = layerOf(here);
    if (layer === null || !(layer in LAYERS)) return {};
    const check = (node, source) => {
      if (!source || source.type !== "Literal" || typeof source.value !== "string" || !source.value.startsWith(".")) return;
      const target = posix.normalize(posix.join(posix.dirname(here), source.value));
      const to = layerOf(target);
      if (to === null || to === layer) return;
      if (to === "index")
        return context.report({
          node,
          message: `src/${here} imports src/index.ts, the library entry: import the module itself (docs/architecture.md)`,
        });
      if (!LAYERS[layer].includes(to))
        context.report({
          node,
          message: `src/${layer === "leaf" ? here : layer} may not import src/${to === "leaf" ? target : to} (${source.value}): ${
            layer === "leaf" ? "leaf modules import only each other" : "a layer imports only the layers below it"
          } (docs/architecture.md)`,
        });
    };
    return {
      ImportDeclaration: (n) => check(n, n.source),
      ExportAllDeclaration: (n) => check(n, n.source),
      ExportNamedDeclaration: (n) => check(n, n.source),
      ImportExpression: (n) => check(n, n.source),
    };
  },
};

export default { rules: { layers } };
