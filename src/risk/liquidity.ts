import { assert } from '../core/assert.ts';
import { mulDiv } from '../core/money.ts';

/**
 * The liquidity ladder: how much cash the reserve could have in hand within 1, 7, 30, 90 and 365
 * days if it asked for everything today. Pure and exact: values are bigint base units of the
 * reporting currency; fractions are basis points.
 *
 * For a fund, a redemption notice given on `asOf` is first eligible on the first dealing date that is
 * (a) at least `noticeDays` after `asOf` and (b) not before the lock-up ends. A gate pays at most
 * `gateBps` of the position per dealing date and carries the rest to the next one. Cash arrives
 * `settlementDays` after each dealing date. A side pocket and venture funds are illiquid: they count
 * in no bucket, only in `illiquid`.
 */
export const LADDER_DAYS = [1, 7, 30, 90, 365] as const;

export type RedemptionFrequency =
  'daily' | 'weekly' | 'monthly' | 'quarterly' | 'semiannual' | 'annual';

export type LiquidityTerms =
  | { readonly kind: 'cash' }
  | {
      /** Held directly and sold in the market (crypto, gold): T+settlement, optionally in tranches. */
      readonly kind: 'market';
      readonly settlementDays: number;
      /** Most of the position sellable per day without moving the market, in bps; absent = all at once. */
      readonly dailySaleBpsMax?: number;
    }
  | {
      readonly kind: 'fund';
      readonly frequency: RedemptionFrequency;
      readonly noticeDays: number;
      readonly settlementDays: number;
      /** Hard lock-up end (ISO day): no dealing date before it. */
      readonly lockupEnds?: string;
      /** Investor-level gate per dealing date, bps of the position; absent = no gate. */
      readonly gateBps?: number;
      /** Part of the position in a side pocket (bps), paid only on realisation: illiquid. */
      readonly sidePocketBps?: number;
    }
  | { readonly kind: 'venture' }
  | { readonly kind: 'illiquid'; readonly reason: string };

export interface LiquidityPosition {
  readonly id: string;
  readonly value: bigint;
  readonly terms: LiquidityTerms;
}

export interface LadderRung {
  readonly days: number;
  /** Cash obtainable within `days` (cumulative). */
  readonly cumulative: bigint;
}

export interface Ladder {
  readonly asOf: string;
  readonly total: bigint;
  readonly rungs: readonly LadderRung[];
  /** Value not obtainable within the longest rung (venture, side pockets, restricted, long gates). */
  readonly illiquid: bigint;
  /** Per position: the cash schedule as (day offset, amount), for drill-down. */
  readonly schedules: readonly { readonly id: string; readonly payments: readonly Payment[] }[];
}

export interface Payment {
  readonly day: number;
  readonly amount: bigint;
}

const MS_PER_DAY = 86_400_000;
const HORIZON_MAX = 365;

export function liquidityLadder(asOf: string, positions: readonly LiquidityPosition[]): Ladder {
  const schedules = positions.map((p) => ({ id: p.id, payments: schedule(asOf, p) }));
  const total = positions.reduce((s, p) => s + p.value, 0n);
  const rungs = LADDER_DAYS.map((days) => ({
    days,
    cumulative: schedules.reduce(
      (s, x) => s + x.payments.reduce((t, pay) => (pay.day <= days ? t + pay.amount : t), 0n),
      0n,
    ),
  }));
  const paidEver = schedules.reduce(
    (s, x) => s + x.payments.reduce((t, p) => t + p.amount, 0n),
    0n,
  );
  return { asOf, total, rungs, illiquid: total - paidEver, schedules };
}

/** Cash payments of one position within the longest horizon, as day offsets from `asOf`. */
export function schedule(asOf: string, position: LiquidityPosition): Payment[] {
  const { value, terms } = position;
  assert(value >= 0n, 'a position value is not negative');
  switch (terms.kind) {
    case 'cash':
      return [{ day: 0, amount: value }];
    case 'venture':
    case 'illiquid':
      return [];
    case 'market':
      return marketSchedule(value, terms.settlementDays, terms.dailySaleBpsMax ?? 10_000);
    case 'fund':
      return fundSchedule(asOf, value, terms);
  }
}

function marketSchedule(value: bigint, settlementDays: number, dailyBps: number): Payment[] {
  assert(dailyBps > 0 && dailyBps <= 10_000, 'daily sale bps in (0, 10000]');
  const payments: Payment[] = [];
  const tranche = mulDiv(value, BigInt(dailyBps), 10_000n, 'floor');
  let left = value;
  for (let sale = 0; left > 0n && sale + settlementDays <= HORIZON_MAX; sale++) {
    const amount = tranche > 0n && tranche < left ? tranche : left;
    payments.push({ day: sale + settlementDays, amount });
    left -= amount;
  }
  return payments;
}

function fundSchedule(
  asOf: string,
  value: bigint,
  terms: Extract<LiquidityTerms, { kind: 'fund' }>,
): Payment[] {
  const pocket = mulDiv(value, BigInt(terms.sidePocketBps ?? 0), 10_000n, 'ceil');
  const redeemable = value - pocket;
  const gate =
    terms.gateBps === undefined
      ? redeemable
      : mulDiv(value, BigInt(terms.gateBps), 10_000n, 'floor');
  assert(gate > 0n || redeemable === 0n, 'a gate lets something through');
  const start = dayNumber(asOf);
  let earliest = start + terms.noticeDays;
  if (terms.lockupEnds !== undefined) earliest = Math.max(earliest, dayNumber(terms.lockupEnds));
  const payments: Payment[] = [];
  let left = redeemable;
  for (let dealing = nextDealingDay(earliest, terms.frequency); left > 0n;) {
    const day = dealing + terms.settlementDays - start;
    if (day > HORIZON_MAX) break;
    const amount = gate < left ? gate : left;
    payments.push({ day, amount });
    left -= amount;
    dealing = nextDealingDay(dealing + 1, terms.frequency);
  }
  return payments;
}

/** Days since 1970-01-01 of an ISO day. */
export function dayNumber(day: string): number {
  const t = Date.parse(`${day}T00:00:00Z`);
  assert(Number.isFinite(t), `not a day: ${day}`);
  return Math.round(t / MS_PER_DAY);
}

export function dayString(dayNo: number): string {
  return new Date(dayNo * MS_PER_DAY).toISOString().slice(0, 10);
}

/**
 * The first dealing date on or after `dayNo`: every day; Fridays (weekly); the last calendar day of
 * the month, quarter, half-year or year.
 */
export function nextDealingDay(dayNo: number, frequency: RedemptionFrequency): number {
  if (frequency === 'daily') return dayNo;
  if (frequency === 'weekly')
    return dayNo + ((5 - new Date(dayNo * MS_PER_DAY).getUTCDay() + 7) % 7);
  const months = { monthly: 1, quarterly: 3, semiannual: 6, annual: 12 }[frequency];
  const date = new Date(dayNo * MS_PER_DAY);
  const monthIndex = date.getUTCMonth();
  // The period containing the day ends after the month whose index + 1 is a multiple of `months`.
  const endMonth = Math.floor(monthIndex / months) * months + months;
  return Math.round(Date.UTC(date.getUTCFullYear(), endMonth, 0) / MS_PER_DAY);
}
