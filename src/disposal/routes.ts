import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { formatAmount } from '../core/money.ts';
import type { Err, Result } from '../core/result.ts';
import type { KaznaApp } from '../http/app.ts';
import { sendErr, sendProblem } from '../http/problem.ts';
import type { RefusalStatus } from '../http/refusals.ts';
import { formatPrice } from '../market/model.ts';
import type { GovernedOutcome } from './deps.ts';
import { reportCsv, reportJson, type Disposal } from './service.ts';
import { DISPOSAL_STATUS, type DisposalCode } from './statuses.ts';
import type * as store from './store.ts';
import { wire, PROBLEMS, csvText } from '../http/answers.ts';
import {
  ReserveDisposalsAuctionsJson,
  ReserveDisposalsAuctions2Json,
  ReserveDisposalsAuctionsPostJson,
  ReserveDisposalsAuctionsClosePostJson,
  GovernedOutcomeJson,
  ReserveDisposalsAuctionsBiddersPostJson,
  ReserveDisposalsAuctionsBidsPostJson,
  ReserveDisposalsAuctionsRevealsPostJson,
  ReserveDisposalsOtcJson,
  ReserveDisposalsOtcPostJson,
  ReserveDisposalsOtc2Json,
  ReserveDisposalsOtcReportJson,
  ReserveDisposalsLotsJson,
  ReserveDisposalsLotsEventsJson,
} from './answers.ts';

/**
 * HTTP edge of disposals under /api/v1/reserve/disposals. Reads need reserve.read, every write
 * reserve.manage; the steps that move a lot or money answer 200 when the policy let them run at
 * once and 202 while their approval request waits for its quorum.
 */
export function statusOf(code: DisposalCode): RefusalStatus {
  return DISPOSAL_STATUS[code];
}

function fail(reply: FastifyReply, e: Err<DisposalCode>): FastifyReply {
  return sendErr(reply, statusOf(e.code), e);
}

function governedReply(
  reply: FastifyReply,
  r: Result<GovernedOutcome, DisposalCode>,
): FastifyReply {
  if (!r.ok) return fail(reply, r);
  return reply.code(r.value.state === 'applied' ? 200 : 202).send(r.value);
}

