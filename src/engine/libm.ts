/**
 * The elementary functions the engine calls (exp, expm1, log, log1p, tanh, sin, cos, pow): always fdlibm's bits.
 *
 * fdlibm.ts (with libm-trig.ts, libm-pow.ts) holds TypeScript ports of fdlibm, line by line the functions of V8's
 * src/base/ieee754.cc, which Node 20's V8 (11.3) uses for Math.*. Another JavaScript engine may differ in the last
 * bit: Chromium 156's V8 does for exp, log, sin, cos and pow on about 10 % of arguments, and for tanh, expm1 and
 * log1p on about 0.1 % in [−1, 1] — too rarely for a sample to be sure of catching. So the engine calls the ports,
 * unless a Node process says, with {@link useBuiltins}, that its V8 is one whose Math.* are these functions (11.3:
 * test/engine/libm.test.ts compares 10⁶ arguments per function bit for bit); then each function that also gives the
 * ports' bits on REFERENCE_POINTS arguments is the built-in, which costs less (W1's tanh net: the ports take about
 * 1.6× a run's CPU). Either way a run's numbers are the same bits; only the time differs.
 */
import * as fdlibmCore from "./fdlibm.js";
import { pow as fdlibmPow } from "./libm-pow.js";
import { cos as fdlibmCos, sin as fdlibmSin } from "./libm-trig.js";

/** The ports, one name space. */
const fdlibm = { ...fdlibmCore, sin: fdlibmSin, cos: fdlibmCos, pow: fdlibmPow };

type Unary = (x: number) => number;
type Binary = (x: number, y: number) => number;

/** Arguments per function at which the platform's Math.f must give fdlibm's bits. */
export const REFERENCE_POINTS = 2048;

/** `n` points of [lo, hi], evenly spread with no pattern a rounding error could follow (the golden-ratio sequence). */
function spread(n: number, lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let k = 1; k <= n; k++) out.push(lo + (hi - lo) * ((k * 0.6180339887498949) % 1));
  return out;
}

/** Half the points in the engine's own range, a quarter of the other sign or tiny, a quarter large. */
function points(lo: number, hi: number, big: number): number[] {
  const n = REFERENCE_POINTS;
  return [...spread(n / 2, lo, hi), ...spread(n / 4, -1e-3, 1e-3), ...spread(n / 4, -big, big), 0, -0, 1, -1, 0.5, 2];
}

/** Whether `native` gives `port`'s bits (NaN for NaN) at every one of `xs`. */
export function agrees(native: Unary, port: Unary, xs: readonly number[]): boolean {
  for (const x of xs) {
    const a = native(x);
    const b = port(x);
    if (!(Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b)))) return false;
  }
  return true;
}

/* eslint-disable no-restricted-properties -- the one place the engine may use Math's own functions */
const M = {
  exp: Math.exp,
  expm1: Math.expm1,
  log: Math.log,
  log1p: Math.log1p,
  tanh: Math.tanh,
  sin: Math.sin,
  cos: Math.cos,
  pow: Math.pow,
};
/* eslint-enable no-restricted-properties */

/** e^x. */
export let exp: Unary = fdlibm.exp;
/** e^x − 1. */
export let expm1: Unary = fdlibm.expm1;
/** ln x. */
export let log: Unary = fdlibm.log;
/** ln(1 + x). */
export let log1p: Unary = fdlibm.log1p;
/** tanh x. */
export let tanh: Unary = fdlibm.tanh;
/** sin x. */
export let sin: Unary = fdlibm.sin;
/** cos x. */
export let cos: Unary = fdlibm.cos;
/** x^y. */
export let pow: Binary = fdlibm.pow;

