import type { Queryable } from '../db/pool.ts';
import type { Row } from '../db/queryable.ts';
import { readRow } from '../db/row.ts';

/** SQL for screening runs and the hits queue; only the screening service calls it. */
export type HitStatus = 'open' | 'confirmed' | 'cleared';
export const HIT_STATUSES = ['open', 'confirmed', 'cleared'] as const;
const SOURCES = ['sanctions_list', 'registry'] as const;

export interface HitDraft {
  readonly id: string;
  readonly row: number;
  readonly subject: string;
  readonly source: 'sanctions_list' | 'registry';
  readonly listVersion: bigint | null;
  readonly confidence: number;
  readonly matched: string;
  readonly provenance: string;
  readonly entryRef: string;
  readonly sanctioned: boolean;
}

export interface Step {
  readonly by: string;
  readonly reason: string;
  readonly at: string;
}

export interface Hit extends HitDraft {
  readonly seq: bigint;
  readonly runId: string;
  readonly status: HitStatus;
  readonly raisedAt: string;
  readonly pendingClearance: Step | null;
  readonly decision: Step | null;
}

export interface RunRow {
  readonly id: string;
  readonly kind: 'addresses' | 'name';
  readonly inputSha256: string;
  readonly listVersion: bigint | null;
  readonly screened: number;
  readonly invalid: number;
  readonly at: string;
  readonly by: string;
}

export async function insertRun(
  q: Queryable,
  run: RunRow,
  hits: readonly HitDraft[],
  auditSeq: bigint,
): Promise<void> {
  await q.query(
    `INSERT INTO compliance_screening_runs (id, kind, input_sha256, list_version, screened_count,
       invalid_count, hit_count, run_at, run_by, audit_seq)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      run.id,
      run.kind,
      run.inputSha256,
      run.listVersion,
      run.screened,
      run.invalid,
      hits.length,
    ].concat([run.at, run.by, auditSeq]),
  );
  for (const h of hits) {
    await q.query(
      `INSERT INTO compliance_hits (id, run_id, input_row, subject, source, list_version,
         confidence, matched, provenance, entry_ref, sanctioned, status, raised_at, audit_seq)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'open', $12, $13)`,
      [
        ...[h.id, run.id, h.row, h.subject, h.source, h.listVersion, h.confidence, h.matched],
        ...[h.provenance, h.entryRef, h.sanctioned, run.at, auditSeq],
      ],
    );
  }
}

const HIT_COLUMNS = `id, seq, run_id, input_row, subject, source, list_version, confidence::text AS
  confidence, matched, provenance, entry_ref, sanctioned, status, raised_at, pending_clear_by,
  pending_clear_reason, pending_clear_at, decided_by, decided_reason, decided_at`;

function step(r: ReturnType<typeof readRow>, prefix: 'pending_clear' | 'decided'): Step | null {
  const by = r.strOrNull(`${prefix}_by`);
  const at = r.dateOrNull(`${prefix}_at`);
  return by === null || at === null
    ? null
    : { by, reason: r.strOrNull(`${prefix}_reason`) ?? '', at: at.toISOString() };
}

function toHit(row: Row): Hit {
  const r = readRow(row, 'compliance_hits');
  return {
    id: r.str('id'),
    seq: r.bigint('seq'),
    runId: r.str('run_id'),
    row: r.int('input_row'),
    subject: r.str('subject'),
    source: r.oneOf('source', SOURCES),
    listVersion: r.bigintOrNull('list_version'),
    confidence: Number.parseFloat(r.str('confidence')),
    matched: r.str('matched'),
    provenance: r.str('provenance'),
    entryRef: r.str('entry_ref'),
    sanctioned: r.bool('sanctioned'),
    status: r.oneOf('status', HIT_STATUSES),
    raisedAt: r.date('raised_at').toISOString(),
    pendingClearance: step(r, 'pending_clear'),
    decision: step(r, 'decided'),
  };
}

/** Newest first; `after` is the `seq` of the last hit of the previous page. */
export async function listHits(
  q: Queryable,
  f: { status?: HitStatus; after?: bigint; limit: number },
): Promise<Hit[]> {
  const rows = await q.query(
    `SELECT ${HIT_COLUMNS} FROM compliance_hits
      WHERE ($1::text IS NULL OR status = $1) AND ($2::bigint IS NULL OR seq < $2)
      ORDER BY seq DESC LIMIT $3`,
    [f.status ?? null, f.after ?? null, f.limit],
  );
  return rows.map(toHit);
}

export async function lockHit(q: Queryable, id: string): Promise<Hit | null> {
  const rows = await q.query(
    `SELECT ${HIT_COLUMNS} FROM compliance_hits WHERE id = $1 FOR UPDATE`,
    [id],
  );
  return rows[0] === undefined ? null : toHit(rows[0]);
}

export async function decideHit(
  q: Queryable,
  id: string,
  status: 'confirmed' | 'cleared',
  s: Step,
): Promise<void> {
  await q.query(
    `UPDATE compliance_hits SET status = $2, decided_by = $3, decided_reason = $4, decided_at = $5
      WHERE id = $1`,
    [id, status, s.by, s.reason, s.at],
  );
}

export async function requestClearance(q: Queryable, id: string, s: Step): Promise<void> {
  await q.query(
    `UPDATE compliance_hits SET pending_clear_by = $2, pending_clear_reason = $3,
       pending_clear_at = $4 WHERE id = $1`,
    [id, s.by, s.reason, s.at],
  );
}

export interface LabelRow {
  readonly id: string;
  readonly addressKey: string;
  readonly label: string;
  readonly provenance: string;
  readonly source: string;
  readonly exchange: string | null;
  readonly status: string | null;
}

export async function labelsAmong(q: Queryable, keys: readonly string[]): Promise<LabelRow[]> {
  const rows = await q.query<{
    id: string;
    address_key: string;
    label: string;
    provenance: string;
    source: string;
    name: string | null;
    status: string | null;
  }>(
    `SELECT l.id, l.address_key, l.label, l.provenance, l.source, x.name, x.status
       FROM compliance_address_labels l LEFT JOIN compliance_exchanges x ON x.id = l.exchange_id
      WHERE l.address_key = ANY($1::text[]) ORDER BY l.recorded_at, l.id`,
    [keys],
  );
  return rows.map((r) => ({
    id: r.id,
    addressKey: r.address_key,
    label: r.label,
    provenance: r.provenance,
    source: r.source,
    exchange: r.name,
    status: r.status,
  }));
}

export async function exchangeNames(
  q: Queryable,
): Promise<{ id: string; name: string; status: string; source: string }[]> {
  return q.query(`SELECT id, name, status, source FROM compliance_exchanges ORDER BY id`);
}
