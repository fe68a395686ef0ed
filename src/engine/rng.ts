/**
 * The one source of randomness: xoshiro128** (Blackman & Vigna, 2018), a small, fast 32-bit generator
 * with a period of 2^128 − 1, seeded through SplitMix64 so that nearby seeds give unrelated states.
 *
 * Independent streams: `Rng.stream(seed, "init", 2)` hashes the seed together with a stream name and
 * optional indices, so data, initial weights (per layer) and shuffling each draw from their own
 * sequence. Changing how many numbers one consumer draws never shifts what another sees — which is
 * what makes comparisons paired (docs/spec.md §8).
 */
import * as libm from "./libm.js";

export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spareNormal = 0;
  private hasSpare = false;

  private constructor(s0: number, s1: number, s2: number, s3: number) {
    this.s0 = s0 | 0;
    this.s1 = s1 | 0;
    this.s2 = s2 | 0;
    this.s3 = s3 | 0;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // the all-zero state is a fixed point
  }

  /** A generator for `seed` and the named stream (`"data"`, `"init"`, `"shuffle"`, …) with optional indices. */
  static stream(seed: number, name: string, ...indices: number[]): Rng {
    let h = fnv1a64(`${name}/${indices.join("/")}`);
    h ^= BigInt.asUintN(64, BigInt(Math.trunc(seed)));
    const a = splitMix64(h);
    const b = splitMix64(a.next);
    const mask = 0xffffffffn;
    return new Rng(Number(a.value & mask), Number(a.value >> 32n), Number(b.value & mask), Number(b.value >> 32n));
  }

  /** Next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9);
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result >>> 0;
  }

  /** Uniform double in [0, 1) with all 53 bits random. */
  nextDouble(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform double in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.nextDouble();
  }

  /** Standard normal N(0, 1) by the Box–Muller transform (pairs; the second value is kept for the next call). */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spareNormal;
    }
    const u1 = 1 - this.nextDouble(); // (0, 1]: log never sees 0
    const u2 = this.nextDouble();
    const r = Math.sqrt(-2 * libm.log(u1));
    const theta = 2 * Math.PI * u2;
    this.spareNormal = r * libm.sin(theta);
    this.hasSpare = true;
    return r * libm.cos(theta);
  }

  /** Uniform integer in [0, n) without modulo bias (n ≤ 2^32). */
  int(n: number): number {
    if (n <= 0 || n > 4294967296) throw new RangeError(`Rng.int: n must be in 1..2^32, got ${n}`);
    const limit = 4294967296 - (4294967296 % n);
    for (;;) {
      const x = this.nextUint32();
      if (x < limit) return x % n;
    }
  }

  /** Fisher–Yates shuffle of `a[0..length)` in place. */
  shuffle(a: Uint32Array | number[], length = a.length): void {
    for (let i = length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** SplitMix64 (Steele, Lea & Flood): one output and the advanced state. Used only for seeding. */
function splitMix64(state: bigint): { value: bigint; next: bigint } {
  const next = BigInt.asUintN(64, state + 0x9e3779b97f4a7c15n);
  let z = next;
  z = BigInt.asUintN(64, (z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n);
  z = BigInt.asUintN(64, (z ^ (z >> 27n)) * 0x94d049bb133111ebn);
  return { value: z ^ (z >> 31n), next };
}

/** FNV-1a, 64-bit, over the UTF-16 code units of a short string. */
function fnv1a64(s: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < s.length; i++) {
    h ^= BigInt(s.charCodeAt(i));
    h = BigInt.asUintN(64, h * 0x100000001b3n);
  }
  return h;
}
