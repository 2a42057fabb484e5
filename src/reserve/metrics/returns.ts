import { assert } from '../../core/assert.ts';
import { err, ok, type Result } from '../../core/result.ts';
import { daysBetween } from './calendar.ts';

/**
 * Money-weighted and time-weighted returns. Amounts come in as exact cents; a rate is a ratio and is
 * a float. Flows become floats only inside the rate search, never to be stored or shown as money.
 */
export interface DatedFlow {
  readonly day: string;
  /** Cents; negative is money the investor paid in, positive money received (or the final NAV). */
  readonly amount: bigint;
}

export type XirrError = 'xirr_needs_a_sign_change' | 'xirr_did_not_converge';

const DAYS_PER_YEAR = 365;
const TOLERANCE = 1e-12;
const NEWTON_STEPS = 50;

/** The float of a ratio's operand: only for rate searches and ratios. */
function asFloat(x: bigint): number {
  return Number(x);
}

interface Term {
  readonly years: number;
  readonly value: number;
}

function terms(flows: readonly DatedFlow[]): Term[] {
  const first = flows.reduce((m, f) => (f.day < m ? f.day : m), flows[0]?.day ?? '');
  // Scaled by the largest flow so that huge and tiny funds converge the same way.
  const scale = flows.reduce((m, f) => Math.max(m, Math.abs(asFloat(f.amount))), 0);
  return flows.map((f) => ({
    years: daysBetween(first, f.day) / DAYS_PER_YEAR,
    value: asFloat(f.amount) / scale,
  }));
}

/** Net present value at `rate`, with the spreadsheet convention: (1 + rate)^(days / 365). */
export function xnpv(rate: number, flows: readonly DatedFlow[]): number {
  return terms(flows).reduce((s, t) => s + t.value / (1 + rate) ** t.years, 0);
}

function npv(rate: number, ts: readonly Term[]): number {
  return ts.reduce((s, t) => s + t.value / (1 + rate) ** t.years, 0);
}

function dnpv(rate: number, ts: readonly Term[]): number {
  return ts.reduce((s, t) => s - (t.years * t.value) / (1 + rate) ** (t.years + 1), 0);
}

/**
 * The annual rate at which the flows' XNPV is zero, as a spreadsheet's XIRR defines it (dates in any
 * order; days / 365 from the earliest). Newton from 10%; when Newton leaves the domain or stalls, a
 * bisection over a bracket found by widening [-0.999999, 1] upwards. Errors: xirr_needs_a_sign_change
 * (no money both in and out: no rate solves it), xirr_did_not_converge (no bracket up to 10^9 %).
 */
export function xirr(flows: readonly DatedFlow[]): Result<number, XirrError> {
  const hasIn = flows.some((f) => f.amount < 0n);
  const hasOut = flows.some((f) => f.amount > 0n);
  if (!hasIn || !hasOut) {
    return err('xirr_needs_a_sign_change', 'XIRR needs money both paid in and received');
  }
  const ts = terms(flows);
  const newton = newtonRoot(ts, 0.1);
  if (newton !== null) return ok(newton);
  const bisected = bisectRoot(ts);
  if (bisected !== null) return ok(bisected);
  return err('xirr_did_not_converge', 'no rate between -99.9999% and 10^9 % solves the flows');
}

function newtonRoot(ts: readonly Term[], guess: number): number | null {
  let rate = guess;
  for (let i = 0; i < NEWTON_STEPS; i++) {
    const f = npv(rate, ts);
    const d = dnpv(rate, ts);
    if (!Number.isFinite(f) || !Number.isFinite(d) || d === 0) return null;
    const next = rate - f / d;
    if (!Number.isFinite(next) || next <= -1) return null;
    if (Math.abs(next - rate) < TOLERANCE * Math.max(1, Math.abs(next))) return next;
    rate = next;
  }
  return null;
}

function bisectRoot(ts: readonly Term[]): number | null {
  let lo = -0.999999;
  let hi = 1;
  const fLo = npv(lo, ts);
  while (Math.sign(npv(hi, ts)) === Math.sign(fLo)) {
    hi *= 4;
    if (hi > 1e7) return null;
  }
  for (let i = 0; i < 400 && hi - lo > TOLERANCE * Math.max(1, Math.abs(lo)); i++) {
    const mid = (lo + hi) / 2;
    if (Math.sign(npv(mid, ts)) === Math.sign(fLo)) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** A valuation taken at an external flow: the value just before it, and the flow itself. */
export interface ValuationAtFlow {
  readonly day: string;
  /** Cents, just before the flow (0 before the first subscription). */
  readonly valueBefore: bigint;
  /** Cents into the holding: subscriptions positive, redemptions and distributions negative. */
  readonly flow: bigint;
}

export interface SubPeriodReturn {
  readonly from: string;
  readonly to: string;
  readonly return: number;
}

export type TwrError =
  'twr_needs_two_valuations' | 'twr_dates_out_of_order' | 'twr_gain_without_capital';

/**
 * Time-weighted return: sub-periods end at each external flow; each returns
 * valueBefore(next) / (valueBefore + flow) - 1, and they chain as the product of (1 + r) less one.
 * A sub-period with nothing invested and nothing at its end is skipped (the holding was empty).
 */
export function timeWeightedReturn(
  points: readonly ValuationAtFlow[],
): Result<{ readonly return: number; readonly periods: readonly SubPeriodReturn[] }, TwrError> {
  if (points.length < 2)
    return err('twr_needs_two_valuations', 'a return needs a start and an end');
  const periods: SubPeriodReturn[] = [];
  let growth = 1;
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1], points[i]];
    assert(a !== undefined && b !== undefined, 'in range');
    if (b.day < a.day) return err('twr_dates_out_of_order', `${b.day} comes before ${a.day}`);
    const start = a.valueBefore + a.flow;
    if (start === 0n && b.valueBefore === 0n) continue;
    if (start <= 0n) {
      return err('twr_gain_without_capital', `nothing was invested from ${a.day} to ${b.day}`);
    }
    const r = asFloat(b.valueBefore) / asFloat(start) - 1;
    periods.push({ from: a.day, to: b.day, return: r });
    growth *= 1 + r;
  }
  return ok({ return: growth - 1, periods });
}

/**
 * A return over `days` as a yearly rate, (1 + r)^(365 / days) - 1. Null under a year: stretching a
 * few months' return to a year overstates what is known (the GIPS rule).
 */
export function annualise(r: number, days: number): number | null {
  if (days < DAYS_PER_YEAR) return null;
  return (1 + r) ** (DAYS_PER_YEAR / days) - 1;
}
