import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import { loadDemo } from './demo.ts';
import { verifyPorDocument } from '../../verifier/src/por.ts';
import { verifyReportBundleText } from '../../verifier/src/reports.ts';
import { TRANSPARENCY_DEMO_STEP } from './transparency.ts';

describe.each(testTargets())('the transparency demo on $label PostgreSQL', (target) => {
  let k: TestKazna;
  beforeAll(async () => {
    k = await testKazna(target);
    await loadDemo(k, () => undefined);
  }, 120_000);
  afterAll(() => k.close());

  it('publishes a monthly and a quarterly report and a proof of reserves that all verify', async () => {
    const reports = await k.services.transparency.reports({ limit: 10 });
    expect(reports.map((r) => `${r.kind} ${r.period}`).sort()).toEqual([
      'monthly 2025-01',
      'quarterly 2025-Q1',
    ]);
    for (const r of reports) {
      const found = await k.services.transparency.reportBundle(r.id);
      expect(verifyReportBundleText(found?.bundle ?? '').problems).toEqual([]);
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
