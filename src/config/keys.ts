/** Walk a zod schema along a key path to list the keys an object there may have (for did-you-mean). */
import type * as z from "zod";
import { valueAt, type Path } from "./format.js";

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
  element?: z.ZodType;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  entries?: Record<string, string>;
  values?: unknown[];
}

const def = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** The object/record/array schemas a value may be checked against, wrappers and unions unfolded. */
function unfold(s: z.ZodType, value: unknown, out: z.ZodType[] = []): z.ZodType[] {
  const d = def(s);
  switch (d.type) {
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "readonly":
      return unfold(d.innerType!, value, out);
    case "pipe":
      return unfold(d.in!, value, out);
    case "union": {
      for (const o of d.options!) unfold(o, value, out);
      return out;
    }
    default:
      out.push(s);
      return out;
  }
}

/** Whether an object schema's literal discriminators (name, kind) agree with the value. */
function matches(s: z.ZodType, value: unknown): boolean {
  const shape = def(s).shape ?? {};
  for (const key of ["name", "kind"]) {
    const lit = shape[key];
    const v = value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
    if (!lit || v === undefined) continue;
    const values = def(lit).values;
    if (values && !values.includes(v)) return false;
  }
  return true;
}

export function keysAt(schema: z.ZodType, raw: unknown, path: Path): string[] {
  let candidates = [schema];
  for (let i = 0; i <= path.length; i++) {
    const value = valueAt(raw, path.slice(0, i));
    const unfolded = candidates.flatMap((c) => unfold(c, value));
    if (i === path.length) {
      const objects = unfolded.filter((c) => def(c).type === "object");
      const matching = objects.filter((c) => matches(c, value));
      const keys = (matching.length > 0 ? matching : objects).flatMap((c) => Object.keys(def(c).shape ?? {}));
      const records = unfolded.filter((c) => def(c).type === "record");
      for (const r of records) keys.push(...Object.keys(def(def(r).keyType!).entries ?? {}));
      return [...new Set(keys)];
    }
    const seg = path[i];
    const next: z.ZodType[] = [];
    for (const c of unfolded) {
      const d = def(c);
      if (d.type === "object" && typeof seg === "string" && d.shape![seg] && matches(c, value)) next.push(d.shape![seg]);
      else if (d.type === "array" && typeof seg === "number") next.push(d.element!);
      else if (d.type === "record") next.push(d.valueType!);
    }
    candidates = next;
  }
  return [];
}
