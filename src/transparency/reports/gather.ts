import { isAssetCode } from '../../core/assets.ts';
import { formatPrice, valueInQuote } from '../../market/model.ts';
import { ASSETS } from '../../core/assets.ts';
import type { ReserveAllocation } from '../../reserve/public.ts';
import type { EntryView } from '../../audit/model.ts';
import type { TransparencyDeps } from '../deps.ts';
import { accountsOwnedBy, holdingAt } from '../ledger-reads.ts';
import { publicationOf } from '../public/policy.ts';
import { periodEnd, type Period } from './model.ts';

/**
 * Reads the facts of a period. A draft figure carries the audit seqs it follows from; the service
 * turns them into references with inclusion proofs once it has a checkpoint that covers them.
 */
export interface DraftFigure {
  readonly id: string;
  readonly section: string;
  readonly label: string;
  readonly asset: string | null;
  readonly units: string | null;
  readonly value: string | null;
  readonly evidence: Readonly<Record<string, string | readonly string[] | null>>;
  readonly seqs: readonly number[];
}

export interface PriceLine {
  readonly asset: string;
  readonly quote: 'USD';
  readonly price: string;
  readonly day: string;
  readonly source: string;
  readonly stale: boolean;
}

export interface Prices {
  readonly lines: Map<string, PriceLine | null>;
  valueOf(asset: string, units: bigint): string | null;
}

export async function pricesOn(
  d: TransparencyDeps,
  day: string,
  assets: readonly string[],
): Promise<Prices> {
  const lines = new Map<string, PriceLine | null>();
  const raw = new Map<string, bigint>();
  for (const asset of [...new Set(assets)].sort()) {
    if (!isAssetCode(asset)) continue;
    const q = await d.market.priceOn(asset, 'USD', day);
    lines.set(
      asset,
      q === null
        ? null
        : {
            asset,
            quote: 'USD',
            price: formatPrice(q.price),
            day: q.day,
            source: q.source,
            stale: q.stale,
          },
    );
    if (q !== null) raw.set(asset, q.price);
  }
  return {
    lines,
    valueOf: (asset, units) => {
      const p = raw.get(asset);
      if (p === undefined || !isAssetCode(asset)) return null;
      return valueInQuote(units, ASSETS[asset].scale, p, 'USD').toString();
    },
  };
}

/** The reserve's buckets at the period's last day, each with the ledger entries behind it. */
export async function reserveFigures(
  d: TransparencyDeps,
  p: Period,
  allocation: ReserveAllocation | null,
): Promise<DraftFigure[]> {
  if (allocation === null) return [];
  const end = periodEnd(p);
  const seqsByBucket = new Map<string, number[]>();
  for (const account of await accountsOwnedBy(d.ledger, 'reserve')) {
    const held = await holdingAt(d.ledger, account, end);
    const bucket = account.owner.ref;
    seqsByBucket.set(bucket, [...(seqsByBucket.get(bucket) ?? []), ...held.seqs]);
  }
  return allocation.lines.map((l) => ({
    id: `holdings.bucket.${l.bucket}`,
    section: 'holdings',
    label: `Reserve: ${l.bucket.replaceAll('_', ' ')}`,
    asset: null,
    units: null,
    value: l.value.toString(),
    evidence: { targetBps: l.targetBps === null ? null : String(l.targetBps) },
    seqs: seqsByBucket.get(l.bucket) ?? [],
  }));
}

/**
 * A manager's figure id from its name, which the reserve keeps unique (its record id is not
 * published): lower case, runs of anything but letters and digits as one `_`.
 */
export function managerKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_|_$/g, '');
}

