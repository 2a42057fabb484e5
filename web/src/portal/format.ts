import { ASSETS, isAssetCode } from '../../../src/core/assets.ts';

/**
 * Formatting for the portal, per locale. Money arrives as exact decimal strings and is formatted
 * from the string (Intl formats decimal strings exactly), never through a float. Chart geometry is
 * the one place a value becomes a float, to pick a pixel.
 */
type DecimalText = `${number}`;

/**
 * Some browsers' ICU lists Kazakh but ships no data for it (Chromium prints "2026 M11 24"). Kazakh
 * writes numbers like Russian (1 270 000,5), so numbers then use ru-KZ, and dates are spelled below.
 */
let kazakhData: boolean | null = null;
function hasKazakhData(): boolean {
  kazakhData ??= new Intl.DateTimeFormat('kk-KZ', { month: 'long', timeZone: 'UTC' })
    .format(new Date(Date.UTC(2025, 0, 15)))
    .includes('қаңтар');
  return kazakhData;
}

export function numbers(locale: string): string {
  return locale.startsWith('kk') && !hasKazakhData() ? 'ru-KZ' : locale;
}

const KK_MONTHS = [
  'қаңтар',
  'ақпан',
  'наурыз',
  'сәуір',
  'мамыр',
  'маусым',
  'шілде',
  'тамыз',
  'қыркүйек',
  'қазан',
  'қараша',
  'желтоқсан',
];

function kazakhDay(iso: string): string | null {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  const month = KK_MONTHS[(m ?? 1) - 1];
  return y === undefined || d === undefined || month === undefined
    ? null
    : `${String(y)} жылғы ${String(d)} ${month}`;
}

function spelledInKazakh(locale: string): boolean {
  return locale.startsWith('kk') && !hasKazakhData();
}

export function money(locale: string, text: string, digits = 0): string {
  return new Intl.NumberFormat(numbers(locale), {
    style: 'currency',
    currency: 'USD',
    currencyDisplay: 'narrowSymbol',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(text as DecimalText);
}

/** Large sums in short form: $350M, 350 млн $. */
export function moneyShort(locale: string, text: string): string {
  return new Intl.NumberFormat(numbers(locale), {
    style: 'currency',
    currency: 'USD',
    currencyDisplay: 'narrowSymbol',
    notation: 'compact',
    maximumFractionDigits: 1,
  }).format(text as DecimalText);
}

export function decimal(locale: string, text: string): string {
  return new Intl.NumberFormat(numbers(locale), { maximumFractionDigits: 18 }).format(
    text as DecimalText,
  );
}

/** A share given as "41.23" (percent, two decimals), shown in the locale's own way. */
export function percent(locale: string, text: string): string {
  return new Intl.NumberFormat(numbers(locale), {
    style: 'percent',
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(`${text}E-2` as DecimalText);
}

export function count(locale: string, n: number): string {
  return new Intl.NumberFormat(locale).format(n);
}

export function day(locale: string, iso: string): string {
  if (spelledInKazakh(locale)) return kazakhDay(iso) ?? iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${iso.slice(0, 10)}T00:00:00Z`),
  );
}

export function dayTime(locale: string, iso: string): string {
  if (spelledInKazakh(locale)) return `${kazakhDay(iso) ?? iso}, ${iso.slice(11, 16)} UTC`;
  return new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(new Date(iso));
}

export function monthShort(locale: string, iso: string): string {
  if (spelledInKazakh(locale))
    return `${KK_MONTHS[Number(iso.slice(5, 7)) - 1] ?? ''} ${iso.slice(2, 4)}`;
  return new Intl.DateTimeFormat(locale, {
    month: 'short',
    year: '2-digit',
    timeZone: 'UTC',
  }).format(new Date(`${iso.slice(0, 10)}T00:00:00Z`));
}

/**
 * A decimal string as an exact integer key for sorting (scaled by 10^18): "-12.5" sorts below "3"
 * without passing through a float.
 */
export function decimalKey(text: string): bigint {
  const negative = text.startsWith('-');
  const [whole = '0', fraction = ''] = text.replace(/^[-+]/, '').split('.');
  const key =
    BigInt(whole === '' ? '0' : whole) * 10n ** 18n +
    BigInt(fraction.padEnd(18, '0').slice(0, 18) || '0');
  return negative ? -key : key;
}

/** Only for drawing: a decimal string as a float, to scale a shape. */
export function toPlot(text: string): number {
  return Number.parseFloat(text);
}

/** Base units ("650000000" satoshi) as a decimal string of whole units ("6.5"), exactly. */
export function fromBaseUnits(text: string, asset: string): string {
  const scale = isAssetCode(asset) ? ASSETS[asset].scale : 0;
  const negative = text.startsWith('-');
  const digits = (negative ? text.slice(1) : text).padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${frac === '' ? '' : `.${frac}`}`;
}
