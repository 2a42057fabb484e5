import type { AssetCode } from '../../core/assets.ts';
import type { LegalStatus } from '../../seizures/model.ts';
import type { SeizureContribution } from '../../reserve/public.ts';

/**
 * Enforcement statistics and the flow dataset, as pure folds over the lots' public facts (asset,
 * amount, amount still held, legal status, parent). A split lot is counted once, through its parts;
 * amounts are bigint base units of each lot's asset.
 */
export interface PublicLot {
  readonly id: string;
  readonly parentLotId: string | null;
  readonly asset: AssetCode;
  readonly amountUnits: bigint;
  readonly remainingUnits: bigint;
  readonly status: LegalStatus;
}

export const MEASURES = [
  'seized',
  'pending',
  'forfeited',
  'forfeitedHeld',
  'sentToReserve',
  'restitutionOrdered',
  'restituted',
  'returnedToOwner',
  'released',
  'emergencySold',
] as const;
export type Measure = (typeof MEASURES)[number];
export type AssetTotals = Record<Measure, bigint>;

const PENDING: readonly LegalStatus[] = ['seized', 'frozen', 'forfeiture_pending'];

function zero(): AssetTotals {
  return Object.fromEntries(MEASURES.map((m) => [m, 0n])) as AssetTotals;
}

export function totalsByAsset(lots: readonly PublicLot[]): Map<AssetCode, AssetTotals> {
  const out = new Map<AssetCode, AssetTotals>();
  for (const l of lots) {
    const t = out.get(l.asset) ?? zero();
    out.set(l.asset, t);
    if (l.parentLotId === null) t.seized += l.amountUnits;
    const spent = l.amountUnits - l.remainingUnits;
    if (PENDING.includes(l.status)) t.pending += l.amountUnits;
    else if (l.status === 'forfeited') {
      t.forfeited += l.amountUnits;
      t.forfeitedHeld += l.remainingUnits;
      t.sentToReserve += spent;
    } else if (l.status === 'restitution_to_victims') {
      t.restitutionOrdered += l.amountUnits;
      t.restituted += spent;
    } else if (l.status === 'returned_to_owner') t.returnedToOwner += l.amountUnits;
    else if (l.status === 'released') t.released += l.amountUnits;
    else if (l.status === 'emergency_sold') t.emergencySold += l.amountUnits;
  }
  return out;
}

/** Nodes of the flow diagram: seizures, then legal outcomes, then where forfeited value went. */
export const FLOW_NODES = [
  'seized',
  'pending',
  'forfeited',
  'restitution',
  'returned',
  'released',
  'emergency_sold',
  'held_in_custody',
  'reserve_in_kind',
  'reserve_auction',
  'reserve_otc',
  'reserve_other',
  'paid_to_victims',
  'awaiting_payment',
] as const;
export type FlowNode = (typeof FLOW_NODES)[number];

export interface FlowLink {
  readonly asset: AssetCode;
  readonly source: FlowNode;
  readonly target: FlowNode;
  readonly units: bigint;
}

export function flowLinks(
  lots: readonly PublicLot[],
  contributions: readonly SeizureContribution[],
): FlowLink[] {
  const links: FlowLink[] = [];
  for (const [asset, t] of totalsByAsset(lots)) {
    const add = (source: FlowNode, target: FlowNode, units: bigint): void => {
      if (units > 0n) links.push({ asset, source, target, units });
    };
    add('seized', 'pending', t.pending);
    add('seized', 'forfeited', t.forfeited);
    add('seized', 'restitution', t.restitutionOrdered);
    add('seized', 'returned', t.returnedToOwner);
    add('seized', 'released', t.released);
    add('seized', 'emergency_sold', t.emergencySold);
    add('forfeited', 'held_in_custody', t.forfeitedHeld);
    let explained = 0n;
    for (const route of ['in_kind', 'auction', 'otc'] as const) {
      const units = contributions
        .filter((c) => c.asset === asset && c.route === route)
        .reduce((s, c) => s + c.units, 0n);
      add('forfeited', `reserve_${route}`, units);
      explained += units;
    }
    add('forfeited', 'reserve_other', t.sentToReserve - explained);
    add('restitution', 'paid_to_victims', t.restituted);
    add('restitution', 'awaiting_payment', t.restitutionOrdered - t.restituted);
  }
  return links;
}
