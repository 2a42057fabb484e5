import { ASSETS, isAssetCode } from '../core/assets.ts';
import { formatUnitsFixed } from '../core/money.ts';
import type { DailySeries } from '../market/series.ts';
import type { Holding, Valuation } from '../market/valuation.ts';
import { evaluateLimits, type Breach, type Limit } from './limits.ts';
import { liquidityLadder, type LiquidityPosition, type LiquidityTerms } from './liquidity.ts';
import { lookThrough, type RiskPosition } from './lookthrough.ts';
import { correlationMatrix, logReturns, maxDrawdown, stdev } from './stats.ts';
import {
  applyScenario,
  HISTORICAL_SCENARIOS,
  historicalScenario,
  hypothetical,
  type Scenario,
  type StressPosition,
} from './stress.ts';
import { alignSeries, varFigures, type RiskRunOptions, type VarFigure } from './var.ts';

/** The historical scenarios, which the demo's generated prices replay. */
export { HISTORICAL_SCENARIOS };

/**
 * One risk report: look-through exposures, factor statistics, VaR/CVaR by three methods, the stress
 * library, the liquidity ladder and limit breaches, for a valued list of holdings. Exact values come
 * from the valuation; the statistics are floats in the reporting currency (risk is computed on USD
 * returns and translated at the day's rate; the reporting currency's own FX risk is a stress).
 */
export type RiskHolding = Holding & {
  readonly liquidity?: LiquidityTerms;
  readonly custodian?: string;
  /** For funds: daily volatility not explained by the loadings (default 1%). */
  readonly idiosyncraticVolDaily?: number;
};

export interface ReportInput {
  readonly valuation: Valuation;
  readonly holdings: readonly RiskHolding[];
  /** USD price series per factor (BTC, ETH, XAU…), over the lookback window. */
  readonly history: readonly DailySeries[];
  /**
   * USD series around each historical stress window, by scenario id, read from the market store;
   * a scenario without an entry is measured on `history` (which rarely reaches that far back).
   */
  readonly stressHistory?: Readonly<Record<string, readonly DailySeries[]>>;
  /** 1 USD in the reporting currency on the day. */
  readonly usdInReporting: number;
  readonly limits: readonly { readonly id: string; readonly limit: Limit }[];
  readonly run?: RiskRunOptions;
}

export interface RiskReport {
  readonly day: string;
  readonly currency: string;
  readonly total: string;
  readonly stale: boolean;
  readonly exposures: Readonly<Record<string, number>>;
  readonly factors: readonly {
    readonly factor: string;
    readonly volDaily: number;
    readonly maxDrawdown: number;
    readonly observations: number;
  }[];
  readonly correlation: readonly (readonly number[])[];
  readonly var: readonly VarFigure[];
  readonly stress: readonly {
    readonly id: string;
    readonly name: string;
    readonly kind: string;
    readonly pnl: number;
    readonly pnlFraction: number;
    /**
     * A historical scenario's shock per factor and where it came from: measured on the market
     * store's series (with their sources), or the documented fallback when the store lacks them.
     */
    readonly shocks?: readonly StressShock[];
  }[];
  readonly liquidity: {
    readonly rungs: readonly { readonly days: number; readonly cumulative: string }[];
    readonly illiquid: string;
  };
  readonly breaches: readonly Breach[];
  /**
   * Exact shares of the total, in basis points rounded down as the reserve rounds its own
   * (`reserve/model.ts` shareBps), so the Risk page shows the figures the Reserve and Managers
   * pages show: look-through crypto exposure, and the value with each manager by name.
   */
  readonly shares: {
    readonly cryptoBps: number;
    readonly managersBps: Readonly<Record<string, number>>;
  };
}

export interface StressShock {
  readonly factor: string;
  readonly shock: number;
  readonly from: 'series' | 'fallback';
  readonly sources?: readonly string[];
}

