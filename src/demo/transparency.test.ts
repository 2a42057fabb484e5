import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import { loadDemo } from './demo.ts';
import { verifyPorDocument } from '../../verifier/src/por.ts';
import { verifyReportBundleText, type ReportBundle } from '../../verifier/src/reports.ts';
import { TRANSPARENCY_DEMO_STEP } from './transparency.ts';

describe.each(testTargets())('the transparency demo on $label PostgreSQL', (target) => {
  let k: TestKazna;
  beforeAll(async () => {
    k = await testKazna(target);
    await loadDemo(k, () => undefined);
  }, 300_000);
  afterAll(() => k.close());

  it('publishes a monthly and a quarterly report and a proof of reserves that all verify', async () => {
    const reports = await k.services.transparency.reports({ limit: 10 });
    // The clock stands on 2025-01-01: the last month and quarter that have ended.
    expect(reports.map((r) => `${r.kind} ${r.period}`).sort()).toEqual([
      'monthly 2024-12',
      'quarterly 2024-Q4',
    ]);
    for (const r of reports) {
      const found = await k.services.transparency.reportBundle(r.id);
      expect(verifyReportBundleText(found?.bundle ?? '').problems).toEqual([]);
      // Every price is current on the report's last day, and the reserve is valued on them.
      const bundle = JSON.parse(found?.bundle ?? '{}') as ReportBundle;
      expect(bundle.report.prices.length).toBeGreaterThan(0);
      expect(bundle.report.prices.filter((p) => p['stale'] !== false)).toEqual([]);
      expect(bundle.report.notes.join(' ')).not.toContain('stale');
    }
    const por = await k.services.transparency.por('latest');
    expect(verifyPorDocument(JSON.parse(por?.document ?? 'null')).problems).toEqual([]);
  });

  it('adds nothing when run again', async () => {
    const before = await k.services.audit.size();
    await TRANSPARENCY_DEMO_STEP.run(k);
    expect(await k.services.audit.size()).toBe(before);
    expect(await k.services.transparency.reports({ limit: 10 })).toHaveLength(2);
  });
});
