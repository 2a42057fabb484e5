/* eslint-disable @typescript-eslint/no-non-null-assertion --
   Numeric kernel: every index is bounded by its loop over typed arrays of asserted lengths. A `!`
   states that; a `?? 0` would silently turn an indexing bug into a wrong figure. */
import { assert } from '../core/assert.ts';
import type { DailySeries } from '../market/series.ts';
import type { Exposures } from './lookthrough.ts';
import {
  cholesky,
  covarianceMatrix,
  empiricalTail,
  horizonReturns,
  logReturns,
  mean,
  normalPdf,
  normalQuantile,
  simpleReturns,
  type Tail,
} from './stats.ts';
import type { PathModel } from './montecarlo.ts';
import { runMonteCarlo } from './parallel.ts';

/**
 * VaR and CVaR by three methods over the same factor history. Conventions (docs/design/risk.md):
 * losses are positive numbers in the reporting currency; the drift is zero unless `meanMode` is
 * `sample` (the conservative, regulator-style default, since a sample mean of crypto returns is
 * mostly noise and lowers VaR); horizons are in trading rows of the aligned history.
 */
export const CONFIDENCES = [0.95, 0.99] as const;
export const HORIZONS = [1, 10] as const;
export type VarMethod = 'historical' | 'parametric' | 'monte_carlo';
export type MeanMode = 'zero' | 'sample';

export interface FactorHistory {
  readonly factors: readonly string[];
  /** Dates common to every factor, ascending. */
  readonly dates: readonly string[];
  /** Close per factor on those dates, in reporting currency per unit. */
  readonly prices: readonly Float64Array[];
}

export interface VarFigure {
  readonly method: VarMethod;
  readonly confidence: number;
  readonly horizonDays: number;
  readonly var: number;
  readonly cvar: number;
}

/** Keeps the dates every series has (gold trades on weekdays, crypto every day). */
export function alignSeries(
  series: readonly DailySeries[],
  from?: string,
  to?: string,
): FactorHistory {
  assert(series.length > 0, 'at least one series');
  const counts = new Map<string, number>();
  for (const s of series) for (const d of s.dates) counts.set(d, (counts.get(d) ?? 0) + 1);
  const dates = [...counts.entries()]
    .filter(
      ([d, c]) =>
        c === series.length && (from === undefined || d >= from) && (to === undefined || d <= to),
    )
    .map(([d]) => d)
    .sort();
  const prices = series.map((s) => {
    const at = new Map(s.dates.map((d, i) => [d, i]));
    return Float64Array.from(dates, (d) => s.close[at.get(d) ?? -1] ?? Number.NaN);
  });
  return { factors: series.map((s) => s.asset), dates, prices };
}

/** Historical P&L of today's exposures under each overlapping `days`-day window of the history. */
export function historicalPnl(
  history: FactorHistory,
  exposures: Exposures,
  days: number,
): Float64Array {
  assert(exposures.factors.length === history.factors.length, 'exposures match the factors');
  const returns = history.prices.map((p) => horizonReturns(p, days));
  const n = returns[0]?.length ?? 0;
  const pnl = new Float64Array(n);
  for (let k = 0; k < returns.length; k++) {
    const e = exposures.values[k]!;
    const r = returns[k]!;
    for (let t = 0; t < n; t++) pnl[t] = pnl[t]! + e * r[t]!;
  }
  return pnl;
}

export interface Moments {
  readonly mu: Float64Array;
  readonly cov: Float64Array;
}

/** Daily mean and covariance of the factor returns, extended by one independent factor per manager. */
export function factorMoments(
  history: FactorHistory,
  exposures: Exposures,
  kind: 'simple' | 'log',
  meanMode: MeanMode,
): Moments {
  const returns = history.prices.map((p) => (kind === 'simple' ? simpleReturns(p) : logReturns(p)));
  const m = returns.length;
  const n = m + exposures.idiosyncratic.length;
  const base = covarianceMatrix(returns);
  const cov = new Float64Array(n * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) cov[i * n + j] = base[i * m + j]!;
  exposures.idiosyncratic.forEach((x, k) => {
    cov[(m + k) * n + m + k] = x.volDaily * x.volDaily;
  });
  const mu = new Float64Array(n);
  if (meanMode === 'sample') returns.forEach((r, i) => (mu[i] = mean(r)));
  return { mu, cov };
}

/** Exposures on the model factors followed by each manager's idiosyncratic exposure. */
export function exposureVector(exposures: Exposures): Float64Array {
  const out = new Float64Array(exposures.values.length + exposures.idiosyncratic.length);
  out.set(exposures.values);
  exposures.idiosyncratic.forEach((x, k) => (out[exposures.values.length + k] = x.exposure));
  return out;
}

/** Delta-normal VaR and CVaR: P&L ~ N(h e.mu, h e'Ce). */
export function parametricTail(
  moments: Moments,
  e: Float64Array,
  confidence: number,
  days: number,
): Tail {
  const n = e.length;
  let drift = 0;
  let variance = 0;
  for (let i = 0; i < n; i++) {
    drift += e[i]! * moments.mu[i]!;
    for (let j = 0; j < n; j++) variance += e[i]! * moments.cov[i * n + j]! * e[j]!;
  }
  const sigma = Math.sqrt(Math.max(0, variance) * days);
  const z = normalQuantile(confidence);
  return {
    var: z * sigma - drift * days,
    cvar: (sigma * normalPdf(z)) / (1 - confidence) - drift * days,
    tailCount: 0,
  };
}

export interface RiskRunOptions {
  readonly meanMode?: MeanMode;
  readonly paths?: number;
  readonly seed?: number;
  readonly workers?: number;
  readonly model?: PathModel;
  readonly onProgress?: (done: number, total: number) => void;
}

/** All figures: three methods x 95/99% x 1/10 days. Monte Carlo runs once per horizon. */
export async function varFigures(
  history: FactorHistory,
  exposures: Exposures,
  options: RiskRunOptions = {},
): Promise<VarFigure[]> {
  const meanMode = options.meanMode ?? 'zero';
  const model = options.model ?? 'lognormal';
  const figures: VarFigure[] = [];
  const e = exposureVector(exposures);
  const simple = factorMoments(history, exposures, 'simple', meanMode);
  const mcMoments =
    model === 'normal' ? simple : factorMoments(history, exposures, 'log', meanMode);
  const chol = cholesky(mcMoments.cov, e.length);
  for (const days of HORIZONS) {
    const hist = historicalPnl(history, exposures, days);
    const mc = await runMonteCarlo(
      {
        exposures: e,
        mu: mcMoments.mu,
        chol,
        paths: options.paths ?? 100_000,
        days,
        seed: options.seed ?? 1,
        model,
      },
      {
        workers: options.workers ?? 0,
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      },
    );
    for (const confidence of CONFIDENCES) {
      const h = empiricalTail(hist, confidence);
      const p = parametricTail(simple, e, confidence, days);
      const m = empiricalTail(mc, confidence);
      figures.push({
        method: 'historical',
        confidence,
        horizonDays: days,
        var: h.var,
        cvar: h.cvar,
      });
      figures.push({
        method: 'parametric',
        confidence,
        horizonDays: days,
        var: p.var,
        cvar: p.cvar,
      });
      figures.push({
        method: 'monte_carlo',
        confidence,
        horizonDays: days,
        var: m.var,
        cvar: m.cvar,
      });
    }
  }
  return figures;
}
