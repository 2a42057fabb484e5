import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bpsPercent, sharesBps } from './shares.ts';

describe('pie shares', () => {
  it('split thirds so they still add up to 100.00%', () => {
    expect(sharesBps([1n, 1n, 1n])).toEqual([3334, 3333, 3333]);
    expect(sharesBps([210n, 100n, 40n])).toEqual([6000, 2857, 1143]);
  });

  it('give zero shares when nothing is held, and refuse a negative value', () => {
    expect(sharesBps([0n, 0n])).toEqual([0, 0]);
    expect(() => sharesBps([5n, -1n])).toThrow(/negative/);
  });

  it('always add up to exactly 10000 bps and stay within one point of the exact share', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 30n }), { minLength: 1, maxLength: 8 }),
        (values) => {
          const total = values.reduce((s, v) => s + v, 0n);
          const shares = sharesBps(values);
          if (total === 0n) return shares.every((s) => s === 0);
          expect(shares.reduce((s, v) => s + v, 0)).toBe(10_000);
          values.forEach((v, i) => {
            const exactTimesTotal = v * 10_000n;
            const shown = BigInt(shares[i] ?? 0) * total;
            const diff =
              shown > exactTimesTotal ? shown - exactTimesTotal : exactTimesTotal - shown;
            expect(diff < total).toBe(true);
          });
          return true;
        },
      ),
    );
  });

  it('print basis points as percentages with two decimals', () => {
    expect(bpsPercent(4123)).toBe('41.23');
    expect(bpsPercent(5)).toBe('0.05');
    expect(bpsPercent(10_000)).toBe('100.00');
  });
});
