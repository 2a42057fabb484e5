import { z } from 'zod';
import { jsonValue } from '../http/answers.ts';

/**
 * What this domain's routes answer, as the client receives it (amounts as decimal strings, times as
 * ISO strings). The routes serialize through these schemas and the web app parses with them.
 */
export const OwnerJson = z.object({
  kind: z.enum(['agency', 'escrow', 'reserve', 'custodian', 'manager']),
  ref: z.string(),
});

export const AccountFlagsJson = z.object({
  debitsMustNotExceedCredits: z.boolean(),
  creditsMustNotExceedDebits: z.boolean(),
});

/** POST /ledger/accounts */
export const LedgerAccountsPostJson = z.object({
  balances: z.record(z.string(), z.string()),
  balance: z.string(),
  available: z.string(),
  asOf: z.string().optional(),
  id: z.string(),
  asset: z.enum(['BTC', 'ETH', 'USDT', 'USDC', 'TRX', 'LTC', 'XAU', 'USD', 'EUR', 'CNY', 'KZT']),
  owner: OwnerJson,
  type: z.enum(['asset', 'liability', 'equity', 'income', 'expense']),
  flags: AccountFlagsJson,
  metadata: z.record(z.string(), jsonValue),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  auditSeq: z.string(),
});

/** POST /ledger/accounts/:id/close */
export const LedgerAccountsClosePostJson = z.object({
  balances: z.record(z.string(), z.string()),
  balance: z.string(),
  available: z.string(),
  asOf: z.string().optional(),
  id: z.string(),
  asset: z.enum(['BTC', 'ETH', 'USDT', 'USDC', 'TRX', 'LTC', 'XAU', 'USD', 'EUR', 'CNY', 'KZT']),
  owner: OwnerJson,
  type: z.enum(['asset', 'liability', 'equity', 'income', 'expense']),
  flags: AccountFlagsJson,
  metadata: z.record(z.string(), jsonValue),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  auditSeq: z.string(),
});

/** GET /ledger/accounts */
export const LedgerAccountsJson = z.object({
  accounts: z.array(
    z.object({
      balances: z.record(z.string(), z.string()),
      balance: z.string(),
      available: z.string(),
      asOf: z.string().optional(),
      id: z.string(),
      asset: z.enum([
        'BTC',
        'ETH',
        'USDT',
        'USDC',
        'TRX',
        'LTC',
        'XAU',
        'USD',
        'EUR',
        'CNY',
        'KZT',
      ]),
      owner: OwnerJson,
      type: z.enum(['asset', 'liability', 'equity', 'income', 'expense']),
      flags: AccountFlagsJson,
      metadata: z.record(z.string(), jsonValue),
      openedAt: z.string(),
      closedAt: z.string().nullable(),
      auditSeq: z.string(),
    }),
  ),
  next: z.string().nullable(),
});

/** GET /ledger/accounts/:id */
export const LedgerAccounts2Json = z.object({
  balances: z.record(z.string(), z.string()),
  balance: z.string(),
  available: z.string(),
  asOf: z.string().optional(),
  id: z.string(),
  asset: z.enum(['BTC', 'ETH', 'USDT', 'USDC', 'TRX', 'LTC', 'XAU', 'USD', 'EUR', 'CNY', 'KZT']),
  owner: OwnerJson,
  type: z.enum(['asset', 'liability', 'equity', 'income', 'expense']),
  flags: AccountFlagsJson,
  metadata: z.record(z.string(), jsonValue),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  auditSeq: z.string(),
});

/** GET /ledger/totals */
export const LedgerTotalsJson = z.object({
  assets: z.array(
    z.object({
      asset: z.enum([
        'BTC',
        'ETH',
        'USDT',
        'USDC',
        'TRX',
        'LTC',
        'XAU',
        'USD',
        'EUR',
        'CNY',
        'KZT',
      ]),
      balances: z.record(z.string(), z.string()),
    }),
  ),
});

export const TransferRefsJson = z.object({
  caseId: z.string().optional(),
  lotId: z.string().optional(),
  approvalId: z.string().optional(),
  externalTxId: z.string().optional(),
});

