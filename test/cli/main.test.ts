import { afterEach, describe, expect, it, vi } from "vitest";
import { exitCodeFor } from "../../src/cli/main.js";
import { InputError } from "../../src/errors.js";
import { runCli, runMain, tempDir, writeFile } from "../helpers.js";

describe("the one catch: error class → message and exit code", () => {
  const writes: string[] = [];
  afterEach(() => {
    vi.restoreAllMocks();
    writes.length = 0;
    delete process.env.NN_LAB_DEBUG;
  });
  const capture = () => vi.spyOn(process.stderr, "write").mockImplementation((s) => (writes.push(String(s)), true));

  it("InputError: one line per problem, exit 2", () => {
    capture();
    expect(exitCodeFor(new InputError(["a.yaml: train.lr: must be > 0, got 0", "a.yaml: data: missing"]))).toBe(2);
    expect(writes).toEqual(["nn-lab: error: a.yaml: train.lr: must be > 0, got 0\n", "nn-lab: error: a.yaml: data: missing\n"]);
  });

  it("an internal error prints one line and where to report it; the stack only with NN_LAB_DEBUG=1", () => {
    capture();
    expect(exitCodeFor(new TypeError("x is undefined"))).toBe(1);
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatch(/^nn-lab: internal error: x is undefined — this is a bug; please report it/);
    expect(writes[0]).not.toMatch(/\n\s+at /);
    writes.length = 0;
    process.env.NN_LAB_DEBUG = "1";
    exitCodeFor(new TypeError("x is undefined"));
    expect(writes[0]).toMatch(/TypeError: x is undefined\n\s+at /);
  });
});

describe("a reader that stops early", () => {
  // 20,000 rows are 0.9 MB, 14 times what a pipe holds: the writes after head has gone still meet EPIPE (200,000
  // rows proved no more and cost ~0.45 s more CPU to generate)
  it("nn-lab data … | head -1 ends quietly with exit 0", async () => {
    const { spawnSync } = await import("node:child_process");
    const { BIN } = await import("../helpers.js");
    const r = spawnSync("bash", ["-o", "pipefail", "-c", `"${process.execPath}" "${BIN}" data moons --n 20000 | head -1`], {
      encoding: "utf8",
    });
    expect(r.stdout).toBe("x1,x2,label,split\n");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});

describe("main(argv) in-process (test/helpers.ts runMain) gives what the spawned CLI gives", () => {
  const dir = tempDir();
  writeFile(dir, "xor.yaml", "seed: 2\ndata: {kind: xor}\nmodel: {layers: [4], activation: tanh}\ntrain: {epochs: 3, batch: full}\n");
  const lines: [string, string[], Record<string, string>?][] = [
    ["a printing command", ["softmax", "2", "1", "0.1", "--temperature", "0.5,1"]],
    ["a missing config (exit 2)", ["train", "no-such.yaml"]],
    ["an unknown flag, from commander (exit 2)", ["plot", "relu", "--bogus"]],
    ["help (exit 0)", ["data", "--help"]],
    ["no arguments: help on stderr (exit 2)", []],
    ["a relative config path, from the working folder", ["train", "xor.yaml", "--json", "--runs", "r1"]],
    ["an invalid environment variable (exit 2)", ["schema"], { NN_LAB_MAX_INPUT_MB: "lots" }],
    ["colour asked for by the environment", ["plot", "relu"], { NO_COLOR: "", FORCE_COLOR: "1" }],
  ];
  const masked = (s: string) => s.replace(/"(train_ms|wall_ms)": [0-9.e+-]+/g, '"$1": T').replace(/\/r[12]\/xor-[0-9-]+/g, "/r/xor-D");

  it.each(lines)("%s", async (_, args, env) => {
    const inProcess = await runMain(args, { cwd: dir, env });
    const spawned = runCli(
      args.map((a) => (a === "r1" ? "r2" : a)),
      { cwd: dir, env },
    );
    expect(inProcess.code).toBe(spawned.code);
    expect(masked(inProcess.stderr)).toBe(masked(spawned.stderr));
    expect(masked(inProcess.stdout)).toBe(masked(spawned.stdout));
    expect(inProcess.stdout.includes("\x1b[")).toBe(env?.FORCE_COLOR === "1");
  });

  it("the environment is read anew by each command line, and process state is given back", async () => {
    const before = { env: process.env, cwd: process.cwd(), listeners: process.stdout.listenerCount("error") };
    expect((await runMain(["softmax", "1", "2"])).code).toBe(0);
    const bad = await runMain(["softmax", "1", "2"], { env: { NN_LAB_MEMORY_LIMIT_MB: "0" } });
    expect(bad).toEqual({
      code: 2,
      stdout: "",
      stderr: "nn-lab: error: NN_LAB_MEMORY_LIMIT_MB=0: expected a number from 1 to 1073741824\n",
    });
    const good = await runMain(["softmax", "1", "2", "--json"]);
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout).temperatures[0].probs[1]).toBeCloseTo(Math.E / (1 + Math.E), 12);
    await runMain(["softmax", "1", "2"], { cwd: dir });
    expect(process.env).toBe(before.env);
    expect(process.cwd()).toBe(before.cwd);
    expect(process.stdout.listenerCount("error")).toBeLessThanOrEqual(before.listeners + 1);
  });
});
