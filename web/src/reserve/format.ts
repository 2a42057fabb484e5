import { money, moneyShort } from '../portal/format.ts';
import type { AllocationLine, Bucket, PolicyVersion } from './types.ts';

/**
 * Pure helpers of the reserve pages: money from cent strings without floats, basis points, the
 * allocation against the policy and its caps. Charts are the only place amounts become numbers.
 */
export const BUCKET_COLOURS: Readonly<Record<Bucket, string>> = {
  gold: '#b8860b',
  fx: '#1f5fbf',
  hedge_funds: '#0b6e4f',
  venture_funds: '#7a2e9e',
};

function group(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "123456789" cents → "$1,234,567.89"; `cents: false` drops the cents (rounded half up). */
export function usd(cents: string, withCents = false): string {
  const v = BigInt(cents);
  const neg = v < 0n;
  const a = neg ? -v : v;
  const sign = neg ? '−' : '';
  if (withCents) {
    const c = (a % 100n).toString().padStart(2, '0');
    return `${sign}$${group((a / 100n).toString())}.${c}`;
  }
  return `${sign}$${group(((a + 50n) / 100n).toString())}`;
}

/** Cents as a short figure for tiles and charts: $308.2M. */
export function usdShort(cents: string): string {
  const d = Number(BigInt(cents)) / 100;
  const a = Math.abs(d);
  const sign = d < 0 ? '−' : '';
  if (a >= 1e9) return `${sign}$${(a / 1e9).toFixed(2)}bn`;
  if (a >= 1e6) return `${sign}$${(a / 1e6).toFixed(1)}M`;
  if (a >= 1e3) return `${sign}$${(a / 1e3).toFixed(1)}k`;
  return `${sign}$${a.toFixed(2)}`;
}

/** Cents string → dollars as a number, for plotting only. */
export function toDollars(cents: string): number {
  return Number(BigInt(cents)) / 100;
}

export function pct(bps: number, digits = 1): string {
  return `${(bps / 100).toFixed(digits)}%`;
}

/** A share in bps, rounded down as the server does, so the page and the alerts agree. */
export function shareBps(part: string, whole: string): number {
  const w = BigInt(whole);
  return w <= 0n ? 0 : Number((BigInt(part) * 10_000n) / w);
}

export type BandState = 'within' | 'above' | 'below';

export interface BucketRow {
  readonly bucket: Bucket;
  readonly value: string;
  readonly shareBps: number;
  readonly targetBps: number;
  readonly bandBps: number;
  readonly state: BandState;
}

export function bucketRows(lines: readonly AllocationLine[], total: string): BucketRow[] {
  return lines.map((line) => {
    // Without a policy in force a bucket has no target: it is drawn as within a full band.
    const l = { ...line, targetBps: line.targetBps ?? 0, bandBps: line.bandBps ?? 10_000 };
    const share = shareBps(l.value, total);
    const state: BandState =
      share > l.targetBps + l.bandBps
        ? 'above'
        : share < l.targetBps - l.bandBps
          ? 'below'
          : 'within';
    return { ...l, shareBps: share, state };
  });
}

export interface CapUsage {
  /** Which limit: the crypto exposure cap or the liquidity minimum. */
  readonly label: 'crypto' | 'liquidity';
  readonly measuredBps: number;
  readonly limitBps: number;
  /** `max`: usage must stay at or under the limit; `min`: at or over it. */
  readonly sense: 'max' | 'min';
  readonly breached: boolean;
}

export function capUsage(
  lines: readonly AllocationLine[],
  total: string,
  policy: PolicyVersion['policy'],
): CapUsage[] {
  const sum = (bs: readonly Bucket[]): string =>
    lines
      .filter((l) => bs.includes(l.bucket))
      .reduce((s, l) => s + BigInt(l.value), 0n)
      .toString();
  const crypto = shareBps(sum(['hedge_funds', 'venture_funds']), total);
  const liquid = shareBps(sum(['gold', 'fx']), total);
  return [
    {
      label: 'crypto',
      measuredBps: crypto,
      limitBps: policy.cryptoCapBps,
      sense: 'max',
      breached: crypto > policy.cryptoCapBps,
    },
    {
      label: 'liquidity',
      measuredBps: liquid,
      limitBps: policy.liquidityMinBps,
      sense: 'min',
      breached: liquid < policy.liquidityMinBps,
    },
  ];
}

/** "-12345" cents → "-123.45" dollars, exactly, for the locale's currency format. */
export function centsText(cents: string): string {
  const v = BigInt(cents);
  const a = v < 0n ? -v : v;
  return `${v < 0n ? '-' : ''}${(a / 100n).toString()}.${(a % 100n).toString().padStart(2, '0')}`;
}

/** Kazakh without ICU data writes numbers as Russian does (the portal's rule). */
function numbersLocale(locale: string): string {
  return locale.startsWith('kk') ? 'ru-KZ' : locale;
}

/** Cents in the locale's currency format, rounded as `usd` rounds (half away from zero). */
export function usdIn(locale: string, cents: string, withCents = false): string {
  return money(locale, centsText(cents), withCents ? 2 : 0);
}

export function usdShortIn(locale: string, cents: string): string {
  return moneyShort(locale, centsText(cents));
}

/** Basis points as a percentage in the locale, rounded exactly as `pct` rounds. */
export function pctIn(locale: string, bps: number, digits = 1): string {
  const text = (bps / 100).toFixed(digits);
  return new Intl.NumberFormat(numbersLocale(locale), {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(`${text}E-2` as `${number}`);
}

export function fixedIn(locale: string, x: number, digits = 2): string {
  return new Intl.NumberFormat(numbersLocale(locale), {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(x);
}

/** A whole-unit decimal string ("1234.5") in the locale, exactly. */
export function decimalIn(locale: string, text: string): string {
  return new Intl.NumberFormat(numbersLocale(locale), { maximumFractionDigits: 18 }).format(
    text as `${number}`,
  );
}
