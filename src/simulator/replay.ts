import { z } from 'zod';
import { ASSETS, isAssetCode } from '../core/assets.ts';
import { formatAmount, parseAmount } from '../core/money.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { DailySeries } from '../market/series.ts';
import { daysBetween, findNonFinite, SIM_ASSETS, strategySchema } from './model.ts';
import type { History } from './paths.ts';
import { runSimulation, type RunError } from './run.ts';

/**
 * Replay of a real disposal: the dated tranches a state actually sold (the US Marshals' 2014
 * auctions, Germany's 2024 sale in euros), each at that day's close in the sale's currency less
 * its execution discount and fee, carried as cash to a valuation date and set against the value
 * had nothing been sold, and against what each alternative strategy would have made of the
 * holding from the days it became available (a historical backtest on the same prices).
 *
 * Closes are the market store's USD closes, converted at the FX store's rate of the day (1 USD
 * in the currency, on or before the day). Every figure is given in the sale's currency and in the
 * reporting currency: realised proceeds at each sale day's rate, values on the valuation date at
 * that day's rate. Figures are float estimates, like the simulator's, not ledger amounts.
 */
const DATE = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** An execution discount below the close, or a fee on the proceeds: a fraction of a tranche. */
const tranche = z.number().min(0).max(0.5);
const fiat = z
  .string()
  .refine(
    (c) => isAssetCode(c) && ASSETS[c].kind === 'fiat',
    'a fiat currency: USD, EUR, KZT, CNY',
  );

export const replaySchema = z.object({
  asset: z.enum(SIM_ASSETS),
  /** What the state held before the first sale, whole units as a decimal string. */
  holding: z.string(),
  /**
   * When the holding became available (seizure or forfeiture dates), adding up to `holding`.
   * Alternatives start from these; without them, from the whole holding on the first sale date.
   */
  available: z
    .array(z.object({ date: DATE, quantity: z.string() }))
    .min(1)
    .max(1000)
    .optional(),
  /** The currency the sales were made in (EUR for Germany's 2024 sale). */
  currency: fiat.default('USD'),
  reportingCurrency: fiat.default('USD'),
  /** For every tranche that does not say otherwise: discount below the close, fee on proceeds. */
  discount: tranche.default(0),
  feeRate: tranche.default(0),
  sales: z
    .array(
      z.object({
        date: DATE,
        quantity: z.string(),
        discount: tranche.optional(),
        feeRate: tranche.optional(),
      }),
    )
    .min(1)
    .max(1000),
  valuationDate: DATE,
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
type Replay = z.infer<typeof replaySchema>;

export type ReplayError =
  | RunError
  | 'schedule_exceeds_holding'
  | 'sales_not_in_date_order'
  | 'availability_does_not_match_holding'
  | 'fx_rate_unavailable';

/** 1 USD in `currency` on `day` (or the latest day before, within a few days); null if unknown. */
export type FxLookup = (currency: string, day: string) => Promise<number | null>;

export const usdOnly: FxLookup = (currency) => Promise.resolve(currency === 'USD' ? 1 : null);

/** A figure in the sale's currency and in the reporting currency. */
export interface Amount {
  readonly sale: number;
  readonly reporting: number;
}

export interface ReplaySale {
  readonly date: string;
  readonly quantity: string;
  readonly closeUsd: number;
  /** The day's close in the sale's currency. */
  readonly close: number;
  readonly discount: number;
  readonly feeRate: number;
  /** The execution price: the close less the discount. */
  readonly price: number;
  /** quantity × the day's close, before discount and fee. */
  readonly atClose: Amount;
  /** What the tranche realised: quantity × price, less the fee. */
  readonly proceeds: Amount;
}

export interface ReplayReport {
  readonly asset: string;
  readonly currency: string;
  readonly reportingCurrency: string;
  readonly valuationDate: string;
  readonly sales: readonly ReplaySale[];
  /** Σ quantity × the day's close: the schedule at the close, before discounts and fees. */
  readonly proceedsAtClose: Amount;
  /** Σ what the tranches realised: the record of the sale. */
  readonly proceeds: Amount;
  /** The proceeds held as cash at `cashYield` from each sale to the valuation date. */
  readonly carriedCash: Amount;
  /** What was not sold, at the valuation date's close. */
  readonly unsold: Amount;
  /** Had nothing been sold: the whole holding at the valuation date's close. */
  readonly hold: Amount;
  /** carriedCash + unsold − hold: what selling gained (negative: what it cost) by then. */
  readonly difference: Amount;
  /** The first day of the alternatives' backtest. */
  readonly alternativesFrom: string;
  readonly alternatives: {
    readonly id: string;
    readonly kind: string;
    readonly p5: Amount;
    readonly p50: Amount;
    readonly p95: Amount;
  }[];
}

function closeOn(series: DailySeries, date: string): number | null {
  const i = series.dates.indexOf(date);
  return i < 0 ? null : (series.close[i] ?? null);
}

/** Validates the request, and that no sale sells more than was available by its date. */
export function parseReplay(input: unknown): Result<{ r: Replay; sold: bigint }, ReplayError> {
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
  const available = availability(r, holding.value);
  if (!available.ok) return available;
  return checkSchedule(r, available.value);
}

/** When each part of the holding became available: the given dates, else all of it at once. */
function availability(
  r: Replay,
  holding: bigint,
): Result<{ date: string; units: bigint }[], ReplayError> {
  if (r.available === undefined) return ok([{ date: '0000-01-01', units: holding }]);
  const out: { date: string; units: bigint }[] = [];
  for (const [i, a] of r.available.entries()) {
    const q = parseAmount(a.quantity, r.asset);
    if (!q.ok) return err('inflow_quantity_invalid', `available.${i}.quantity: ${q.message}`);
    out.push({ date: a.date, units: q.value });
  }
  const total = out.reduce((s, a) => s + a.units, 0n);
  if (total !== holding) {
    return err(
      'availability_does_not_match_holding',
      `available adds up to ${formatAmount(total, r.asset)} ${r.asset}, the holding is ${r.holding}`,
    );
  }
  return ok(out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)));
}

