import { assert } from '../core/assert.ts';
import { ASSETS, type AssetCode } from '../core/assets.ts';
import { formatUnits, mulDiv, parseUnits } from '../core/money.ts';
import { err, ok, type Result } from '../core/result.ts';

/**
 * Prices are exact integers: the value of one whole unit of an asset in a quote currency, in units
 * of 10^-PRICE_SCALE of that currency. Twelve decimals hold every price in the shared files
 * (at most six), FX rates to twelve places, and the price of a tiny token; numeric(78,0) holds any
 * magnitude. Volumes are kept at VOLUME_SCALE decimals, rounded half-even (exporters write float
 * artefacts like 1.9265781400000002).
 */
export const PRICE_SCALE = 12;
export const VOLUME_SCALE = 8;
const PRICE_ONE = 10n ** BigInt(PRICE_SCALE);

export interface PricePoint {
  readonly asset: AssetCode;
  readonly quote: AssetCode;
  /** The day the price is for, which may be earlier than the day asked for. */
  readonly day: string;
  readonly price: bigint;
  readonly source: string;
}

export type PriceError = 'price_is_not_a_decimal' | 'price_exceeds_scale' | 'price_is_not_positive';

export function parsePrice(text: string): Result<bigint, PriceError> {
  const parsed = parseUnits(text, PRICE_SCALE);
  if (!parsed.ok) {
    if (parsed.code === 'amount_exceeds_asset_scale') {
      return err('price_exceeds_scale', `"${text}" has more than ${PRICE_SCALE} decimals`);
    }
    if (parsed.code === 'amount_is_negative')
      return err('price_is_not_positive', `"${text}" is negative`);
    return err('price_is_not_a_decimal', `"${text}" is not a decimal price`);
  }
  if (parsed.value <= 0n) return err('price_is_not_positive', `"${text}" is not above zero`);
  return ok(parsed.value);
}

export function formatPrice(price: bigint): string {
  return formatUnits(price, PRICE_SCALE);
}

/** A decimal string rounded half-even to `scale` places (for volumes and FX feeds with float noise). */
export function roundDecimal(text: string, scale: number): bigint {
  const [whole = '0', fraction = ''] = text.replace(/^-/, '').split('.');
  const digits = BigInt(whole + fraction);
  const units = mulDiv(digits, 10n ** BigInt(scale), 10n ** BigInt(fraction.length));
  return text.startsWith('-') ? -units : units;
}

/** The price of `a` in `c` from `a` in `b` and `b` in `c`, one half-even rounding. */
export function crossPrice(aInB: bigint, bInC: bigint): bigint {
  return mulDiv(aInB, bInC, PRICE_ONE);
}

/** The inverse rate (`b` in `a` from `a` in `b`). */
export function invertPrice(aInB: bigint): bigint {
  assert(aInB > 0n, 'only a positive price inverts');
  return mulDiv(PRICE_ONE, PRICE_ONE, aInB);
}

/**
 * Base units of `asset` times a price in `quote` gives base units of `quote`, rounded half-even once:
 * value = units * price * 10^quoteScale / 10^(assetScale + PRICE_SCALE).
 */
export function valueInQuote(
  units: bigint,
  unitScale: number,
  price: bigint,
  quote: AssetCode,
): bigint {
  return mulDiv(
    units * price,
    10n ** BigInt(ASSETS[quote].scale),
    10n ** BigInt(unitScale + PRICE_SCALE),
  );
}

/**
 * How old a price may be before it is flagged stale, by asset kind: crypto trades every day (the
 * day's close may not be in yet, so one day back is fresh); gold and fiat skip weekends and holidays.
 */
export function staleAfterDays(asset: AssetCode): number {
  switch (ASSETS[asset].kind) {
    case 'crypto':
    case 'stablecoin':
      return 1;
    case 'commodity':
    case 'fiat':
      return 4;
  }
}

/** Whether an asset's prices are expected every calendar day or on weekdays only (gaps check). */
export function expectsWeekends(asset: AssetCode): boolean {
  const kind = ASSETS[asset].kind;
  return kind === 'crypto' || kind === 'stablecoin';
}

const MS_PER_DAY = 86_400_000;

/** True for a `YYYY-MM-DD` string naming a day that exists (no 2023-02-30). */
export function isCalendarDay(day: string): boolean {
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(day)) return false;
  const t = Date.parse(`${day}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === day;
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / MS_PER_DAY);
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Every expected day in [from, to]: all days, or weekdays only. */
export function expectedDays(from: string, to: string, weekends: boolean): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const weekday = new Date(`${d}T00:00:00Z`).getUTCDay();
    if (weekends || (weekday !== 0 && weekday !== 6)) out.push(d);
  }
  return out;
}

/** Days expected in [from, to] that have no price: the work list for manual entry. */
export function missingDays(
  have: ReadonlySet<string>,
  from: string,
  to: string,
  weekends: boolean,
): string[] {
  return expectedDays(from, to, weekends).filter((d) => !have.has(d));
}
