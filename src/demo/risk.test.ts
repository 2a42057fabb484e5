import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import { loadDemo } from './demo.ts';
import type { ReportSummary } from '../risk/store.ts';

/** The demo leaves the risk dashboard something to show: weekly reports, limits and an alert. */
describe.each(testTargets())('the risk demo on $label PostgreSQL', (target) => {
  let k: TestKazna;
  beforeAll(async () => {
    k = await testKazna(target);
    await loadDemo(k, () => undefined);
  });
  afterAll(() => k.close());

  it('records thirteen weekly reports of a valued reserve, and the breach of the manager limit', async () => {
    const auditor = await authHeaders(k, 'auditor');
    const list = await k.app.inject({
      method: 'GET',
      url: '/api/v1/risk/reports',
      headers: auditor,
    });
    const reports = list.json<{ reports: ReportSummary[] }>().reports;
    expect(reports).toHaveLength(13);
    const yesterday = new Date(k.clock.now().getTime() - 86_400_000).toISOString().slice(0, 10);
    expect(reports[0]?.day).toBe(yesterday);
    // About $370M of gold and currency plus the fund and the forfeited lots.
    expect(Number(reports[0]?.total)).toBeGreaterThan(300_000_000);
    expect(reports.every((r) => r.breaches >= 1)).toBe(true);
    const alerts = await k.services.risk.alerts(reports[12]?.day ?? '', yesterday);
    expect(alerts.some((a) => a.kind === 'manager_concentration')).toBe(true);
    // Earlier weeks' alerts are acknowledged; yesterday's is open.
    expect(alerts.filter((a) => a.acknowledgement === null).map((a) => a.day)).toEqual([yesterday]);
  });
});
