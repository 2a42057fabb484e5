import { ASSETS, type AssetCode } from '../core/assets.ts';
import { canonicalize } from '../core/canonical.ts';
import { sha256Hex } from '../core/hash.ts';
import { mulDiv, rescale } from '../core/money.ts';
import { err, ok, type Result } from '../core/result.ts';
import { formatPrice, PRICE_SCALE, VOLUME_SCALE } from '../market/model.ts';

/**
 * Disposal of forfeited crypto by sale, as pure data and decisions: no I/O, no clock. Prices are
 * integers of 10^-12 USD per whole unit (the market's PRICE_SCALE) so that a clearing or execution
 * price compares exactly with the market's reference; proceeds are USD cents; shares, premiums and
 * slippage are basis points. Every division names its rounding.
 */
export const BPS_ONE = 10_000n;
const USD_SCALE = ASSETS.USD.scale;

export const AUCTION_STATUSES = ['open', 'closed', 'awarded'] as const;
export type AuctionStatus = (typeof AUCTION_STATUSES)[number];

/**
 * What a sealed bid commits to. The bidder sends only the SHA-256 of this canonical JSON while the
 * auction is open, and the price with the salt after it closes: nobody, the operator included, can
 * see a price before the close, and no bidder can change one after it.
 */
export interface BidOpening {
  readonly auctionId: string;
  readonly lotId: string;
  readonly bidderId: string;
  /** Price per whole unit in 10^-12 USD. */
  readonly price: bigint;
  /** At least 16 characters chosen by the bidder, so a commitment cannot be guessed by trying prices. */
  readonly salt: string;
}

export function bidCommitment(b: BidOpening): string {
  return sha256Hex(
    canonicalize({
      domain: 'kazna.sealed_bid.v1',
      auctionId: b.auctionId,
      lotId: b.lotId,
      bidderId: b.bidderId,
      price: formatPrice(b.price),
      salt: b.salt,
    }),
  );
}

export type BidError =
  | 'auction_closed'
  | 'auction_not_open'
  | 'lot_not_in_auction'
  | 'bidder_not_registered'
  | 'bid_already_committed';

/** A commitment is accepted while the auction is open and before its closing time. */
export function decideCommit(a: {
  readonly status: AuctionStatus;
  readonly closesAt: Date;
  readonly now: Date;
  readonly lotInAuction: boolean;
  readonly bidderRegistered: boolean;
  readonly alreadyBid: boolean;
}): Result<null, BidError> {
  if (a.status !== 'open' || a.now.getTime() >= a.closesAt.getTime()) {
    return err('auction_closed', 'bids are taken only while the auction is open', {
      status: a.status,
      closesAt: a.closesAt.toISOString(),
    });
  }
  if (!a.lotInAuction) return err('lot_not_in_auction', 'the auction does not offer this lot');
  if (!a.bidderRegistered) return err('bidder_not_registered', 'register the bidder first');
  if (a.alreadyBid) return err('bid_already_committed', 'one sealed bid per bidder and lot');
  return ok(null);
}

export type RevealError =
  'auction_still_open' | 'auction_already_awarded' | 'bid_reveal_mismatch' | 'bid_already_revealed';

export function decideReveal(a: {
  readonly status: AuctionStatus;
  readonly commitment: string;
  readonly opening: BidOpening;
  readonly alreadyRevealed: boolean;
}): Result<null, RevealError> {
  if (a.status === 'open') return err('auction_still_open', 'bids are opened after the close');
  if (a.status === 'awarded') return err('auction_already_awarded', 'the auction is decided');
  if (a.alreadyRevealed) return err('bid_already_revealed', 'this bid is already open');
  if (bidCommitment(a.opening) !== a.commitment) {
    return err('bid_reveal_mismatch', 'the price and salt do not open this commitment');
  }
  return ok(null);
}

export type InvalidBidReason = 'bid_not_revealed' | 'bid_below_reserve_price' | 'bidder_sanctioned';

export interface BidForAward {
  readonly bidId: string;
  readonly lotId: string;
  readonly bidderId: string;
  /** Order of commitment (audit sequence): the earlier bid wins a tie. */
  readonly committedSeq: bigint;
  /** Null while unrevealed. */
  readonly price: bigint | null;
  /** The bidder's delivery address is on the sanctions list now (checked again at the award). */
  readonly bidderListed: boolean;
}

