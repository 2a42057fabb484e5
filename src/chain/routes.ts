import { z } from 'zod';
import { ASSET_CODES } from '../core/assets.ts';
import type { Err } from '../core/result.ts';
import type { KaznaApp } from '../http/app.ts';
import { sendErr } from '../http/problem.ts';
import type { RefusalStatus } from '../http/refusals.ts';
import type { CustodyError } from './codes.ts';
import type { ChainService } from './service.ts';
import { CHAIN_STATUS, type ChainCode } from './statuses.ts';
import type { CustodyTx, ReconRow, Verification, WalletRow } from './store.ts';
import { wire, PROBLEMS } from '../http/answers.ts';
import {
  ChainWalletsJson,
  ChainCustodyJson,
  ChainIntakeVerificationsJson,
  ChainIntakeVerifyPostJson,
  ChainStatusJson,
  ChainCustody2Json,
  ChainReconciliationsPostJson,
  ChainReconciliationsStatementsPostJson,
  ChainReconciliationsJson,
  ChainAlertsJson,
  CustodyPreparedJson,
  CustodySignaturesJson,
  CustodySignedTransactionJson,
  CustodyBroadcastJson,
  CustodyConfirmedJson,
} from './answers.ts';

/**
 * HTTP edge of the chain domain. Reads need `chain.read`; every step of a custody transaction needs
 * `chain.custody.sign`; reconciliation needs `chain.reconcile`; an intake check is part of intake
 * (`seizures.intake`). Amounts travel as decimal strings of base units.
 */
export function custodyStatus(code: ChainCode): RefusalStatus {
  return CHAIN_STATUS[code];
}

const sendCustodyErr = (reply: Parameters<typeof sendErr>[0], e: Err<ChainCode>) =>
  sendErr(reply, custodyStatus(e.code), e);

export function walletView(w: WalletRow) {
  return { ...w };
}

export function custodyView(c: CustodyTx) {
  return {
    ...c,
    amount: c.amount.toString(),
    events: c.events.map((e) => ({ ...e, fee: e.fee?.toString() ?? null })),
  };
}

export function verificationView(v: Verification) {
  return { ...v, expectedAmount: v.expectedAmount.toString(), paidAmount: v.paidAmount.toString() };
}

export function reconView(r: ReconRow) {
  return {
    ...r,
    ledgerBalance: r.ledgerBalance.toString(),
    externalBalance: r.externalBalance.toString(),
    difference: r.difference.toString(),
  };
}

const idParams = z.strictObject({ id: z.uuid() });

export function chainRoutes(api: KaznaApp, chain: ChainService): void {
  readRoutes(api, chain);
  custodyRoutes(api, chain);
  reconcileRoutes(api, chain);
}

