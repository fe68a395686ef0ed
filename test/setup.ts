/**
 * Property tests run from a fixed seed so CI is reproducible; FC_SEED=<n> picks another, FC_SEED=random explores
 * (fast-check prints the seed of any failure, to replay it with FC_SEED).
 */
import fc from "fast-check";

const seed = process.env.FC_SEED;
if (seed !== "random") fc.configureGlobal({ seed: seed === undefined ? 20261128 : Number(seed) });
