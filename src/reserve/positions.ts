import { assert } from '../core/assert.ts';
import type { Queryable } from '../db/pool.ts';
import { daysBetween } from './metrics/calendar.ts';
import { valueOfUnits } from './metrics/nav.ts';
import type { FundingSource } from './model.ts';
import * as store from './store.ts';
import { DEFAULT_UNIT_SCALE, fundTermsSchema } from './terms.ts';

/**
 * What the reserve holds with each manager on a day, rebuilt from its flows and NAV statements:
 * units (hedge funds) or net contributed capital (venture funds), each split by funding source, and
 * the value at the latest NAV on or before the day.
 */
export interface FundPosition {
  readonly manager: store.ManagerRow;
  readonly unitScale: number;
  /** Hedge fund: units held. Venture fund: 0. */
  readonly units: bigint;
  /** Hedge fund: units by source; venture fund: net contributed cents by source. */
  readonly bySource: ReadonlyMap<FundingSource, bigint>;
  /** USD cents at the latest NAV on or before the day. */
  readonly value: bigint;
  readonly navPerUnit: bigint | null;
  readonly statement: store.NavRow | null;
  /** True when the value rests on no statement, or one older than NAV_STALE_DAYS. */
  readonly stale: boolean;
}

export const NAV_STALE_DAYS = 45;

/** Splits `amount` over `weights` pro rata; the parts add up to `amount` exactly (largest remainder). */
export function proRata<K>(amount: bigint, weights: ReadonlyMap<K, bigint>): Map<K, bigint> {
  const total = [...weights.values()].reduce((s, w) => s + w, 0n);
  const out = new Map<K, bigint>();
  if (total <= 0n) return out;
  const rest: { key: K; rem: bigint }[] = [];
  let given = 0n;
  for (const [key, w] of weights) {
    const part = (amount * w) / total;
    out.set(key, part);
    given += part;
    rest.push({ key, rem: (amount * w) % total });
  }
  rest.sort((a, b) => (a.rem === b.rem ? 0 : a.rem > b.rem ? -1 : 1));
  for (let i = 0; given < amount; i++, given++) {
    const key = rest[i % rest.length]?.key;
    assert(key !== undefined, 'pro rata needs a weight');
    out.set(key, (out.get(key) ?? 0n) + 1n);
  }
  return out;
}

function addSplit(
  to: Map<FundingSource, bigint>,
  split: Readonly<Record<string, string>>,
  sign: bigint,
) {
  for (const [k, v] of Object.entries(split)) {
    const key = k as FundingSource;
    to.set(key, (to.get(key) ?? 0n) + sign * BigInt(v));
  }
}

/** One manager's position on `day` from its flows and statements (both oldest first). */
export function positionOf(
  manager: store.ManagerRow,
  flows: readonly store.FlowRow[],
  navs: readonly store.NavRow[],
  day: string,
): FundPosition {
  const terms = fundTermsSchema.safeParse(manager.terms);
  const unitScale = terms.success ? terms.data.unitScale : DEFAULT_UNIT_SCALE;
  const upTo = flows.filter((f) => f.day <= day);
  const statement = navs.filter((n) => n.day <= day).at(-1) ?? null;
  const stale = statement === null || daysBetween(statement.day, day) > NAV_STALE_DAYS;
  const bySource = new Map<FundingSource, bigint>();
  for (const f of upTo) {
    const sign = f.kind === 'redemption' || f.kind === 'distribution' ? -1n : 1n;
    if (f.kind !== 'commitment') addSplit(bySource, f.split, sign);
  }
  if (manager.kind === 'hedge_fund') {
    const units = [...bySource.values()].reduce((s, u) => s + u, 0n);
    const navPerUnit =
      statement?.navPerUnit ?? upTo.filter((f) => f.navPerUnit !== null).at(-1)?.navPerUnit ?? null;
    const value =
      navPerUnit === null ? 0n : valueOfUnits(units, navPerUnit, unitScale, 'half_even');
    return { manager, unitScale, units, bySource, value, navPerUnit, statement, stale };
  }
  const after = (f: store.FlowRow): boolean => statement === null || f.day > statement.day;
  const moved = (kind: store.FlowKind): bigint =>
    upTo.filter((f) => f.kind === kind && after(f)).reduce((s, f) => s + f.value, 0n);
  const base = statement?.nav ?? 0n;
  const raw = base + moved('capital_call') - moved('distribution');
  const value = raw > 0n ? raw : 0n;
  return { manager, unitScale, units: 0n, bySource, value, navPerUnit: null, statement, stale };
}

/** The value of a position split by funding source; the parts add up to the value exactly. */
export function valueBySource(p: FundPosition): Map<FundingSource, bigint> {
  return proRata(p.value, p.bySource);
}

/** Every manager's position on `day` (terminated managers with nothing left are left out). */
export async function positions(q: Queryable, day: string): Promise<FundPosition[]> {
  const managers = await store.managers(q);
  const flows = await store.flows(q, { toDay: day });
  const navs = await store.navSeries(q, null, day);
  return managers
    .map((m) =>
      positionOf(
        m,
        flows.filter((f) => f.managerId === m.id),
        navs.filter((n) => n.managerId === m.id),
        day,
      ),
    )
    .filter((p) => p.manager.status !== 'terminated' || p.value > 0n);
}