/** Minor units of the reporting currency as a float of whole units (risk engine only). */
function toFloat(minor: bigint, scale: number): number {
  return Number(minor) / 10 ** scale;
}

export async function buildReport(input: ReportInput): Promise<RiskReport> {
  const { valuation, holdings, usdInReporting } = input;
  const scale = ASSETS[valuation.currency].scale;
  const valueOf = new Map(valuation.lines.map((l) => [l.id, toFloat(l.value ?? 0n, scale)]));
  const positions = holdings.map((h) => riskPosition(h, valueOf.get(h.id) ?? 0));
  const factors = input.history.filter((s) => s.close.length > 11);
  // A day before any stored history has no factor to align: the report still values the holdings,
  // with no exposures, correlation or VaR, as it does when the history is too short for them.
  const history =
    factors.length === 0 ? { factors: [], dates: [], prices: [] } : alignSeries(factors);
  const exposures = lookThrough(
    positions.map((p) => p.position),
    history.factors,
  );
  // Factor exposures are in reporting currency; VaR is scale-free, so no USD round trip is needed.
  const figures = history.dates.length > 11 ? await varFigures(history, exposures, input.run) : [];
  const total = toFloat(valuation.total, scale);
  const ladder = liquidityLadder(
    valuation.day,
    holdings.map((h) => liquidityPosition(h, valuation)),
  );
  const stress = stressResults(positions, input, valuation.currency, usdInReporting);
  const managers: Record<string, number> = {};
  for (const p of positions)
    if (p.position.kind === 'fund')
      managers[p.position.manager] = (managers[p.position.manager] ?? 0) + p.position.value;
  const breaches = evaluateLimits(input.limits, {
    total,
    var: figures,
    cryptoExposure: cryptoExposure(positions),
    managers,
    ladder: ladder.rungs.map((r) => ({ days: r.days, cumulative: toFloat(r.cumulative, scale) })),
  });
  return {
    day: valuation.day,
    currency: valuation.currency,
    total: formatUnitsFixed(valuation.total, scale),
    stale: valuation.stale,
    exposures: Object.fromEntries(history.factors.map((f, i) => [f, exposures.values[i] ?? 0])),
    factors: factorStats(history.factors, history.prices),
    correlation:
      history.factors.length > 0 && history.dates.length > 2
        ? matrixRows(correlationMatrix(history.prices.map(logReturns)), history.factors.length)
        : [],
    var: figures,
    stress,
    liquidity: {
      rungs: ladder.rungs.map((r) => ({
        days: r.days,
        cumulative: formatUnitsFixed(r.cumulative, scale),
      })),
      illiquid: formatUnitsFixed(ladder.illiquid, scale),
    },
    breaches,
    shares: exactShares(holdings, valuation),
  };
}

function floorBps(part: bigint, whole: bigint): number {
  return whole <= 0n ? 0 : Number((part * 10_000n) / whole);
}

/** The crypto and per-manager shares from the valuation's exact values (see `shares`). */
function exactShares(holdings: readonly RiskHolding[], valuation: Valuation): RiskReport['shares'] {
  const valueOf = new Map(valuation.lines.map((l) => [l.id, l.value ?? 0n]));
  let crypto = 0n;
  const managers = new Map<string, bigint>();
  for (const h of holdings) {
    const v = valueOf.get(h.id) ?? 0n;
    if (h.kind === 'fund') {
      crypto += v;
      managers.set(h.manager, (managers.get(h.manager) ?? 0n) + v);
    } else if (['crypto', 'stablecoin'].includes(ASSETS[h.asset].kind)) crypto += v;
  }
  return {
    cryptoBps: floorBps(crypto, valuation.total),
    managersBps: Object.fromEntries(
      [...managers].map(([m, v]) => [m, floorBps(v, valuation.total)]),
    ),
  };
}

