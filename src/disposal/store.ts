import { ASSET_CODES, type AssetCode } from '../core/assets.ts';
import type { Queryable } from '../db/pool.ts';
import { readRow, type RowReader } from '../db/row.ts';
import { AUCTION_STATUSES, type AuctionStatus } from './model.ts';

/**
 * SQL for the disposal tables (migration 0740). Append-only: state is the latest event. Nothing here
 * locks rows (the app's role may not UPDATE these tables, so no FOR UPDATE): commands run
 * SERIALIZABLE, and two that race on one auction or plan conflict and retry.
 */
/**
 * What an auction and an OTC plan both record when they are opened: the same columns, decoded once
 * (`opened`) so the two routes cannot drift apart in how they read them.
 */
interface Opened {
  readonly id: string;
  readonly asset: AssetCode;
  readonly requestId: string;
  readonly createdBy: string;
  readonly createdAt: Date;
}

function opened(r: RowReader): Opened {
  return {
    id: r.str('id'),
    asset: r.oneOf('asset', ASSET_CODES),
    requestId: r.str('request_id'),
    createdBy: r.str('created_by'),
    createdAt: r.date('created_at'),
  };
}

export interface AuctionRow extends Opened {
  readonly reservePrice: bigint;
  readonly closesAt: Date;
  readonly status: AuctionStatus;
  readonly lots: readonly { readonly lotId: string; readonly units: bigint }[];
}

const AUCTION_COLUMNS = `a.id, a.asset, a.reserve_price, a.closes_at, a.request_id, a.created_by,
  a.created_at,
  (SELECT status FROM reserve_disposal_auction_events e WHERE e.auction_id = a.id
    ORDER BY audit_seq DESC LIMIT 1) AS status,
  (SELECT json_agg(json_build_object('lotId', lot_id, 'units', units::text) ORDER BY lot_id)
     FROM reserve_disposal_auction_lots l WHERE l.auction_id = a.id) AS lots`;

