import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { ASSET_CODES } from '../core/assets.ts';
import type { Err } from '../core/result.ts';
import type { KaznaApp } from '../http/app.ts';
import { sendErr, sendProblem } from '../http/problem.ts';
import { CSV_FORMATS, DATE_FORMATS, type CsvFormatName, type CsvLayout } from './csv.ts';
import { daysBetween, formatPrice } from './model.ts';
import type { ImportError, ImportInput, ManualError, Market } from './service.ts';
import { PROBLEMS, wire } from '../http/answers.ts';
import {
  MarketPricesJson,
  MarketPriceJson,
  MarketQualityJson,
  MarketMissingJson,
  MarketCoverageJson,
  MarketValuationsJson,
  ImportReportJson,
  ImportPreviewJson,
  MarketManualPricesJson,
} from './answers.ts';

/** HTTP edge of the market domain: prices, quality, missing days, imports, manual prices, valuations. */
type MarketCode = ImportError | ManualError;

export function statusOf(code: MarketCode): number {
  switch (code) {
    case 'content_invalid':
      return 400;
    case 'manual_price_needs_an_approver':
      return 409;
    case 'csv_has_invalid_rows':
    case 'file_is_empty':
    case 'header_lacks_column':
    case 'file_has_no_valid_rows':
    case 'layout_not_recognised':
    case 'price_is_not_a_decimal':
    case 'price_exceeds_scale':
    case 'price_is_not_positive':
      return 422;
  }
}

const day = z.iso.date();
const asset = z.enum(ASSET_CODES);
const range = z.object({ asset, quote: asset.default('USD'), from: day, to: day });
const layout = z.strictObject({
  delimiter: z.string().length(1),
  dateFormat: z.enum(DATE_FORMATS),
  columns: z.strictObject({
    date: z.string().min(1),
    close: z.string().min(1),
    open: z.string().min(1).optional(),
    high: z.string().min(1).optional(),
    low: z.string().min(1).optional(),
    volume: z.string().min(1).optional(),
  }),
});
/**
 * The longest range one request reads, some 27 years. Missing days and quality walk every day of
 * the range in memory: 2019 to 9999 is three million days, enough to exhaust the server's heap.
 */
export const MAX_RANGE_DAYS = 10_000;

function tooLong(q: { readonly from: string; readonly to: string }): boolean {
  return daysBetween(q.from, q.to) > MAX_RANGE_DAYS;
}

function refuseRange(reply: FastifyReply, q: { readonly from: string; readonly to: string }) {
  const detail = `${q.from} to ${q.to} spans more than ${MAX_RANGE_DAYS} days; ask in parts`;
  return sendProblem(reply, 400, 'range_too_long', detail);
}

const formatNames = Object.keys(CSV_FORMATS) as [CsvFormatName, ...CsvFormatName[]];

/** Drops the `undefined` optionals zod leaves, for exact optional property types. */
function toLayout(
  f: CsvFormatName | 'auto' | z.infer<typeof layout>,
): CsvFormatName | 'auto' | CsvLayout {
  if (typeof f === 'string') return f;
  const columns = Object.fromEntries(Object.entries(f.columns).filter(([, v]) => v !== undefined));
  return { ...f, columns: columns as unknown as CsvLayout['columns'] };
}

function fail(reply: FastifyReply, e: Err<MarketCode>): FastifyReply {
  return sendErr(reply, statusOf(e.code), e);
}

