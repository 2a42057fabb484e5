import { z } from 'zod';
import { unreachable } from '../core/assert.ts';
import type { KaznaApp } from '../http/app.ts';
import { sendErr, sendProblem } from '../http/problem.ts';
import type { ReportBundle } from '../../verifier/src/reports.ts';
import type { ClaimProofError, LotReceiptError, ReceiptError } from './por/service.ts';
import { reportCsv, reportPdf } from './reports/export.ts';
import type { ReportError } from './reports/service.ts';
import type { ReportRow } from './store.ts';
import type { Transparency } from './service.ts';
import { wire, PROBLEMS, csvText, binaryBody, sendStoredJson } from '../http/answers.ts';
import {
  PublicReportsJson,
  ImfViewJson,
  PorDocumentJson,
  ReportBundleJson,
  ClaimProofDocumentJson,
  TransparencyReportsPostJson,
  TransparencyProofOfReservesPostJson,
  TransparencyClaimsReceiptJson,
  LotReceiptJson,
} from './answers.ts';

/**
 * Reports and proofs of reserves over HTTP. Reading is public: a bundle holds figures, hashes,
 * signatures and salted commitments, never a person or a record id. Publishing needs
 * `transparency.reports.publish`; a claimant's salt is handed out only to those who manage
 * restitution, a lot's salt only to officials who may see the lot.
 */
// A calendar day, not just its shape: 2026-02-30 would reach the database as an invalid date.
const DAY = z.iso.date();
const UUID_TEXT = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const UUID = z.string().regex(new RegExp(`^${UUID_TEXT}$`));
const HASH = z.string().regex(/^[0-9a-f]{64}$/);
/**
 * `:ref` is a report id, optionally with the export's extension. The id must be a UUID's shape, not
 * any 36 hex digits and dashes, or the database's uuid cast refuses it with an error.
 */
const REPORT_REF = z.string().regex(new RegExp(`^${UUID_TEXT}(\\.json|\\.csv|\\.pdf)?$`));

export function reportStatus(code: ReportError): number {
  switch (code) {
    case 'period_invalid':
      return 400;
    case 'no_data_for_period':
      return 404;
    case 'period_not_ended':
      return 409;
    case 'report_already_published':
      return 409;
    default:
      return unreachable(code);
  }
}

function proofStatus(code: ClaimProofError | ReceiptError | LotReceiptError): number {
  const statuses: Record<ClaimProofError | ReceiptError | LotReceiptError, number> = {
    por_not_found: 404,
    leaf_not_found: 404,
    claim_not_in_proof_of_reserves: 404,
    lot_not_found: 404,
    lot_not_in_proof_of_reserves: 404,
  };
  return statuses[code];
}

export function reportSummary(r: ReportRow) {
  return {
    id: r.id,
    kind: r.kind,
    period: r.period,
    from: r.from,
    to: r.to,
    sha256: r.sha256,
    publishedAt: r.publishedAt.toISOString(),
    auditSeq: r.auditSeq,
    links: {
      bundle: `/api/v1/public/reports/${r.id}`,
      csv: `/api/v1/public/reports/${r.id}.csv`,
      pdf: `/api/v1/public/reports/${r.id}.pdf`,
    },
  };
}

/** `publicReads` answers the anonymous downloads (a read replica's, when one is configured). */
export function transparencyRoutes(
  app: KaznaApp,
  t: Transparency,
  publicReads: Transparency = t,
): void {
  publicReportRoutes(app, publicReads);
  publicPorRoutes(app, publicReads);
  internalRoutes(app, t);
}

function publicReportRoutes(app: KaznaApp, t: Transparency): void {
  const tags = ['transparency'];
  app.get(
    '/public/reports',
    {
      config: { access: 'public' },
      schema: {
        tags,
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(100).default(20),
          before: UUID.optional(),
        }),
        response: { 200: PublicReportsJson, ...PROBLEMS },
      },
    },
    async (request) => {
      const { limit, before } = request.query;
      const rows = await t.reports({ limit, ...(before === undefined ? {} : { before }) });
      const last = rows.length === limit ? rows.at(-1)?.id : undefined;
      return wire({ reports: rows.map(reportSummary), next: last ?? null });
    },
  );
  app.get(
    '/public/reports/:ref',
    {
      config: { access: 'public' },
      schema: {
        tags,
        params: z.object({ ref: REPORT_REF }),
        response: {
          200: {
            description: 'ok',
            // The JSON is the stored bundle sent byte for byte (its hashes cover those bytes).
            content: {
              'application/json': { schema: ReportBundleJson },
              'text/csv': { schema: csvText },
              'application/pdf': { schema: binaryBody },
            },
          },
          ...PROBLEMS,
        },
      },
    },
    async (request, reply) => {
      const [id = '', ext = 'json'] = request.params.ref.split('.');
      const found = await t.reportBundle(id);
      if (found === null) return sendProblem(reply, 404, 'report_not_found', `no report ${id}`);
      if (ext === 'json') return sendStoredJson(reply, found.bundle);
      const bundle = JSON.parse(found.bundle) as ReportBundle;
      const name = `kazna-${found.row.kind}-${found.row.period}`;
      if (ext === 'csv')
        return reply
          .type('text/csv')
          .header('content-disposition', `attachment; filename="${name}.csv"`)
          .send(reportCsv(bundle));
      const pdf = await reportPdf(bundle);
      if (pdf === null)
        // A deployment without Chromium answers every other format; this one is not available here.
        return sendProblem(reply, 409, 'pdf_renderer_missing', 'Chromium is not installed here');
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${name}.pdf"`)
        .send(Buffer.from(pdf));
    },
  );
  app.get(
    '/public/imf-template/:day',
    {
      config: { access: 'public' },
      schema: { tags, params: z.object({ day: DAY }), response: { 200: ImfViewJson, ...PROBLEMS } },
    },
    async (request, reply) => {
      const r = await t.imf(request.params.day);
      if (!r.ok) return sendErr(reply, 404, r);
      return wire(r.value);
    },
  );
}

