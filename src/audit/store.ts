import type { Queryable } from '../db/pool.ts';
import type { Row } from '../db/queryable.ts';
import { readRow } from '../db/row.ts';
import {
  AUDIT_ACTIONS,
  isCheckpointBody,
  type CheckpointBody,
  type SignedCheckpoint,
} from '../../verifier/src/formats.ts';

/** SQL for the audit domain. Keys, witnesses and cosignatures are read back out of the log itself. */
export interface Head {
  readonly size: number;
  readonly headHash: Uint8Array;
}

export async function readHead(db: Queryable, forUpdate = false): Promise<Head> {
  const [row] = await db.query(
    `SELECT size, head_hash FROM audit_head WHERE id = 1${forUpdate ? ' FOR UPDATE' : ''}`,
  );
  if (row === undefined) throw new Error('audit_head row is missing');
  const r = readRow(row, 'audit_head');
  return { size: Number(r.bigint('size')), headHash: new Uint8Array(r.bytes('head_hash')) };
}

export interface StoredCheckpoint extends SignedCheckpoint {
  readonly size: number;
  /** The columns beside `body`, which verification compares with it. */
  readonly columns: { readonly root: string; readonly keyId: string; readonly madeAt: string };
}

function toCheckpoint(row: Row): StoredCheckpoint {
  const r = readRow(row, 'audit_checkpoints');
  const parsed: unknown = JSON.parse(r.str('body'));
  const body = isCheckpointBody(parsed) ? parsed : (parsed as CheckpointBody);
  return {
    size: Number(r.bigint('size')),
    body,
    signature: r.bytes('signature').toString('hex'),
    columns: {
      root: r.bytes('root').toString('hex'),
      keyId: r.str('key_id'),
      madeAt: r.date('made_at').toISOString(),
    },
  };
}

const CHECKPOINT_COLUMNS = 'size, root, made_at, key_id, body, signature';

