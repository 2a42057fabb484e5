import { z } from 'zod';
import { appendAudit } from '../audit/append.ts';
import type { AssetCode } from '../core/assets.ts';
import type { Json } from '../core/canonical.ts';
import type { Actor } from '../core/identity.ts';
import { formatAmount } from '../core/money.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Tx } from '../db/pool.ts';
import { executor, type ExecutionContext } from '../governance/approvals.ts';
import { formatPrice, parsePrice } from '../market/model.ts';
import {
  commitLotForDisposalInTx,
  disposableLot,
  releaseLotCommitmentInTx,
  takeLotForDisposalInTx,
} from '../seizures/disposal.ts';
import type { AuctionError, AwardError } from './codes.ts';
import { bookProceeds, governed, type DisposalDeps } from './deps.ts';
import { decideAward, premiumBps, proceedsCents, type LotAward } from './model.ts';
import { referencePrice, statusesOf } from './shared.ts';
import { DISPOSAL_STATUS } from './statuses.ts';
import * as store from './store.ts';

/**
 * Sealed-bid auctions (the US Marshals' model): opening an auction and awarding it are approval
 * requests; registering bidders, committing and revealing bids, and closing are commands of the
 * reserve's officers, each with its audit entry.
 */
export const AUCTION_CREATE_KIND = 'seizures.disposal.auction.create';
export const AUCTION_AWARD_KIND = 'seizures.disposal.auction.award';

const createContent = z.strictObject({
  auctionId: z.uuid(),
  lotIds: z.array(z.uuid()).min(1).max(50),
  asset: z.string().max(10),
  /** The lots' total, for the policy's valuation. */
  amount: z.string().max(100),
  reservePrice: z.string().max(60),
  closesAt: z.iso.datetime(),
});
export type AuctionContent = z.infer<typeof createContent>;

interface ValidAuction {
  readonly c: AuctionContent;
  readonly asset: AssetCode;
  readonly reservePrice: bigint;
  readonly lots: readonly { lotId: string; units: bigint }[];
}

/** Decides an auction's content against the lots as they are now (at request and at execution). */
async function validateAuction(
  d: DisposalDeps,
  tx: Tx,
  content: Json,
): Promise<Result<ValidAuction, AuctionError>> {
  const p = createContent.safeParse(content);
  if (!p.success) return err('content_invalid', 'not an auction', { issues: p.error.issues });
  const c = p.data;
  if (new Set(c.lotIds).size !== c.lotIds.length) {
    return err('auction_lots_repeated', 'each lot is offered once');
  }
  if ((await store.auction(tx, c.auctionId)) !== null) return err('auction_exists', 'id taken');
  if (Date.parse(c.closesAt) <= d.clock.now().getTime()) {
    return err('auction_closes_in_past', 'an auction closes in the future');
  }
  const price = parsePrice(c.reservePrice);
  if (!price.ok) return price;
  const lots: { lotId: string; units: bigint }[] = [];
  let asset: AssetCode | null = null;
  for (const lotId of c.lotIds) {
    const found = await disposableLot(tx, lotId);
    if (!found.ok) return found;
    const held = found.value.commitment;
    if (held !== null && held.reference !== c.auctionId) {
      return err('lot_committed_elsewhere', 'another disposal has reserved this lot', {
        lotId,
        ...held,
      });
    }
    if (asset !== null && found.value.lot.asset !== asset) {
      return err('auction_lots_mixed_assets', 'an auction offers lots of one asset');
    }
    asset = found.value.lot.asset;
    lots.push({ lotId, units: found.value.remainingUnits });
  }
  if (asset === null || c.asset !== asset) return err('content_invalid', 'asset differs from lots');
  return ok({ c, asset, reservePrice: price.value, lots });
}

