import type { AssetCode } from '../core/assets.ts';
import type { Queryable } from '../db/pool.ts';
import type { AuctionStatus } from './model.ts';

/**
 * SQL for the disposal tables (migration 0740). Append-only: state is the latest event. Nothing here
 * locks rows (the app's role may not UPDATE these tables, so no FOR UPDATE): commands run
 * SERIALIZABLE, and two that race on one auction or plan conflict and retry.
 */
export interface AuctionRow {
  readonly id: string;
  readonly asset: AssetCode;
  readonly reservePrice: bigint;
  readonly closesAt: Date;
  readonly requestId: string;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly status: AuctionStatus;
  readonly lots: readonly { readonly lotId: string; readonly units: bigint }[];
}

const AUCTION_COLUMNS = `a.id, a.asset, a.reserve_price, a.closes_at, a.request_id, a.created_by,
  a.created_at,
  (SELECT status FROM reserve_disposal_auction_events e WHERE e.auction_id = a.id
    ORDER BY audit_seq DESC LIMIT 1) AS status,
  (SELECT json_agg(json_build_object('lotId', lot_id, 'units', units::text) ORDER BY lot_id)
     FROM reserve_disposal_auction_lots l WHERE l.auction_id = a.id) AS lots`;

function toAuction(r: Record<string, unknown>): AuctionRow {
  const lots = (r['lots'] ?? []) as { lotId: string; units: string }[];
  return {
    id: r['id'] as string,
    asset: r['asset'] as AssetCode,
    reservePrice: r['reserve_price'] as bigint,
    closesAt: r['closes_at'] as Date,
    requestId: r['request_id'] as string,
    createdBy: r['created_by'] as string,
    createdAt: r['created_at'] as Date,
    status: r['status'] as AuctionStatus,
    lots: lots.map((l) => ({ lotId: l.lotId, units: BigInt(l.units) })),
  };
}

export async function auction(q: Queryable, id: string): Promise<AuctionRow | null> {
  const [r] = await q.query(
    `SELECT ${AUCTION_COLUMNS} FROM reserve_disposal_auctions a WHERE a.id = $1`,
    [id],
  );
  return r === undefined ? null : toAuction(r);
}

export async function auctions(
  q: Queryable,
  p: { readonly after?: string | undefined; readonly limit: number },
): Promise<AuctionRow[]> {
  const rows = await q.query(
    `SELECT ${AUCTION_COLUMNS} FROM reserve_disposal_auctions a
      WHERE ($1::uuid IS NULL OR a.id > $1) ORDER BY a.id LIMIT $2`,
    [p.after ?? null, p.limit],
  );
  return rows.map(toAuction);
}

export interface BidderRow {
  readonly id: string;
  readonly auctionId: string;
  readonly kycRef: string;
  readonly address: string;
  readonly status: 'registered' | 'refused_sanctioned';
  readonly screeningId: string;
  readonly listVersion: bigint;
  readonly at: Date;
}

export async function bidders(q: Queryable, auctionId: string): Promise<BidderRow[]> {
  const rows = await q.query<{
    id: string;
    auction_id: string;
    kyc_ref: string;
    address: string;
    status: BidderRow['status'];
    screening_id: string;
    list_version: bigint;
    at: Date;
  }>(
    `SELECT id, auction_id, kyc_ref, address, status, screening_id, list_version, at
       FROM reserve_disposal_bidders WHERE auction_id = $1 ORDER BY audit_seq`,
    [auctionId],
  );
  return rows.map((r) => ({
    id: r.id,
    auctionId: r.auction_id,
    kycRef: r.kyc_ref,
    address: r.address,
    status: r.status,
    screeningId: r.screening_id,
    listVersion: r.list_version,
    at: r.at,
  }));
}

export interface BidRow {
  readonly id: string;
  readonly auctionId: string;
  readonly lotId: string;
  readonly bidderId: string;
  readonly commitment: string;
  readonly committedAt: Date;
  readonly committedSeq: bigint;
  readonly price: bigint | null;
  readonly revealedAt: Date | null;
}

