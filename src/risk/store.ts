import type { Json } from '../core/canonical.ts';
import type { Queryable } from '../db/pool.ts';
import type { Row } from '../db/queryable.ts';
import { asJsonObject, readRow } from '../db/row.ts';
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
  const rows = await q.query(
    'SELECT id, params, set_by, set_at FROM risk_limits ORDER BY set_at, id',
  );
  const latest = new Map<string, StoredLimit>();
  for (const row of rows) {
    const r = readRow(row, 'risk_limits');
    const limit = limitSchema.parse(r.jsonValue('params'));
    latest.set(limitKey(limit), {
      id: r.str('id'),
      limit,
      setBy: r.str('set_by'),
      setAt: r.date('set_at').toISOString(),
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

/** An alert as listed: with who acknowledged it, when and why (null while open). */
export type ListedAlert = AlertRow & {
  readonly acknowledgement: {
    readonly by: string;
    readonly at: string;
    readonly note: string;
  } | null;
};

export async function alerts(q: Queryable, from: string, to: string): Promise<ListedAlert[]> {
  const rows = await q.query(
    `SELECT a.id, a.limit_id AS "limitId", a.kind, to_char(a.day, 'YYYY-MM-DD') AS day, a.subject,
            a.measured, a.threshold, a.detail, k.acknowledged_by AS "ackBy",
            k.acknowledged_at AS "ackAt", k.note AS "ackNote"
       FROM risk_alerts a LEFT JOIN risk_alert_acknowledgements k ON k.alert_id = a.id
      WHERE a.day BETWEEN $1 AND $2 ORDER BY a.day DESC, a.raised_at DESC, a.id`,
    [from, to],
  );
  return rows.map(listedAlert);
}

function listedAlert(row: Row): ListedAlert {
  const r = readRow(row, 'risk_alerts');
  const ackBy = r.strOrNull('ackBy');
  const ackAt = r.dateOrNull('ackAt');
  const ackNote = r.strOrNull('ackNote');
  return {
    id: r.str('id'),
    limitId: r.str('limitId'),
    kind: r.str('kind'),
    day: r.str('day'),
    subject: r.str('subject'),
    measured: r.str('measured'),
    threshold: r.str('threshold'),
    detail: r.jsonValue('detail'),
    acknowledgement:
      ackBy === null || ackAt === null
        ? null
        : { by: ackBy, at: ackAt.toISOString(), note: ackNote ?? '' },
  };
}

export interface ReportRow {
  readonly id: string;
  readonly day: string;
  readonly currency: string;
  readonly report: Json;
  readonly reportSha256: string;
  readonly paths: number;
  readonly seed: number;
  readonly runBy: string;
  readonly runAt: string;
  readonly auditSeq: bigint;
}

export async function insertReport(tx: Queryable, r: ReportRow): Promise<void> {
  await tx.query(
    `INSERT INTO risk_reports (id, day, currency, report, report_sha256, paths, seed, run_by, run_at, audit_seq)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      r.id,
      r.day,
      r.currency,
      JSON.stringify(r.report),
      r.reportSha256,
      r.paths,
      r.seed,
      r.runBy,
      r.runAt,
      r.auditSeq,
    ],
  );
}

/** What the dashboard lists and charts: the latest run of each day, without the full report. */
export interface ReportSummary {
  readonly id: string;
  readonly day: string;
  readonly currency: string;
  readonly total: string;
  readonly var: Json;
  readonly breaches: number;
  readonly reportSha256: string;
  readonly runBy: string;
  readonly runAt: string;
}

export async function reportSummaries(
  q: Queryable,
  currency: string,
  limit: number,
): Promise<ReportSummary[]> {
  const rows = await q.query(
    `SELECT * FROM (
       SELECT DISTINCT ON (day) id, to_char(day, 'YYYY-MM-DD') AS day, currency,
              report->>'total' AS total, report->'var' AS var,
              jsonb_array_length(report->'breaches') AS breaches,
              report_sha256 AS "reportSha256", run_by AS "runBy", run_at AS "runAt"
         FROM risk_reports WHERE currency = $1
        ORDER BY day DESC, run_at DESC, id DESC) latest
      ORDER BY day DESC LIMIT $2`,
    [currency, limit],
  );
  return rows.map((row) => {
    const r = readRow(row, 'risk_reports');
    return {
      id: r.str('id'),
      day: r.str('day'),
      currency: r.str('currency'),
      total: r.str('total'),
      var: r.jsonValue('var'),
      breaches: r.int('breaches'),
      reportSha256: r.str('reportSha256'),
      runBy: r.str('runBy'),
      runAt: r.date('runAt').toISOString(),
    };
  });
}

export async function reportById(
  q: Queryable,
  id: string,
): Promise<{ readonly summary: ReportSummary; readonly report: Json } | null> {
  const [row] = await q.query(
    `SELECT id, to_char(day, 'YYYY-MM-DD') AS day, currency, report, report_sha256 AS "reportSha256",
            run_by AS "runBy", run_at AS "runAt"
       FROM risk_reports WHERE id = $1`,
    [id],
  );
  if (row === undefined) return null;
  const r = readRow(row, 'risk_reports');
  const report = r.jsonValue('report');
  const fields = asJsonObject(report) ?? {};
  const total = fields['total'];
  const breaches = fields['breaches'];
  const summary: ReportSummary = {
    id: r.str('id'),
    day: r.str('day'),
    currency: r.str('currency'),
    total: typeof total === 'string' ? total : '0',
    var: fields['var'] ?? [],
    breaches: Array.isArray(breaches) ? breaches.length : 0,
    reportSha256: r.str('reportSha256'),
    runBy: r.str('runBy'),
    runAt: r.date('runAt').toISOString(),
  };
  return { summary, report };
}

export interface Acknowledgement {
  readonly alertId: string;
  readonly acknowledgedBy: string;
  readonly note: string;
  readonly at: string;
  readonly auditSeq: bigint;
}

export async function insertAcknowledgement(tx: Queryable, a: Acknowledgement): Promise<void> {
  await tx.query(
    `INSERT INTO risk_alert_acknowledgements (alert_id, acknowledged_by, note, acknowledged_at, audit_seq)
     VALUES ($1, $2, $3, $4, $5)`,
    [a.alertId, a.acknowledgedBy, a.note, a.at, a.auditSeq],
  );
}

/** The alert and its acknowledgement, if any, locked for a decision on it. */
export async function alertForAcknowledgement(
  tx: Queryable,
  id: string,
): Promise<{ readonly id: string; readonly acknowledgedBy: string | null } | null> {
  const [row] = await tx.query(
    `SELECT a.id, k.acknowledged_by AS "acknowledgedBy"
       FROM risk_alerts a LEFT JOIN risk_alert_acknowledgements k ON k.alert_id = a.id
      WHERE a.id = $1`,
    [id],
  );
  if (row === undefined) return null;
  const r = readRow(row, 'risk_alerts');
  return { id: r.str('id'), acknowledgedBy: r.strOrNull('acknowledgedBy') };
}
