import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { toCsv } from '../core/csv.ts';
import { formatAmount } from '../core/money.ts';
import type { Err } from '../core/result.ts';
import type { KaznaApp } from '../http/app.ts';
import { sendErr, sendProblem } from '../http/problem.ts';
import type { RefusalStatus } from '../http/refusals.ts';
import type { AssetCode } from '../core/assets.ts';
import { custodyRoutes } from './custody-routes.ts';
import { intakeBody, intakeRoutes, type IntakeOptions } from './intake-routes.ts';
import { COURT_ORDER_FIELDS } from './court-order.ts';
import { LEGAL_STATUSES, nextSteps, restitutionSource } from './model.ts';
import type { LotNode } from './tree.ts';
import type { Seizures } from './service.ts';
import { SEIZURES_STATUS, type SeizuresCode } from './statuses.ts';
import type { LotRow } from './store.ts';
import { wire, PROBLEMS, csvText } from '../http/answers.ts';
import {
  SeizuresOperationsJson,
  SeizuresExchangesJson,
  SeizuresCasesJson,
  SeizuresCasesPostJson,
  IntakeResultJson,
  SeizuresLotsJson,
  SeizuresLots2Json,
  SeizuresLotEventsJson,
  TransitionOutcomeJson,
  SeizuresLotsSplitPostJson,
  SeizuresClaimsJson,
  SeizuresLotsClaimsPostJson,
  ClaimApprovedJson,
  PayoutJson,
} from './answers.ts';

/**
 * HTTP edge of seizures under /api/v1. Reads are scoped to the caller's organisation (the lot's
 * intake organisation or its current custodian); the auditor sees everything.
 */
export function statusOf(code: SeizuresCode): RefusalStatus {
  return SEIZURES_STATUS[code];
}

function fail(reply: FastifyReply, e: Err<SeizuresCode>): FastifyReply {
  return sendErr(reply, statusOf(e.code), e);
}

export function lotView(l: LotRow) {
  return {
    ...l,
    amount: formatAmount(l.amountUnits, l.asset),
    remaining: formatAmount(l.remainingUnits, l.asset),
    amountUnits: l.amountUnits.toString(),
    remainingUnits: l.remainingUnits.toString(),
    escrowUnits: l.escrowUnits?.toString() ?? null,
    escrow:
      l.escrowAsset === null || l.escrowUnits === null
        ? null
        : { asset: l.escrowAsset, amount: formatAmount(l.escrowUnits, l.escrowAsset) },
    listVersion: l.listVersion?.toString() ?? null,
  };
}

const lotQuery = z.strictObject({
  caseId: z.uuid().optional(),
  status: z.enum(LEGAL_STATUSES).optional(),
  asset: z.string().max(10).optional(),
  holder: z.uuid().optional(),
  after: z.uuid().optional(),
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  format: z.enum(['json', 'csv']).default('json'),
});

export function seizuresRoutes(
  api: KaznaApp,
  s: Seizures,
  o: IntakeOptions = { evidenceDir: null },
): void {
  registryRoutes(api, s);
  intakeRoutes(api, s, o);
  lotRoutes(api, s);
  legalRoutes(api, s);
  custodyRoutes(api, s);
}

/** A table row as JSON: numeric columns (audit sequence, USD volume) become decimal strings. */
function plainRow(r: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? v.toString() : v]),
  );
}

