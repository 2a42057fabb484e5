import type { DailySeries } from '../market/series.ts';
import { indexOnOrBefore } from '../market/series.ts';
import type { RiskPosition } from './lookthrough.ts';

/**
 * Stress tests: a scenario is a set of shocks (simple returns) to factors, managers and custodians,
 * applied to today's positions. Historical scenarios are defined by a date window: the shock of a
 * factor is close(end) / close(base) - 1, where `base` is the last close before the event, computed
 * from the price series when the series covers both days, and otherwise taken from the documented
 * fallback (docs/design/risk.md). Hypothetical scenarios are shocks by construction.
 *
 * Values are reporting-currency-neutral USD floats; a shock to the reporting currency itself (a KZT
 * devaluation when reporting in KZT) is applied in `applyScenario` through the FX rate.
 */
export type Shocks = Readonly<Record<string, number>>;

export interface HistoricalScenario {
  readonly kind: 'historical';
  readonly id: string;
  readonly name: string;
  /** Last close before the event. */
  readonly base: string;
  /** Close at the end of the stress window. */
  readonly end: string;
  /** Shocks used for factors the series do not cover (measured on public data where stated). */
  readonly fallback: Shocks;
}

export const HISTORICAL_SCENARIOS: readonly HistoricalScenario[] = [
  {
    kind: 'historical',
    id: 'mtgox_2014',
    name: 'Mt.Gox collapse (Feb 2014)',
    base: '2014-02-06',
    end: '2014-02-25',
    fallback: { BTC: -0.3, ETH: -0.375, XAU: 0.066 },
  },
  {
    kind: 'historical',
    id: 'bear_2018',
    name: '2018 crypto bear market (peak to trough)',
    base: '2017-12-16',
    end: '2018-12-15',
    fallback: { BTC: -0.838, ETH: -0.879, XAU: -0.014 },
  },
  {
    kind: 'historical',
    id: 'covid_2020',
    name: 'COVID crash, Black Thursday (2020-03-12)',
    base: '2020-03-11',
    end: '2020-03-12',
    fallback: { BTC: -0.388, ETH: -0.424, XAU: -0.035 },
  },
  {
    kind: 'historical',
    id: 'china_2021',
    name: 'China mining and trading ban (2021-05-19)',
    base: '2021-05-18',
    end: '2021-05-19',
    fallback: { BTC: -0.143, ETH: -0.272, XAU: 0 },
  },
  {
    kind: 'historical',
    id: 'terra_2022',
    name: 'Terra/UST collapse (May 2022)',
    base: '2022-05-05',
    end: '2022-05-12',
    fallback: { BTC: -0.208, ETH: -0.286, XAU: -0.029, USDT: -0.02 },
  },
  {
    kind: 'historical',
    id: 'celsius_3ac_2022',
    name: 'Celsius and Three Arrows Capital (June 2022)',
    base: '2022-06-10',
    end: '2022-06-18',
    fallback: { BTC: -0.348, ETH: -0.403, XAU: -0.017 },
  },
  {
    kind: 'historical',
    id: 'ftx_2022',
    name: 'FTX collapse (Nov 2022)',
    base: '2022-11-06',
    end: '2022-11-09',
    fallback: { BTC: -0.24, ETH: -0.3, XAU: 0.016 },
  },
  {
    kind: 'historical',
    id: 'svb_usdc_2023',
    name: 'SVB failure and USDC depeg (Mar 2023)',
    base: '2023-03-08',
    end: '2023-03-11',
    fallback: { BTC: -0.05, ETH: -0.034, XAU: 0.03, USDC: -0.12 },
  },
  {
    kind: 'historical',
    id: 'yen_carry_2024',
    name: 'Yen carry-trade unwind (Aug 2024)',
    base: '2024-08-02',
    end: '2024-08-05',
    fallback: { BTC: -0.12, ETH: -0.2, XAU: -0.013 },
  },
];

export interface Scenario {
  readonly id: string;
  readonly name: string;
  readonly kind: 'historical' | 'hypothetical';
  readonly factorShocks: Shocks;
  /** Overrides look-through: the whole NAV of this manager's funds moves by the shock. */
  readonly managerShocks?: Shocks;
  /** Directly held assets at this custodian lose this fraction (a hack). */
  readonly custodianShocks?: Shocks;
  /** Where each factor's shock came from. */
  readonly provenance?: Readonly<Record<string, 'series' | 'fallback'>>;
  /** For shocks measured on a series: the market store's sources of its prices. */
  readonly sources?: Readonly<Record<string, readonly string[]>>;
}

