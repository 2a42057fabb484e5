import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, testTargets, type TestDatabase } from '../../test/support/targets.ts';
import { manualClock } from '../core/clock.ts';
import { idSource } from '../core/ids.ts';
import { seededRandom } from '../core/random.ts';
import { addDays } from '../market/model.ts';
import { createMarket, type Market } from '../market/service.ts';
import type { RiskHolding } from './report.ts';
import { createRisk, noHoldings, type Risk } from './service.ts';

const OFFICER = { id: 'risk-officer' };

/** A deterministic price file: a drifting, oscillating series, 400 days to 2024-06-30. */
function priceFile(start: number, amplitude: number): string {
  const lines = ['date,close'];
  for (let i = 0; i < 400; i++) {
    const p = start * (1 + amplitude * Math.sin(i / 3) + amplitude * 0.5 * Math.cos(i / 7));
    lines.push(`${addDays('2024-06-30', i - 399)},${p.toFixed(2)}`);
  }
  return lines.join('\n');
}

const HOLDINGS: readonly RiskHolding[] = [
  { kind: 'asset', id: 'lot-btc', asset: 'BTC', units: 10n * 10n ** 8n, custodian: 'vault-a' },
  { kind: 'asset', id: 'gold', asset: 'XAU', units: 100n * 10n ** 6n },
  { kind: 'asset', id: 'cash', asset: 'USD', units: 10_000_000n },
  {
    kind: 'fund',
    id: 'fund-a',
    fund: 'Alpha',
    manager: 'alpha',
    units: 1_000_000n,
    unitScale: 2,
    nav: { perUnit: 100n * 10n ** 12n, currency: 'USD', day: '2024-06-28' },
    loadings: { BTC: 0.8 },
    liquidity: { kind: 'fund', frequency: 'monthly', noticeDays: 30, settlementDays: 5 },
  },
];

describe.each(testTargets())('risk service on $label PostgreSQL', (target) => {
  let database: TestDatabase;
  let market: Market;
  let risk: Risk;
  const clock = manualClock('2024-07-01T06:00:00Z');

  beforeAll(async () => {
    database = await freshDatabase(target);
    const ids = idSource(clock, seededRandom(5));
    market = createMarket({ db: database.db, clock, ids });
    risk = createRisk({ db: database.db, clock, ids, market, holdings: noHoldings });
    await market.importCsv(OFFICER, {
      text: priceFile(60_000, 0.1),
      asset: 'BTC',
      format: 'simple',
    });
    await market.importCsv(OFFICER, {
      text: priceFile(2_300, 0.02),
      asset: 'XAU',
      format: 'simple',
    });
  });
  afterAll(() => database.drop());

  it('reports VaR by three methods, stress, the ladder, and records limit breaches as audited alerts', async () => {
    await risk.setLimit(OFFICER, { kind: 'crypto_cap', maxBps: 2000 });
    await risk.setLimit(OFFICER, { kind: 'crypto_cap', maxBps: 9500 }); // the later version is in force
    await risk.setLimit(OFFICER, { kind: 'manager_concentration', maxBps: 1000 });
    await risk.setLimit(OFFICER, { kind: 'liquidity_min', days: 1, minBps: 5000 });
    expect(await risk.limits()).toHaveLength(3);
    const { report, alerts } = await risk.reportAndAlert(OFFICER, {
      day: '2024-06-30',
      currency: 'USD',
      holdings: HOLDINGS,
      run: { paths: 4096, seed: 3 },
    });
    expect(report.currency).toBe('USD');
    expect(report.var).toHaveLength(12);
    expect(report.var.every((v) => v.cvar >= v.var * 0.99)).toBe(true);
    expect(report.stress.map((s) => s.id)).toContain('manager_default:alpha');
    expect(report.stress.find((s) => s.id === 'manager_default:alpha')?.pnl).toBeCloseTo(
      -1_000_000,
      6,
    );
    expect(report.liquidity.rungs.map((r) => r.days)).toEqual([1, 7, 30, 90, 365]);
    expect(report.breaches.map((b) => `${b.kind}:${b.subject}`).sort()).toEqual([
      'liquidity_min:liquid within 1d',
      'manager_concentration:alpha',
    ]);
    expect(alerts).toHaveLength(2);
    expect(await risk.alerts('2024-06-30', '2024-06-30')).toHaveLength(2);
    const [n] = await database.db.query<{ n: bigint }>(
      "SELECT count(*) AS n FROM audit_entries WHERE action = 'risk.alert.raised'",
    );
    expect(n?.n).toBe(2n);
  });
});
