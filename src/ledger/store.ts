import { assert } from '../core/assert.ts';
import { ASSET_CODES, isAssetCode, type AssetCode } from '../core/assets.ts';
import type { Json } from '../core/canonical.ts';
import { asId } from '../core/ids.ts';
import { integerArray, textArray, uuidArray } from '../db/arrays.ts';
import { copyFields, type InFlight } from '../db/copy.ts';
import type { Queryable, Row, Tx } from '../db/pool.ts';
import { asJsonObject, readRow } from '../db/row.ts';
import type {
  Account,
  AccountId,
  Balances,
  NewTransfer,
  PendingStatus,
  Transfer,
  TransferId,
} from './model.ts';
import {
  ACCOUNT_TYPES,
  OWNER_KINDS,
  type OwnerKind,
  resolvedStatus,
  TRANSFER_KINDS,
} from './model.ts';

/**
 * SQL for the ledger's two tables. Batches are read and written with `= ANY($1)` and `unnest`, so a
 * batch of a thousand transfers costs a handful of round trips, not thousands.
 */
const ACCOUNT_COLUMNS = `id, asset, owner_kind, owner_ref, type, debits_must_not_exceed_credits,
  credits_must_not_exceed_debits, metadata, request_hash, opened_at, closed_at, audit_seq,
  debits_pending, debits_posted, credits_pending, credits_posted`;

const TRANSFER_COLUMNS = `id, kind, debit_account_id, credit_account_id, asset, amount, pending_id,
  pending_released, timeout_seconds, expires_at, code, reason, case_ref, lot_ref, approval_ref,
  external_ref, corrects_id, value_at, clearance, actor, request_hash, created_at,
  audit_seq, batch_index`;

/**
 * One primary-key probe per id. A batch's ids are looked up before it is decided; with `= ANY` the
 * planner chose a sequential scan until statistics caught up with a growing table, which cost a
 * scan per batch and, under SERIALIZABLE, a lock on the whole relation instead of on the probed
 * keys. The LIMIT keeps the lateral subquery from being flattened into a hash join.
 */
const BY_ID = `SELECT ${TRANSFER_COLUMNS} FROM ledger_transfers t WHERE t.id = u.id LIMIT 1`;

export interface StoredAccount {
  readonly account: Account;
  readonly requestHash: string;
}

function asset(text: unknown): AssetCode {
  assert(
    typeof text === 'string' && isAssetCode(text),
    `unknown asset in ledger row: ${String(text)}`,
  );
  return text;
}

function big(v: unknown): bigint {
  assert(typeof v === 'bigint', 'numeric column must parse as bigint');
  return v;
}

function str(v: unknown): string {
  assert(typeof v === 'string', 'text column expected');
  return v;
}

export function rowToAccount(row: Row): StoredAccount {
  const r = readRow(row, 'ledger_accounts');
  const balances: Balances = {
    debitsPending: r.bigint('debits_pending'),
    debitsPosted: r.bigint('debits_posted'),
    creditsPending: r.bigint('credits_pending'),
    creditsPosted: r.bigint('credits_posted'),
  };
  const account: Account = {
    id: asId(r.str('id')),
    asset: r.oneOf('asset', ASSET_CODES),
    owner: { kind: r.oneOf('owner_kind', OWNER_KINDS), ref: r.str('owner_ref') },
    type: r.oneOf('type', ACCOUNT_TYPES),
    flags: {
      debitsMustNotExceedCredits: r.bool('debits_must_not_exceed_credits'),
      creditsMustNotExceedDebits: r.bool('credits_must_not_exceed_debits'),
    },
    metadata: r.json('metadata', jsonObject),
    openedAt: r.date('opened_at'),
    closedAt: r.dateOrNull('closed_at'),
    auditSeq: r.bigint('audit_seq'),
    balances,
  };
  return { account, requestHash: r.str('request_hash') };
}

/** Account metadata: a JSON object (the service writes nothing else there). */
function jsonObject(v: Json, where: string): Readonly<Record<string, Json>> {
  const object = asJsonObject(v);
  assert(object !== null, `${where}: not a JSON object`);
  return object;
}

