import { z } from 'zod';
import { AssetCodeJson, jsonValue } from '../http/answers.ts';
import { AUCTION_STATUSES } from './model.ts';

/**
 * What this domain's routes answer, as the client receives it (amounts as decimal strings, times as
 * ISO strings). The routes serialize through these schemas and the web app parses with them.
 */
/** A sealed-bid auction of a lot. */
export const AuctionJson = z.object({
  id: z.string(),
  asset: AssetCodeJson,
  status: z.enum(AUCTION_STATUSES),
  reservePrice: z.string(),
  closesAt: z.string(),
  requestId: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  lots: z.array(z.object({ lotId: z.string(), amount: z.string() })),
});

/** GET /reserve/disposals/auctions */
export const ReserveDisposalsAuctionsJson = z.object({
  auctions: z.array(AuctionJson),
  next: z.string().nullable(),
});

/** GET /reserve/disposals/auctions/:id */
export const ReserveDisposalsAuctions2Json = z.object({
  auction: AuctionJson,
  bidders: z.array(
    z.object({
      listVersion: z.string(),
      id: z.string(),
      auctionId: z.string(),
      kycRef: z.string(),
      address: z.string(),
      status: z.enum(['registered', 'refused_sanctioned']),
      screeningId: z.string(),
      at: z.string(),
    }),
  ),
  bids: z.array(
    z.object({
      id: z.string(),
      lotId: z.string(),
      bidderId: z.string(),
      commitment: z.string(),
      committedAt: z.string(),
      price: z.string().nullable(),
      revealedAt: z.string().nullable(),
    }),
  ),
  awards: z.array(
    z.object({
      lotId: z.string(),
      bidId: z.string().nullable(),
      amount: z.string(),
      clearingPrice: z.string().nullable(),
      referencePrice: z.string().nullable(),
      referenceDay: z.string().nullable(),
      referenceSource: z.string().nullable(),
      premiumBps: z.number().nullable(),
      proceeds: z.string().nullable(),
      cryptoTransferId: z.string().nullable(),
      proceedsTransferId: z.string().nullable(),
      requestId: z.string(),
    }),
  ),
});

export const GovernedOutcomeJson = z.object({
  requestId: z.string(),
  state: z.enum(['applied', 'pending_approval']),
  result: jsonValue,
});

/** POST /reserve/disposals/auctions */
export const ReserveDisposalsAuctionsPostJson = z.union([
  z.object({
    requestId: z.string(),
    state: z.enum(['applied', 'pending_approval']),
    result: jsonValue,
    auctionId: z.string(),
  }),
  GovernedOutcomeJson,
]);

/** POST /reserve/disposals/auctions/:id/close */
export const ReserveDisposalsAuctionsClosePostJson = z.object({ status: z.literal('closed') });

/** POST /reserve/disposals/auctions/:id/bidders */
export const ReserveDisposalsAuctionsBiddersPostJson = z.object({ bidderId: z.string() });

/** POST /reserve/disposals/auctions/:id/bids */
export const ReserveDisposalsAuctionsBidsPostJson = z.object({ bidId: z.string() });

/** POST /reserve/disposals/auctions/:id/reveals */
export const ReserveDisposalsAuctionsRevealsPostJson = z.object({
  valid: z.boolean(),
  invalidReason: z
    .enum(['bidder_sanctioned', 'bid_not_revealed', 'bid_below_reserve_price'])
    .nullable(),
});

/** An OTC disposal plan with its tranches. */
export const OtcPlanJson = z.object({
  id: z.string(),
  lotId: z.string(),
  asset: AssetCodeJson,
  counterpartyRef: z.string(),
  maxVolumeShareBps: z.number(),
  toleranceBps: z.number(),
  requestId: z.string(),
  createdAt: z.string(),
  tranches: z.array(z.object({ trancheNo: z.number(), amount: z.string() })),
});

/** GET /reserve/disposals/otc */
export const ReserveDisposalsOtcJson = z.object({
  plans: z.array(OtcPlanJson),
  next: z.string().nullable(),
});

/** POST /reserve/disposals/otc */
export const ReserveDisposalsOtcPostJson = z.union([
  z.object({
    requestId: z.string(),
    state: z.enum(['applied', 'pending_approval']),
    result: jsonValue,
    planId: z.string(),
  }),
  GovernedOutcomeJson,
]);

/** An OTC plan's execution report, tranche by tranche against the reference price. */
export const OtcReportJson = z.object({
  planId: z.string(),
  lotId: z.string(),
  asset: AssetCodeJson,
  maxVolumeShareBps: z.number(),
  toleranceBps: z.number(),
  unitsPlanned: z.string(),
  unitsFilled: z.string(),
  tranchesPlanned: z.number(),
  tranchesFilled: z.number(),
  proceeds: z.string(),
  vwap: z.string().nullable(),
  referenceVwap: z.string().nullable(),
  referenceTwap: z.string().nullable(),
  slippageVsVwapBps: z.number().nullable(),
  slippageVsTwapBps: z.number().nullable(),
  cost: z.string(),
  breaches: z.array(z.object({ trancheNo: z.number(), slippageBps: z.number() })),
  fills: z.array(
    z.object({
      trancheNo: z.number(),
      day: z.string(),
      units: z.string(),
      executionPrice: z.string(),
      referencePrice: z.string(),
      referenceDay: z.string(),
      slippageBps: z.number(),
      dailyVolume: z.string(),
      volumeSource: z.enum(['market', 'entered']),
      volumeShareBps: z.number(),
      proceeds: z.string(),
      requestId: z.string(),
    }),
  ),
});

/** GET /reserve/disposals/otc/:id */
export const ReserveDisposalsOtc2Json = z.object({
  plan: OtcPlanJson,
  report: OtcReportJson,
});

/** GET /reserve/disposals/otc/:id/report */
export const ReserveDisposalsOtcReportJson = OtcReportJson;

/** GET /reserve/disposals/lots */
export const ReserveDisposalsLotsJson = z.object({
  lots: z.array(
    z.object({
      id: z.string(),
      caseId: z.string(),
      caseNumber: z.string(),
      asset: AssetCodeJson,
      amount: z.string(),
      remaining: z.string(),
      status: z.enum([
        'split',
        'seized',
        'frozen',
        'forfeiture_pending',
        'forfeited',
        'returned_to_owner',
        'restitution_to_victims',
        'released',
        'emergency_sold',
      ]),
      commitment: z
        .object({ route: z.enum(['auction', 'otc', 'in_kind']), reference: z.string() })
        .nullable(),
    }),
  ),
});

/** GET /reserve/disposals/lots/:id/events */
export const ReserveDisposalsLotsEventsJson = z.object({
  events: z.array(
    z.object({
      units: z.string(),
      remainingUnits: z.string(),
      at: z.string(),
      id: z.string(),
      kind: z.enum(['released', 'committed', 'taken']),
      route: z.enum(['auction', 'otc', 'in_kind']),
      reference: z.string(),
      step: z.string(),
      transferId: z.string().nullable(),
      actor: z.string(),
    }),
  ),
});
