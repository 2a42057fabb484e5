import { err, ok, type Result } from '../../core/result.ts';
import {
  attribute,
  type AttributionError,
  type AttributionEvent,
  type AttributionPoint,
  FUNDING_SOURCES,
  type FundingSource,
} from './attribution.ts';
import {
  type DatedFlow,
  timeWeightedReturn,
  type ValuationAtFlow,
  type XirrError,
  xirr,
} from './returns.ts';

/**
 * Performance of the reserve's holdings, in total, per manager and per funding source, from the
 * same events attribution folds (subscriptions, NAVs, fees, redemptions). External flows are
 * subscriptions (in) and redemption proceeds (out); fees inside a fund's NAV are already in its NAV
 * per unit, and `fees` counts only fees charged to the holding as `fee` events.
 * - TWR: sub-periods end on each day with an external flow; values are end of day, so the value
 *   before a day's flows is the day's closing value less the day's net flow (a redemption penalty is
 *   a loss of the sub-period it ends).
 * - IRR: XIRR of the subscriptions (out), proceeds (in) and the value on the as-of day (in).
 * - Per source: the same, on the source's share of units, values and proceeds.
 */
export interface Figures {
  readonly paidIn: bigint;
  readonly paidOut: bigint;
  readonly value: bigint;
  /** value + paidOut - paidIn. */
  readonly gain: bigint;
  readonly fees: bigint;
  readonly twr: number | null;
  readonly irr: number | null;
  readonly irrError: XirrError | null;
}

export interface HoldingPerformance {
  readonly total: Figures;
  readonly bySource: Readonly<Record<FundingSource, Figures>>;
}

/** A day's closing figures of one holding (or one source of it). */
interface DayLine {
  readonly day: string;
  readonly value: bigint;
  /** Net external flow of the day: subscriptions in, proceeds out (negative). */
  readonly flow: bigint;
  readonly paidIn: bigint;
  readonly paidOut: bigint;
  readonly fees: bigint;
}

type Selector = (p: AttributionPoint) => Omit<DayLine, 'day' | 'flow'>;

const whole: Selector = (p) => ({
  value: p.totalValue,
  paidIn: sumOf(p.subscribed),
  paidOut: sumOf(p.proceeds),
  fees: sumOf(p.fees),
});
const ofSource =
  (k: FundingSource): Selector =>
  (p) => ({ value: p.values[k], paidIn: p.subscribed[k], paidOut: p.proceeds[k], fees: p.fees[k] });

function sumOf(x: Readonly<Record<FundingSource, bigint>>): bigint {
  return FUNDING_SOURCES.reduce((s, k) => s + x[k], 0n);
}

/** Closing line per day with events on or before `asOf`; flows are the day's change in paid in/out. */
function dayLines(points: readonly AttributionPoint[], pick: Selector, asOf: string): DayLine[] {
  const out: DayLine[] = [];
  let before = { paidIn: 0n, paidOut: 0n };
  for (const [i, p] of points.entries()) {
    if (p.day > asOf || points[i + 1]?.day === p.day) continue;
    const now = pick(p);
    const flow = now.paidIn - before.paidIn - (now.paidOut - before.paidOut);
    out.push({ day: p.day, ...now, flow });
    before = now;
  }
  return out;
}

/** Errors: those of attribution (the events do not fold). */
export function holdingPerformance(
  events: readonly AttributionEvent[],
  unitScale: number,
  asOf: string,
): Result<HoldingPerformance, AttributionError> {
  const folded = attribute(events, unitScale);
  if (!folded.ok) return folded;
  const figures = (pick: Selector): Figures => combine([dayLines(folded.value, pick, asOf)], asOf);
  const bySource = Object.fromEntries(
    FUNDING_SOURCES.map((k) => [k, figures(ofSource(k))]),
  ) as Record<FundingSource, Figures>;
  return ok({ total: figures(whole), bySource });
}

/**
 * The reserve's figures over several holdings together (one manager's share classes, all hedge
 * funds, everything): values and flows add day by day, then TWR and IRR run on the sums.
 */
export function portfolioPerformance(
  holdings: readonly { readonly events: readonly AttributionEvent[]; readonly unitScale: number }[],
  asOf: string,
): Result<Figures, AttributionError> {
  const lines: DayLine[][] = [];
  for (const [index, h] of holdings.entries()) {
    const folded = attribute(h.events, h.unitScale);
    if (!folded.ok) return err(folded.code, `holding ${index + 1}: ${folded.message}`, { index });
    lines.push(dayLines(folded.value, whole, asOf));
  }
  return ok(combine(lines, asOf));
}

function combine(holdings: readonly DayLine[][], asOf: string): Figures {
  const last = (ls: readonly DayLine[], day: string): DayLine | undefined =>
    ls.filter((l) => l.day <= day).at(-1);
  const total = (day: string, f: (l: DayLine) => bigint): bigint =>
    holdings.reduce((s, ls) => {
      const l = last(ls, day);
      return s + (l === undefined ? 0n : f(l));
    }, 0n);
  const flowDays = [
    ...new Set(holdings.flatMap((ls) => ls.filter((l) => l.flow !== 0n).map((l) => l.day))),
  ];
  const flowOn = (day: string): bigint =>
    holdings.reduce((s, ls) => s + (ls.find((l) => l.day === day)?.flow ?? 0n), 0n);
  const valueOn = (day: string): bigint => total(day, (l) => l.value);
  const points: ValuationAtFlow[] = [...flowDays, asOf]
    .sort()
    .filter((d, i, all) => all.indexOf(d) === i)
    .map((day) => {
      const flow = day === asOf && !flowDays.includes(day) ? 0n : flowOn(day);
      return { day, valueBefore: valueOn(day) - flow, flow };
    });
  const twr = timeWeightedReturn(points);
  const cash: DatedFlow[] = flowDays.map((day) => ({ day, amount: -flowOn(day) }));
  const value = valueOn(asOf);
  const irr = xirr(value > 0n ? [...cash, { day: asOf, amount: value }] : cash);
  const paidIn = total(asOf, (l) => l.paidIn);
  const paidOut = total(asOf, (l) => l.paidOut);
  return {
    paidIn,
    paidOut,
    value,
    gain: value + paidOut - paidIn,
    fees: total(asOf, (l) => l.fees),
    twr: twr.ok ? twr.value.return : null,
    irr: irr.ok ? irr.value : null,
    irrError: irr.ok ? null : irr.code,
  };
}
