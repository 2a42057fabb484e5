import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { toCsv } from '../core/csv.ts';
import type { Err, Result } from '../core/result.ts';
import type { KaznaApp } from '../http/app.ts';
import { sendErr } from '../http/problem.ts';
import type { RefusalStatus } from '../http/refusals.ts';
import { ddSectionSchema, newManagerSchema } from './managers.ts';
import { DD_SECTIONS, MANAGER_STATUSES } from './model.ts';
import { policyChangeSchema } from './policy.ts';
import { capitalCallSchema, commitmentSchema, distributionSchema } from './venture.ts';
import { redemptionSchema } from './redemptions.ts';
import type { Reserve } from './service.ts';
import { statementTextSchema } from './statements.ts';
import { RESERVE_STATUS, type ReserveCode } from './statuses.ts';
import type { FlowKind, FlowRow } from './store.ts';
import { subscriptionSchema } from './subscriptions.ts';
import { PROBLEMS, csvText, wire } from '../http/answers.ts';
import {
  ReserveAllocationJson,
  ReserveValueSeriesJson,
  ReservePositionsJson,
  ReserveContributionsJson,
  ReservePoliciesJson,
  GovernedOutcomeJson,
  RebalancingJson,
  ReserveChecksPostJson,
  ReserveAlertsJson,
  ReservePerformanceJson,
  ReserveManagersJson,
  ManagerRowJson,
  ReserveManagers2Json,
  ReserveManagersDueDiligencePostJson,
  ReserveManagersStatusPostJson,
  ReserveManagersAttributionJson,
  ReserveManagersFeeCheckJson,
  ReserveFlowsJson,
  ReserveFlowsChainTxidPostJson,
  ReserveDistributionsPostJson,
  ReserveRedemptionsPostJson,
  ReserveRedemptionsDealQueuedPostJson,
  ReserveRedemptionsJson,
  ReserveNavPostJson,
  ReserveNavImportPostJson,
  ReserveManagersNavJson,
} from './answers.ts';

/**
 * HTTP edge of the reserve under /api/v1/reserve. Money travels as decimal strings of base units
 * (USD cents; a NAV per unit in 10^-12 USD; fund units at the fund's unit scale), as in public.ts.
 * Writes under reserve.manage (flows, NAVs, the policy) and reserve.managers.manage (managers).
 */
export function statusOf(code: ReserveCode): RefusalStatus {
  return RESERVE_STATUS[code];
}

function fail(reply: FastifyReply, e: Err<ReserveCode>): FastifyReply {
  return sendErr(reply, statusOf(e.code), e);
}

function sendCsv(r: FastifyReply, text: string) {
  return r.type('text/csv; charset=utf-8').send(text);
}

async function reply<T>(r: FastifyReply, p: Promise<Result<T, ReserveCode>>, status = 200) {
  const v = await p;
  return v.ok ? r.code(status).send(wire(v.value)) : fail(r, v);
}

const FLOW_COLUMNS = [
  'id',
  'managerId',
  'kind',
  'method',
  'day',
  'value',
  'units',
  'navPerUnit',
  'fundingSource',
  'asset',
  'assetUnits',
  'lotId',
  'chainTxid',
  'requestId',
] as const;

export function flowsCsv(flows: readonly FlowRow[]): string {
  return toCsv(
    FLOW_COLUMNS,
    flows.map((f) => FLOW_COLUMNS.map((c) => f[c])),
  );
}

const day = z.iso.date();
const idParams = z.strictObject({ id: z.uuid() });
const dayQuery = z.strictObject({ day: day.optional() });
const FLOW_KINDS = [
  'commitment',
  'subscription',
  'redemption',
  'capital_call',
  'distribution',
] as const satisfies readonly FlowKind[];

export function reserveRoutes(api: KaznaApp, s: Reserve): void {
  readRoutes(api, s);
  managerRoutes(api, s);
  flowRoutes(api, s);
  redemptionRoutes(api, s);
  navRoutes(api, s);
}

function today(s: Reserve, d: string | undefined): string {
  return d ?? s.today();
}

