/**
 * The shell lines of the README and docs/*.md (the ```sh blocks), as commands-run.test.ts runs them and the width and
 * other docs tests read them.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../helpers.js";

export const PAGES = [
  "README.md",
  ...readdirSync(join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => join("docs", f)),
];

export interface ShellLine {
  /** page:line, for messages */
  where: string;
  text: string;
  exit: number;
  needs: string | null;
}

/** The lines of a page's ```sh blocks ("\"-continued lines joined), and the blocks it marks not to run. */
export function shellLines(page: string): { lines: ShellLine[]; notRun: string[] } {
  const text = readFileSync(join(ROOT, page), "utf8").split("\n");
  const lines: ShellLine[] = [];
  const notRun: string[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== "```sh") continue;
    const marker = /^<!-- (not run|needs): (.*\S) -->$/.exec(text[i - 1] === "" ? (text[i - 2] ?? "") : (text[i - 1] ?? ""));
    let j = i + 1;
    const block: { at: number; text: string }[] = [];
    for (; j < text.length && text[j] !== "```"; j++) {
      const prev = block.at(-1);
      if (prev?.text.endsWith("\\")) prev.text = prev.text.slice(0, -1) + " " + text[j].trim();
      else block.push({ at: j + 1, text: text[j] });
    }
    if (marker?.[1] === "not run") notRun.push(`${page}:${i + 1}: ${marker[2]}`);
    else
      for (const l of block.filter((l) => l.text.trim() !== "" && !l.text.trim().startsWith("#")))
        lines.push({
          where: `${page}:${l.at}`,
          text: l.text,
          exit: Number(/#.*\bexit code (\d+)\b/.exec(l.text)?.[1] ?? 0),
          needs: marker?.[1] === "needs" ? marker[2] : null,
        });
    i = j;
  }
  return { lines, notRun };
}

/**
 * The arguments of a line that is `nn-lab` followed by plain words: unquoted characters from [A-Za-z0-9_@%+=:,./-]
 * and '…' single-quoted parts, a word ending at a space, a comment at a word's start. For these lines this is exactly
 * bash's word splitting and quote removal; null for any other line (it runs with bash).
 */
export function plainNnLabArgs(line: string): string[] | null {
  const command = plainNnLabCommand(line);
  return command && command.stdoutTo === null ? command.args : null;
}

/**
 * Such a line, or one ending in `> FILE` (FILE a plain word, not quoted: stdout written to FILE, created or emptied
 * before the command runs, as bash does): its arguments and FILE (null without the redirection); null for any other
 * line (`>>`, `2>`, `>&`, a second redirection, anything after FILE but a comment).
 */
export function plainNnLabCommand(line: string): { args: string[]; stdoutTo: string | null } | null {
  const words: string[] = [];
  let word: string | null = null;
  let redirect = "none" as "none" | "next" | "done"; // (set in end() too: no narrowing)
  const end = () => {
    if (word === null) return true;
    if (redirect === "done") return false; // a word after FILE
    words.push(word);
    if (redirect === "next") redirect = "done";
    word = null;
    return true;
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === " " || c === "\t") {
      if (!end()) return null;
    } else if (c === "#" && word === null) break;
    else if (c === ">" && word === null && redirect === "none" && line[i + 1] !== ">" && line[i + 1] !== "&") redirect = "next";
    else if (c === "'" && redirect === "none") {
      const close = line.indexOf("'", i + 1);
      if (close < 0) return null;
      word = (word ?? "") + line.slice(i + 1, close);
      i = close;
    } else if (/[\w@%+=:,./-]/.test(c)) word = (word ?? "") + c;
    else return null;
  }
  if (!end() || redirect === "next") return null;
  const stdoutTo = redirect === "done" ? words.pop()! : null;
  return words[0] === "nn-lab" ? { args: words.slice(1), stdoutTo } : null;
}

/** The lines of a command's output wider than `columns` characters (escape sequences not counted). */
export function linesWiderThan(output: string, columns: number): string[] {
  // eslint-disable-next-line no-control-regex
  return output.split("\n").filter((l) => [...l.replace(/\x1b\[[0-9;]*m/g, "")].length > columns);
}

/**
 * Whether a line's output is held to 80 columns: an nn-lab line that names no placeholder and reads no run an earlier
 * line made (runs/, --out, --report, a redirection, a pipe). `check`'s table against a baseline, printed to a log
 * that is not a terminal, keeps every column however wide, by design (src/cli/check.ts); it reads runs/.
 */
export function heldTo80Columns(line: string): boolean {
  const text = line.replace(/\s+#.*$/, "").trim();
  return text.startsWith("nn-lab ") && !/…|\.\.\.|--out|--live|runs\/|--report|\$\(|[>|]|\/tmp\//.test(text);
}
