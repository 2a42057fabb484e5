import { describe, expect, it } from 'vitest';
import type { Hurdle } from '../terms.ts';
import {
  computeFees,
  crystallisesOn,
  type FeeSeriesPoint,
  type FeeTerms,
  feeCheck,
  managementFee,
} from './fees.ts';

/*
 * Every example: 1,000 units (unit scale 6) and an inception NAV of 100.00 USD per unit, so the
 * high-water mark starts at 100.00 and "NAV x.xx per unit" means a fund NAV of 1,000 x x.xx USD.
 * Amounts below are cents.
 */
const UNITS = 1_000n * 1_000_000n;
const perUnit = (usd: number): bigint => BigInt(Math.round(usd * 100)) * 10n ** 10n;
const start = { highWaterMark: perUnit(100) };
const month = (day: string, navCents: bigint): FeeSeriesPoint => ({
  day,
  navBeforeFees: navCents,
  units: UNITS,
});
const terms = (
  crystallisation: 'monthly' | 'quarterly' | 'annual',
  hurdle: Hurdle | null = null,
  managementBps = 0,
): FeeTerms => ({
  managementFee: { rateBpsPerYear: managementBps },
  performanceFee: { rateBps: 2_000, hurdle, crystallisation },
  unitScale: 6,
});
const fees = (series: FeeSeriesPoint[], t: FeeTerms): [string, bigint, bigint, bigint][] =>
  computeFees(start, series, t).map((p) => [p.day, p.management, p.performance, p.highWaterMark]);

describe('performance fee over a high-water mark (20%, monthly crystallisation)', () => {
  it('charges a gain, nothing on a loss or a recovery below the mark, then only above it', () => {
    const series = [
      // Jan: NAV 110.00. Gain over HWM 100: 1,000 x 10.00 = 10,000.00 USD; fee 20% = 2,000.00.
      //      NAV after fees 108,000.00 USD, so the HWM becomes 108.00.
      month('2025-01-31', 11_000_000n),
      // Feb: a loss to 97.20. Below the HWM: no fee, HWM stays 108.00.
      month('2025-02-28', 9_720_000n),
      // Mar: recovers to 105.00, still below 108.00: no fee.
      month('2025-03-31', 10_500_000n),
      // Apr: 113.00. Fee only on the gain above 108.00: 1,000 x 5.00 x 20% = 1,000.00.
      //      After fees 112,000.00 USD: HWM 112.00.
      month('2025-04-30', 11_300_000n),
    ];
    expect(fees(series, terms('monthly'))).toEqual([
      ['2025-01-31', 0n, 200_000n, perUnit(108)],
      ['2025-02-28', 0n, 0n, perUnit(108)],
      ['2025-03-31', 0n, 0n, perUnit(108)],
      ['2025-04-30', 0n, 100_000n, perUnit(112)],
    ]);
  });
});

describe('crystallisation frequency', () => {
  // Jan 110.00, Feb 104.00, Mar 106.00.
  const series = [
    month('2025-01-31', 11_000_000n),
    month('2025-02-28', 10_400_000n),
    month('2025-03-31', 10_600_000n),
  ];

  it('monthly pays the January peak and nothing after', () => {
    // Jan: (110 - 100) x 1,000 x 20% = 2,000.00 (HWM 108.00); Feb, Mar below 108.00: nothing.
    expect(fees(series, terms('monthly')).map((r) => r[2])).toEqual([200_000n, 0n, 0n]);
  });

  it('quarterly pays only on the quarter-end NAV', () => {
    // Only 31 Mar crystallises: (106 - 100) x 1,000 x 20% = 1,200.00; HWM = 104,800 / 1,000 = 104.80.
    expect(fees(series, terms('quarterly'))).toEqual([
      ['2025-01-31', 0n, 0n, perUnit(100)],
      ['2025-02-28', 0n, 0n, perUnit(100)],
      ['2025-03-31', 0n, 120_000n, perUnit(104.8)],
    ]);
  });

  it('knows its calendar', () => {
    const q = terms('quarterly').performanceFee;
    const a = terms('annual').performanceFee;
    expect(['2025-03-31', '2025-04-30', '2025-12-31'].map((d) => crystallisesOn(d, q))).toEqual([
      true,
      false,
      true,
    ]);
    expect(['2025-06-30', '2025-12-31'].map((d) => crystallisesOn(d, a))).toEqual([false, true]);
  });
});

