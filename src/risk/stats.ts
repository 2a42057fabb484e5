/* eslint-disable @typescript-eslint/no-non-null-assertion --
   Numeric kernel: every index is bounded by its loop over typed arrays of asserted lengths. A `!`
   states that; a `?? 0` would silently turn an indexing bug into a wrong figure. */
import { assert } from '../core/assert.ts';

/**
 * The numerical kernel of the risk engine: plain loops over Float64Array, no I/O, no randomness.
 * Floats live only inside the risk engine; amounts arrive here already converted by the caller.
 *
 * Return definitions (docs/design/risk.md):
 * - simple close-to-close `r_t = P_t / P_{t-1} - 1`: P&L, VaR, CVaR, stress, drawdown, because a
 *   portfolio's P&L is linear in simple returns;
 * - log close-to-close `l_t = ln(P_t / P_{t-1})`: volatility and correlation, because they add
 *   over time and are what "daily volatility" conventionally quotes.
 */
export function simpleReturns(prices: Float64Array): Float64Array {
  const out = new Float64Array(Math.max(0, prices.length - 1));
  for (let i = 1; i < prices.length; i++) out[i - 1] = prices[i]! / prices[i - 1]! - 1;
  return out;
}

export function logReturns(prices: Float64Array): Float64Array {
  const out = new Float64Array(Math.max(0, prices.length - 1));
  for (let i = 1; i < prices.length; i++) out[i - 1] = Math.log(prices[i]! / prices[i - 1]!);
  return out;
}

/** Overlapping h-day simple returns `P_{t+h} / P_t - 1`, for historical multi-day VaR. */
export function horizonReturns(prices: Float64Array, days: number): Float64Array {
  assert(Number.isInteger(days) && days >= 1, 'the horizon is a whole number of days');
  const out = new Float64Array(Math.max(0, prices.length - days));
  for (let i = days; i < prices.length; i++) out[i - days] = prices[i]! / prices[i - days]! - 1;
  return out;
}

export function mean(xs: Float64Array): number {
  assert(xs.length > 0, 'the mean of nothing');
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Sample standard deviation (n - 1). */
export function stdev(xs: Float64Array): number {
  return Math.sqrt(covariance(xs, xs));
}

/** Sample covariance (n - 1) of two equally long series. */
export function covariance(a: Float64Array, b: Float64Array): number {
  assert(a.length === b.length && a.length > 1, 'covariance needs two equal series of 2+ points');
  const ma = mean(a);
  const mb = mean(b);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - ma) * (b[i]! - mb);
  return s / (a.length - 1);
}

/** Row-major n x n sample covariance matrix of n equally long series. */
export function covarianceMatrix(series: readonly Float64Array[]): Float64Array {
  const n = series.length;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const c = covariance(series[i]!, series[j]!);
      out[i * n + j] = c;
      out[j * n + i] = c;
    }
  }
  return out;
}

export function correlationMatrix(series: readonly Float64Array[]): Float64Array {
  const n = series.length;
  const cov = covarianceMatrix(series);
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      out[i * n + j] = cov[i * n + j]! / Math.sqrt(cov[i * n + i]! * cov[j * n + j]!);
    }
  }
  return out;
}

export interface Drawdown {
  /** Worst peak-to-trough fall as a fraction, e.g. -0.838. */
  readonly depth: number;
  readonly peakIndex: number;
  readonly troughIndex: number;
}

export function maxDrawdown(prices: Float64Array): Drawdown {
  let peak = -Infinity;
  let peakAt = 0;
  let best: Drawdown = { depth: 0, peakIndex: 0, troughIndex: 0 };
  for (let i = 0; i < prices.length; i++) {
    const p = prices[i]!;
    if (p > peak) {
      peak = p;
      peakAt = i;
    }
    const depth = p / peak - 1;
    if (depth < best.depth) best = { depth, peakIndex: peakAt, troughIndex: i };
  }
  return best;
}

export interface Tail {
  /** Value at risk: a loss, positive when the quantile is a loss. */
  readonly var: number;
  /** Expected shortfall: the mean loss over the tail, never below `var`. */
  readonly cvar: number;
  readonly tailCount: number;
}

/**
 * Empirical VaR and CVaR of a P&L sample at `confidence` (0.95, 0.99). The tail is the worst
 * m = ceil((1 - confidence) * n) outcomes; VaR is the least bad of them and CVaR their mean. The
 * same definition serves the historical and Monte Carlo methods. Sorts a copy.
 */
export function empiricalTail(pnl: Float64Array, confidence: number): Tail {
  assert(confidence > 0 && confidence < 1, 'confidence is in (0, 1)');
  assert(pnl.length > 0, 'a tail of nothing');
  const sorted = Float64Array.from(pnl).sort();
  const m = Math.max(1, Math.ceil((1 - confidence) * sorted.length - 1e-9));
  let s = 0;
  for (let i = 0; i < m; i++) s += sorted[i]!;
  return { var: -sorted[m - 1]!, cvar: -s / m, tailCount: m };
}

/** The standard normal density. */
export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

/**
 * The standard normal quantile (Acklam's rational approximation, relative error below 1.15e-9,
 * far finer than any VaR estimate needs).
 */
export function normalQuantile(p: number): number {
  assert(p > 0 && p < 1, 'the normal quantile needs p in (0, 1)');
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972,
    -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734,
    4.374664141464968, 2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  let x: number;
  if (p < lo || p > 1 - lo) {
    const q = Math.sqrt(-2 * Math.log(p < lo ? p : 1 - p));
    const v =
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
    x = p < lo ? v : -v;
  } else {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
      (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
  }
  return x;
}

/**
 * Lower-triangular Cholesky factor (row-major) of a symmetric positive semi-definite matrix. A zero
 * pivot (a factor with no variance, or one that is an exact combination of others) yields a zero
 * column instead of failing; a clearly negative pivot is a bug in the caller's matrix.
 */
export function cholesky(matrix: Float64Array, n: number): Float64Array {
  assert(matrix.length === n * n, 'the matrix is n x n');
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = matrix[i * n + j]!;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      if (i === j) {
        const scale = Math.max(Math.abs(matrix[i * n + i]!), 1e-300);
        assert(s > -1e-10 * scale, `the matrix is not positive semi-definite at ${i}`);
        l[i * n + i] = s > 0 ? Math.sqrt(s) : 0;
      } else {
        const pivot = l[j * n + j]!;
        l[i * n + j] = pivot > 0 ? s / pivot : 0;
      }
    }
  }
  return l;
}
