/** `nn-lab report PATH... [--out report.html]`: one self-contained HTML report of runs, a comparison or a sweep. */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../errors.js";
import { writeReport } from "../report/sweep-data.js";
import { EXIT } from "./exit.js";
import type { CommonOptions } from "./options.js";
import { jsonShown, shown } from "../files.js";

export interface ReportOptions extends CommonOptions {
  out?: string;
  overwrite?: boolean;
}

export async function reportCommand(paths: string[], opts: ReportOptions): Promise<number> {
  const out = opts.out ?? defaultOut(paths);
  if (existsSync(out) && !opts.overwrite) throw new InputError(`--out ${out}: the file exists; pick another name or pass --overwrite`);
  const path = writeReport(paths, out);
  if (opts.json) process.stdout.write(jsonShown({ report: path }, 2) + "\n");
  else if (!opts.quiet) process.stdout.write(`report: ${shown(path)}\n`);
  return EXIT.ok;
}

/** report.html inside the one folder given; with several folders, report.html in the current folder. */
function defaultOut(paths: string[]): string {
  return paths.length === 1 ? join(paths[0], "report.html") : "report.html";
}
