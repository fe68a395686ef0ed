/**
 * Load a config file (YAML or JSON), apply `--set key.path=value` overrides, validate against the schema
 * and report every problem as one line naming the file, line:column where known, and the key path.
 */
import { basename, dirname, extname, resolve } from "node:path";
import { isMap, isSeq, LineCounter, parseAllDocuments, parseDocument, type Document } from "yaml";
import { InputError } from "../errors.js";
import { readInputText, shown } from "../files.js";
import { configSchema, type ParsedConfig } from "./schema.js";
import { describe, formatIssues, pathString, type Path } from "./format.js";
import { keysAt } from "./keys.js";

export interface LoadedConfig {
  parsed: ParsedConfig;
  /** The config file as given on the command line. */
  file: string;
  /** Folder relative paths in the config are taken from. */
  baseDir: string;
  /** Default run name: the file's base name without extension. */
  defaultName: string;
}

/** A parsed `--set key.path=value`. */
export interface Override {
  path: (string | number)[];
  value: unknown;
  text: string;
}

/** Parse `key.path=value`; the value is read as a YAML scalar (or flow collection): 0.1, true, relu, [8, 8]. */
export function parseOverride(text: string): Override {
  const eq = text.indexOf("=");
  if (eq <= 0) throw new InputError(`--set ${shown(text, 80)}: expected key.path=value (e.g. --set train.lr=0.01)`);
  const key = text.slice(0, eq).trim();
  const valueText = text.slice(eq + 1);
  if (!/^[A-Za-z_$][\w$]*(\.([A-Za-z_$][\w$]*|\d+))*$/.test(key)) {
    throw new InputError(
      `--set ${shown(text, 80)}: '${shown(key, 40)}' is not a key path; expected names joined by dots, like model.layers or train.optimizer.beta1`,
    );
  }
  const value = valueText.trim() === "" ? null : parseYamlValue(valueText, `--set ${shown(text, 80)}`);
  const path = key.split(".").map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  const unsafe = path.find((p) => UNSAFE_KEYS.has(String(p)));
  if (unsafe !== undefined) throw new InputError(`--set ${shown(text, 80)}: '${String(unsafe)}' is not a config key`);
  return { path, value, text };
}

/** A command-line value read as YAML (0.1, relu, [8, 8], {name: adam}); its errors and warnings are InputErrors. */
export function parseYamlValue(text: string, where: string): unknown {
  const doc = parseDocument(text, { logLevel: "silent", uniqueKeys: true });
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) throw new InputError(`${where}: cannot read the value '${shown(text, 80)}': ${problem.message.split("\n")[0]}`);
  if (secondDocument(text) !== null)
    throw new InputError(`${where}: cannot read the value '${shown(text, 80)}': it holds more than one YAML document`);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 }) as unknown;
  } catch (e) {
    throw new InputError(`${where}: cannot read the value '${shown(text, 80)}': ${(e as Error).message.split("\n")[0]}`);
  }
  checkDepth(value, where);
  return value;
}

/** Keys that would reach Object.prototype through a plain object: never config keys. */
export const UNSAFE_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** Apply an override to a plain document; strings on the way become {name: ...} (so optimizer.beta1 works on "adam"). */
export function applyOverride(doc: Record<string, unknown>, o: Override): void {
  let node: Record<string | number, unknown> = doc;
  for (let i = 0; i < o.path.length - 1; i++) {
    const key = o.path[i];
    checkIndex(node, key, o, i);
    let next = Object.hasOwn(node, key) ? node[key] : undefined;
    // a name given as a string becomes {name: ...} so its parameters can be set; {from: file} replaces it
    if (typeof next === "string") next = node[key] = o.path[i + 1] === "from" ? {} : { name: next };
    if (next === undefined || next === null) next = node[key] = typeof o.path[i + 1] === "number" ? [] : {};
    if (typeof next !== "object") {
      throw new InputError(
        `--set ${shown(o.text, 80)}: ${pathString(o.path.slice(0, i + 1))} is ${describe(next)}, which has no key '${String(o.path[i + 1])}'`,
      );
    }
    node = next as Record<string | number, unknown>;
  }
  const last = o.path[o.path.length - 1];
  checkIndex(node, last, o, o.path.length - 1);
  node[last] = o.value;
}

/** A list index may name an item or append one (index = length); beyond that a path would allocate a sparse list. */
function checkIndex(node: unknown, key: string | number, o: Override, at: number): void {
  if (typeof key !== "number") return;
  const length = Array.isArray(node) ? node.length : 0;
  if (!Array.isArray(node) || key > length)
    throw new InputError(
      `--set ${shown(o.text, 80)}: ${pathString(o.path.slice(0, at))} ${Array.isArray(node) ? `has ${length} item${length === 1 ? "" : "s"}` : "is not a list"}; an index can be at most ${length} (the next item)`,
    );
}