export interface LotAward {
  readonly lotId: string;
  readonly units: bigint;
  /** The winning bid, or null: the lot stays unsold and is released for another disposal. */
  readonly winner: {
    readonly bidId: string;
    readonly bidderId: string;
    readonly price: bigint;
  } | null;
  readonly invalid: readonly { readonly bidId: string; readonly reason: InvalidBidReason }[];
}

export function bidValidity(b: BidForAward, reservePrice: bigint): InvalidBidReason | null {
  if (b.price === null) return 'bid_not_revealed';
  if (b.bidderListed) return 'bidder_sanctioned';
  if (b.price < reservePrice) return 'bid_below_reserve_price';
  return null;
}

/**
 * Pay-as-bid, lot by lot (the US Marshals' sealed-bid model): each lot goes to its highest valid
 * bid at or above the reserve price; a tie goes to the earlier commitment. A lot without a valid
 * bid is unsold.
 */
export function decideAward(
  lots: readonly { readonly lotId: string; readonly units: bigint }[],
  bids: readonly BidForAward[],
  reservePrice: bigint,
): LotAward[] {
  return lots.map((lot) => {
    const mine = bids.filter((b) => b.lotId === lot.lotId);
    const invalid: { bidId: string; reason: InvalidBidReason }[] = [];
    let best: BidForAward | null = null;
    for (const b of mine) {
      const reason = bidValidity(b, reservePrice);
      if (reason !== null) {
        invalid.push({ bidId: b.bidId, reason });
        continue;
      }
      if (best === null || beats(b, best)) best = b;
    }
    const winner =
      best === null
        ? null
        : { bidId: best.bidId, bidderId: best.bidderId, price: best.price ?? 0n };
    return { lotId: lot.lotId, units: lot.units, winner, invalid };
  });
}

function beats(a: BidForAward, b: BidForAward): boolean {
  const pa = a.price ?? 0n;
  const pb = b.price ?? 0n;
  if (pa !== pb) return pa > pb;
  if (a.committedSeq !== b.committedSeq) return a.committedSeq < b.committedSeq;
  return a.bidId < b.bidId;
}

/** USD cents for `units` base units at `price` (10^-12 USD per whole unit), rounded half-even once. */
export function proceedsCents(units: bigint, asset: AssetCode, price: bigint): bigint {
  return mulDiv(
    units * price,
    10n ** BigInt(USD_SCALE),
    10n ** BigInt(ASSETS[asset].scale + PRICE_SCALE),
    'half_even',
  );
}

/**
 * The clearing price against the market's reference, in basis points of the reference: positive is
 * a premium over the market, negative a discount. Rounded half-even.
 */
export function premiumBps(clearing: bigint, reference: bigint): bigint {
  return mulDiv(clearing - reference, BPS_ONE, reference, 'half_even');
}

/**
 * Slippage of a sale against the reference, in basis points: positive is a cost (sold below the
 * reference), negative an improvement. Rounded half-even.
 */
export function slippageBps(execution: bigint, reference: bigint): bigint {
  return mulDiv(reference - execution, BPS_ONE, reference, 'half_even');
}

/** A market volume (10^-8 whole units) in the asset's base units, rounded down. */
export function marketVolumeUnits(volume: bigint, asset: AssetCode): bigint {
  return rescale(volume, VOLUME_SCALE, ASSETS[asset].scale, 'floor');
}

export type TrancheError = 'tranche_exceeds_volume_share' | 'daily_volume_not_positive';

/**
 * A tranche may sell at most `maxShareBps` of the day's volume: the cap rounds down, so the share
 * actually taken never exceeds the parameter. The share reported rounds up, for the same reason.
 */
export function decideTrancheVolume(t: {
  readonly units: bigint;
  readonly dailyVolumeUnits: bigint;
  readonly maxShareBps: bigint;
}): Result<{ readonly capUnits: bigint; readonly shareBps: bigint }, TrancheError> {
  if (t.dailyVolumeUnits <= 0n) {
    return err('daily_volume_not_positive', 'a tranche needs the day’s traded volume');
  }
  const capUnits = mulDiv(t.dailyVolumeUnits, t.maxShareBps, BPS_ONE, 'floor');
  if (t.units > capUnits) {
    return err(
      'tranche_exceeds_volume_share',
      'the tranche is above its share of the day’s volume',
      {
        units: t.units.toString(),
        capUnits: capUnits.toString(),
        dailyVolumeUnits: t.dailyVolumeUnits.toString(),
        maxShareBps: t.maxShareBps.toString(),
      },
    );
  }
  return ok({ capUnits, shareBps: mulDiv(t.units, BPS_ONE, t.dailyVolumeUnits, 'ceil') });
}

