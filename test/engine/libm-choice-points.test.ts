/**
 * Where src/engine/libm.ts's check looks: useBuiltins takes a platform's Math.f only if it gives the ports' bits on
 * every reference argument. Here a fresh libm.ts is loaded while one Math function is replaced by the port with its
 * last bit flipped on one region only (a platform that differs there), and the check must refuse it: negative
 * arguments of log1p, the Adam pairs β₁^t and β₂^t, negative exponents, −0 and −1 themselves. And agrees() does not
 * take a NaN for a number.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import * as fdlibm from "../../src/engine/fdlibm.js";
import { flipLastBit } from "./helpers.js";
import { pow as fdlibmPow } from "../../src/engine/libm-pow.js";
import { cos as fdlibmCos, sin as fdlibmSin } from "../../src/engine/libm-trig.js";
import { agrees } from "../../src/engine/libm.js";

type MathName = "exp" | "expm1" | "log1p" | "tanh" | "sin" | "cos" | "pow";
const saved = { exp: Math.exp, expm1: Math.expm1, log1p: Math.log1p, tanh: Math.tanh, sin: Math.sin, cos: Math.cos, pow: Math.pow };

/** useBuiltins on Node 20's V8 with Math[name] replaced by `platform` while a fresh libm.ts loads (it keeps Math's functions then). */
async function chosenWith(name: MathName, platform: (...args: number[]) => number): Promise<string[]> {
  vi.resetModules();
  (Math as unknown as Record<string, unknown>)[name] = platform;
  try {
    const libm = await import("../../src/engine/libm.js");
    return libm.useBuiltins(process.versions.v8);
  } finally {
    Math[name] = saved[name] as never;
  }
}

describe("libm: the reference arguments cover the engine's ranges and the special points", () => {
  afterEach(() => {
    Object.assign(Math, saved);
    // the module instances loaded here kept a replaced function: the next file to import libm.ts gets a fresh one
    vi.resetModules();
  });

  it("a platform that gives the ports' bits everywhere is taken (the stubs below differ only where they say)", async () => {
    expect(await chosenWith("log1p", (x) => fdlibm.log1p(x))).toContain("log1p");
    expect(await chosenWith("pow", (x, y) => fdlibmPow(x, y))).toContain("pow");
  });

  it("log1p differing only on (−0.999, −0.01) is refused: the engine's range reaches down to −0.999", async () => {
    expect(await chosenWith("log1p", (x) => (x > -0.999 && x < -0.01 ? flipLastBit(fdlibm.log1p(x)) : fdlibm.log1p(x)))).not.toContain(
      "log1p",
    );
  });

  it("exp, expm1, tanh, sin, cos differing only on (−1, −0.01) are refused: the engine's ranges are signed", async () => {
    const ports = { exp: fdlibm.exp, expm1: fdlibm.expm1, tanh: fdlibm.tanh, sin: fdlibmSin, cos: fdlibmCos };
    for (const [name, port] of Object.entries(ports)) {
      const platform = (x: number) => (x > -1 && x < -0.01 ? flipLastBit(port(x)) : port(x));
      expect(await chosenWith(name as MathName, platform), name).not.toContain(name);
    }
  });

  it("exp differing only at −0, or only at −1, is refused", async () => {
    expect(await chosenWith("exp", (x) => (Object.is(x, -0) ? flipLastBit(1) : fdlibm.exp(x)))).not.toContain("exp");
    expect(await chosenWith("exp", (x) => (x === -1 ? flipLastBit(fdlibm.exp(x)) : fdlibm.exp(x)))).not.toContain("exp");
  });

  it("pow differing only for Adam's β₁ = 0.9, only for β₂ = 0.999, or only for exponents below −100, is refused", async () => {
    const differingWhere = (where: (x: number, y: number) => boolean) => (x: number, y: number) =>
      where(x, y) ? flipLastBit(fdlibmPow(x, y)) : fdlibmPow(x, y);
    expect(
      await chosenWith(
        "pow",
        differingWhere((x) => x === 0.9),
      ),
    ).not.toContain("pow");
    expect(
      await chosenWith(
        "pow",
        differingWhere((x) => x === 0.999),
      ),
    ).not.toContain("pow");
    expect(
      await chosenWith(
        "pow",
        differingWhere((_, y) => y < -100),
      ),
    ).not.toContain("pow");
  });

  it("agrees: a NaN where the port gives a number (or the reverse) is a difference", () => {
    expect(
      agrees(
        () => NaN,
        () => 1,
        [1],
      ),
    ).toBe(false);
    expect(
      agrees(
        () => 1,
        () => NaN,
        [1],
      ),
    ).toBe(false);
  });
});
