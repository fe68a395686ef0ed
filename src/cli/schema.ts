/** `nn-lab schema`: the config's JSON Schema, generated from the zod schema (input side: what a user may write). */
import * as z from "zod";
import { configSchema } from "../config/schema.js";
import { needsWriting, writeOutputFile } from "../run/run-folder.js";
import { EXIT } from "./exit.js";

export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return { ...schema, title: "nn-lab experiment config" };
}

export interface SchemaOptions {
  out?: string;
  overwrite?: boolean;
  /** Accepted as on every command: with --out nothing is printed anyway; without it the schema is the output. */
  quiet?: boolean;
  /** Accepted as on every command (--no-color): the schema is plain JSON. */
  color?: boolean;
}

export async function schemaCommand(opts: SchemaOptions): Promise<number> {
  const text = JSON.stringify(configJsonSchema(), null, 2) + "\n";
  if (!opts.out) process.stdout.write(text);
  else if (needsWriting(opts.out, `--out ${opts.out}`, opts.overwrite ?? false, text)) writeOutputFile(opts.out, text);
  else if (!opts.quiet) process.stderr.write(`${opts.out} is up to date (it holds this schema already)\n`);
  return EXIT.ok;
}