export function rowToTransfer(row: Row): Transfer {
  const r = readRow(row, 'ledger_transfers');
  const refs: Record<string, string> = {};
  for (const [col, key] of REF_COLUMNS) {
    const v = r.strOrNull(col);
    if (v !== null) refs[key] = v;
  }
  const id = (column: string): TransferId | null => {
    const v = r.strOrNull(column);
    return v === null ? null : asId(v);
  };
  return {
    id: asId(r.str('id')),
    kind: r.oneOf('kind', TRANSFER_KINDS),
    debitAccountId: asId(r.str('debit_account_id')),
    creditAccountId: asId(r.str('credit_account_id')),
    asset: r.oneOf('asset', ASSET_CODES),
    amount: r.bigint('amount'),
    pendingId: id('pending_id'),
    pendingReleased: r.bigintOrNull('pending_released'),
    timeoutSeconds: r.intOrNull('timeout_seconds'),
    expiresAt: r.dateOrNull('expires_at'),
    code: r.str('code'),
    reason: r.str('reason'),
    refs,
    correctsId: id('corrects_id'),
    valueAt: r.dateOrNull('value_at'),
    actor: r.str('actor'),
    requestHash: r.str('request_hash'),
    createdAt: r.date('created_at'),
    auditSeq: r.bigint('audit_seq'),
    batchIndex: r.int('batch_index'),
    clearance: r.strOrNull('clearance'),
  };
}

const REF_COLUMNS = [
  ['case_ref', 'caseId'],
  ['lot_ref', 'lotId'],
  ['approval_ref', 'approvalId'],
  ['external_ref', 'externalTxId'],
] as const;

export async function insertAccount(tx: Tx, a: Account, requestHash: string): Promise<void> {
  await tx.query(
    `INSERT INTO ledger_accounts (id, asset, owner_kind, owner_ref, type,
       debits_must_not_exceed_credits, credits_must_not_exceed_debits, metadata, request_hash,
       opened_at, audit_seq)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      a.id,
      a.asset,
      a.owner.kind,
      a.owner.ref,
      a.type,
      a.flags.debitsMustNotExceedCredits,
      a.flags.creditsMustNotExceedDebits,
      JSON.stringify(a.metadata),
      requestHash,
      a.openedAt,
      a.auditSeq,
    ],
  );
}

export async function getAccount(q: Queryable, id: string): Promise<StoredAccount | undefined> {
  const [row] = await q.query(`SELECT ${ACCOUNT_COLUMNS} FROM ledger_accounts WHERE id = $1`, [id]);
  return row === undefined ? undefined : rowToAccount(row);
}

/** Locks the rows in id order, so two batches touching the same accounts cannot deadlock. */
export async function lockAccounts(tx: Tx, ids: readonly string[]): Promise<Map<string, Account>> {
  const rows = await tx.query(
    `SELECT ${ACCOUNT_COLUMNS} FROM ledger_accounts WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
    [uuidArray(ids)],
  );
  return new Map(rows.map((r) => [str(r['id']), rowToAccount(r).account]));
}

export interface AccountFilter {
  readonly asset?: AssetCode;
  readonly ownerKind?: OwnerKind;
  readonly ownerRef?: string;
  /** Only accounts not closed. */
  readonly open?: boolean;
  readonly limit: number;
  readonly after?: string;
}

export async function listAccounts(q: Queryable, f: AccountFilter): Promise<Account[]> {
  const rows = await q.query(
    `SELECT ${ACCOUNT_COLUMNS} FROM ledger_accounts
      WHERE ($1::text IS NULL OR asset = $1) AND ($2::text IS NULL OR owner_kind = $2)
        AND ($3::text IS NULL OR owner_ref = $3) AND ($4::uuid IS NULL OR id > $4)
        AND (NOT $6::boolean OR closed_at IS NULL)
      ORDER BY id LIMIT $5`,
    [
      f.asset ?? null,
      f.ownerKind ?? null,
      f.ownerRef ?? null,
      f.after ?? null,
      f.limit,
      f.open === true,
    ],
  );
  return rows.map((r) => rowToAccount(r).account);
}

export async function closeAccount(tx: Tx, id: AccountId, at: Date): Promise<void> {
  await tx.query('UPDATE ledger_accounts SET closed_at = $2 WHERE id = $1 AND closed_at IS NULL', [
    id,
    at,
  ]);
}

