import type { GovernedError } from '../governance/approvals.ts';
import type { StatusMap } from '../http/refusals.ts';
import { LEDGER_STATUS } from '../ledger/statuses.ts';
import type { BidderError, RevealCommandError } from './bids.ts';
import type { AuctionError, AwardError, PlanRefusal, TrancheRefusal } from './codes.ts';
import type { BidError } from './model.ts';

/** Every refusal of disposals: the bidding commands', and the approval requests' of each step. */
export type DisposalCode =
  | GovernedError<AuctionError | AwardError | PlanRefusal | TrancheRefusal>
  | BidderError
  | BidError
  | RevealCommandError
  | 'auction_not_found'
  | 'auction_still_open'
  | 'commitment_invalid';

/** One status per code, whichever step refuses with it. */
export const DISPOSAL_STATUS: StatusMap<DisposalCode> = {
  // The transaction policy may refuse a lot's or its proceeds' movement: as the ledger answers.
  ...LEDGER_STATUS,
  lot_not_found: 404,
  auction_not_found: 404,
  plan_not_found: 404,
  tranche_not_found: 404,
  bid_not_found: 404,
  request_not_found: 404,
  permission_denied: 403,
  policy_blocked: 403,
  bidder_sanctioned: 403,
  lot_not_forfeited: 409,
  lot_not_earmarked: 409,
  lot_already_disposed: 409,
  lot_committed_elsewhere: 409,
  auction_exists: 409,
  plan_exists: 409,
  auction_closed: 409,
  auction_still_open: 409,
  auction_already_awarded: 409,
  award_out_of_date: 409,
  bid_already_committed: 409,
  bid_already_revealed: 409,
  bidder_already_registered: 409,
  bidder_not_registered: 409,
  tranche_already_executed: 409,
  tranche_exceeds_volume_share: 409,
  reference_price_missing: 409,
  reference_price_stale: 409,
  daily_volume_unknown: 409,
  daily_volume_in_market: 409,
  sanctions_list_missing: 409,
  already_executed: 409,
  request_rejected: 409,
  request_blocked: 409,
  request_expired: 409,
  quorum_not_reached: 409,
  time_lock_active: 409,
  executor_missing: 409,
  unknown_request_kind: 422,
  content_invalid: 422,
  screening_needs_subject: 422,
  auction_lots_mixed_assets: 422,
  auction_lots_repeated: 422,
  auction_closes_in_past: 422,
  auction_not_open: 422,
  lot_not_in_auction: 422,
  commitment_invalid: 422,
  bid_reveal_mismatch: 422,
  salt_too_short: 422,
  disposal_exceeds_remaining: 422,
  disposal_units_not_positive: 422,
  disposal_step_repeated: 422,
  commitment_not_found: 422,
  plan_needs_tranches: 422,
  tranche_not_positive: 422,
  plan_exceeds_lot: 422,
  tranche_day_in_future: 422,
  daily_volume_not_positive: 422,
  price_is_not_a_decimal: 422,
  price_exceeds_scale: 422,
  price_is_not_positive: 422,
};
