import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { ASSET_CODES } from '../core/assets.ts';
import type { Actor } from '../core/identity.ts';
import { asId, type IdSource } from '../core/ids.ts';
import type { Json } from '../core/canonical.ts';
import { err, type Err, type Result } from '../core/result.ts';
import type { KaznaApp } from '../http/app.ts';
import { sendErr } from '../http/problem.ts';
import { isRefusal, type Refusal, type RefusalStatus, type StatusMap } from '../http/refusals.ts';
import type { RequestError as RequestRefusal } from '../governance/approvals.ts';
import { ACCOUNT_TYPES, OWNER_KINDS, type TransferId, type TransferInput } from './model.ts';
import { LEDGER_TRANSFER_KIND, transferContent } from './approval.ts';
import {
  batchBody,
  idFromKey,
  parseTransferBody,
  transferBody,
  type TransferBody,
} from './request.ts';
import type { LedgerService, TransferOutcome } from './service.ts';
import { LEDGER_STATUS, type LedgerCode } from './statuses.ts';
import type { StatementQuery, StatementRow } from './store.ts';
import {
  accountView,
  balancesView,
  statementCsv,
  statementRowView,
  transferView,
} from './views.ts';
import { wire, PROBLEMS, csvText } from '../http/answers.ts';
import {
  LedgerAccountsPostJson,
  LedgerAccountsClosePostJson,
  LedgerAccountsJson,
  LedgerAccounts2Json,
  LedgerTotalsJson,
  LedgerTransfersPostJson,
  LedgerTransfersBatchPostJson,
  LedgerTransfersJson,
  LedgerAccountsStatementJson,
} from './answers.ts';

/** HTTP edge of the ledger: zod at the edge, decimal strings for amounts, problems for refusals. */
export { LEDGER_STATUS, type LedgerCode };

export function statusOf(code: LedgerCode): RefusalStatus {
  return LEDGER_STATUS[code];
}

function fail(reply: FastifyReply, e: Err<LedgerCode>): FastifyReply {
  // A linked batch answers with the status its failing transfer would have had on its own.
  const inner =
    e.code === 'linked_transfer_failed'
      ? (e.detail?.['code'] as LedgerCode | undefined)
      : undefined;
  return sendErr(reply, statusOf(inner ?? e.code), e);
}

const idParams = z.object({ id: z.uuid() });
const openBody = z
  .object({
    id: z.uuid().optional(),
    asset: z.enum(ASSET_CODES),
    owner: z.object({ kind: z.enum(OWNER_KINDS), ref: z.string().min(1).max(200) }).strict(),
    type: z.enum(ACCOUNT_TYPES),
    flags: z
      .object({
        debitsMustNotExceedCredits: z.boolean().optional(),
        creditsMustNotExceedDebits: z.boolean().optional(),
      })
      .strict()
      .optional(),
    metadata: z.record(z.string(), z.json()).optional(),
  })
  .strict();
