import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { annualise, type DatedFlow, timeWeightedReturn, xirr, xnpv } from './returns.ts';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

const flows = fixture('xirr-flows.json') as {
  tables: { name: string; flows: [string, string][] }[];
};
const expected = fixture('xirr-expected.json') as {
  tool: string;
  expected: { name: string; xirr: string }[];
};
const table = (name: string): DatedFlow[] =>
  (flows.tables.find((t) => t.name === name)?.flows ?? []).map(([day, amount]) => ({
    day,
    amount: BigInt(amount),
  }));

describe('xirr against the spreadsheet', () => {
  it('has a reference value for every table, from a named spreadsheet', () => {
    expect(expected.tool).toMatch(/^LibreOffice \d/);
    expect(expected.expected.map((e) => e.name)).toEqual(flows.tables.map((t) => t.name));
    expect(flows.tables.length).toBeGreaterThanOrEqual(5);
  });

  it.each(expected.expected)('$name: $xirr', ({ name, xirr: reference }) => {
    const r = xirr(table(name));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Math.abs(r.value - Number(reference))).toBeLessThan(1e-6);
    expect(Math.abs(xnpv(r.value, table(name)))).toBeLessThan(1e-9);
  });

  it('falls back to bisection when Newton leaves the domain', () => {
    // 99% lost in a year (365 days in 2023): the rate is -0.99. From 10%, Newton's first step lands
    // near -120, below -100%, so the bisection finds it.
    const r = xirr([
      { day: '2023-01-01', amount: -100_000n },
      { day: '2024-01-01', amount: 1_000n },
    ]);
    expect(r.ok ? r.value : r.code).toBeCloseTo(-0.99, 9);
  });

  it('reaches a rate far above its 10% start', () => {
    // 10,000 times the money in a year (2024 has 366 days; 31 Dec is 365 days on): 999,900%.
    const r = xirr([
      { day: '2024-01-01', amount: -100n },
      { day: '2024-12-31', amount: 1_000_000n },
    ]);
    expect(r.ok ? r.value : r.code).toBeCloseTo(9_999, 6);
  });

  it.each<[string, DatedFlow[], string]>([
    [
      'only money in',
      [
        { day: '2024-01-01', amount: -1n },
        { day: '2025-01-01', amount: -1n },
      ],
      'xirr_needs_a_sign_change',
    ],
    ['only money out', [{ day: '2024-01-01', amount: 1n }], 'xirr_needs_a_sign_change'],
    ['no flows', [], 'xirr_needs_a_sign_change'],
    // Everything on one day: the value does not depend on the rate, so no rate solves it.
    [
      'in and out on one day',
      [
        { day: '2024-01-01', amount: -2n },
        { day: '2024-01-01', amount: 1n },
      ],
      'xirr_did_not_converge',
    ],
  ])('refuses %s', (_, fs, code) => {
    const r = xirr(fs);
    expect(r.ok ? r.value : r.code).toBe(code);
  });
});

describe('time-weighted return', () => {
  /*
   * 1 Jan 2025: 1,000,000.00 in.        start 1,000,000.00
   * 31 Mar: worth 1,100,000.00 (+10%), then 500,000.00 in: 1,600,000.00
   * 30 Jun: worth 1,520,000.00 (1,520,000 / 1,600,000 = 0.95: -5%), then 200,000.00 out: 1,320,000.00
   * 1 Jan 2026: worth 1,452,000.00 (1,452,000 / 1,320,000 = 1.10: +10%)
   * TWR = 1.10 x 0.95 x 1.10 - 1 = 1.1495 - 1 = 14.95%, over 365 days: annualised the same.
   * (The money-weighted return differs: more money was in during the -5% quarter.)
   */
  const series = [
    { day: '2025-01-01', valueBefore: 0n, flow: 100_000_000n },
    { day: '2025-03-31', valueBefore: 110_000_000n, flow: 50_000_000n },
    { day: '2025-06-30', valueBefore: 152_000_000n, flow: -20_000_000n },
    { day: '2026-01-01', valueBefore: 145_200_000n, flow: 0n },
  ];

  it('chains the sub-period returns', () => {
    const r = timeWeightedReturn(series);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.return).toBeCloseTo(0.1495, 12);
    expect(r.value.periods.map((p) => p.return)).toEqual([
      expect.closeTo(0.1, 12),
      expect.closeTo(-0.05, 12),
      expect.closeTo(0.1, 12),
    ]);
    expect(annualise(r.value.return, 365)).toBeCloseTo(0.1495, 12);
  });

  it('skips a time with nothing invested, and refuses a gain from nothing', () => {
    const empty = [{ day: '2024-06-30', valueBefore: 0n, flow: 0n }, ...series];
    const skipped = timeWeightedReturn(empty);
    expect(skipped.ok ? skipped.value.return : skipped.code).toBeCloseTo(0.1495, 12);
    const fromNothing = [
      { day: '2024-06-30', valueBefore: 0n, flow: 0n },
      { ...series[1]!, flow: 0n },
    ];
    const r = timeWeightedReturn(fromNothing);
    expect(r.ok ? r.value : r.code).toBe('twr_gain_without_capital');
    const one = timeWeightedReturn(series.slice(0, 1));
    expect(one.ok ? one.value : one.code).toBe('twr_needs_two_valuations');
    const back = timeWeightedReturn([series[1]!, series[0]!]);
    expect(back.ok ? back.value : back.code).toBe('twr_dates_out_of_order');
  });

  it('annualises a year or more only', () => {
    // 21% over two years (730 days) is 10% a year: 1.1 x 1.1 = 1.21.
    expect(annualise(0.21, 730)).toBeCloseTo(0.1, 12);
    expect(annualise(0.05, 180)).toBeNull();
  });
});