function registryRoutes(api: KaznaApp, s: Seizures): void {
  api.get(
    '/seizures/operations',
    {
      config: { access: 'seizures.read' },
      schema: { response: { 200: SeizuresOperationsJson, ...PROBLEMS } },
    },
    async () =>
      wire({
        operations: (await s.operations()).map(plainRow),
      }),
  );
  api.get(
    '/seizures/exchanges',
    {
      config: { access: 'seizures.read' },
      schema: { response: { 200: SeizuresExchangesJson, ...PROBLEMS } },
    },
    async () =>
      wire({
        exchanges: (await s.exchanges()).map(plainRow),
      }),
  );
  api.get(
    '/seizures/cases',
    {
      config: { access: 'seizures.read' },
      schema: { response: { 200: SeizuresCasesJson, ...PROBLEMS } },
    },
    async (request) =>
      wire({
        cases: await s.cases(request.actor),
      }),
  );
  api.post(
    '/seizures/cases',
    {
      config: { access: 'seizures.intake' },
      schema: {
        body: z.strictObject({
          operationId: z.uuid().nullable().default(null),
          agency: z.string().min(1).max(200),
          caseNumber: z.string().min(1).max(100),
          court: z.string().min(1).max(200),
          courtOrganisationId: z.uuid().nullable().default(null),
          partyRefs: z.array(z.string().regex(/^[a-z]+:[A-Za-z0-9-]{4,64}$/)).max(100),
        }),
        response: { 200: SeizuresCasesPostJson, 201: SeizuresCasesPostJson, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const r = await s.openCase(request.actor, request.body);
      return r.ok ? reply.code(201).send(wire(r.value)) : fail(reply, r);
    },
  );
  api.post(
    '/seizures/intake',
    {
      config: { access: 'seizures.intake' },
      schema: {
        body: intakeBody,
        response: { 200: IntakeResultJson, 201: IntakeResultJson, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const r = await s.intake(request.actor, request.body);
      return r.ok ? reply.code(201).send(wire(r.value)) : fail(reply, r);
    },
  );
}

function lotRoutes(api: KaznaApp, s: Seizures): void {
  api.get(
    '/seizures/lots',
    {
      config: { access: 'seizures.read' },
      schema: {
        querystring: lotQuery,
        response: {
          200: {
            description: 'ok',
            content: {
              'application/json': { schema: SeizuresLotsJson },
              'text/csv': { schema: csvText },
            },
          },
          ...PROBLEMS,
        },
      },
    },
    async (request, reply) => {
      const { format, ...filter } = request.query;
      const lots = await s.lots(request.actor, filter);
      if (format === 'csv') return reply.type('text/csv').send(inventoryCsv(lots));
      const last = lots.length === filter.limit ? lots.at(-1)?.id : undefined;
      return wire({ lots: lots.map(lotView), next: last ?? null });
    },
  );
  api.get(
    '/seizures/lots/:id',
    {
      config: { access: 'seizures.read' },
      schema: {
        params: z.object({ id: z.uuid() }),
        response: { 200: SeizuresLots2Json, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const lot = await s.lot(request.params.id);
      if (lot === null || !(await s.canSeeLot(request.actor, lot.id))) {
        return sendProblem(reply, 404, 'lot_not_found');
      }
      const { history, tree } = await s.history(lot.id);
      return wire({
        lot: lotView(lot),
        history,
        tree: tree === null ? null : treeView(tree),
        claims: await claimsView(s, lot),
        // The decisions the caller may record on the lot now, and why the others are closed.
        nextSteps: (await s.mayDecide(request.actor, lot))
          ? nextSteps(lot.status, request.actor.roles)
          : [],
        ...(await s.lotDetail(lot)),
      });
    },
  );
  api.get(
    '/seizures/lots/:id/events',
    {
      config: { access: 'seizures.read' },
      schema: {
        params: z.object({ id: z.uuid() }),
        response: { 200: SeizuresLotEventsJson, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      // The same scope as the lot itself: whoever may not see the lot learns nothing of its story.
      const lot = await s.lot(request.params.id);
      if (lot === null || !(await s.canSeeLot(request.actor, lot.id))) {
        return sendProblem(reply, 404, 'lot_not_found');
      }
      return wire({ events: await s.lotEvents(lot) });
    },
  );
}

/** The split tree with decimal amounts beside the base units, at every level. */
export function treeView(n: LotNode): unknown {
  const asset = n.asset as AssetCode;
  return {
    ...n,
    amount: formatAmount(BigInt(n.amountUnits), asset),
    remaining: formatAmount(BigInt(n.remainingUnits), asset),
    heldAtSplit:
      n.heldAtSplitUnits === null ? null : formatAmount(BigInt(n.heldAtSplitUnits), asset),
    parts: n.parts.map(treeView),
  };
}

async function claimsView(s: Seizures, lot: LotRow) {
  const asset = restitutionSource(lot).asset;
  return (await s.claims(lot.id)).map((c) => ({
    ...c,
    asset,
    claimed: formatAmount(c.claimedUnits, asset),
    approved: c.approvedUnits === null ? null : formatAmount(c.approvedUnits, asset),
    paid: formatAmount(c.paidUnits, asset),
    claimedUnits: undefined,
    approvedUnits: undefined,
    paidUnits: undefined,
  }));
}

function legalRoutes(api: KaznaApp, s: Seizures): void {
  const params = { params: z.object({ id: z.uuid() }) };
  api.post(
    '/seizures/lots/:id/transitions',
    {
      config: { access: 'seizures.legal.transition' },
      schema: {
        ...params,
        body: z.strictObject({
          to: z.enum(LEGAL_STATUSES),
          ...COURT_ORDER_FIELDS,
          ground: z.string().max(2000).nullable().default(null),
          reason: z.string().max(2000),
          proceeds: z
            .strictObject({ asset: z.string(), amount: z.string() })
            .nullable()
            .default(null),
        }),
        response: { 200: TransitionOutcomeJson, 202: TransitionOutcomeJson, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const r = await s.requestTransition(request.actor, {
        lotId: request.params.id,
        ...request.body,
      });
      return r.ok
        ? reply.code(r.value.state === 'applied' ? 200 : 202).send(wire(r.value))
        : fail(reply, r);
    },
  );
  api.post(
    '/seizures/lots/:id/freeze',
    {
      config: { access: 'seizures.intake' },
      schema: {
        ...params,
        body: z.strictObject({ reason: z.string().max(2000) }),
        response: { 200: TransitionOutcomeJson, 202: TransitionOutcomeJson, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const r = await s.requestTransition(request.actor, {
        lotId: request.params.id,
        to: 'frozen',
        courtOrderRef: null,
        ground: null,
        reason: request.body.reason,
        proceeds: null,
      });
      return r.ok
        ? reply.code(r.value.state === 'applied' ? 200 : 202).send(wire(r.value))
        : fail(reply, r);
    },
  );
  api.post(
    '/seizures/lots/:id/split',
    {
      config: { access: 'seizures.legal.transition' },
      schema: {
        ...params,
        body: z.strictObject({ amounts: z.array(z.string()).min(2).max(20) }),
        response: { 200: SeizuresLotsSplitPostJson, 201: SeizuresLotsSplitPostJson, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const r = await s.split(request.actor, request.params.id, request.body.amounts);
      return r.ok ? reply.code(201).send(wire(r.value)) : fail(reply, r);
    },
  );
  restitutionRoutes(api, s);
}

function restitutionRoutes(api: KaznaApp, s: Seizures): void {
  api.get(
    '/seizures/claims',
    {
      config: { access: 'seizures.read' },
      schema: {
        querystring: z.strictObject({
          caseId: z.uuid().optional(),
          status: z.enum(['registered', 'approved', 'paid']).optional(),
          after: z.uuid().optional(),
          limit: z.coerce.number().int().min(1).max(500).default(50),
        }),
        response: { 200: SeizuresClaimsJson, ...PROBLEMS },
      },
    },
    async (request) => {
      const claims = await s.claimList(request.actor, request.query);
      const last = claims.length === request.query.limit ? claims.at(-1)?.id : undefined;
      return wire({ claims, next: last ?? null });
    },
  );
  api.post(
    '/seizures/lots/:id/claims',
    {
      config: { access: 'seizures.restitution.manage' },
      schema: {
        params: z.object({ id: z.uuid() }),
        body: z.strictObject({
          claimantRef: z.string().regex(/^[a-z]+:[A-Za-z0-9-]{4,64}$/),
          amount: z.string().max(100),
          /** The claim's evidence: the file's SHA-256, hashed where it was uploaded, and its name. */
          evidence: z
            .strictObject({
              sha256: z.string().regex(/^[0-9a-f]{64}$/),
              name: z.string().min(1).max(200),
            })
            .nullable()
            .default(null),
        }),
        response: { 200: SeizuresLotsClaimsPostJson, 201: SeizuresLotsClaimsPostJson, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const r = await s.registerClaim(request.actor, { lotId: request.params.id, ...request.body });
      return r.ok ? reply.code(201).send(wire(r.value)) : fail(reply, r);
    },
  );
  for (const step of ['approve', 'pay'] as const) {
    api.post(
      `/seizures/claims/:id/${step}`,
      {
        config: { access: 'seizures.restitution.manage' },
        schema: {
          params: z.object({ id: z.uuid() }),
          body: z.strictObject({ amount: z.string().max(100) }),
          response: { 200: step === 'approve' ? ClaimApprovedJson : PayoutJson, ...PROBLEMS },
        },
      },
      async (request, reply) => {
        const r =
          step === 'approve'
            ? await s.approveClaim(request.actor, request.params.id, request.body.amount)
            : await s.payClaim(request.actor, request.params.id, request.body.amount);
        return r.ok ? reply.send(wire(r.value)) : fail(reply, r);
      },
    );
  }
}

const CSV_COLUMNS = [
  'lot_id',
  'case_id',
  'asset',
  'chain',
  'amount',
  'remaining',
  'status',
  'custodian_organisation_id',
  'custody_kind',
  'custody_ref',
  'flagged',
  'list_version',
] as const;

export function inventoryCsv(lots: readonly LotRow[]): string {
  const rows = lots.map((l) => [
    l.id,
    l.caseId,
    l.asset,
    l.chain,
    formatAmount(l.amountUnits, l.asset),
    formatAmount(l.remainingUnits, l.asset),
    l.status,
    l.custodianOrganisationId ?? '',
    l.custodyKind,
    l.custodyRef,
    String(l.flagged),
    l.listVersion?.toString() ?? '',
  ]);
  return toCsv(CSV_COLUMNS, rows);
}