/**
 * The document with every mapping key whose value is null left out: null on an optional key means its default, on
 * every key alike (`clip: null` is no clipping, `expect: null` no expectations, `norm: null` none), and a required
 * key set to null is reported missing. Lists keep their nulls (`biases: [null, [0]]`).
 */
function withoutNulls(node: unknown): unknown {
  if (Array.isArray(node)) return node.map((v) => (v !== null && typeof v === "object" ? withoutNulls(v) : v));
  if (node === null || typeof node !== "object") return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNulls(v)]),
  );
}

/** Read and validate one config file. Throws InputError with one line per problem. */
export function loadConfig(file: string, overrides: Override[] = []): LoadedConfig {
  const text = readInputText(file, (why) => new InputError(`${file}: cannot read the config (${why})`));
  return loadConfigText(text, file, overrides);
}

/**
 * Validate a config given as text, named `file` in its messages (YAML, or JSON when `file` ends in .json): what
 * loadConfig does once it has read the file. The playground validates the configs it edits and imports with it,
 * so a page and the CLI say the same thing about the same text.
 */
export function loadConfigText(text: string, file: string, overrides: Override[] = []): LoadedConfig {
  const { raw, where } = parseTextOnce(file, text);
  const doc = structuredClone(raw) as Record<string, unknown>;
  for (const o of overrides) applyOverride(doc, o);
  const setPaths = overrides.map((o) => o.path);
  const fromSet = (path: Path) => setPaths.find((p) => p.length <= path.length && p.every((seg, i) => seg === path[i]));

  const result = configSchema.safeParse(withoutNulls(doc));
  if (!result.success) {
    const problems = formatIssues(result.error.issues, {
      raw: doc,
      where: (path) => {
        const o = fromSet(path);
        if (o) return `--set ${shown(overrides[setPaths.indexOf(o)].text, 80)}`;
        return where(path);
      },
      keysAt: (path) => keysAt(configSchema, doc, path),
      typed: (path) => {
        const o = overrides.find((x) => x.path.length === path.length && x.path.every((seg, i) => seg === path[i]));
        return o?.text.slice(o.text.indexOf("=") + 1).trim();
      },
    });
    throw new InputError(problems);
  }
  return {
    parsed: result.data,
    file,
    baseDir: dirname(resolve(file)),
    defaultName:
      basename(file, extname(file))
        .replace(/[^A-Za-z0-9._-]/g, "_")
        .replace(/^[._-]+/, "") || "run",
  };
}

/**
 * The last config parsed, by file name and content: a sweep loads its one config again for every run (the plan's
 * checks, then each run in each worker), and parsing the YAML was a tenth of a short run. Callers clone `raw`.
 */
let lastParsed: { file: string; text: string; parsed: ReturnType<typeof parseText> } | null = null;

function parseTextOnce(file: string, text: string): ReturnType<typeof parseText> {
  if (lastParsed !== null && lastParsed.file === file && lastParsed.text === text) return lastParsed.parsed;
  const parsed = parseText(file, text);
  lastParsed = { file, text, parsed };
  return parsed;
}

