import { err, ok, type Result } from '../core/result.ts';
import type { RiskHolding } from '../risk/report.ts';
import type { ReserveDeps } from './deps.ts';
import { reserveState, type ReserveState } from './holdings.ts';
import { addDays, monthEnd } from './metrics/calendar.ts';
import { exposureLoadings } from './metrics/nav.ts';
import { total } from './model.ts';
import { policyOn } from './policy.ts';
import { valueBySource, type FundPosition } from './positions.ts';
import {
  RESERVE_BUCKETS,
  type ManagerPosition,
  type ReserveAllocation,
  type ReserveReads,
  type SeizureContribution,
  type ValuePoint,
} from './public.ts';
import * as store from './store.ts';
import { hedgeFundTermsSchema } from './terms.ts';

/** The reads the portal and risk take (public.ts), built on the day's reserve state. */
export function reserveReads(d: ReserveDeps): ReserveReads {
  return {
    allocation: (day) => allocation(d, day),
    valueSeries: (from, to) => valueSeries(d, from, to),
    managerPositions: async (day) => (await reserveState(d, day)).funds.map(managerPosition),
    seizureContributions: () => seizureContributions(d),
    holdings: async (day) => riskHoldings(await reserveState(d, day)),
  };
}

export async function allocation(
  d: ReserveDeps,
  day: string,
): Promise<Result<ReserveAllocation, 'no_valuation_for_day'>> {
  const state = await reserveState(d, day);
  const all = total(state.holdings);
  if (all <= 0n) return err('no_valuation_for_day', `nothing held or priced on ${day}`);
  const policy = await policyOn(d.db, day);
  return ok({
    day,
    currency: 'USD',
    total: all,
    stale: state.stale,
    policyVersion: policy?.version ?? null,
    lines: RESERVE_BUCKETS.map((bucket) => ({
      bucket,
      value: state.holdings.byBucket[bucket],
      targetBps: policy?.policy.buckets[bucket].targetBps ?? null,
      bandBps: policy?.policy.buckets[bucket].bandBps ?? null,
    })),
  });
}

/**
 * Month ends from `from` to `to`, and `to` itself when it is not one; at most `limit` of them, so a
 * caller can tell a range that is too long without building all of it.
 */
export function monthEnds(from: string, to: string, limit = Number.POSITIVE_INFINITY): string[] {
  const out: string[] = [];
  for (let d = monthEnd(from); d <= to && out.length < limit; d = monthEnd(addDays(d, 1))) {
    out.push(d);
  }
  if (from <= to && out.length < limit && out.at(-1) !== to) out.push(to);
  return out;
}

/**
 * The most points one series request computes. Each values the whole reserve at a month end, so
 * an open range (a public caller asking for 2019 to 9999) would keep the server busy for hours;
 * ten years of month ends and the last day is more than any screen shows.
 */
export const MAX_SERIES_POINTS = 121;

async function valueSeries(
  d: ReserveDeps,
  from: string,
  to: string,
): Promise<Result<ValuePoint[], 'range_too_long'>> {
  const days = monthEnds(from, to, MAX_SERIES_POINTS + 1);
  if (days.length > MAX_SERIES_POINTS) {
    return err(
      'range_too_long',
      `at most ${MAX_SERIES_POINTS} month ends per request; ask for ${from} to ${to} in parts`,
    );
  }
  const points: ValuePoint[] = [];
  for (const day of days) {
    const s = await reserveState(d, day);
    const t = total(s.holdings);
    if (t > 0n) points.push({ day, total: t, byBucket: { ...s.holdings.byBucket } });
  }
  return ok(points);
}

function managerPosition(p: FundPosition): ManagerPosition {
  return {
    managerId: p.manager.id,
    name: p.manager.name,
    kind: p.manager.kind,
    value: p.value,
    navDay: p.statement?.day ?? null,
    statementSha256: p.statement?.sha256 ?? null,
  };
}

async function seizureContributions(d: ReserveDeps): Promise<SeizureContribution[]> {
  const flows = await store.flows(d.db, { kind: 'subscription' });
  return flows
    .filter((f) => f.method === 'in_kind' && f.lotId !== null)
    .map((f) => ({
      lotId: f.lotId ?? '',
      asset: f.asset ?? '',
      units: f.assetUnits ?? 0n,
      value: f.value,
      day: f.day,
      route: 'in_kind' as const,
      managerId: f.managerId,
    }));
}

/** The day's holdings as risk reads them: gold and FX directly, funds with their look-through. */
export function riskHoldings(s: ReserveState): RiskHolding[] {
  const direct: RiskHolding[] = s.direct.map((h) => ({
    kind: 'asset',
    id: h.accountId,
    asset: h.asset,
    units: h.units,
    liquidity: h.asset === 'XAU' ? { kind: 'market', settlementDays: 2 } : { kind: 'cash' },
    custodian: h.bucket === 'gold' ? 'gold custodian' : 'central bank',
  }));
  const funds = s.funds.filter((p) => p.value > 0n).map((p) => fundHolding(p, s.day));
  return [...direct, ...funds];
}

function fundHolding(p: FundPosition, day: string): RiskHolding {
  const hedge = hedgeFundTermsSchema.safeParse(p.manager.terms);
  const loadings =
    p.statement === null
      ? {}
      : exposureLoadings({
          day: p.statement.day,
          nav: p.statement.nav,
          units: p.statement.units ?? 0n,
          navPerUnit: p.statement.navPerUnit ?? 0n,
          positions: [],
          exposures: p.statement.exposures,
          grossExposureBps: p.statement.grossExposureBps,
        });
  const navDay = p.statement?.day ?? day;
  // A venture position is one unit worth its value, so valuation reads it like any fund.
  const units = hedge.success ? p.units : 1n;
  const unitScale = hedge.success ? p.unitScale : 0;
  const perUnit = hedge.success ? (p.navPerUnit ?? 0n) : p.value * 10n ** 10n;
  return {
    kind: 'fund',
    id: p.manager.id,
    fund: p.manager.name,
    manager: p.manager.name,
    units,
    unitScale,
    nav: { perUnit, currency: 'USD', day: navDay },
    loadings,
    liquidity: hedge.success
      ? {
          kind: 'fund',
          frequency: hedge.data.redemptionFrequency,
          noticeDays: hedge.data.noticeDays,
          settlementDays: 30,
          ...(hedge.data.gate?.basis === 'investor' ? { gateBps: hedge.data.gate.bps } : {}),
        }
      : { kind: 'venture' },
  };
}

/** Value by funding source for one manager on a day: the parts add up to the position's value. */
export async function attribution(d: ReserveDeps, managerId: string, day: string) {
  const state = await reserveState(d, day);
  const p = state.funds.find((f) => f.manager.id === managerId);
  if (p === undefined) return null;
  const parts = valueBySource(p);
  return {
    managerId,
    day,
    value: p.value,
    bySource: [...parts].map(([source, value]) => ({ source, value })),
  };
}