function publicPorRoutes(app: KaznaApp, t: Transparency): void {
  const tags = ['transparency'];
  const porId = z.union([z.literal('latest'), UUID]);
  app.get(
    '/public/proof-of-reserves/:id',
    {
      config: { access: 'public' },
      schema: {
        tags,
        params: z.object({ id: porId }),
        // The stored document, sent byte for byte: its signature covers those bytes.
        response: {
          200: { description: 'ok', content: { 'application/json': { schema: PorDocumentJson } } },
          ...PROBLEMS,
        },
      },
    },
    async (request, reply) => {
      const row = await t.por(request.params.id);
      if (row === null)
        return sendProblem(reply, 404, 'por_not_found', 'no proof of reserves has been published');
      return sendStoredJson(reply, row.document);
    },
  );
  app.get(
    '/public/proof-of-reserves/:id/claims/:commitment/proof',
    {
      config: { access: 'public' },
      schema: {
        tags,
        params: z.object({ id: porId, commitment: HASH }),
        response: { 200: ClaimProofDocumentJson, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const r = await t.claimProof(request.params.id, request.params.commitment);
      if (!r.ok) return sendErr(reply, proofStatus(r.code), r);
      return wire(r.value);
    },
  );
}

function internalRoutes(app: KaznaApp, t: Transparency): void {
  const tags = ['transparency'];
  app.post(
    '/transparency/reports',
    {
      config: { access: 'transparency.reports.publish' },
      schema: {
        tags,
        body: z.object({ period: z.string().min(1).max(20), publish: z.boolean().default(true) }),
        response: {
          200: TransparencyReportsPostJson,
          201: TransparencyReportsPostJson,
          ...PROBLEMS,
        },
      },
    },
    async (request, reply) => {
      const r = await t.report(request.actor, request.body.period, request.body.publish);
      if (!r.ok) return sendErr(reply, reportStatus(r.code), r);
      return reply.code(request.body.publish ? 201 : 200).send(
        wire({
          id: r.value.id,
          published: r.value.auditSeq !== null,
          auditSeq: r.value.auditSeq,
          bundle: r.value.bundle,
        }),
      );
    },
  );
  app.post(
    '/transparency/proof-of-reserves',
    {
      config: { access: 'transparency.reports.publish' },
      schema: {
        tags,
        response: {
          200: TransparencyProofOfReservesPostJson,
          201: TransparencyProofOfReservesPostJson,
          ...PROBLEMS,
        },
      },
    },
    async (request, reply) => {
      const made = await t.buildPor(request.actor);
      return reply.code(201).send(wire({ auditSeq: made.auditSeq, document: made.document }));
    },
  );
  receiptRoutes(app, t);
}

function receiptRoutes(app: KaznaApp, t: Transparency): void {
  const tags = ['transparency'];
  app.get(
    '/transparency/claims/:claimId/receipt',
    {
      config: { access: 'seizures.restitution.manage' },
      schema: {
        tags,
        params: z.object({ claimId: UUID }),
        response: { 200: TransparencyClaimsReceiptJson, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const r = await t.claimReceipt(request.params.claimId);
      if (!r.ok) return sendErr(reply, proofStatus(r.code), r);
      return wire(r.value);
    },
  );
  app.get(
    '/transparency/lots/:lotId/receipt',
    {
      config: { access: 'seizures.read' },
      schema: {
        tags,
        params: z.object({ lotId: UUID }),
        querystring: z.object({ por: z.union([z.literal('latest'), UUID]).default('latest') }),
        response: { 200: LotReceiptJson, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const r = await t.lotReceipt(request.actor, request.params.lotId, request.query.por);
      if (!r.ok) return sendErr(reply, proofStatus(r.code), r);
      return wire(r.value);
    },
  );
}
