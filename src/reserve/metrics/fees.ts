import { assert } from '../../core/assert.ts';
import { mulDiv } from '../../core/money.ts';
import type { HedgeFundTerms, PerformanceFee } from '../terms.ts';
import { BPS_ONE, crystallisationMonths } from '../terms.ts';
import { navPerUnitOf, valueOfUnits } from './nav.ts';

/**
 * Hedge-fund fees recomputed from the monthly NAV series and the terms (formulas and worked
 * examples: docs/design/reserve-metrics.md).
 *
 * Input per month: the NAV before that month's fees (after every earlier month's fees, i.e. what the
 * administrator reports as "NAV before fees") and the units outstanding at the month end.
 * - Management fee: navBeforeFees x rate / 12, rounded down (in favour of the investors).
 * - Performance fee: on the NAV after the management fee, per unit, over the high-water mark
 *   (HWM, NAV per unit after the last crystallised fee; at first the inception NAV per unit). It is
 *   computed and paid only at a crystallisation month end (monthly; Mar/Jun/Sep/Dec; December); in
 *   other months it is zero (an accrual is not a fee paid). Hurdle level per unit = HWM x (1 + rate x
 *   months of the period / 12), rounded up, reset every period. Hard: fee on the gain above
 *   max(HWM, hurdle). Soft: once NAV is above the hurdle, fee on the whole gain above the HWM.
 *   Fee = gain x rate, rounded down. After a fee, the HWM is the NAV per unit after fees.
 * - No equalisation or series accounting: units changing mid-period share one HWM per unit.
 */
export interface FeeSeriesPoint {
  /** Month end. */
  readonly day: string;
  readonly navBeforeFees: bigint;
  readonly units: bigint;
}

export interface FeeStart {
  /** Inception NAV per unit, or the HWM left by the last crystallisation before the series. */
  readonly highWaterMark: bigint;
}

export type FeeTerms = Pick<HedgeFundTerms, 'managementFee' | 'performanceFee' | 'unitScale'>;

export interface FeePeriod {
  readonly day: string;
  readonly navBeforeFees: bigint;
  readonly management: bigint;
  readonly performance: bigint;
  readonly navAfterFees: bigint;
  readonly crystallised: boolean;
  /** The hurdle level per unit tested at this crystallisation; null when none applied. */
  readonly hurdlePerUnit: bigint | null;
  /** The HWM per unit after this month. */
  readonly highWaterMark: bigint;
}

/** Whether the month of `day` ends a crystallisation period (calendar quarters and years). */
export function crystallisesOn(day: string, terms: PerformanceFee): boolean {
  return Number(day.slice(5, 7)) % crystallisationMonths(terms.crystallisation) === 0;
}

export function managementFee(navBeforeFees: bigint, rateBpsPerYear: number): bigint {
  return mulDiv(navBeforeFees, BigInt(rateBpsPerYear), BigInt(BPS_ONE * 12), 'floor');
}

export function computeFees(
  start: FeeStart,
  series: readonly FeeSeriesPoint[],
  terms: FeeTerms,
): FeePeriod[] {
  let hwm = start.highWaterMark;
  const out: FeePeriod[] = [];
  let previous = '';
  for (const p of series) {
    assert(previous < p.day, 'the fee series is in date order');
    previous = p.day;
    assert(p.units > 0n && p.navBeforeFees >= 0n, 'a fee month has units and a NAV');
    const management = managementFee(p.navBeforeFees, terms.managementFee.rateBpsPerYear);
    const afterManagement = p.navBeforeFees - management;
    const crystallised = crystallisesOn(p.day, terms.performanceFee);
    const perf = crystallised
      ? performanceFee(afterManagement, p.units, hwm, terms)
      : { fee: 0n, hurdlePerUnit: null };
    const navAfterFees = afterManagement - perf.fee;
    if (perf.fee > 0n) hwm = navPerUnitOf(navAfterFees, p.units, terms.unitScale);
    out.push({
      day: p.day,
      navBeforeFees: p.navBeforeFees,
      management,
      performance: perf.fee,
      navAfterFees,
      crystallised,
      hurdlePerUnit: perf.hurdlePerUnit,
      highWaterMark: hwm,
    });
  }
  return out;
}

function performanceFee(
  nav: bigint,
  units: bigint,
  hwm: bigint,
  terms: FeeTerms,
): { fee: bigint; hurdlePerUnit: bigint | null } {
  const { rateBps, hurdle, crystallisation } = terms.performanceFee;
  const at = (perUnit: bigint): bigint =>
    valueOfUnits(units, perUnit, terms.unitScale, 'half_even');
  const hurdlePerUnit =
    hurdle === null
      ? null
      : hwm +
        mulDiv(
          hwm,
          BigInt(hurdle.rateBpsPerYear * crystallisationMonths(crystallisation)),
          BigInt(BPS_ONE * 12),
          'ceil',
        );
  let base = hwm;
  if (hurdle !== null && hurdlePerUnit !== null) {
    if (hurdle.kind === 'hard') base = hurdlePerUnit > hwm ? hurdlePerUnit : hwm;
    else if (nav <= at(hurdlePerUnit)) return { fee: 0n, hurdlePerUnit };
  }
  const gain = nav - at(base);
  const fee = gain > 0n ? mulDiv(gain, BigInt(rateBps), BigInt(BPS_ONE), 'floor') : 0n;
  return { fee, hurdlePerUnit };
}

export interface ReportedFees {
  readonly day: string;
  readonly management: bigint;
  readonly performance: bigint;
}

export interface FeeCheckLine {
  readonly day: string;
  readonly expected: { readonly management: bigint; readonly performance: bigint } | null;
  readonly reported: { readonly management: bigint; readonly performance: bigint } | null;
  /** reported - expected, cents; null when either side is missing. */
  readonly managementDifference: bigint | null;
  readonly performanceDifference: bigint | null;
  readonly flagged: boolean;
}

/**
 * Administrators round per unit and per share class, so a dollar's difference is rounding; more is
 * a question for the manager.
 */
export const FEE_TOLERANCE_CENTS = 100n;

/**
 * Recomputes the fees and sets them beside the reported ones, month by month. A month is flagged
 * when either fee differs by more than the tolerance, or when only one side has the month (a fee
 * reported with no NAV, or a NAV with no fee report).
 */
export function feeCheck(
  start: FeeStart,
  series: readonly FeeSeriesPoint[],
  terms: FeeTerms,
  reported: readonly ReportedFees[],
  toleranceCents: bigint = FEE_TOLERANCE_CENTS,
): FeeCheckLine[] {
  const expected = new Map(computeFees(start, series, terms).map((p) => [p.day, p]));
  const byDay = new Map(reported.map((r) => [r.day, r]));
  const days = [...new Set([...expected.keys(), ...byDay.keys()])].sort();
  const abs = (x: bigint): bigint => (x < 0n ? -x : x);
  return days.map((day) => {
    const e = expected.get(day);
    const r = byDay.get(day);
    const md = e && r ? r.management - e.management : null;
    const pd = e && r ? r.performance - e.performance : null;
    return {
      day,
      expected: e ? { management: e.management, performance: e.performance } : null,
      reported: r ? { management: r.management, performance: r.performance } : null,
      managementDifference: md,
      performanceDifference: pd,
      flagged: md === null || pd === null || abs(md) > toleranceCents || abs(pd) > toleranceCents,
    };
  });
}