export async function loadTransfers(
  q: Queryable,
  ids: readonly string[],
): Promise<Map<string, Transfer>> {
  if (ids.length === 0) return new Map();
  const rows = await q.query(
    `SELECT t.* FROM unnest($1::uuid[]) AS u(id)
       CROSS JOIN LATERAL (${BY_ID}) AS t`,
    [uuidArray(ids)],
  );
  return new Map(rows.map((r) => [str(r['id']), rowToTransfer(r)]));
}

export async function getTransfer(q: Queryable, id: string): Promise<Transfer | undefined> {
  return (await loadTransfers(q, [id])).get(id);
}

/** Pending transfers by id, each with how (if at all) it has been resolved. */
export async function loadPendings(
  q: Queryable,
  ids: readonly string[],
): Promise<Map<string, { transfer: Transfer; status: PendingStatus }>> {
  if (ids.length === 0) return new Map();
  const cols = TRANSFER_COLUMNS.split(',')
    .map((c) => `p.${c.trim()}`)
    .join(', ');
  const rows = await q.query(
    `SELECT ${cols}, r.kind AS resolved_kind FROM ledger_transfers p
       LEFT JOIN ledger_transfers r ON r.pending_id = p.id
      WHERE p.id = ANY($1::uuid[]) AND p.kind = 'pending'`,
    [uuidArray(ids)],
  );
  return new Map(
    rows.map((r) => {
      const resolved = readRow(r, 'ledger_transfers').oneOfOrNull('resolved_kind', TRANSFER_KINDS);
      const status: PendingStatus = resolved === null ? 'pending' : resolvedStatus(resolved);
      return [str(r['id']), { transfer: rowToTransfer(r), status }];
    }),
  );
}

/** Which of these transfer ids are stored: one primary-key probe each, reading nothing else. */
export async function existingIds(q: Queryable, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await q.query(
    `SELECT u.id FROM unnest($1::uuid[]) AS u(id)
      WHERE EXISTS (SELECT FROM ledger_transfers t WHERE t.id = u.id)`,
    [uuidArray(ids)],
  );
  return new Set(rows.map((r) => str(r['id'])));
}

const INSERT_TRANSFERS = `INSERT INTO ledger_transfers (${TRANSFER_COLUMNS})
  SELECT u.id, u.kind, u.d, u.c, u.asset, u.amount, u.pid, u.rel, u.tmo, u.exp, u.code,
         u.reason, u.cr, u.lr, u.ar, u.er, u.corr, u.va, u.clr, $18::text, u.rh,
         $20::timestamptz, $21::bigint, u.bi
    FROM unnest(
      $1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::text[], $6::numeric[], $7::uuid[],
      $8::numeric[], $9::int[], $10::timestamptz[], $11::text[], $12::text[], $13::text[],
      $14::text[], $15::text[], $16::text[], $17::uuid[], $19::text[], $22::int[],
      $23::timestamptz[], $24::text[])
      AS u(id, kind, d, c, asset, amount, pid, rel, tmo, exp, code, reason, cr, lr, ar, er,
           corr, rh, bi, va, clr)`;

/** Sets the balances of accounts: `arg(0)` is the ids, `arg(1)` to `arg(4)` the four balances. */
const balancesUpdate = (arg: (i: number) => string): string => `UPDATE ledger_accounts a
    SET debits_pending = b.dpe, debits_posted = b.dpo, credits_pending = b.cpe, credits_posted = b.cpo
   FROM unnest(${arg(0)}::uuid[], ${arg(1)}::numeric[], ${arg(2)}::numeric[], ${arg(3)}::numeric[],
               ${arg(4)}::numeric[]) AS b(id, dpe, dpo, cpe, cpo)
  WHERE a.id = b.id`;
const INSERT_AND_UPDATE = `WITH inserted AS (${INSERT_TRANSFERS} RETURNING 1) ${balancesUpdate(
  (i) => `$${25 + i}`,
)}`;
// COPY names audit_seq last, so each row is its fields up to batch_index and a suffix shared by the
// whole batch.
const COPY_TRANSFERS = `COPY ledger_transfers (${TRANSFER_COLUMNS.replace(
  'audit_seq, batch_index',
  'batch_index, audit_seq',
)}) FROM STDIN`;
assert(COPY_TRANSFERS.endsWith('batch_index, audit_seq) FROM STDIN'), 'COPY ends with audit_seq');

