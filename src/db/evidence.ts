import pg from 'pg';
import { assert } from '../core/assert.ts';
import type { Json } from '../core/canonical.ts';
import { sha256Hex } from '../core/hash.ts';
import type { Queryable, Tx } from './queryable.ts';

/**
 * Row evidence (migration 0102): every row a command writes to a state table is copied, by a
 * statement-level trigger, into the session's `kazna_rows` table; the audit append takes the rows out
 * before commit and puts them in the transaction's entry. Replay then rebuilds every table from the
 * log and compares it with the live rows, column by column.
 *
 * The tables below hold no state of their own, or are proven another way; every other table in the
 * schema is captured. This list, not anything stored in the database, decides what verification
 * compares, so an attacker cannot exempt a table by editing its comment.
 */
export const UNCAPTURED_TABLES: Readonly<Record<string, string>> = {
  audit_entries: 'the log itself, checked entry by entry',
  audit_merkle_nodes: 'derived from the entries, checked against the rebuilt tree',
  audit_head: 'derived from the entries, checked against the last one',
  ledger_accounts: 'rebuilt column by column by the ledger projector from its own entries',
  ledger_transfers: 'rebuilt column by column by the ledger projector from its own entries',
  schema_migrations: 'the migration runner’s bookkeeping, checked by checksum at every start',
  schema_lock: 'the migration runner’s lock row',
  gov_sessions: 'ephemeral: login sessions, revoked or purged',
  gov_webauthn_challenges: 'ephemeral: one-time passkey challenges',
  gov_login_counters: 'ephemeral: failed logins per account and address in the current window',
  gov_login_known_clients: 'ephemeral: when an address last logged in with a password',
};

/** Columns whose value never enters the log as such: the image carries its SHA-256 instead. */
const DIGESTED_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  // A password hash is salted and slow, but the log is read by auditors and exported in bundles.
  gov_users: ['password_hash'],
};

export function isCaptured(table: string): boolean {
  return !Object.hasOwn(UNCAPTURED_TABLES, table);
}

/** The tables of the schema whose rows are captured, as the catalog lists them. */
export async function capturedTables(q: Queryable): Promise<string[]> {
  const rows = await q.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY c.relname`,
  );
  return rows.map((r) => r.name).filter(isCaptured);
}

/**
 * Installs the capture triggers on every captured table (idempotent; the migration runner calls it
 * after each run, so a table a later migration adds is captured without anyone remembering to).
 */
export async function installRowCapture(client: pg.ClientBase): Promise<void> {
  const { rows } = await client.query<{ name: string; note: string | null }>(
    `SELECT c.relname AS name, obj_description(c.oid, 'pg_class') AS note
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY c.relname`,
  );
  for (const { name, note } of rows) {
    const ephemeral = note?.startsWith('ephemeral:') === true;
    // An ephemeral table holds no state; a new one must still be listed, with its reason.
    assert(
      !ephemeral || !isCaptured(name),
      `table ${name} is ephemeral: list it in UNCAPTURED_TABLES`,
    );
    if (!isCaptured(name)) continue;
    const t = pg.escapeIdentifier(name);
    await client.query(`
      CREATE OR REPLACE TRIGGER kazna_rows_inserted AFTER INSERT ON ${t}
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kazna_rows_written();
      CREATE OR REPLACE TRIGGER kazna_rows_updated AFTER UPDATE ON ${t}
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kazna_rows_written();
      CREATE OR REPLACE TRIGGER kazna_rows_deleted AFTER DELETE ON ${t}
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kazna_rows_deleted();`);
  }
}

/** Run once per application connection: where its triggers put the rows of its transactions. */
export const CAPTURE_TABLE_SQL = `CREATE TEMP TABLE IF NOT EXISTS kazna_rows (
  ord bigint GENERATED ALWAYS AS IDENTITY, entry bigint, tbl text NOT NULL, op "char" NOT NULL,
  img jsonb NOT NULL) ON COMMIT DELETE ROWS`;

/** One row as the log records it: its table, what happened to it, and its image. */
export interface RowEvidence {
  readonly t: string;
  readonly op: 'insert' | 'update' | 'delete';
  readonly row: Readonly<Record<string, Json>>;
}

export interface CapturedRow extends RowEvidence {
  /** The seq of the entry appended last before the row was written; null before the first. */
  readonly entry: bigint | null;
}

const OPS = { i: 'insert', u: 'update', d: 'delete' } as const;

/** Takes every row the transaction's statements wrote so far, in the order they were written. */
export async function takeCapturedRows(tx: Tx): Promise<CapturedRow[]> {
  const rows = await tx.query<{ entry: bigint | null; tbl: string; op: string; img: string }>(
    `WITH taken AS (DELETE FROM pg_temp.kazna_rows RETURNING *)
     SELECT entry, tbl, op, img::text AS img FROM taken ORDER BY ord`,
  );
  return rows.map((r) => {
    assert(r.op in OPS, `unknown captured operation ${r.op}`);
    const op = OPS[r.op as keyof typeof OPS];
    return { entry: r.entry, t: r.tbl, op, row: rowImage(r.tbl, r.img) };
  });
}

/**
 * A row's image from `to_jsonb(row)::text`: numbers are kept as their exact decimal text (a
 * numeric(78,0) amount does not fit a double), and digested columns are replaced by their hash.
 */
export function rowImage(table: string, text: string): Readonly<Record<string, Json>> {
  const parsed: unknown = JSON.parse(text, exactNumbers);
  assert(
    typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed),
    'a row image is an object',
  );
  const row = parsed as Record<string, Json>;
  for (const column of DIGESTED_COLUMNS[table] ?? []) {
    const v = row[column];
    if (typeof v === 'string') row[column] = `sha256:${sha256Hex(v)}`;
  }
  return row;
}

function exactNumbers(this: unknown, _key: string, value: unknown, context?: unknown): unknown {
  if (typeof value !== 'number') return value;
  const source = (context as { source?: unknown } | undefined)?.source;
  assert(typeof source === 'string', 'JSON.parse gives the source text of numbers (Node 21+)');
  return source;
}

/**
 * The live rows of a table as the log would record them, read under the same output settings the
 * capture trigger uses. Must run inside a transaction (the settings are local to it).
 */
export async function liveImages(
  tx: Queryable,
  table: string,
): Promise<Readonly<Record<string, Json>>[]> {
  assert(isCaptured(table), `${table} is not captured`);
  const rows = await tx.query<{ img: string }>(
    `SELECT to_jsonb(t)::text AS img FROM ${pg.escapeIdentifier(table)} t`,
  );
  return rows.map((r) => rowImage(table, r.img));
}

/** The output settings both sides render row images under; `liveImages` needs them in its tx. */
export const IMAGE_SETTINGS_SQL = `SET LOCAL TimeZone = 'UTC'; SET LOCAL bytea_output = 'hex';
  SET LOCAL extra_float_digits = 1; SET LOCAL IntervalStyle = 'iso_8601'`;

/** The primary-key columns of each captured table, which identify a row across its images. */
export async function primaryKeys(q: Queryable): Promise<Map<string, string[]>> {
  const rows = await q.query<{ tbl: string; cols: string[] }>(
    `SELECT c.relname AS tbl, array_agg(a.attname::text ORDER BY k.ord) AS cols
       FROM pg_index i
       JOIN pg_class c ON c.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
       CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
      WHERE i.indisprimary GROUP BY c.relname`,
  );
  return new Map(rows.map((r) => [r.tbl, r.cols]));
}
