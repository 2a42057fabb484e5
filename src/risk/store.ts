import type { Json } from '../core/canonical.ts';
import type { Queryable } from '../db/pool.ts';
import { limitSchema, type Limit } from './limits.ts';

/** SQL for risk limits and alerts (migration 0650). Limits are versions: the latest per key is in force. */
export interface StoredLimit {
  readonly id: string;
  readonly limit: Limit;
  readonly setBy: string;
  readonly setAt: string;
}

export function limitKey(l: Limit): string {
  switch (l.kind) {
    case 'var':
      return `var:${l.method}:${l.confidence}:${l.horizonDays}`;
    case 'liquidity_min':
      return `liquidity_min:${l.days}`;
    case 'crypto_cap':
    case 'manager_concentration':
      return l.kind;
  }
}

export async function insertLimit(
  tx: Queryable,
  r: {
    readonly id: string;
    readonly limit: Limit;
    readonly setBy: string;
    readonly at: string;
    readonly auditSeq: bigint;
  },
): Promise<void> {
  await tx.query(
    'INSERT INTO risk_limits (id, kind, params, set_by, set_at, audit_seq) VALUES ($1, $2, $3, $4, $5, $6)',
    [r.id, r.limit.kind, JSON.stringify(r.limit), r.setBy, r.at, r.auditSeq],
  );
}

export async function limitsInForce(q: Queryable): Promise<StoredLimit[]> {
  const rows = await q.query<{ id: string; params: unknown; set_by: string; set_at: Date }>(
    'SELECT id, params, set_by, set_at FROM risk_limits ORDER BY set_at, id',
  );
  const latest = new Map<string, StoredLimit>();
  for (const r of rows) {
    const limit = limitSchema.parse(r.params);
    latest.set(limitKey(limit), {
      id: r.id,
      limit,
      setBy: r.set_by,
      setAt: r.set_at.toISOString(),
    });
  }
  return [...latest.values()];
}

export interface AlertRow {
  readonly id: string;
  readonly limitId: string;
  readonly kind: string;
  readonly day: string;
  readonly subject: string;
  readonly measured: string;
  readonly threshold: string;
  readonly detail: Json;
}

export async function insertAlert(
  tx: Queryable,
  a: AlertRow & { readonly at: string; readonly auditSeq: bigint },
): Promise<void> {
  await tx.query(
    `INSERT INTO risk_alerts (id, limit_id, kind, day, subject, measured, threshold, detail, raised_at, audit_seq)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      a.id,
      a.limitId,
      a.kind,
      a.day,
      a.subject,
      a.measured,
      a.threshold,
      JSON.stringify(a.detail),
      a.at,
      a.auditSeq,
    ],
  );
}

export async function alerts(q: Queryable, from: string, to: string): Promise<AlertRow[]> {
  return q.query<AlertRow & Record<string, unknown>>(
    `SELECT id, limit_id AS "limitId", kind, to_char(day, 'YYYY-MM-DD') AS day, subject, measured, threshold, detail
       FROM risk_alerts WHERE day BETWEEN $1 AND $2 ORDER BY day DESC, raised_at DESC, id`,
    [from, to],
  );
}
