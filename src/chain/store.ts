import type { Queryable, Row } from '../db/pool.ts';
import { readRow } from '../db/row.ts';
import type { Json } from '../core/canonical.ts';
import { ASSET_CODES, type AssetCode } from '../core/assets.ts';

/** SQL for the chain domain's tables (migration 0900). All inserts: these tables are append-only. */
export interface WalletRow {
  readonly id: string;
  readonly asset: AssetCode;
  readonly kind: 'multisig' | 'address' | 'xpub';
  readonly label: string;
  readonly accountId: string | null;
  readonly feeAccountId: string | null;
  /** A token wallet's ETH account paying its gas, and the expense account gas is posted to. */
  readonly gasAccountId: string | null;
  readonly gasFeeAccountId: string | null;
  readonly threshold: number | null;
  readonly keys: readonly string[];
  readonly witnessScript: string | null;
  readonly xpub: string | null;
  readonly birthHeight: number;
  readonly addresses: readonly string[];
}

export async function insertWallet(
  q: Queryable,
  w: WalletRow & {
    createdAt: Date;
    createdBy: string;
    auditSeq: bigint;
    paths: readonly (string | null)[];
  },
): Promise<void> {
  await q.query(
    `INSERT INTO chain_wallets (id, asset, kind, label, account_id, fee_account_id, threshold, keys,
       witness_script, xpub, birth_height, created_at, created_by, audit_seq)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)`,
    [
      w.id,
      w.asset,
      w.kind,
      w.label,
      w.accountId,
      w.feeAccountId,
      w.threshold,
      w.keys,
      w.witnessScript,
      w.xpub,
      w.birthHeight,
      w.createdAt,
      w.createdBy,
      w.auditSeq,
    ],
  );
  for (const [i, address] of w.addresses.entries()) {
    await q.query('INSERT INTO chain_addresses (wallet_id, address, path) VALUES ($1, $2, $3)', [
      w.id,
      address,
      w.paths[i] ?? null,
    ]);
  }
  if (w.gasAccountId !== null && w.gasFeeAccountId !== null)
    await q.query(
      'INSERT INTO chain_wallet_gas_accounts (wallet_id, account_id, fee_account_id) VALUES ($1,$2,$3)',
      [w.id, w.gasAccountId, w.gasFeeAccountId],
    );
}

function toWallet(row: Row): WalletRow {
  const r = readRow(row, 'chain_wallets');
  return {
    id: r.str('id'),
    asset: r.oneOf('asset', ASSET_CODES),
    kind: r.oneOf('kind', ['multisig', 'address', 'xpub']),
    label: r.str('label'),
    accountId: r.strOrNull('account_id'),
    feeAccountId: r.strOrNull('fee_account_id'),
    gasAccountId: r.strOrNull('gas_account_id'),
    gasFeeAccountId: r.strOrNull('gas_fee_account_id'),
    threshold: r.intOrNull('threshold'),
    keys: r.strings('keys'),
    witnessScript: r.strOrNull('witness_script'),
    xpub: r.strOrNull('xpub'),
    birthHeight: Number(r.bigint('birth_height')),
    addresses: r.strings('addresses'),
  };
}

const WALLET_SELECT = `SELECT w.*, ARRAY(SELECT address FROM chain_addresses a WHERE a.wallet_id = w.id
  ORDER BY a.path NULLS FIRST, a.address) AS addresses, g.account_id AS gas_account_id,
  g.fee_account_id AS gas_fee_account_id
  FROM chain_wallets w LEFT JOIN chain_wallet_gas_accounts g ON g.wallet_id = w.id`;

export async function wallet(q: Queryable, id: string): Promise<WalletRow | null> {
  const [r] = await q.query(`${WALLET_SELECT} WHERE w.id = $1`, [id]);
  return r === undefined ? null : toWallet(r);
}

export async function wallets(q: Queryable): Promise<WalletRow[]> {
  return (await q.query(`${WALLET_SELECT} ORDER BY w.created_at, w.id`)).map(toWallet);
}

export async function walletOfAddress(q: Queryable, address: string): Promise<string | null> {
  const [row] = await q.query('SELECT wallet_id FROM chain_addresses WHERE address = $1', [
    address,
  ]);
  return row === undefined ? null : readRow(row, 'chain_addresses').str('wallet_id');
}

export interface Verification {
  readonly id: string;
  readonly subjectId: string;
  readonly asset: AssetCode;
  readonly txid: string;
  readonly address: string;
  readonly expectedAmount: bigint;
  readonly paidAmount: bigint;
  readonly confirmations: number;
  readonly requiredConfirmations: number;
  readonly blockHeight: number | null;
  readonly outcome: string;
  readonly evidence: Json;
  readonly checkedAt: Date;
}