function checkSchedule(
  r: Replay,
  available: readonly { date: string; units: bigint }[],
): Result<{ r: Replay; sold: bigint }, ReplayError> {
  let sold = 0n;
  for (const [i, sale] of r.sales.entries()) {
    const q = parseAmount(sale.quantity, r.asset);
    if (!q.ok)
      return err('inflow_quantity_invalid', `sales.${i}.quantity: ${q.message}`, { index: i });
    if (i > 0 && sale.date < (r.sales[i - 1]?.date ?? ''))
      return err('sales_not_in_date_order', `sales.${i} on ${sale.date} precedes the one before`);
    sold += q.value;
    const held = available.filter((a) => a.date <= sale.date).reduce((s, a) => s + a.units, 0n);
    if (sold > held) {
      const total = formatAmount(sold, r.asset);
      const had = formatAmount(held, r.asset);
      return err(
        'schedule_exceeds_holding',
        `by ${sale.date} the sales total ${total} ${r.asset} but only ${had} was available`,
        { sold: total, available: had },
      );
    }
  }
  return ok({ r, sold });
}

/** The two rates a day needs: 1 USD in the sale's currency and in the reporting currency. */
async function ratesOn(
  r: Replay,
  day: string,
  usdIn: FxLookup,
): Promise<Result<{ sale: number; reporting: number }, ReplayError>> {
  const sale = await usdIn(r.currency, day);
  const reporting = await usdIn(r.reportingCurrency, day);
  if (sale !== null && reporting !== null) return ok({ sale, reporting });
  const missing = sale === null ? r.currency : r.reportingCurrency;
  return err(
    'fx_rate_unavailable',
    `the market store has no USD/${missing} rate on or shortly before ${day}; import FX with ` +
      `\`kazna market fx --from ${day} --to ${day} --currencies ${missing}\``,
    { currency: missing, day },
  );
}