export async function managerFigures(d: TransparencyDeps, day: string): Promise<DraftFigure[]> {
  const positions = await d.reserve.managerPositions(day);
  const seen = new Map<string, number>();
  return positions.map((m) => {
    // Two names that differ only in punctuation would share a key; the later one is numbered.
    const key = managerKey(m.name);
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return {
      id: `holdings.manager.${n === 1 ? key : `${key}_${String(n)}`}`,
      section: 'managers',
      label: `Manager: ${m.name}`,
      asset: null,
      units: null,
      value: m.value.toString(),
      evidence: { kind: m.kind, navDay: m.navDay, statementSha256: m.statementSha256 },
      seqs: [],
    };
  });
}

type Lot = Awaited<ReturnType<TransparencyDeps['seizures']['lots']>>[number];

/**
 * Seized assets still in custody at the period's end, by custodian kind and asset, with the
 * addresses the publication rule publishes today (`lots` is every lot, which the rule needs).
 */
export async function custodyFigures(
  d: TransparencyDeps,
  p: Period,
  lots: readonly Lot[],
  prices: Prices,
): Promise<DraftFigure[]> {
  const end = periodEnd(p);
  const rule = publicationOf(lots);
  const groups = new Map<
    string,
    { asset: string; kind: string; units: bigint; seqs: number[]; addresses: string[] }
  >();
  for (const lot of lots) {
    const account = await d.ledger.read.account(lot.accountId);
    if (account === undefined) continue;
    const held = await holdingAt(d.ledger, account, end);
    if (held.units === 0n) continue;
    const key = `${lot.custodyKind}.${lot.asset}`;
    const g = groups.get(key) ?? {
      asset: lot.asset,
      kind: lot.custodyKind,
      units: 0n,
      seqs: [],
      addresses: [],
    };
    g.units += held.units;
    g.seqs.push(...held.seqs);
    g.addresses.push(...rule.lot(lot).addresses);
    groups.set(key, g);
  }
  return [...groups.entries()].sort().map(([key, g]) => ({
    id: `custody.${key}`,
    section: 'custody',
    label: `Seized ${g.asset} held (${g.kind.replaceAll('_', ' ')})`,
    asset: g.asset,
    units: g.units.toString(),
    value: prices.valueOf(g.asset, g.units),
    evidence: { addresses: [...new Set(g.addresses)].sort() },
    seqs: g.seqs,
  }));
}

/** Every entry of an action recorded in the period, oldest first. */
export async function entriesIn(
  d: TransparencyDeps,
  action: string,
  p: Period,
): Promise<EntryView[]> {
  const out: EntryView[] = [];
  const to = periodEnd(p).toISOString();
  const from = `${p.from}T00:00:00.000Z`;
  for (let cursor: number | undefined; ;) {
    const page = await d.audit.entries({
      action,
      from,
      to,
      order: 'asc',
      limit: 500,
      ...(cursor === undefined ? {} : { cursor }),
    });
    out.push(...page.entries);
    if (page.nextCursor === null) return out;
    cursor = page.nextCursor;
  }
}

interface FlowLine {
  readonly asset: string;
  readonly units: bigint;
  readonly seq: number;
}

type LotAsset = (lotId: string) => Promise<{ asset: string; amountUnits: bigint } | null>;

function str(payload: unknown, key: string): string | null {
  const v = (payload as Record<string, unknown> | null)?.[key];
  return typeof v === 'string' ? v : null;
}