export async function bids(q: Queryable, auctionId: string): Promise<BidRow[]> {
  const rows = await q.query<{
    id: string;
    auction_id: string;
    lot_id: string;
    bidder_id: string;
    commitment: string;
    committed_at: Date;
    audit_seq: bigint | string;
    price: bigint | null;
    revealed_at: Date | null;
  }>(
    `SELECT b.id, b.auction_id, b.lot_id, b.bidder_id, b.commitment, b.committed_at, b.audit_seq,
            r.price, r.revealed_at
       FROM reserve_disposal_bids b LEFT JOIN reserve_disposal_bid_reveals r ON r.bid_id = b.id
      WHERE b.auction_id = $1 ORDER BY b.audit_seq`,
    [auctionId],
  );
  return rows.map((r) => ({
    id: r.id,
    auctionId: r.auction_id,
    lotId: r.lot_id,
    bidderId: r.bidder_id,
    commitment: r.commitment,
    committedAt: r.committed_at,
    committedSeq: BigInt(r.audit_seq),
    price: r.price,
    revealedAt: r.revealed_at,
  }));
}

export async function insertAuctionEvent(
  q: Queryable,
  e: {
    id: string;
    auctionId: string;
    status: AuctionStatus;
    requestId: string | null;
    actor: string;
  },
  at: Date,
  seq: bigint,
): Promise<void> {
  await q.query(
    `INSERT INTO reserve_disposal_auction_events (id, auction_id, status, request_id, actor, at, audit_seq)
     VALUES ($1,$2,$3,$4,$5,$6,$7)`,
    [e.id, e.auctionId, e.status, e.requestId, e.actor, at, seq],
  );
}

export interface AwardRow {
  readonly lotId: string;
  readonly bidId: string | null;
  readonly units: bigint;
  readonly clearingPrice: bigint | null;
  readonly referencePrice: bigint | null;
  readonly referenceDay: string | null;
  readonly referenceSource: string | null;
  readonly premiumBps: bigint | null;
  readonly proceedsCents: bigint | null;
  readonly cryptoTransferId: string | null;
  readonly proceedsTransferId: string | null;
  readonly requestId: string;
  readonly at: Date;
}

export async function awards(q: Queryable, auctionId: string): Promise<AwardRow[]> {
  const rows = await q.query<Record<string, unknown>>(
    `SELECT lot_id, bid_id, units, clearing_price, reference_price,
            to_char(reference_day, 'YYYY-MM-DD') AS reference_day, reference_source, premium_bps,
            proceeds_cents, crypto_transfer_id, proceeds_transfer_id, request_id, at
       FROM reserve_disposal_awards WHERE auction_id = $1 ORDER BY lot_id`,
    [auctionId],
  );
  return rows.map((r) => ({
    lotId: r['lot_id'] as string,
    bidId: r['bid_id'] as string | null,
    units: r['units'] as bigint,
    clearingPrice: r['clearing_price'] as bigint | null,
    referencePrice: r['reference_price'] as bigint | null,
    referenceDay: r['reference_day'] as string | null,
    referenceSource: r['reference_source'] as string | null,
    premiumBps: r['premium_bps'] === null ? null : BigInt(r['premium_bps'] as string),
    proceedsCents: r['proceeds_cents'] as bigint | null,
    cryptoTransferId: r['crypto_transfer_id'] as string | null,
    proceedsTransferId: r['proceeds_transfer_id'] as string | null,
    requestId: r['request_id'] as string,
    at: r['at'] as Date,
  }));
}

export interface PlanRow {
  readonly id: string;
  readonly lotId: string;
  readonly asset: AssetCode;
  readonly counterpartyRef: string;
  readonly maxVolumeShareBps: number;
  readonly toleranceBps: number;
  readonly requestId: string;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly tranches: readonly { readonly trancheNo: number; readonly units: bigint }[];
}

const PLAN_COLUMNS = `p.id, p.lot_id, p.asset, p.counterparty_ref, p.max_volume_share_bps,
  p.tolerance_bps, p.request_id, p.created_by, p.created_at,
  (SELECT json_agg(json_build_object('trancheNo', tranche_no, 'units', units::text) ORDER BY tranche_no)
     FROM reserve_disposal_otc_tranches t WHERE t.plan_id = p.id) AS tranches`;

function toPlan(r: Record<string, unknown>): PlanRow {
  const tranches = (r['tranches'] ?? []) as { trancheNo: number; units: string }[];
  return {
    id: r['id'] as string,
    lotId: r['lot_id'] as string,
    asset: r['asset'] as AssetCode,
    counterpartyRef: r['counterparty_ref'] as string,
    maxVolumeShareBps: r['max_volume_share_bps'] as number,
    toleranceBps: r['tolerance_bps'] as number,
    requestId: r['request_id'] as string,
    createdBy: r['created_by'] as string,
    createdAt: r['created_at'] as Date,
    tranches: tranches.map((t) => ({ trancheNo: t.trancheNo, units: BigInt(t.units) })),
  };
}

