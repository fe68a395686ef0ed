import { afterEach, describe, expect, it, vi } from "vitest";
import { report } from "../../src/cli/main.js";
import { InputError } from "../../src/errors.js";

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
    expect(report(new InputError(["a.yaml: train.lr: must be > 0, got 0", "a.yaml: data: missing"]))).toBe(2);
    expect(writes).toEqual(["nn-lab: error: a.yaml: train.lr: must be > 0, got 0\n", "nn-lab: error: a.yaml: data: missing\n"]);
  });

  it("an internal error prints one line and where to report it; the stack only with NN_LAB_DEBUG=1", () => {
    capture();
    expect(report(new TypeError("x is undefined"))).toBe(1);
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatch(/^nn-lab: internal error: x is undefined — this is a bug; please report it/);
    expect(writes[0]).not.toMatch(/\n\s+at /);
    writes.length = 0;
    process.env.NN_LAB_DEBUG = "1";
    report(new TypeError("x is undefined"));
    expect(writes[0]).toMatch(/TypeError: x is undefined\n\s+at /);
  });
});

describe("a reader that stops early", () => {
  it("nn-lab data … | head -1 ends quietly with exit 0", async () => {
    const { spawnSync } = await import("node:child_process");
    const { BIN } = await import("../helpers.js");
    const r = spawnSync("bash", ["-o", "pipefail", "-c", `"${process.execPath}" "${BIN}" data moons --n 200000 | head -1`], {
      encoding: "utf8",
    });
    expect(r.stdout).toBe("x1,x2,label,split\n");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});
