/**
 * src/engine/libm.ts chooses, per function, the platform's Math.f when it gives fdlibm's bits on the reference
 * arguments, else the TypeScript port (src/engine/fdlibm.ts). test/engine/libm.test.ts proves the ports equal Node
 * 20's Math bit for bit on 10⁶ arguments each; here: the choice itself, and that it catches a one-bit difference.
 */
import { describe, expect, it, vi } from "vitest";
import * as fdlibm from "../../src/engine/fdlibm.js";
import { flipLastBit } from "./helpers.js";
import { agrees, REFERENCE_POINTS } from "../../src/engine/libm.js";

describe("libm: the platform's Math.f where it gives fdlibm's bits, the port elsewhere", () => {
  it("the ports until a Node entry point names a V8 whose Math.* are fdlibm; then the built-ins (the fast path)", async () => {
    // a fresh instance of the module, as a process that has not run an entry point has: test files share modules
    // when they run in one worker (vitest --no-isolate), and another file may have chosen the built-ins already
    vi.resetModules();
    const libm = await import("../../src/engine/libm.js");
    const { libmSources, useBuiltins } = libm;
    const ports = {
      exp: "fdlibm",
      expm1: "fdlibm",
      log: "fdlibm",
      log1p: "fdlibm",
      tanh: "fdlibm",
      sin: "fdlibm",
      cos: "fdlibm",
      pow: "fdlibm",
    };
    // vitest imports src/engine/libm.ts without the CLI: the ports
    expect(libmSources()).toEqual(ports);
    // Chromium 156's V8: not a version known to be fdlibm, whatever a sample says
    expect(useBuiltins("15.6.1")).toEqual([]);
    expect(libmSources()).toEqual(ports);
    // Node 20's V8 (11.3): every function gives the ports' bits on the reference points, so every one is the built-in
    expect(process.versions.v8.startsWith("11.3.")).toBe(true);
    expect(useBuiltins(process.versions.v8)).toEqual(["exp", "expm1", "log", "log1p", "tanh", "sin", "cos", "pow"]);
    expect(Object.values(libmSources()).every((s) => s === "Math")).toBe(true);
    expect([libm.exp, libm.log, libm.tanh, libm.pow]).toEqual([Math.exp, Math.log, Math.tanh, Math.pow]);
  });

  it("a platform whose exp differs in the last bit for 1 argument in 10 (as Chromium 156's) is caught", () => {
    let calls = 0;
    const chromiumLike = (x: number) => (++calls % 10 === 0 ? flipLastBit(fdlibm.exp(x)) : fdlibm.exp(x));
    const xs = Array.from({ length: REFERENCE_POINTS }, (_, k) => -40 + (80 * k) / REFERENCE_POINTS);
    expect(agrees(chromiumLike, fdlibm.exp, xs)).toBe(false);
    expect(agrees(fdlibm.exp, fdlibm.exp, xs)).toBe(true);
    // one argument in 2,048 differing is enough
    const once = (x: number) => (x === xs[1234] ? flipLastBit(fdlibm.exp(x)) : fdlibm.exp(x));
    expect(agrees(once, fdlibm.exp, xs)).toBe(false);
  });

  it("NaN agrees with NaN, and −0 does not agree with +0", () => {
    expect(
      agrees(
        () => NaN,
        () => NaN,
        [1],
      ),
    ).toBe(true);
    expect(
      agrees(
        () => -0,
        () => 0,
        [1],
      ),
    ).toBe(false);
  });
});
