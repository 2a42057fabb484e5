import { randomBytes } from 'node:crypto';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/**
 * The only source of randomness. Production uses the OS CSPRNG; tests and simulations inject a
 * seeded source so that any run can be replayed.
 */
export interface RandomSource {
  bytes(n: number): Uint8Array;
}

export const cryptoRandom: RandomSource = { bytes: (n) => new Uint8Array(randomBytes(n)) };

/** Deterministic bytes from a seed. Never use for secrets. */
export function seededRandom(seed: number): RandomSource {
  const rng = xoroshiro128plus(seed);
  return {
    bytes: (n) => {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) out[i] = rng.next() & 0xff;
      return out;
    },
  };
}