export function marketRoutes(api: KaznaApp, market: Market): void {
  api.get(
    '/market/prices',
    {
      config: { access: 'market.read' },
      schema: { querystring: range, response: { 200: MarketPricesJson, ...PROBLEMS } },
    },
    async (request, reply) => {
      const q = request.query;
      if (tooLong(q)) return refuseRange(reply, q);
      const rows = await market.series(q.asset, q.quote, q.from, q.to);
      return wire(rows.map((r) => ({ day: r.day, source: r.source, close: formatPrice(r.close) })));
    },
  );
  api.get(
    '/market/price',
    {
      config: { access: 'market.read' },
      schema: {
        querystring: z.object({ asset, quote: asset.default('USD'), day }),
        response: { 200: MarketPriceJson, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const p = await market.priceOn(request.query.asset, request.query.quote, request.query.day);
      if (p === null) {
        const { asset: a, quote: q, day: d } = request.query;
        return sendProblem(reply, 404, 'price_is_missing', `no ${a}/${q} price for ${d}`);
      }
      return wire({ ...p, price: formatPrice(p.price) });
    },
  );
  qualityReads(api, market);
  writeRoutes(api, market);
}

function qualityReads(api: KaznaApp, market: Market): void {
  api.get(
    '/market/quality',
    {
      config: { access: 'market.read' },
      schema: { querystring: range, response: { 200: MarketQualityJson, ...PROBLEMS } },
    },
    async (request, reply) => {
      const q = request.query;
      if (tooLong(q)) return refuseRange(reply, q);
      return wire({ issues: await market.quality(q.asset, q.quote, q.from, q.to) });
    },
  );
  api.get(
    '/market/missing',
    {
      config: { access: 'market.read' },
      schema: { querystring: range, response: { 200: MarketMissingJson, ...PROBLEMS } },
    },
    async (request, reply) => {
      const q = request.query;
      if (tooLong(q)) return refuseRange(reply, q);
      return wire({ days: await market.missing(q.asset, q.quote, q.from, q.to) });
    },
  );
  api.get(
    '/market/coverage',
    {
      config: { access: 'market.read' },
      schema: { response: { 200: MarketCoverageJson, ...PROBLEMS } },
    },
    async () =>
      wire({
        pairs: await market.coverage(),
      }),
  );
  api.get(
    '/market/valuations',
    {
      config: { access: 'market.read' },
      schema: {
        querystring: z.object({ currency: asset.default('USD'), from: day, to: day }),
        response: { 200: MarketValuationsJson, ...PROBLEMS },
      },
    },
    async (request) =>
      wire(
        await market.valuationSeries(request.query.currency, request.query.from, request.query.to),
      ),
  );
}

/** A daily price file is a few hundred kilobytes per decade; allow room for long histories. */
const IMPORT_BODY_LIMIT = 16 * 1024 * 1024;

const importBody = z.strictObject({
  asset,
  quote: asset.optional(),
  source: z.string().min(1).max(100).optional(),
  fileName: z.string().max(300).optional(),
  format: z.union([z.literal('auto'), z.enum(formatNames), layout]).default('auto'),
  skipInvalid: z.boolean().optional(),
  text: z.string().min(1),
});

function importInput(body: z.infer<typeof importBody>): ImportInput {
  const { text, format, skipInvalid, asset: a, quote, source, fileName } = body;
  return {
    text,
    asset: a,
    format: toLayout(format),
    ...(quote === undefined ? {} : { quote }),
    ...(source === undefined ? {} : { source }),
    ...(fileName === undefined ? {} : { fileName }),
    ...(skipInvalid === undefined ? {} : { skipInvalid }),
  };
}

function writeRoutes(api: KaznaApp, market: Market): void {
  api.post(
    '/market/imports',
    {
      config: { access: 'market.prices.write' },
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        body: importBody,
        response: { 200: ImportReportJson, 201: ImportReportJson, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const r = await market.importCsv(request.actor, importInput(request.body));
      if (!r.ok) return fail(reply, r);
      return reply.code(201).send(wire(r.value));
    },
  );
  // What an import would store, for the Market page to show before the officer confirms.
  api.post(
    '/market/imports/preview',
    {
      config: { access: 'market.prices.write' },
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: { body: importBody, response: { 200: ImportPreviewJson, ...PROBLEMS } },
    },
    async (request, reply) => {
      const r = await market.previewCsv(importInput(request.body));
      if (!r.ok) return fail(reply, r);
      return wire(r.value);
    },
  );
  // A manual price is requested as a governance approval request of kind `market.manual_price`
  // (POST /governance/approvals); it appears here once the request is executed.
  api.get(
    '/market/manual-prices',
    {
      config: { access: 'market.read' },
      schema: { response: { 200: MarketManualPricesJson, ...PROBLEMS } },
    },
    async () => wire(await market.manualPrices()),
  );
}
