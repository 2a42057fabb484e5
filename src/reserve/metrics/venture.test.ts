import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { irrFlows, type VentureInput, ventureMetrics } from './venture.ts';

/*
 * A 10,000,000.00 USD commitment (cents below). Calls of 2,000,000.00 (due 31 Mar 2020),
 * 3,000,000.00 (due 30 Jun 2021) and 1,500,000.00 (noticed 15 Sep, due 30 Sep 2022); a cash
 * distribution of 1,000,000.00 and one in kind worth 500,000.00; NAVs 5,200,000.00 at the end of
 * 2021 and 7,500,000.00 at the end of 2024.
 */
const fund: VentureInput = {
  commitment: 1_000_000_000n,
  calls: [
    { noticeDay: '2020-03-15', dueDay: '2020-03-31', amount: 200_000_000n },
    { noticeDay: '2021-06-15', dueDay: '2021-06-30', amount: 300_000_000n },
    { noticeDay: '2022-09-15', dueDay: '2022-09-30', amount: 150_000_000n },
  ],
  distributions: [
    { day: '2023-06-30', kind: 'cash', amount: 100_000_000n },
    { day: '2024-03-31', kind: 'in_kind', amount: 50_000_000n },
  ],
  navs: [
    { day: '2021-12-31', value: 520_000_000n },
    { day: '2024-12-31', value: 750_000_000n },
  ],
};

const reference = JSON.parse(
  readFileSync(new URL('./fixtures/xirr-expected.json', import.meta.url), 'utf8'),
) as { expected: { name: string; xirr: string }[] };
const spreadsheetIrr = Number(
  reference.expected.find((e) => e.name === 'venture_metrics_example')?.xirr,
);

describe('ventureMetrics', () => {
  it.each<
    [string, bigint, bigint, bigint, bigint, bigint, number | null, number | null, number | null]
  >([
    // as of, called, paid in, distributed, residual, unfunded, TVPI, DPI, RVPI
    ['2020-01-01', 0n, 0n, 0n, 0n, 1_000_000_000n, null, null, null],
    // Noticed, not yet due: called but not paid in.
    ['2020-03-20', 200_000_000n, 0n, 0n, 0n, 800_000_000n, null, null, null],
    // 5.2M / 5.0M = 1.04.
    ['2021-12-31', 500_000_000n, 500_000_000n, 0n, 520_000_000n, 500_000_000n, 1.04, 0, 1.04],
    ['2022-09-20', 650_000_000n, 500_000_000n, 0n, 520_000_000n, 350_000_000n, 1.04, 0, 1.04],
    // (1.5M + 7.5M) / 6.5M = 1.384615..; 1.5 / 6.5 = 0.230769..; 7.5 / 6.5 = 1.153846..
    [
      '2024-12-31',
      650_000_000n,
      650_000_000n,
      150_000_000n,
      750_000_000n,
      350_000_000n,
      9 / 6.5,
      1.5 / 6.5,
      7.5 / 6.5,
    ],
  ])('as of %s', (asOf, called, paidIn, distributed, residual, unfunded, tvpi, dpi, rvpi) => {
    const r = ventureMetrics(fund, asOf);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const m = r.value;
    expect([m.called, m.paidIn, m.distributed, m.residual, m.unfunded]).toEqual([
      called,
      paidIn,
      distributed,
      residual,
      unfunded,
    ]);
    for (const [got, want] of [
      [m.tvpi, tvpi],
      [m.dpi, dpi],
      [m.rvpi, rvpi],
    ] as const) {
      if (want === null) expect(got).toBeNull();
      else expect(got).toBeCloseTo(want, 12);
    }
  });

  it('computes the IRR the spreadsheet gives for the same flows', () => {
    const r = ventureMetrics(fund, '2024-12-31');
    expect(r.ok && r.value.irrError).toBe(null);
    expect(Math.abs((r.ok ? (r.value.irr ?? NaN) : NaN) - spreadsheetIrr)).toBeLessThan(1e-6);
  });

  it('has no IRR before money went both ways', () => {
    const r = ventureMetrics({ ...fund, navs: [] }, '2021-12-31');
    expect(r.ok ? [r.value.irr, r.value.irrError] : r.code).toEqual([
      null,
      'xirr_needs_a_sign_change',
    ]);
  });

  it('puts a stale NAV at the as-of day when flows followed it', () => {
    // NAV of 31 Dec 2021, then a call due 30 Sep 2022: the residual counts on the as-of day.
    const flows = irrFlows(fund.calls, [], fund.navs[0]!, '2022-12-31');
    expect(flows.at(-1)).toEqual({ day: '2022-12-31', amount: 520_000_000n });
    const inOrder = irrFlows(fund.calls.slice(0, 2), [], fund.navs[0]!, '2022-12-31');
    expect(inOrder.at(-1)).toEqual({ day: '2021-12-31', amount: 520_000_000n });
  });

  it('refuses calls above the commitment', () => {
    const r = ventureMetrics({ ...fund, commitment: 649_999_999n }, '2024-12-31');
    expect(r.ok ? r.value : r.code).toBe('calls_exceed_commitment');
  });
});
