import { assert } from '../../core/assert.ts';
import { err, ok, type Result } from '../../core/result.ts';
import { navPerUnitOf, unitsForSubscription, valueOfUnits } from './nav.ts';

/**
 * Funding-source provenance of one holding in one fund: every unit issued is tagged with the source
 * of the money that bought it, and everything after that (NAV moves, fees, redemptions) falls on the
 * sources pro rata to the units each holds. A pure fold over the holding's events.
 *
 * Exactness: the total value is units x NAV per unit (half-even, as valuation reports it); it is
 * shared among the sources by units with the largest-remainder rule (`apportion`), so the sources'
 * values add up to the total exactly, and so do their units, fees and proceeds.
 */
export const FUNDING_SOURCES = [
  'gold_fx_allocation',
  'forfeited_crypto',
  'state_mining',
  'repatriated',
] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];
export type BySource = Readonly<Record<FundingSource, bigint>>;

export type AttributionEvent =
  /** Cash or in kind; `amount` is what the reserve paid in, cents, at `navPerUnit`. */
  | {
      readonly kind: 'subscribe';
      readonly day: string;
      readonly source: FundingSource;
      readonly amount: bigint;
      readonly navPerUnit: bigint;
    }
  | { readonly kind: 'nav'; readonly day: string; readonly navPerUnit: bigint }
  /** A fee charged to the holding outside the NAV: it lowers the NAV per unit of the holding. */
  | { readonly kind: 'fee'; readonly day: string; readonly amount: bigint }
  /** Units redeemed and the cash paid for them (net of any penalty). */
  | {
      readonly kind: 'redeem';
      readonly day: string;
      readonly units: bigint;
      readonly proceeds: bigint;
    };

export interface AttributionPoint {
  readonly day: string;
  readonly event: AttributionEvent['kind'];
  readonly navPerUnit: bigint;
  readonly totalUnits: bigint;
  readonly totalValue: bigint;
  readonly units: BySource;
  readonly values: BySource;
  /** Cumulative, cents: paid in, fees charged, cash received back. */
  readonly subscribed: BySource;
  readonly fees: BySource;
  readonly proceeds: BySource;
}

export type AttributionError =
  | 'events_out_of_order'
  | 'redemption_exceeds_holding'
  | 'fee_exceeds_value'
  | 'proceeds_without_units'
  | 'nav_per_unit_not_positive';

const ZERO: BySource = {
  gold_fx_allocation: 0n,
  forfeited_crypto: 0n,
  state_mining: 0n,
  repatriated: 0n,
};

/**
 * Splits `total` in proportion to `weights` so that the parts add up to `total` exactly: each source
 * gets the floor of its share, and the units left over go one each to the largest fractional
 * remainders, ties to the earlier source in FUNDING_SOURCES. Zero weights get zero.
 */
export function apportion(total: bigint, weights: BySource): BySource {
  const sum = FUNDING_SOURCES.reduce((s, k) => s + weights[k], 0n);
  assert(total >= 0n && FUNDING_SOURCES.every((k) => weights[k] >= 0n), 'apportion: negatives');
  if (sum === 0n) {
    assert(total === 0n, 'apportion: something to share and no weights');
    return ZERO;
  }
  const shares = FUNDING_SOURCES.map((k, i) => ({
    k,
    i,
    floor: (total * weights[k]) / sum,
    rest: (total * weights[k]) % sum,
  }));
  let left = total - shares.reduce((s, x) => s + x.floor, 0n);
  const byRest = [...shares].sort((a, b) =>
    a.rest === b.rest ? a.i - b.i : a.rest > b.rest ? -1 : 1,
  );
  const out = { ...ZERO } as Record<FundingSource, bigint>;
  for (const x of shares) out[x.k] = x.floor;
  for (const x of byRest) {
    if (left === 0n) break;
    out[x.k] += 1n;
    left -= 1n;
  }
  return out;
}

function add(a: BySource, b: BySource, sign: 1n | -1n = 1n): BySource {
  const out = { ...ZERO } as Record<FundingSource, bigint>;
  for (const k of FUNDING_SOURCES) out[k] = a[k] + sign * b[k];
  return out;
}