function readRoutes(api: KaznaApp, s: Reserve): void {
  const read = { access: 'reserve.read' } as const;
  api.get(
    '/reserve/allocation',
    {
      config: read,
      schema: { querystring: dayQuery, response: { 200: ReserveAllocationJson, ...PROBLEMS } },
    },
    async (req, r) => reply(r, s.allocation(today(s, req.query.day))),
  );
  api.get(
    '/reserve/value-series',
    {
      config: read,
      schema: {
        querystring: z.strictObject({
          from: day,
          to: day,
          format: z.enum(['json', 'csv']).default('json'),
        }),
        response: {
          200: {
            description: 'ok',
            content: {
              'application/json': { schema: ReserveValueSeriesJson },
              'text/csv': { schema: csvText },
            },
          },
          ...PROBLEMS,
        },
      },
    },
    async (req, r) => {
      const series = await s.valueSeries(req.query.from, req.query.to);
      if (!series.ok) return fail(r, series);
      if (req.query.format === 'json') return wire({ points: series.value });
      const header = ['day', 'total', 'gold', 'fx', 'hedge_funds', 'venture_funds'];
      const rows = series.value.map((p) => [
        p.day,
        p.total,
        p.byBucket.gold,
        p.byBucket.fx,
        p.byBucket.hedge_funds,
        p.byBucket.venture_funds,
      ]);
      return sendCsv(r, toCsv(header, rows));
    },
  );
  api.get(
    '/reserve/positions',
    {
      config: read,
      schema: { querystring: dayQuery, response: { 200: ReservePositionsJson, ...PROBLEMS } },
    },
    async (req) => wire({ positions: await s.managerPositions(today(s, req.query.day)) }),
  );
  api.get(
    '/reserve/contributions',
    { config: read, schema: { response: { 200: ReserveContributionsJson, ...PROBLEMS } } },
    async () => wire({ contributions: await s.seizureContributions() }),
  );
  policyRoutes(api, s);
}