function toAuction(row: Record<string, unknown>): AuctionRow {
  const r = readRow(row, 'reserve_disposal_auctions');
  return {
    ...opened(r),
    reservePrice: r.bigint('reserve_price'),
    closesAt: r.date('closes_at'),
    status: r.oneOf('status', AUCTION_STATUSES),
    lots: r.objects('lots', (l) => ({ lotId: l.str('lotId'), units: l.bigint('units') })),
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

const BIDDER_STATUSES = ['registered', 'refused_sanctioned'] as const;

export interface BidderRow {
  readonly id: string;
  readonly auctionId: string;
  readonly kycRef: string;
  readonly address: string;
  readonly status: (typeof BIDDER_STATUSES)[number];
  readonly screeningId: string;
  readonly listVersion: bigint;
  readonly at: Date;
}

export async function bidders(q: Queryable, auctionId: string): Promise<BidderRow[]> {
  const rows = await q.query(
    `SELECT id, auction_id, kyc_ref, address, status, screening_id, list_version, at
       FROM reserve_disposal_bidders WHERE auction_id = $1 ORDER BY audit_seq`,
    [auctionId],
  );
  return rows.map((row) => {
    const r = readRow(row, 'reserve_disposal_bidders');
    return {
      id: r.str('id'),
      auctionId: r.str('auction_id'),
      kycRef: r.str('kyc_ref'),
      address: r.str('address'),
      status: r.oneOf('status', BIDDER_STATUSES),
      screeningId: r.str('screening_id'),
      listVersion: r.bigint('list_version'),
      at: r.date('at'),
    };
  });
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
  const rows = await q.query(
    `SELECT b.id, b.auction_id, b.lot_id, b.bidder_id, b.commitment, b.committed_at, b.audit_seq,
            r.price, r.revealed_at
       FROM reserve_disposal_bids b LEFT JOIN reserve_disposal_bid_reveals r ON r.bid_id = b.id
      WHERE b.auction_id = $1 ORDER BY b.audit_seq`,
    [auctionId],
  );
  return rows.map((row) => {
    const r = readRow(row, 'reserve_disposal_bids');
    return {
      id: r.str('id'),
      auctionId: r.str('auction_id'),
      lotId: r.str('lot_id'),
      bidderId: r.str('bidder_id'),
      commitment: r.str('commitment'),
      committedAt: r.date('committed_at'),
      committedSeq: r.bigint('audit_seq'),
      price: r.bigintOrNull('price'),
      revealedAt: r.dateOrNull('revealed_at'),
    };
  });
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

/**
 * What an auction award and an OTC fill both record when they settle a lot, decoded once
 * (`settled`); the price and proceeds columns differ in nullability (an award without a winning bid
 * sold nothing), so each route reads those itself.
 */
interface Settled {
  readonly units: bigint;
  readonly proceedsTransferId: string | null;
  readonly requestId: string;
  readonly at: Date;
}

function settled(r: RowReader): Settled {
  return {
    units: r.bigint('units'),
    proceedsTransferId: r.strOrNull('proceeds_transfer_id'),
    requestId: r.str('request_id'),
    at: r.date('at'),
  };
}

export interface AwardRow extends Settled {
  readonly lotId: string;
  readonly bidId: string | null;
  readonly clearingPrice: bigint | null;
  readonly referencePrice: bigint | null;
  readonly referenceDay: string | null;
  readonly referenceSource: string | null;
  readonly premiumBps: bigint | null;
  readonly proceedsCents: bigint | null;
  readonly cryptoTransferId: string | null;
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
  return rows.map((row) => {
    const r = readRow(row, 'reserve_disposal_awards');
    return {
      ...settled(r),
      lotId: r.str('lot_id'),
      bidId: r.strOrNull('bid_id'),
      clearingPrice: r.bigintOrNull('clearing_price'),
      referencePrice: r.bigintOrNull('reference_price'),
      referenceDay: r.strOrNull('reference_day'),
      referenceSource: r.strOrNull('reference_source'),
      premiumBps: r.bigintOrNull('premium_bps'),
      proceedsCents: r.bigintOrNull('proceeds_cents'),
      cryptoTransferId: r.strOrNull('crypto_transfer_id'),
    };
  });
}

export interface PlanRow extends Opened {
  readonly lotId: string;
  readonly counterpartyRef: string;
  readonly maxVolumeShareBps: number;
  readonly toleranceBps: number;
  readonly tranches: readonly { readonly trancheNo: number; readonly units: bigint }[];
}

const PLAN_COLUMNS = `p.id, p.lot_id, p.asset, p.counterparty_ref, p.max_volume_share_bps,
  p.tolerance_bps, p.request_id, p.created_by, p.created_at,
  (SELECT json_agg(json_build_object('trancheNo', tranche_no, 'units', units::text) ORDER BY tranche_no)
     FROM reserve_disposal_otc_tranches t WHERE t.plan_id = p.id) AS tranches`;

function toPlan(row: Record<string, unknown>): PlanRow {
  const r = readRow(row, 'reserve_disposal_otc_plans');
  return {
    ...opened(r),
    lotId: r.str('lot_id'),
    counterpartyRef: r.str('counterparty_ref'),
    maxVolumeShareBps: r.int('max_volume_share_bps'),
    toleranceBps: r.int('tolerance_bps'),
    tranches: r.objects('tranches', (t) => ({
      trancheNo: t.int('trancheNo'),
      units: t.bigint('units'),
    })),
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

export interface FillRow extends Settled {
  readonly id: string;
  readonly trancheNo: number;
  readonly day: string;
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
  return rows.map((row) => {
    const r = readRow(row, 'reserve_disposal_otc_fills');
    return {
      ...settled(r),
      id: r.str('id'),
      trancheNo: r.int('tranche_no'),
      day: r.str('day'),
      executionPrice: r.bigint('execution_price'),
      referencePrice: r.bigint('reference_price'),
      referenceDay: r.str('reference_day'),
      referenceSource: r.str('reference_source'),
      dailyVolumeUnits: r.bigint('daily_volume_units'),
      volumeSource: r.oneOf('volume_source', ['market', 'entered']),
      volumeShareBps: r.bigint('volume_share_bps'),
      slippageBps: r.bigint('slippage_bps'),
      proceedsCents: r.bigint('proceeds_cents'),
      cryptoTransferId: r.str('crypto_transfer_id'),
    };
  });
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
  return rows.map((row) => {
    const r = readRow(row, 'disposal sales');
    return {
      lotId: r.str('lot_id'),
      asset: r.oneOf('asset', ASSET_CODES),
      units: r.bigint('units'),
      proceedsCents: r.bigint('proceeds_cents'),
      day: r.str('day'),
      route: r.oneOf('route', ['auction', 'otc']),
    };
  });
}
