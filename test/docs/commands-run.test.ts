/**
 * Every shell line of the README and of docs/*.md works as written (issue 23). What this test proves: each line of
 * every ```sh block is run, in order, each page in its own fresh copy of the repository (the files git tracks, dist/
 * and node_modules/ linked), and exits as the text says: 0, or N when the line's comment says `exit code N`. A line
 * that is `nn-lab` and plain words (no variable, glob, pipe, redirection or second command) runs in-process through
 * main(argv) with the words bash would pass it (runMain, cwd the copy); any other line runs with bash, `nn-lab` on
 * PATH being the built bin/nn-lab.js, as after `npm link`. How a page marks what is not run (the
 * convention is described in docs/architecture.md, "Tests"):
 *  - `<!-- not run: REASON -->` right above a ```sh block: the block is not run (it installs packages as root, runs
 *    the whole test suite or the benchmarks); the reason is required;
 *  - `<!-- needs: PyTorch -->` right above a block: it runs where PyTorch is found; elsewhere it is skipped with a
 *    line saying so, and under CI=true that is a failure.
 * The captured screens (a ``` block whose first line is `$ nn-lab …`) are run, and their output compared, by
 * screens.test.ts.
 */
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { freshCopy } from "../examples/helpers.js";
import { heldTo80Columns, linesWiderThan, PAGES, plainNnLabArgs, plainNnLabCommand, shellLines } from "./shell-lines.js";
import { runMain, tempDir } from "../helpers.js";
import { TORCH } from "../system-tools.js";

/** A folder holding `nn-lab`: the copy's bin/nn-lab.js run by this Node. */
function nnLabOnPath(repo: string): string {
  const bin = tempDir("nn-lab-bin-");
  writeFileSync(
    join(bin, "nn-lab"),
    `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(join(repo, "bin", "nn-lab.js"))} "$@"\n`,
  );
  chmodSync(join(bin, "nn-lab"), 0o755);
  return bin;
}

/** Run one line with bash in `cwd`: its exit status and stderr. */
function bash(line: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ status: number | null; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn("bash", ["--noprofile", "--norc", "-o", "pipefail", "-c", line], { cwd, env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("error", fail);
    child.on("close", (status) => done({ status, stderr }));
  });
}

/**
 * Run a plain nn-lab line in this process: its exit status, stdout and stderr. With `> FILE`, as bash: FILE is
 * created or emptied before the command runs (bash's message and status 1 when it cannot be, the command not run),
 * and holds the command's stdout afterwards.
 */
async function inProcess(
  command: { args: string[]; stdoutTo: string | null },
  cwd: string,
): Promise<{ status: number; stdout: string; stderr: string }> {
  const file = command.stdoutTo === null ? null : join(cwd, command.stdoutTo);
  if (file !== null)
    try {
      writeFileSync(file, "");
    } catch (e) {
      return { status: 1, stdout: "", stderr: `bash: ${command.stdoutTo}: ${(e as Error).message}\n` };
    }
  const { code, stdout, stderr } = await runMain(command.args, { cwd });
  if (file !== null) writeFileSync(file, stdout);
  return { status: code, stdout, stderr };
}

const TOOLS: Record<string, { found: boolean; install: string }> = { PyTorch: TORCH };

