/**
 * Seeded pseudo-random numbers for methods that need randomness (permutation tests, random starts) and
 * for property tests. Methods never call `Math.random()`: they take an `rng: () => number` option, and
 * callers pass `mulberry32(seed)` so that every result can be reproduced.
 *
 * mulberry32: a 32-bit state generator (Tommy Ettinger, 2017; public domain), period 2^32, uniform on
 * [0, 1) with 2^-32 resolution. Adequate for simulation and tests, not for cryptography.
 */

/** A function returning uniform numbers in [0, 1). */
export type Rng = () => number;

/** A seeded generator; the same seed always gives the same sequence. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle of a copy of `items`, driven by `rng`. */
export function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = out[i]!;
    out[i] = out[j]!;
    out[j] = t;
  }
  return out;
}