/** One flow's lines in the period from the entries that record it. */
async function flowLines(
  d: TransparencyDeps,
  p: Period,
  kind: string,
  lotOf: LotAsset,
): Promise<FlowLine[]> {
  const out: FlowLine[] = [];
  const push = (asset: string | undefined, units: string | null, seq: number) => {
    if (asset !== undefined && units !== null && /^[0-9]+$/.test(units))
      out.push({ asset, units: BigInt(units), seq });
  };
  switch (kind) {
    case 'seized':
      for (const e of await entriesIn(d, 'seizures.lot.recorded', p)) {
        const lot = (e.payload as { lot?: Record<string, unknown> }).lot;
        // Parts of a split are recorded too; the seizure was counted once, on the parent.
        if (lot?.['parentLotId'] !== null) continue;
        push(str(lot, 'asset') ?? undefined, str(lot, 'amountUnits'), e.seq);
      }
      return out;
    case 'forfeited':
      for (const e of await entriesIn(d, 'seizures.lot.transitioned', p))
        if (str(e.payload, 'to') === 'forfeited')
          push(
            (await lotOf(str(e.payload, 'lotId') ?? ''))?.asset,
            str(e.payload, 'remainingUnits'),
            e.seq,
          );
      return out;
    case 'restituted':
      for (const e of await entriesIn(d, 'seizures.lot.paid_out', p))
        push(
          (await lotOf(str(e.payload, 'lotId') ?? ''))?.asset,
          str(e.payload, 'amountUnits'),
          e.seq,
        );
      return out;
    default:
      for (const e of await entriesIn(d, 'seizures.lot.earmarked', p)) {
        const lot = await lotOf(str(e.payload, 'lotId') ?? '');
        push(lot?.asset, lot?.amountUnits.toString() ?? null, e.seq);
      }
      return out;
  }
}

export const FLOWS = [
  { kind: 'seized', label: 'seized' },
  { kind: 'forfeited', label: 'forfeited by court order' },
  { kind: 'restituted', label: 'restituted to victims' },
  { kind: 'to_reserve', label: 'earmarked for the reserve' },
] as const;

export async function flowFigures(
  d: TransparencyDeps,
  p: Period,
  prices: Prices | null,
): Promise<DraftFigure[]> {
  const cache = new Map<string, { asset: string; amountUnits: bigint } | null>();
  const lotOf: LotAsset = async (id) => {
    if (!cache.has(id)) cache.set(id, /^[0-9a-f-]{36}$/.test(id) ? await d.seizures.lot(id) : null);
    return cache.get(id) ?? null;
  };
  const out: DraftFigure[] = [];
  for (const flow of FLOWS) {
    const byAsset = new Map<string, { units: bigint; seqs: number[] }>();
    for (const l of await flowLines(d, p, flow.kind, lotOf)) {
      const g = byAsset.get(l.asset) ?? { units: 0n, seqs: [] };
      g.units += l.units;
      g.seqs.push(l.seq);
      byAsset.set(l.asset, g);
    }
    for (const [asset, g] of [...byAsset.entries()].sort())
      out.push({
        id: `flows.${flow.kind}.${asset}`,
        section: 'flows',
        label: `${asset} ${flow.label}`,
        asset,
        units: g.units.toString(),
        value: prices?.valueOf(asset, g.units) ?? null,
        evidence: {},
        seqs: g.seqs,
      });
  }
  return out;
}

/** Sales of forfeited lots the reserve received in the period (USD cents), and in-kind transfers. */
export async function contributionFigures(d: TransparencyDeps, p: Period): Promise<DraftFigure[]> {
  const inPeriod = (await d.reserve.seizureContributions()).filter(
    (c) => c.day >= p.from && c.day <= p.to,
  );
  const out: DraftFigure[] = [];
  for (const route of ['in_kind', 'auction', 'otc'] as const) {
    const mine = inPeriod.filter((c) => c.route === route);
    if (mine.length === 0) continue;
    const seqs: number[] = [];
    for (const c of mine) {
      const earmark = await d.audit.entries({
        action: 'seizures.lot.earmarked',
        subject: c.lotId,
        order: 'asc',
        limit: 1,
      });
      seqs.push(...earmark.entries.map((e) => e.seq));
    }
    out.push({
      id: `flows.${route === 'in_kind' ? 'contributed_in_kind' : `disposal_proceeds.${route}`}`,
      section: 'flows',
      label:
        route === 'in_kind'
          ? 'Forfeited assets contributed in kind'
          : `Disposal proceeds (${route})`,
      asset: null,
      units: null,
      value: mine.reduce((s, c) => s + c.value, 0n).toString(),
      // How many lots, not which: a lot's id is never published.
      evidence: { lots: String(mine.length) },
      seqs,
    });
  }
  return out;
}
