import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/**
 * Per-path random streams. Every stream is seeded from (run seed, path index, stream key) through a
 * hash, never from a shared sequence, so path 7 draws the same numbers whether it runs first, last,
 * alone or in another worker: results are identical bit for bit for any worker count.
 *
 * Stream keys: 0 is the price path; each strategy uses `streamKeyOf(strategy id)`, so adding,
 * removing or reordering strategies never changes another strategy's draws (common random numbers
 * on the price path make strategy comparisons paired).
 */
export interface Stream {
  /** Uniform on [0, 1) with 53 random bits. */
  uniform(): number;
  /** Standard normal (Box–Muller, one value per two uniforms: simple and order-stable). */
  normal(): number;
  /** Days until the next event of a daily probability `p` (geometric, >= 1); Infinity if p = 0. */
  daysUntil(p: number): number;
  /** An integer uniform on [0, n). */
  below(n: number): number;
}

const TWO_POW_53 = 9007199254740992;

/** murmur3's 32-bit finaliser: a cheap, well-mixing bijection on uint32. */
function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function mix(seed: number, path: number, key: number, lane: number): number {
  let h = fmix32(seed ^ 0x9e3779b9);
  h = fmix32(h ^ Math.imul(path + 1, 0x27d4eb2f));
  h = fmix32(h ^ Math.imul(key + 1, 0x165667b1));
  return fmix32(h ^ Math.imul(lane + 1, 0x61c88647)) | 0;
}

/** FNV-1a of a strategy id: the strategy's stream key, independent of its position. */
export function streamKeyOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // Keep 0 for the price path.
  return (h >>> 0) | 1;
}

export function stream(seed: number, path: number, key: number): Stream {
  const state = [mix(seed, path, key, 0), mix(seed, path, key, 1), mix(seed, path, key, 2)];
  state.push(state.every((s) => s === 0) ? 1 : mix(seed, path, key, 3));
  const rng: RandomGenerator = xoroshiro128plusFromState(state);
  // The first outputs of a freshly seeded xoroshiro are weakly mixed; skip a few.
  for (let i = 0; i < 8; i++) rng.next();
  const uniform = (): number => {
    const a = rng.next() >>> 6;
    const b = rng.next() >>> 5;
    return (a * 134217728 + b) / TWO_POW_53;
  };
  return {
    uniform,
    normal: () => {
      const u1 = 1 - uniform();
      const u2 = uniform();
      return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    },
    daysUntil: (p) => {
      if (p <= 0) return Number.POSITIVE_INFINITY;
      if (p >= 1) return 1;
      return Math.max(1, Math.ceil(Math.log(1 - uniform()) / Math.log(1 - p)));
    },
    below: (n) => Math.floor(uniform() * n),
  };
}

/** A daily probability equivalent to a yearly one: 1 - (1 - p)^(1/365). */
export function dailyProbability(perYear: number): number {
  if (perYear >= 1) return 1;
  return -Math.expm1(Math.log1p(-perYear) / 365);
}
