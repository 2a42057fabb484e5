import type { AuditService } from '../../audit/service.ts';
import type { Clock } from '../../core/clock.ts';
import { ASSETS } from '../../core/assets.ts';
import { SYSTEM } from '../../core/identity.ts';
import { formatAmount, formatUnitsFixed } from '../../core/money.ts';
import { err, ok } from '../../core/result.ts';
import { normalBalance } from '../../ledger/model.ts';
import type { LedgerService } from '../../ledger/service.ts';
import type { Market } from '../../market/service.ts';
import { OFFICIAL_RESERVE_BUCKETS } from '../../reserve/public.ts';
import type { LotRow, Seizures } from '../../seizures/service.ts';
import { isoDay } from './days.ts';
import { flowLinks, MEASURES, totalsByAsset, type PublicLot } from './enforcement.ts';
import type { EvidenceRef, PortalReserve } from './ledger-reserve.ts';
import { publicationOf } from './policy.ts';
import { bpsPercent, sharesBps } from './shares.ts';

/**
 * The public portal's read model: what anyone may see without a login, assembled from the reserve's
 * reads, the seizures service, the ledger and the audit log. Nothing here names a person, a user, a
 * party or a victim, and no internal note or reason is copied out (the forbidden-fields test checks
 * every public response). Money is decimal strings; shares are exact basis points.
 */
export interface PortalDeps {
  readonly reserve: PortalReserve;
  readonly seizures: Pick<Seizures, 'lots' | 'operations' | 'exchanges' | 'history'>;
  readonly ledger: Pick<LedgerService, 'read'>;
  readonly audit: Pick<AuditService, 'latestCheckpoint' | 'keys' | 'inclusionProof' | 'size'>;
  readonly market: Pick<Market, 'valueAt'>;
  readonly clock: Clock;
}

/** USD with its cents always shown, as the downloads and the pie label it. */
const usd = (v: bigint): string => formatUnitsFixed(v, ASSETS.USD.scale);
const LOT_PAGE = 500;
const EVIDENCE_MAX = 200;

export function createPublicPortal(d: PortalDeps) {
  const today = (): string => isoDay(d.clock.now());
  const allocations = logKeyedCache(d, (day: string) => allocation(d, day));
  return {
    today,
    allocation: (day?: string) => allocations(day ?? today()),
    valueSeries: (from?: string, to?: string) => valueSeries(d, from, to ?? today()),
    enforcement: () => enforcement(d, today()),
    flows: () => flows(d),
    addresses: () => addresses(d),
    verification: () => verification(d, today()),
  };
}
export type PublicPortal = ReturnType<typeof createPublicPortal>;

/**
 * The public allocation is asked for far more often than it changes, and it changes only with a
 * state change, which always appends an audit entry. So an answer is kept under (day, log size):
 * one single-row read says whether it still holds, and it can never be stale.
 */
function logKeyedCache<T>(d: PortalDeps, compute: (day: string) => Promise<T>) {
  const kept = new Map<string, Promise<T>>();
  return async (day: string): Promise<T> => {
    const key = `${day}@${String(await d.audit.size())}`;
    const hit = kept.get(key);
    if (hit !== undefined) return hit;
    const value = compute(day);
    // A failure is not kept: the next request computes again.
    value.catch(() => kept.delete(key));
    kept.set(key, value);
    // A few days at most: the newest answers are the ones asked for again.
    for (const old of kept.keys()) if (kept.size > 8) kept.delete(old);
    return value;
  };
}

async function allocation(d: PortalDeps, day: string) {
  const a = await d.reserve.allocation(day);
  if (!a.ok) return a;
  const shares = sharesBps(a.value.lines.map((l) => l.value));
  const official = a.value.lines
    .filter((l) => OFFICIAL_RESERVE_BUCKETS.includes(l.bucket))
    .reduce((s, l) => s + l.value, 0n);
  return ok({
    day: a.value.day,
    currency: a.value.currency,
    total: usd(a.value.total),
    officialReserveAssets: usd(official),
    otherAssets: usd(a.value.total - official),
    stale: a.value.stale,
    policyVersion: a.value.policyVersion,
    lines: a.value.lines.map((l, i) => ({
      bucket: l.bucket,
      official: OFFICIAL_RESERVE_BUCKETS.includes(l.bucket),
      value: usd(l.value),
      shareBps: shares[i] ?? 0,
      share: bpsPercent(shares[i] ?? 0),
      targetBps: l.targetBps,
      target: l.targetBps === null ? null : bpsPercent(l.targetBps),
      bandBps: l.bandBps,
    })),
  });
}

/**
 * The first of the month a year before `day`: the default start of the value series. The year keeps
 * four digits, and stops at year 1, before which no day can be written.
 */
export function yearBefore(day: string): string {
  const year = Math.max(1, Number(day.slice(0, 4)) - 1);
  return `${String(year).padStart(4, '0')}${day.slice(4, 8)}01`;
}

async function valueSeries(d: PortalDeps, from: string | undefined, to: string) {
  const start = from ?? yearBefore(to);
  const series = await d.reserve.valueSeries(start, to);
  if (!series.ok) return series;
  const points = series.value;
  return ok({
    from: start,
    to,
    currency: 'USD' as const,
    points: points.map((p) => ({
      day: p.day,
      total: usd(p.total),
      gold: usd(p.byBucket.gold),
      fx: usd(p.byBucket.fx),
      hedge_funds: usd(p.byBucket.hedge_funds),
      venture_funds: usd(p.byBucket.venture_funds),
    })),
  });
}