export function auctionExecutors(d: DisposalDeps) {
  const create = executor({
    kind: AUCTION_CREATE_KIND,
    execute: (tx, c, ctx) => openAuction(d, tx, c, ctx),
    options: {
      requires: 'reserve.manage',
      validate: async (tx, c) => {
        const v = await validateAuction(d, tx, c);
        return v.ok ? ok(null) : v;
      },
      describe: async (tx, c) => ({ legalStatus: await statusesOf(tx, lotIdsOf(c)) }),
      refusals: DISPOSAL_STATUS,
    },
  });
  const awarding = executor({
    kind: AUCTION_AWARD_KIND,
    execute: (tx, c, ctx) => award(d, tx, c, ctx),
    options: {
      requires: 'reserve.manage',
      validate: async (tx, c) => {
        const v = await validateAward(d, tx, c);
        return v.ok ? ok(null) : v;
      },
      describe: async (tx, c) => {
        const p = awardContent.safeParse(c);
        const a = p.success ? await store.auction(tx, p.data.auctionId) : null;
        return { legalStatus: await statusesOf(tx, a?.lots.map((l) => l.lotId) ?? []) };
      },
      refusals: DISPOSAL_STATUS,
    },
  });
  return { create, award: awarding };
}

export type AuctionKinds = ReturnType<typeof auctionExecutors>;

function lotIdsOf(c: Json): string[] {
  const p = createContent.safeParse(c);
  return p.success ? p.data.lotIds : [];
}

/** Asks for an auction of forfeited lots; runs at once when the policy allows it outright. */
export async function requestAuction(
  d: DisposalDeps,
  kinds: AuctionKinds,
  actor: Actor,
  input: { lotIds: readonly string[]; reservePrice: string; closesAt: string; auctionId?: string },
) {
  const auctionId = input.auctionId ?? d.ids.next<'DisposalAuction'>();
  const lots = await d.db.transaction(async (tx) => {
    const out: { asset: AssetCode; units: bigint }[] = [];
    for (const id of input.lotIds) {
      const l = await disposableLot(tx, id);
      if (!l.ok) return l;
      out.push({ asset: l.value.lot.asset, units: l.value.remainingUnits });
    }
    return ok(out);
  });
  if (!lots.ok) return lots;
  const asset = lots.value[0]?.asset ?? 'BTC';
  const units = lots.value.reduce((s, l) => s + l.units, 0n);
  const content: AuctionContent = {
    auctionId,
    lotIds: [...input.lotIds],
    asset,
    amount: formatAmount(units, asset),
    reservePrice: input.reservePrice,
    closesAt: input.closesAt,
  };
  const r = await governed(d, actor, kinds.create, content);
  return r.ok ? ok({ auctionId, ...r.value }) : r;
}

