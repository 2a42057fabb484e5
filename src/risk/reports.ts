import { appendAudit } from '../audit/append.ts';
import { canonicalize, type Json } from '../core/canonical.ts';
import { sha256Hex } from '../core/hash.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Tx } from '../db/pool.ts';
import type { RiskReport } from './report.ts';
import type { RiskDeps } from './deps.ts';
import * as store from './store.ts';

/**
 * Recorded reports and alert acknowledgements. A report is recorded with its breaches' alerts in one
 * transaction, so the dashboard never shows a report whose alerts are missing, or the reverse. The
 * audit entry carries the report's hash and its inputs (day, currency, paths, seed); the report
 * itself is in `risk_reports`, and re-running the day with the same holdings and prices gives it
 * again.
 */
export type AcknowledgeError = 'alert_not_found' | 'alert_already_acknowledged';

export interface RecordedReport {
  readonly id: string;
  readonly reportSha256: string;
}

export async function recordReportInTx(
  deps: RiskDeps,
  tx: Tx,
  actor: { readonly id: string },
  report: RiskReport,
  run: { readonly paths: number; readonly seed: number },
): Promise<RecordedReport> {
  const { clock, ids } = deps;
  // JSON round trip: the stored report is exactly what a reader of the table gets back.
  const json = JSON.parse(JSON.stringify(report)) as Json;
  const reportSha256 = sha256Hex(canonicalize(json));
  const id = ids.next<'risk_report'>();
  const audit = await appendAudit(tx, clock, {
    actor,
    action: 'risk.report.recorded',
    subjects: [id],
    payload: {
      id,
      day: report.day,
      currency: report.currency,
      total: report.total,
      paths: run.paths,
      seed: run.seed,
      breaches: report.breaches.length,
      reportSha256,
    },
  });
  await store.insertReport(tx, {
    id,
    day: report.day,
    currency: report.currency,
    report: json,
    reportSha256,
    paths: run.paths,
    seed: run.seed,
    runBy: actor.id,
    runAt: clock.now().toISOString(),
    auditSeq: audit.seq,
  });
  return { id, reportSha256 };
}

/** Errors: alert_not_found, alert_already_acknowledged (the first acknowledgement stands). */
export async function acknowledgeAlert(
  deps: RiskDeps,
  actor: { readonly id: string },
  alertId: string,
  note: string,
): Promise<Result<{ readonly alertId: string }, AcknowledgeError>> {
  const { db, clock } = deps;
  return db.command(async (tx) => {
    const alert = await store.alertForAcknowledgement(tx, alertId);
    if (alert === null) return err('alert_not_found', `no alert ${alertId}`);
    if (alert.acknowledgedBy !== null) {
      return err('alert_already_acknowledged', 'the alert was already acknowledged', {
        by: alert.acknowledgedBy,
      });
    }
    const audit = await appendAudit(tx, clock, {
      actor,
      action: 'risk.alert.acknowledged',
      subjects: [alertId],
      payload: { alertId, note },
    });
    await store.insertAcknowledgement(tx, {
      alertId,
      acknowledgedBy: actor.id,
      note,
      at: clock.now().toISOString(),
      auditSeq: audit.seq,
    });
    return ok({ alertId });
  });
}
