import { z } from 'zod';
import { AssetCodeJson, jsonValue } from '../http/answers.ts';

/**
 * What this domain's routes answer, as the client receives it (amounts as decimal strings, times as
 * ISO strings). The routes serialize through these schemas and the web app parses with them. Each
 * view is named once, so a field added to it reaches every answer that carries it.
 */
/** GET /chain/wallets */
export const ChainWalletsJson = z.object({
  wallets: z.array(
    z.object({
      id: z.string(),
      asset: AssetCodeJson,
      kind: z.enum(['address', 'multisig', 'xpub']),
      label: z.string(),
      accountId: z.string().nullable(),
      feeAccountId: z.string().nullable(),
      gasAccountId: z.string().nullable(),
      gasFeeAccountId: z.string().nullable(),
      threshold: z.number().nullable(),
      keys: z.array(z.string()),
      witnessScript: z.string().nullable(),
      xpub: z.string().nullable(),
      birthHeight: z.number(),
      addresses: z.array(z.string()),
    }),
  ),
});

export const StoredSignatureJson = z.object({
  input: z.number(),
  publicKeyHex: z.string(),
  signatureHex: z.string(),
});

/** A custody transaction with its history of events. */
export const CustodyTxJson = z.object({
  amount: z.string(),
  events: z.array(
    z.object({
      fee: z.string().nullable(),
      status: z.enum(['prepared', 'signed', 'broadcast', 'confirmed']),
      txid: z.string().nullable(),
      payload: z.string().nullable(),
      blockHeight: z.number().nullable(),
      ledgerTransferId: z.string().nullable(),
      at: z.string(),
    }),
  ),
  id: z.string(),
  requestId: z.string(),
  walletId: z.string(),
  asset: AssetCodeJson,
  destination: z.string(),
  destinationAccountId: z.string().nullable(),
  createdAt: z.string(),
  status: z.enum(['approved', 'prepared', 'signed', 'broadcast', 'confirmed']),
});

/** GET /chain/custody/:id */
export const ChainCustodyJson = z.object({
  custody: CustodyTxJson,
  signatures: z.array(StoredSignatureJson),
});

/** One check of a payment on chain against what an intake expected. */
export const VerificationJson = z.object({
  expectedAmount: z.string(),
  paidAmount: z.string(),
  id: z.string(),
  subjectId: z.string(),
  asset: AssetCodeJson,
  txid: z.string(),
  address: z.string(),
  confirmations: z.number(),
  requiredConfirmations: z.number(),
  blockHeight: z.number().nullable(),
  outcome: z.string(),
  evidence: jsonValue,
  checkedAt: z.string(),
});

/** GET /chain/intake/verifications */
export const ChainIntakeVerificationsJson = z.object({
  verifications: z.array(VerificationJson),
});

/** POST /chain/intake/verify */
export const ChainIntakeVerifyPostJson = z.object({
  verification: VerificationJson,
  verified: z.boolean(),
});

/** GET /chain/status */
export const ChainStatusJson = z.object({
  assets: z.array(AssetCodeJson),
});

/** GET /chain/custody */
export const ChainCustody2Json = z.object({
  custody: z.array(
    z.object({
      walletLabel: z.string().nullable(),
      threshold: z.number().nullable(),
      keys: z.number(),
      signers: z.array(z.string()),
      confirmations: z.number().nullable(),
      ...CustodyTxJson.shape,
    }),
  ),
});

/** A reconciliation run: its rows of ledger against chain, and the alerts it raised. */
export const ReconciliationRunJson = z.object({
  runId: z.string(),
  alertIds: z.array(z.string()),
  rows: z.array(
    z.object({
      ledgerBalance: z.string(),
      externalBalance: z.string(),
      difference: z.string(),
      walletId: z.string().nullable(),
      accountId: z.string().nullable(),
      asset: AssetCodeJson,
      height: z.number().nullable(),
      evidence: jsonValue,
    }),
  ),
});

/** POST /chain/reconciliations */
export const ChainReconciliationsPostJson = ReconciliationRunJson;

/** POST /chain/reconciliations/statements */
export const ChainReconciliationsStatementsPostJson = ReconciliationRunJson;

/** GET /chain/reconciliations */
export const ChainReconciliationsJson = z.object({
  runs: z.array(z.record(z.string(), z.unknown())),
});

/** GET /chain/alerts */
export const ChainAlertsJson = z.object({
  alerts: z.array(
    z.object({
      difference: z.string(),
      id: z.string(),
      runId: z.string(),
      kind: z.string(),
      walletId: z.string().nullable(),
      accountId: z.string().nullable(),
      asset: AssetCodeJson,
      evidence: jsonValue,
      raisedAt: z.string(),
    }),
  ),
});

/** POST /chain/custody/:id/prepare */
export const CustodyPreparedJson = z.object({
  custodyTxId: z.string(),
  unsigned: z.string(),
  unsignedId: z.string(),
  fee: z.string(),
  outputs: jsonValue,
});

/** POST /chain/custody/:id/signatures */
export const CustodySignaturesJson = z.object({
  collected: z.number(),
  threshold: z.number(),
  complete: z.boolean(),
});

/** POST /chain/custody/:id/signed-transaction */
export const CustodySignedTransactionJson = z.object({ signer: z.string() });

/** POST /chain/custody/:id/broadcast */
export const CustodyBroadcastJson = z.object({ txid: z.string() });

/** POST /chain/custody/:id/confirm */
export const CustodyConfirmedJson = z.object({
  txid: z.string(),
  blockHeight: z.number(),
  transferIds: z.array(z.string()),
});
