import { z } from 'zod';
import { SIM_ASSETS } from './model.ts';

/**
 * What this domain's routes answer, as the client receives it (amounts as decimal strings, times as
 * ISO strings). The routes serialize through these schemas and the web app parses with them.
 */
export const BandJson = z.object({ p5: z.number(), p50: z.number(), p95: z.number() });

export const StrategyReportJson = z.object({
  id: z.string(),
  kind: z.string(),
  label: z.string().nullable(),
  terminalValue: z.object({ p5: z.number(), p50: z.number(), p95: z.number(), mean: z.number() }),
  cagr: BandJson,
  volatility: z.number(),
  maxDrawdown: z.object({ p50: z.number(), p95: z.number() }),
  horizonVar95: z.number(),
  horizonCvar95: z.number(),
  dailyVar95: z.number(),
  dailyCvar95: z.number(),
  feesPaid: z.number(),
  failuresExpected: z.number(),
  fan: z.object({
    p5: z.array(z.number()),
    p25: z.array(z.number()),
    p50: z.array(z.number()),
    p75: z.array(z.number()),
    p95: z.array(z.number()),
  }),
  liquidShare30d: z.object({ mean: z.array(z.number()), p50: z.array(z.number()) }),
});

export const InflowSourceJson = z.object({
  kind: z.literal('forfeited_lots'),
  used: z.object({
    BTC: z.object({ lots: z.number(), quantity: z.string() }).optional(),
    ETH: z.object({ lots: z.number(), quantity: z.string() }).optional(),
  }),
  skipped: z.record(z.string(), z.number()),
});

const StrategyShared = { id: z.string(), label: z.string().optional() };

const AuctionSpecJson = z.object({
  kind: z.literal('auction'),
  legalDelayDays: z.number(),
  discount: z.union([
    z.object({ kind: z.literal('normal'), mean: z.number(), sd: z.number() }),
    z.object({ kind: z.literal('uniform'), min: z.number(), max: z.number() }),
    z.object({ kind: z.literal('fixed'), value: z.number() }),
  ]),
  feeRate: z.number(),
  cashYield: z.number().optional(),
});

const OtcSpecJson = z.object({
  kind: z.literal('otc'),
  startDelayDays: z.number(),
  durationDays: z.number(),
  maxShareOfVolume: z.number(),
  impactCoefficient: z.number(),
  dailyVolatility: z.number(),
  feeRate: z.number(),
  cashYield: z.number().optional(),
});

const QuietSpecJson = z.object({
  kind: z.literal('quiet'),
  delayDays: z.number(),
  feeRate: z.number(),
  haircut: z.number(),
  leakageProbability: z.number(),
  leakageLossFraction: z.number(),
  cashYield: z.number().optional(),
});

const DirectSpecJson = z.object({
  kind: z.literal('direct'),
  custodyIncidentProbabilityPerYear: z.number(),
  lossFraction: z.number(),
  custodyFeeRate: z.number(),
  neverSell: z.boolean(),
});

const HedgeFundsSpecJson = z.object({
  kind: z.literal('hedge_funds'),
  managers: z.array(
    z.object({
      name: z.string(),
      weight: z.number(),
      betaBtc: z.number(),
      betaEth: z.number(),
      alphaAnnual: z.number(),
      idioVolAnnual: z.number(),
      managementFee: z.number(),
      performanceFee: z.number(),
      lockupDays: z.number(),
      dealingEveryDays: z.number(),
      noticeDays: z.number(),
      gate: z.number(),
      failureProbabilityPerYear: z.number(),
      recoveryRate: z.number(),
      recoveryDelayDays: z.number(),
    }),
  ),
  statementEveryDays: z.number(),
  crystallizationEveryDays: z.number(),
  cashYield: z.number().optional(),
});

const VentureFundsSpecJson = z.object({
  kind: z.literal('venture_funds'),
  conversionCost: z.number(),
  commitmentRatio: z.number(),
  rateOfContribution: z.array(z.number()),
  bow: z.number(),
  growthAnnual: z.number(),
  yield: z.number(),
  lifetimeYears: z.number(),
  betaBtc: z.number(),
  managementFee: z.number(),
  cashYield: z.number().optional(),
});

const EtfEquitiesSpecJson = z.object({
  kind: z.literal('etf_equities'),
  conversionCost: z.number(),
  ter: z.number(),
  trackingErrorAnnual: z.number(),
  beta: z.number(),
});

/** A strategy as a component of a mix: the same specs without an id or label of their own. */
const MixComponentJson = z.object({
  weight: z.number(),
  strategy: z.union([
    VentureFundsSpecJson,
    OtcSpecJson,
    QuietSpecJson,
    AuctionSpecJson,
    DirectSpecJson,
    HedgeFundsSpecJson,
    EtfEquitiesSpecJson,
  ]),
});

