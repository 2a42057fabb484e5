import { describe, expect, it } from 'vitest';
import { type AttributionEvent, FUNDING_SOURCES } from './attribution.ts';
import { holdingPerformance, portfolioPerformance } from './performance.ts';
import { xirr } from './returns.ts';

const navOf = (usdTimes1000: bigint): bigint => usdTimes1000 * 10n ** 9n; // 104.5 USD -> 104_500n

/*
 * One hedge-fund holding (cents; units at scale 6):
 * 1 Jan 2025   1,000,000.00 of gold/FX money at 100.00: 10,000 units.
 * 31 Mar       NAV 110.00 (+10%); 500,000.00 of forfeited crypto in kind at 110.00: 4,545.454545 units.
 * 30 Jun       NAV 104.50 (-5%); 1,913.875598 units redeemed for 200,000.00.
 * 1 Jan 2026   NAV 114.95 (+10%): 12,631.578947 units are worth 1,452,000.00.
 * TWR = 1.10 x 0.95 x 1.10 - 1 = 14.95%. Forfeited money came in on 31 Mar and saw only the last
 * two periods: 0.95 x 1.10 - 1 = 4.5%.
 */
const holding: AttributionEvent[] = [
  {
    kind: 'subscribe',
    day: '2025-01-01',
    source: 'gold_fx_allocation',
    amount: 100_000_000n,
    navPerUnit: navOf(100_000n),
  },
  { kind: 'nav', day: '2025-03-31', navPerUnit: navOf(110_000n) },
  {
    kind: 'subscribe',
    day: '2025-03-31',
    source: 'forfeited_crypto',
    amount: 50_000_000n,
    navPerUnit: navOf(110_000n),
  },
  { kind: 'nav', day: '2025-06-30', navPerUnit: navOf(104_500n) },
  { kind: 'redeem', day: '2025-06-30', units: 1_913_875_598n, proceeds: 20_000_000n },
  { kind: 'nav', day: '2026-01-01', navPerUnit: navOf(114_950n) },
];

describe('holdingPerformance', () => {
  const r = holdingPerformance(holding, 6, '2026-01-01');
  if (!r.ok) throw new Error(r.message);
  const { total, bySource } = r.value;

  it('measures the holding', () => {
    expect([total.paidIn, total.paidOut, total.value]).toEqual([
      150_000_000n,
      20_000_000n,
      145_200_000n,
    ]);
    expect(total.gain).toBe(145_200_000n + 20_000_000n - 150_000_000n);
    expect(total.twr).toBeCloseTo(0.1495, 7);
    // The IRR is the XIRR of the external flows and the final value.
    const direct = xirr([
      { day: '2025-01-01', amount: -100_000_000n },
      { day: '2025-03-31', amount: -50_000_000n },
      { day: '2025-06-30', amount: 20_000_000n },
      { day: '2026-01-01', amount: 145_200_000n },
    ]);
    expect(direct.ok && total.irr).toBeCloseTo(direct.ok ? direct.value : NaN, 9);
  });

  it('measures each funding source, adding up to the holding', () => {
    expect(bySource.gold_fx_allocation.twr).toBeCloseTo(0.1495, 6);
    expect(bySource.forfeited_crypto.twr).toBeCloseTo(0.045, 6);
    expect(bySource.state_mining).toMatchObject({ value: 0n, twr: null, irr: null });
    for (const field of ['paidIn', 'paidOut', 'value', 'gain', 'fees'] as const) {
      expect(FUNDING_SOURCES.reduce((s, k) => s + bySource[k][field], 0n)).toBe(total[field]);
    }
    expect([bySource.gold_fx_allocation.paidIn, bySource.forfeited_crypto.paidIn]).toEqual([
      100_000_000n,
      50_000_000n,
    ]);
  });

  it('stops at the as-of day', () => {
    const early = holdingPerformance(holding, 6, '2025-03-31');
    expect(early.ok && [early.value.total.value, early.value.total.paidIn]).toEqual([
      160_000_000n,
      150_000_000n,
    ]);
    expect(early.ok && early.value.total.twr).toBeCloseTo(0.1, 7);
  });

  it('passes on an event that does not fold', () => {
    const bad = holdingPerformance([{ ...holding[4]!, day: '2024-01-01' }], 6, '2026-01-01');
    expect(bad.ok ? bad.value : bad.code).toBe('redemption_exceeds_holding');
  });
});

describe('portfolioPerformance', () => {
  it('chains the sum of the holdings', () => {
    // A second fund: 1,000,000.00 of mining revenue at 100.00 on 1 Jan 2025, no NAV until 110.00
    // on 1 Jan 2026. Together: 2,000,000 -> 2,100,000 (+5%) +500,000 -> 2,520,000 (2,520/2,600)
    // -200,000 -> 2,552,000 (+10%): 1.05 x 0.9692307.. x 1.10 - 1 = 11.94615..%.
    const other: AttributionEvent[] = [
      {
        kind: 'subscribe',
        day: '2025-01-01',
        source: 'state_mining',
        amount: 100_000_000n,
        navPerUnit: navOf(100_000n),
      },
      { kind: 'nav', day: '2026-01-01', navPerUnit: navOf(110_000n) },
    ];
    const r = portfolioPerformance(
      [
        { events: holding, unitScale: 6 },
        { events: other, unitScale: 6 },
      ],
      '2026-01-01',
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.value).toBe(145_200_000n + 110_000_000n);
    expect(r.value.twr).toBeCloseTo(1.05 * (2_520 / 2_600) * 1.1 - 1, 7);
    expect(r.value.paidIn).toBe(250_000_000n);
  });
});
