// A small seeded pseudo-random generator (sfc32) so the benchmark corpus is the same on every machine.
import { createHash } from "node:crypto";

/** Deterministic random source: the same seed and key give the same sequence everywhere. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** `count` distinct elements of `items` (all of them when count >= length), in draw order. */
  sample<T>(items: readonly T[], count: number): T[];
}

/**
 * Makes a generator from a seed and a key (e.g. "package:7"). The state is the first 16 bytes of
 * sha256(seed + ":" + key), so each key gets an independent stream: package 7 of a 30-package
 * corpus is byte-identical to package 7 of a 6-package one.
 */
export function createRng(seed: string, key: string): Rng {
  const digest = createHash("sha256").update(`${seed}:${key}`).digest();
  let a = digest.readUInt32LE(0);
  let b = digest.readUInt32LE(4);
  let c = digest.readUInt32LE(8);
  let d = digest.readUInt32LE(12);
  const next32 = (): number => {
    // sfc32 (Chris Doty-Humphrey's Small Fast Counting generator), 32-bit arithmetic.
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) next32();
  const next = () => next32() / 4294967296;
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new Error("pick from an empty array");
      return items[int(0, items.length - 1)] as (typeof items)[number];
    },
    sample: (items, count) => {
      const pool = [...items];
      const out: (typeof pool)[number][] = [];
      while (out.length < count && pool.length > 0) out.push(pool.splice(int(0, pool.length - 1), 1)[0] as (typeof pool)[number]);
      return out;
    },
  };
}
