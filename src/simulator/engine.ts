import { parseAmount } from '../core/money.ts';
import { assert } from '../core/assert.ts';
import { daysBetween, scenarioWindow, type Scenario } from './model.ts';
import { fillPath, sourceDays, type PathSource } from './paths.ts';
import { stream, streamKeyOf } from './rng.ts';
import { newTrace, type Lot, type Plan, type Trace } from './strategies/common.ts';
import { compile } from './strategies/compile.ts';

/**
 * The per-path core. `simulatePaths` runs paths [from, to) and returns one fixed-size record per
 * (path, strategy): scalar metrics followed by the value and the 30-day-convertible share at each
 * report date. It is pure given (scenario, source, seed), and a path's record depends only on its
 * own index, which is what makes any partition over workers produce the same bits.
 */
export const FIELD = {
  terminal: 0,
  contributed: 1,
  cagr: 2,
  volatility: 3,
  maxDrawdown: 4,
  fees: 5,
  failures: 6,
  dailyVar95: 7,
  dailyCvar95: 8,
} as const;
export const SCALARS = 9;

export interface Layout {
  readonly strategies: number;
  readonly grid: readonly number[];
  /** Numbers per (path, strategy). */
  readonly record: number;
}

export function layoutOf(s: Scenario, days: number): Layout {
  const grid: number[] = [];
  for (let d = 0; d < days; d += s.reportEveryDays) grid.push(d);
  grid.push(days);
  return { strategies: s.strategies.length, grid, record: SCALARS + 2 * grid.length };
}

/** Whole units as a model number; the decimal text was validated exactly by `parseScenario`. */
function quantityOf(text: string, asset: 'BTC' | 'ETH'): number {
  assert(parseAmount(text, asset).ok, `unvalidated quantity ${text}`);
  return Number.parseFloat(text);
}

export function planOf(s: Scenario, days: number): Plan {
  const { start } = scenarioWindow(s);
  const inflow: [Float64Array, Float64Array] = [
    new Float64Array(days + 1),
    new Float64Array(days + 1),
  ];
  const lots: Lot[] = s.inflows
    .map((f) => ({
      day: daysBetween(start, f.date),
      asset: f.asset === 'BTC' ? (0 as const) : (1 as const),
      quantity: quantityOf(f.quantity, f.asset),
    }))
    .sort((a, b) => a.day - b.day);
  for (const lot of lots)
    inflow[lot.asset][lot.day] = (inflow[lot.asset][lot.day] ?? 0) + lot.quantity;
  return {
    days,
    lots,
    inflow,
    dailyVolume: [s.market.dailyVolume.BTC, s.market.dailyVolume.ETH],
    maxShareOfVolume: s.market.maxShareOfVolume,
    cashYield: s.market.cashYield,
  };
}

export function simulatePaths(
  s: Scenario,
  source: PathSource,
  seed: number,
  from: number,
  to: number,
  onPath?: () => void,
): Float64Array {
  const days = sourceDays(source);
  const plan = planOf(s, days);
  const layout = layoutOf(s, days);
  const runners = s.strategies.map((x) => compile(x, plan));
  const keys = s.strategies.map((x) => streamKeyOf(x.id));
  const out = new Float64Array((to - from) * layout.strategies * layout.record);
  const btc = new Float64Array(days + 1);
  const eth = new Float64Array(days + 1);
  const flow = new Float64Array(days + 1);
  const scratch = new Float64Array(days + 1);
  const trace = newTrace(days);
  for (let path = from; path < to; path++) {
    fillPath(source, stream(seed, path, 0), btc, eth);
    fillFlows(plan, btc, eth, flow);
    for (let k = 0; k < runners.length; k++) {
      trace.fees = 0;
      trace.failures = 0;
      runners[k]?.([btc, eth], stream(seed, path, keys[k] ?? 1), trace);
      const at = ((path - from) * layout.strategies + k) * layout.record;
      writeRecord(out, at, trace, flow, scratch, layout);
    }
    onPath?.();
  }
  return out;
}