/** POST /ledger/transfers */
export const LedgerTransfersPostJson = z.union([
  z.object({
    status: z.string(),
    reason: z.string(),
    policy: z.record(z.string(), z.unknown()).nullable(),
    approval: z.unknown(),
  }),
  z.union([
    z.object({
      replayed: z.boolean(),
      id: z.string().optional(),
      kind: z.enum(['post', 'void', 'pending', 'single', 'expire']).optional(),
      debitAccountId: z.string().optional(),
      creditAccountId: z.string().optional(),
      asset: z
        .enum(['BTC', 'ETH', 'USDT', 'USDC', 'TRX', 'LTC', 'XAU', 'USD', 'EUR', 'CNY', 'KZT'])
        .optional(),
      amount: z.string().optional(),
      pendingId: z.string().nullable().optional(),
      pendingReleased: z.string().nullable().optional(),
      timeoutSeconds: z.number().nullable().optional(),
      expiresAt: z.string().nullable().optional(),
      code: z.string().optional(),
      reason: z.string().optional(),
      refs: TransferRefsJson.optional(),
      correctsId: z.string().nullable().optional(),
      valueAt: z.string().nullable().optional(),
      clearance: z.string().nullable().optional(),
      actor: z.string().optional(),
      createdAt: z.string().optional(),
      auditSeq: z.string().optional(),
      batchIndex: z.number().optional(),
      links: z.object({ audit: z.string(), self: z.string() }).optional(),
      transfers: z.never().optional(),
    }),
    z.object({
      transfers: z.array(
        z.object({
          id: z.string(),
          kind: z.enum(['post', 'void', 'pending', 'single', 'expire']),
          debitAccountId: z.string(),
          creditAccountId: z.string(),
          asset: z.enum([
            'BTC',
            'ETH',
            'USDT',
            'USDC',
            'TRX',
            'LTC',
            'XAU',
            'USD',
            'EUR',
            'CNY',
            'KZT',
          ]),
          amount: z.string(),
          pendingId: z.string().nullable(),
          pendingReleased: z.string().nullable(),
          timeoutSeconds: z.number().nullable(),
          expiresAt: z.string().nullable(),
          code: z.string(),
          reason: z.string(),
          refs: TransferRefsJson,
          correctsId: z.string().nullable(),
          valueAt: z.string().nullable(),
          clearance: z.string().nullable(),
          actor: z.string(),
          createdAt: z.string(),
          auditSeq: z.string(),
          batchIndex: z.number(),
          links: z.object({ audit: z.string(), self: z.string() }),
        }),
      ),
      replayed: z.boolean(),
    }),
  ]),
]);

/** POST /ledger/transfers/batch */
export const LedgerTransfersBatchPostJson = z.union([
  z.object({
    status: z.string(),
    reason: z.string(),
    policy: z.record(z.string(), z.unknown()).nullable(),
    approval: z.unknown(),
  }),
  z.union([
    z.object({
      replayed: z.boolean(),
      id: z.string().optional(),
      kind: z.enum(['post', 'void', 'pending', 'single', 'expire']).optional(),
      debitAccountId: z.string().optional(),
      creditAccountId: z.string().optional(),
      asset: z
        .enum(['BTC', 'ETH', 'USDT', 'USDC', 'TRX', 'LTC', 'XAU', 'USD', 'EUR', 'CNY', 'KZT'])
        .optional(),
      amount: z.string().optional(),
      pendingId: z.string().nullable().optional(),
      pendingReleased: z.string().nullable().optional(),
      timeoutSeconds: z.number().nullable().optional(),
      expiresAt: z.string().nullable().optional(),
      code: z.string().optional(),
      reason: z.string().optional(),
      refs: TransferRefsJson.optional(),
      correctsId: z.string().nullable().optional(),
      valueAt: z.string().nullable().optional(),
      clearance: z.string().nullable().optional(),
      actor: z.string().optional(),
      createdAt: z.string().optional(),
      auditSeq: z.string().optional(),
      batchIndex: z.number().optional(),
      links: z.object({ audit: z.string(), self: z.string() }).optional(),
      transfers: z.never().optional(),
    }),
    z.object({
      transfers: z.array(
        z.object({
          id: z.string(),
          kind: z.enum(['post', 'void', 'pending', 'single', 'expire']),
          debitAccountId: z.string(),
          creditAccountId: z.string(),
          asset: z.enum([
            'BTC',
            'ETH',
            'USDT',
            'USDC',
            'TRX',
            'LTC',
            'XAU',
            'USD',
            'EUR',
            'CNY',
            'KZT',
          ]),
          amount: z.string(),
          pendingId: z.string().nullable(),
          pendingReleased: z.string().nullable(),
          timeoutSeconds: z.number().nullable(),
          expiresAt: z.string().nullable(),
          code: z.string(),
          reason: z.string(),
          refs: TransferRefsJson,
          correctsId: z.string().nullable(),
          valueAt: z.string().nullable(),
          clearance: z.string().nullable(),
          actor: z.string(),
          createdAt: z.string(),
          auditSeq: z.string(),
          batchIndex: z.number(),
          links: z.object({ audit: z.string(), self: z.string() }),
        }),
      ),
      replayed: z.boolean(),
    }),
  ]),
]);

