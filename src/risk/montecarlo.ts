/* eslint-disable @typescript-eslint/no-non-null-assertion --
   Numeric kernel: every index is bounded by its loop over typed arrays of asserted lengths. A `!`
   states that; a `?? 0` would silently turn an indexing bug into a wrong figure. */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';
import { assert } from '../core/assert.ts';

/**
 * Monte Carlo P&L of a linear portfolio of factor exposures, in the reporting currency. Each path
 * draws `days` daily factor returns x_d = mu + L z_d (z standard normal by the polar method, L the
 * Cholesky factor of the daily covariance) and sums them per factor. The P&L of factor k is then
 * - `normal`:    e_k * sum_d x_{d,k} (simple returns added; exact agreement with the parametric method);
 * - `lognormal`: e_k * (exp(sum_d x_{d,k}) - 1) (log returns compounded; prices stay positive).
 *
 * Reproducibility: paths are cut into blocks of `BLOCK_PATHS`; block b draws from the seed's
 * xoroshiro128+ stream jumped b times (2^64 draws apart, so streams never overlap). A block's paths
 * are therefore the same whichever thread runs it, and the assembled result is bit-for-bit the same
 * for any number of workers.
 */
export const BLOCK_PATHS = 2048;

export type PathModel = 'normal' | 'lognormal';

export interface MonteCarloSpec {
  /** Reporting-currency exposure per factor (idiosyncratic factors included). */
  readonly exposures: Float64Array;
  /** Daily mean per factor (zeros for the conservative zero-drift convention). */
  readonly mu: Float64Array;
  /** Row-major lower-triangular Cholesky factor of the daily covariance, n x n. */
  readonly chol: Float64Array;
  readonly paths: number;
  readonly days: number;
  readonly seed: number;
  readonly model: PathModel;
}

export function blockCount(paths: number): number {
  return Math.ceil(paths / BLOCK_PATHS);
}

/** The generator of block `b`: the seed's stream jumped b times. */
export function blockGenerator(seed: number, block: number): JumpableRandomGenerator {
  const rng = xoroshiro128plus(seed);
  for (let i = 0; i < block; i++) rng.jump();
  return rng;
}

export function checkSpec(spec: MonteCarloSpec): void {
  const n = spec.exposures.length;
  assert(n > 0, 'at least one factor');
  assert(spec.mu.length === n && spec.chol.length === n * n, 'mu and chol match the factors');
  assert(Number.isInteger(spec.paths) && spec.paths > 0, 'paths is a positive integer');
  assert(Number.isInteger(spec.days) && spec.days > 0, 'days is a positive integer');
  assert(Number.isInteger(spec.seed), 'the seed is an integer');
}

/** Maps an unsigned 32-bit integer onto [0, 2). */
const SCALE_31 = 2 ** -31;

/**
 * Simulates blocks [from, to) into `out` (indexed by absolute path number). The hot loop keeps the
 * generator's state in locals (xoroshiro128+ exactly as pure-rand steps it, so the draws are the
 * same bits), reuses two typed arrays and draws normals in pairs; it allocates nothing per path.
 */
export function simulateBlocks(
  spec: MonteCarloSpec,
  from: number,
  to: number,
  out: Float64Array,
  outOffset = from * BLOCK_PATHS,
  onBlock?: () => void,
): void {
  const n = spec.exposures.length;
  const z = new Float64Array(n + 1);
  const cum = new Float64Array(n);
  const rng = blockGenerator(spec.seed, from);
  for (let block = from; block < to; block++) {
    if (block > from) rng.jump();
    // `rng` stays at the block's start, one jump from the next block; the block draws from a copy.
    const first = block * BLOCK_PATHS;
    const last = Math.min(spec.paths, first + BLOCK_PATHS);
    simulatePaths(spec, rng.getState(), first, last, out, outOffset, z, cum);
    onBlock?.();
  }
}

/** Paths [first, last) from the generator state `state` (pure-rand's s01, s00, s11, s10). */
function simulatePaths(
  spec: MonteCarloSpec,
  state: readonly number[],
  first: number,
  last: number,
  out: Float64Array,
  outOffset: number,
  z: Float64Array,
  cum: Float64Array,
): void {
  const n = spec.exposures.length;
  const { chol, mu, exposures, days } = spec;
  const lognormal = spec.model === 'lognormal';
  let s01 = state[0]!;
  let s00 = state[1]!;
  let s11 = state[2]!;
  let s10 = state[3]!;
  for (let path = first; path < last; path++) {
    cum.fill(0);
    for (let d = 0; d < days; d++) {
      for (let k = 0; k < n; k += 2) {
        // Marsaglia's polar method on 32-bit uniforms: no trigonometry, one log per pair.
        let v1: number;
        let v2: number;
        let s: number;
        do {
          let r = (s00 + s10) | 0;
          let a0 = s10 ^ s00;
          let a1 = s11 ^ s01;
          let t00 = s00;
          let t01 = s01;
          s00 = (t00 << 24) ^ (t01 >>> 8) ^ a0 ^ (a0 << 16);
          s01 = (t01 << 24) ^ (t00 >>> 8) ^ a1 ^ ((a1 << 16) | (a0 >>> 16));
          s10 = (a1 << 5) ^ (a0 >>> 27);
          s11 = (a0 << 5) ^ (a1 >>> 27);
          v1 = (r >>> 0) * SCALE_31 - 1;
          r = (s00 + s10) | 0;
          a0 = s10 ^ s00;
          a1 = s11 ^ s01;
          t00 = s00;
          t01 = s01;
          s00 = (t00 << 24) ^ (t01 >>> 8) ^ a0 ^ (a0 << 16);
          s01 = (t01 << 24) ^ (t00 >>> 8) ^ a1 ^ ((a1 << 16) | (a0 >>> 16));
          s10 = (a1 << 5) ^ (a0 >>> 27);
          s11 = (a0 << 5) ^ (a1 >>> 27);
          v2 = (r >>> 0) * SCALE_31 - 1;
          s = v1 * v1 + v2 * v2;
        } while (s >= 1 || s === 0);
        const f = Math.sqrt((-2 * Math.log(s)) / s);
        z[k] = v1 * f;
        z[k + 1] = v2 * f;
      }
      for (let i = 0; i < n; i++) {
        let x = mu[i]!;
        const row = i * n;
        for (let j = 0; j <= i; j++) x += chol[row + j]! * z[j]!;
        cum[i] = cum[i]! + x;
      }
    }
    let pnl = 0;
    for (let i = 0; i < n; i++) {
      pnl += exposures[i]! * (lognormal ? Math.expm1(cum[i]!) : cum[i]!);
    }
    out[path - outOffset] = pnl;
  }
}

/** Single-threaded run: P&L per path, in path order. */
export function simulatePnl(spec: MonteCarloSpec, onBlock?: () => void): Float64Array {
  checkSpec(spec);
  const out = new Float64Array(spec.paths);
  simulateBlocks(spec, 0, blockCount(spec.paths), out, 0, onBlock);
  return out;
}
