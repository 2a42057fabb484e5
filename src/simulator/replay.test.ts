import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { haveSharedData, sharedDataPath } from '../../test/support/shared-data.ts';
import { loadSharedSeries } from '../../test/support/shared-prices.ts';
import { replayDisposal } from './replay.ts';

/**
 * Replays real disposals on the stored BTC closes and checks the proceeds against values this test
 * computes on its own, straight from the CSV text (no shared parser), so a bug in either shows.
 */
const FILE = 'btc_usd_daily_bitstamp-coinbase_2011-08-18_2025-09-24.csv';
const have = haveSharedData('prices', FILE);

/** Independent reading: `timestamp,open,close,…` rows, the close is the third column. */
function closesFromCsv(): Map<string, number> {
  const text = readFileSync(sharedDataPath('prices', FILE), 'utf8');
  const out = new Map<string, number>();
  for (const line of text.split('\n').slice(1)) {
    const cells = line.split(',');
    if (cells.length < 3) continue;
    out.set((cells[0] ?? '').slice(0, 10), Number.parseFloat(cells[2] ?? ''));
  }
  return out;
}

// The US Marshals' 2014 Silk Road auctions: 29,656.51306529 BTC (27 June) and 50,000 BTC (4 Dec).
const USMS_2014 = [
  { date: '2014-06-27', quantity: '29656.51306529' },
  { date: '2014-12-04', quantity: '50000' },
];

// Germany's 2024 emergency sale of 49,858 BTC, 19 June to 12 July. The daily split is an
// illustrative reconstruction from public on-chain transfer reports, summing to the official total.
const GERMANY_2024 = [
  { date: '2024-06-19', quantity: '900' },
  { date: '2024-06-20', quantity: '1500' },
  { date: '2024-06-25', quantity: '750' },
  { date: '2024-06-26', quantity: '1100' },
  { date: '2024-07-02', quantity: '3000' },
  { date: '2024-07-04', quantity: '1300' },
  { date: '2024-07-08', quantity: '10567' },
  { date: '2024-07-09', quantity: '7800' },
  { date: '2024-07-10', quantity: '9500' },
  { date: '2024-07-11', quantity: '10041' },
  { date: '2024-07-12', quantity: '3400' },
];

function expected(
  sales: { date: string; quantity: string }[],
  closes: Map<string, number>,
): number {
  let sum = 0;
  for (const s of sales) sum += Number.parseFloat(s.quantity) * (closes.get(s.date) ?? Number.NaN);
  return sum;
}

describe.runIf(have)('replay of real disposals on the stored BTC closes', () => {
  it('values the US Marshals 2014 auctions at the daily close', async () => {
    const closes = closesFromCsv();
    const btc = await loadSharedSeries('BTC');
    const r = await replayDisposal(
      {
        asset: 'BTC',
        holding: '79656.51306529',
        sales: USMS_2014,
        valuationDate: '2015-12-31',
        cashYield: 0,
        alternatives: [
          {
            id: 'hold',
            kind: 'direct',
            custodyIncidentProbabilityPerYear: 0,
            lossFraction: 0,
            custodyFeeRate: 0,
            neverSell: true,
          },
        ],
      },
      { btc, eth: null },
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.proceedsAtClose.sale).toBeCloseTo(expected(USMS_2014, closes), 2);
    // No discount and no fee: the proceeds are the schedule at the close.
    expect(r.value.proceeds.sale).toBeCloseTo(r.value.proceedsAtClose.sale, 2);
    expect(r.value.sales[0]?.close).toBe(closes.get('2014-06-27'));
    expect(r.value.carriedCash.sale).toBeCloseTo(r.value.proceedsAtClose.sale, 2);
    const hold = 79656.51306529 * (closes.get('2015-12-31') ?? 0);
    expect(r.value.hold.sale).toBeCloseTo(hold, 2);
    expect(r.value.difference.sale).toBeCloseTo(r.value.carriedCash.sale - hold, 2);
    // Holding from the first sale date with no costs is worth the holding at the valuation close.
    expect(r.value.alternatives[0]?.p50.sale).toBeCloseTo(hold, 2);
  });

  it('values Germany’s June–July 2024 OTC sales of 49,858 BTC and compares alternatives', async () => {
    const closes = closesFromCsv();
    const btc = await loadSharedSeries('BTC');
    const r = await replayDisposal(
      {
        asset: 'BTC',
        holding: '49858',
        sales: GERMANY_2024,
        valuationDate: '2025-06-30',
        cashYield: 0.03,
        alternatives: [
          {
            id: 'auction',
            kind: 'auction',
            legalDelayDays: 0,
            discount: { kind: 'fixed', value: 0 },
            feeRate: 0,
            cashYield: 0.03,
          },
          {
            id: 'otc',
            kind: 'otc',
            startDelayDays: 0,
            durationDays: 24,
            maxShareOfVolume: 0.1,
            impactCoefficient: 0.7,
            dailyVolatility: 0.03,
            feeRate: 0.001,
          },
        ],
      },
      { btc, eth: null },
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const total = expected(GERMANY_2024, closes);
    expect(r.value.proceedsAtClose.sale).toBeCloseTo(total, 2);
    // The reported total was EUR 2.64bn, about USD 2.8-2.9bn; daily closes land near it.
    expect(total).toBeGreaterThan(2.5e9);
    expect(total).toBeLessThan(3.3e9);
    expect(r.value.unsold.sale).toBe(0);
    let carried = 0;
    for (const s of GERMANY_2024) {
      const days = (Date.parse('2025-06-30') - Date.parse(s.date)) / 86_400_000;
      carried +=
        Number.parseFloat(s.quantity) * (closes.get(s.date) ?? 0) * Math.pow(1.03, days / 365);
    }
    expect(r.value.carriedCash.sale).toBeCloseTo(carried, 0);
    // An auction on the first day at no discount is the whole holding at that close, then cash.
    const auction = 49858 * (closes.get('2024-06-19') ?? 0) * Math.pow(1.03, 376 / 365);
    const got = r.value.alternatives.find((a) => a.id === 'auction')?.p50.sale ?? 0;
    expect(Math.abs(got / auction - 1)).toBeLessThan(1e-12);
    expect(r.value.alternatives.find((a) => a.id === 'otc')?.p50.sale).toBeGreaterThan(0);
  });
});
