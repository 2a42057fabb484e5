import type { AssetCode } from '../core/assets.ts';
import type { Queryable } from '../db/pool.ts';
import type { Holding } from '../market/valuation.ts';
import type { ReserveDeps } from './deps.ts';
import type { Holdings } from './model.ts';
import { positions, type FundPosition } from './positions.ts';

/**
 * The reserve's whole position on a day: gold and FX from its own ledger accounts (owner kind
 * `reserve`, ref `gold` or `fx`) priced by the market service, and the funds at their latest NAVs.
 */
export interface DirectHolding {
  readonly accountId: string;
  readonly bucket: 'gold' | 'fx';
  readonly asset: AssetCode;
  readonly units: bigint;
  /** USD cents; null when no price is known on or before the day. */
  readonly value: bigint | null;
  readonly stale: boolean;
}

export interface ReserveState {
  readonly day: string;
  readonly holdings: Holdings;
  readonly direct: readonly DirectHolding[];
  readonly funds: readonly FundPosition[];
  readonly stale: boolean;
}

function endOfDay(day: string): Date {
  return new Date(`${day}T23:59:59.999Z`);
}

async function directHoldings(d: ReserveDeps, day: string, q: Queryable): Promise<DirectHolding[]> {
  const ledger = d.ledger.readIn(q);
  const accounts = await ledger.accounts({ ownerKind: 'reserve', limit: 1000 });
  const own = accounts.filter((a) => a.owner.ref === 'gold' || a.owner.ref === 'fx');
  const held: { id: string; bucket: 'gold' | 'fx'; asset: AssetCode; units: bigint }[] = [];
  for (const a of own) {
    const b = await ledger.balancesAt(a.id, endOfDay(day));
    const units = b.debitsPosted - b.creditsPosted;
    if (units !== 0n)
      held.push({ id: a.id, bucket: a.owner.ref as 'gold' | 'fx', asset: a.asset, units });
  }
  const priced = await d.market.valueAt(
    day,
    'USD',
    held.map((h): Holding => ({ kind: 'asset', id: h.id, asset: h.asset, units: h.units })),
  );
  return held.map((h) => {
    const line = priced.lines.find((l) => l.id === h.id);
    return {
      accountId: h.id,
      bucket: h.bucket,
      asset: h.asset,
      units: h.units,
      value: line?.value ?? null,
      stale: line === undefined || line.value === null || line.stale,
    };
  });
}

/**
 * `q`: where to read the ledger and the flows. A command that decides from the holdings (a cap)
 * passes its transaction, so it sees them as they stand in it; a view reads the pool.
 */
export async function reserveState(
  d: ReserveDeps,
  day: string,
  q: Queryable = d.db,
): Promise<ReserveState> {
  const direct = await directHoldings(d, day, q);
  const funds = await positions(q, day);
  const byBucket = { gold: 0n, fx: 0n, hedge_funds: 0n, venture_funds: 0n };
  for (const h of direct) byBucket[h.bucket] += h.value ?? 0n;
  const byManager = new Map<string, bigint>();
  for (const p of funds) {
    const bucket = p.manager.kind === 'hedge_fund' ? 'hedge_funds' : 'venture_funds';
    byBucket[bucket] += p.value;
    byManager.set(p.manager.id, p.value);
  }
  const stale = direct.some((h) => h.stale) || funds.some((p) => p.stale && p.value > 0n);
  return { day, holdings: { byBucket, byManager }, direct, funds, stale };
}
