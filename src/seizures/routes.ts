import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { toCsv } from '../core/csv.ts';
import { formatAmount } from '../core/money.ts';
import type { Err } from '../core/result.ts';
import { canSeeOrganisation } from '../http/access.ts';
import type { KaznaApp } from '../http/app.ts';
import { sendErr, sendProblem } from '../http/problem.ts';
import type { AssetCode } from '../core/assets.ts';
import { custodyRoutes } from './custody-routes.ts';
import { LEGAL_STATUSES, restitutionSource } from './model.ts';
import type { ClaimError } from './restitution.ts';
import type { LotNode } from './tree.ts';
import type { Seizures } from './service.ts';
import type { LotRow } from './store.ts';

/**
 * HTTP edge of seizures under /api/v1. Reads are scoped to the caller's organisation (the lot's
 * intake organisation or its current custodian); the auditor sees everything.
 */
export function statusOf(code: string): number {
  switch (code) {
    case 'lot_not_found':
    case 'case_not_found':
    case 'claim_not_found':
    case 'operation_not_found':
    case 'officer_not_found':
      return 404;
    case 'role_not_allowed':
    case 'permission_denied':
    case 'signature_invalid':
    case 'signing_key_not_registered':
    case 'officer_not_in_organisation':
      return 403;
    case 'transition_not_allowed':
    case 'case_number_taken':
    case 'operation_name_taken':
    case 'exchange_name_taken':
    case 'claim_already_decided':
    case 'claim_not_approved':
    case 'lot_cannot_split':
    case 'lot_not_forfeited':
    case 'lot_already_earmarked':
    case 'lot_not_held_by_releasing_organisation':
    case 'handoff_exists':
    case 'restitution_exceeds_lot':
    case 'restitution_exceeds_claim':
    case 'lot_not_in_restitution':
    case 'sanctions_list_missing':
      return 409;
    case 'amount_exceeds_maximum':
      return 400;
    default:
      return 422;
  }
}

function fail(reply: FastifyReply, e: Err<string>): FastifyReply {
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

const lotText = z.strictObject({
  asset: z.string().max(10),
  chain: z.string().max(10),
  amount: z.string().max(100),
  addresses: z.array(z.string().max(200)).max(1000),
  txids: z.array(z.string().max(200)).max(1000).default([]),
  evidence: z
    .array(z.strictObject({ sha256: z.string().max(64), name: z.string().min(1).max(200) }))
    .max(100)
    .default([]),
  custodyKind: z.string().max(40),
  custodyRef: z.string().max(200),
});

const lotQuery = z.strictObject({
  caseId: z.uuid().optional(),
  status: z.enum(LEGAL_STATUSES).optional(),
  asset: z.string().max(10).optional(),
  holder: z.uuid().optional(),
  after: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  format: z.enum(['json', 'csv']).default('json'),
});

export function seizuresRoutes(api: KaznaApp, s: Seizures): void {
  registryRoutes(api, s);
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
  api.get('/seizures/operations', { config: { access: 'seizures.read' } }, async () => ({
    operations: (await s.operations()).map(plainRow),
  }));
  api.get('/seizures/exchanges', { config: { access: 'seizures.read' } }, async () => ({
    exchanges: (await s.exchanges()).map(plainRow),
  }));
  api.get('/seizures/cases', { config: { access: 'seizures.read' } }, async (request) => ({
    cases: await s.cases(request.actor),
  }));
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
          partyRefs: z.array(z.string().regex(/^[a-z]+:[A-Za-z0-9-]{4,64}$/)).max(100),
        }),
      },
    },
    async (request, reply) => {
      const r = await s.openCase(request.actor, request.body);
      return r.ok ? reply.code(201).send(r.value) : fail(reply, r);
    },
  );
  api.post(
    '/seizures/intake',
    {
      config: { access: 'seizures.intake' },
      schema: {
        body: z.strictObject({
          caseId: z.uuid(),
          seizedOn: z.iso.date(),
          exchangeId: z.uuid().nullable().default(null),
          note: z.string().max(2000).default(''),
          lots: z.array(lotText).min(1).max(500),
        }),
      },
    },
    async (request, reply) => {
      const r = await s.intake(request.actor, request.body);
      return r.ok ? reply.code(201).send(r.value) : fail(reply, r);
    },
  );
}

