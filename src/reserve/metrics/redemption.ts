import { assert } from '../../core/assert.ts';
import { mulDiv } from '../../core/money.ts';
import { err, ok, type Result } from '../../core/result.ts';
import type { HedgeFundTerms, LockUp, RedemptionFrequency } from '../terms.ts';
import { BPS_ONE } from '../terms.ts';
import { addDays, addMonths, monthEnd } from './calendar.ts';
import { valueOfUnits } from './nav.ts';

/**
 * A hedge-fund redemption decided against the terms, purely. The rules (docs/design/reserve-metrics.md):
 * - Dealing dates are month ends (monthly) or quarter ends (quarterly).
 * - Notice never rejects: the request deals on the first dealing date at least `noticeDays` after it.
 * - Units leave oldest lot first (FIFO), so lock-ups see the units most likely to be free.
 * - Lock-up is judged on the dealing date: a lot is locked until `months` after its subscription.
 *   Hard: a request that needs a locked unit is refused whole. Soft: the locked units pay the penalty.
 * - The gate caps the units dealt on the date; the rest is queued for the next dealing date, where
 *   it is decided again (so a queued remainder can leave its lock-up meanwhile).
 */
export interface UnitLot {
  readonly subscribedOn: string;
  readonly units: bigint;
}

export interface RedemptionInput {
  readonly terms: Pick<HedgeFundTerms, 'lockUp' | 'noticeDays' | 'redemptionFrequency' | 'gate'> & {
    readonly unitScale: number;
  };
  /** The investor's units still held, by subscription. */
  readonly lots: readonly UnitLot[];
  readonly requestedOn: string;
  readonly units: bigint;
  /** NAV per unit struck for the dealing date (NAV_PER_UNIT_SCALE). */
  readonly dealingNavPerUnit: bigint;
  /**
   * For a fund-level gate: units outstanding in the fund and units requested by every investor
   * (this request included) for the dealing date. Null when the gate is not fund-level.
   */
  readonly fund: { readonly unitsOutstanding: bigint; readonly unitsRequested: bigint } | null;
}

export interface LotTaken {
  readonly subscribedOn: string;
  readonly units: bigint;
  readonly inLockUp: boolean;
}

export interface RedemptionDecision {
  readonly dealingDate: string;
  readonly unitsRedeemed: bigint;
  /** Gated remainder, to deal on `queuedTo`; zero when nothing is gated. */
  readonly unitsQueued: bigint;
  readonly queuedTo: string | null;
  /** Value of the redeemed units at the dealing NAV, cents, rounded down. */
  readonly gross: bigint;
  /** Soft lock-up penalty kept by the fund, cents, rounded up. */
  readonly penalty: bigint;
  readonly net: bigint;
  readonly lotsTaken: readonly LotTaken[];
}

export type RedemptionError =
  'redemption_units_not_positive' | 'redemption_exceeds_holding' | 'redemption_in_lockup';

/** The first dealing date on or after `requestedOn + noticeDays`. */
export function nextDealingDate(
  frequency: RedemptionFrequency,
  noticeDays: number,
  requestedOn: string,
): string {
  let day = monthEnd(addDays(requestedOn, noticeDays));
  while (frequency === 'quarterly' && Number(day.slice(5, 7)) % 3 !== 0) {
    day = monthEnd(addMonths(day.slice(0, 8) + '01', 1));
  }
  return day;
}

/** The day a lot leaves its lock-up (the first day it may deal freely); null without a lock-up. */
export function lockUpEnds(lockUp: LockUp, subscribedOn: string): string | null {
  return lockUp.kind === 'none' ? null : addMonths(subscribedOn, lockUp.months);
}

/**
 * Errors: redemption_units_not_positive; redemption_exceeds_holding (more than the lots hold);
 * redemption_in_lockup (hard lock-up: a unit to deal is still locked on the dealing date; the
 * detail says until when).
 */