/** From this many rows a batch is stored with COPY; below it, one INSERT costs fewer round trips. */
export const COPY_ROWS_MIN = 32;
/**
 * Rows per COPY message: the database parses and stores each message's rows while the next is
 * encoded, so encoding is not added to the write's time; sending all at once made it wait for
 * the whole batch's encoding (about 2 ms for 1,000 transfers).
 */
const COPY_CHUNK_ROWS = 100;

/** A decided batch, checked and ready to store once its audit seq is known. */
export interface PreparedBatch {
  readonly rows: readonly NewTransfer[];
  readonly accounts: readonly Account[];
  /** Whether it goes by COPY (else by one INSERT). */
  readonly copy: boolean;
}

/**
 * Checks a decided batch. A small batch (a single transfer above all) will be stored by one
 * statement (a data-modifying CTE) that also updates the balances, one round trip less; a large one
 * is loaded with COPY, followed by the balance update in the same simple query.
 */
export function prepareBatch(
  tx: Tx,
  rows: readonly NewTransfer[],
  accounts: readonly Account[],
): PreparedBatch {
  // One batch has one actor and one moment; the INSERT sends them once, not once per row.
  const first = rows[0];
  assert(first !== undefined, 'a batch has at least one transfer');
  for (const t of rows) {
    assert(t.actor === first.actor, 'one actor per batch');
    assert(t.createdAt.getTime() === first.createdAt.getTime(), 'one creation time per batch');
  }
  return { rows, accounts, copy: tx.copyFrom !== undefined && rows.length >= COPY_ROWS_MIN };
}

/**
 * Stores a prepared batch: its rows and the new balances of the accounts it touched. The balance
 * CHECK constraints and the unique indexes are checked before each statement ends.
 */
export function recordBatch(tx: Tx, batch: PreparedBatch, auditSeq: bigint): InFlight {
  const { rows, accounts } = batch;
  if (batch.copy && tx.copyFrom !== undefined) {
    // The balances follow the rows in the same simple query, one round trip less.
    const copy = tx.copyFrom(COPY_TRANSFERS, balancesStatement(accounts));
    const end = `\t${auditSeq}\n`;
    for (let i = 0; i < rows.length; i += COPY_CHUNK_ROWS) {
      let chunk = '';
      for (const t of rows.slice(i, i + COPY_CHUNK_ROWS)) chunk += copyFieldsOf(t) + end;
      copy.write(chunk);
    }
    return copy.end();
  }
  const done = tx.query(INSERT_AND_UPDATE, [
    ...insertParams(rows, auditSeq),
    ...balanceParams(accounts),
  ]);
  // The driver writes a statement to the socket as it is queued.
  return { sent: Promise.resolve(), done: done.then(() => undefined) };
}

/** One row in COPY text format up to batch_index, columns in COPY_TRANSFERS order. */
function copyFieldsOf(t: NewTransfer): string {
  return copyFields([
    t.id,
    t.kind,
    t.debitAccountId,
    t.creditAccountId,
    t.asset,
    t.amount,
    t.pendingId,
    t.pendingReleased,
    t.timeoutSeconds,
    t.expiresAt?.toISOString() ?? null,
    t.code,
    t.reason,
    t.refs.caseId ?? null,
    t.refs.lotId ?? null,
    t.refs.approvalId ?? null,
    t.refs.externalTxId ?? null,
    t.correctsId,
    t.valueAt?.toISOString() ?? null,
    t.clearance,
    t.actor,
    t.requestHash,
    t.createdAt.toISOString(),
    t.batchIndex,
  ]);
}

