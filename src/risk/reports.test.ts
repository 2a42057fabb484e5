import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import { canonicalize } from '../core/canonical.ts';
import { sha256Hex } from '../core/hash.ts';
import { SYSTEM } from '../core/identity.ts';
import { addDays } from '../market/model.ts';
import type { RiskHolding } from './report.ts';

/**
 * Recorded reports (the dashboard's history) and alert acknowledgements, through the HTTP edge with
 * the role matrix enforced.
 */
function priceFile(start: number, amplitude: number): string {
  const lines = ['date,close'];
  for (let i = 0; i < 200; i++) {
    const p = start * (1 + amplitude * Math.sin(i / 3) + amplitude * 0.5 * Math.cos(i / 7));
    lines.push(`${addDays('2024-06-30', i - 199)},${p.toFixed(2)}`);
  }
  return lines.join('\n');
}

const HOLDINGS: readonly RiskHolding[] = [
  { kind: 'asset', id: 'lot-btc', asset: 'BTC', units: 10n * 10n ** 8n },
  { kind: 'asset', id: 'cash', asset: 'USD', units: 10_000_000n },
];

describe.each(testTargets())('recorded risk reports and alerts on $label PostgreSQL', (target) => {
  let k: TestKazna;
  let officer: Record<string, string>;
  let auditor: Record<string, string>;
  const get = async <T>(url: string): Promise<T> =>
    (await k.app.inject({ method: 'GET', url, headers: auditor })).json<T>();

  beforeAll(async () => {
    k = await testKazna(target);
    officer = await authHeaders(k, 'risk_officer');
    auditor = await authHeaders(k, 'auditor');
    const imported = await k.services.market.importCsv(SYSTEM, {
      text: priceFile(60_000, 0.1),
      asset: 'BTC',
      format: 'simple',
    });
    expect(imported.ok).toBe(true);
  });
  afterAll(() => k.close());

  it('records each run, lists the latest per day, and serves a report whose hash checks', async () => {
    const run = (headers: Record<string, string>, date: string) =>
      k.app.inject({
        method: 'POST',
        url: '/api/v1/risk/reports',
        headers,
        payload: { date, paths: 2000 },
      });
    expect((await run(auditor, '2024-06-29')).statusCode).toBe(403);
    const first = await run(officer, '2024-06-29');
    expect(first.statusCode).toBe(201);
    const again = await run(officer, '2024-06-29');
    const latest = again.json<{ id: string }>().id;
    expect(latest).not.toBe(first.json<{ id: string }>().id);
    await run(officer, '2024-06-30');
    const list = await get<{ reports: { id: string; day: string; var: unknown[] }[] }>(
      '/api/v1/risk/reports',
    );
    expect(list.reports.map((r) => r.day)).toEqual(['2024-06-30', '2024-06-29']);
    expect(list.reports[1]?.id).toBe(latest);
    expect(list.reports[0]?.var).toHaveLength(12);
    const one = await get<{ summary: { reportSha256: string }; report: unknown }>(
      `/api/v1/risk/reports/${latest}`,
    );
    expect(one.summary.reportSha256).toBe(sha256Hex(canonicalize(one.report)));
    const missing = await k.app.inject({
      method: 'GET',
      url: '/api/v1/risk/reports/00000000-0000-7000-8000-000000000000',
      headers: auditor,
    });
    expect(missing.statusCode).toBe(404);
    const [n] = await k.db.query<{ n: bigint }>(
      "SELECT count(*) AS n FROM audit_entries WHERE action = 'risk.report.recorded'",
    );
    expect(n?.n).toBe(3n);
  });

  it('acknowledges an alert once, for a role that may, and lists who did', async () => {
    const limit = await k.app.inject({
      method: 'POST',
      url: '/api/v1/risk/limits',
      headers: officer,
      payload: { kind: 'crypto_cap', maxBps: 1000 },
    });
    expect(limit.statusCode).toBe(201);
    const { alerts } = await k.services.risk.reportAndAlert(SYSTEM, {
      day: '2024-06-30',
      currency: 'USD',
      holdings: HOLDINGS,
      run: { paths: 2000, seed: 3 },
    });
    expect(alerts).toHaveLength(1);
    const id = alerts[0] ?? '';
    const ack = (headers: Record<string, string>, alertId: string) =>
      k.app.inject({
        method: 'POST',
        url: `/api/v1/risk/alerts/${alertId}/acknowledge`,
        headers,
        payload: { note: 'reviewed; rebalancing next week' },
      });
    expect((await ack(auditor, id)).statusCode).toBe(403);
    const done = await ack(officer, id);
    expect(done.statusCode).toBe(200);
    const twice = await ack(officer, id);
    expect(twice.statusCode).toBe(409);
    expect(twice.json<{ code: string }>().code).toBe('alert_already_acknowledged');
    const unknown = await ack(officer, '00000000-0000-7000-8000-000000000000');
    expect(unknown.json<{ code: string }>().code).toBe('alert_not_found');
    const listed = await get<{ id: string; acknowledgement: { note: string } | null }[]>(
      '/api/v1/risk/alerts?from=2024-06-01&to=2024-06-30',
    );
    expect(listed.map((a) => [a.id, a.acknowledgement?.note])).toEqual([
      [id, 'reviewed; rebalancing next week'],
    ]);
    const [n] = await k.db.query<{ n: bigint }>(
      "SELECT count(*) AS n FROM audit_entries WHERE action = 'risk.alert.acknowledged'",
    );
    expect(n?.n).toBe(1n);
  });
});