export async function insertVerification(
  q: Queryable,
  v: Verification & { checkedBy: string; auditSeq: bigint },
): Promise<void> {
  await q.query(
    `INSERT INTO chain_intake_verifications (id, subject_id, asset, txid, address, expected_amount,
       paid_amount, confirmations, required_confirmations, block_height, outcome, evidence,
       checked_at, checked_by, audit_seq) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)`,
    [
      v.id,
      v.subjectId,
      v.asset,
      v.txid,
      v.address,
      v.expectedAmount,
      v.paidAmount,
      v.confirmations,
      v.requiredConfirmations,
      v.blockHeight,
      v.outcome,
      JSON.stringify(v.evidence),
      v.checkedAt,
      v.checkedBy,
      v.auditSeq,
    ],
  );
}

export async function verifications(
  q: Queryable,
  subjectId: string | null,
): Promise<Verification[]> {
  const rows = await q.query(
    `SELECT * FROM chain_intake_verifications WHERE ($1::text IS NULL OR subject_id = $1)
     ORDER BY checked_at, id`,
    [subjectId],
  );
  return rows.map((row) => {
    const r = readRow(row, 'chain_intake_verifications');
    return {
      id: r.str('id'),
      subjectId: r.str('subject_id'),
      asset: r.oneOf('asset', ASSET_CODES),
      txid: r.str('txid'),
      address: r.str('address'),
      expectedAmount: r.bigint('expected_amount'),
      paidAmount: r.bigint('paid_amount'),
      confirmations: r.int('confirmations'),
      requiredConfirmations: r.int('required_confirmations'),
      blockHeight: height(r.bigintOrNull('block_height')),
      outcome: r.str('outcome'),
      evidence: r.jsonValue('evidence'),
      checkedAt: r.date('checked_at'),
    };
  });
}

/** A block height (int8) as the number the chain clients use; heights stay far below 2^53. */
function height(h: bigint | null): number | null {
  return h === null ? null : Number(h);
}

export type CustodyStatus = 'approved' | 'prepared' | 'signed' | 'broadcast' | 'confirmed';

export interface CustodyEvent {
  readonly status: Exclude<CustodyStatus, 'approved'>;
  readonly txid: string | null;
  readonly payload: string | null;
  readonly fee: bigint | null;
  readonly blockHeight: number | null;
  readonly ledgerTransferId: string | null;
  readonly at: Date;
}

export interface CustodyTx {
  readonly id: string;
  readonly requestId: string;
  readonly walletId: string;
  readonly asset: AssetCode;
  readonly destination: string;
  readonly amount: bigint;
  readonly destinationAccountId: string | null;
  readonly createdAt: Date;
  readonly status: CustodyStatus;
  readonly events: readonly CustodyEvent[];
}