function lotRoutes(api: KaznaApp, s: Seizures): void {
  api.get(
    '/seizures/lots',
    { config: { access: 'seizures.read' }, schema: { querystring: lotQuery } },
    async (request, reply) => {
      const { format, ...filter } = request.query;
      const lots = await s.lots(request.actor, filter);
      if (format === 'csv') return reply.type('text/csv').send(inventoryCsv(lots));
      const last = lots.length === filter.limit ? lots.at(-1)?.id : undefined;
      return { lots: lots.map(lotView), next: last ?? null };
    },
  );
  api.get(
    '/seizures/lots/:id',
    { config: { access: 'seizures.read' }, schema: { params: z.object({ id: z.uuid() }) } },
    async (request, reply) => {
      const lot = await s.lot(request.params.id);
      const visible =
        lot !== null &&
        (canSeeOrganisation(request.actor, lot.organisationId) ||
          canSeeOrganisation(request.actor, lot.custodianOrganisationId));
      if (lot === null || !visible) return sendProblem(reply, 404, 'lot_not_found');
      const { history, tree } = await s.history(lot.id);
      return {
        lot: lotView(lot),
        history,
        tree: tree === null ? null : treeView(tree),
        claims: await claimsView(s, lot),
        ...(await s.lotDetail(lot)),
      };
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
          courtOrderRef: z.string().max(200).nullable().default(null),
          ground: z.string().max(2000).nullable().default(null),
          reason: z.string().max(2000),
          proceeds: z
            .strictObject({ asset: z.string(), amount: z.string() })
            .nullable()
            .default(null),
        }),
      },
    },
    async (request, reply) => {
      const r = await s.requestTransition(request.actor, {
        lotId: request.params.id,
        ...request.body,
      });
      return r.ok
        ? reply.code(r.value.state === 'applied' ? 200 : 202).send(r.value)
        : fail(reply, r);
    },
  );
  api.post(
    '/seizures/lots/:id/freeze',
    {
      config: { access: 'seizures.intake' },
      schema: { ...params, body: z.strictObject({ reason: z.string().max(2000) }) },
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
        ? reply.code(r.value.state === 'applied' ? 200 : 202).send(r.value)
        : fail(reply, r);
    },
  );
  api.post(
    '/seizures/lots/:id/split',
    {
      config: { access: 'seizures.legal.transition' },
      schema: { ...params, body: z.strictObject({ amounts: z.array(z.string()).min(2).max(20) }) },
    },
    async (request, reply) => {
      const r = await s.split(request.actor, request.params.id, request.body.amounts);
      return r.ok ? reply.code(201).send(r.value) : fail(reply, r);
    },
  );
  restitutionRoutes(api, s);
}

const CLAIM_STATUS: Readonly<Record<ClaimError, number>> = {
  lot_not_found: 404,
  claim_not_found: 404,
  role_not_allowed: 403,
  claim_not_approved: 409,
  claim_already_decided: 409,
  restitution_exceeds_lot: 409,
  restitution_exceeds_claim: 409,
  restitution_exceeds_escrow: 409,
  lot_not_in_restitution: 409,
  lot_has_no_escrow: 409,
  amount_must_be_positive: 422,
  amount_is_empty: 422,
  amount_has_surrounding_whitespace: 422,
  amount_has_exponent: 422,
  amount_is_not_a_number: 422,
  amount_has_non_ascii_digits: 422,
  amount_has_invalid_character: 422,
  amount_is_malformed: 422,
  amount_is_negative: 422,
  amount_exceeds_asset_scale: 422,
  amount_exceeds_maximum: 400,
};

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
      },
    },
    async (request) => {
      const claims = await s.claimList(request.actor, request.query);
      const last = claims.length === request.query.limit ? claims.at(-1)?.id : undefined;
      return { claims, next: last ?? null };
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
        }),
      },
    },
    async (request, reply) => {
      const r = await s.registerClaim(request.actor, { lotId: request.params.id, ...request.body });
      return r.ok ? reply.code(201).send(r.value) : sendErr(reply, CLAIM_STATUS[r.code], r);
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
        },
      },
      async (request, reply) => {
        const r =
          step === 'approve'
            ? await s.approveClaim(request.actor, request.params.id, request.body.amount)
            : await s.payClaim(request.actor, request.params.id, request.body.amount);
        return r.ok ? reply.send(r.value) : sendErr(reply, CLAIM_STATUS[r.code], r);
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
