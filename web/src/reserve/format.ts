import type { AllocationLine, Bucket, PolicyVersion } from './types.ts';

/**
 * Pure helpers of the reserve pages: money from cent strings without floats, basis points, the
 * allocation against the policy and its caps. Charts are the only place amounts become numbers.
 */
export const BUCKET_LABELS: Readonly<Record<Bucket, string>> = {
  gold: 'Gold',
  fx: 'Foreign currency',
  hedge_funds: 'Crypto hedge funds',
  venture_funds: 'Blockchain venture funds',
};

export const BUCKET_COLOURS: Readonly<Record<Bucket, string>> = {
  gold: '#b8860b',
  fx: '#1f5fbf',
  hedge_funds: '#0b6e4f',
  venture_funds: '#7a2e9e',
};

export const SOURCE_LABELS: Readonly<Record<string, string>> = {
  gold_fx_allocation: 'Gold/FX allocation',
  forfeited_crypto: 'Forfeited crypto',
  state_mining: 'State mining revenue',
  repatriated: 'Repatriated assets',
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
  return lines.map((l) => {
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
  readonly label: string;
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
      label: 'Crypto exposure (hard cap)',
      measuredBps: crypto,
      limitBps: policy.cryptoCapBps,
      sense: 'max',
      breached: crypto > policy.cryptoCapBps,
    },
    {
      label: 'Liquidity (gold + FX minimum)',
      measuredBps: liquid,
      limitBps: policy.liquidityMinBps,
      sense: 'min',
      breached: liquid < policy.liquidityMinBps,
    },
  ];
}

export function ratio(x: number | null, digits = 2): string {
  return x === null ? '—' : `${x.toFixed(digits)}×`;
}

export function percentOf(x: number | null, digits = 1): string {
  return x === null ? '—' : `${(x * 100).toFixed(digits)}%`;
}

export function shortId(id: string): string {
  return `…${id.slice(-8)}`;
}