/** Market value of each day's inflows at that day's close (the contributions). */
function fillFlows(plan: Plan, btc: Float64Array, eth: Float64Array, flow: Float64Array): void {
  const [inB, inE] = plan.inflow;
  for (let t = 0; t < flow.length; t++) {
    flow[t] = (inB[t] ?? 0) * (btc[t] ?? 0) + (inE[t] ?? 0) * (eth[t] ?? 0);
  }
}

function writeRecord(
  out: Float64Array,
  at: number,
  tr: Trace,
  flow: Float64Array,
  returns: Float64Array,
  layout: Layout,
): void {
  const days = tr.value.length - 1;
  let contributed = 0;
  let first = -1;
  let n = 0;
  let index = 1;
  let peak = 1;
  let maxDrawdown = 0;
  let sum = 0;
  let sumSq = 0;
  let before = 0;
  for (let t = 0; t <= days; t++) {
    const f = flow[t] ?? 0;
    const v = tr.value[t] ?? 0;
    contributed += f;
    // Flows arrive at the start of the day: r_t = V_t / (V_{t-1} + F_t) - 1 (time-weighted).
    const base = before + f;
    before = v;
    if (base <= 0) continue;
    if (first < 0) first = t;
    const r = v / base - 1;
    returns[n++] = r;
    sum += r;
    sumSq += r * r;
    index *= 1 + r;
    if (index > peak) peak = index;
    else if (1 - index / peak > maxDrawdown) maxDrawdown = 1 - index / peak;
  }
  const years = first < 0 ? 0 : (days - first) / 365;
  const mean = n > 0 ? sum / n : 0;
  out[at + FIELD.terminal] = tr.value[days] ?? 0;
  out[at + FIELD.contributed] = contributed;
  out[at + FIELD.cagr] = years > 0 && index > 0 ? Math.pow(index, 1 / years) - 1 : -1;
  out[at + FIELD.volatility] =
    n > 1 ? Math.sqrt(Math.max(0, (sumSq - n * mean * mean) / (n - 1)) * 365) : 0;
  out[at + FIELD.maxDrawdown] = maxDrawdown;
  out[at + FIELD.fees] = tr.fees;
  out[at + FIELD.failures] = tr.failures;
  out[at + FIELD.dailyVar95] = dailyVar(returns, n, 0.05);
  out[at + FIELD.dailyCvar95] = dailyCvar(returns, n, 0.05);
  const g = layout.grid.length;
  for (let i = 0; i < g; i++) {
    const d = layout.grid[i] ?? 0;
    const v = tr.value[d] ?? 0;
    out[at + SCALARS + i] = v;
    out[at + SCALARS + g + i] = v > 0 ? Math.min(1, (tr.liquid[d] ?? 0) / v) : 0;
  }
}

/**
 * Historical VaR of the first n daily returns at tail probability `alpha`, as a positive loss.
 * Quickselect (O(n)) instead of a sort: it runs once per path and strategy. It leaves the k + 1
 * smallest returns at the front, which `dailyCvar` then averages.
 */
export function dailyVar(xs: Float64Array, n: number, alpha: number): number {
  if (n === 0) return 0;
  const k = Math.min(n - 1, Math.floor(alpha * n));
  select(xs, n, k);
  return -(xs[k] ?? 0);
}

/** CVaR: the mean loss of the k + 1 worst returns; call after `dailyVar` on the same array. */
export function dailyCvar(xs: Float64Array, n: number, alpha: number): number {
  if (n === 0) return 0;
  const k = Math.min(n - 1, Math.floor(alpha * n));
  let tail = 0;
  for (let i = 0; i <= k; i++) tail += xs[i] ?? 0;
  return -tail / (k + 1);
}

/** Rearranges xs[0..n) so xs[k] is the k-th smallest and everything before it is no larger. */
function select(xs: Float64Array, n: number, k: number): void {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const pivot = xs[(lo + hi) >> 1] ?? 0;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((xs[i] ?? 0) < pivot) i++;
      while ((xs[j] ?? 0) > pivot) j--;
      if (i <= j) {
        const tmp = xs[i] ?? 0;
        xs[i++] = xs[j] ?? 0;
        xs[j--] = tmp;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}
