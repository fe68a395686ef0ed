/**
 * The engine's libm (src/engine/fdlibm.ts, libm-pow.ts, libm-trig.ts and libm-words.ts's scalbn) against a committed
 * table, test/engine/libm-reference.txt (scripts/libm-reference.mjs wrote it; read its header): on 7,600 arguments
 * chosen to take every branch — each threshold the code compares a word or a value with and one ulp either side,
 * special values, every range-reduction interval, pow's special cases, subnormals, overflow and underflow edges — each
 * port gives fdlibm's bits (V8's C++ fdlibm computed them: the bits test/engine/libm.test.ts compares with at run
 * time, but here on any Node), and lies within 1 ulp of the correctly rounded value (mpmath), fdlibm's error bound:
 * a reference independent of fdlibm. scalbn must give Python's math.ldexp's bits (exact, once rounded).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as fdlibm from "../../src/engine/fdlibm.js";
import { pow } from "../../src/engine/libm-pow.js";
import { cos, sin } from "../../src/engine/libm-trig.js";
import { scalbn } from "../../src/engine/libm-words.js";

const PORTS: Record<string, (x: number, y: number) => number> = {
  exp: (x) => fdlibm.exp(x),
  expm1: (x) => fdlibm.expm1(x),
  log: (x) => fdlibm.log(x),
  log1p: (x) => fdlibm.log1p(x),
  tanh: (x) => fdlibm.tanh(x),
  sin: (x) => sin(x),
  cos: (x) => cos(x),
  pow: (x, y) => pow(x, y),
  scalbn: (x, n) => scalbn(x, n),
};

const view = new DataView(new ArrayBuffer(8));
const fromHex = (h: string): number => {
  view.setBigUint64(0, BigInt(`0x${h}`));
  return view.getFloat64(0);
};
/** x's bits in hex; every NaN as "NaN" (JavaScript does not promise to keep a NaN's payload). */
const toHex = (x: number): string => {
  if (Number.isNaN(x)) return "NaN";
  view.setFloat64(0, x);
  return view.getBigUint64(0).toString(16).padStart(16, "0");
};
/** The doubles next to x in bit order (±∞'s inner neighbour is ±MAX_VALUE). */
const neighbours = (x: number): number[] => {
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  return [bits - 1n, bits + 1n].map((b) => {
    view.setBigUint64(0, BigInt.asUintN(64, b));
    return view.getFloat64(0);
  });
};
/** Within 1 ulp of the correctly rounded value: the value itself or a neighbour (±0 count as one). */
const withinOneUlp = (got: number, exact: number): boolean => got === exact || neighbours(exact).some((n) => Object.is(n, got));

interface Case {
  f: string;
  /** The arguments as bits: a NaN's payload (a branch of exp, expm1, tanh reads it) does not survive an array of numbers. */
  bits: string[];
  text: string;
  fdlibm: string;
  exact: string;
  /** fdlibm itself is more than 1 ulp off here (the table marks the exact value "~"). */
  beyondBound: boolean;
}

const TABLE: Case[] = readFileSync(new URL("./libm-reference.txt", import.meta.url), "utf8")
  .split("\n")
  .filter((line) => line !== "" && !line.startsWith("#"))
  .map((line) => {
    const [f, ...rest] = line.split(" ");
    const exact = rest.pop()!;
    const fdlibmBits = rest.pop()!;
    const args = rest.map((a, i) => (f === "scalbn" && i === 1 ? Number(a) : fromHex(a)));
    return {
      f,
      bits: rest,
      text: `${f}(${args.join(", ")})`,
      fdlibm: toHex(fromHex(fdlibmBits)),
      exact: exact === "=" ? fdlibmBits : exact.replace("~", ""),
      beyondBound: exact.startsWith("~"),
    };
  });

/** port at the case's arguments, each made from its bits right here (scalbn's n is decimal). */
function call(port: (x: number, y: number) => number, c: Case): number {
  const arg = (i: number) => (c.bits[i] === undefined ? NaN : c.f === "scalbn" && i === 1 ? Number(c.bits[i]) : fromHex(c.bits[i]));
  return port(arg(0), arg(1));
}

/** The cases where `port` does not give fdlibm's bits, as "f(x) = got, fdlibm: want" lines (at most 5). */
function notFdlibm(f: string, port: (x: number, y: number) => number): string[] {
  const wrong = TABLE.filter((c) => c.f === f && toHex(call(port, c)) !== c.fdlibm);
  return wrong.slice(0, 5).map((c) => `${c.text} = ${call(port, c)}, fdlibm: ${fromHex(c.fdlibm)}`);
}

describe("libm against a committed table: fdlibm's bits, and within 1 ulp of the exact value", () => {
  it("the table has every function, and the cases the header promises", () => {
    const count = (f: string) => TABLE.filter((c) => c.f === f).length;
    expect(Object.keys(PORTS).map((f) => [f, count(f) > 150])).toEqual(Object.keys(PORTS).map((f) => [f, true]));
    expect(TABLE.length).toBeGreaterThan(7000);
  });

  for (const f of Object.keys(PORTS)) {
    it(`${f}: fdlibm's bits on every case`, () => {
      expect(notFdlibm(f, PORTS[f])).toEqual([]);
    });

    it(`${f}: within 1 ulp of the correctly rounded value (mpmath) where it is not a special value`, () => {
      const port = PORTS[f];
      const cases = TABLE.filter((c) => c.f === f && c.exact !== "-" && !c.beyondBound);
      expect(cases.length).toBeGreaterThan(100);
      const far = cases.filter((c) => !withinOneUlp(call(port, c), fromHex(c.exact)));
      expect(far.slice(0, 5).map((c) => `${c.text} = ${call(port, c)}, exact: ${fromHex(c.exact)}`)).toEqual([]);
    });
  }

  it("fdlibm's pow is hundreds of ulps off for |y| > 2³¹ with x within 2⁻²⁰ of 1 (its short log series' path); the port keeps its bits", () => {
    const beyond = TABLE.filter((c) => c.beyondBound);
    expect(beyond.map((c) => c.text)).toEqual(["pow(0.9999997544454444, -2404820548)", "pow(0.9999999105888108, 5449906892)"]);
    for (const c of beyond) expect(withinOneUlp(call(PORTS.pow, c), fromHex(c.exact))).toBe(false);
  });

  it("the comparisons can fail: exp one ulp up at one argument, a NaN for 0, 1 + 2 ulp for 1", () => {
    const x = fromHex(TABLE.find((c) => c.f === "exp" && fromHex(c.bits[0]) > 1)!.bits[0]);
    const nudged = (t: number) => (t === x ? neighbours(fdlibm.exp(t))[1] : fdlibm.exp(t));
    expect(notFdlibm("exp", nudged)).toEqual([`exp(${x}) = ${nudged(x)}, fdlibm: ${fdlibm.exp(x)}`]);
    expect(notFdlibm("exp", (t) => (Object.is(t, 0) ? NaN : fdlibm.exp(t)))).toEqual(["exp(0) = NaN, fdlibm: 1"]);
    expect(withinOneUlp(neighbours(neighbours(1)[1])[1], 1)).toBe(false);
    expect(withinOneUlp(neighbours(1)[1], 1)).toBe(true);
  });
});
