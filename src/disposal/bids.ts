import { appendAudit } from '../audit/append.ts';
import type { Actor } from '../core/identity.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { ScreenError } from '../compliance/service.ts';
import { formatPrice, parsePrice, type PriceError } from '../market/model.ts';
import type { DisposalDeps } from './deps.ts';
import {
  bidValidity,
  decideCommit,
  decideReveal,
  type BidError,
  type InvalidBidReason,
  type RevealError,
} from './model.ts';
import * as store from './store.ts';

/**
 * The bidding side of an auction: bidders registered with an opaque KYC reference and screened,
 * sealed commitments while it is open, the close, and the reveals after it.
 */
export type BidderError =
  | ScreenError
  | 'auction_not_found'
  | 'auction_closed'
  | 'bidder_sanctioned'
  | 'bidder_already_registered';

/**
 * Registers a bidder after screening the delivery address. A sanctioned bidder is refused with
 * `bidder_sanctioned`, but the refusal, its screening and the compliance alert stay on the record
 * (a `write`, not a `command`): a refusal on sanctions grounds is evidence in itself.
 */
export async function registerBidder(
  d: DisposalDeps,
  actor: Actor,
  auctionId: string,
  b: { kycRef: string; address: string },
): Promise<Result<{ bidderId: string }, BidderError>> {
  return d.db.write(async (tx): Promise<Result<{ bidderId: string }, BidderError>> => {
    const a = await store.auction(tx, auctionId);
    if (a === null) return err('auction_not_found', `no auction ${auctionId}`);
    if (a.status !== 'open') return err('auction_closed', 'bidders register while it is open');
    const known = await tx.query(
      `SELECT 1 FROM reserve_disposal_bidders
        WHERE auction_id = $1 AND kyc_ref = $2 AND status = 'registered'`,
      [auctionId, b.kycRef],
    );
    if (known.length > 0) return err('bidder_already_registered', 'this bidder is registered');
    const bidderId = d.ids.next<'DisposalBidder'>();
    const screening = await d.compliance.screenAddresses(tx, {
      actor,
      asset: a.asset,
      addresses: [b.address],
      subjectIds: [bidderId, auctionId],
    });
    if (!screening.ok) return screening;
    const listed = screening.value.matches.length > 0;
    const status = listed ? 'refused_sanctioned' : 'registered';
    const { seq } = await appendAudit(tx, d.clock, {
      actor,
      action: listed ? 'reserve.disposal.bidder.refused' : 'reserve.disposal.bidder.registered',
      subjects: [bidderId, auctionId, screening.value.screeningId],
      payload: { bidderId, auctionId, ...b, status, screeningId: screening.value.screeningId },
    });
    await tx.query(
      `INSERT INTO reserve_disposal_bidders (id, auction_id, kyc_ref, address, status,
         screening_id, list_version, actor, at, audit_seq) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
      [
        bidderId,
        auctionId,
        b.kycRef,
        b.address,
        status,
        screening.value.screeningId,
        screening.value.listVersion,
        actor.id,
        d.clock.now(),
        seq,
      ],
    );
    if (listed) {
      return err('bidder_sanctioned', 'the bidder’s address is on the sanctions list', {
        bidderId,
        screeningId: screening.value.screeningId,
      });
    }
    return ok({ bidderId });
  });
}

/** Records a sealed bid: the SHA-256 commitment only; the price stays with the bidder. */
export function commitBid(
  d: DisposalDeps,
  actor: Actor,
  auctionId: string,
  b: { lotId: string; bidderId: string; commitment: string },
): Promise<Result<{ bidId: string }, BidError | 'auction_not_found' | 'commitment_invalid'>> {
  return d.db.command(async (tx) => {
    if (!/^[0-9a-f]{64}$/.test(b.commitment)) {
      return err('commitment_invalid', 'a commitment is a SHA-256 in lowercase hex');
    }
    const a = await store.auction(tx, auctionId);
    if (a === null) return err('auction_not_found', `no auction ${auctionId}`);
    const bidders = await store.bidders(tx, auctionId);
    const bids = await store.bids(tx, auctionId);
    const decided = decideCommit({
      status: a.status,
      closesAt: a.closesAt,
      now: d.clock.now(),
      lotInAuction: a.lots.some((l) => l.lotId === b.lotId),
      bidderRegistered: bidders.some((x) => x.id === b.bidderId && x.status === 'registered'),
      alreadyBid: bids.some((x) => x.lotId === b.lotId && x.bidderId === b.bidderId),
    });
    if (!decided.ok) return decided;
    const bidId = d.ids.next<'DisposalBid'>();
    const { seq } = await appendAudit(tx, d.clock, {
      actor,
      action: 'reserve.disposal.bid.committed',
      subjects: [bidId, auctionId, b.lotId, b.bidderId],
      payload: { bidId, auctionId, ...b },
    });
    await tx.query(
      `INSERT INTO reserve_disposal_bids (id, auction_id, lot_id, bidder_id, commitment, actor,
         committed_at, audit_seq) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
      [bidId, auctionId, b.lotId, b.bidderId, b.commitment, actor.id, d.clock.now(), seq],
    );
    return ok({ bidId });
  });
}

