/**
 * Turn zod issues into one clear line each: "<file>:<line>:<col>: <key.path>: <what was expected>, got <what was found>".
 * Unions are unfolded to the branch that matches the value's shape; unknown keys and misspelt names get a
 * did-you-mean.
 */
import type * as z from "zod";
import { didYouMean } from "../errors.js";

export type Path = readonly PropertyKey[];

export interface FormatContext {
  /** The raw document that was validated. */
  raw: unknown;
  /** "file.yaml" or "file.yaml:3:5" for a path, when positions are known. */
  where: (path: Path) => string;
  /** Known keys of the object at `path`, for did-you-mean on unknown keys. */
  keysAt: (path: Path) => string[];
  /** The value at `path` as the user typed it (a --set value), when that is known: quoted instead of the parsed value. */
  typed?: (path: Path) => string | undefined;
}

export function pathString(path: Path): string {
  let s = "";
  for (const p of path) s += typeof p === "number" ? `[${p}]` : s === "" ? String(p) : `.${String(p)}`;
  return s || "(top level)";
}

export function valueAt(raw: unknown, path: Path): unknown {
  let v = raw;
  for (const p of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

export function describe(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  if (typeof v === "string") {
    const one = v.replace(/\r?\n/g, "\\n");
    return `'${one.length > 40 ? `${one.slice(0, 40)}…` : one}'`;
  }
  return String(v);
}

const TYPE_NAMES: Record<string, string> = {
  object: "a mapping",
  record: "a mapping",
  array: "a list",
  int: "an integer",
  number: "a number",
  string: "a string",
  boolean: "true or false",
};

/** What other libraries (Keras, PyTorch, scikit-learn) call a key nn-lab names otherwise. */
const OTHER_NAMES: Record<string, string> = {
  learning_rate: "lr",
  learningrate: "lr",
  batch_size: "batch",
  n_epochs: "epochs",
  num_epochs: "epochs",
  max_epochs: "epochs",
  weight_decay: "l2",
  scheduler: "schedule",
  lr_schedule: "schedule",
  optim: "optimizer",
  loss_fn: "loss",
  criterion: "loss",
  hidden_layers: "layers",
  hidden_sizes: "layers",
  hidden: "layers",
  activation_fn: "activation",
  initializer: "init",
  kernel_initializer: "init",
  use_bias: "bias",
  grad_clip: "clip",
  clip_grad_norm: "clip",
  gradient_clipping: "clip",
  random_state: "seed",
  random_seed: "seed",
  n_samples: "n",
  test_size: "test",
  dataset: "data",
};

/** " (did you mean 'lr'? it is what nn-lab calls learning_rate)" when `key` is another library's name for a key here. */
function otherName(key: string, keys: readonly string[]): string | null {
  const ours = OTHER_NAMES[key.toLowerCase()];
  return ours !== undefined && keys.includes(ours) ? ` (did you mean '${ours}'? nn-lab calls ${key} ${ours})` : null;
}

export function formatIssues(issues: readonly z.core.$ZodIssue[], ctx: FormatContext, base: Path = []): string[] {
  const out: string[] = [];
  for (const issue of issues) out.push(...formatIssue(issue, ctx, base));
  return [...new Set(out)];
}

function formatIssue(issue: z.core.$ZodIssue, ctx: FormatContext, base: Path): string[] {
  const path = [...base, ...issue.path];
  const got = valueAt(ctx.raw, path);
  const line = (msg: string, p: Path = path) => `${ctx.where(p)}: ${pathString(p)}: ${msg}`;
  // what was typed, when the parsed value reads differently (--set seed=9007199254740993 parses to ...992)
  const typed = ctx.typed?.(path);
  const gotText = typed !== undefined && typed !== describe(got) && typeof got !== "object" ? describe(typed) : describe(got);
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((k) =>
        line(`unknown key '${k}'${otherName(k, ctx.keysAt(path)) ?? didYouMean(k, ctx.keysAt(path))}`, [...path, k]),
      );
    case "invalid_union": {
      if ("note" in issue && issue.note === "No matching discriminator") {
        const options = ((issue as { options?: unknown[] }).options ?? []).map(String);
        const v = valueAt(ctx.raw, path);
        if (v === undefined) return [line(`missing; expected one of ${options.join(", ")}`)];
        return [line(`expected one of ${options.join(", ")}, got ${describe(v)}${typeof v === "string" ? didYouMean(v, options) : ""}`)];
      }
      const branches = issue.errors;
      // Prefer the branch that got past the type check at this level.
      const shaped = branches.filter((errs) => !errs.every((e) => e.path.length === 0 && e.code === "invalid_type"));
      if (shaped.length > 0) {
        // The branch that got furthest into the value explains it: {name: normal, mean: "1"} fails the {from: …}
        // branch at its top (missing 'from', unknown 'name') but the normal branch only at 'mean' — report that one.
        const reach = shaped.map((errs) => reachOf(errs, ctx.raw, path));
        const furthest = Math.max(...reach);
        const candidates = shaped.filter((_, i) => reach[i] === furthest);
        // For a string that matches no name, an enum branch carries the list of names.
        const best = candidates.find((errs) => errs.some((e) => e.code === "invalid_value")) ?? candidates[0];
        // a name that matched no name, where a value of another type is allowed too: say both (batch: full or an integer)
        const only =
          best.length === 1 && best[0].code === "invalid_value" && best[0].path.length === 0 && best[0].values.length === 1
            ? best[0]
            : null;
        const otherTypes = branches
          .filter((errs) => errs.every((e) => e.path.length === 0 && e.code === "invalid_type"))
          .flatMap((errs) => errs.map((e) => (e.code === "invalid_type" ? (TYPE_NAMES[e.expected] ?? e.expected) : "")));
        if (only && only.code === "invalid_value" && otherTypes.length > 0) {
          const names = only.values.map(String);
          const hint = typeof got === "string" ? didYouMean(got, names) : "";
          return [line(`expected ${[...names, ...new Set(otherTypes)].join(" or ")}, got ${gotText}${hint}`)];
        }
        return formatIssues(best, ctx, path);
      }
      const expected = branches.flatMap((errs) =>
        errs.map((e) => (e.code === "invalid_type" ? (TYPE_NAMES[e.expected] ?? e.expected) : "")),
      );
      return [line(`expected ${[...new Set(expected.filter(Boolean))].join(" or ")}, got ${gotText}`)];
    }
    case "invalid_value": {
      const values = issue.values.map(String);
      if (values.length === 1) return [line(`expected ${values[0]}, got ${gotText}`)];
      return [line(`expected one of ${values.join(", ")}, got ${gotText}${typeof got === "string" ? didYouMean(got, values) : ""}`)];
    }
    case "invalid_type":
      // a schema's own message (zod's default ones start "Invalid input")
      if (issue.message && !issue.message.startsWith("Invalid input")) return [line(issue.message)];
      if (got === undefined) return [line(`missing (required: ${TYPE_NAMES[issue.expected] ?? issue.expected})`)];
      return [line(`expected ${TYPE_NAMES[issue.expected] ?? issue.expected}, got ${gotText}`)];
    case "too_small":
    case "too_big": {
      const op = issue.code === "too_small" ? (issue.inclusive ? ">=" : ">") : issue.inclusive ? "<=" : "<";
      const bound = issue.code === "too_small" ? issue.minimum : issue.maximum;
      if (issue.origin === "array")
        return [line(`expected a list of ${op} ${String(bound)} items, got ${Array.isArray(got) ? got.length : describe(got)}`)];
      if (issue.origin === "string") return [line(`expected text of length ${op} ${String(bound)}, got ${gotText}`)];
      return [line(`must be ${op} ${String(bound)}, got ${gotText}`)];
    }
    case "invalid_format":
      return [line(`${issue.message}, got ${gotText}`)];
    case "invalid_key":
      return [line(`unknown key ${describe(valueAt(ctx.raw, path))}`)];
    default:
      return [line(`${issue.message}, got ${gotText}`)];
  }
}

/** How deep into the value a union branch's issues go, counting only keys the value has (a missing key is no reach). */
function reachOf(errs: readonly z.core.$ZodIssue[], raw: unknown, base: Path): number {
  let reach = 0;
  for (const e of errs) {
    const path = [...base, ...e.path];
    let depth = valueAt(raw, path) === undefined ? e.path.length - 1 : e.path.length;
    if (e.code === "invalid_union" && e.errors.length > 0) depth += Math.max(...e.errors.map((b) => reachOf(b, raw, path)));
    reach = Math.max(reach, depth);
  }
  return reach;
}