export async function insertCheckpoint(
  db: Queryable,
  body: CheckpointBody,
  bodyText: string,
  signature: Uint8Array,
): Promise<void> {
  await db.query(
    `INSERT INTO audit_checkpoints (size, root, made_at, key_id, body, signature)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [body.size, Buffer.from(body.root, 'hex'), body.at, body.keyId, bodyText, signature],
  );
}

export async function latestCheckpoint(db: Queryable): Promise<StoredCheckpoint | null> {
  const [row] = await db.query(
    `SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints ORDER BY size DESC LIMIT 1`,
  );
  return row === undefined ? null : toCheckpoint(row);
}

export async function checkpointAt(db: Queryable, size: number): Promise<StoredCheckpoint | null> {
  const [row] = await db.query(
    `SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints WHERE size = $1`,
    [size],
  );
  return row === undefined ? null : toCheckpoint(row);
}

/** Checkpoints in size order; `beforeSize` pages backwards from the newest. */
export async function listCheckpoints(
  db: Queryable,
  page: { readonly beforeSize?: number; readonly limit?: number } = {},
): Promise<StoredCheckpoint[]> {
  if (page.limit === undefined) {
    const rows = await db.query(
      `SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints ORDER BY size`,
    );
    return rows.map(toCheckpoint);
  }
  const rows = await db.query(
    `SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints
      WHERE ($1::bigint IS NULL OR size < $1) ORDER BY size DESC LIMIT $2`,
    [page.beforeSize ?? null, page.limit],
  );
  return rows.map(toCheckpoint);
}

export type EntryRow = {
  readonly seq: bigint;
  readonly recorded_at: Date;
  readonly actor: string;
  readonly action: string;
  readonly subjects: string[];
  readonly entry: string;
  readonly prev_hash: Buffer;
  readonly hash: Buffer;
};

function toEntry(row: Row): EntryRow {
  const r = readRow(row, 'audit_entries');
  return {
    seq: r.bigint('seq'),
    recorded_at: r.date('recorded_at'),
    actor: r.str('actor'),
    action: r.str('action'),
    subjects: r.strings('subjects'),
    entry: r.str('entry'),
    prev_hash: r.bytes('prev_hash'),
    hash: r.bytes('hash'),
  };
}

const ENTRY_COLUMNS = 'seq, recorded_at, actor, action, subjects, entry, prev_hash, hash';

export async function entriesInRange(db: Queryable, from: number, to: number): Promise<EntryRow[]> {
  const rows = await db.query(
    `SELECT ${ENTRY_COLUMNS} FROM audit_entries WHERE seq >= $1 AND seq < $2 ORDER BY seq`,
    [from, to],
  );
  return rows.map(toEntry);
}

export async function entryAt(db: Queryable, seq: number): Promise<EntryRow | null> {
  const [row] = await db.query(`SELECT ${ENTRY_COLUMNS} FROM audit_entries WHERE seq = $1`, [seq]);
  return row === undefined ? null : toEntry(row);
}

export interface EntryFilter {
  /** An exact action, or a dotted prefix such as `ledger` or `ledger.transfer`. */
  readonly action?: string;
  readonly subject?: string;
  readonly actor?: string;
  readonly from?: string;
  readonly to?: string;
  /** Exclusive seq cursor: entries after it in the chosen order. */
  readonly cursor?: number;
  readonly order: 'asc' | 'desc';
  readonly limit: number;
}

export async function listEntries(db: Queryable, f: EntryFilter): Promise<EntryRow[]> {
  const asc = f.order === 'asc';
  const rows = await db.query(
    `SELECT ${ENTRY_COLUMNS} FROM audit_entries
      WHERE ($1::text IS NULL OR action = $1 OR action LIKE replace($1, '_', '\\_') || '.%')
        AND ($2::text IS NULL OR subjects @> ARRAY[$2::text])
        AND ($3::text IS NULL OR actor = $3)
        AND ($4::timestamptz IS NULL OR recorded_at >= $4)
        AND ($5::timestamptz IS NULL OR recorded_at < $5)
        AND ($6::bigint IS NULL OR seq ${asc ? '>' : '<'} $6)
      ORDER BY seq ${asc ? 'ASC' : 'DESC'} LIMIT $7`,
    [
      f.action ?? null,
      f.subject ?? null,
      f.actor ?? null,
      f.from ?? null,
      f.to ?? null,
      f.cursor ?? null,
      f.limit,
    ],
  );
  return rows.map(toEntry);
}

/** Entries of the given audit actions (keys, witnesses, cosignatures), oldest first. */
export async function entriesWithActions(
  db: Queryable,
  actions: readonly string[],
  subject?: string,
): Promise<{ seq: number; recordedAt: string; payload: unknown }[]> {
  const rows = await db.query(
    `SELECT seq, recorded_at, entry FROM audit_entries
      WHERE action = ANY($1::text[]) AND ($2::text IS NULL OR subjects @> ARRAY[$2::text])
      ORDER BY seq`,
    [actions, subject ?? null],
  );
  return rows.map((row) => {
    const r = readRow(row, 'audit_entries');
    const entry: unknown = JSON.parse(r.str('entry'));
    const hasPayload = typeof entry === 'object' && entry !== null && 'payload' in entry;
    return {
      seq: Number(r.bigint('seq')),
      recordedAt: r.date('recorded_at').toISOString(),
      payload: hasPayload ? entry.payload : undefined,
    };
  });
}

export const KEY_ACTIONS = [AUDIT_ACTIONS.keyGenerated, AUDIT_ACTIONS.keyRotated] as const;

export async function countNodes(db: Queryable): Promise<number> {
  const [row] = await db.query('SELECT count(*) AS n FROM audit_merkle_nodes');
  return row === undefined ? 0 : Number(readRow(row, 'audit_merkle_nodes').bigint('n'));
}
