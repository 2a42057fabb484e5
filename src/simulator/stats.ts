import { toCsv } from '../core/csv.ts';
import { addDays, scenarioWindow, type Scenario } from './model.ts';
import { FIELD, SCALARS, type Layout } from './engine.ts';

/**
 * Turns per-path records into the report: quantile bands over time (fan charts), the terminal
 * distribution and the comparison table. Quantiles are type 7 (linear between order statistics);
 * every sum runs in path order, so the report is as reproducible as the records.
 */
export const BANDS = [0.05, 0.25, 0.5, 0.75, 0.95] as const;

export interface Band {
  readonly p5: number;
  readonly p50: number;
  readonly p95: number;
}

export interface StrategyReport {
  readonly id: string;
  readonly kind: string;
  readonly label: string | null;
  readonly terminalValue: Band & { readonly mean: number };
  readonly cagr: Band;
  readonly volatility: number;
  readonly maxDrawdown: { readonly p50: number; readonly p95: number };
  /** Loss against the value contributed (inflows at market on receipt), over the whole horizon. */
  readonly horizonVar95: number;
  readonly horizonCvar95: number;
  /** Median over paths of the 1-day historical VaR/CVaR (95%) of the strategy's daily returns. */
  readonly dailyVar95: number;
  readonly dailyCvar95: number;
  readonly feesPaid: number;
  readonly failuresExpected: number;
  readonly fan: {
    readonly p5: number[];
    readonly p25: number[];
    readonly p50: number[];
    readonly p75: number[];
    readonly p95: number[];
  };
  /** Share of value convertible to cash within 30 days, mean and median over paths. */
  readonly liquidShare30d: { readonly mean: number[]; readonly p50: number[] };
}

export interface SimulationReport {
  readonly scenario: string;
  readonly seed: number;
  readonly paths: number;
  readonly start: string;
  readonly end: string;
  readonly horizonDays: number;
  readonly reportingCurrency: string;
  readonly contributed: Band;
  readonly grid: { readonly days: number[]; readonly dates: string[] };
  readonly strategies: StrategyReport[];
}

export function quantile(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const a = sorted[lo] ?? 0;
  const b = sorted[Math.min(n - 1, lo + 1)] ?? a;
  return a + (h - lo) * (b - a);
}

function column(
  records: Float64Array,
  layout: Layout,
  paths: number,
  k: number,
  field: number,
): Float64Array {
  const out = new Float64Array(paths);
  for (let p = 0; p < paths; p++)
    out[p] = records[(p * layout.strategies + k) * layout.record + field] ?? 0;
  return out;
}

function sortedBand(xs: Float64Array, scale = 1): Band {
  const s = xs.slice().sort();
  return {
    p5: quantile(s, 0.05) * scale,
    p50: quantile(s, 0.5) * scale,
    p95: quantile(s, 0.95) * scale,
  };
}

function mean(xs: Float64Array): number {
  let sum = 0;
  for (const x of xs) sum += x;
  return xs.length > 0 ? sum / xs.length : 0;
}

export function aggregate(
  s: Scenario,
  layout: Layout,
  records: Float64Array,
  paths: number,
  seed: number,
): SimulationReport {
  const fx = s.reportingCurrency.perUsd;
  const { start, end, days } = scenarioWindow(s);
  const contributed = column(records, layout, paths, 0, FIELD.contributed);
  return {
    scenario: s.name,
    seed,
    paths,
    start,
    end,
    horizonDays: days,
    reportingCurrency: s.reportingCurrency.code,
    contributed: sortedBand(contributed, fx),
    grid: { days: [...layout.grid], dates: layout.grid.map((d) => addDays(start, d)) },
    strategies: s.strategies.map((x, k) => strategyReport(x, k, layout, records, paths, fx)),
  };
}

function strategyReport(
  x: Scenario['strategies'][number],
  k: number,
  layout: Layout,
  records: Float64Array,
  paths: number,
  fx: number,
): StrategyReport {
  const col = (f: number): Float64Array => column(records, layout, paths, k, f);
  const terminal = col(FIELD.terminal);
  const contributed = col(FIELD.contributed);
  const losses = terminal.map((v, i) => (contributed[i] ?? 0) - v).sort();
  const var95 = quantile(losses, 0.95);
  let tail = 0;
  let count = 0;
  for (const l of losses) {
    if (l < var95) continue;
    tail += l;
    count++;
  }
  const drawdowns = col(FIELD.maxDrawdown).sort();
  const g = layout.grid.length;
  const fan = {
    p5: [] as number[],
    p25: [] as number[],
    p50: [] as number[],
    p75: [] as number[],
    p95: [] as number[],
  };
  const liquid = { mean: [] as number[], p50: [] as number[] };
  for (let i = 0; i < g; i++) {
    const values = col(SCALARS + i).sort();
    fan.p5.push(quantile(values, 0.05) * fx);
    fan.p25.push(quantile(values, 0.25) * fx);
    fan.p50.push(quantile(values, 0.5) * fx);
    fan.p75.push(quantile(values, 0.75) * fx);
    fan.p95.push(quantile(values, 0.95) * fx);
    const shares = col(SCALARS + g + i);
    liquid.mean.push(mean(shares));
    liquid.p50.push(quantile(shares.sort(), 0.5));
  }
  return {
    id: x.id,
    kind: x.kind,
    label: x.label ?? null,
    terminalValue: { ...sortedBand(terminal, fx), mean: mean(terminal) * fx },
    cagr: sortedBand(col(FIELD.cagr)),
    volatility: quantile(col(FIELD.volatility).sort(), 0.5),
    maxDrawdown: { p50: quantile(drawdowns, 0.5), p95: quantile(drawdowns, 0.95) },
    horizonVar95: var95 * fx,
    horizonCvar95: count > 0 ? (tail / count) * fx : 0,
    dailyVar95: quantile(col(FIELD.dailyVar95).sort(), 0.5),
    dailyCvar95: quantile(col(FIELD.dailyCvar95).sort(), 0.5),
    feesPaid: mean(col(FIELD.fees)) * fx,
    failuresExpected: mean(col(FIELD.failures)),
    fan,
    liquidShare30d: liquid,
  };
}

/** The comparison table: one row per strategy, the columns a committee reads first. */
export const TABLE_COLUMNS = [
  'strategy',
  'kind',
  'terminal_p5',
  'terminal_p50',
  'terminal_p95',
  'cagr_p50',
  'volatility',
  'max_drawdown_p50',
  'var95',
  'cvar95',
  'daily_var95',
  'liquid_30d_end',
  'fees_paid',
  'failures_expected',
] as const;

export function comparisonTable(r: SimulationReport): (string | number)[][] {
  return r.strategies.map((x) => [
    x.id,
    x.kind,
    x.terminalValue.p5,
    x.terminalValue.p50,
    x.terminalValue.p95,
    x.cagr.p50,
    x.volatility,
    x.maxDrawdown.p50,
    x.horizonVar95,
    x.horizonCvar95,
    x.dailyVar95,
    x.liquidShare30d.mean[x.liquidShare30d.mean.length - 1] ?? 0,
    x.feesPaid,
    x.failuresExpected,
  ]);
}

/** The comparison table as CSV, header first. */
export function csvOf(report: SimulationReport): string {
  return toCsv(TABLE_COLUMNS, comparisonTable(report));
}
