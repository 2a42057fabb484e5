import { describe, expect, it } from 'vitest';
import { BLOCK_PATHS, simulatePnl, type MonteCarloSpec } from './montecarlo.ts';
import { runMonteCarlo, splitBlocks } from './parallel.ts';
import { parametricTail } from './var.ts';
import { cholesky, empiricalTail } from './stats.ts';

/** Three correlated factors with crypto-like daily volatilities; exposures in reporting currency. */
const VOLS = [0.036, 0.047, 0.011];
const CORR = [1, 0.8, 0.1, 0.8, 1, 0.1, 0.1, 0.1, 1];
const COV = Float64Array.from(CORR, (c, i) => c * VOLS[Math.floor(i / 3)]! * VOLS[i % 3]!);
const EXPOSURES = Float64Array.from([60e6, 25e6, 150e6]);

function spec(paths: number, days: number, seed: number): MonteCarloSpec {
  return {
    exposures: EXPOSURES,
    mu: new Float64Array(3),
    chol: cholesky(COV, 3),
    paths,
    days,
    seed,
    model: 'normal',
  };
}

describe('Monte Carlo', () => {
  it('is reproducible bit for bit on one thread, and across 1 and 2 worker threads', async () => {
    const s = spec(3 * BLOCK_PATHS + 100, 10, 42);
    const inline = simulatePnl(s);
    expect(simulatePnl(s)).toEqual(inline);
    const one = await runMonteCarlo(s, { workers: 1 });
    const two = await runMonteCarlo(s, { workers: 2 });
    expect(Buffer.from(one.buffer).equals(Buffer.from(inline.buffer))).toBe(true);
    expect(Buffer.from(two.buffer).equals(Buffer.from(inline.buffer))).toBe(true);
    expect(simulatePnl(spec(3 * BLOCK_PATHS + 100, 10, 43))).not.toEqual(inline);
  });

  it('reports progress once per block', async () => {
    const seen: number[] = [];
    await runMonteCarlo(spec(2 * BLOCK_PATHS, 1, 1), {
      workers: 2,
      onProgress: (d) => seen.push(d),
    });
    expect(seen).toEqual([1, 2]);
  });

  it('converges to the parametric VaR on normal returns: within 2% at 95% and 3% at 99% (200k paths)', () => {
    for (const days of [1, 10]) {
      const pnl = simulatePnl(spec(200_000, days, 7));
      for (const [confidence, tolerance] of [
        [0.95, 0.02],
        [0.99, 0.03],
      ] as const) {
        const mc = empiricalTail(pnl, confidence);
        const exact = parametricTail(
          { mu: new Float64Array(3), cov: COV },
          EXPOSURES,
          confidence,
          days,
        );
        expect(Math.abs(mc.var / exact.var - 1)).toBeLessThan(tolerance);
        expect(Math.abs(mc.cvar / exact.cvar - 1)).toBeLessThan(tolerance);
      }
    }
  });

  it('splits blocks into contiguous, even ranges', () => {
    expect(splitBlocks(5, 2)).toEqual([
      [0, 3],
      [3, 5],
    ]);
    expect(splitBlocks(1, 2)).toEqual([[0, 1]]);
  });
});
