/**
 * Python scripts run as `python SCRIPT ARGS…` would (exit code, stdout, stderr), many in one interpreter
 * (test/torch/scripts.py): a suite that runs several torch scripts imports torch once (~1.2 s of CPU) instead of
 * once per script. Open one per test file (beforeAll) and close it (afterAll): closing waits for the interpreter.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { ROOT } from "../helpers.js";

export interface ScriptResult {
  code: number;
  stdout: string;
  stderr: string;
}

const DRIVER = join(ROOT, "test", "torch", "scripts.py");

export class PythonScripts {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting: { resolve: (r: ScriptResult) => void; reject: (e: Error) => void }[] = [];
  private readonly exited: Promise<void>;
  private stderr = "";

  constructor(python: string) {
    this.child = spawn(python, [DRIVER], { cwd: ROOT });
    this.child.stderr.on("data", (d: Buffer) => (this.stderr += d.toString("utf8")));
    createInterface({ input: this.child.stdout }).on("line", (line) => this.waiting.shift()?.resolve(JSON.parse(line) as ScriptResult));
    this.exited = new Promise((done) =>
      this.child.on("close", (code) => {
        for (const w of this.waiting.splice(0)) w.reject(new Error(`scripts.py exited (${code}): ${this.stderr}`));
        done();
      }),
    );
  }

  /** `python script ...args` with `stdin` as its standard input; answers come in the order asked. */
  run(script: string, args: string[] = [], stdin = ""): Promise<ScriptResult> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.child.stdin.write(JSON.stringify({ script, args, stdin }) + "\n");
    });
  }

  /** Ends the interpreter (its standard input closed) and waits for it. */
  close(): Promise<void> {
    this.child.stdin.end();
    return this.exited;
  }
}