const page = z.strictObject({
  after: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
const id = z.strictObject({ id: z.uuid() });
const decimal = z.string().min(1).max(100);

export function auctionJson(a: store.AuctionRow) {
  return {
    id: a.id,
    asset: a.asset,
    status: a.status,
    reservePrice: formatPrice(a.reservePrice),
    closesAt: a.closesAt.toISOString(),
    requestId: a.requestId,
    createdBy: a.createdBy,
    createdAt: a.createdAt.toISOString(),
    lots: a.lots.map((l) => ({ lotId: l.lotId, amount: formatAmount(l.units, a.asset) })),
  };
}

export function planJson(p: store.PlanRow) {
  return {
    id: p.id,
    lotId: p.lotId,
    asset: p.asset,
    counterpartyRef: p.counterpartyRef,
    maxVolumeShareBps: p.maxVolumeShareBps,
    toleranceBps: p.toleranceBps,
    requestId: p.requestId,
    createdAt: p.createdAt.toISOString(),
    tranches: p.tranches.map((t) => ({
      trancheNo: t.trancheNo,
      amount: formatAmount(t.units, p.asset),
    })),
  };
}

export function disposalRoutes(api: KaznaApp, s: Disposal): void {
  auctionReads(api, s);
  auctionWrites(api, s);
  bidRoutes(api, s);
  otcRoutes(api, s);
}

function auctionReads(api: KaznaApp, s: Disposal): void {
  api.get(
    '/reserve/disposals/auctions',
    {
      config: { access: 'reserve.read' },
      schema: { querystring: page, response: { 200: ReserveDisposalsAuctionsJson, ...PROBLEMS } },
    },
    async (request) => {
      const rows = await s.auctions(request.query);
      return wire({
        auctions: rows.map(auctionJson),
        next: rows.length === request.query.limit ? (rows.at(-1)?.id ?? null) : null,
      });
    },
  );
  api.get(
    '/reserve/disposals/auctions/:id',
    {
      config: { access: 'reserve.read' },
      schema: { params: id, response: { 200: ReserveDisposalsAuctions2Json, ...PROBLEMS } },
    },
    async (request, reply) => {
      const v = await s.auction(request.params.id);
      if (v === null) return sendProblem(reply, 404, 'auction_not_found');
      const asset = v.auction.asset;
      return wire({
        auction: auctionJson(v.auction),
        bidders: v.bidders.map((b) => ({ ...b, listVersion: b.listVersion.toString() })),
        // A sealed bid shows only its commitment until it is revealed.
        bids: v.bids.map((b) => ({
          id: b.id,
          lotId: b.lotId,
          bidderId: b.bidderId,
          commitment: b.commitment,
          committedAt: b.committedAt.toISOString(),
          price: b.price === null ? null : formatPrice(b.price),
          revealedAt: b.revealedAt?.toISOString() ?? null,
        })),
        awards: v.awards.map((w) => ({
          lotId: w.lotId,
          bidId: w.bidId,
          amount: formatAmount(w.units, asset),
          clearingPrice: w.clearingPrice === null ? null : formatPrice(w.clearingPrice),
          referencePrice: w.referencePrice === null ? null : formatPrice(w.referencePrice),
          referenceDay: w.referenceDay,
          referenceSource: w.referenceSource,
          premiumBps: w.premiumBps === null ? null : Number(w.premiumBps),
          proceeds: w.proceedsCents === null ? null : formatAmount(w.proceedsCents, 'USD'),
          cryptoTransferId: w.cryptoTransferId,
          proceedsTransferId: w.proceedsTransferId,
          requestId: w.requestId,
        })),
      });
    },
  );
}

function auctionWrites(api: KaznaApp, s: Disposal): void {
  api.post(
    '/reserve/disposals/auctions',
    {
      config: { access: 'reserve.manage' },
      schema: {
        body: z.strictObject({
          lotIds: z.array(z.uuid()).min(1).max(50),
          reservePrice: decimal,
          closesAt: z.iso.datetime(),
        }),
        response: {
          200: ReserveDisposalsAuctionsPostJson,
          202: ReserveDisposalsAuctionsPostJson,
          ...PROBLEMS,
        },
      },
    },
    async (request, reply) =>
      governedReply(reply, await s.requestAuction(request.actor, request.body)),
  );
  api.post(
    '/reserve/disposals/auctions/:id/close',
    {
      config: { access: 'reserve.manage' },
      schema: { params: id, response: { 200: ReserveDisposalsAuctionsClosePostJson, ...PROBLEMS } },
    },
    async (request, reply) => {
      const r = await s.closeAuction(request.actor, request.params.id);
      return r.ok ? wire(r.value) : fail(reply, r);
    },
  );
  api.post(
    '/reserve/disposals/auctions/:id/award',
    {
      config: { access: 'reserve.manage' },
      schema: {
        params: id,
        response: { 200: GovernedOutcomeJson, 202: GovernedOutcomeJson, ...PROBLEMS },
      },
    },
    async (request, reply) =>
      governedReply(reply, await s.requestAward(request.actor, request.params.id)),
  );
}

function bidRoutes(api: KaznaApp, s: Disposal): void {
  api.post(
    '/reserve/disposals/auctions/:id/bidders',
    {
      config: { access: 'reserve.manage' },
      schema: {
        params: id,
        body: z.strictObject({
          kycRef: z.string().regex(/^[a-z]+:[A-Za-z0-9-]{4,64}$/),
          address: z.string().min(1).max(200),
        }),
        response: {
          200: ReserveDisposalsAuctionsBiddersPostJson,
          201: ReserveDisposalsAuctionsBiddersPostJson,
          ...PROBLEMS,
        },
      },
    },
    async (request, reply) => {
      const r = await s.registerBidder(request.actor, request.params.id, request.body);
      return r.ok ? reply.code(201).send(wire(r.value)) : fail(reply, r);
    },
  );
  api.post(
    '/reserve/disposals/auctions/:id/bids',
    {
      config: { access: 'reserve.manage' },
      schema: {
        params: id,
        body: z.strictObject({
          lotId: z.uuid(),
          bidderId: z.uuid(),
          commitment: z.string().max(64),
        }),
        response: {
          200: ReserveDisposalsAuctionsBidsPostJson,
          201: ReserveDisposalsAuctionsBidsPostJson,
          ...PROBLEMS,
        },
      },
    },
    async (request, reply) => {
      const r = await s.commitBid(request.actor, request.params.id, request.body);
      return r.ok ? reply.code(201).send(wire(r.value)) : fail(reply, r);
    },
  );
  api.post(
    '/reserve/disposals/auctions/:id/reveals',
    {
      config: { access: 'reserve.manage' },
      schema: {
        params: id,
        body: z.strictObject({ bidId: z.uuid(), price: decimal, salt: z.string().max(200) }),
        response: { 200: ReserveDisposalsAuctionsRevealsPostJson, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const r = await s.revealBid(request.actor, request.params.id, request.body);
      return r.ok ? wire(r.value) : fail(reply, r);
    },
  );
}

function otcRoutes(api: KaznaApp, s: Disposal): void {
  api.get(
    '/reserve/disposals/otc',
    {
      config: { access: 'reserve.read' },
      schema: { querystring: page, response: { 200: ReserveDisposalsOtcJson, ...PROBLEMS } },
    },
    async (request) => {
      const rows = await s.plans(request.query);
      return wire({
        plans: rows.map(planJson),
        next: rows.length === request.query.limit ? (rows.at(-1)?.id ?? null) : null,
      });
    },
  );
  api.post(
    '/reserve/disposals/otc',
    {
      config: { access: 'reserve.manage' },
      schema: {
        body: z.strictObject({
          lotId: z.uuid(),
          counterpartyRef: z.string().min(1).max(200),
          maxVolumeShareBps: z.int().min(1).max(10_000).default(1000),
          toleranceBps: z.int().min(0).max(10_000).default(100),
          tranches: z.array(decimal).min(1).max(500),
        }),
        response: {
          200: ReserveDisposalsOtcPostJson,
          202: ReserveDisposalsOtcPostJson,
          ...PROBLEMS,
        },
      },
    },
    async (request, reply) =>
      governedReply(reply, await s.requestPlan(request.actor, request.body)),
  );
  api.post(
    '/reserve/disposals/otc/:id/tranches',
    {
      config: { access: 'reserve.manage' },
      schema: {
        params: id,
        body: z.strictObject({
          trancheNo: z.int().min(1),
          day: z.iso.date(),
          executionPrice: decimal,
          dailyVolume: decimal.nullable().default(null),
        }),
        response: { 200: GovernedOutcomeJson, 202: GovernedOutcomeJson, ...PROBLEMS },
      },
    },
    async (request, reply) =>
      governedReply(reply, await s.requestTranche(request.actor, request.params.id, request.body)),
  );
  otcReads(api, s);
}

function otcReads(api: KaznaApp, s: Disposal): void {
  api.get(
    '/reserve/disposals/otc/:id',
    {
      config: { access: 'reserve.read' },
      schema: { params: id, response: { 200: ReserveDisposalsOtc2Json, ...PROBLEMS } },
    },
    async (request, reply) => {
      const r = await s.report(request.params.id);
      return r.ok
        ? wire({ plan: planJson(r.value.plan), report: reportJson(r.value) })
        : fail(reply, r);
    },
  );
  api.get(
    '/reserve/disposals/otc/:id/report',
    {
      config: { access: 'reserve.read' },
      schema: {
        params: id,
        querystring: z.strictObject({ format: z.enum(['json', 'csv']).default('json') }),
        response: {
          200: {
            description: 'ok',
            content: {
              'application/json': { schema: ReserveDisposalsOtcReportJson },
              'text/csv': { schema: csvText },
            },
          },
          ...PROBLEMS,
        },
      },
    },
    async (request, reply) => {
      const r = await s.report(request.params.id);
      if (!r.ok) return fail(reply, r);
      if (request.query.format === 'json') return wire(reportJson(r.value));
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="best-execution-${r.value.plan.id}.csv"`,
        )
        .send(reportCsv(r.value));
    },
  );
  lotReads(api, s);
}

function lotReads(api: KaznaApp, s: Disposal): void {
  api.get(
    '/reserve/disposals/lots',
    {
      config: { access: 'reserve.read' },
      schema: { response: { 200: ReserveDisposalsLotsJson, ...PROBLEMS } },
    },
    async () =>
      wire({
        lots: (await s.disposableLots()).map((l) => ({
          id: l.lot.id,
          caseId: l.lot.caseId,
          caseNumber: l.caseNumber,
          asset: l.lot.asset,
          amount: formatAmount(l.lot.amountUnits, l.lot.asset),
          remaining: formatAmount(l.remainingUnits, l.lot.asset),
          status: l.lot.status,
          commitment: l.commitment,
        })),
      }),
  );
  api.get(
    '/reserve/disposals/lots/:id/events',
    {
      config: { access: 'reserve.read' },
      schema: { params: id, response: { 200: ReserveDisposalsLotsEventsJson, ...PROBLEMS } },
    },
    async (request) =>
      wire({
        events: (await s.lotEvents(request.params.id)).map((e) => ({
          ...e,
          units: e.units.toString(),
          remainingUnits: e.remainingUnits.toString(),
          at: e.at.toISOString(),
        })),
      }),
  );
}
