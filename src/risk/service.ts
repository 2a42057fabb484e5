import { appendAudit } from '../audit/append.ts';
import type { AssetCode } from '../core/assets.ts';
import { ok, type Result } from '../core/result.ts';
import type { Tx } from '../db/pool.ts';
import { assert } from '../core/assert.ts';
import { addDays, daysBetween } from '../market/model.ts';
import type { Market } from '../market/service.ts';
import type { DailySeries } from '../market/series.ts';
import { HISTORICAL_SCENARIOS } from './stress.ts';
import type { Breach, Limit } from './limits.ts';
import { buildReport, type RiskHolding, type RiskReport } from './report.ts';
import { acknowledgeAlert, recordReportInTx } from './reports.ts';
import * as store from './store.ts';
import type { RiskRunOptions } from './var.ts';
import type { HoldingsSource, RiskDeps } from './deps.ts';

export type { HoldingsSource, RiskDeps } from './deps.ts';

/**
 * The risk domain's service: limits (versioned, audited), reports over the holdings of the day, and
 * alerts, one audit entry per breach, in the same transaction as the alert row.
 */

/** Until the ledger and the reserve are wired in main.ts, there is nothing to hold. */
export const noHoldings: HoldingsSource = () => Promise.resolve([]);

export interface ReportRequest {
  readonly day: string;
  readonly currency: AssetCode;
  /** Days of price history for the statistics (default 4 years). */
  readonly lookbackDays?: number;
  /** Holdings to use instead of the wired source (what-if portfolios, the CLI's --holdings). */
  readonly holdings?: readonly RiskHolding[];
  readonly run?: RiskRunOptions;
}

const FACTORS: readonly AssetCode[] = ['BTC', 'ETH', 'XAU', 'LTC', 'TRX'];

/**
 * The market store's USD series around each historical stress window that ended by `day`, for
 * each factor the scenario names; a factor the store lacks there keeps its documented fallback.
 */
async function stressHistory(market: Market, day: string): Promise<Record<string, DailySeries[]>> {
  const out: Record<string, DailySeries[]> = {};
  for (const h of HISTORICAL_SCENARIOS) {
    if (h.end > day) continue;
    const to = addDays(h.end, 10) < day ? addDays(h.end, 10) : day;
    const series: DailySeries[] = [];
    for (const factor of Object.keys(h.fallback)) {
      const rows = await market.series(factor, 'USD', addDays(h.base, -10), to);
      if (rows.length === 0) continue;
      series.push({
        asset: factor,
        dates: rows.map((p) => p.day),
        close: Float64Array.from(rows, (p) => Number(p.close) / 1e12),
        sources: [...new Set(rows.map((p) => p.source))].sort(),
      });
    }
    out[h.id] = series;
  }
  return out;
}

/**
 * The first day of the lookback, but never before 0001-01-01: a day string cannot name an earlier
 * one, so a report dated in the first years of the calendar looks back only as far as it can.
 */
const FIRST_DAY = '0001-01-01';
function lookbackStart(day: string, lookbackDays: number): string {
  return daysBetween(FIRST_DAY, day) <= lookbackDays ? FIRST_DAY : addDays(day, -lookbackDays);
}

