import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { KaznaApp } from '../../http/app.ts';
import { sendErr } from '../../http/problem.ts';
import { toCsv, type CsvCell } from '../../core/csv.ts';
import { FLOW_NODES, MEASURES } from './enforcement.ts';
import type { PublicPortal } from './service.ts';
import { wire, PROBLEMS, csvText } from '../../http/answers.ts';
import {
  PublicDatasetsJson,
  PublicVerificationJson,
  PublicAllocationJson,
  PublicValueSeriesJson,
  PublicEnforcementJson,
  PublicFlowsJson,
  PublicAddressesJson,
} from './answers.ts';

/**
 * The public portal's API under /api/v1/public: no login, nothing private. Every dataset is JSON by
 * default and CSV with `?format=csv` (sent as a download). Errors are problems with stable codes.
 */
const format = z.object({ format: z.enum(['json', 'csv']).default('json') });
const day = z.iso.date();
const tags = ['public'];
const config = { access: 'public' as const };

/** Every public dataset answers as JSON or, with `?format=csv`, as a CSV file of the same rows. */
function jsonOrCsv(json: z.ZodType) {
  return {
    200: {
      description: 'ok',
      content: { 'application/json': { schema: json }, 'text/csv': { schema: csvText } },
    },
    ...PROBLEMS,
  };
}

function csv(reply: FastifyReply, name: string, header: readonly string[], rows: CsvCell[][]) {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="kazna-${name}.csv"`)
    .send(toCsv(header, rows, { eol: '\r\n' }));
}

export const PUBLIC_DATASETS = [
  'allocation',
  'value-series',
  'enforcement',
  'flows',
  'addresses',
  'verification',
] as const;

export function publicPortalRoutes(api: KaznaApp, portal: PublicPortal): void {
  api.get(
    '/public/datasets',
    { config, schema: { tags, response: { 200: PublicDatasetsJson, ...PROBLEMS } } },
    () =>
      wire({
        datasets: PUBLIC_DATASETS.map((name) => ({
          name,
          json: `/api/v1/public/${name}`,
          csv: `/api/v1/public/${name}?format=csv`,
        })),
        flowNodes: FLOW_NODES,
        measures: MEASURES,
      }),
  );
  allocationRoutes(api, portal);
  enforcementRoutes(api, portal);
  api.get(
    '/public/verification',
    {
      config,
      schema: {
        tags,
        querystring: format,
        response: jsonOrCsv(PublicVerificationJson),
      },
    },
    async (request, reply) => {
      const r = await portal.verification();
      if (!r.ok) return sendErr(reply, 404, r);
      if (request.query.format === 'json') return wire(r.value);
      const rows = r.value.entries.map((e) => [
        e.figure,
        e.seq,
        e.leafHash,
        e.proof?.join(' ') ?? null,
      ]);
      return csv(reply, 'verification', ['figure', 'seq', 'leaf_hash', 'proof'], rows);
    },
  );
}

function allocationRoutes(api: KaznaApp, portal: PublicPortal): void {
  api.get(
    '/public/allocation',
    {
      config,
      schema: {
        tags,
        querystring: format.extend({ day: day.optional() }),
        response: jsonOrCsv(PublicAllocationJson),
      },
    },
    async (request, reply) => {
      const r = await portal.allocation(request.query.day);
      if (!r.ok) return sendErr(reply, 404, r);
      if (request.query.format === 'json') return wire(r.value);
      const rows = r.value.lines.map((l) => [
        r.value.day,
        l.bucket,
        l.official,
        l.value,
        l.share,
        l.target,
      ]);
      const header = [
        'day',
        'bucket',
        'official_reserve_asset',
        'value_usd',
        'share_pct',
        'target_pct',
      ];
      return csv(reply, 'allocation', header, rows);
    },
  );
  valueSeriesRoute(api, portal);
}

function valueSeriesRoute(api: KaznaApp, portal: PublicPortal): void {
  api.get(
    '/public/value-series',
    {
      config,
      schema: {
        tags,
        querystring: format.extend({ from: day.optional(), to: day.optional() }),
        response: jsonOrCsv(PublicValueSeriesJson),
      },
    },
    async (request, reply) => {
      const series = await portal.valueSeries(request.query.from, request.query.to);
      if (!series.ok) return sendErr(reply, 400, series);
      const r = series.value;
      if (request.query.format === 'json') return wire(r);
      const rows = r.points.map((p) => [
        p.day,
        p.total,
        p.gold,
        p.fx,
        p.hedge_funds,
        p.venture_funds,
      ]);
      const header = [
        'day',
        'total_usd',
        'gold_usd',
        'fx_usd',
        'hedge_funds_usd',
        'venture_funds_usd',
      ];
      return csv(reply, 'value-series', header, rows);
    },
  );
}

function enforcementRoutes(api: KaznaApp, portal: PublicPortal): void {
  api.get(
    '/public/enforcement',
    {
      config,
      schema: {
        tags,
        querystring: format,
        response: jsonOrCsv(PublicEnforcementJson),
      },
    },
    async (request, reply) => {
      const r = await portal.enforcement();
      if (request.query.format === 'json') return wire(r);
      const rows = r.byAsset.map((a) => [
        a.asset,
        ...MEASURES.map((m) => (a as Record<string, string>)[m] ?? null),
      ]);
      return csv(reply, 'enforcement', ['asset', ...MEASURES], rows);
    },
  );
  api.get(
    '/public/flows',
    {
      config,
      schema: {
        tags,
        querystring: format,
        response: jsonOrCsv(PublicFlowsJson),
      },
    },
    async (request, reply) => {
      const r = await portal.flows();
      if (request.query.format === 'json') return wire(r);
      const rows = r.links.map((l) => [l.asset, l.source, l.target, l.units]);
      return csv(reply, 'flows', ['asset', 'source', 'target', 'units'], rows);
    },
  );
  addressRoutes(api, portal);
}

function addressRoutes(api: KaznaApp, portal: PublicPortal): void {
  api.get(
    '/public/addresses',
    {
      config,
      schema: {
        tags,
        querystring: format,
        response: jsonOrCsv(PublicAddressesJson),
      },
    },
    async (request, reply) => {
      const r = await portal.addresses();
      if (request.query.format === 'json') return wire(r);
      const rows = r.lots.flatMap((l) => l.addresses.map((a) => [l.asset, l.chain, a, l.balance]));
      return csv(reply, 'addresses', ['asset', 'chain', 'address', 'lot_balance'], rows);
    },
  );
}
