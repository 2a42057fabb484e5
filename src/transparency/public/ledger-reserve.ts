import type { Disposal } from '../../disposal/service.ts';
import type { Account } from '../../ledger/model.ts';
import type { LedgerService } from '../../ledger/service.ts';
import type { Market } from '../../market/service.ts';
import { RESERVE_BUCKETS, type ReserveBucket, type ReserveReads } from '../../reserve/public.ts';
import type { Reserve } from '../../reserve/service.ts';
import { endOfDay } from './days.ts';

/**
 * The audit entries behind the reserve's gold and FX figures: the ledger transfers that moved the
 * reserve's accounts (owner kind `reserve`, the owner ref naming the bucket) up to the end of a day.
 * The portal's verification panel proves those entries are in the signed log. (This file first held
 * a stand-in for the reserve's reads, built from the same accounts, until the reserve service landed.)
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
  /** Kept so main.ts builds it as before; valuation now comes from the reserve service. */
  readonly market?: Pick<Market, 'valueAt'>;
}

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

async function evidence(d: Deps, day: string): Promise<EvidenceRef[]> {
  const out: EvidenceRef[] = [];
  for (const a of await reserveAccounts(d)) {
    const rows = await d.ledger.read.statement({ accountId: a.id, to: endOfDay(day), limit: 100 });
    for (const r of rows)
      out.push({ figure: `allocation.${bucketOf(a) ?? ''}`, seq: Number(r.transfer.auditSeq) });
  }
  return out;
}

export function ledgerReserve(d: Deps): { evidence(day: string): Promise<EvidenceRef[]> } {
  return { evidence: (day) => evidence(d, day) };
}

/**
 * The reserve as the portal and the signed reports read it: the reserve's own reads, with the
 * lots that reached it from disposal's sales as well as in kind, and the evidence behind a day's
 * figures from the ledger's transfers (gold, FX) as well as the reserve's flows and NAVs (the funds).
 */
export function portalReserve(d: {
  readonly reserve: Reserve;
  readonly disposal: Pick<Disposal, 'contributions'>;
  readonly ledger: LedgerService;
  readonly market: Pick<Market, 'valueAt'>;
}): PortalReserve & Reserve {
  const ledgerEvidence = ledgerReserve({ ledger: d.ledger, market: d.market });
  return {
    ...d.reserve,
    seizureContributions: async () => [
      ...(await d.reserve.seizureContributions()),
      ...(await d.disposal.contributions()),
    ],
    evidence: async (day: string) => [
      ...(await ledgerEvidence.evidence(day)),
      ...(await d.reserve.evidence(day)),
    ],
  };
}
