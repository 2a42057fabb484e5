import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';

/** The dashboard's data through the HTTP edge, with the role matrix enforced. */
describe.each(testTargets())('market and risk routes on $label PostgreSQL', (target) => {
  let k: TestKazna;
  let officer: Record<string, string>;
  let auditor: Record<string, string>;

  beforeAll(async () => {
    k = await testKazna(target);
    officer = await authHeaders(k, 'risk_officer');
    auditor = await authHeaders(k, 'auditor');
  });
  afterAll(() => k.close());

  it('imports prices as a risk officer, refuses a bad file as a problem, and serves prices and the report', async () => {
    const text = Array.from(
      { length: 40 },
      (_, i) => `2024-01-${String((i % 31) + 1).padStart(2, '0')}`,
    )
      .slice(0, 31)
      .map((d, i) => `${d},${(40000 + 500 * Math.sin(i)).toFixed(2)}`);
    const body = { asset: 'BTC', format: 'simple', text: ['date,close', ...text].join('\n') };
    const ok = await k.app.inject({
      method: 'POST',
      url: '/api/v1/market/imports',
      headers: officer,
      payload: body,
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json<{ imported: number }>().imported).toBe(31);
    const bad = await k.app.inject({
      method: 'POST',
      url: '/api/v1/market/imports',
      headers: officer,
      payload: { ...body, text: 'date,close\n2024-02-30,1\n' },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json<{ code: string }>().code).toBe('csv_has_invalid_rows');
    const denied = await k.app.inject({
      method: 'POST',
      url: '/api/v1/market/imports',
      headers: auditor,
      payload: body,
    });
    expect(denied.statusCode).toBe(403);
    const price = await k.app.inject({
      method: 'GET',
      url: '/api/v1/market/price?asset=BTC&day=2024-02-10',
      headers: auditor,
    });
    expect(price.json<{ day: string; stale: boolean }>()).toMatchObject({
      day: '2024-01-31',
      stale: true,
    });
    const report = await k.app.inject({
      method: 'GET',
      url: '/api/v1/risk/report?date=2024-01-31&paths=2000',
      headers: auditor,
    });
    expect(report.statusCode).toBe(200);
    const json = report.json<{ total: string; var: { var: number }[] }>();
    // Nothing is held until the ledger and the reserve are wired: a zero report, not an error.
    expect(json.total).toBe('0.00');
    expect(json.var).toHaveLength(12);
    expect(json.var.every((v) => Math.abs(v.var) === 0)).toBe(true);
  });

  it("reports a day before any price history, even in the calendar's first years, without VaR", async () => {
    // Before: no series failed an assertion, and a lookback reaching before year 1 a date cast.
    for (const date of ['1969-12-31', '0001-01-01', '0004-02-29']) {
      const res = await k.app.inject({
        url: `/api/v1/risk/report?date=${date}&paths=1000`,
        headers: auditor,
      });
      expect(res.statusCode, date).toBe(200);
      expect(res.json(), date).toMatchObject({ day: date, factors: [], var: [], correlation: [] });
    }
  });
});
