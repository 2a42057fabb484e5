import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ASSETS, ASSET_CODES } from './assets.ts';
import {
  formatUnits,
  formatUnitsFixed,
  mulDiv,
  parseAmount,
  parseUnits,
  rescale,
} from './money.ts';

describe('parseUnits / formatUnits', () => {
  it('round-trips random bigints at every scale', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }),
        fc.integer({ min: 0, max: 18 }),
        (x, scale) => {
          const parsed = parseUnits(formatUnits(x, scale), scale, { allowNegative: true });
          expect(parsed).toEqual({ ok: true, value: x });
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('round-trips at each registered asset scale', () => {
    for (const code of ASSET_CODES) {
      fc.assert(
        fc.property(fc.bigInt({ min: 0n, max: 10n ** 30n }), (x) => {
          expect(parseAmount(formatUnits(x, ASSETS[code].scale), code)).toEqual({
            ok: true,
            value: x,
          });
        }),
        { numRuns: 200 },
      );
    }
  });

  it('keeps 18-decimal values exact through add, subtract, multiply and rescale', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 27n }),
        fc.bigInt({ min: 1n, max: 10n ** 27n }),
        (a, b) => {
          const sum = a + b;
          expect(parseUnits(formatUnits(sum, 18), 18)).toEqual({ ok: true, value: sum });
          expect(sum - b).toBe(a);
          expect(rescale(rescale(a, 18, 36), 36, 18)).toBe(a);
          expect(mulDiv(a, b, b)).toBe(a);
        },
      ),
    );
    const wei = parseUnits('1.000000000000000001', 18);
    expect(wei).toEqual({ ok: true, value: 1000000000000000001n });
  });

  it.each([
    ['1e5', 'amount_has_exponent'],
    ['1.5E-3', 'amount_has_exponent'],
    ['0.123456789', 'amount_exceeds_asset_scale'],
    ['-1', 'amount_is_negative'],
    [' 1', 'amount_has_surrounding_whitespace'],
    ['1 ', 'amount_has_surrounding_whitespace'],
    ['1,0', 'amount_has_invalid_character'],
    ['', 'amount_is_empty'],
    ['NaN', 'amount_is_not_a_number'],
    ['Infinity', 'amount_is_not_a_number'],
    ['١٢٣', 'amount_has_non_ascii_digits'],
    ['１', 'amount_has_non_ascii_digits'],
    ['1.', 'amount_is_malformed'],
    ['.5', 'amount_is_malformed'],
    ['--1', 'amount_is_malformed'],
    ['0x10', 'amount_has_invalid_character'],
  ])('rejects %j with %s', (text, code) => {
    const result = parseAmount(text, 'BTC');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.code).toBe(code);
  });

  it('accepts negatives only when asked', () => {
    expect(parseUnits('-1.5', 2, { allowNegative: true })).toEqual({ ok: true, value: -150n });
  });

  it('formats with fixed decimals for statements', () => {
    expect(formatUnitsFixed(150n, 2)).toBe('1.50');
    expect(formatUnitsFixed(-5n, 8)).toBe('-0.00000005');
    expect(formatUnits(0n, 18)).toBe('0');
  });
});

describe('mulDiv', () => {
  it('rounds half to even, floor and ceil', () => {
    expect(mulDiv(5n, 1n, 2n)).toBe(2n);
    expect(mulDiv(7n, 1n, 2n)).toBe(4n);
    expect(mulDiv(-5n, 1n, 2n)).toBe(-2n);
    expect(mulDiv(5n, 1n, 2n, 'ceil')).toBe(3n);
    expect(mulDiv(-5n, 1n, 2n, 'floor')).toBe(-3n);
    expect(mulDiv(-5n, 1n, 2n, 'ceil')).toBe(-2n);
  });
});
