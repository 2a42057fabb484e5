import { z } from 'zod';
import { parseAmount } from '../core/money.ts';
import { err, ok, type Result } from '../core/result.ts';

/**
 * A scenario: what the state receives (the seizure inflow schedule), which prices it meets (a
 * historical window, or Monte Carlo paths bootstrapped from one), and the strategies to compare.
 * Everything a run depends on is in here or in the seed, so the pair determines the result.
 *
 * Every parameter is a plain number in its natural unit (fractions, not percent; yearly rates;
 * calendar days). Simulated values are float64 estimates in USD, never ledger amounts: inflow
 * quantities arrive as decimal strings and are checked exactly before they become model numbers.
 */
export const SIM_ASSETS = ['BTC', 'ETH'] as const;
export type SimAsset = (typeof SIM_ASSETS)[number];

const DATE = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD')
  .refine((d) => isCalendarDate(d), 'not a calendar date');

function isCalendarDate(d: string): boolean {
  const t = Date.parse(`${d}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === d;
}
const fraction = z.number().min(0).max(1);
/** A cost or haircut: a share of value lost, below 1 so that something is left. */
const cost = z.number().min(0).lt(1);
const yearlyRate = z.number().min(-0.5).max(1);
const days = z.number().int().min(0).max(36_500);
const beta = z.number().min(-5).max(5);
const vol = z.number().min(0).max(5);

export const distributionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed'), value: z.number().gt(-1).lt(1) }),
  z.object({
    kind: z.literal('normal'),
    mean: z.number().gt(-1).lt(1),
    sd: z.number().min(0).max(1),
  }),
  z.object({
    kind: z.literal('uniform'),
    min: z.number().gt(-1).lt(1),
    max: z.number().gt(-1).lt(1),
  }),
]);
export type Distribution = z.infer<typeof distributionSchema>;

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'an id is lower-case letters, digits, _ or -');
const cashYield = { cashYield: yearlyRate.optional() };

export const auctionSchema = z.object({
  kind: z.literal('auction'),
  legalDelayDays: days,
  /** Clearing discount to market (negative = premium), drawn once per auction. */
  discount: distributionSchema,
  feeRate: cost,
  ...cashYield,
});

export const otcSchema = z.object({
  kind: z.literal('otc'),
  startDelayDays: days,
  durationDays: days.min(1),
  maxShareOfVolume: z.number().gt(0).max(1),
  /** Y in impact = Y * sigma_daily * sqrt(q / V). */
  impactCoefficient: z.number().min(0).max(10),
  dailyVolatility: vol,
  feeRate: cost,
  ...cashYield,
});

export const quietSchema = z.object({
  kind: z.literal('quiet'),
  delayDays: days,
  feeRate: cost,
  haircut: cost,
  leakageProbability: fraction,
  leakageLossFraction: fraction,
  ...cashYield,
});

export const directSchema = z.object({
  kind: z.literal('direct'),
  custodyIncidentProbabilityPerYear: fraction,
  lossFraction: fraction,
  custodyFeeRate: cost,
  neverSell: z.boolean(),
});

export const managerSchema = z.object({
  name: z.string().min(1).max(100),
  weight: z.number().gt(0).max(1),
  betaBtc: beta,
  betaEth: beta,
  alphaAnnual: z.number().min(-1).max(1),
  idioVolAnnual: vol,
  managementFee: cost,
  performanceFee: cost,
  lockupDays: days,
  dealingEveryDays: days.min(1),
  noticeDays: days,
  /** Share of our holding in a fund that one dealing date may redeem. */
  gate: z.number().gt(0).max(1),
  failureProbabilityPerYear: fraction,
  recoveryRate: fraction,
  /** Days from a failure until the recovered share is paid out (bankruptcy estates are slow). */
  recoveryDelayDays: days,
});
export type Manager = z.infer<typeof managerSchema>;

export const hedgeSchema = z.object({
  kind: z.literal('hedge_funds'),
  managers: z.array(managerSchema).min(1).max(50),
  statementEveryDays: days.min(1).default(30),
  crystallizationEveryDays: days.min(1).default(365),
  ...cashYield,
});

export const ventureSchema = z.object({
  kind: z.literal('venture_funds'),
  conversionCost: cost,
  /** Share of the converted value committed to funds; the rest stays in cash. */
  commitmentRatio: z.number().gt(0).max(1),
  /** Rate of contribution by fund year; the last rate repeats (Yale: 0.25, 0.333, 0.5, 1). */
  rateOfContribution: z.array(fraction).min(1).max(50),
  bow: z.number().min(0).max(20),
  growthAnnual: z.number().min(-0.9).max(2),
  yield: fraction,
  lifetimeYears: z.number().int().min(1).max(50),
  /** Sensitivity of the yearly growth to BTC's return that year; 0 is the plain Yale model. */
  betaBtc: beta,
  managementFee: cost,
  ...cashYield,
});

export const listedSchema = z.object({
  kind: z.literal('etf_equities'),
  conversionCost: cost,
  ter: cost,
  trackingErrorAnnual: vol,
  /** 1 for a spot ETF; crypto-company equities run at 1.5 to 3 with a large tracking error. */
  beta,
});

const leafKinds = [
  auctionSchema,
  otcSchema,
  quietSchema,
  directSchema,
  hedgeSchema,
  ventureSchema,
  listedSchema,
] as const;
export const leafStrategySchema = z.discriminatedUnion('kind', leafKinds);
export type LeafStrategy = z.infer<typeof leafStrategySchema>;

export const mixSchema = z.object({
  kind: z.literal('mix'),
  components: z
    .array(z.object({ weight: z.number().gt(0).max(1), strategy: leafStrategySchema }))
    .min(1)
    .max(10),
});

export const strategySchema = z.intersection(
  z.object({ id, label: z.string().max(200).optional() }),
  z.discriminatedUnion('kind', [...leafKinds, mixSchema]),
);
export type Strategy = z.infer<typeof strategySchema>;
export type StrategyKind = Strategy['kind'];

export const inflowSchema = z.object({
  date: DATE,
  asset: z.enum(SIM_ASSETS),
  /** Decimal string in whole units, exact (checked at the asset's scale). */
  quantity: z.string(),
});
export type Inflow = z.infer<typeof inflowSchema>;

export const pricesSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('historical'), from: DATE, to: DATE }),
  z.object({
    kind: z.literal('bootstrap'),
    /** The window of history whose daily returns are resampled. */
    from: DATE,
    to: DATE,
    blockDays: z.number().int().min(1).max(365).default(30),
    /** Re-centres the resampled log returns on this yearly drift; absent keeps history's drift. */
    driftAnnual: z.number().min(-1).max(2).optional(),
    start: DATE,
    horizonDays: z.number().int().min(1).max(36_500),
  }),
]);
export type PriceSource = z.infer<typeof pricesSchema>;

export const scenarioSchema = z.object({
  version: z.literal(1).default(1),
  name: z.string().min(1).max(200),
  reportingCurrency: z
    .object({ code: z.string().regex(/^[A-Z]{3}$/), perUsd: z.number().gt(0).max(1e6) })
    .default({ code: 'USD', perUsd: 1 }),
  inflows: z.array(inflowSchema).min(1).max(10_000),
  prices: pricesSchema,
  market: z.object({
    /** Daily volume the state can tap, in whole units of each asset. */
    dailyVolume: z.object({ BTC: z.number().gt(0), ETH: z.number().gt(0).default(1) }),
    /** Share of daily volume an emergency sale may take: sets what is convertible within 30 days. */
    maxShareOfVolume: z.number().gt(0).max(1),
    /** Money-market yield on cash proceeds, yearly. */
    cashYield: yearlyRate,
  }),
  reportEveryDays: z.number().int().min(1).max(365).default(30),
  strategies: z.array(strategySchema).min(1).max(20),
});
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Scenario = z.infer<typeof scenarioSchema>;

export type ScenarioError =
  | 'scenario_invalid'
  | 'parameter_out_of_range'
  | 'value_not_finite'
  | 'weights_do_not_sum_to_one'
  | 'strategy_ids_not_unique'
  | 'inflow_quantity_invalid'
  | 'inflow_outside_horizon'
  | 'window_is_empty';

/** Validates a scenario fully before any path runs: a bad input never yields a partial result. */
export function parseScenario(input: unknown): Result<Scenario, ScenarioError> {
  const nonFinite = findNonFinite(input, '');
  if (nonFinite !== null) {
    return err('value_not_finite', `${nonFinite} is not a finite number`, { path: nonFinite });
  }
  const parsed = scenarioSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({
      path: i.path.join('.'),
      code: i.code,
      message: i.message,
    }));
    const range = parsed.error.issues.every((i) => i.code === 'too_big' || i.code === 'too_small');
    const first = issues[0];
    const what = first === undefined ? 'the scenario' : `${first.path}: ${first.message}`;
    return err(range ? 'parameter_out_of_range' : 'scenario_invalid', what, { issues });
  }
  return checkScenario(parsed.data);
}

/** The path of the first number that is NaN or infinite, for a `value_not_finite` refusal. */
export function findNonFinite(value: unknown, path: string): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : path || '(root)';
  if (value === null || typeof value !== 'object') return null;
  for (const [k, v] of Object.entries(value)) {
    const found = findNonFinite(v, path === '' ? k : `${path}.${k}`);
    if (found !== null) return found;
  }
  return null;
}

function checkScenario(s: Scenario): Result<Scenario, ScenarioError> {
  const ids = s.strategies.map((x) => x.id);
  if (new Set(ids).size !== ids.length) {
    return err('strategy_ids_not_unique', 'two strategies share an id', { ids });
  }
  for (const strategy of s.strategies) {
    const weights = weightSets(strategy);
    for (const [where, ws] of weights) {
      const sum = ws.reduce((a, b) => a + b, 0);
      if (Math.abs(sum - 1) > 1e-9) {
        return err('weights_do_not_sum_to_one', `${strategy.id}: ${where} sum to ${sum}`, {
          strategy: strategy.id,
          sum,
        });
      }
    }
  }
  for (const [i, inflow] of s.inflows.entries()) {
    const q = parseAmount(inflow.quantity, inflow.asset);
    if (!q.ok || q.value === 0n) {
      return err(
        'inflow_quantity_invalid',
        `inflows.${i}.quantity: ${q.ok ? 'is zero' : q.message}`,
        {
          index: i,
        },
      );
    }
  }
  const { start, end } = scenarioWindow(s);
  if (end <= start) return err('window_is_empty', `the window ${start}..${end} has no days`);
  const outside = s.inflows.findIndex((f) => f.date < start || f.date > end);
  if (outside >= 0) {
    return err(
      'inflow_outside_horizon',
      `inflows.${outside} on ${s.inflows[outside]?.date ?? ''} is outside ${start}..${end}`,
      {
        index: outside,
      },
    );
  }
  return ok(s);
}

function weightSets(strategy: Strategy): [string, number[]][] {
  if (strategy.kind === 'mix') {
    const inner = strategy.components.flatMap((c) =>
      c.strategy.kind === 'hedge_funds'
        ? [['manager weights', c.strategy.managers.map((m) => m.weight)] as [string, number[]]]
        : [],
    );
    return [['component weights', strategy.components.map((c) => c.weight)], ...inner];
  }
  if (strategy.kind === 'hedge_funds')
    return [['manager weights', strategy.managers.map((m) => m.weight)]];
  return [];
}

/** The simulated calendar: day 0 is `start`, the last day is `end` (inclusive). */
export function scenarioWindow(s: Scenario): { start: string; end: string; days: number } {
  if (s.prices.kind === 'historical') {
    return {
      start: s.prices.from,
      end: s.prices.to,
      days: daysBetween(s.prices.from, s.prices.to),
    };
  }
  const end = addDays(s.prices.start, s.prices.horizonDays);
  return { start: s.prices.start, end, days: s.prices.horizonDays };
}

const DAY_MS = 86_400_000;

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Strategies whose model reads ETH prices, so the price source must cover ETH too. */
export function needsEth(s: Scenario): boolean {
  if (s.inflows.some((f) => f.asset === 'ETH')) return true;
  const leaves = s.strategies.flatMap((x) =>
    x.kind === 'mix' ? x.components.map((c) => c.strategy) : [x],
  );
  return leaves.some((x) => x.kind === 'hedge_funds' && x.managers.some((m) => m.betaEth !== 0));
}