const listQuery = z.object({
  asset: z.enum(ASSET_CODES).optional(),
  ownerKind: z.enum(OWNER_KINDS).optional(),
  ownerRef: z.string().min(1).max(200).optional(),
  after: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
const statementQuery = z.object({
  from: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('transfers recorded at or after this time (not by value date)'),
  to: z.iso.datetime({ offset: true }).optional().describe('transfers recorded before this time'),
  after: z
    .string()
    .regex(/^\d{1,19}:\d{1,5}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  format: z.enum(['json', 'csv']).default('json'),
});
const idempotencyHeaders = z.object({ 'idempotency-key': z.string().min(1).max(200).optional() });

/**
 * Makes an approval request (governance's `request`): a transfer the policy does not allow directly
 * becomes one, answered with 202 and the request, which the quorum then approves and executes.
 */
export type SubmitApproval = (
  actor: Actor,
  kind: string,
  content: Json,
) => Promise<Result<{ readonly request: unknown }, RequestRefusal> | Refusal>;

/** Statuses of governance's refusals of the approval request a transfer becomes. */
const SUBMIT_STATUS: StatusMap<RequestRefusal> = {
  policy_blocked: 403,
  permission_denied: 403,
  unknown_request_kind: 422,
  content_invalid: 422,
};

export function ledgerRoutes(
  api: KaznaApp,
  ledger: LedgerService,
  ids: IdSource,
  submit: SubmitApproval,
): void {
  accountRoutes(api, ledger);
  transferRoutes(api, ledger, ids, submit);
  statementRoute(api, ledger);
}

function accountRoutes(api: KaznaApp, ledger: LedgerService): void {
  api.post(
    '/ledger/accounts',
    {
      config: { access: 'ledger.account.open' },
      schema: {
        body: openBody,
        response: { 200: LedgerAccountsPostJson, 201: LedgerAccountsPostJson, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const { id, flags, metadata, ...rest } = request.body;
      const r = await ledger.openAccount(request.actor, {
        ...rest,
        ...(id === undefined ? {} : { id: asId(id) }),
        ...(flags === undefined ? {} : { flags: definedFlags(flags) }),
        ...(metadata === undefined ? {} : { metadata: metadata }),
      });
      if (!r.ok) return fail(reply, r);
      // A retry of the same request answers with the stored account, also as 201.
      return reply.code(201).send(accountView(r.value));
    },
  );
  api.post(
    '/ledger/accounts/:id/close',
    {
      config: { access: 'ledger.account.open' },
      schema: { params: idParams, response: { 200: LedgerAccountsClosePostJson, ...PROBLEMS } },
    },
    async (request, reply) => {
      const r = await ledger.closeAccount(request.actor, asId(request.params.id));
      if (!r.ok) return fail(reply, r);
      return accountView(r.value);
    },
  );
  accountReads(api, ledger);
}

function accountReads(api: KaznaApp, ledger: LedgerService): void {
  api.get(
    '/ledger/accounts',
    {
      config: { access: 'ledger.read' },
      schema: { querystring: listQuery, response: { 200: LedgerAccountsJson, ...PROBLEMS } },
    },
    async (request) => {
      const { asset, ownerKind, ownerRef, after, limit } = request.query;
      const accounts = await ledger.read.accounts({
        limit,
        ...(asset === undefined ? {} : { asset }),
        ...(ownerKind === undefined ? {} : { ownerKind }),
        ...(ownerRef === undefined ? {} : { ownerRef }),
        ...(after === undefined ? {} : { after }),
      });
      const last = accounts.length === limit ? accounts[accounts.length - 1]?.id : undefined;
      return wire({ accounts: accounts.map((a) => accountView(a)), next: last ?? null });
    },
  );
  api.get(
    '/ledger/accounts/:id',
    {
      config: { access: 'ledger.read' },
      schema: {
        params: idParams,
        querystring: z.object({ at: z.iso.datetime({ offset: true }).optional() }),
        response: { 200: LedgerAccounts2Json, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const account = await ledger.read.account(request.params.id);
      if (account === undefined) return fail(reply, notFound(request.params.id));
      if (request.query.at === undefined) return wire(accountView(account));
      const at = new Date(request.query.at);
      return wire(accountView(account, await ledger.read.balancesAt(account.id, at), at));
    },
  );
  api.get(
    '/ledger/totals',
    {
      config: { access: 'ledger.read' },
      schema: { response: { 200: LedgerTotalsJson, ...PROBLEMS } },
    },
    async () => {
      const totals = await ledger.read.totalsByAsset();
      return wire({
        assets: totals.map((t) => ({
          asset: t.asset,
          balances: balancesView(t.balances, t.asset),
        })),
      });
    },
  );
}

function definedFlags(f: {
  debitsMustNotExceedCredits?: boolean | undefined;
  creditsMustNotExceedDebits?: boolean | undefined;
}) {
  return {
    ...(f.debitsMustNotExceedCredits === undefined
      ? {}
      : { debitsMustNotExceedCredits: f.debitsMustNotExceedCredits }),
    ...(f.creditsMustNotExceedDebits === undefined
      ? {}
      : { creditsMustNotExceedDebits: f.creditsMustNotExceedDebits }),
  };
}

function notFound(id: string): Err<'account_not_found'> {
  return err('account_not_found', `no account ${id}`, { accountId: id });
}

function sendOutcome(reply: FastifyReply, outcome: TransferOutcome, single: boolean): FastifyReply {
  const views = outcome.transfers.map(transferView);
  const body = single
    ? { ...views[0], replayed: outcome.replayed }
    : { transfers: views, replayed: outcome.replayed };
  return reply.code(outcome.replayed ? 200 : 201).send(wire(body));
}

function transferRoutes(
  api: KaznaApp,
  ledger: LedgerService,
  ids: IdSource,
  submit: SubmitApproval,
): void {
  api.post(
    '/ledger/transfers',
    {
      config: { access: 'ledger.transfer.create' },
      schema: {
        body: transferBody,
        headers: idempotencyHeaders,
        response: {
          200: LedgerTransfersPostJson,
          201: LedgerTransfersPostJson,
          202: LedgerTransfersPostJson,
          ...PROBLEMS,
        },
      },
    },
    async (request, reply) => {
      const key = request.headers['idempotency-key'];
      const parsed = parseTransferBody(request.body, () =>
        fallbackId(ids, request.actor.id, key, 0),
      );
      if (!parsed.ok) return fail(reply, parsed);
      const r = await ledger.transfer(request.actor, parsed.value);
      if (r.ok) return sendOutcome(reply, r.value, true);
      if (r.code !== 'approval_required') return fail(reply, r);
      return submitted(reply, submit, request.actor, [request.body], [parsed.value], r);
    },
  );
  api.post(
    '/ledger/transfers/batch',
    {
      config: { access: 'ledger.transfer.create' },
      schema: {
        body: batchBody,
        headers: idempotencyHeaders,
        response: {
          200: LedgerTransfersBatchPostJson,
          201: LedgerTransfersBatchPostJson,
          202: LedgerTransfersBatchPostJson,
          ...PROBLEMS,
        },
      },
    },
    async (request, reply) => {
      const key = request.headers['idempotency-key'];
      const inputs: TransferInput[] = [];
      for (const [index, body] of request.body.transfers.entries()) {
        const parsed = parseTransferBody(body, () => fallbackId(ids, request.actor.id, key, index));
        if (!parsed.ok) {
          return fail(
            reply,
            err('linked_transfer_failed', `transfer ${index}: ${parsed.message}`, {
              index,
              code: parsed.code,
            }),
          );
        }
        inputs.push(parsed.value);
      }
      const r = await ledger.transferBatch(request.actor, inputs);
      if (r.ok) return sendOutcome(reply, r.value, false);
      if (r.code !== 'approval_required') return fail(reply, r);
      return submitted(reply, submit, request.actor, request.body.transfers, inputs, r);
    },
  );
  transferReads(api, ledger);
}

function transferReads(api: KaznaApp, ledger: LedgerService): void {
  api.get(
    '/ledger/transfers/:id',
    {
      config: { access: 'ledger.read' },
      schema: { params: idParams, response: { 200: LedgerTransfersJson, ...PROBLEMS } },
    },
    async (request, reply) => {
      const t = await ledger.read.transfer(request.params.id);
      if (t === undefined) {
        return fail(
          reply,
          err('transfer_not_found', `no transfer ${request.params.id}`, { id: request.params.id }),
        );
      }
      return wire(transferView(t));
    },
  );
}

/**
 * The policy wants a quorum: the same transfers, with their ids fixed, become an approval request,
 * and the answer is 202 with the request and the rule that asked for it. Nothing has moved.
 */
async function submitted(
  reply: FastifyReply,
  submit: SubmitApproval,
  actor: Actor,
  bodies: readonly TransferBody[],
  inputs: readonly TransferInput[],
  refusal: Pick<Err<string>, 'message' | 'detail'>,
): Promise<FastifyReply> {
  const content = transferContent(bodies, inputs);
  if (!content.ok) return fail(reply, content);
  const made = await submit(actor, LEDGER_TRANSFER_KIND, content.value);
  if (!made.ok)
    return sendErr(reply, isRefusal(made) ? made.status : SUBMIT_STATUS[made.code], made);
  return reply.code(202).send(
    wire({
      status: 'approval_required',
      reason: refusal.message,
      policy: refusal.detail ?? null,
      approval: made.value.request,
    }),
  );
}

/** Without a client id, an Idempotency-Key fixes the id; without either, a fresh one is drawn. */
function fallbackId(
  ids: IdSource,
  actorId: string,
  key: string | undefined,
  index: number,
): TransferId {
  return key === undefined ? ids.next() : idFromKey(actorId, key, index);
}

function statementRoute(api: KaznaApp, ledger: LedgerService): void {
  api.get(
    '/ledger/accounts/:id/statement',
    {
      config: { access: 'ledger.read' },
      schema: {
        params: idParams,
        querystring: statementQuery,
        response: {
          200: {
            description: 'ok',
            content: {
              'application/json': { schema: LedgerAccountsStatementJson },
              'text/csv': { schema: csvText },
            },
          },
          ...PROBLEMS,
        },
      },
    },
    async (request, reply) => {
      const account = await ledger.read.account(request.params.id);
      if (account === undefined) return fail(reply, notFound(request.params.id));
      const q = request.query;
      const [seq, index] = q.after?.split(':') ?? [];
      const base: StatementQuery = {
        accountId: account.id,
        limit: q.limit,
        ...(q.from === undefined ? {} : { from: new Date(q.from) }),
        ...(q.to === undefined ? {} : { to: new Date(q.to) }),
        ...(seq === undefined
          ? {}
          : { after: { auditSeq: BigInt(seq), batchIndex: Number(index) } }),
      };
      if (q.format === 'csv') {
        const rows = await wholeStatement(ledger, base);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="statement-${account.id}.csv"`)
          .send(statementCsv(account, rows));
      }
      const rows = await ledger.read.statement(base);
      const last = rows.length === q.limit ? rows[rows.length - 1]?.transfer : undefined;
      return wire({
        account: accountView(account),
        entries: rows.map((r) => statementRowView(account, r)),
        next: last === undefined ? null : `${last.auditSeq.toString()}:${last.batchIndex}`,
      });
    },
  );
}

/** The CSV export pages through the whole range (bounded), so a download is never truncated silently. */
async function wholeStatement(
  ledger: LedgerService,
  base: StatementQuery,
): Promise<StatementRow[]> {
  const all: StatementRow[] = [];
  let query: StatementQuery = { ...base, limit: 5000 };
  for (;;) {
    const page = await ledger.read.statement(query);
    all.push(...page);
    const last = page[page.length - 1];
    if (page.length < query.limit || last === undefined) return all;
    if (all.length >= 1_000_000) throw new Error('statement export is larger than a million rows');
    query = {
      ...query,
      after: { auditSeq: last.transfer.auditSeq, batchIndex: last.transfer.batchIndex },
    };
  }
}