/** GET /ledger/transfers/:id */
export const LedgerTransfersJson = z.object({
  id: z.string(),
  kind: z.enum(['post', 'void', 'pending', 'single', 'expire']),
  debitAccountId: z.string(),
  creditAccountId: z.string(),
  asset: z.enum(['BTC', 'ETH', 'USDT', 'USDC', 'TRX', 'LTC', 'XAU', 'USD', 'EUR', 'CNY', 'KZT']),
  amount: z.string(),
  pendingId: z.string().nullable(),
  pendingReleased: z.string().nullable(),
  timeoutSeconds: z.number().nullable(),
  expiresAt: z.string().nullable(),
  code: z.string(),
  reason: z.string(),
  refs: TransferRefsJson,
  correctsId: z.string().nullable(),
  valueAt: z.string().nullable(),
  clearance: z.string().nullable(),
  actor: z.string(),
  createdAt: z.string(),
  auditSeq: z.string(),
  batchIndex: z.number(),
  links: z.object({ audit: z.string(), self: z.string() }),
});

/** GET /ledger/accounts/:id/statement */
export const LedgerAccountsStatementJson = z.object({
  account: z.object({
    balances: z.record(z.string(), z.string()),
    balance: z.string(),
    available: z.string(),
    asOf: z.string().optional(),
    id: z.string(),
    asset: z.enum(['BTC', 'ETH', 'USDT', 'USDC', 'TRX', 'LTC', 'XAU', 'USD', 'EUR', 'CNY', 'KZT']),
    owner: OwnerJson,
    type: z.enum(['asset', 'liability', 'equity', 'income', 'expense']),
    flags: AccountFlagsJson,
    metadata: z.record(z.string(), jsonValue),
    openedAt: z.string(),
    closedAt: z.string().nullable(),
    auditSeq: z.string(),
  }),
  entries: z.array(
    z.object({
      transfer: z.object({
        id: z.string(),
        kind: z.enum(['post', 'void', 'pending', 'single', 'expire']),
        debitAccountId: z.string(),
        creditAccountId: z.string(),
        asset: z.enum([
          'BTC',
          'ETH',
          'USDT',
          'USDC',
          'TRX',
          'LTC',
          'XAU',
          'USD',
          'EUR',
          'CNY',
          'KZT',
        ]),
        amount: z.string(),
        pendingId: z.string().nullable(),
        pendingReleased: z.string().nullable(),
        timeoutSeconds: z.number().nullable(),
        expiresAt: z.string().nullable(),
        code: z.string(),
        reason: z.string(),
        refs: TransferRefsJson,
        correctsId: z.string().nullable(),
        valueAt: z.string().nullable(),
        clearance: z.string().nullable(),
        actor: z.string(),
        createdAt: z.string(),
        auditSeq: z.string(),
        batchIndex: z.number(),
        links: z.object({ audit: z.string(), self: z.string() }),
      }),
      side: z.string(),
      counterpartyAccountId: z.string(),
      balances: z.record(z.string(), z.string()),
      balance: z.string(),
    }),
  ),
  next: z.string().nullable(),
});
