/**
 * Property tests run from a fixed seed so CI is reproducible; FC_SEED=<n> picks another, FC_SEED=random explores
 * (fast-check prints the seed of any failure, to replay it with FC_SEED).
 *
 * The engine imported from src/ computes with what the CLI computes with: Node's entry points (src/cli/main.ts,
 * src/index.ts) call useBuiltins, which takes Node 20's Math.f wherever it gives fdlibm's bits; a test file importing
 * src/engine directly would otherwise train with the TypeScript ports (the same bits, about 1.6× the CPU). Checked
 * once per worker (the check costs ~45 ms), adopted by every test file. The ports themselves are tested where they
 * are the point: test/engine/libm*.test.ts (which choose explicitly or load a fresh libm.ts) and the page in Chromium.
 */
import fc from "fast-check";
import { adoptBuiltins, useBuiltins } from "../src/engine/libm.js";

const seed = process.env.FC_SEED;
if (seed !== "random") fc.configureGlobal({ seed: seed === undefined ? 20261128 : Number(seed) });

const worker = globalThis as { nnLabBuiltins?: string[] };
worker.nnLabBuiltins ??= useBuiltins(process.versions.v8);
adoptBuiltins(worker.nnLabBuiltins);