/** A named strategy: each spec with its id and optional label first, as the engine declares them. */
const StrategySpecJson = z.union([
  z.object({ ...StrategyShared, ...AuctionSpecJson.shape }),
  z.object({ ...StrategyShared, ...OtcSpecJson.shape }),
  z.object({ ...StrategyShared, ...QuietSpecJson.shape }),
  z.object({ ...StrategyShared, ...DirectSpecJson.shape }),
  z.object({ ...StrategyShared, ...HedgeFundsSpecJson.shape }),
  z.object({ ...StrategyShared, ...VentureFundsSpecJson.shape }),
  z.object({ ...StrategyShared, ...EtfEquitiesSpecJson.shape }),
  z.object({
    ...StrategyShared,
    kind: z.literal('mix'),
    components: z.array(MixComponentJson),
  }),
]);

export const SimulationReportJson = z.object({
  scenario: z.string(),
  seed: z.number(),
  paths: z.number(),
  start: z.string(),
  end: z.string(),
  horizonDays: z.number(),
  reportingCurrency: z.string(),
  contributed: BandJson,
  grid: z.object({ days: z.array(z.number()), dates: z.array(z.string()) }),
  strategies: z.array(StrategyReportJson),
  table: z.object({
    columns: z.array(z.string()),
    rows: z.array(z.array(z.union([z.string(), z.number()]))),
  }),
});

export const SimulationParametersJson = z.object({
  version: z.literal(1),
  name: z.string(),
  reportingCurrency: z.object({ code: z.string(), perUsd: z.number() }),
  inflows: z.array(z.object({ date: z.string(), asset: z.enum(SIM_ASSETS), quantity: z.string() })),
  prices: z.union([
    z.object({
      kind: z.literal('bootstrap'),
      from: z.string(),
      to: z.string(),
      blockDays: z.number(),
      start: z.string(),
      horizonDays: z.number(),
      driftAnnual: z.number().optional(),
    }),
    z.object({ kind: z.literal('historical'), from: z.string(), to: z.string() }),
  ]),
  market: z.object({
    dailyVolume: z.object({ BTC: z.number(), ETH: z.number() }),
    maxShareOfVolume: z.number(),
    cashYield: z.number(),
  }),
  reportEveryDays: z.number(),
  strategies: z.array(StrategySpecJson),
});

/** A finished run, answered at once by POST /simulator/runs and later by a job that completed. */
export const SimulationRunJson = z.object({
  report: SimulationReportJson,
  engineVersion: z.literal(1),
  parameters: SimulationParametersJson,
  seed: z.number(),
  paths: z.number(),
  inputHash: z.string(),
  inflowSource: InflowSourceJson.nullable(),
  priceSources: z.record(z.string(), z.array(z.string())),
});

/** POST /simulator/runs */
export const SimulatorRunsPostJson = SimulationRunJson;

/** POST /simulator/jobs */
export const SimulatorJobsPostJson = z.object({ id: z.string() });

/** GET /simulator/jobs/:id */
export const SimulatorJobsJson = z.object({
  result: SimulationRunJson.nullable(),
  id: z.string(),
  status: z.enum(['running', 'done', 'failed']),
  pathsDone: z.number(),
  pathsTotal: z.number(),
  problem: z.object({ code: z.string(), message: z.string() }).nullable(),
});

export const AmountJson = z.object({ sale: z.number(), reporting: z.number() });

export const ReplaySaleJson = z.object({
  date: z.string(),
  quantity: z.string(),
  closeUsd: z.number(),
  close: z.number(),
  discount: z.number(),
  feeRate: z.number(),
  price: z.number(),
  atClose: AmountJson,
  proceeds: AmountJson,
});

export const ReplayReportJson = z.object({
  asset: z.string(),
  currency: z.string(),
  reportingCurrency: z.string(),
  valuationDate: z.string(),
  sales: z.array(ReplaySaleJson),
  proceedsAtClose: AmountJson,
  proceeds: AmountJson,
  carriedCash: AmountJson,
  unsold: AmountJson,
  hold: AmountJson,
  difference: AmountJson,
  alternativesFrom: z.string(),
  alternatives: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      p5: AmountJson,
      p50: AmountJson,
      p95: AmountJson,
    }),
  ),
});

export const StudySummaryJson = z.object({
  version: z.number(),
  paths: z.number(),
  id: z.string(),
  seed: z.number(),
  name: z.string(),
  engineVersion: z.number(),
  inputHash: z.string(),
  reportHash: z.string(),
  savedBy: z.string(),
  savedAt: z.string(),
  auditSeq: z.string(),
});

/** GET /simulator/studies */
export const SimulatorStudiesJson = z.object({ studies: z.array(StudySummaryJson) });

export const StudyRowJson = z.object({
  id: z.string(),
  name: z.string(),
  version: z.number(),
  engineVersion: z.number(),
  parameters: z.unknown(),
  seed: z.number(),
  paths: z.number(),
  inputHash: z.string(),
  report: z.unknown(),
  reportHash: z.string(),
  savedBy: z.string(),
  savedAt: z.string(),
  auditSeq: z.string(),
});
