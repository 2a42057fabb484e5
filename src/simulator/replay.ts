import { z } from 'zod';
import { formatAmount, parseAmount } from '../core/money.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { DailySeries } from '../market/series.ts';
import { daysBetween, findNonFinite, SIM_ASSETS, strategySchema } from './model.ts';
import type { History } from './paths.ts';
import { runSimulation, type RunError } from './run.ts';

/**
 * Replay of a real disposal: the dated quantities a state actually sold (the US Marshals' 2014
 * auctions, Germany's 2024 OTC tranches), valued at each day's close, carried as cash to a chosen
 * date, and set against what each alternative strategy would have been worth on that date had the
 * whole holding gone to it on the first sale date (a historical backtest on the same prices).
 */
export const replaySchema = z.object({
  asset: z.enum(SIM_ASSETS),
  /** What the state held before the first sale, whole units as a decimal string. */
  holding: z.string(),
  sales: z
    .array(z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), quantity: z.string() }))
    .min(1)
    .max(1000),
  valuationDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  cashYield: z.number().min(-0.5).max(1),
  market: z
    .object({
      dailyVolume: z.object({ BTC: z.number().gt(0), ETH: z.number().gt(0).default(1) }),
      maxShareOfVolume: z.number().gt(0).max(1),
    })
    .default({ dailyVolume: { BTC: 20_000, ETH: 300_000 }, maxShareOfVolume: 0.1 }),
  alternatives: z.array(strategySchema).max(20).default([]),
  paths: z.number().int().min(1).max(10_000).default(1),
  seed: z.number().int().min(0).max(0xffffffff).default(1),
});
export type ReplayInput = z.input<typeof replaySchema>;

export type ReplayError = RunError | 'schedule_exceeds_holding' | 'sales_not_in_date_order';

export interface ReplaySale {
  readonly date: string;
  readonly quantity: string;
  readonly close: number;
  readonly proceeds: number;
}

export interface ReplayReport {
  readonly asset: string;
  readonly sales: ReplaySale[];
  readonly proceedsAtClose: number;
  /** The proceeds held as cash at `cashYield` from each sale date to the valuation date. */
  readonly actualValueAtValuation: number;
  /** The unsold rest, valued at the valuation date's close. */
  readonly unsoldValueAtValuation: number;
  /** Had nothing been sold: the whole holding at the valuation date's close. */
  readonly holdValueAtValuation: number;
  readonly alternatives: { id: string; kind: string; p5: number; p50: number; p95: number }[];
}

function closeOn(series: DailySeries, date: string): number | null {
  const i = series.dates.indexOf(date);
  return i < 0 ? null : (series.close[i] ?? null);
}

type Replay = z.infer<typeof replaySchema>;

/** Validates the whole request, and that the schedule never sells more than was held. */
export function parseReplay(
  input: unknown,
): Result<{ r: Replay; holding: bigint; sold: bigint }, ReplayError> {
  const nonFinite = findNonFinite(input, '');
  if (nonFinite !== null) return err('value_not_finite', `${nonFinite} is not a finite number`);
  const parsed = replaySchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const range = parsed.error.issues.every((i) => i.code === 'too_big' || i.code === 'too_small');
    return err(
      range ? 'parameter_out_of_range' : 'scenario_invalid',
      `${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`,
      { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
    );
  }
  const r = parsed.data;
  const holding = parseAmount(r.holding, r.asset);
  if (!holding.ok) return err('inflow_quantity_invalid', `holding: ${holding.message}`);
  let sold = 0n;
  for (const [i, sale] of r.sales.entries()) {
    const q = parseAmount(sale.quantity, r.asset);
    if (!q.ok)
      return err('inflow_quantity_invalid', `sales.${i}.quantity: ${q.message}`, { index: i });
    sold += q.value;
    if (i > 0 && sale.date < (r.sales[i - 1]?.date ?? '')) {
      return err('sales_not_in_date_order', `sales.${i} on ${sale.date} precedes the one before`);
    }
  }
  if (sold > holding.value) {
    const total = formatAmount(sold, r.asset);
    return err(
      'schedule_exceeds_holding',
      `the sales total ${total} ${r.asset} but only ${r.holding} is held`,
      { sold: total, holding: r.holding },
    );
  }
  return ok({ r, holding: holding.value, sold });
}

export async function replayDisposal(
  input: unknown,
  history: History,
): Promise<Result<ReplayReport, ReplayError>> {
  const checked = parseReplay(input);
  if (!checked.ok) return checked;
  const { r, holding, sold } = checked.value;
  const series = r.asset === 'BTC' ? history.btc : history.eth;
  if (series === null) return err('window_outside_data', `no ${r.asset} prices are loaded`);
  const first = r.sales[0]?.date ?? r.valuationDate;
  const closes = [...r.sales.map((s) => s.date), r.valuationDate].map(
    (d) => [d, closeOn(series, d)] as const,
  );
  const missing = closes.find(([, c]) => c === null);
  if (missing !== undefined || r.valuationDate < (r.sales[r.sales.length - 1]?.date ?? '')) {
    return err(
      'window_outside_data',
      `no ${r.asset} close on ${missing?.[0] ?? r.valuationDate} (or the valuation date precedes a sale)`,
      {
        first: series.dates[0],
        last: series.dates[series.dates.length - 1],
      },
    );
  }
  const valuationClose = closeOn(series, r.valuationDate) ?? 0;
  const sales = r.sales.map((s) => {
    const close = closeOn(series, s.date) ?? 0;
    return {
      date: s.date,
      quantity: s.quantity,
      close,
      proceeds: Number.parseFloat(s.quantity) * close,
    };
  });
  const proceedsAtClose = sales.reduce((a, s) => a + s.proceeds, 0);
  const actual = sales.reduce(
    (a, s) =>
      a + s.proceeds * Math.pow(1 + r.cashYield, daysBetween(s.date, r.valuationDate) / 365),
    0,
  );
  const rest = formatAmount(holding - sold, r.asset);
  const unsold = Number.parseFloat(rest) * valuationClose;
  const alternatives = await replayAlternatives(r, first, history);
  if (!alternatives.ok) return alternatives;
  return ok({
    asset: r.asset,
    sales,
    proceedsAtClose,
    actualValueAtValuation: actual,
    unsoldValueAtValuation: unsold,
    holdValueAtValuation: Number.parseFloat(r.holding) * valuationClose,
    alternatives: alternatives.value,
  });
}

async function replayAlternatives(
  r: Replay,
  first: string,
  history: History,
): Promise<Result<ReplayReport['alternatives'], RunError>> {
  if (r.alternatives.length === 0 || first === r.valuationDate) return ok([]);
  const run = await runSimulation(
    {
      name: 'replay alternatives',
      inflows: [{ date: first, asset: r.asset, quantity: r.holding }],
      prices: { kind: 'historical', from: first, to: r.valuationDate },
      market: { ...r.market, cashYield: r.cashYield },
      strategies: r.alternatives,
    },
    history,
    { paths: r.paths, seed: r.seed, workers: 1 },
  );
  if (!run.ok) return run;
  return ok(
    run.value.report.strategies.map((s) => ({
      id: s.id,
      kind: s.kind,
      p5: s.terminalValue.p5,
      p50: s.terminalValue.p50,
      p95: s.terminalValue.p95,
    })),
  );
}