describe("the shell lines of the README and docs/*.md, run as written", () => {
  it("every page's blocks are found; each one not run says why", () => {
    const all = PAGES.map(shellLines);
    expect(all.flatMap((p) => p.lines).length).toBeGreaterThan(50);
    for (const reason of all.flatMap((p) => p.notRun)) expect(reason).toMatch(/:\d+: \w.{10,}/);
    for (const l of all.flatMap((p) => p.lines)) if (l.needs) expect(Object.keys(TOOLS), l.where).toContain(l.needs);
  });

  it("a plain nn-lab line is split as bash splits it; anything else is left to bash", () => {
    expect(plainNnLabArgs("nn-lab compare c.yaml --vary 'model.layers=[],[32, 32]' --metric 'grad_norm_layer*'   # a comment")).toEqual([
      "compare",
      "c.yaml",
      "--vary",
      "model.layers=[],[32, 32]",
      "--metric",
      "grad_norm_layer*",
    ]);
    expect(plainNnLabArgs("nn-lab check runs/ci --expect 'test_acc>=0.95' --tolerance 10%  # exit code 1")).toEqual([
      "check",
      "runs/ci",
      "--expect",
      "test_acc>=0.95",
      "--tolerance",
      "10%",
    ]);
    expect(plainNnLabArgs("nn-lab a'b c'd 'e#f'")).toEqual(["ab cd", "e#f"]);
    // on every such line of the pages, the words are the ones bash passes (one bash prints them all)
    const plain = PAGES.flatMap((p) => shellLines(p).lines.map((l) => l.text)).filter((t) => plainNnLabArgs(t) !== null);
    expect(plain.length).toBeGreaterThan(50);
    const script = ["words() { printf '%s\\0' \"$@\"; printf '\\n'; }", ...plain.map((t) => t.replace(/^nn-lab /, "words "))].join("\n");
    const split = spawnSync("bash", ["--noprofile", "--norc", "-c", script], { encoding: "utf8" });
    expect(split.status, split.stderr).toBe(0);
    expect(
      split.stdout
        .split("\n")
        .slice(0, -1)
        .map((l) => l.split("\0").slice(0, -1)),
    ).toEqual(plain.map(plainNnLabArgs));
    for (const line of [
      "nn-lab gradcheck c.yaml --json > out.json",
      "nn-lab train $CONFIG",
      "nn-lab train c.yaml && nn-lab report runs",
      "nn-lab plot *",
      'nn-lab train "c.yaml"',
      "nn-lab train ~/c.yaml",
      "nn-lab train 'c.yaml",
      "FOO=1 nn-lab train c.yaml",
      "node bin/nn-lab.js train c.yaml",
      "for i in 1 2; do nn-lab train c.yaml; done",
    ])
      expect(plainNnLabArgs(line), line).toBeNull();
  });

  it("a plain nn-lab line ending in `> FILE` is split as bash splits it, FILE apart; any other redirection is left to bash", () => {
    expect(plainNnLabCommand("nn-lab gradcheck c.yaml --rows 32 --json > runs/g.json   # a comment")).toEqual({
      args: ["gradcheck", "c.yaml", "--rows", "32", "--json"],
      stdoutTo: "runs/g.json",
    });
    expect(plainNnLabCommand("nn-lab check runs --expect 'a>=1' 2 >out")).toEqual({
      args: ["check", "runs", "--expect", "a>=1", "2"],
      stdoutTo: "out",
    });
    expect(plainNnLabCommand("nn-lab train c.yaml")).toEqual({ args: ["train", "c.yaml"], stdoutTo: null });
    for (const line of [
      "nn-lab train c.yaml >> log",
      "nn-lab train c.yaml 2> log",
      "nn-lab train c.yaml >& log",
      "nn-lab train c.yaml >log2>log",
      "nn-lab train c.yaml > a > b",
      "nn-lab train c.yaml > a b",
      "nn-lab train c.yaml > 'a'",
      "nn-lab train c.yaml > $OUT",
      "nn-lab train c.yaml > ~/a",
      "nn-lab train c.yaml >",
      "nn-lab train c.yaml > # a comment",
      "> a nn-lab train c.yaml",
      "nn-lab train c.yaml > a | cat",
    ])
      expect(plainNnLabCommand(line), line).toBeNull();
    // on every such line of the pages, bash passes the same words and writes stdout to the same file
    const redirected = PAGES.flatMap((p) => shellLines(p).lines.map((l) => l.text)).filter((t) => plainNnLabCommand(t)?.stdoutTo);
    expect(redirected.length).toBeGreaterThan(0);
    for (const text of redirected) {
      const dir = tempDir("nn-lab-redirect-");
      const { args, stdoutTo } = plainNnLabCommand(text)!;
      const file = join(dir, stdoutTo!);
      mkdirSync(dirname(file), { recursive: true });
      const r = spawnSync(
        "bash",
        ["--noprofile", "--norc", "-c", "words() { printf '%s\\0' \"$@\"; }\n" + text.replace(/^nn-lab /, "words ")],
        { cwd: dir, encoding: "utf8" },
      );
      expect(r.status, r.stderr).toBe(0);
      expect(readFileSync(file, "utf8").split("\0").slice(0, -1), text).toEqual(args);
    }
  });

  // one page after another, each in its own copy (in-process lines cannot overlap: runMain swaps process-wide state)
  it.each(PAGES.filter((p) => shellLines(p).lines.length > 0))("%s", { timeout: 300_000 }, async (page) => {
    const repo = freshCopy({ built: true });
    const env = { ...process.env, PATH: `${nnLabOnPath(repo)}:${process.env.PATH}`, NO_COLOR: "1" };
    for (const line of shellLines(page).lines) {
      const tool = line.needs ? TOOLS[line.needs] : null;
      if (tool && !tool.found) {
        if (process.env.CI === "true") expect.fail(`${line.where}: needs ${line.needs} (${tool.install})`);
        console.log(`${line.where}: not run here: needs ${line.needs} (${tool.install})`);
        continue;
      }
      const command = plainNnLabCommand(line.text);
      const r = command ? await inProcess(command, repo) : { ...(await bash(line.text, repo, env)), stdout: null };
      // what it printed fits 80 columns (stdout not a terminal: 80; the width rule, width.test.ts)
      if (r.stdout !== null && heldTo80Columns(line.text))
        expect(linesWiderThan(r.stdout, 80), `${line.where}: \`${line.text}\`: lines over 80 columns`).toEqual([]);
      expect(r.status, `${line.where}: \`${line.text}\` exited ${r.status}, the text says ${line.exit}:\n${r.stderr.slice(-1500)}`).toBe(
        line.exit,
      );
    }
  });
});