export function decideRedemption(
  input: RedemptionInput,
): Result<RedemptionDecision, RedemptionError> {
  const { terms, units } = input;
  if (units <= 0n) return err('redemption_units_not_positive', 'redeem at least one unit fraction');
  const held = input.lots.reduce((s, l) => s + l.units, 0n);
  if (units > held) {
    return err('redemption_exceeds_holding', `${units} units asked, ${held} held`, {
      requested: units.toString(),
      held: held.toString(),
    });
  }
  const dealingDate = nextDealingDate(
    terms.redemptionFrequency,
    terms.noticeDays,
    input.requestedOn,
  );
  const taken = takeFifo(input.lots, units, terms.lockUp, dealingDate);
  const locked = taken.find((l) => l.inLockUp);
  if (terms.lockUp.kind === 'hard' && locked !== undefined) {
    const until = lockUpEnds(terms.lockUp, locked.subscribedOn);
    return err('redemption_in_lockup', `units subscribed on ${locked.subscribedOn} are locked`, {
      dealingDate,
      lockedUntil: until,
    });
  }
  const dealt = gatedUnits(input, held);
  const lotsTaken = takeFifo(input.lots, dealt, terms.lockUp, dealingDate);
  const nav = input.dealingNavPerUnit;
  const gross = valueOfUnits(dealt, nav, terms.unitScale);
  const penalty = softPenalty(terms.lockUp, lotsTaken, nav, terms.unitScale);
  const unitsQueued = units - dealt;
  return ok({
    dealingDate,
    unitsRedeemed: dealt,
    unitsQueued,
    queuedTo:
      unitsQueued > 0n
        ? nextDealingDate(terms.redemptionFrequency, 0, addDays(dealingDate, 1))
        : null,
    gross,
    penalty,
    net: gross - penalty,
    lotsTaken,
  });
}

/** Oldest lots first; a lot's units are locked when the dealing date is before its lock-up ends. */
function takeFifo(
  lots: readonly UnitLot[],
  units: bigint,
  lockUp: LockUp,
  dealingDate: string,
): LotTaken[] {
  const ordered = [...lots].sort((a, b) => a.subscribedOn.localeCompare(b.subscribedOn));
  const out: LotTaken[] = [];
  let left = units;
  for (const lot of ordered) {
    if (left === 0n) break;
    const take = lot.units < left ? lot.units : left;
    if (take === 0n) continue;
    const ends = lockUpEnds(lockUp, lot.subscribedOn);
    out.push({
      subscribedOn: lot.subscribedOn,
      units: take,
      inLockUp: ends !== null && dealingDate < ends,
    });
    left -= take;
  }
  assert(left === 0n, 'takeFifo: the lots hold fewer units than asked');
  return out;
}

/**
 * Units dealt under the gate. Fund-level: at most `bps` of the units outstanding leave on the date,
 * shared pro rata among the requests (rounded down). Investor-level: at most `bps` of the
 * investor's holding. Without a gate, everything.
 */
function gatedUnits(input: RedemptionInput, held: bigint): bigint {
  const gate = input.terms.gate;
  if (gate === null) return input.units;
  if (gate.basis === 'investor') {
    const cap = mulDiv(held, BigInt(gate.bps), BigInt(BPS_ONE), 'floor');
    return input.units < cap ? input.units : cap;
  }
  assert(input.fund !== null, 'a fund-level gate needs the fund totals for the date');
  const { unitsOutstanding, unitsRequested } = input.fund;
  assert(unitsRequested >= input.units, 'the fund total includes this request');
  const cap = mulDiv(unitsOutstanding, BigInt(gate.bps), BigInt(BPS_ONE), 'floor');
  if (unitsRequested <= cap) return input.units;
  return mulDiv(input.units, cap, unitsRequested, 'floor');
}

function softPenalty(
  lockUp: LockUp,
  lots: readonly LotTaken[],
  navPerUnit: bigint,
  unitScale: number,
): bigint {
  if (lockUp.kind !== 'soft') return 0n;
  const lockedUnits = lots.filter((l) => l.inLockUp).reduce((s, l) => s + l.units, 0n);
  const lockedValue = valueOfUnits(lockedUnits, navPerUnit, unitScale);
  return mulDiv(lockedValue, BigInt(lockUp.penaltyBps), BigInt(BPS_ONE), 'ceil');
}
