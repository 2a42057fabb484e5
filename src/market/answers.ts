import { z } from 'zod';
import { AssetCodeJson } from '../http/answers.ts';

/**
 * What this domain's routes answer, as the client receives it (amounts as decimal strings, times as
 * ISO strings). The routes serialize through these schemas and the web app parses with them.
 */
/** GET /market/prices */
export const MarketPricesJson = z.array(
  z.object({ day: z.string(), source: z.string(), close: z.string() }),
);

/** GET /market/price */
export const MarketPriceJson = z.object({
  price: z.string(),
  asset: AssetCodeJson,
  quote: AssetCodeJson,
  day: z.string(),
  source: z.string(),
  stale: z.boolean(),
});

/** GET /market/quality */
export const MarketQualityJson = z.object({
  issues: z.array(
    z.union([
      z.object({
        kind: z.literal('disagreement'),
        day: z.string(),
        sources: z.tuple([z.string(), z.string()]),
        closes: z.tuple([z.string(), z.string()]),
        spreadBps: z.number(),
      }),
      z.object({
        kind: z.literal('stale'),
        day: z.string(),
        latest: z.string().nullable(),
        ageDays: z.number().nullable(),
      }),
      z.object({
        kind: z.literal('flat_run'),
        day: z.string(),
        days: z.number(),
        close: z.string(),
      }),
      z.object({
        kind: z.literal('jump'),
        day: z.string(),
        source: z.string(),
        moveBps: z.number(),
      }),
      z.object({ kind: z.literal('gap'), day: z.string() }),
    ]),
  ),
});

/** GET /market/missing */
export const MarketMissingJson = z.object({ days: z.array(z.string()) });

export const CoverageJson = z.object({
  asset: z.string(),
  quote: z.string(),
  source: z.string(),
  first: z.string(),
  last: z.string(),
  days: z.number(),
});

/** GET /market/coverage */
export const MarketCoverageJson = z.object({ pairs: z.array(CoverageJson) });

/** GET /market/valuations */
export const MarketValuationsJson = z.array(
  z.object({ day: z.string(), total: z.string(), stale: z.boolean() }),
);

export const RejectedRowJson = z.object({
  line: z.number(),
  code: z.enum([
    'price_is_not_a_decimal',
    'price_exceeds_scale',
    'price_is_not_positive',
    'row_has_wrong_column_count',
    'date_is_invalid',
    'volume_is_negative',
    'date_is_duplicated',
  ]),
  message: z.string(),
  text: z.string(),
});

export const ImportReportJson = z.object({
  importId: z.string().nullable(),
  imported: z.number(),
  unchanged: z.number(),
  rejected: z.array(RejectedRowJson),
});

export const CsvLayoutJson = z.object({
  delimiter: z.string(),
  dateFormat: z.enum(['iso', 'dotted', 'dmy', 'mdy', 'unix']),
  columns: z.object({
    date: z.string(),
    close: z.string(),
    open: z.string().optional(),
    high: z.string().optional(),
    low: z.string().optional(),
    volume: z.string().optional(),
  }),
});

export const ImportPreviewJson = z.object({
  layout: CsvLayoutJson,
  format: z.enum(['btc_candles', 'yahoo', 'xau_semicolon', 'simple']).nullable(),
  source: z.string(),
  rows: z.number(),
  first: z.string().nullable(),
  last: z.string().nullable(),
  fresh: z.number(),
  unchanged: z.number(),
  sample: z.array(z.object({ day: z.string(), close: z.string() })),
  rejected: z.array(RejectedRowJson),
});

export const ManualPriceRowJson = z.object({
  id: z.string(),
  asset: z.string(),
  quote: z.string(),
  day: z.string(),
  close: z.string(),
  reason: z.string(),
  requestedBy: z.string(),
  requestedAt: z.string(),
  decision: z.enum(['approved', 'rejected']).nullable(),
  decidedBy: z.string().nullable(),
  approvalRef: z.string().nullable(),
});

/** GET /market/manual-prices */
export const MarketManualPricesJson = z.array(ManualPriceRowJson);
