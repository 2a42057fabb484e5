import { assert } from '../../core/assert.ts';
import { ASSETS } from '../../core/assets.ts';
import { mulDiv } from '../../core/money.ts';
import { err, ok, type Result } from '../../core/result.ts';
import { BPS_ONE, FUND_CURRENCY, NAV_PER_UNIT_SCALE, type Mandate } from '../terms.ts';

/**
 * Monthly NAV statements of a fund and the unit arithmetic built on them. Pure: the caller passes
 * the series already stored. Money is USD cents; units are 10^-unitScale of a fund unit; a NAV per
 * unit is USD per whole unit at NAV_PER_UNIT_SCALE (10^-12 USD).
 */
export interface NavStatement {
  /** The NAV date (usually the last day of the month); its month is the statement's period. */
  readonly day: string;
  /** The whole fund's NAV, USD cents. */
  readonly nav: bigint;
  /** Units outstanding in the fund on the day. */
  readonly units: bigint;
  readonly navPerUnit: bigint;
  /** Market value by asset, USD cents; a short is negative. */
  readonly positions: readonly { readonly asset: string; readonly value: bigint }[];
  /** Look-through exposure by underlying asset, bps of NAV; the rest is unexplained. */
  readonly exposures: readonly { readonly asset: string; readonly bps: number }[];
  /** Gross exposure over NAV as reported (10_000 = 1x); null when the manager does not say. */
  readonly grossExposureBps: number | null;
}

export type NavStatementError =
  | 'statement_empty'
  | 'nav_negative'
  | 'nav_period_duplicate'
  | 'nav_dates_out_of_order'
  | 'nav_units_mismatch'
  | 'position_asset_duplicate'
  | 'exposure_asset_duplicate'
  | 'exposures_exceed_nav';

/** The statement's period: its calendar month, `YYYY-MM`. */
export function navPeriod(day: string): string {
  return day.slice(0, 7);
}

/**
 * How far the reported NAV may be from units x NAV per unit: one cent per whole unit (administrators
 * publish the NAV per unit rounded, often to the cent, and that rounding is multiplied by every unit)
 * plus one cent for rounding the product itself. Anything beyond is a mismatch, not rounding.
 */
export function navUnitsTolerance(units: bigint, unitScale: number): bigint {
  const one = 10n ** BigInt(unitScale);
  return (units + one - 1n) / one + 1n;
}

/**
 * Checks one statement against the series already stored (in date order). Errors:
 * statement_empty (no units, no NAV, nothing held), nav_negative (NAV, units or NAV per unit below
 * zero), nav_period_duplicate (a statement for that month exists), nav_dates_out_of_order (on or
 * before the latest stored day), nav_units_mismatch (beyond navUnitsTolerance),
 * position_asset_duplicate, exposure_asset_duplicate, exposures_exceed_nav (outside 0..10_000 each
 * or above 10_000 together).
 */
export function validateNavStatement(
  series: readonly NavStatement[],
  s: NavStatement,
  unitScale: number,
): Result<NavStatement, NavStatementError> {
  if (s.nav === 0n && s.units === 0n && s.positions.length === 0 && s.exposures.length === 0) {
    return err('statement_empty', `the statement of ${s.day} reports nothing`);
  }
  if (s.nav < 0n || s.units < 0n || s.navPerUnit < 0n) {
    return err('nav_negative', `the statement of ${s.day} has a negative NAV or unit count`, {
      nav: s.nav.toString(),
      units: s.units.toString(),
      navPerUnit: s.navPerUnit.toString(),
    });
  }
  const order = checkOrder(series, s.day);
  if (!order.ok) return order;
  const units = checkUnits(s, unitScale);
  if (!units.ok) return units;
  const mix = checkBreakdown(s);
  return mix.ok ? ok(s) : mix;
}

/** Validates an import (CSV or JSON) as a whole: each statement against the series and those before it. */
export function validateNavImport(
  series: readonly NavStatement[],
  statements: readonly NavStatement[],
  unitScale: number,
): Result<readonly NavStatement[], NavStatementError> {
  if (statements.length === 0) return err('statement_empty', 'the import holds no statement');
  const seen = [...series];
  for (const [index, s] of statements.entries()) {
    const r = validateNavStatement(seen, s, unitScale);
    if (!r.ok) return err(r.code, `statement ${index + 1}: ${r.message}`, { ...r.detail, index });
    seen.push(s);
  }
  return ok(statements);
}

function checkOrder(
  series: readonly NavStatement[],
  day: string,
): Result<null, 'nav_period_duplicate' | 'nav_dates_out_of_order'> {
  const same = series.find((p) => navPeriod(p.day) === navPeriod(day));
  if (same !== undefined) {
    return err('nav_period_duplicate', `a statement for ${navPeriod(day)} exists already`, {
      existingDay: same.day,
    });
  }
  const latest = series.reduce<string | null>(
    (m, p) => (m === null || p.day > m ? p.day : m),
    null,
  );
  if (latest !== null && day <= latest) {
    return err('nav_dates_out_of_order', `${day} is not after the latest statement (${latest})`, {
      latestDay: latest,
    });
  }
  return ok(null);
}

function checkUnits(s: NavStatement, unitScale: number): Result<null, 'nav_units_mismatch'> {
  const implied = valueOfUnits(s.units, s.navPerUnit, unitScale, 'half_even');
  const diff = implied > s.nav ? implied - s.nav : s.nav - implied;
  const tolerance = navUnitsTolerance(s.units, unitScale);
  if (diff <= tolerance) return ok(null);
  return err('nav_units_mismatch', `units x NAV per unit is ${implied} cents, the NAV ${s.nav}`, {
    implied: implied.toString(),
    reported: s.nav.toString(),
    difference: diff.toString(),
    tolerance: tolerance.toString(),
  });
}