/** Resolves a historical scenario's shocks from the series, falling back factor by factor. */
export function historicalScenario(
  h: HistoricalScenario,
  series: readonly DailySeries[],
): Scenario {
  const shocks: Record<string, number> = { ...h.fallback };
  const provenance: Record<string, 'series' | 'fallback'> = {};
  const sources: Record<string, readonly string[]> = {};
  for (const f of Object.keys(h.fallback)) provenance[f] = 'fallback';
  for (const s of series) {
    const covers = (s.dates[0] ?? '9999') <= h.base && (s.dates.at(-1) ?? '') >= h.end;
    if (!covers) continue;
    const a = s.close[indexOnOrBefore(s, h.base)];
    const b = s.close[indexOnOrBefore(s, h.end)];
    if (a === undefined || b === undefined) continue;
    shocks[s.asset] = b / a - 1;
    provenance[s.asset] = 'series';
    if (s.sources !== undefined) sources[s.asset] = s.sources;
  }
  return { id: h.id, name: h.name, kind: 'historical', factorShocks: shocks, provenance, sources };
}

export const hypothetical = {
  managerDefault: (manager: string, recoveryRate = 0): Scenario => ({
    id: `manager_default:${manager}`,
    name: `Manager ${manager} defaults (recovery ${(recoveryRate * 100).toFixed(0)}%)`,
    kind: 'hypothetical',
    factorShocks: {},
    managerShocks: { [manager]: recoveryRate - 1 },
  }),
  custodianHack: (custodian: string, lossFraction = 1): Scenario => ({
    id: `custodian_hack:${custodian}`,
    name: `Custodian ${custodian} hacked (${(lossFraction * 100).toFixed(0)}% lost)`,
    kind: 'hypothetical',
    factorShocks: {},
    custodianShocks: { [custodian]: -lossFraction },
  }),
  stablecoinDepeg: (coin: string, shock = -0.2): Scenario => ({
    id: `stablecoin_depeg:${coin}`,
    name: `${coin} depegs to ${(1 + shock).toFixed(2)}`,
    kind: 'hypothetical',
    factorShocks: { [coin]: shock },
  }),
  goldDown: (shock = -0.2): Scenario => ({
    id: 'gold_down',
    name: `Gold falls ${(-shock * 100).toFixed(0)}%`,
    kind: 'hypothetical',
    factorShocks: { XAU: shock },
  }),
  /** USD/KZT rises by `devaluation` (0.2 = 20% more tenge per dollar): KZT in USD falls 1/1.2 - 1. */
  kztDevaluation: (devaluation = 0.2): Scenario => ({
    id: 'kzt_devaluation',
    name: `Tenge devalues ${(devaluation * 100).toFixed(0)}% against the dollar`,
    kind: 'hypothetical',
    factorShocks: { KZT: 1 / (1 + devaluation) - 1 },
  }),
};

export interface StressPosition {
  readonly id: string;
  readonly position: RiskPosition;
  readonly custodian?: string;
}

export interface StressResult {
  readonly scenario: Scenario;
  /** Change in value in the reporting currency (negative is a loss). */
  readonly pnl: number;
  readonly pnlFraction: number;
  readonly byPosition: readonly { readonly id: string; readonly pnl: number }[];
}

/**
 * Applies a scenario. `usdInReporting` is the price of 1 USD in the reporting currency (1 for USD);
 * when the scenario shocks the reporting currency itself, every USD value is translated at the
 * shocked rate, which is how a KZT devaluation raises the tenge value of dollar assets.
 */
export function applyScenario(
  positions: readonly StressPosition[],
  scenario: Scenario,
  reporting: { readonly currency: string; readonly usdInReporting: number },
): StressResult {
  const fx = scenario.factorShocks[reporting.currency] ?? 0;
  const rate = reporting.usdInReporting;
  const stressedRate = reporting.currency === 'USD' ? rate : rate / (1 + fx);
  let base = 0;
  const byPosition = positions.map(({ id, position, custodian }) => {
    const before = position.value;
    const after = before * (1 + positionShock(position, custodian, scenario));
    base += before * rate;
    return { id, pnl: after * stressedRate - before * rate };
  });
  const pnl = byPosition.reduce((s, p) => s + p.pnl, 0);
  return { scenario, pnl, pnlFraction: base === 0 ? 0 : pnl / base, byPosition };
}

function positionShock(p: RiskPosition, custodian: string | undefined, s: Scenario): number {
  if (p.kind === 'fund') {
    const m = s.managerShocks?.[p.manager];
    if (m !== undefined) return m;
    let r = 0;
    for (const [factor, w] of Object.entries(p.loadings)) r += w * (s.factorShocks[factor] ?? 0);
    return Math.max(-1, r);
  }
  const market = s.factorShocks[p.factor] ?? 0;
  const hack = custodian === undefined ? 0 : (s.custodianShocks?.[custodian] ?? 0);
  return (1 + market) * (1 + hack) - 1;
}