async function allLots(d: PortalDeps): Promise<LotRow[]> {
  const out: LotRow[] = [];
  for (let after: string | undefined; ;) {
    const page = await d.seizures.lots(SYSTEM, { limit: LOT_PAGE, after });
    out.push(...page);
    const last = page.at(-1);
    if (page.length < LOT_PAGE || last === undefined) return out;
    after = last.id;
  }
}

function publicLot(l: LotRow): PublicLot {
  return {
    id: l.id,
    parentLotId: l.parentLotId,
    asset: l.asset,
    amountUnits: l.amountUnits,
    remainingUnits: l.remainingUnits,
    status: l.status,
  };
}

/** USD value of each measure at the day's prices; assets without a price are named, not guessed. */
async function valued(d: PortalDeps, day: string, totals: ReturnType<typeof totalsByAsset>) {
  const out: Record<string, { value: string; unpriced: string[] }> = {};
  for (const m of MEASURES) {
    const holdings = [...totals].map(([asset, t]) => ({
      kind: 'asset' as const,
      id: asset,
      asset,
      units: t[m],
    }));
    const v = await d.market.valueAt(
      day,
      'USD',
      holdings.filter((h) => h.units > 0n),
    );
    out[m] = { value: usd(v.total), unpriced: [...v.missing] };
  }
  return out;
}

async function enforcement(d: PortalDeps, day: string) {
  const lots = (await allLots(d)).map(publicLot);
  const operations = (await d.seizures.operations()) as Record<string, unknown>[];
  const exchanges = (await d.seizures.exchanges()) as Record<string, unknown>[];
  const totals = totalsByAsset(lots);
  return {
    day,
    operations: operations.length,
    exchangesShutDown: operations.reduce((s, o) => s + Number(o['exchanges_shut_down'] ?? 0), 0),
    exchangesInRegistryShutDown: exchanges.filter((x) => x['status'] === 'shut_down').length,
    volumeProcessedByShutDownExchangesUsd: operations
      .reduce((s, o) => s + BigInt((o['volume_processed_usd'] as string | bigint | null) ?? 0n), 0n)
      .toString(),
    lots: lots.filter((l) => l.status !== 'split').length,
    byAsset: [...totals].map(([asset, t]) => ({
      asset,
      ...Object.fromEntries(MEASURES.map((m) => [m, formatAmount(t[m], asset)])),
    })),
    valueUsd: await valued(d, day, totals),
    operationsList: operations.map((o) => ({
      name: String(o['name']),
      startedOn: dayText(o['started_on']),
      endedOn: o['ended_on'] === null ? null : dayText(o['ended_on']),
      exchangesShutDown: (o['exchanges_shut_down'] as number | null) ?? null,
    })),
  };
}

function dayText(v: unknown): string {
  return v instanceof Date ? isoDay(v) : String(v).slice(0, 10);
}

async function flows(d: PortalDeps) {
  const lots = (await allLots(d)).map(publicLot);
  const links = flowLinks(lots, await d.reserve.seizureContributions());
  return {
    links: links.map((l) => ({
      asset: l.asset,
      source: l.source,
      target: l.target,
      units: formatAmount(l.units, l.asset),
    })),
  };
}

/** The addresses the publication rule publishes, lot by lot, with each lot's booked balance. */
async function addresses(d: PortalDeps) {
  const lots = await allLots(d);
  const rule = publicationOf(lots);
  const out = [];
  for (const l of lots) {
    const shown = rule.lot(l);
    if (shown.addresses.length === 0) continue;
    const account = await d.ledger.read.account(l.accountId);
    const units = account === undefined ? 0n : normalBalance(account.type, account.balances);
    out.push({
      asset: shown.asset,
      chain: shown.chain,
      custody: shown.custodyKind,
      addresses: [...shown.addresses],
      balance: formatAmount(units, l.asset),
    });
  }
  return { policy: 'forfeited_lots_in_state_wallets', lots: out };
}

async function evidenceRefs(d: PortalDeps, day: string): Promise<EvidenceRef[]> {
  const refs: EvidenceRef[] = [...(await d.reserve.evidence(day))];
  for (const l of (await allLots(d)).slice(0, 50)) {
    for (const e of (await d.seizures.history(l.id)).history)
      refs.push({ figure: `enforcement.${l.asset}`, seq: Number(e.seq) });
  }
  const seen = new Set<number>();
  return refs
    .filter((r) => !seen.has(r.seq) && (seen.add(r.seq), true))
    .sort((a, b) => a.seq - b.seq)
    .slice(-EVIDENCE_MAX);
}

async function verification(d: PortalDeps, day: string) {
  const cp = await d.audit.latestCheckpoint();
  if (cp === null) return err('checkpoint_not_found', 'no checkpoint has been signed yet');
  const key = (await d.audit.keys()).find((k) => k.keyId === cp.body.keyId) ?? null;
  const entries = [];
  for (const ref of await evidenceRefs(d, day)) {
    if (ref.seq >= cp.size) {
      entries.push({ ...ref, leafHash: null, proof: null });
      continue;
    }
    const p = await d.audit.inclusionProof(ref.seq, cp.size);
    if (p.ok) entries.push({ ...ref, leafHash: p.value.leafHash, proof: p.value.proof });
  }
  return ok({
    checkpoint: { size: cp.size, body: cp.body, signature: cp.signature },
    key: key === null ? null : { keyId: key.keyId, publicKey: key.publicKey },
    entries,
  });
}