function only(source: FundingSource, x: bigint): BySource {
  return { ...ZERO, [source]: x };
}

type State = Omit<AttributionPoint, 'day' | 'event' | 'totalValue' | 'values'>;

/**
 * The holding after each event, in order. Errors: events_out_of_order (a day before the previous
 * event's), redemption_exceeds_holding, fee_exceeds_value, proceeds_without_units,
 * nav_per_unit_not_positive (a NAV per
 * unit of zero or less at a subscription or a NAV event).
 */
export function attribute(
  events: readonly AttributionEvent[],
  unitScale: number,
): Result<AttributionPoint[], AttributionError> {
  let state: State = {
    navPerUnit: 0n,
    totalUnits: 0n,
    units: ZERO,
    subscribed: ZERO,
    fees: ZERO,
    proceeds: ZERO,
  };
  const out: AttributionPoint[] = [];
  let previous = '';
  for (const [index, e] of events.entries()) {
    if (e.day < previous) {
      return err('events_out_of_order', `event ${index + 1} (${e.day}) is before ${previous}`, {
        index,
      });
    }
    previous = e.day;
    const next = step(state, e, unitScale);
    if (!next.ok) return err(next.code, `event ${index + 1}: ${next.message}`, { index });
    state = next.value;
    const totalValue = valueOfUnits(state.totalUnits, state.navPerUnit, unitScale, 'half_even');
    const values = apportion(totalValue, state.units);
    out.push({ ...state, day: e.day, event: e.kind, totalValue, values });
  }
  return ok(out);
}

function step(s: State, e: AttributionEvent, unitScale: number): Result<State, AttributionError> {
  switch (e.kind) {
    case 'subscribe': {
      if (e.navPerUnit <= 0n) return err('nav_per_unit_not_positive', 'a subscription needs a NAV');
      const issued = unitsForSubscription(e.amount, e.navPerUnit, unitScale);
      return ok({
        ...s,
        navPerUnit: e.navPerUnit,
        totalUnits: s.totalUnits + issued,
        units: add(s.units, only(e.source, issued)),
        subscribed: add(s.subscribed, only(e.source, e.amount)),
      });
    }
    case 'nav':
      if (e.navPerUnit <= 0n) return err('nav_per_unit_not_positive', 'a NAV per unit above zero');
      return ok({ ...s, navPerUnit: e.navPerUnit });
    case 'fee':
      return chargeFee(s, e.amount, unitScale);
    case 'redeem':
      return redeem(s, e.units, e.proceeds);
  }
}

/** The fee lowers the NAV per unit; each source bears it in proportion to its units. */
function chargeFee(s: State, amount: bigint, unitScale: number): Result<State, AttributionError> {
  assert(amount >= 0n, 'a fee is not negative');
  const value = valueOfUnits(s.totalUnits, s.navPerUnit, unitScale, 'half_even');
  if (amount > value) return err('fee_exceeds_value', `a fee of ${amount} on a value of ${value}`);
  if (amount === 0n) return ok(s);
  const navPerUnit = navPerUnitOf(value - amount, s.totalUnits, unitScale);
  return ok({ ...s, navPerUnit, fees: add(s.fees, apportion(amount, s.units)) });
}

/** Units leave every source pro rata; the proceeds follow the units taken. */
function redeem(s: State, units: bigint, proceeds: bigint): Result<State, AttributionError> {
  assert(units >= 0n && proceeds >= 0n, 'a redemption is not negative');
  if (units > s.totalUnits) {
    return err('redemption_exceeds_holding', `${units} units asked, ${s.totalUnits} held`);
  }
  if (units === 0n && proceeds > 0n) return err('proceeds_without_units', 'cash paid for no units');
  const taken = apportion(units, s.units);
  return ok({
    ...s,
    totalUnits: s.totalUnits - units,
    units: add(s.units, taken, -1n),
    proceeds: add(s.proceeds, apportion(proceeds, taken)),
  });
}
