/**
 * src/format.ts: the one module that writes numbers. The formats it replaced (seven hand-written copies: cli fmt,
 * the page's fmt, health's sig, the lessons' n3, trace's num, softmax's num, fit's short) are kept here as they were,
 * and every one gives the same string as before for any double, except where the old copy decided its exponent on
 * the unrounded value: 99,999.5 at 3 significant digits was "100000" in a lesson (six digits) and is "1e+5" now, as
 * health findings already wrote it.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EXP_3, fixed, fmt, significant } from "../src/format.js";
import { n3 } from "../src/lessons/run-lesson.js";
import { num } from "../src/terminal/matrix-text.js";
import { formatLoss } from "../src/terminal/progress.js";
import { shortNumber } from "../src/terminal/gradflow.js";

// the copies as they were before src/format.ts
const old = {
  cliFmt(v: number, digits = 4): string {
    if (!Number.isFinite(v)) return String(v);
    const a = Math.abs(v);
    return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(digits - 1) : v.toFixed(digits);
  },
  pageFmt(v: number, digits = 4): string {
    if (!Number.isFinite(v)) return "—";
    if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5)) return v.toExponential(2);
    return Number(v.toPrecision(digits)).toString();
  },
  healthSig(v: number): string {
    const rounded = Number(v.toPrecision(3));
    const a = Math.abs(rounded);
    return a !== 0 && (a >= 1e5 || a < 1e-3) ? v.toExponential(2).replace(/\.?0+e/, "e") : String(rounded);
  },
  lessonN3(v: number): string {
    if (!Number.isFinite(v)) return String(v);
    const a = Math.abs(v);
    if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(2).replace(/\.?0+e/, "e");
    return String(Number(v.toPrecision(3)));
  },
  traceNum(v: number): string {
    if (!Number.isFinite(v)) return String(v);
    if (v === 0) return "0";
    const a = Math.abs(v);
    if (a < 1e-4 || a >= 1e6) return v.toExponential(4).replace(/\.?0+e/, "e");
    return String(Number(v.toPrecision(6)));
  },
  softmaxNum(v: number, digits: number): string {
    const a = Math.abs(v);
    return a !== 0 && a < 10 ** -digits ? v.toExponential(2) : v.toFixed(digits);
  },
  fitShort(v: number): string {
    const s = String(Number(v.toPrecision(2)));
    return s === "-0" ? "0" : s;
  },
  gradflow(v: number): string {
    if (!Number.isFinite(v)) return String(v);
    if (v === 0) return "0";
    const rounded = Number(v.toPrecision(2));
    const a = Math.abs(rounded);
    if (a < 1e-3 || a >= 1e4) return v.toExponential(1);
    return String(rounded);
  },
};

/** True when rounding v to `digits` significant digits carries it across `edge` (where the old copies differ). */
const crosses = (v: number, digits: number, ...edges: number[]) =>
  edges.some((edge) => Math.abs(v) < edge && Math.abs(Number(v.toPrecision(digits))) >= edge);

// doubles of every size, and everyday values of every size (the edges are at 1e-4 … 1e6)
const values = fc.oneof(
  fc.double({ noNaN: false }),
  fc.tuple(fc.double({ min: -10, max: 10, noNaN: true }), fc.integer({ min: -8, max: 8 })).map(([m, e]) => m * 10 ** e),
);

describe("src/format.ts writes what each old copy wrote", () => {
  it("for any double (outside the band where the old exponent was decided on the unrounded value)", () => {
    fc.assert(
      fc.property(values, (v) => {
        expect(fmt(v)).toBe(old.cliFmt(v));
        expect(fmt(v, 3)).toBe(old.cliFmt(v, 3));
        expect(formatLoss(v)).toBe(old.cliFmt(v, 4));
        expect(significant(v, 3, EXP_3)).toBe(Number.isFinite(v) ? old.healthSig(v) : String(v));
        expect(fixed(v, 4, { below: 10 ** -4, from: Infinity, digits: 2, trim: false })).toBe(old.softmaxNum(v, 4));
        expect(significant(v, 2)).toBe(old.fitShort(v));
        expect(shortNumber(v)).toBe(old.gradflow(v));
        if (!crosses(v, 3, 1e-3, 1e5)) expect(n3(v)).toBe(old.lessonN3(v));
        if (!crosses(v, 6, 1e-4, 1e6)) expect(num(v)).toBe(old.traceNum(v));
        if (Number.isFinite(v) && !crosses(v, 4, 1e-3, 1e5))
          expect(significant(v, 4, { below: 1e-3, from: 1e5, digits: 2, trim: false })).toBe(old.pageFmt(v));
      }),
      { numRuns: 20000 },
    );
  });

  it("decides the exponent on the digits it shows (the old lesson and trace copies did not)", () => {
    expect(old.lessonN3(99999.5)).toBe("100000"); // six digits for a 3-digit format: the quirk
    expect(n3(99999.5)).toBe("1e+5");
    expect(n3(99949)).toBe("99900");
    expect(n3(0.00099996)).toBe("0.001");
    expect(old.traceNum(999999.7)).toBe("1000000");
    expect(num(999999.7)).toBe("1e+6");
    expect(num(0.5840000000000001)).toBe("0.584");
    expect(n3(null)).toBe("—");
    expect(fmt(undefined)).toBe("—");
  });

  it("writes the everyday cases as a person does", () => {
    expect([0.03125, 120, 1.5, -0, 2 / 3].map((v) => significant(v, 3))).toEqual(["0.0313", "120", "1.5", "0", "0.667"]);
    expect([0.00001234, 123456].map((v) => significant(v, 3, EXP_3))).toEqual(["1.23e-5", "1.23e+5"]);
    expect([0.12345, 12, 0.00012345, 123456, Infinity, NaN].map((v) => fmt(v))).toEqual([
      "0.1235",
      "12.0000",
      "1.234e-4", // 0.00012345 is stored just below …45
      "1.235e+5",
      "Infinity",
      "NaN",
    ]);
  });
});