/** pow's reference pairs: Adam's β₁^t and β₂^t for t = 1…512, then bases and exponents spread widely. */
const POW_PAIRS: [number, number][] = [
  ...spread(REFERENCE_POINTS / 4, 1, 512).flatMap((t): [number, number][] => [
    [0.9, Math.round(t)],
    [0.999, Math.round(t)],
  ]),
  ...zip(spread(REFERENCE_POINTS / 2, 1e-3, 10), spread(REFERENCE_POINTS / 2, -300, 300)),
];

function zip(xs: number[], ys: number[]): [number, number][] {
  return xs.map((x, k) => [x, ys[k]]);
}

/** V8 versions (major.minor) whose Math.* are fdlibm as in ieee754.cc, checked by test/engine/libm.test.ts. */
export const FDLIBM_V8 = ["11.3"];

/**
 * Use the built-in Math.f for every function that gives the ports' bits, if `v8Version` (Node's
 * process.versions.v8) is one of {@link FDLIBM_V8}; returns the functions that now use the built-in. Called by the
 * Node entry points (the CLI, the library's index); the page never calls it. A worker thread of the same process
 * takes the answer over with {@link adoptBuiltins} instead of checking again (same V8, same Math).
 */
export function useBuiltins(v8Version: string): string[] {
  if (!FDLIBM_V8.includes(v8Version.split(".").slice(0, 2).join("."))) return [];
  const agreeing = [
    agrees(M.exp, fdlibm.exp, points(-40, 40, 745)) && "exp",
    agrees(M.expm1, fdlibm.expm1, points(-40, 40, 710)) && "expm1",
    agrees(M.log, fdlibm.log, points(1e-12, 50, 1e300)) && "log",
    agrees(M.log1p, fdlibm.log1p, points(-0.999, 50, 1e300)) && "log1p",
    agrees(M.tanh, fdlibm.tanh, points(-25, 25, 1e3)) && "tanh",
    agrees(M.sin, fdlibm.sin, points(-50, 50, 1e6)) && "sin",
    agrees(M.cos, fdlibm.cos, points(-50, 50, 1e6)) && "cos",
    POW_PAIRS.every(([x, y]) => Object.is(M.pow(x, y), fdlibm.pow(x, y))) && "pow",
  ];
  adoptBuiltins(agreeing.filter((name): name is string => name !== false));
  return builtinsInUse();
}

/**
 * Use the built-in Math.f for exactly the named functions and the ports for the others: what a worker thread does
 * with its process's {@link useBuiltins} answer (its workerData), which costs a worker nothing where checking again
 * took ~45 ms of CPU before its first run.
 */
export function adoptBuiltins(names: readonly string[]): void {
  const use = (name: string) => names.includes(name);
  exp = use("exp") ? M.exp : fdlibm.exp;
  expm1 = use("expm1") ? M.expm1 : fdlibm.expm1;
  log = use("log") ? M.log : fdlibm.log;
  log1p = use("log1p") ? M.log1p : fdlibm.log1p;
  tanh = use("tanh") ? M.tanh : fdlibm.tanh;
  sin = use("sin") ? M.sin : fdlibm.sin;
  cos = use("cos") ? M.cos : fdlibm.cos;
  pow = use("pow") ? M.pow : fdlibm.pow;
}

/** The functions that use the built-in now, in libmSources' order: what a worker thread is given to adopt. */
export function builtinsInUse(): string[] {
  const sources = libmSources();
  return Object.keys(sources).filter((name) => sources[name] === "Math");
}

/** Which implementation each function uses now: "Math" (the built-in, giving fdlibm's bits) or "fdlibm" (the port). */
export function libmSources(): Record<string, "Math" | "fdlibm"> {
  const which = (f: unknown, native: unknown) => (f === native ? "Math" : "fdlibm");
  return {
    exp: which(exp, M.exp),
    expm1: which(expm1, M.expm1),
    log: which(log, M.log),
    log1p: which(log1p, M.log1p),
    tanh: which(tanh, M.tanh),
    sin: which(sin, M.sin),
    cos: which(cos, M.cos),
    pow: which(pow, M.pow),
  };
}
