/** `nn-lab schema`: the config's JSON Schema, generated from the zod schema (input side: what a user may write). */
import { existsSync } from "node:fs";
import * as z from "zod";
import { InputError } from "../errors.js";
import { configSchema } from "../config/schema.js";
import { writeFileAtomic } from "../run/run-folder.js";
import { EXIT } from "./exit.js";

export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return { ...schema, title: "nn-lab experiment config" };
}

export async function schemaCommand(opts: { out?: string; overwrite?: boolean }): Promise<number> {
  if (opts.out && existsSync(opts.out) && !opts.overwrite) {
    throw new InputError(`--out ${opts.out}: the file exists; pick another name or pass --overwrite`);
  }
  const text = JSON.stringify(configJsonSchema(), null, 2) + "\n";
  if (opts.out) writeFileAtomic(opts.out, text);
  else process.stdout.write(text);
  return EXIT.ok;
}
