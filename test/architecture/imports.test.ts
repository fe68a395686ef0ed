/**
 * The import graph of src/ (every relative `import … from` and `import(…)`): no cycles. A cycle makes a module's
 * meaning depend on which file was loaded first, and says two files hold one idea between them (issue 24, item 9:
 * terminal/trace-text.ts ↔ trace-chain.ts was one, until the number formatting moved to terminal/matrix-text.ts).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers.js";

const SRC = join(ROOT, "src");

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith(".ts") ? [p] : [];
  });
}

/** file → the src files it imports (type-only imports included: they are a dependency of the idea too). */
export function importGraph(files: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const spec = /(?:from\s+|import\s*\(\s*)["'](\.{1,2}\/[^"']+)["']/g;
  for (const file of files) {
    const targets: string[] = [];
    for (const m of readFileSync(file, "utf8").matchAll(spec)) targets.push(resolve(dirname(file), m[1]).replace(/\.js$/, ".ts"));
    graph.set(
      file,
      targets.filter((t) => graph.has(t) || files.includes(t)),
    );
  }
  return graph;
}

/** Every cycle's files, found by depth-first search (one representative per back edge). */
export function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, "open");
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === "open") found.push(stack.slice(stack.indexOf(next)).concat(next));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, "done");
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return found;
}

describe("src/ import graph", () => {
  it("finds a cycle when there is one (the detector itself)", () => {
    const g = new Map([
      ["a", ["b"]],
      ["b", ["c"]],
      ["c", ["a"]],
      ["d", ["a"]],
    ]);
    expect(cycles(g)).toEqual([["a", "b", "c", "a"]]);
    expect(
      cycles(
        new Map([
          ["a", ["b"]],
          ["b", []],
        ]),
      ),
    ).toEqual([]);
  });

  it("has no import cycle", () => {
    const files = tsFiles(SRC);
    expect(files.length).toBeGreaterThan(100);
    const named = cycles(importGraph(files)).map((c) => c.map((f) => relative(SRC, f)).join(" → "));
    expect(named).toEqual([]);
  });
});
