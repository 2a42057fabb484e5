import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ASSETS, ASSET_CODES, assetMaxUnits } from './assets.ts';
import {
  formatUnits,
  formatUnitsFixed,
  MAX_STORABLE_UNITS,
  mulDiv,
  parseAmount,
  parseUnits,
  rescale,
} from './money.ts';

describe('amount maximums', () => {
  it('refuses an amount no numeric(78,0) column can hold, at any scale', () => {
    const nines = '9'.repeat(100);
    expect(parseUnits(nines, 0)).toMatchObject({ ok: false, code: 'amount_exceeds_maximum' });
    expect(parseUnits('9'.repeat(78), 0)).toEqual({ ok: true, value: MAX_STORABLE_UNITS });
    expect(parseUnits('1'.repeat(79), 0)).toMatchObject({ code: 'amount_exceeds_maximum' });
    expect(parseUnits('9'.repeat(61), 18)).toMatchObject({ code: 'amount_exceeds_maximum' });
    expect(parseUnits(`-${'9'.repeat(79)}`, 0, { allowNegative: true })).toMatchObject({
      code: 'amount_exceeds_maximum',
    });
    // A megabyte of digits is refused by counting, not by building the number.
    expect(parseUnits('9'.repeat(1_000_000), 8)).toMatchObject({ code: 'amount_exceeds_maximum' });
  });

  it('holds each asset to its declared maximum, and says what it is', () => {
    expect(parseAmount('21000000', 'BTC')).toEqual({ ok: true, value: 2_100_000_000_000_000n });
    expect(parseAmount('21000000.00000001', 'BTC')).toEqual({
      ok: false,
      code: 'amount_exceeds_maximum',
      message: 'the amount is above 21000000, the most allowed',
      detail: { maximum: '21000000' },
    });
    expect(parseAmount(`9990${'0'.repeat(66)}`, 'BTC')).toMatchObject({
      code: 'amount_exceeds_maximum',
    });
    expect(parseAmount('-21000001', 'BTC', { allowNegative: true })).toMatchObject({
      code: 'amount_exceeds_maximum',
    });
    for (const code of ASSET_CODES) {
      const max = formatUnits(assetMaxUnits(code), ASSETS[code].scale);
      expect(parseAmount(max, code).ok).toBe(true);
      expect(parseAmount(`${max}1`, code)).toMatchObject({ code: 'amount_exceeds_maximum' });
      // Every maximum fits the column with room for sums of many of them.
      expect(assetMaxUnits(code) * 10n ** 40n).toBeLessThan(MAX_STORABLE_UNITS);
    }
  });

  it('reads back a stored amount above the asset maximum when asked to', () => {
    expect(parseAmount('99900000000', 'BTC', { bound: 'storable' })).toEqual({
      ok: true,
      value: 9_990_000_000_000_000_000n,
    });
    expect(parseAmount('9'.repeat(80), 'BTC', { bound: 'storable' })).toMatchObject({
      code: 'amount_exceeds_maximum',
    });
  });
});

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
        fc.property(fc.bigInt({ min: 0n, max: assetMaxUnits(code) }), (x) => {
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