function readRoutes(api: KaznaApp, chain: ChainService): void {
  api.get(
    '/chain/wallets',
    {
      config: { access: 'chain.read' },
      schema: { response: { 200: ChainWalletsJson, ...PROBLEMS } },
    },
    async () =>
      wire({
        wallets: (await chain.wallets()).map(walletView),
      }),
  );
  api.get(
    '/chain/custody/:id',
    {
      config: { access: 'chain.read' },
      schema: { params: idParams, response: { 200: ChainCustodyJson, ...PROBLEMS } },
    },
    async (request, reply) => {
      const c = await chain.custodyTx(request.params.id);
      if (c === null)
        return sendCustodyErr(reply, {
          ok: false,
          code: 'custody_tx_not_found',
          message: 'no such custody transaction',
        });
      return wire({ custody: custodyView(c), signatures: await chain.signatures(c.id) });
    },
  );
  api.get(
    '/chain/intake/verifications',
    {
      config: { access: 'chain.read' },
      schema: {
        querystring: z.strictObject({ subjectId: z.string().max(200).optional() }),
        response: { 200: ChainIntakeVerificationsJson, ...PROBLEMS },
      },
    },
    async (request) =>
      wire({
        verifications: (await chain.verifications(request.query.subjectId ?? null)).map(
          verificationView,
        ),
      }),
  );
  api.post(
    '/chain/intake/verify',
    {
      config: { access: 'seizures.intake' },
      schema: {
        body: z.strictObject({
          subjectId: z.string().min(1).max(200),
          asset: z.enum(ASSET_CODES),
          txid: z.string().min(1).max(100),
          address: z.string().min(1).max(200),
          amount: z.string().regex(/^[0-9]{1,78}$/),
          confirmations: z.int().min(0).max(1000).optional(),
        }),
        response: { 200: ChainIntakeVerifyPostJson, 201: ChainIntakeVerifyPostJson, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const { amount, confirmations, ...rest } = request.body;
      const r = await chain.verifyIntake(request.actor, {
        ...rest,
        amount: BigInt(amount),
        ...(confirmations === undefined ? {} : { confirmations }),
      });
      if (!r.ok) return sendCustodyErr(reply, r);
      return reply
        .code(201)
        .send(wire({ verification: verificationView(r.value), verified: r.value.verified }));
    },
  );
}

/** Custody transactions with their quorum state and, once broadcast, the node's confirmations. */
async function custodyList(chain: ChainService) {
  const wallets = new Map((await chain.wallets()).map((w) => [w.id, w]));
  const out = [];
  for (const id of await chain.custodyTxIds()) {
    const c = await chain.custodyTx(id);
    if (c === null) continue;
    const signers = new Set((await chain.signatures(c.id)).map((s) => s.publicKeyHex));
    const txid = c.events.find((e) => e.status === 'broadcast')?.txid ?? null;
    let confirmations: number | null = null;
    const adapter = chain.adapters.any(c.asset);
    if (txid !== null && adapter !== null) {
      // A node that cannot answer leaves the count unknown; the list still shows.
      confirmations = await adapter.transaction(c.asset, txid).then(
        (t) => t?.confirmations ?? 0,
        () => null,
      );
    }
    const w = wallets.get(c.walletId);
    out.push({
      ...custodyView(c),
      walletLabel: w?.label ?? null,
      threshold: w?.threshold ?? null,
      keys: w?.keys.length ?? 0,
      signers: [...signers],
      confirmations,
    });
  }
  return out;
}

function custodyRoutes(api: KaznaApp, chain: ChainService): void {
  api.get(
    '/chain/status',
    {
      config: { access: 'chain.read' },
      schema: { response: { 200: ChainStatusJson, ...PROBLEMS } },
    },
    () =>
      wire({
        assets: ASSET_CODES.filter((a) => chain.adapters.any(a) !== null),
      }),
  );
  api.get(
    '/chain/custody',
    {
      config: { access: 'chain.read' },
      schema: { response: { 200: ChainCustody2Json, ...PROBLEMS } },
    },
    async () =>
      wire({
        custody: await custodyList(chain),
      }),
  );
  const step = (
    path: string,
    answer: z.ZodType,
    run: (
      actor: Parameters<ChainService['prepare']>[0],
      id: string,
      body: Record<string, string>,
    ) => Promise<{ ok: true; value: unknown } | Err<CustodyError>>,
    body: z.ZodObject = z.strictObject({}),
  ) => {
    api.post(
      `/chain/custody/:id/${path}`,
      {
        config: { access: 'chain.custody.sign' },
        schema: { params: idParams, body, response: { 200: answer, ...PROBLEMS } },
      },
      async (request, reply) => {
        const r = await run(
          request.actor,
          request.params.id,
          request.body as Record<string, string>,
        );
        if (!r.ok) return sendCustodyErr(reply, r);
        return reply.code(200).send(wire(r.value));
      },
    );
  };
  step('prepare', CustodyPreparedJson, (actor, id) => chain.prepare(actor, id));
  step(
    'signatures',
    CustodySignaturesJson,
    (actor, id, b) => chain.addSignatures(actor, id, b['psbt'] ?? ''),
    z.strictObject({ psbt: z.string().min(1).max(1_000_000) }),
  );
  step(
    'signed-transaction',
    CustodySignedTransactionJson,
    (actor, id, b) => chain.addSignedTransaction(actor, id, b['raw'] ?? ''),
    z.strictObject({
      raw: z
        .string()
        .regex(/^0x[0-9a-fA-F]+$/)
        .max(200_000),
    }),
  );
  step('broadcast', CustodyBroadcastJson, (actor, id) => chain.broadcast(actor, id));
  step('confirm', CustodyConfirmedJson, (actor, id) => chain.confirm(actor, id));
}

function reconcileRoutes(api: KaznaApp, chain: ChainService): void {
  api.post(
    '/chain/reconciliations',
    {
      config: { access: 'chain.reconcile' },
      schema: {
        body: z.strictObject({
          heights: z.partialRecord(z.enum(ASSET_CODES), z.int().min(0)).optional(),
        }),
        response: {
          200: ChainReconciliationsPostJson,
          201: ChainReconciliationsPostJson,
          ...PROBLEMS,
        },
      },
    },
    async (request, reply) => {
      const run = await chain.reconcile(request.actor, request.body.heights ?? {});
      return reply
        .code(201)
        .send(wire({ runId: run.runId, alertIds: run.alertIds, rows: run.rows.map(reconView) }));
    },
  );
  api.post(
    '/chain/reconciliations/statements',
    {
      config: { access: 'chain.reconcile' },
      schema: {
        body: z.strictObject({
          name: z.string().min(1).max(200),
          csv: z.string().min(1).max(5_000_000),
        }),
        response: {
          200: ChainReconciliationsStatementsPostJson,
          201: ChainReconciliationsStatementsPostJson,
          ...PROBLEMS,
        },
      },
    },
    async (request, reply) => {
      const r = await chain.reconcileStatement(request.actor, request.body.name, request.body.csv);
      if (!r.ok) return sendCustodyErr(reply, r);
      return reply.code(201).send(
        wire({
          runId: r.value.runId,
          alertIds: r.value.alertIds,
          rows: r.value.rows.map(reconView),
        }),
      );
    },
  );
  api.get(
    '/chain/reconciliations',
    {
      config: { access: 'chain.read' },
      schema: { response: { 200: ChainReconciliationsJson, ...PROBLEMS } },
    },
    async () =>
      wire({
        runs: await chain.runs(),
      }),
  );
  api.get(
    '/chain/alerts',
    {
      config: { access: 'chain.read' },
      schema: { response: { 200: ChainAlertsJson, ...PROBLEMS } },
    },
    async () =>
      wire({
        alerts: (await chain.alerts()).map((a) => ({ ...a, difference: a.difference.toString() })),
      }),
  );
}
