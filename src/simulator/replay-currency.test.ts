import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DailySeries } from '../market/series.ts';
import {
  parseReplay,
  replayDisposal,
  replayLines,
  type FxLookup,
  type ReplayInput,
} from './replay.ts';

/**
 * A replay of a sale in euros on its own small price table: BTC's USD closes for ten days and the
 * euro's rate (EUR per USD, none at weekends, so a Saturday takes Friday's). Every figure is
 * checked against a hand calculation from the same table.
 */
const DAYS = [
  '2024-06-17', // Mon
  '2024-06-18',
  '2024-06-19',
  '2024-06-20',
  '2024-06-21', // Fri
  '2024-06-22', // Sat
  '2024-06-23',
  '2024-06-24',
  '2024-06-25',
  '2024-06-26',
];
const BTC_USD = [66_000, 65_000, 64_000, 64_800, 64_000, 63_500, 64_200, 60_000, 61_800, 61_000];
const EUR_PER_USD: Record<string, number> = {
  '2024-06-17': 0.93,
  '2024-06-18': 0.932,
  '2024-06-19': 0.931,
  '2024-06-20': 0.934,
  '2024-06-21': 0.935,
  '2024-06-24': 0.932,
  '2024-06-25': 0.931,
  '2024-06-26': 0.936,
};
const btc: DailySeries = { asset: 'BTC', dates: DAYS, close: Float64Array.from(BTC_USD) };

/** The FX store's behaviour: the rate of the day or the latest before it. */
const usdIn: FxLookup = (currency, day) => {
  if (currency === 'USD') return Promise.resolve(1);
  if (currency !== 'EUR') return Promise.resolve(null);
  const known = Object.keys(EUR_PER_USD).filter((d) => d <= day);
  const latest = known.sort().at(-1);
  return Promise.resolve(latest === undefined ? null : (EUR_PER_USD[latest] ?? null));
};

const closeUsd = (day: string): number => BTC_USD[DAYS.indexOf(day)] ?? Number.NaN;

const SALE: ReplayInput = {
  asset: 'BTC',
  holding: '1000',
  available: [
    { date: '2024-06-17', quantity: '600' },
    { date: '2024-06-20', quantity: '400' },
  ],
  currency: 'EUR',
  reportingCurrency: 'USD',
  discount: 0.01,
  sales: [
    { date: '2024-06-18', quantity: '250' },
    { date: '2024-06-22', quantity: '300.5' },
    { date: '2024-06-24', quantity: '200', feeRate: 0.002 },
  ],
  valuationDate: '2024-06-26',
  cashYield: 0,
};

