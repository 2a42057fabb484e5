import type { Queryable, Row } from '../db/pool.ts';
import { readRow } from '../db/row.ts';

/** SQL for the transparency tables (migrations 08xx). Documents are stored as the exact JSON text served. */
export interface ReportRow {
  readonly id: string;
  readonly kind: 'monthly' | 'quarterly';
  readonly period: string;
  readonly from: string;
  readonly to: string;
  readonly sha256: string;
  readonly publishedAt: Date;
  readonly auditSeq: number;
}

const REPORT_COLUMNS = `id, kind, period, to_char(from_day, 'YYYY-MM-DD') AS from_day,
  to_char(to_day, 'YYYY-MM-DD') AS to_day, sha256, published_at, audit_seq`;

function toReport(row: Row): ReportRow {
  const r = readRow(row, 'transparency_reports');
  return {
    id: r.str('id'),
    kind: r.oneOf('kind', ['monthly', 'quarterly']),
    period: r.str('period'),
    from: r.str('from_day'),
    to: r.str('to_day'),
    sha256: r.str('sha256'),
    publishedAt: r.date('published_at'),
    auditSeq: Number(r.bigint('audit_seq')),
  };
}

export async function insertReport(
  q: Queryable,
  r: ReportRow & { readonly bundle: string },
): Promise<void> {
  await q.query(
    `INSERT INTO transparency_reports (id, kind, period, from_day, to_day, sha256, bundle,
       published_at, audit_seq) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
    [r.id, r.kind, r.period, r.from, r.to, r.sha256, r.bundle, r.publishedAt, r.auditSeq],
  );
}

export async function reportFor(
  q: Queryable,
  kind: string,
  period: string,
): Promise<ReportRow | null> {
  const [r] = await q.query(
    `SELECT ${REPORT_COLUMNS} FROM transparency_reports WHERE kind = $1 AND period = $2`,
    [kind, period],
  );
  return r === undefined ? null : toReport(r);
}

/** Newest first; `before` is the id of the last row of the previous page. */
export async function listReports(
  q: Queryable,
  page: { readonly limit: number; readonly before?: string },
): Promise<ReportRow[]> {
  const rows = await q.query(
    `SELECT ${REPORT_COLUMNS} FROM transparency_reports
      WHERE $1::uuid IS NULL OR (published_at, id) <
        (SELECT published_at, id FROM transparency_reports WHERE id = $1)
      ORDER BY published_at DESC, id DESC LIMIT $2`,
    [page.before ?? null, page.limit],
  );
  return rows.map(toReport);
}

export async function reportBundle(
  q: Queryable,
  id: string,
): Promise<{ row: ReportRow; bundle: string } | null> {
  const [r] = await q.query(
    `SELECT ${REPORT_COLUMNS}, bundle FROM transparency_reports WHERE id = $1`,
    [id],
  );
  if (r === undefined) return null;
  return { row: toReport(r), bundle: readRow(r, 'transparency_reports').str('bundle') };
}

export interface PorRow {
  readonly id: string;
  readonly day: string;
  readonly sha256: string;
  readonly document: string;
  readonly createdAt: Date;
  readonly auditSeq: number;
}

function toPor(row: Row): PorRow {
  const r = readRow(row, 'transparency_por');
  return {
    id: r.str('id'),
    day: r.str('day'),
    sha256: r.str('sha256'),
    document: r.str('document'),
    createdAt: r.date('created_at'),
    auditSeq: Number(r.bigint('audit_seq')),
  };
}

const POR_COLUMNS = `id, to_char(day, 'YYYY-MM-DD') AS day, sha256, document, created_at, audit_seq`;

export async function insertPor(q: Queryable, p: PorRow): Promise<void> {
  await q.query(
    `INSERT INTO transparency_por (id, day, sha256, document, created_at, audit_seq)
     VALUES ($1,$2,$3,$4,$5,$6)`,
    [p.id, p.day, p.sha256, p.document, p.createdAt, p.auditSeq],
  );
}

export async function latestPor(q: Queryable): Promise<PorRow | null> {
  const [r] = await q.query(
    `SELECT ${POR_COLUMNS} FROM transparency_por ORDER BY created_at DESC, id DESC LIMIT 1`,
  );
  return r === undefined ? null : toPor(r);
}

export async function porById(q: Queryable, id: string): Promise<PorRow | null> {
  const [r] = await q.query(`SELECT ${POR_COLUMNS} FROM transparency_por WHERE id = $1`, [id]);
  return r === undefined ? null : toPor(r);
}

/**
 * Secret salts behind the salted commitments of proofs of reserves: one per claim (migration 0800)
 * and one per lot (0801), each drawn once and kept.
 */
export type SaltKind = 'claim' | 'lot';

const SALT_TABLES: Readonly<Record<SaltKind, { table: string; key: string }>> = {
  claim: { table: 'transparency_claim_salts', key: 'claim_id' },
  lot: { table: 'transparency_lot_salts', key: 'lot_id' },
};

export async function salts(
  q: Queryable,
  kind: SaltKind,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const { table, key } = SALT_TABLES[kind];
  const rows = await q.query(
    `SELECT ${key} AS id, salt FROM ${table} WHERE ${key} = ANY($1::uuid[])`,
    [ids],
  );
  return new Map(
    rows.map((row) => {
      const r = readRow(row, table);
      return [r.str('id'), r.str('salt')];
    }),
  );
}

export async function insertSalt(
  q: Queryable,
  kind: SaltKind,
  id: string,
  salt: string,
  at: Date,
): Promise<void> {
  const { table, key } = SALT_TABLES[kind];
  await q.query(`INSERT INTO ${table} (${key}, salt, created_at) VALUES ($1,$2,$3)`, [
    id,
    salt,
    at,
  ]);
}