function policyRoutes(api: KaznaApp, s: Reserve): void {
  const read = { access: 'reserve.read' } as const;
  api.get(
    '/reserve/policies',
    { config: read, schema: { response: { 200: ReservePoliciesJson, ...PROBLEMS } } },
    async () => wire({ policies: await s.policies() }),
  );
  api.post(
    '/reserve/policies',
    {
      config: { access: 'reserve.manage' },
      schema: {
        body: policyChangeSchema,
        response: { 200: GovernedOutcomeJson, 202: GovernedOutcomeJson, ...PROBLEMS },
      },
    },
    async (req, r) => reply(r, s.requestPolicyChange(req.actor, req.body), 202),
  );
  api.get(
    '/reserve/rebalancing',
    {
      config: read,
      schema: { querystring: dayQuery, response: { 200: RebalancingJson, ...PROBLEMS } },
    },
    async (req, r) => reply(r, s.rebalancing(today(s, req.query.day))),
  );
  api.post(
    '/reserve/checks',
    {
      config: { access: 'reserve.manage' },
      schema: {
        body: z.strictObject({ day: day.optional() }),
        response: { 200: ReserveChecksPostJson, 201: ReserveChecksPostJson, ...PROBLEMS },
      },
    },
    async (req, r) => reply(r, s.checkAllocation(req.actor, today(s, req.body.day)), 201),
  );
  api.get(
    '/reserve/alerts',
    {
      config: read,
      schema: {
        querystring: z.strictObject({
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
        response: { 200: ReserveAlertsJson, ...PROBLEMS },
      },
    },
    async (req) => wire({ alerts: await s.alerts(req.query.limit) }),
  );
  api.get(
    '/reserve/performance',
    {
      config: read,
      schema: { querystring: dayQuery, response: { 200: ReservePerformanceJson, ...PROBLEMS } },
    },
    async (req) => wire(await s.performance(today(s, req.query.day))),
  );
}

function managerRoutes(api: KaznaApp, s: Reserve): void {
  const read = { access: 'reserve.read' } as const;
  const manage = { access: 'reserve.managers.manage' } as const;
  api.get(
    '/reserve/managers',
    { config: read, schema: { response: { 200: ReserveManagersJson, ...PROBLEMS } } },
    async () => wire({ managers: await s.managers(), ddSections: DD_SECTIONS }),
  );
  api.post(
    '/reserve/managers',
    {
      config: manage,
      schema: {
        body: newManagerSchema,
        response: { 200: ManagerRowJson, 201: ManagerRowJson, ...PROBLEMS },
      },
    },
    async (req, r) => reply(r, s.registerManager(req.actor, req.body), 201),
  );
  api.get(
    '/reserve/managers/:id',
    {
      config: read,
      schema: {
        params: idParams,
        querystring: dayQuery,
        response: { 200: ReserveManagers2Json, ...PROBLEMS },
      },
    },
    async (req, r) => {
      const v = await s.managerView(req.params.id, today(s, req.query.day));
      return v === null
        ? fail(r, { ok: false, code: 'manager_not_found', message: `no manager ${req.params.id}` })
        : wire(v);
    },
  );
  managerReviewRoutes(api, s);
  managerPerformanceReads(api, s);
}

function managerReviewRoutes(api: KaznaApp, s: Reserve): void {
  const manage = { access: 'reserve.managers.manage' } as const;
  api.post(
    '/reserve/managers/:id/due-diligence',
    {
      config: manage,
      schema: {
        params: idParams,
        body: ddSectionSchema,
        response: {
          200: ReserveManagersDueDiligencePostJson,
          201: ReserveManagersDueDiligencePostJson,
          ...PROBLEMS,
        },
      },
    },
    async (req, r) => reply(r, s.scoreDueDiligence(req.actor, req.params.id, req.body), 201),
  );
  api.post(
    '/reserve/managers/:id/status',
    {
      config: manage,
      schema: {
        params: idParams,
        body: z.strictObject({ to: z.enum(MANAGER_STATUSES), reason: z.string().min(1).max(500) }),
        response: { 200: ReserveManagersStatusPostJson, ...PROBLEMS },
      },
    },
    async (req, r) => reply(r, s.changeStatus(req.actor, req.params.id, req.body)),
  );
  api.post(
    '/reserve/managers/:id/approval',
    {
      config: manage,
      schema: {
        params: idParams,
        body: z.strictObject({ reason: z.string().min(1).max(500) }),
        response: { 200: GovernedOutcomeJson, 202: GovernedOutcomeJson, ...PROBLEMS },
      },
    },
    async (req, r) => reply(r, s.requestApproval(req.actor, req.params.id, req.body.reason), 202),
  );
}

function managerPerformanceReads(api: KaznaApp, s: Reserve): void {
  const read = { access: 'reserve.read' } as const;
  api.get(
    '/reserve/managers/:id/attribution',
    {
      config: read,
      schema: {
        params: idParams,
        querystring: dayQuery,
        response: { 200: ReserveManagersAttributionJson, ...PROBLEMS },
      },
    },
    async (req, r) => {
      const a = await s.attribution(req.params.id, today(s, req.query.day));
      return a === null
        ? fail(r, { ok: false, code: 'manager_not_found', message: `no manager ${req.params.id}` })
        : wire(a);
    },
  );
  api.get(
    '/reserve/managers/:id/fee-check',
    {
      config: read,
      schema: { params: idParams, response: { 200: ReserveManagersFeeCheckJson, ...PROBLEMS } },
    },
    async (req, r) => reply(r, s.feeCheck(req.params.id)),
  );
}

function flowRoutes(api: KaznaApp, s: Reserve): void {
  const manage = { access: 'reserve.manage' } as const;
  api.get(
    '/reserve/flows',
    {
      config: { access: 'reserve.read' },
      schema: {
        querystring: z.strictObject({
          managerId: z.uuid().optional(),
          kind: z.enum(FLOW_KINDS).optional(),
          after: z.uuid().optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
          format: z.enum(['json', 'csv']).default('json'),
        }),
        response: {
          200: {
            description: 'ok',
            content: {
              'application/json': { schema: ReserveFlowsJson },
              'text/csv': { schema: csvText },
            },
          },
          ...PROBLEMS,
        },
      },
    },
    async (req, r) => {
      const { format, ...q } = req.query;
      const flows = await s.flows(q);
      if (format === 'csv') return sendCsv(r, flowsCsv(flows));
      return wire({ flows, next: flows.length === q.limit ? (flows.at(-1)?.id ?? null) : null });
    },
  );
  api.post(
    '/reserve/subscriptions',
    {
      config: manage,
      schema: {
        body: subscriptionSchema,
        response: { 200: GovernedOutcomeJson, 202: GovernedOutcomeJson, ...PROBLEMS },
      },
    },
    async (req, r) => reply(r, s.subscribe(req.actor, req.body), 202),
  );
  api.post(
    '/reserve/flows/:id/chain-txid',
    {
      config: manage,
      schema: {
        params: idParams,
        body: z.strictObject({ txid: z.string().min(8).max(200) }),
        response: {
          200: ReserveFlowsChainTxidPostJson,
          201: ReserveFlowsChainTxidPostJson,
          ...PROBLEMS,
        },
      },
    },
    async (req, r) => reply(r, s.recordChainTxid(req.actor, req.params.id, req.body.txid), 201),
  );
  commitmentRoutes(api, s);
}

function commitmentRoutes(api: KaznaApp, s: Reserve): void {
  const manage = { access: 'reserve.manage' } as const;
  api.post(
    '/reserve/commitments',
    {
      config: manage,
      schema: {
        body: commitmentSchema,
        response: { 200: GovernedOutcomeJson, 202: GovernedOutcomeJson, ...PROBLEMS },
      },
    },
    async (req, r) => reply(r, s.commit(req.actor, req.body), 202),
  );
  api.post(
    '/reserve/capital-calls',
    {
      config: manage,
      schema: {
        body: capitalCallSchema,
        response: { 200: GovernedOutcomeJson, 202: GovernedOutcomeJson, ...PROBLEMS },
      },
    },
    // An approval request: paying a call moves the reserve's cash (202 until it is executed).
    async (req, r) => reply(r, s.capitalCall(req.actor, req.body), 202),
  );
  api.post(
    '/reserve/distributions',
    {
      config: manage,
      schema: {
        body: distributionSchema,
        response: {
          200: ReserveDistributionsPostJson,
          201: ReserveDistributionsPostJson,
          ...PROBLEMS,
        },
      },
    },
    async (req, r) => reply(r, s.distribute(req.actor, req.body), 201),
  );
}

function redemptionRoutes(api: KaznaApp, s: Reserve): void {
  const manage = { access: 'reserve.manage' } as const;
  api.post(
    '/reserve/redemptions',
    {
      config: manage,
      schema: {
        body: redemptionSchema,
        response: { 200: ReserveRedemptionsPostJson, 201: ReserveRedemptionsPostJson, ...PROBLEMS },
      },
    },
    async (req, r) => reply(r, s.redeem(req.actor, req.body), 201),
  );
  api.post(
    '/reserve/redemptions/:id/deal-queued',
    {
      config: manage,
      schema: {
        params: idParams,
        response: {
          200: ReserveRedemptionsDealQueuedPostJson,
          201: ReserveRedemptionsDealQueuedPostJson,
          ...PROBLEMS,
        },
      },
    },
    async (req, r) => reply(r, s.redeemQueued(req.actor, req.params.id), 201),
  );
  api.get(
    '/reserve/redemptions',
    {
      config: { access: 'reserve.read' },
      schema: {
        querystring: z.strictObject({
          managerId: z.uuid().optional(),
          queued: z.enum(['true', 'false']).default('false'),
        }),
        response: { 200: ReserveRedemptionsJson, ...PROBLEMS },
      },
    },
    async (req) => {
      const id = req.query.managerId ?? null;
      return wire({
        redemptions:
          req.query.queued === 'true' ? await s.queuedRedemptions(id) : await s.redemptions(id),
      });
    },
  );
}

function navRoutes(api: KaznaApp, s: Reserve): void {
  const manage = { access: 'reserve.manage' } as const;
  api.post(
    '/reserve/nav',
    {
      config: manage,
      schema: {
        body: statementTextSchema,
        response: { 200: ReserveNavPostJson, 201: ReserveNavPostJson, ...PROBLEMS },
      },
    },
    async (req, r) => reply(r, s.recordNav(req.actor, req.body), 201),
  );
  api.post(
    '/reserve/nav/import',
    {
      config: manage,
      schema: {
        body: z.strictObject({
          format: z.enum(['csv', 'json']),
          text: z.string().min(1).max(5_000_000),
        }),
        response: { 200: ReserveNavImportPostJson, 201: ReserveNavImportPostJson, ...PROBLEMS },
      },
    },
    async (req, r) => reply(r, s.importNav(req.actor, req.body), 201),
  );
  api.get(
    '/reserve/managers/:id/nav',
    {
      config: { access: 'reserve.read' },
      schema: {
        params: idParams,
        querystring: z.strictObject({ format: z.enum(['json', 'csv']).default('json') }),
        response: {
          200: {
            description: 'ok',
            content: {
              'application/json': { schema: ReserveManagersNavJson },
              'text/csv': { schema: csvText },
            },
          },
          ...PROBLEMS,
        },
      },
    },
    async (req, r) => {
      const series = await s.navView(req.params.id);
      if (series === null)
        return fail(r, {
          ok: false,
          code: 'manager_not_found',
          message: `no manager ${req.params.id}`,
        });
      if (req.query.format === 'json') return wire({ statements: series });
      const cols = [
        'period',
        'day',
        'nav',
        'units',
        'navPerUnit',
        'managementFee',
        'performanceFee',
        'sha256',
      ] as const;
      return sendCsv(
        r,
        toCsv(
          cols,
          series.map((n) => cols.map((c) => n[c])),
        ),
      );
    },
  );
}