export function createRisk(deps: RiskDeps) {
  const { db, clock, ids, market } = deps;

  async function report(r: ReportRequest): Promise<RiskReport> {
    const holdings = r.holdings ?? (await deps.holdings(r.day));
    const valuation = await market.valueAt(r.day, r.currency, holdings);
    const from = lookbackStart(r.day, r.lookbackDays ?? 4 * 365);
    const history: DailySeries[] = [];
    for (const asset of FACTORS) {
      const rows = await market.series(asset, 'USD', from, r.day);
      if (rows.length < 12) continue;
      history.push({
        asset,
        dates: rows.map((p) => p.day),
        close: Float64Array.from(rows, (p) => Number(p.close) / 1e12),
      });
    }
    const fx = await market.priceOn('USD', r.currency, r.day);
    const usdInReporting = fx === null ? 1 : Number(fx.price) / 1e12;
    const limits = await store.limitsInForce(db);
    return buildReport({
      valuation,
      holdings,
      history,
      stressHistory: await stressHistory(market, r.day),
      usdInReporting,
      limits,
      ...(r.run ? { run: r.run } : {}),
    });
  }

  async function setLimit(
    actor: { readonly id: string },
    limit: Limit,
  ): Promise<Result<{ readonly id: string }, never>> {
    return db.command(async (tx) => {
      const id = ids.next<'limit'>();
      const audit = await appendAudit(tx, clock, {
        actor,
        action: 'risk.limit.set',
        subjects: [id],
        payload: { id, limit },
      });
      await store.insertLimit(tx, {
        id,
        limit,
        setBy: actor.id,
        at: clock.now().toISOString(),
        auditSeq: audit.seq,
      });
      return ok({ id });
    });
  }

  return {
    report,
    raiseAlerts: (actor: { readonly id: string }, day: string, breaches: readonly Breach[]) =>
      raiseAlerts(deps, actor, day, breaches),
    /**
     * The daily run: the report is recorded (the dashboard's history) and each breach becomes an
     * alert, all in one transaction.
     */
    reportAndAlert: async (actor: { readonly id: string }, r: ReportRequest) => {
      const rep = await report(r);
      const run = { paths: r.run?.paths ?? 100_000, seed: r.run?.seed ?? 1 };
      const recorded = await db.command(async (tx) => {
        const rec = await recordReportInTx(deps, tx, actor, rep, run);
        const raised = await raiseAlertsInTx(deps, tx, actor, r.day, rep.breaches);
        return ok({ ...rec, alerts: raised });
      });
      assert(recorded.ok, 'recording a report has no refusals');
      return { report: rep, id: recorded.value.id, alerts: recorded.value.alerts };
    },
    setLimit,
    limits: () => store.limitsInForce(db),
    alerts: (from: string, to: string) => store.alerts(db, from, to),
    /** Errors: alert_not_found, alert_already_acknowledged. */
    acknowledgeAlert: (actor: { readonly id: string }, alertId: string, note: string) =>
      acknowledgeAlert(deps, actor, alertId, note),
    /** The latest recorded report of each day, newest first. */
    reports: (currency: AssetCode, limit: number) => store.reportSummaries(db, currency, limit),
    recordedReport: (id: string) => store.reportById(db, id),
  };
}

/** Records each breach as an alert with its audit entry (all in one transaction). */
async function raiseAlerts(
  deps: RiskDeps,
  actor: { readonly id: string },
  day: string,
  breaches: readonly Breach[],
) {
  return deps.db.command(async (tx) =>
    ok({ raised: await raiseAlertsInTx(deps, tx, actor, day, breaches) }),
  );
}

async function raiseAlertsInTx(
  deps: RiskDeps,
  tx: Tx,
  actor: { readonly id: string },
  day: string,
  breaches: readonly Breach[],
): Promise<string[]> {
  const { clock, ids } = deps;
  const raised: string[] = [];
  for (const b of breaches) {
    const id = ids.next<'alert'>();
    const detail = { message: b.message };
    const audit = await appendAudit(tx, clock, {
      actor,
      action: 'risk.alert.raised',
      subjects: [id, b.limitId],
      payload: {
        id,
        limitId: b.limitId,
        kind: b.kind,
        day,
        subject: b.subject,
        measuredBps: b.measuredBps,
        thresholdBps: b.thresholdBps,
        message: b.message,
      },
    });
    const row = { id, limitId: b.limitId, kind: b.kind, day, subject: b.subject, detail };
    const values = { measured: `${b.measuredBps} bps`, threshold: `${b.thresholdBps} bps` };
    await store.insertAlert(tx, {
      ...row,
      ...values,
      at: clock.now().toISOString(),
      auditSeq: audit.seq,
    });
    raised.push(id);
  }
  return raised;
}

export type Risk = ReturnType<typeof createRisk>;