async function openAuction(
  d: DisposalDeps,
  tx: Tx,
  content: Json,
  ctx: ExecutionContext,
): Promise<Result<Json, AuctionError>> {
  const v = await validateAuction(d, tx, content);
  if (!v.ok) return v;
  const { c, asset, reservePrice, lots } = v.value;
  for (const l of lots) {
    const held = await commitLotForDisposalInTx(tx, d, ctx.actor, {
      lotId: l.lotId,
      route: 'auction',
      reference: c.auctionId,
    });
    if (!held.ok) return held;
  }
  const { seq } = await appendAudit(tx, d.clock, {
    actor: ctx.actor.id,
    action: 'reserve.disposal.auction.opened',
    subjects: [c.auctionId, ctx.request.id, ...c.lotIds],
    payload: {
      ...c,
      lotIds: [...c.lotIds],
      requestId: ctx.request.id,
      initiator: ctx.request.initiatorId,
    },
  });
  await tx.query(
    `INSERT INTO reserve_disposal_auctions (id, asset, reserve_price, closes_at, request_id,
       created_by, created_at, audit_seq) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
    [
      c.auctionId,
      asset,
      reservePrice,
      c.closesAt,
      ctx.request.id,
      ctx.request.initiatorId,
      ctx.at,
      seq,
    ],
  );
  for (const l of lots) {
    await tx.query(
      'INSERT INTO reserve_disposal_auction_lots (auction_id, lot_id, units) VALUES ($1,$2,$3)',
      [c.auctionId, l.lotId, l.units],
    );
  }
  await store.insertAuctionEvent(
    tx,
    {
      id: d.ids.next<'x'>(),
      auctionId: c.auctionId,
      status: 'open',
      requestId: ctx.request.id,
      actor: ctx.actor.id,
    },
    ctx.at,
    seq,
  );
  return ok({ auctionId: c.auctionId, lots: lots.length });
}

const awardContent = z.strictObject({
  auctionId: z.uuid(),
  asset: z.literal('USD'),
  /** Total proceeds in USD, for the policy's valuation. */
  amount: z.string().max(100),
  awards: z.array(
    z.strictObject({ lotId: z.uuid(), bidId: z.uuid().nullable(), price: z.string().nullable() }),
  ),
});
export type AwardContent = z.infer<typeof awardContent>;

/** The award as the rules decide it now: revealed bids, reserve price, sanctions screen today. */
async function currentAward(
  d: DisposalDeps,
  tx: Tx,
  auctionId: string,
): Promise<Result<{ auction: store.AuctionRow; lots: LotAward[] }, AwardError>> {
  const a = await store.auction(tx, auctionId);
  if (a === null) return err('auction_not_found', `no auction ${auctionId}`);
  if (a.status === 'open') return err('auction_still_open', 'close the auction first');
  if (a.status === 'awarded') return err('auction_already_awarded', 'the auction is decided');
  const bidders = new Map((await store.bidders(tx, auctionId)).map((b) => [b.id, b]));
  const bids = [];
  for (const b of await store.bids(tx, auctionId)) {
    const address = bidders.get(b.bidderId)?.address ?? '';
    const listed = (await d.compliance.isListed(a.asset, address)).listed;
    bids.push({ ...b, bidId: b.id, bidderListed: listed });
  }
  return ok({ auction: a, lots: decideAward(a.lots, bids, a.reservePrice) });
}

function awardJson(lots: readonly LotAward[]): AwardContent['awards'] {
  return lots.map((l) => ({
    lotId: l.lotId,
    bidId: l.winner?.bidId ?? null,
    price: l.winner === null ? null : formatPrice(l.winner.price),
  }));
}

async function validateAward(
  d: DisposalDeps,
  tx: Tx,
  content: Json,
): Promise<
  Result<{ auction: store.AuctionRow; lots: LotAward[]; content: AwardContent }, AwardError>
> {
  const p = awardContent.safeParse(content);
  if (!p.success) return err('content_invalid', 'not an award', { issues: p.error.issues });
  const now = await currentAward(d, tx, p.data.auctionId);
  if (!now.ok) return now;
  if (JSON.stringify(awardJson(now.value.lots)) !== JSON.stringify(p.data.awards)) {
    return err(
      'award_out_of_date',
      'the bids or screenings changed since the award was asked for',
      {
        now: awardJson(now.value.lots),
      },
    );
  }
  return ok({ ...now.value, content: p.data });
}

/** Asks for the award the rules give now; approvers see each lot's winning bid and price. */
export async function requestAward(
  d: DisposalDeps,
  kinds: AuctionKinds,
  actor: Actor,
  auctionId: string,
) {
  const now = await d.db.transaction((tx) => currentAward(d, tx, auctionId));
  if (!now.ok) return now;
  const cents = now.value.lots.reduce(
    (s, l) =>
      s +
      (l.winner === null ? 0n : proceedsCents(l.units, now.value.auction.asset, l.winner.price)),
    0n,
  );
  const content: AwardContent = {
    auctionId,
    asset: 'USD',
    amount: formatAmount(cents, 'USD'),
    awards: awardJson(now.value.lots),
  };
  return governed(d, actor, kinds.award, content);
}

async function award(
  d: DisposalDeps,
  tx: Tx,
  content: Json,
  ctx: ExecutionContext,
): Promise<Result<Json, AwardError>> {
  const v = await validateAward(d, tx, content);
  if (!v.ok) return v;
  const { auction: a, lots } = v.value;
  const results: Json[] = [];
  const rows: AwardInsert[] = [];
  for (const l of lots) {
    const r = await settleLot(d, tx, ctx, a, l);
    if (!r.ok) return r;
    results.push(r.value.json);
    rows.push(r.value.row);
  }
  const { seq } = await appendAudit(tx, d.clock, {
    actor: ctx.actor.id,
    action: 'reserve.disposal.auction.awarded',
    subjects: [a.id, ctx.request.id, ...a.lots.map((l) => l.lotId)],
    payload: { auctionId: a.id, requestId: ctx.request.id, lots: results },
  });
  await store.insertAuctionEvent(
    tx,
    {
      id: d.ids.next<'x'>(),
      auctionId: a.id,
      status: 'awarded',
      requestId: ctx.request.id,
      actor: ctx.actor.id,
    },
    ctx.at,
    seq,
  );
  for (const row of rows) await insertAward(tx, ctx, row, seq);
  return ok({ auctionId: a.id, lots: results });
}

/** One lot of an award: sold (crypto to the buyer, proceeds to the reserve) or released unsold. */
async function settleLot(
  d: DisposalDeps,
  tx: Tx,
  ctx: ExecutionContext,
  a: store.AuctionRow,
  l: LotAward,
): Promise<Result<{ json: Json; row: AwardInsert }, AwardError>> {
  const base = { id: d.ids.next<'x'>(), auctionId: a.id, lotId: l.lotId };
  if (l.winner === null) {
    const freed = await releaseLotCommitmentInTx(tx, d, ctx.actor, {
      lotId: l.lotId,
      route: 'auction',
      reference: a.id,
    });
    if (!freed.ok) return freed;
    return ok({
      json: { lotId: l.lotId, sold: false },
      row: { ...base, bidId: null, units: 0n, sale: null },
    });
  }
  const ref = await referencePrice(d, a.asset, ctx.at.toISOString().slice(0, 10));
  if (!ref.ok) return ref;
  const taken = await takeLotForDisposalInTx(tx, d, ctx.actor, {
    lotId: l.lotId,
    route: 'auction',
    reference: a.id,
    units: l.units,
    destination: 'sold',
  });
  if (!taken.ok) return taken;
  const cents = proceedsCents(l.units, a.asset, l.winner.price);
  const booked = await bookProceeds(d, tx, ctx.actor.id, {
    cents,
    lotId: l.lotId,
    requestId: ctx.request.id,
    code: 'reserve.disposal.auction',
    reason: `auction ${a.id}: lot ${l.lotId} sold to bid ${l.winner.bidId}`,
  });
  if (!booked.ok) return booked;
  const proceedsId = booked.value;
  const sale = {
    clearingPrice: l.winner.price,
    reference: ref.value,
    premiumBps: premiumBps(l.winner.price, ref.value.price),
    cents,
    cryptoTransferId: taken.value.transferId,
    proceedsTransferId: proceedsId,
  };
  const row = { ...base, bidId: l.winner.bidId, units: l.units, sale };
  return ok({
    row,
    json: {
      lotId: l.lotId,
      sold: true,
      bidId: l.winner.bidId,
      units: formatAmount(l.units, a.asset),
      clearingPrice: formatPrice(sale.clearingPrice),
      referencePrice: formatPrice(ref.value.price),
      referenceDay: ref.value.day,
      premiumBps: sale.premiumBps.toString(),
      proceeds: formatAmount(cents, 'USD'),
      cryptoTransferId: sale.cryptoTransferId,
      proceedsTransferId: proceedsId,
    },
  });
}

interface AwardInsert {
  readonly id: string;
  readonly auctionId: string;
  readonly lotId: string;
  readonly bidId: string | null;
  readonly units: bigint;
  readonly sale: {
    readonly clearingPrice: bigint;
    readonly reference: { readonly price: bigint; readonly day: string; readonly source: string };
    readonly premiumBps: bigint;
    readonly cents: bigint;
    readonly cryptoTransferId: string | null;
    readonly proceedsTransferId: string | null;
  } | null;
}

async function insertAward(
  tx: Tx,
  ctx: ExecutionContext,
  w: AwardInsert,
  seq: bigint,
): Promise<void> {
  const s = w.sale;
  await tx.query(
    `INSERT INTO reserve_disposal_awards (id, auction_id, lot_id, bid_id, units, clearing_price,
       reference_price, reference_day, reference_source, premium_bps, proceeds_cents,
       crypto_transfer_id, proceeds_transfer_id, request_id, at, audit_seq)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16)`,
    [
      w.id,
      w.auctionId,
      w.lotId,
      w.bidId,
      w.units,
      s?.clearingPrice ?? null,
      s?.reference.price ?? null,
      s?.reference.day ?? null,
      s?.reference.source ?? null,
      s?.premiumBps ?? null,
      s?.cents ?? null,
      s?.cryptoTransferId ?? null,
      s?.proceedsTransferId ?? null,
      ctx.request.id,
      ctx.at,
      seq,
    ],
  );
}