export interface Fill {
  readonly trancheNo: number;
  readonly day: string;
  readonly units: bigint;
  readonly executionPrice: bigint;
  readonly referencePrice: bigint;
  readonly proceedsCents: bigint;
}

export interface BestExecution {
  readonly tranchesFilled: number;
  readonly unitsFilled: bigint;
  readonly proceedsCents: bigint;
  /** Volume-weighted average execution price; null before the first fill. */
  readonly vwap: bigint | null;
  /** The reference prices weighted by the units filled against each (the fills' own benchmark). */
  readonly referenceVwap: bigint | null;
  /** The mean daily reference close over the execution period, first fill day to last. */
  readonly referenceTwap: bigint | null;
  readonly slippageVsVwapBps: bigint | null;
  readonly slippageVsTwapBps: bigint | null;
  /** The reference value of what was sold minus the proceeds: what the sale cost against the market. */
  readonly costCents: bigint;
  readonly breaches: readonly {
    readonly trancheNo: number;
    readonly slippageBps: bigint;
  }[];
}

/**
 * The best-execution report of a plan. Averages are half-even once over exact sums; the TWAP
 * takes the day's reference closes given (one per calendar day of the period that has one).
 */
export function bestExecution(
  fills: readonly Fill[],
  asset: AssetCode,
  dailyCloses: readonly bigint[],
  toleranceBps: bigint,
): BestExecution {
  const units = fills.reduce((s, f) => s + f.units, 0n);
  const proceeds = fills.reduce((s, f) => s + f.proceedsCents, 0n);
  const weighted = (price: (f: Fill) => bigint): bigint | null =>
    units === 0n
      ? null
      : mulDiv(
          fills.reduce((s, f) => s + f.units * price(f), 0n),
          1n,
          units,
          'half_even',
        );
  const vwap = weighted((f) => f.executionPrice);
  const referenceVwap = weighted((f) => f.referencePrice);
  const twap =
    dailyCloses.length === 0 || units === 0n
      ? null
      : mulDiv(
          dailyCloses.reduce((s, c) => s + c, 0n),
          1n,
          BigInt(dailyCloses.length),
          'half_even',
        );
  const referenceValue = fills.reduce(
    (s, f) => s + proceedsCents(f.units, asset, f.referencePrice),
    0n,
  );
  const breaches = fills
    .map((f) => ({
      trancheNo: f.trancheNo,
      slippageBps: slippageBps(f.executionPrice, f.referencePrice),
    }))
    .filter((b) => b.slippageBps > toleranceBps);
  return {
    tranchesFilled: fills.length,
    unitsFilled: units,
    proceedsCents: proceeds,
    vwap,
    referenceVwap,
    referenceTwap: twap,
    slippageVsVwapBps:
      vwap === null || referenceVwap === null ? null : slippageBps(vwap, referenceVwap),
    slippageVsTwapBps: vwap === null || twap === null ? null : slippageBps(vwap, twap),
    costCents: referenceValue - proceeds,
    breaches,
  };
}

export type PlanError = 'plan_needs_tranches' | 'tranche_not_positive' | 'plan_exceeds_lot';

/** An OTC plan's tranches: each positive, together no more than the lot holds. */
export function decidePlan(
  tranches: readonly bigint[],
  remainingUnits: bigint,
): Result<readonly bigint[], PlanError> {
  if (tranches.length === 0) return err('plan_needs_tranches', 'a plan has at least one tranche');
  if (tranches.some((t) => t <= 0n)) {
    return err('tranche_not_positive', 'every tranche sells something');
  }
  const total = tranches.reduce((s, t) => s + t, 0n);
  if (total > remainingUnits) {
    return err('plan_exceeds_lot', 'the tranches add up to more than the lot holds', {
      total: total.toString(),
      remainingUnits: remainingUnits.toString(),
    });
  }
  return ok(tranches);
}