describe('replay of a sale in euros with a 1% discount on each tranche', () => {
  it('realises the proceeds a hand calculation gives, in EUR and in USD', async () => {
    const r = await replayDisposal(SALE, { btc, eth: null }, usdIn);
    if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
    // By hand: quantity × USD close × EUR per USD × (1 − 1%) × (1 − fee), per tranche.
    const tranches = [
      250 * 65_000 * 0.932 * 0.99,
      300.5 * 63_500 * 0.935 * 0.99, // Saturday: Friday's rate
      200 * 60_000 * 0.932 * 0.99 * (1 - 0.002),
    ];
    const eur = tranches.reduce((a, b) => a + b, 0);
    const usd = tranches[0]! / 0.932 + tranches[1]! / 0.935 + tranches[2]! / 0.932;
    expect(r.value.proceeds.sale).toBeCloseTo(eur, 6);
    expect(r.value.proceeds.reporting).toBeCloseTo(usd, 6);
    expect(r.value.sales.map((s) => s.proceeds.sale)).toEqual(
      tranches.map((t) => expect.closeTo(t, 6) as unknown),
    );
    expect(r.value.proceedsAtClose.sale).toBeCloseTo(
      250 * 65_000 * 0.932 + 300.5 * 63_500 * 0.935 + 200 * 60_000 * 0.932,
      6,
    );
    // On the valuation day: the unsold 249.5 BTC and the whole 1,000 at that day's close and rate.
    const close = closeUsd('2024-06-26') * 0.936;
    expect(r.value.unsold.sale).toBeCloseTo(249.5 * close, 6);
    expect(r.value.hold.sale).toBeCloseTo(1000 * close, 6);
    expect(r.value.carriedCash.sale).toBeCloseTo(eur, 6); // no yield
    expect(r.value.difference.sale).toBeCloseTo(eur + 249.5 * close - 1000 * close, 6);
    expect(r.value.difference.reporting).toBeCloseTo(r.value.difference.sale / 0.936, 6);
  });

  it('prints the realised proceeds, the value had nothing been sold and the difference', async () => {
    const r = await replayDisposal(SALE, { btc, eth: null }, usdIn);
    if (!r.ok) throw new Error(r.message);
    const text = replayLines(r.value).join('\n');
    const eur =
      250 * 65_000 * 0.932 * 0.99 +
      300.5 * 63_500 * 0.935 * 0.99 +
      200 * 60_000 * 0.932 * 0.99 * 0.998;
    const fmt = (x: number): string =>
      x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    expect(text).toContain(`realised proceeds of 3 sale(s) of BTC: ${fmt(eur)} EUR (`);
    expect(text).toContain(`had nothing been sold:    ${fmt(1000 * 61_000 * 0.936)} EUR (`);
    expect(text).toContain(`${fmt(1000 * 61_000)} USD)`);
    const difference = eur + 249.5 * 61_000 * 0.936 - 1000 * 61_000 * 0.936;
    expect(text).toContain(`difference:               ${fmt(difference)} EUR`);
  });

  it('starts the alternatives when the holding became available, not on the first sale', async () => {
    const hold = {
      id: 'hold',
      kind: 'direct',
      custodyIncidentProbabilityPerYear: 0,
      lossFraction: 0,
      custodyFeeRate: 0,
      neverSell: true,
    };
    const r = await replayDisposal({ ...SALE, alternatives: [hold] }, { btc, eth: null }, usdIn);
    if (!r.ok) throw new Error(r.message);
    expect(r.value.alternativesFrom).toBe('2024-06-17');
    // Holding everything, at no cost, is the whole holding at the valuation close, in both.
    expect(r.value.alternatives[0]?.p50.reporting).toBeCloseTo(1000 * 61_000, 4);
    expect(r.value.alternatives[0]?.p50.sale).toBeCloseTo(1000 * 61_000 * 0.936, 4);
  });

  it('refuses a sale of more than was available by its date, and a day without a rate', async () => {
    const early = await replayDisposal(
      { ...SALE, sales: [{ date: '2024-06-18', quantity: '700' }] },
      { btc, eth: null },
      usdIn,
    );
    expect(early.ok ? 'ok' : early.code).toBe('schedule_exceeds_holding');
    const mismatch = await replayDisposal(
      { ...SALE, available: [{ date: '2024-06-17', quantity: '999' }] },
      { btc, eth: null },
      usdIn,
    );
    expect(mismatch.ok ? 'ok' : mismatch.code).toBe('availability_does_not_match_holding');
    const noRate = await replayDisposal({ ...SALE, currency: 'KZT' }, { btc, eth: null }, usdIn);
    expect(noRate.ok ? 'ok' : noRate.code).toBe('fx_rate_unavailable');
    expect(noRate.ok ? '' : noRate.message).toMatch(/kazna market fx/);
  });

  it('accepts the example replay of Germany’s 2024 sale that the docs point to', () => {
    const file = new URL('./scenarios/replay-germany-2024.json', import.meta.url);
    const parsed = parseReplay(JSON.parse(readFileSync(file, 'utf8')));
    expect(parsed.ok ? parsed.value.r.currency : parsed.message).toBe('EUR');
  });
});
