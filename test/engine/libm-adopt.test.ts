/**
 * A worker thread takes its process's libm choice over (adoptBuiltins) instead of checking the functions again:
 * exactly the named functions become the built-ins, the others stay (or become again) the ports, and
 * builtinsInUse() is what useBuiltins() returned, so a worker given it computes with the main thread's functions.
 */
import { afterEach, describe, expect, it } from "vitest";
import * as fdlibm from "../../src/engine/fdlibm.js";
import * as libm from "../../src/engine/libm.js";
import { adoptBuiltins, builtinsInUse, libmSources, useBuiltins } from "../../src/engine/libm.js";

describe("libm: a worker adopts its process's choice", () => {
  afterEach(() => adoptBuiltins([]));

  it("exactly the named functions are the built-ins; the others the ports", () => {
    adoptBuiltins(["tanh", "log"]);
    expect(libmSources()).toEqual({
      exp: "fdlibm",
      expm1: "fdlibm",
      log: "Math",
      log1p: "fdlibm",
      tanh: "Math",
      sin: "fdlibm",
      cos: "fdlibm",
      pow: "fdlibm",
    });
    expect([libm.tanh, libm.log, libm.exp]).toEqual([Math.tanh, Math.log, fdlibm.exp]);
    expect(builtinsInUse()).toEqual(["log", "tanh"]);
    // a second adoption replaces the first: tanh is the port again
    adoptBuiltins(["exp"]);
    expect(builtinsInUse()).toEqual(["exp"]);
    expect(libm.tanh).toBe(fdlibm.tanh);
  });

  it("builtinsInUse() after useBuiltins() is its answer, and adopting it changes nothing", () => {
    const answer = useBuiltins(process.versions.v8);
    expect(answer).toEqual(["exp", "expm1", "log", "log1p", "tanh", "sin", "cos", "pow"]);
    expect(builtinsInUse()).toEqual(answer);
    const before = libmSources();
    adoptBuiltins(builtinsInUse());
    expect(libmSources()).toEqual(before);
  });

  it("a name that is not a libm function is ignored", () => {
    adoptBuiltins(["sqrt", "tanh"]);
    expect(builtinsInUse()).toEqual(["tanh"]);
  });
});