export async function replayDisposal(
  input: unknown,
  history: History,
  usdIn: FxLookup = usdOnly,
): Promise<Result<ReplayReport, ReplayError>> {
  const checked = parseReplay(input);
  if (!checked.ok) return checked;
  const { r, sold } = checked.value;
  const series = r.asset === 'BTC' ? history.btc : history.eth;
  if (series === null) return err('window_outside_data', `no ${r.asset} prices are loaded`);
  const last = r.sales[r.sales.length - 1]?.date ?? '';
  const missing = [...r.sales.map((s) => s.date), r.valuationDate].find(
    (d) => closeOn(series, d) === null,
  );
  if (missing !== undefined || r.valuationDate < last) {
    return err(
      'window_outside_data',
      `no ${r.asset} close on ${missing ?? r.valuationDate} in the market store (or the valuation date precedes a sale)`,
      { first: series.dates[0], last: series.dates[series.dates.length - 1] },
    );
  }
  const sales = await priceSales(r, series, usdIn);
  if (!sales.ok) return sales;
  const valued = await valueOn(r, series, sold, sales.value, usdIn);
  if (!valued.ok) return valued;
  const alternatives = await replayAlternatives(r, history, valued.value.rates);
  if (!alternatives.ok) return alternatives;
  const sum = (pick: (s: ReplaySale) => Amount): Amount => ({
    sale: sales.value.reduce((a, s) => a + pick(s).sale, 0),
    reporting: sales.value.reduce((a, s) => a + pick(s).reporting, 0),
  });
  return ok({
    asset: r.asset,
    currency: r.currency,
    reportingCurrency: r.reportingCurrency,
    valuationDate: r.valuationDate,
    sales: sales.value,
    proceedsAtClose: sum((s) => s.atClose),
    proceeds: sum((s) => s.proceeds),
    ...valued.value.figures,
    ...alternatives.value,
  });
}

/** Each tranche at its day's close in the sale's currency, less its discount and fee. */
async function priceSales(
  r: Replay,
  series: DailySeries,
  usdIn: FxLookup,
): Promise<Result<ReplaySale[], ReplayError>> {
  const out: ReplaySale[] = [];
  for (const s of r.sales) {
    const rates = await ratesOn(r, s.date, usdIn);
    if (!rates.ok) return rates;
    const closeUsd = closeOn(series, s.date) ?? 0;
    const close = closeUsd * rates.value.sale;
    const discount = s.discount ?? r.discount;
    const feeRate = s.feeRate ?? r.feeRate;
    const price = close * (1 - discount);
    const quantity = Number.parseFloat(s.quantity);
    const both = (sale: number): Amount => ({
      sale,
      reporting: (sale / rates.value.sale) * rates.value.reporting,
    });
    out.push({
      ...{ date: s.date, quantity: s.quantity, closeUsd, close, discount, feeRate, price },
      atClose: both(quantity * close),
      proceeds: both(quantity * price * (1 - feeRate)),
    });
  }
  return ok(out);
}

/** The valuation date's figures: the cash carried forward, the unsold rest, holding it all. */
async function valueOn(
  r: Replay,
  series: DailySeries,
  sold: bigint,
  sales: readonly ReplaySale[],
  usdIn: FxLookup,
): Promise<
  Result<
    {
      rates: { sale: number; reporting: number };
      figures: Pick<ReplayReport, 'carriedCash' | 'unsold' | 'hold' | 'difference'>;
    },
    ReplayError
  >