/** Ends the bidding once the closing time has passed; reveals are accepted from now on. */
export function closeAuction(
  d: DisposalDeps,
  actor: Actor,
  auctionId: string,
): Promise<
  Result<{ status: 'closed' }, 'auction_not_found' | 'auction_closed' | 'auction_still_open'>
> {
  return d.db.command(async (tx) => {
    const a = await store.auction(tx, auctionId);
    if (a === null) return err('auction_not_found', `no auction ${auctionId}`);
    if (a.status !== 'open') return err('auction_closed', 'the auction is already closed');
    if (d.clock.now().getTime() < a.closesAt.getTime()) {
      return err('auction_still_open', 'the auction closes at its closing time', {
        closesAt: a.closesAt.toISOString(),
      });
    }
    const { seq } = await appendAudit(tx, d.clock, {
      actor,
      action: 'reserve.disposal.auction.closed',
      subjects: [auctionId],
      payload: { auctionId, bids: (await store.bids(tx, auctionId)).length },
    });
    await store.insertAuctionEvent(
      tx,
      { id: d.ids.next<'x'>(), auctionId, status: 'closed', requestId: null, actor: actor.id },
      d.clock.now(),
      seq,
    );
    return ok({ status: 'closed' as const });
  });
}

export type RevealCommandError =
  RevealError | PriceError | 'auction_not_found' | 'bid_not_found' | 'salt_too_short';

/**
 * Opens a sealed bid with its price and salt. A bid that opens but is below the reserve price is
 * recorded all the same and reported invalid (`bid_below_reserve_price`): it takes no part in the award.
 */
export function revealBid(
  d: DisposalDeps,
  actor: Actor,
  auctionId: string,
  r: { bidId: string; price: string; salt: string },
): Promise<Result<{ valid: boolean; invalidReason: InvalidBidReason | null }, RevealCommandError>> {
  return d.db.command(async (tx) => {
    const price = parsePrice(r.price);
    if (!price.ok) return price;
    if (r.salt.length < 16) return err('salt_too_short', 'a salt has at least 16 characters');
    const a = await store.auction(tx, auctionId);
    if (a === null) return err('auction_not_found', `no auction ${auctionId}`);
    const bid = (await store.bids(tx, auctionId)).find((b) => b.id === r.bidId);
    if (bid === undefined) return err('bid_not_found', `no bid ${r.bidId} in this auction`);
    const opening = {
      auctionId,
      lotId: bid.lotId,
      bidderId: bid.bidderId,
      price: price.value,
      salt: r.salt,
    };
    const decided = decideReveal({
      status: a.status,
      commitment: bid.commitment,
      opening,
      alreadyRevealed: bid.price !== null,
    });
    if (!decided.ok) return decided;
    const invalidReason = bidValidity(
      { ...bid, bidId: bid.id, price: price.value, bidderListed: false },
      a.reservePrice,
    );
    const { seq } = await appendAudit(tx, d.clock, {
      actor,
      action: 'reserve.disposal.bid.revealed',
      subjects: [bid.id, auctionId, bid.lotId],
      payload: {
        bidId: bid.id,
        auctionId,
        price: formatPrice(price.value),
        salt: r.salt,
        invalidReason,
      },
    });
    await tx.query(
      `INSERT INTO reserve_disposal_bid_reveals (bid_id, price, salt, actor, revealed_at, audit_seq)
       VALUES ($1,$2,$3,$4,$5,$6)`,
      [bid.id, price.value, r.salt, actor.id, d.clock.now(), seq],
    );
    return ok({ valid: invalidReason === null, invalidReason });
  });
}
