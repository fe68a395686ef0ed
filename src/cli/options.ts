/**
 * Typed option tables (after vitest's `CLIOptions<Config>`): every command declares its flags as an object with
 * one entry per field of its `*Options` interface, so a flag missing from the table, or a table entry the
 * interface lacks (a misspelling), is a compile error. The flag is derived from the field name (`runDir` →
 * `--run-dir`, `color` with `negate` → `--no-color`), so the two cannot disagree. The shared flags are declared
 * once, below, and spread into each command's table.
 */
import { Command, Option } from "commander";
import { EXPECT_METRICS } from "../metrics.js";

/** Options every printing command takes. */
export interface CommonOptions {
  json?: boolean;
  quiet?: boolean;
  /** false with --no-color (or NO_COLOR set: see colorDepth). */
  color?: boolean;
}

/** --expect: on every command that checks expectations (train, check). */
export interface ExpectOptions {
  expect: string[];
}

/** Options every command that takes a config takes. */
export interface ConfigOptions {
  set: string[];
}

type Placeholder = `<${string}>`;

/** The spec of one flag, by the type of its field: a switch, a repeatable value, or a value (with a default when required). */
export type FlagSpec<T> = [Exclude<T, undefined>] extends [boolean]
  ? { description: string; /** `--no-<flag>`: the field is true unless the flag is given. */ negate?: true }
  : [Exclude<T, undefined>] extends [string[]]
    ? { description: string; value: Placeholder; repeat: true; /** another spelling, listed in --help as the same flag */ alias?: string }
    : undefined extends T
      ? { description: string; value: Placeholder }
      : { description: string; value: Placeholder; default: string };

/** One entry per field of O, each of the right kind: the compiler checks the table against the interface. */
export type OptionTable<O> = { [K in keyof Required<O>]-?: FlagSpec<O[K]> };

/** The positional arguments: `<name...>` for a list (string[]), `<name>` for one (string), `[name]` for an optional one. */
export type ArgTable<A extends unknown[]> = {
  [K in keyof A]: [A[K] extends string[] ? `<${string}...>` : undefined extends A[K] ? `[${string}]` : `<${string}>`, string];
};

export interface CommandSpec<A extends unknown[], O> {
  name: string;
  description: string;
  args: ArgTable<A>;
  options: OptionTable<O>;
  /** Lazily loads the command's module: only the command that runs is imported. */
  load: () => Promise<(...args: [...A, O]) => Promise<number>>;
}

// ---- the shared flags, declared once -----------------------------------------------------------------

/** --json, --quiet, --no-color: on every command that prints. `json` says what the document holds. */
export function printing(json: string): OptionTable<CommonOptions> {
  return {
    json: { description: `print one JSON document on stdout and nothing else there: ${json}` },
    quiet: { description: "print nothing but errors (the exit code tells the result)" },
    color: { negate: true, description: "plain characters, no colours (also NO_COLOR=1, or when stdout is not a terminal)" },
  };
}

/** --set: on every command that takes a config. */
export const CONFIG_FLAGS: OptionTable<ConfigOptions> = {
  set: { value: "<key=value>", repeat: true, description: "override a config key (dotted path, YAML value); repeatable" },
};

/** --expect: the same flag on train and check. */
export const EXPECT_FLAGS: OptionTable<ExpectOptions> = {
  expect: {
    value: "<condition>",
    repeat: true,
    description: `CI assertion on a final metric, e.g. 'test_acc>=0.9', on ${EXPECT_METRICS.join(" ")}; repeatable; it replaces the config's expect: on the same metric, the config's others are checked too`,
  },
};

// ---- wiring into commander -----------------------------------------------------------------------------

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Add a command built from its spec; `done` receives the exit code the command returns. */
export function addCommand<A extends unknown[], O>(program: Command, spec: CommandSpec<A, O>, done: (code: number) => void): Command {
  const cmd = program.command(spec.name).description(spec.description);
  for (const [name, description] of spec.args as unknown as [string, string][]) cmd.argument(name, description);
  const repeated: string[] = [];
  /** A flag's values under both its spellings, in the order given (one list per flag and command line). */
  const aliased = new Map<string, { alias: string; values: string[] }>();
  for (const [key, raw] of Object.entries(spec.options)) {
    const flag = raw as { description: string; value?: string; negate?: true; repeat?: true; default?: string; alias?: string };
    const option = new Option(`--${flag.negate ? "no-" : ""}${kebab(key)}${flag.value ? ` ${flag.value}` : ""}`, flag.description);
    if (flag.repeat) {
      option.argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
      repeated.push(key);
    }
    let alias: Option | null = null;
    if (flag.alias) {
      const values: string[] = [];
      const add = (value: string) => (values.push(value), values);
      aliased.set(key, { alias: flag.alias, values });
      option.argParser(add);
      alias = new Option(`--${flag.alias} ${flag.value}`, `the same as --${kebab(key)}`).argParser(add);
    }
    // shown as a value: (default: -6), not (default: "-6")
    if (flag.default !== undefined) option.default(flag.default, flag.default);
    cmd.addOption(option);
    if (alias) cmd.addOption(alias); // listed right under the flag it spells again
  }
  cmd.action(async (...received: unknown[]) => {
    const count = (spec.args as unknown as unknown[]).length;
    const opts = { ...(received[count] as Record<string, unknown>) };
    for (const key of repeated) opts[key] ??= [];
    for (const [key, { alias, values }] of aliased) {
      opts[key] = values;
      delete opts[alias];
    }
    // the environment is read and checked once, as the command starts (an invalid value: exit 2, nothing done)
    (await import("./environment.js")).startEnvironment();
    const run = await spec.load();
    done(await run(...([...received.slice(0, count), opts] as [...A, O])));
  });
  return cmd;
}