> {
  const rates = await ratesOn(r, r.valuationDate, usdIn);
  if (!rates.ok) return rates;
  const close = (closeOn(series, r.valuationDate) ?? 0) * rates.value.sale;
  const both = (sale: number): Amount => ({
    sale,
    reporting: (sale / rates.value.sale) * rates.value.reporting,
  });
  const held = parseAmount(r.holding, r.asset);
  const rest = held.ok ? formatAmount(held.value - sold, r.asset) : '0';
  const carried = sales.reduce(
    (a, s) =>
      a + s.proceeds.sale * Math.pow(1 + r.cashYield, daysBetween(s.date, r.valuationDate) / 365),
    0,
  );
  const unsold = Number.parseFloat(rest) * close;
  const hold = Number.parseFloat(r.holding) * close;
  return ok({
    rates: rates.value,
    figures: {
      carriedCash: both(carried),
      unsold: both(unsold),
      hold: both(hold),
      difference: both(carried + unsold - hold),
    },
  });
}

/**
 * What each alternative would have made of the holding: a historical backtest from the days it
 * became available (or the first sale date) to the valuation date, valued in the reporting
 * currency at the valuation date's rate and converted to the sale's at the same day's rates.
 */
async function replayAlternatives(
  r: Replay,
  history: History,
  rates: { sale: number; reporting: number },
): Promise<Result<Pick<ReplayReport, 'alternativesFrom' | 'alternatives'>, RunError>> {
  const inflows = r.available?.map((a) => ({
    date: a.date,
    asset: r.asset,
    quantity: a.quantity,
  })) ?? [{ date: r.sales[0]?.date ?? r.valuationDate, asset: r.asset, quantity: r.holding }];
  const from = inflows.map((f) => f.date).sort()[0] ?? r.valuationDate;
  if (r.alternatives.length === 0 || from >= r.valuationDate)
    return ok({ alternativesFrom: from, alternatives: [] });
  const run = await runSimulation(
    {
      name: 'replay alternatives',
      reportingCurrency: { code: r.reportingCurrency, perUsd: rates.reporting },
      inflows,
      prices: { kind: 'historical', from, to: r.valuationDate },
      market: { ...r.market, cashYield: r.cashYield },
      strategies: r.alternatives,
    },
    history,
    { paths: r.paths, seed: r.seed, workers: 1 },
  );
  if (!run.ok) return run;
  const both = (reporting: number): Amount => ({
    sale: (reporting / rates.reporting) * rates.sale,
    reporting,
  });
  return ok({
    alternativesFrom: from,
    alternatives: run.value.report.strategies.map((s) => ({
      id: s.id,
      kind: s.kind,
      p5: both(s.terminalValue.p5),
      p50: both(s.terminalValue.p50),
      p95: both(s.terminalValue.p95),
    })),
  });
}

function money(x: number, currency: string): string {
  const text = x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return `${text} ${currency}`;
}

/** What `kazna simulate-replay` prints: the record, what holding would have been, the difference. */
export function replayLines(v: ReplayReport): string[] {
  const both = (a: Amount): string =>
    v.currency === v.reportingCurrency
      ? money(a.sale, v.currency)
      : `${money(a.sale, v.currency)} (${money(a.reporting, v.reportingCurrency)})`;
  const cost = v.proceedsAtClose.sale - v.proceeds.sale;
  const lines = [
    `realised proceeds of ${v.sales.length} sale(s) of ${v.asset}: ${both(v.proceeds)}`,
    `  at the daily close: ${money(v.proceedsAtClose.sale, v.currency)}; discounts and fees: ${money(cost, v.currency)}`,
    `on ${v.valuationDate}:`,
    `  proceeds carried as cash: ${both(v.carriedCash)}`,
    `  unsold remainder:         ${both(v.unsold)}`,
    `  had nothing been sold:    ${both(v.hold)}`,
    `  difference:               ${both(v.difference)}`,
  ];
  if (v.alternatives.length > 0)
    lines.push(`alternatives from ${v.alternativesFrom}, median (p5 to p95):`);
  for (const a of v.alternatives)
    lines.push(
      `  ${a.id.padEnd(12)} ${both(a.p50)} (${money(a.p5.sale, v.currency)} to ${money(a.p95.sale, v.currency)})`,
    );
  return lines;
}