function insertParams(rows: readonly NewTransfer[], auditSeq: bigint): string[] {
  const first = rows[0];
  assert(first !== undefined, 'a batch has at least one transfer');
  const uuids = (f: (t: NewTransfer) => string | null): string => uuidArray(rows.map(f));
  const ints = (f: (t: NewTransfer) => bigint | number | null): string => integerArray(rows.map(f));
  const texts = (f: (t: NewTransfer) => string | null): string => textArray(rows.map(f));
  return [
    uuids((t) => t.id),
    texts((t) => t.kind),
    uuids((t) => t.debitAccountId),
    uuids((t) => t.creditAccountId),
    texts((t) => t.asset),
    ints((t) => t.amount),
    uuids((t) => t.pendingId),
    ints((t) => t.pendingReleased),
    ints((t) => t.timeoutSeconds),
    texts((t) => t.expiresAt?.toISOString() ?? null),
    texts((t) => t.code),
    texts((t) => t.reason),
    texts((t) => t.refs.caseId ?? null),
    texts((t) => t.refs.lotId ?? null),
    texts((t) => t.refs.approvalId ?? null),
    texts((t) => t.refs.externalTxId ?? null),
    uuids((t) => t.correctsId),
    first.actor,
    texts((t) => t.requestHash),
    first.createdAt.toISOString(),
    auditSeq.toString(),
    ints((t) => t.batchIndex),
    texts((t) => t.valueAt?.toISOString() ?? null),
    texts((t) => t.clearance),
  ];
}

/**
 * The balance update with its values written in, for the simple query that follows a COPY (which
 * takes no parameters). Safe to inline: `uuidArray` and `integerArray` assert that every element is
 * a UUID or an integer, so a literal holds only hex digits, '-', ',', braces and NULL.
 */
function balancesStatement(accounts: readonly Account[]): string {
  const literals = balanceParams(accounts);
  for (const l of literals) assert(/^[{}0-9a-fA-FNUL,-]*$/.test(l), 'an array of ids or integers');
  return balancesUpdate((i) => `'${literals[i] ?? ''}'`);
}

function balanceParams(accounts: readonly Account[]): string[] {
  const balances = (f: (x: Balances) => bigint): string =>
    integerArray(accounts.map((a) => f(a.balances)));
  return [
    uuidArray(accounts.map((a) => a.id)),
    balances((x) => x.debitsPending),
    balances((x) => x.debitsPosted),
    balances((x) => x.creditsPending),
    balances((x) => x.creditsPosted),
  ];
}

/** Timed pending transfers past their timeout and not yet resolved, oldest first. */
export async function dueExpiries(q: Queryable, now: Date, limit: number): Promise<Transfer[]> {
  const cols = TRANSFER_COLUMNS.split(',')
    .map((c) => `p.${c.trim()}`)
    .join(', ');
  const rows = await q.query(
    `SELECT ${cols} FROM ledger_transfers p
      WHERE p.kind = 'pending' AND p.expires_at IS NOT NULL AND p.expires_at <= $1
        AND NOT EXISTS (SELECT 1 FROM ledger_transfers r WHERE r.pending_id = p.id)
      ORDER BY p.expires_at, p.id LIMIT $2`,
    [now, limit],
  );
  return rows.map(rowToTransfer);
}

/**
 * Balances as of a moment, rebuilt from the immutable transfers (the account row only holds the
 * present). A resolution releases what its pending transfer reserved. A transfer counts from its
 * value date where it has one, else from when it was recorded.
 */
export async function balancesAt(q: Queryable, id: string, at: Date): Promise<Balances> {
  const [row] = await q.query(
    `SELECT
       coalesce(sum(amount) FILTER (WHERE debit_account_id = $1 AND kind IN ('single', 'post')), 0) dpo,
       coalesce(sum(amount) FILTER (WHERE credit_account_id = $1 AND kind IN ('single', 'post')), 0) cpo,
       coalesce(sum(amount) FILTER (WHERE debit_account_id = $1 AND kind = 'pending'), 0)
         - coalesce(sum(pending_released) FILTER (WHERE debit_account_id = $1), 0) dpe,
       coalesce(sum(amount) FILTER (WHERE credit_account_id = $1 AND kind = 'pending'), 0)
         - coalesce(sum(pending_released) FILTER (WHERE credit_account_id = $1), 0) cpe
     FROM ledger_transfers
     WHERE (debit_account_id = $1 OR credit_account_id = $1)
       AND coalesce(value_at, created_at) <= $2`,
    [id, at],
  );
  assert(row !== undefined, 'an aggregate returns one row');
  return {
    debitsPending: big(row['dpe']),
    debitsPosted: big(row['dpo']),
    creditsPending: big(row['cpe']),
    creditsPosted: big(row['cpo']),
  };
}

