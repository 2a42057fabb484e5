import { assert } from './assert.ts';
import { ASSETS, assetMaxUnits, type AssetCode } from './assets.ts';
import { err, ok, type Result } from './result.ts';

/**
 * Exact decimal amounts on `bigint`. Text in, text out: JSON carries amounts as decimal strings, and a
 * number is never a balance. Parsing is strict on purpose: an amount that a human could misread
 * (`1,0`, `1e5`, ` 5`) is refused instead of guessed.
 */
export type AmountError =
  | 'amount_is_empty'
  | 'amount_has_surrounding_whitespace'
  | 'amount_has_exponent'
  | 'amount_is_not_a_number'
  | 'amount_has_non_ascii_digits'
  | 'amount_has_invalid_character'
  | 'amount_is_malformed'
  | 'amount_is_negative'
  | 'amount_exceeds_asset_scale'
  | 'amount_exceeds_maximum';

export interface ParseOptions {
  /** Negative amounts are refused unless a caller asks for them (corrections, P&L). */
  readonly allowNegative?: boolean;
  /**
   * `asset` (the default) also holds an amount to its asset's declared maximum; `storable` holds it
   * only to what a column can store, for reading back amounts Kazna already accepted (a replayed
   * log may hold amounts booked before the asset maximum existed).
   */
  readonly bound?: 'asset' | 'storable';
}

/** Every amount column is `numeric(78,0)`: at most 78 digits of base units, either sign. */
export const MAX_STORABLE_DIGITS = 78;
export const MAX_STORABLE_UNITS = 10n ** BigInt(MAX_STORABLE_DIGITS) - 1n;

const WELL_FORMED = /^(-?)(0|[1-9][0-9]*)(?:\.([0-9]+))?$/;

export function parseUnits(
  text: string,
  scale: number,
  options: ParseOptions = {},
): Result<bigint, AmountError> {
  assert(Number.isInteger(scale) && scale >= 0 && scale <= 36, `bad scale ${scale}`);
  const shape = checkShape(text);
  if (!shape.ok) return shape;
  const match = WELL_FORMED.exec(text);
  if (match === null) return err('amount_is_malformed', `"${text}" is not a decimal number`);
  const [, sign = '', whole = '0', fraction = ''] = match;
  if (fraction.length > scale) {
    return err('amount_exceeds_asset_scale', `"${text}" has more than ${scale} decimals`, {
      scale,
    });
  }
  // Counting digits first keeps a megabyte of nines from reaching BigInt at all.
  if (whole.length + scale > MAX_STORABLE_DIGITS) return tooLarge(text, MAX_STORABLE_UNITS, scale);
  const units = BigInt(whole + fraction.padEnd(scale, '0'));
  if (sign === '-' && units !== 0n && options.allowNegative !== true) {
    return err('amount_is_negative', `"${text}" is negative`);
  }
  return ok(sign === '-' ? -units : units);
}

function tooLarge(text: string, maxUnits: bigint, scale: number): Result<never, AmountError> {
  const maximum = formatUnits(maxUnits, scale);
  // The text itself is not echoed: it may be a megabyte of digits.
  const sign = text.startsWith('-') ? 'below -' : 'above ';
  return err('amount_exceeds_maximum', `the amount is ${sign}${maximum}, the most allowed`, {
    maximum,
  });
}

function checkShape(text: string): Result<null, AmountError> {
  if (text.length === 0) return err('amount_is_empty', 'the amount is empty');
  if (text.trim() !== text) {
    return err('amount_has_surrounding_whitespace', 'the amount has spaces around it');
  }
  if (/^[+-]?(nan|infinity)$/i.test(text))
    return err('amount_is_not_a_number', `"${text}" is not a number`);
  if (/^[+-]?[0-9.]+[eE][+-]?[0-9]+$/.test(text)) {
    return err('amount_has_exponent', `"${text}" uses an exponent; write the digits out`);
  }
  if (/[^\p{ASCII}]/u.test(text) && /\p{Nd}/u.test(text.replace(/[0-9]/g, ''))) {
    return err('amount_has_non_ascii_digits', `"${text}" has digits that are not ASCII 0-9`);
  }
  if (/[^0-9.-]/.test(text)) {
    return err(
      'amount_has_invalid_character',
      `"${text}" has a character other than 0-9, "." or "-"`,
    );
  }
  return ok(null);
}

/** Formats base units as the shortest exact decimal string (no trailing zeros, no exponent). */
export function formatUnits(units: bigint, scale: number): string {
  assert(Number.isInteger(scale) && scale >= 0, `bad scale ${scale}`);
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction.length > 0 ? `.${fraction}` : ''}`;
}

/** Formats with exactly `scale` decimals, for statements and CSV columns that must line up. */
export function formatUnitsFixed(units: bigint, scale: number): string {
  const text = formatUnits(units, scale);
  if (scale === 0) return text;
  const [whole, fraction = ''] = text.split('.');
  return `${whole ?? '0'}.${fraction.padEnd(scale, '0')}`;
}

export function parseAmount(
  text: string,
  asset: AssetCode,
  options: ParseOptions = {},
): Result<bigint, AmountError> {
  const { scale } = ASSETS[asset];
  const parsed = parseUnits(text, scale, options);
  if (options.bound === 'storable') return parsed;
  const max = assetMaxUnits(asset);
  // Past what a column holds is past the asset's maximum too; name the one that means something.
  if (!parsed.ok)
    return parsed.code === 'amount_exceeds_maximum' ? tooLarge(text, max, scale) : parsed;
  const magnitude = parsed.value < 0n ? -parsed.value : parsed.value;
  return magnitude > max ? tooLarge(text, max, scale) : parsed;
}

export function formatAmount(units: bigint, asset: AssetCode): string {
  return formatUnits(units, ASSETS[asset].scale);
}

export type Rounding = 'floor' | 'ceil' | 'half_even';

/** a * b / c with explicit rounding; the one place valuation and pro-rata splits divide. */
export function mulDiv(a: bigint, b: bigint, c: bigint, rounding: Rounding = 'half_even'): bigint {
  assert(c !== 0n, 'mulDiv by zero');
  const n = a * b;
  const sign = n < 0n !== c < 0n ? -1n : 1n;
  const an = n < 0n ? -n : n;
  const ac = c < 0n ? -c : c;
  const q = an / ac;
  const r = an % ac;
  let roundedUp = false;
  if (r !== 0n) {
    if (rounding === 'half_even') roundedUp = 2n * r > ac || (2n * r === ac && q % 2n === 1n);
    else roundedUp = (rounding === 'ceil') === sign > 0n;
  }
  return sign * (roundedUp ? q + 1n : q);
}

/** Changes scale exactly (up) or with explicit rounding (down). */
export function rescale(
  units: bigint,
  from: number,
  to: number,
  rounding: Rounding = 'half_even',
): bigint {
  if (to >= from) return units * 10n ** BigInt(to - from);
  return mulDiv(units, 1n, 10n ** BigInt(from - to), rounding);
}