function checkBreakdown(
  s: NavStatement,
): Result<null, 'position_asset_duplicate' | 'exposure_asset_duplicate' | 'exposures_exceed_nav'> {
  const dup = (xs: readonly { asset: string }[]): string | undefined =>
    xs.map((x) => x.asset).find((a, i, all) => all.indexOf(a) !== i);
  const p = dup(s.positions);
  if (p !== undefined) return err('position_asset_duplicate', `${p} is listed twice in positions`);
  const e = dup(s.exposures);
  if (e !== undefined) return err('exposure_asset_duplicate', `${e} is listed twice in exposures`);
  const bad = s.exposures.find((x) => !Number.isInteger(x.bps) || x.bps < 0 || x.bps > BPS_ONE);
  const total = s.exposures.reduce((sum, x) => sum + x.bps, 0);
  if (bad !== undefined || total > BPS_ONE) {
    return err('exposures_exceed_nav', `exposures add to ${total} bps, more than the whole NAV`, {
      totalBps: total,
    });
  }
  return ok(null);
}

const CURRENCY_SCALE = ASSETS[FUND_CURRENCY].scale;
/** 10^(NAV scale - cents scale): a NAV per unit divided by this is cents per whole unit. */
const NAV_TO_CENTS = 10n ** BigInt(NAV_PER_UNIT_SCALE - CURRENCY_SCALE);

/**
 * Units issued for a subscription of `amount` cents at `navPerUnit`. Rounded down: the fund never
 * issues a unit fraction it was not paid for, so the remaining investors are not diluted; the
 * subscriber loses less than one unit fraction (10^-unitScale of a unit).
 */
export function unitsForSubscription(
  amount: bigint,
  navPerUnit: bigint,
  unitScale: number,
): bigint {
  assert(amount >= 0n && navPerUnit > 0n, 'subscription needs a positive NAV per unit');
  return mulDiv(amount, 10n ** BigInt(unitScale) * NAV_TO_CENTS, navPerUnit, 'floor');
}

/**
 * The value of `units` at `navPerUnit`, in cents. Rounded down by default, for payouts: a redeemer
 * is never paid a fraction of a cent the remaining investors would fund. Reports and checks pass
 * 'half_even', the rounding market valuation uses.
 */
export function valueOfUnits(
  units: bigint,
  navPerUnit: bigint,
  unitScale: number,
  rounding: 'floor' | 'half_even' = 'floor',
): bigint {
  return mulDiv(units, navPerUnit, 10n ** BigInt(unitScale) * NAV_TO_CENTS, rounding);
}

/** The NAV per unit implied by a NAV and a unit count, rounded half-even at NAV_PER_UNIT_SCALE. */
export function navPerUnitOf(nav: bigint, units: bigint, unitScale: number): bigint {
  assert(units > 0n, 'a NAV per unit needs units outstanding');
  return mulDiv(nav, 10n ** BigInt(unitScale) * NAV_TO_CENTS, units);
}

/** Exposures as the fractions market valuation's look-through reads (`loadings`). */
export function exposureLoadings(s: NavStatement): Record<string, number> {
  return Object.fromEntries(s.exposures.map((x) => [x.asset, x.bps / BPS_ONE]));
}

export interface MandateBreach {
  readonly kind: 'asset_not_permitted' | 'concentration' | 'leverage' | 'drawdown';
  readonly subject: string;
  readonly measuredBps: number;
  readonly limitBps: number;
}

/**
 * What a statement shows against the mandate: exposure to an asset not permitted, one asset above
 * the concentration limit, leverage above the maximum, and the drawdown of NAV per unit from its
 * peak over the series (the statement included) beyond the maximum.
 */
export function mandateBreaches(
  mandate: Mandate,
  series: readonly NavStatement[],
  s: NavStatement,
): MandateBreach[] {
  const out: MandateBreach[] = [];
  const permitted = new Set<string>(mandate.permittedAssets);
  for (const x of s.exposures) {
    if (x.bps > 0 && !permitted.has(x.asset)) {
      out.push({ kind: 'asset_not_permitted', subject: x.asset, measuredBps: x.bps, limitBps: 0 });
    }
    if (x.bps > mandate.concentrationLimitBps) {
      const limitBps = mandate.concentrationLimitBps;
      out.push({ kind: 'concentration', subject: x.asset, measuredBps: x.bps, limitBps });
    }
  }
  if (s.grossExposureBps !== null && s.grossExposureBps > mandate.maxLeverageBps) {
    const [measuredBps, limitBps] = [s.grossExposureBps, mandate.maxLeverageBps];
    out.push({ kind: 'leverage', subject: 'gross exposure', measuredBps, limitBps });
  }
  const peak = [...series, s].reduce((m, p) => (p.navPerUnit > m ? p.navPerUnit : m), 0n);
  if (peak > 0n) {
    const drawdownBps = Number(mulDiv(peak - s.navPerUnit, BigInt(BPS_ONE), peak, 'floor'));
    if (drawdownBps > mandate.maxDrawdownBps) {
      const limitBps = mandate.maxDrawdownBps;
      out.push({ kind: 'drawdown', subject: 'NAV per unit', measuredBps: drawdownBps, limitBps });
    }
  }
  return out;
}