export async function insertCustodyTx(
  q: Queryable,
  c: Omit<CustodyTx, 'status' | 'events'> & { createdBy: string },
): Promise<void> {
  await q.query(
    `INSERT INTO chain_custody_txs (id, request_id, wallet_id, asset, destination, amount,
       destination_account_id, created_at, created_by) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
    [
      c.id,
      c.requestId,
      c.walletId,
      c.asset,
      c.destination,
      c.amount,
      c.destinationAccountId,
      c.createdAt,
      c.createdBy,
    ],
  );
}

export async function insertEvent(q: Queryable, id: string, e: CustodyEvent): Promise<void> {
  await q.query(
    `INSERT INTO chain_custody_events (custody_tx_id, status, txid, payload, fee, block_height,
       ledger_transfer_id, at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
    [id, e.status, e.txid, e.payload, e.fee, e.blockHeight, e.ledgerTransferId, e.at],
  );
}

const ORDER: readonly CustodyStatus[] = [
  'approved',
  'prepared',
  'signed',
  'broadcast',
  'confirmed',
];

/** No row lock: rows never change; SERIALIZABLE and the (tx, status) key keep each step once. */
export async function custodyTx(q: Queryable, id: string): Promise<CustodyTx | null> {
  const [row] = await q.query(
    'SELECT * FROM chain_custody_txs WHERE id = $1::uuid OR request_id = $1::uuid',
    [id],
  );
  if (row === undefined) return null;
  const r = readRow(row, 'chain_custody_txs');
  const events = (
    await q.query('SELECT * FROM chain_custody_events WHERE custody_tx_id = $1 ORDER BY at', [
      r.str('id'),
    ])
  ).map((eventRow): CustodyEvent => {
    const e = readRow(eventRow, 'chain_custody_events');
    return {
      status: e.oneOf('status', ['prepared', 'signed', 'broadcast', 'confirmed']),
      txid: e.strOrNull('txid'),
      payload: e.strOrNull('payload'),
      fee: e.bigintOrNull('fee'),
      blockHeight: height(e.bigintOrNull('block_height')),
      ledgerTransferId: e.strOrNull('ledger_transfer_id'),
      at: e.date('at'),
    };
  });
  const status = events.reduce<CustodyStatus>(
    (s, e) => (ORDER.indexOf(e.status) > ORDER.indexOf(s) ? e.status : s),
    'approved',
  );
  return {
    id: r.str('id'),
    requestId: r.str('request_id'),
    walletId: r.str('wallet_id'),
    asset: r.oneOf('asset', ASSET_CODES),
    destination: r.str('destination'),
    amount: r.bigint('amount'),
    destinationAccountId: r.strOrNull('destination_account_id'),
    createdAt: r.date('created_at'),
    status,
    events,
  };
}

export async function custodyTxIds(q: Queryable): Promise<string[]> {
  return (await q.query('SELECT id FROM chain_custody_txs ORDER BY created_at, id')).map((row) =>
    readRow(row, 'chain_custody_txs').str('id'),
  );
}

export interface StoredSignature {
  readonly input: number;
  readonly publicKeyHex: string;
  readonly signatureHex: string;
}

export async function insertSignature(
  q: Queryable,
  id: string,
  s: StoredSignature,
  by: string,
  at: Date,
): Promise<boolean> {
  const rows = await q.query(
    `INSERT INTO chain_custody_signatures (custody_tx_id, input_index, public_key, signature,
       submitted_by, submitted_at) VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT DO NOTHING RETURNING 1`,
    [id, s.input, s.publicKeyHex, s.signatureHex, by, at],
  );
  return rows.length > 0;
}

export async function signatures(q: Queryable, id: string): Promise<StoredSignature[]> {
  const rows = await q.query(
    `SELECT input_index, public_key, signature FROM chain_custody_signatures WHERE custody_tx_id = $1
     ORDER BY input_index, public_key`,
    [id],
  );
  return rows.map((row) => {
    const r = readRow(row, 'chain_custody_signatures');
    return {
      input: r.int('input_index'),
      publicKeyHex: r.str('public_key'),
      signatureHex: r.str('signature'),
    };
  });
}

export interface ReconRow {
  readonly walletId: string | null;
  readonly accountId: string | null;
  readonly asset: AssetCode;
  readonly height: number | null;
  readonly ledgerBalance: bigint;
  readonly externalBalance: bigint;
  readonly difference: bigint;
  readonly evidence: Json;
}

export async function insertRun(
  q: Queryable,
  run: {
    id: string;
    trigger: string;
    source: string;
    at: Date;
    by: string;
    differences: number;
    auditSeq: bigint;
  },
  rows: readonly ReconRow[],
  alertIds: readonly string[],
): Promise<void> {
  await q.query(
    `INSERT INTO chain_reconciliation_runs (id, trigger, source, started_at, started_by, differences,
       audit_seq) VALUES ($1,$2,$3,$4,$5,$6,$7)`,
    [run.id, run.trigger, run.source, run.at, run.by, run.differences, run.auditSeq],
  );
  let a = 0;
  for (const r of rows) {
    await q.query(
      `INSERT INTO chain_reconciliations (run_id, wallet_id, account_id, asset, height, ledger_balance,
         external_balance, difference, evidence) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
      [
        run.id,
        r.walletId,
        r.accountId,
        r.asset,
        r.height,
        r.ledgerBalance,
        r.externalBalance,
        r.difference,
        JSON.stringify(r.evidence),
      ],
    );
    if (r.difference !== 0n) {
      await q.query(
        `INSERT INTO chain_alerts (id, run_id, kind, wallet_id, account_id, asset, difference, evidence,
           raised_at) VALUES ($1,$2,'balance_differs',$3,$4,$5,$6,$7,$8)`,
        [
          alertIds[a++],
          run.id,
          r.walletId,
          r.accountId,
          r.asset,
          r.difference,
          JSON.stringify(r.evidence),
          run.at,
        ],
      );
    }
  }
}

export interface AlertRow {
  readonly id: string;
  readonly runId: string;
  readonly kind: string;
  readonly walletId: string | null;
  readonly accountId: string | null;
  readonly asset: AssetCode;
  readonly difference: bigint;
  readonly evidence: Json;
  readonly raisedAt: Date;
}

export async function alerts(q: Queryable): Promise<AlertRow[]> {
  const rows = await q.query('SELECT * FROM chain_alerts ORDER BY raised_at, id');
  return rows.map((row) => {
    const r = readRow(row, 'chain_alerts');
    return {
      id: r.str('id'),
      runId: r.str('run_id'),
      kind: r.str('kind'),
      walletId: r.strOrNull('wallet_id'),
      accountId: r.strOrNull('account_id'),
      asset: r.oneOf('asset', ASSET_CODES),
      difference: r.bigint('difference'),
      evidence: r.jsonValue('evidence'),
      raisedAt: r.date('raised_at'),
    };
  });
}

export async function runs(q: Queryable, limit: number): Promise<Record<string, unknown>[]> {
  return q.query(
    // audit_seq as text: a bigint cannot go out as JSON.
    `SELECT r.id, r.trigger, r.source, r.started_at, r.started_by, r.differences,
       r.audit_seq::text AS audit_seq, COALESCE((SELECT json_agg(json_build_object('walletId', c.wallet_id, 'accountId',
       c.account_id, 'asset', c.asset, 'height', c.height, 'ledger', c.ledger_balance::text,
       'external', c.external_balance::text, 'difference', c.difference::text,
       'scan', c.evidence->'scan'))
       FROM chain_reconciliations c WHERE c.run_id = r.id), '[]') AS rows
     FROM chain_reconciliation_runs r ORDER BY r.started_at DESC, r.id DESC LIMIT $1`,
    [limit],
  );
}
