import { assert } from '../core/assert.ts';

/**
 * Look-through: a fund position is not one risk but a bundle. Its value loads onto market factors
 * (BTC, ETH, gold…) by the manager's reported exposures, and what those loadings do not explain is
 * the manager's own, idiosyncratic risk (strategy, operations, counterparties), modelled as an
 * independent factor per manager. Values here are reporting-currency floats: the exact values are
 * computed by the valuation (bigint) and converted once at the edge of the risk engine.
 */
export interface DirectPosition {
  readonly kind: 'direct';
  readonly factor: string;
  /** Reporting-currency market value. */
  readonly value: number;
}

export interface FundPosition {
  readonly kind: 'fund';
  readonly manager: string;
  /** Reporting-currency value of the units held (units x latest NAV). */
  readonly value: number;
  /**
   * Fraction of the fund's NAV exposed to each factor, e.g. { BTC: 0.7, ETH: 0.25 }. Gross long
   * exposure may exceed 1 with leverage; a negative loading is a short.
   */
  readonly loadings: Readonly<Record<string, number>>;
  /** Daily volatility of the fund's return not explained by the loadings. */
  readonly idiosyncraticVolDaily: number;
}

export type RiskPosition = DirectPosition | FundPosition;

export interface Idiosyncratic {
  readonly manager: string;
  readonly exposure: number;
  readonly volDaily: number;
}

export interface Exposures {
  readonly factors: readonly string[];
  /** Reporting-currency exposure per factor, in `factors` order. */
  readonly values: Float64Array;
  readonly idiosyncratic: readonly Idiosyncratic[];
  /** Value held in nothing the model prices (fund cash, unmapped factors): riskless here. */
  readonly unmodelled: number;
}

/** Maps positions onto `factors`; a loading on a factor outside the model counts as unmodelled. */
export function lookThrough(
  positions: readonly RiskPosition[],
  factors: readonly string[],
): Exposures {
  const index = new Map(factors.map((f, i) => [f, i]));
  const values = new Float64Array(factors.length);
  const idio = new Map<string, Idiosyncratic>();
  let unmodelled = 0;
  const load = (factor: string, value: number): void => {
    const at = index.get(factor);
    if (at === undefined) unmodelled += value;
    else values[at] = (values[at] ?? 0) + value;
  };
  for (const p of positions) {
    assert(Number.isFinite(p.value), 'a position value is finite');
    if (p.kind === 'direct') {
      load(p.factor, p.value);
      continue;
    }
    let loaded = 0;
    for (const [factor, weight] of Object.entries(p.loadings)) {
      load(factor, p.value * weight);
      loaded += weight;
    }
    unmodelled += p.value * Math.max(0, 1 - loaded);
    assert(p.idiosyncraticVolDaily >= 0, 'idiosyncratic volatility is not negative');
    const before = idio.get(p.manager);
    // Positions in funds of one manager share that manager's fate: their idiosyncratic parts add.
    idio.set(p.manager, {
      manager: p.manager,
      exposure: (before?.exposure ?? 0) + p.value,
      volDaily:
        before === undefined
          ? p.idiosyncraticVolDaily
          : Math.max(before.volDaily, p.idiosyncraticVolDaily),
    });
  }
  return { factors, values, idiosyncratic: [...idio.values()], unmodelled };
}