export async function plan(q: Queryable, id: string): Promise<PlanRow | null> {
  const [r] = await q.query(
    `SELECT ${PLAN_COLUMNS} FROM reserve_disposal_otc_plans p WHERE p.id = $1`,
    [id],
  );
  return r === undefined ? null : toPlan(r);
}

export async function plans(
  q: Queryable,
  p: { readonly after?: string | undefined; readonly limit: number },
): Promise<PlanRow[]> {
  const rows = await q.query(
    `SELECT ${PLAN_COLUMNS} FROM reserve_disposal_otc_plans p
      WHERE ($1::uuid IS NULL OR p.id > $1) ORDER BY p.id LIMIT $2`,
    [p.after ?? null, p.limit],
  );
  return rows.map(toPlan);
}

export interface FillRow {
  readonly id: string;
  readonly trancheNo: number;
  readonly day: string;
  readonly units: bigint;
  readonly executionPrice: bigint;
  readonly referencePrice: bigint;
  readonly referenceDay: string;
  readonly referenceSource: string;
  readonly dailyVolumeUnits: bigint;
  readonly volumeSource: 'market' | 'entered';
  readonly volumeShareBps: bigint;
  readonly slippageBps: bigint;
  readonly proceedsCents: bigint;
  readonly cryptoTransferId: string;
  readonly proceedsTransferId: string | null;
  readonly requestId: string;
  readonly at: Date;
}

export async function fills(q: Queryable, planId: string): Promise<FillRow[]> {
  const rows = await q.query<Record<string, unknown>>(
    `SELECT id, tranche_no, to_char(day, 'YYYY-MM-DD') AS day, units, execution_price,
            reference_price, to_char(reference_day, 'YYYY-MM-DD') AS reference_day,
            reference_source, daily_volume_units, volume_source, volume_share_bps, slippage_bps,
            proceeds_cents, crypto_transfer_id, proceeds_transfer_id, request_id, at
       FROM reserve_disposal_otc_fills WHERE plan_id = $1 ORDER BY tranche_no`,
    [planId],
  );
  return rows.map((r) => ({
    id: r['id'] as string,
    trancheNo: r['tranche_no'] as number,
    day: r['day'] as string,
    units: r['units'] as bigint,
    executionPrice: r['execution_price'] as bigint,
    referencePrice: r['reference_price'] as bigint,
    referenceDay: r['reference_day'] as string,
    referenceSource: r['reference_source'] as string,
    dailyVolumeUnits: r['daily_volume_units'] as bigint,
    volumeSource: r['volume_source'] as 'market' | 'entered',
    volumeShareBps: BigInt(r['volume_share_bps'] as string),
    slippageBps: BigInt(r['slippage_bps'] as string),
    proceedsCents: r['proceeds_cents'] as bigint,
    cryptoTransferId: r['crypto_transfer_id'] as string,
    proceedsTransferId: r['proceeds_transfer_id'] as string | null,
    requestId: r['request_id'] as string,
    at: r['at'] as Date,
  }));
}

/** A sale that brought a forfeited lot's value into the reserve as USD proceeds. */
export interface SaleRow {
  readonly lotId: string;
  readonly asset: AssetCode;
  readonly units: bigint;
  readonly proceedsCents: bigint;
  readonly day: string;
  readonly route: 'auction' | 'otc';
}

/** Every awarded auction lot and every OTC fill, oldest first (an award without a bid sold nothing). */
export async function sales(q: Queryable): Promise<SaleRow[]> {
  const rows = await q.query(
    `SELECT w.lot_id, a.asset, w.units, w.proceeds_cents, to_char(w.at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
            'auction' AS route, w.audit_seq
       FROM reserve_disposal_awards w JOIN reserve_disposal_auctions a ON a.id = w.auction_id
      WHERE w.bid_id IS NOT NULL AND w.units > 0
     UNION ALL
     SELECT p.lot_id, p.asset, f.units, f.proceeds_cents, to_char(f.day, 'YYYY-MM-DD'), 'otc', f.audit_seq
       FROM reserve_disposal_otc_fills f JOIN reserve_disposal_otc_plans p ON p.id = f.plan_id
      ORDER BY audit_seq`,
  );
  return rows.map((r) => ({
    lotId: r['lot_id'] as string,
    asset: r['asset'] as AssetCode,
    units: r['units'] as bigint,
    proceedsCents: r['proceeds_cents'] as bigint,
    day: r['day'] as string,
    route: r['route'] as 'auction' | 'otc',
  }));
}
