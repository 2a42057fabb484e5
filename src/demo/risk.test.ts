import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import { loadDemo } from './demo.ts';
import type { RiskReport } from '../risk/report.ts';
import type { ReportSummary } from '../risk/store.ts';

/**
 * The demo leaves the risk dashboard something to show: weekly reports of the reserve's own
 * holdings, the reserve policy's caps as limits, and reports a risk officer can reproduce.
 */
describe.each(testTargets())('the risk demo on $label PostgreSQL', (target) => {
  let k: TestKazna;
  let reports: ReportSummary[];
  beforeAll(async () => {
    k = await testKazna(target);
    await loadDemo(k, () => undefined);
    const list = await k.app.inject({
      method: 'GET',
      url: '/api/v1/risk/reports',
      headers: await authHeaders(k, 'auditor'),
    });
    reports = list.json<{ reports: ReportSummary[] }>().reports;
  }, 300_000);
  afterAll(() => k.close());

  it('records thirteen weekly reports of the reserve as the reserve values it', async () => {
    expect(reports).toHaveLength(13);
    // The latest is today's, the day the Reserve page opens on (the hedge funds were subscribed
    // today, so yesterday's reserve was a different one).
    const today = k.clock.now().toISOString().slice(0, 10);
    expect(reports[0]?.day).toBe(today);
    // About $310M of gold, currency and funds.
    expect(Number(reports[0]?.total)).toBeGreaterThan(300_000_000);
    for (const r of reports) {
      const allocation = await k.services.reserve.allocation(r.day);
      expect(allocation.ok).toBe(true);
      if (!allocation.ok) continue;
      // Dollars with two decimals: the reserve's total in cents, exactly.
      expect(r.total).toBe((Number(allocation.value.total) / 100).toFixed(2));
    }
  });

  it('judges the caps of the reserve policy in force, as the reserve does', async () => {
    const today = k.clock.now().toISOString().slice(0, 10);
    const policy = await k.services.reserve.policyOn(today);
    const limits = await k.services.risk.limits();
    const cap = (kind: string) =>
      limits.flatMap((l) => (l.limit.kind === kind && 'maxBps' in l.limit ? [l.limit.maxBps] : []));
    expect(cap('crypto_cap')).toEqual([policy?.policy.cryptoCapBps]);
    expect(cap('manager_concentration')).toEqual([policy?.policy.managerCapBps]);
    // The reserve's own check of the same policy finds no cap broken, and neither does risk.
    const rebalancing = await k.services.reserve.rebalancing(today);
    const caps = (rebalancing.ok ? rebalancing.value.breaches : []).filter(
      (b) => b.kind === 'crypto_cap' || b.kind === 'manager_cap',
    );
    expect(caps).toEqual([]);
    const recorded = await k.services.risk.recordedReport(reports[0]?.id ?? '');
    const breaches = (recorded?.report as unknown as RiskReport).breaches;
    expect(breaches.filter((b) => b.kind !== 'var' && b.kind !== 'liquidity_min')).toEqual([]);
  });

  it('reproduces a past day: the same day and seed give the same figures', async () => {
    const past = reports[6];
    expect(past).toBeDefined();
    const recorded = await k.services.risk.recordedReport(past?.id ?? '');
    const res = await k.app.inject({
      method: 'POST',
      url: '/api/v1/risk/reports',
      headers: await authHeaders(k, 'risk_officer'),
      payload: { date: past?.day, paths: 20_000, seed: 1 },
    });
    expect(res.statusCode).toBe(201);
    const rerun = res.json<{ report: unknown; id: string }>();
    expect(rerun.report).toEqual(recorded?.report);
    const again = await k.services.risk.recordedReport(rerun.id);
    expect(again?.summary.reportSha256).toBe(past?.reportSha256);
  });
});