export interface StatementRow {
  readonly transfer: Transfer;
  /** Running totals on this account after the transfer. */
  readonly balances: Balances;
}

export interface StatementQuery {
  readonly accountId: string;
  /** Recorded at or after this moment. */
  readonly from?: Date;
  /** Recorded before this moment. */
  readonly to?: Date;
  /** Cursor: the (auditSeq, batchIndex) of the last row of the previous page. */
  readonly after?: { readonly auditSeq: bigint; readonly batchIndex: number };
  readonly limit: number;
}

/**
 * The account's transfers in book order, each with the running balances after it. Like a bank
 * statement, it is ordered and ranged by when each transfer was recorded (its booking), and a
 * backdated transfer shows its value date beside that: ranging by value date while the running
 * balance follows recording would show balances that held at no moment.
 */
export async function statement(q: Queryable, s: StatementQuery): Promise<StatementRow[]> {
  const rows = await q.query(
    `WITH moves AS (
       SELECT t.*,
         CASE WHEN debit_account_id = $1 AND kind IN ('single', 'post') THEN amount ELSE 0 END dpo,
         CASE WHEN credit_account_id = $1 AND kind IN ('single', 'post') THEN amount ELSE 0 END cpo,
         CASE WHEN debit_account_id = $1 THEN
           (CASE WHEN kind = 'pending' THEN amount ELSE 0 END) - coalesce(pending_released, 0)
         ELSE 0 END dpe,
         CASE WHEN credit_account_id = $1 THEN
           (CASE WHEN kind = 'pending' THEN amount ELSE 0 END) - coalesce(pending_released, 0)
         ELSE 0 END cpe
       FROM ledger_transfers t WHERE debit_account_id = $1 OR credit_account_id = $1),
     running AS (
       SELECT m.*,
         sum(dpo) OVER w r_dpo, sum(cpo) OVER w r_cpo, sum(dpe) OVER w r_dpe, sum(cpe) OVER w r_cpe
       FROM moves m WINDOW w AS (ORDER BY audit_seq, batch_index ROWS UNBOUNDED PRECEDING))
     SELECT * FROM running
      WHERE ($2::timestamptz IS NULL OR created_at >= $2) AND ($3::timestamptz IS NULL OR created_at < $3)
        AND ($4::bigint IS NULL OR (audit_seq, batch_index) > ($4, $5::int))
      ORDER BY audit_seq, batch_index LIMIT $6`,
    [
      s.accountId,
      s.from ?? null,
      s.to ?? null,
      s.after?.auditSeq ?? null,
      s.after?.batchIndex ?? 0,
      s.limit,
    ],
  );
  return rows.map((r) => ({
    transfer: rowToTransfer(r),
    balances: {
      debitsPending: big(r['r_dpe']),
      debitsPosted: big(r['r_dpo']),
      creditsPending: big(r['r_cpe']),
      creditsPosted: big(r['r_cpo']),
    },
  }));
}

export interface AssetTotals {
  readonly asset: AssetCode;
  readonly balances: Balances;
}

/** Sums over every account, per asset; double entry means debits equal credits in each. */
export async function totalsByAsset(q: Queryable): Promise<AssetTotals[]> {
  const rows = await q.query(
    `SELECT asset, sum(debits_pending) dpe, sum(debits_posted) dpo, sum(credits_pending) cpe,
            sum(credits_posted) cpo
       FROM ledger_accounts GROUP BY asset ORDER BY asset`,
  );
  return rows.map((r) => ({
    asset: asset(r['asset']),
    balances: {
      debitsPending: big(r['dpe']),
      debitsPosted: big(r['dpo']),
      creditsPending: big(r['cpe']),
      creditsPosted: big(r['cpo']),
    },
  }));
}

export async function allAccounts(q: Queryable): Promise<Account[]> {
  return (await allAccountRows(q)).map((r) => r.account);
}

/** Every account with the hash of the request that opened it, for the replay's comparison. */
export async function allAccountRows(
  q: Queryable,
): Promise<{ account: Account; requestHash: string }[]> {
  const rows = await q.query(`SELECT ${ACCOUNT_COLUMNS} FROM ledger_accounts ORDER BY id`);
  return rows.map(rowToAccount);
}
