import { err, ok, type Result } from '../../core/result.ts';
import type { Account } from '../../ledger/model.ts';
import { normalBalance } from '../../ledger/model.ts';
import type { LedgerService } from '../../ledger/service.ts';
import type { Market } from '../../market/service.ts';
import type { Holding } from '../../market/valuation.ts';
import {
  RESERVE_BUCKETS,
  type ReserveAllocation,
  type ReserveBucket,
  type ReserveReads,
  type ValuePoint,
} from '../../reserve/public.ts';
import { endOfDay, monthEnds } from './days.ts';

/**
 * TEMPORARY: the reserve's reads rebuilt from the ledger until the reserve service is wired into
 * src/main.ts. It reads the accounts the demo opens for the reserve (owner kind `reserve`, the owner
 * ref naming the bucket), takes their booked balances as of the end of a day, and values them with
 * the market service in USD. There is no allocation policy yet (targets are null), no managers and
 * no disposals; those come with the reserve service, which replaces this file.
 * `evidence` lists the audit entries behind each bucket's balance (the transfers that moved it).
 */
export interface EvidenceRef {
  readonly figure: string;
  readonly seq: number;
}

export interface PortalReserve extends ReserveReads {
  /** The audit entries the day's allocation rests on; [] when the source cannot say. */
  evidence(day: string): Promise<readonly EvidenceRef[]>;
}

interface Deps {
  readonly ledger: LedgerService;
  readonly market: Pick<Market, 'valueAt'>;
}

const SERIES_POINTS_MAX = 240;

function bucketOf(a: Account): ReserveBucket | null {
  const ref = a.owner.ref;
  return (RESERVE_BUCKETS as readonly string[]).includes(ref) ? (ref as ReserveBucket) : null;
}

async function reserveAccounts(d: Deps): Promise<Account[]> {
  const out: Account[] = [];
  for (let after: string | undefined; ;) {
    const page = await d.ledger.read.accounts({
      ownerKind: 'reserve',
      limit: 500,
      ...(after === undefined ? {} : { after }),
    });
    out.push(...page.filter((a) => a.type === 'asset' && bucketOf(a) !== null));
    const last = page.at(-1);
    if (page.length < 500 || last === undefined) return out;
    after = last.id;
  }
}

async function allocation(
  d: Deps,
  day: string,
): Promise<Result<ReserveAllocation, 'no_valuation_for_day'>> {
  const accounts = await reserveAccounts(d);
  const holdings: (Holding & { kind: 'asset' })[] = [];
  const bucketById = new Map<string, ReserveBucket>();
  for (const a of accounts) {
    const units = normalBalance(a.type, await d.ledger.read.balancesAt(a.id, endOfDay(day)));
    if (units <= 0n) continue;
    holdings.push({ kind: 'asset', id: a.id, asset: a.asset, units });
    bucketById.set(a.id, bucketOf(a) ?? 'fx');
  }
  if (holdings.length === 0)
    return err('no_valuation_for_day', `the reserve held nothing on ${day}`);
  const v = await d.market.valueAt(day, 'USD', holdings);
  const byBucket = new Map<ReserveBucket, bigint>(RESERVE_BUCKETS.map((b) => [b, 0n]));
  for (const line of v.lines) {
    const b = bucketById.get(line.id) ?? 'fx';
    byBucket.set(b, (byBucket.get(b) ?? 0n) + (line.value ?? 0n));
  }
  return ok({
    day,
    currency: 'USD',
    total: v.total,
    lines: RESERVE_BUCKETS.map((bucket) => ({
      bucket,
      value: byBucket.get(bucket) ?? 0n,
      targetBps: null,
      bandBps: null,
    })),
    stale: v.stale,
    policyVersion: null,
  });
}

async function valueSeries(d: Deps, from: string, to: string): Promise<ValuePoint[]> {
  const points: ValuePoint[] = [];
  for (const day of monthEnds(from, to).slice(-SERIES_POINTS_MAX)) {
    const a = await allocation(d, day);
    if (!a.ok) continue;
    const byBucket = Object.fromEntries(a.value.lines.map((l) => [l.bucket, l.value]));
    points.push({ day, total: a.value.total, byBucket: byBucket as ValuePoint['byBucket'] });
  }
  return points;
}

async function evidence(d: Deps, day: string): Promise<EvidenceRef[]> {
  const out: EvidenceRef[] = [];
  for (const a of await reserveAccounts(d)) {
    const rows = await d.ledger.read.statement({ accountId: a.id, to: endOfDay(day), limit: 100 });
    for (const r of rows)
      out.push({ figure: `allocation.${bucketOf(a) ?? ''}`, seq: Number(r.transfer.auditSeq) });
  }
  return out;
}

export function ledgerReserve(d: Deps): PortalReserve {
  return {
    allocation: (day) => allocation(d, day),
    valueSeries: (from, to) => valueSeries(d, from, to),
    managerPositions: () => Promise.resolve([]),
    seizureContributions: () => Promise.resolve([]),
    holdings: () => Promise.resolve([]),
    evidence: (day) => evidence(d, day),
  };
}
