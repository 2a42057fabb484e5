import { z } from 'zod';
import { jsonValue } from '../http/answers.ts';

/**
 * What this domain's routes answer, as the client receives it (amounts as decimal strings, times as
 * ISO strings). The routes serialize through these schemas and the web app parses with them.
 */
export const VarFigureJson = z.object({
  method: z.enum(['historical', 'parametric', 'monte_carlo']),
  confidence: z.number(),
  horizonDays: z.number(),
  var: z.number(),
  cvar: z.number(),
});

export const StressShockJson = z.object({
  factor: z.string(),
  shock: z.number(),
  from: z.enum(['series', 'fallback']),
  sources: z.array(z.string()).optional(),
});

export const BreachJson = z.object({
  limitId: z.string(),
  kind: z.enum(['var', 'crypto_cap', 'manager_concentration', 'liquidity_min']),
  subject: z.string(),
  measuredBps: z.number(),
  thresholdBps: z.number(),
  message: z.string(),
});

export const RiskReportJson = z.object({
  day: z.string(),
  currency: z.string(),
  total: z.string(),
  stale: z.boolean(),
  exposures: z.record(z.string(), z.number()),
  factors: z.array(
    z.object({
      factor: z.string(),
      volDaily: z.number(),
      maxDrawdown: z.number(),
      observations: z.number(),
    }),
  ),
  correlation: z.array(z.array(z.number())),
  var: z.array(VarFigureJson),
  stress: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      kind: z.string(),
      pnl: z.number(),
      pnlFraction: z.number(),
      shocks: z.array(StressShockJson).optional(),
    }),
  ),
  liquidity: z.object({
    rungs: z.array(z.object({ days: z.number(), cumulative: z.string() })),
    illiquid: z.string(),
  }),
  breaches: z.array(BreachJson),
  shares: z.object({
    cryptoBps: z.number(),
    managersBps: z.record(z.string(), z.number()),
  }),
});

export const StoredLimitJson = z.object({
  id: z.string(),
  limit: z.union([
    z.object({
      kind: z.literal('var'),
      method: z.enum(['historical', 'parametric', 'monte_carlo']),
      confidence: z.union([z.literal(0.95), z.literal(0.99)]),
      horizonDays: z.union([z.literal(1), z.literal(10)]),
      maxBps: z.number(),
    }),
    z.object({
      kind: z.literal('liquidity_min'),
      days: z.union([z.literal(1), z.literal(7), z.literal(365), z.literal(90), z.literal(30)]),
      minBps: z.number(),
    }),
    z.object({ kind: z.literal('crypto_cap'), maxBps: z.number() }),
    z.object({ kind: z.literal('manager_concentration'), maxBps: z.number() }),
  ]),
  setBy: z.string(),
  setAt: z.string(),
});

/** GET /risk/limits */
export const RiskLimitsJson = z.array(StoredLimitJson);

/** POST /risk/limits */
export const RiskLimitsPostJson = z.object({ id: z.string() }).nullable();

export const ListedAlertJson = z.object({
  id: z.string(),
  limitId: z.string(),
  kind: z.string(),
  day: z.string(),
  subject: z.string(),
  measured: z.string(),
  threshold: z.string(),
  detail: jsonValue,
  acknowledgement: z.object({ by: z.string(), at: z.string(), note: z.string() }).nullable(),
});

/** GET /risk/alerts */
export const RiskAlertsJson = z.array(ListedAlertJson);

/** POST /risk/reports */
export const RiskReportsPostJson = z.object({
  report: RiskReportJson,
  id: z.string(),
  alerts: z.array(z.string()),
});

export const ReportSummaryJson = z.object({
  id: z.string(),
  day: z.string(),
  currency: z.string(),
  total: z.string(),
  var: jsonValue,
  breaches: z.number(),
  reportSha256: z.string(),
  runBy: z.string(),
  runAt: z.string(),
});

/** GET /risk/reports */
export const RiskReportsJson = z.object({ reports: z.array(ReportSummaryJson) });

/** GET /risk/reports/:id */
export const RiskReports2Json = z.object({ summary: ReportSummaryJson, report: jsonValue });

/** POST /risk/alerts/:id/acknowledge */
export const RiskAlertsAcknowledgePostJson = z.object({ alertId: z.string() });
