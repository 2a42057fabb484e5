import { z } from 'zod';
import { AssetCodeJson, jsonValue } from '../http/answers.ts';
import { ACCOUNT_TYPES, OWNER_KINDS, TRANSFER_KINDS } from './model.ts';

/**
 * What this domain's routes answer, as the client receives it (amounts as decimal strings, times as
 * ISO strings). The routes serialize through these schemas and the web app parses with them. Each
 * view is named once, so a field added to an account or a transfer reaches every answer carrying
 * it, here and in the domains that show ledger views (chain, disposal, seizures).
 */
export const OwnerJson = z.object({
  kind: z.enum(OWNER_KINDS),
  ref: z.string(),
});

export const AccountFlagsJson = z.object({
  debitsMustNotExceedCredits: z.boolean(),
  creditsMustNotExceedDebits: z.boolean(),
});

/** An account with its balances, as every account route answers it. */
export const AccountViewJson = z.object({
  balances: z.record(z.string(), z.string()),
  balance: z.string(),
  available: z.string(),
  asOf: z.string().optional(),
  id: z.string(),
  asset: AssetCodeJson,
  owner: OwnerJson,
  type: z.enum(ACCOUNT_TYPES),
  flags: AccountFlagsJson,
  metadata: z.record(z.string(), jsonValue),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  auditSeq: z.string(),
});

/** POST /ledger/accounts */
export const LedgerAccountsPostJson = AccountViewJson;

/** POST /ledger/accounts/:id/close */
export const LedgerAccountsClosePostJson = AccountViewJson;

/** GET /ledger/accounts */
export const LedgerAccountsJson = z.object({
  accounts: z.array(AccountViewJson),
  next: z.string().nullable(),
});

/** GET /ledger/accounts/:id */
export const LedgerAccounts2Json = AccountViewJson;

/** GET /ledger/totals */
export const LedgerTotalsJson = z.object({
  assets: z.array(
    z.object({
      asset: AssetCodeJson,
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

/** A transfer with its links, as every transfer route answers it. */
export const TransferViewJson = z.object({
  id: z.string(),
  kind: z.enum(TRANSFER_KINDS),
  debitAccountId: z.string(),
  creditAccountId: z.string(),
  asset: AssetCodeJson,
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

/** A transfer held for approval instead of being posted. */
export const TransferHeldJson = z.object({
  status: z.string(),
  reason: z.string(),
  policy: z.record(z.string(), z.unknown()).nullable(),
  approval: z.unknown(),
});

/**
 * What posting answers: the hold, one transfer (every field optional, as a replay may echo
 * nothing but `replayed`) or a batch of them.
 */
const TransferPostedJson = z.union([
  TransferHeldJson,
  z.union([
    z.object({
      replayed: z.boolean(),
      ...TransferViewJson.partial().shape,
      transfers: z.never().optional(),
    }),
    z.object({
      transfers: z.array(TransferViewJson),
      replayed: z.boolean(),
    }),
  ]),
]);

/** POST /ledger/transfers */
export const LedgerTransfersPostJson = TransferPostedJson;

/** POST /ledger/transfers/batch */
export const LedgerTransfersBatchPostJson = TransferPostedJson;

/** GET /ledger/transfers/:id */
export const LedgerTransfersJson = TransferViewJson;

/** GET /ledger/accounts/:id/statement */
export const LedgerAccountsStatementJson = z.object({
  account: AccountViewJson,
  entries: z.array(
    z.object({
      transfer: TransferViewJson,
      side: z.string(),
      counterpartyAccountId: z.string(),
      balances: z.record(z.string(), z.string()),
      balance: z.string(),
    }),
  ),
  next: z.string().nullable(),
});