function riskPosition(h: RiskHolding, value: number): StressPosition {
  const position: RiskPosition =
    h.kind === 'asset'
      ? { kind: 'direct', factor: h.asset, value }
      : {
          kind: 'fund',
          manager: h.manager,
          value,
          loadings: h.loadings ?? {},
          idiosyncraticVolDaily: h.idiosyncraticVolDaily ?? 0.01,
        };
  return h.custodian === undefined
    ? { id: h.id, position }
    : { id: h.id, position, custodian: h.custodian };
}

/** Default terms: fiat is cash, other assets sell at T+2; a fund without stated terms is illiquid. */
function liquidityPosition(h: RiskHolding, valuation: Valuation): LiquidityPosition {
  const value = valuation.lines.find((l) => l.id === h.id)?.value ?? 0n;
  if (h.liquidity !== undefined) return { id: h.id, value, terms: h.liquidity };
  if (h.kind === 'fund')
    return { id: h.id, value, terms: { kind: 'illiquid', reason: 'fund terms unknown' } };
  return {
    id: h.id,
    value,
    terms:
      ASSETS[h.asset].kind === 'fiat' ? { kind: 'cash' } : { kind: 'market', settlementDays: 2 },
  };
}

function cryptoExposure(positions: readonly StressPosition[]): number {
  let sum = 0;
  for (const { position: p } of positions) {
    if (p.kind === 'fund') sum += p.value;
    else if (isAssetCode(p.factor) && ['crypto', 'stablecoin'].includes(ASSETS[p.factor].kind))
      sum += p.value;
  }
  return sum;
}

function stressResults(
  positions: readonly StressPosition[],
  input: ReportInput,
  currency: string,
  usdInReporting: number,
): RiskReport['stress'] {
  const managers = [
    ...new Set(positions.flatMap((p) => (p.position.kind === 'fund' ? [p.position.manager] : []))),
  ];
  const custodians = [
    ...new Set(positions.flatMap((p) => (p.custodian === undefined ? [] : [p.custodian]))),
  ];
  const scenarios: Scenario[] = [
    ...HISTORICAL_SCENARIOS.map((h) =>
      historicalScenario(h, input.stressHistory?.[h.id] ?? input.history),
    ),
    ...managers.map((m) => hypothetical.managerDefault(m, 0)),
    ...custodians.map((c) => hypothetical.custodianHack(c, 1)),
    hypothetical.stablecoinDepeg('USDT', -0.2),
    hypothetical.stablecoinDepeg('USDC', -0.2),
    hypothetical.goldDown(-0.2),
    hypothetical.kztDevaluation(0.2),
  ];
  // Position values are in the reporting currency; the scenario engine works in USD.
  const inUsd = positions.map((p) => ({
    ...p,
    position: { ...p.position, value: p.position.value / usdInReporting },
  }));
  return scenarios.map((s) => {
    const r = applyScenario(inUsd, s, { currency, usdInReporting });
    const row = { id: s.id, name: s.name, kind: s.kind, pnl: r.pnl, pnlFraction: r.pnlFraction };
    return s.provenance === undefined ? row : { ...row, shocks: shocksOf(s) };
  });
}

function shocksOf(s: Scenario): StressShock[] {
  return Object.entries(s.factorShocks).map(([factor, shock]) => {
    const from = s.provenance?.[factor] ?? 'fallback';
    const sources = s.sources?.[factor];
    return sources === undefined ? { factor, shock, from } : { factor, shock, from, sources };
  });
}

function factorStats(
  factors: readonly string[],
  prices: readonly Float64Array[],
): RiskReport['factors'] {
  return factors.map((factor, i) => {
    const p = prices[i] ?? new Float64Array(0);
    return {
      factor,
      volDaily: p.length > 2 ? stdev(logReturns(p)) : 0,
      maxDrawdown: maxDrawdown(p).depth,
      observations: p.length,
    };
  });
}

function matrixRows(m: Float64Array, n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from(m.subarray(i * n, i * n + n)));
}