function parseText(file: string, text: string): { raw: Record<string, unknown>; where: (path: Path) => string } {
  if (text.trim() === "")
    throw new InputError(`${file}: the file is empty; expected a config with at least a data block (e.g. data: {kind: moons})`);
  const isJson = extname(file).toLowerCase() === ".json";
  let raw: unknown;
  let where = (_path: Path) => file;
  if (isJson) {
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new InputError(`${file}${jsonPosition(text, e as Error)}: JSON syntax error: ${jsonReason(e as Error)}`);
    }
    const dup = duplicateJsonKey(text);
    if (dup) {
      const before = text.slice(0, dup.at).split("\n");
      throw new InputError(
        `${file}:${before.length}:${before[before.length - 1].length + 1}: JSON error: the key '${shown(dup.key, 40)}' appears twice in one object (JSON.parse would silently keep the last one)`,
      );
    }
  } else {
    const lineCounter = new LineCounter();
    // logLevel "silent": the yaml library would print its warnings (an unknown !tag, …) to stderr itself;
    // a config has no use for them, so they are errors here, with their position like syntax errors.
    const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, logLevel: "silent" });
    const problems = [...doc.errors, ...doc.warnings];
    const second = problems.length === 0 ? secondDocument(text) : null;
    if (second !== null) {
      const pos = lineCounter.linePos(second);
      throw new InputError(
        `${file}:${pos.line}:${pos.col}: YAML error: a second document (after '---' or '...'); a config is one YAML document`,
      );
    }
    if (problems.length > 0) {
      throw new InputError(
        problems.map((err) => {
          const pos = lineCounter.linePos(err.pos[0]);
          return `${file}:${pos.line}:${pos.col}: YAML syntax error: ${err.message.split("\n")[0]}`;
        }),
      );
    }
    try {
      raw = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      throw new InputError(`${file}: YAML error: ${(e as Error).message.split("\n")[0]}`);
    }
    where = (path) => {
      for (let len = path.length; len >= 1; len--) {
        const node = doc.getIn(path.slice(0, len) as (string | number)[], true) as { range?: [number, number] } | undefined;
        const pairKey = len > 0 ? keyNodeRange(doc, path.slice(0, len)) : undefined;
        const range = pairKey ?? node?.range;
        if (range) {
          const pos = lineCounter.linePos(range[0]);
          return `${file}:${pos.line}:${pos.col}`;
        }
      }
      return file;
    };
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new InputError(`${file}: expected a mapping of config keys (name, seed, data, model, train, expect), got ${describe(raw)}`);
  }
  checkDepth(raw, file);
  return { raw: raw as Record<string, unknown>, where };
}

/** Range of the key node of the pair at `path` (so errors point at the key, not past it). */
function keyNodeRange(doc: Document, path: Path): [number, number] | undefined {
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1) as (string | number)[], true);
  const last = path[path.length - 1];
  if (isMap(parent)) {
    const pair = parent.items.find((p) => (p.key as { value?: unknown } | null)?.value === last);
    const r = (pair?.key as { range?: [number, number] } | null)?.range;
    return r ? [r[0], r[1]] : undefined;
  }
  if (isSeq(parent) && typeof last === "number") {
    const r = (parent.items[last] as { range?: [number, number] } | undefined)?.range;
    return r ? [r[0], r[1]] : undefined;
  }
  return undefined;
}

function jsonPosition(text: string, e: Error): string {
  const m = /position (\d+)/.exec(e.message);
  if (!m) return "";
  const pos = Number(m[1]);
  const before = text.slice(0, pos).split("\n");
  return `:${before.length}:${before[before.length - 1].length + 1}`;
}

/** No config is nested deeper than this; deeper documents are refused before anything recurses through them. */
export const MAX_NESTING = 64;

/** Refuse a document nested deeper than MAX_NESTING (iteratively: the check itself cannot overflow the stack). */
export function checkDepth(raw: unknown, where: string): void {
  const stack: [unknown, number][] = [[raw, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (depth > MAX_NESTING) throw new InputError(`${where}: nested deeper than ${MAX_NESTING} levels; no config key needs that`);
    for (const child of Object.values(v as Record<string, unknown>)) stack.push([child, depth + 1]);
  }
}

/** Offset where a second YAML document with content starts, or null (one document; a trailing '---' alone is fine). */
function secondDocument(text: string): number | null {
  const docs = parseAllDocuments(text, { logLevel: "silent" });
  if (!Array.isArray(docs)) return null;
  const later = docs.slice(1).find((d) => d.contents !== null || d.errors.length > 0);
  return later ? (later.contents?.range?.[0] ?? later.range[0]) : null;
}

/** A JSON.parse message without the piece of the file V8 quotes in it ('Unexpected token 'r', "root:x:0:0"... is not valid JSON'). */
function jsonReason(e: Error): string {
  const first = e.message.split("\n")[0];
  const cut = first.search(/, "|"[^"]*" is not valid JSON/);
  return shown(cut >= 0 ? first.slice(0, cut) : first, 80);
}

/**
 * The first key that appears twice in one JSON object (JSON.parse keeps the last silently; YAML refuses), with
 * its offset. `text` is valid JSON: a small scan over strings and brackets suffices.
 */
export function duplicateJsonKey(text: string): { key: string; at: number } | null {
  const stack: (Set<string> | null)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "{") {
      stack.push(new Set());
      expectKey = true;
    } else if (c === "[") {
      stack.push(null);
      expectKey = false;
    } else if (c === "}" || c === "]") {
      stack.pop();
      expectKey = false;
    } else if (c === ",") {
      expectKey = stack[stack.length - 1] instanceof Set;
    } else if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      const keys = stack[stack.length - 1];
      if (expectKey && keys) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (keys.has(key)) return { key, at: i };
        keys.add(key);
        expectKey = false;
      }
      i = j;
    }
  }
  return null;
}
