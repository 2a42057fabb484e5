import { randomFillSync } from 'node:crypto';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/**
 * The only source of randomness. Production uses the OS CSPRNG; tests and simulations inject a
 * seeded source so that any run can be replayed.
 */
export interface RandomSource {
  bytes(n: number): Uint8Array;
}

/**
 * The OS CSPRNG, drawn 4 KiB at a time: one system call per id made `ids.next()` a tenth of a
 * batch of ledger transfers. Every byte is handed out once, copied, and never reused.
 */
export const cryptoRandom: RandomSource = pooledCsprng(4096);

function pooledCsprng(poolBytes: number): RandomSource {
  const pool = new Uint8Array(poolBytes);
  let used = poolBytes;
  return {
    bytes: (n) => {
      if (n > poolBytes) return randomFillSync(new Uint8Array(n));
      if (used + n > poolBytes) {
        randomFillSync(pool);
        used = 0;
      }
      const out = pool.slice(used, used + n);
      used += n;
      return out;
    },
  };
}

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