describe('hurdle (12% a year, quarterly: 3% a quarter, so 103.00 over a HWM of 100.00)', () => {
  const quarter = (marchNav: bigint): FeeSeriesPoint[] => [
    month('2025-01-31', 10_100_000n),
    month('2025-02-28', 10_200_000n),
    month('2025-03-31', marchNav),
  ];
  it.each<[string, 'hard' | 'soft', bigint, bigint, bigint]>([
    // Hard at 110.00: fee on 110 - 103 = 7.00 x 1,000 x 20% = 1,400.00; HWM (110,000 - 1,400) / 1,000.
    ['hard, beaten', 'hard', 11_000_000n, 140_000n, perUnit(108.6)],
    // Soft at 110.00: hurdle beaten, so fee on 110 - 100 = 10.00 x 1,000 x 20% = 2,000.00.
    ['soft, beaten', 'soft', 11_000_000n, 200_000n, perUnit(108)],
    // 102.50 is above the HWM but below the hurdle: no fee either way, HWM unchanged.
    ['hard, not beaten', 'hard', 10_250_000n, 0n, perUnit(100)],
    ['soft, not beaten', 'soft', 10_250_000n, 0n, perUnit(100)],
    // Exactly at the hurdle is not above it.
    ['soft, exactly at the hurdle', 'soft', 10_300_000n, 0n, perUnit(100)],
  ])('%s', (_, kind, marchNav, fee, hwm) => {
    const rows = computeFees(
      start,
      quarter(marchNav),
      terms('quarterly', { rateBpsPerYear: 1_200, kind }),
    );
    const march = rows[2]!;
    expect([march.performance, march.highWaterMark, march.hurdlePerUnit]).toEqual([
      fee,
      hwm,
      perUnit(103),
    ]);
  });
});

describe('management fee (2% a year, accrued monthly on NAV before fees)', () => {
  it('is a twelfth of the rate on the month NAV, rounded down', () => {
    // 120,000.00 USD x 2% / 12 = 200.00 USD.
    expect(managementFee(12_000_000n, 200)).toBe(20_000n);
    // 12,345.67 USD x 2% / 12 = 20.5761(1) USD -> 2,057 cents.
    expect(managementFee(1_234_567n, 200)).toBe(2_057n);
  });

  it('comes off before the performance fee', () => {
    // NAV 120.00: management 200.00, leaving 119,800.00; gain over 100.00 is 19,800.00; 20% =
    // 3,960.00; NAV after fees 115,840.00, so the HWM is 115.84.
    expect(fees([month('2025-01-31', 12_000_000n)], terms('monthly', null, 200))).toEqual([
      ['2025-01-31', 20_000n, 396_000n, perUnit(115.84)],
    ]);
  });
});

describe('feeCheck', () => {
  const series = [month('2025-01-31', 12_000_000n), month('2025-02-28', 11_000_000n)];
  const t = terms('monthly', null, 200);
  // Expected: Jan 20,000 + 396,000 (above); Feb 110,000.00 x 2% / 12 = 183.33 -> 18,333; no perf.

  it('passes fees within a dollar, flags more, and flags a month on one side only', () => {
    const lines = feeCheck(start, series, t, [
      { day: '2025-01-31', management: 20_000n, performance: 396_100n },
      { day: '2025-02-28', management: 18_434n, performance: 0n },
      { day: '2025-03-31', management: 18_000n, performance: 0n },
    ]);
    expect(
      lines.map((l) => [l.day, l.managementDifference, l.performanceDifference, l.flagged]),
    ).toEqual([
      ['2025-01-31', 0n, 100n, false],
      ['2025-02-28', 101n, 0n, true],
      ['2025-03-31', null, null, true],
    ]);
    expect(lines[1]?.expected).toEqual({ management: 18_333n, performance: 0n });
    const missing = feeCheck(start, series, t, []);
    expect(missing.map((l) => [l.day, l.reported, l.flagged])).toEqual([
      ['2025-01-31', null, true],
      ['2025-02-28', null, true],
    ]);
  });

  it('flags a performance fee charged below the high-water mark', () => {
    // Feb 110.00 after January's fee left the HWM at 115.84: a fee on Feb is wrong.
    const lines = feeCheck(start, series, t, [
      { day: '2025-01-31', management: 20_000n, performance: 396_000n },
      { day: '2025-02-28', management: 18_333n, performance: 200_000n },
    ]);
    expect(lines.map((l) => l.flagged)).toEqual([false, true]);
  });
});
