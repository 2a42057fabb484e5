import type { Stream } from '../rng.ts';

/**
 * What every strategy model sees and writes. A run is compiled once (the inflow plan and the
 * parameters are fixed) and then executed per path: the runner walks days 0..T itself, so the hot
 * loop is monomorphic and allocates nothing.
 *
 * Asset index 0 is BTC, 1 is ETH. Prices are USD per whole unit at the daily close.
 */
export const BTC = 0;
export const ETH = 1;

export interface Lot {
  readonly day: number;
  readonly asset: 0 | 1;
  /** Whole units, before any strategy weight. */
  readonly quantity: number;
}

/** The path-independent half of a run: calendar, inflows and the market's liquidity. */
export interface Plan {
  /** Last day index; arrays hold days 0..days. */
  readonly days: number;
  /** Lots sorted by day (stable). */
  readonly lots: readonly Lot[];
  /** Inflow quantities per day and asset, whole units. */
  readonly inflow: readonly [Float64Array, Float64Array];
  readonly dailyVolume: readonly [number, number];
  readonly maxShareOfVolume: number;
  readonly cashYield: number;
}

/** One path's prices; ETH is an array of ones when the scenario never touches ETH. */
export type Prices = readonly [Float64Array, Float64Array];

export interface Trace {
  /** Value in USD at each day's close. */
  readonly value: Float64Array;
  /** What could be turned into cash within 30 days, USD, at each close. */
  readonly liquid: Float64Array;
  fees: number;
  failures: number;
}

export type Runner = (prices: Prices, rng: Stream, trace: Trace) => void;

export function newTrace(days: number): Trace {
  return {
    value: new Float64Array(days + 1),
    liquid: new Float64Array(days + 1),
    fees: 0,
    failures: 0,
  };
}

/** Daily growth factor of cash at a yearly effective yield. */
export function dailyGrowth(yearly: number): number {
  return Math.pow(1 + yearly, 1 / 365);
}

/**
 * Crypto held directly is convertible within 30 days up to 30 days of the market's share cap: the
 * same rule for every strategy, so their liquidity figures compare.
 */
export function cryptoLiquid(plan: Plan, asset: number, quantity: number, price: number): number {
  const cap = 30 * plan.maxShareOfVolume * (plan.dailyVolume[asset] ?? 0);
  return Math.min(quantity, cap) * price;
}

/** Groups lots by the day an action happens (`day + delay`), dropping those past the horizon. */
export function actionDays(plan: Plan, delay: number): { day: number; lots: Lot[] }[] {
  const out: { day: number; lots: Lot[] }[] = [];
  for (const lot of plan.lots) {
    const day = lot.day + delay;
    if (day > plan.days) continue;
    const last = out[out.length - 1];
    if (last?.day === day) last.lots.push(lot);
    else out.push({ day, lots: [lot] });
  }
  return out;
}
