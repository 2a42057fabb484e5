/**
 * Disposal's refusal codes, apart from the commands that refuse with them, so that the status map
 * can name them without importing the commands, which import the map for their approval executors.
 */
import type { AmountError } from '../core/money.ts';
import type { PriceError } from '../market/model.ts';
import type { DisposalError, TakeError } from '../seizures/disposal.ts';
import type { PlanError, TrancheError } from './model.ts';
import type { ReferenceError } from './shared.ts';

/** What opening an auction refuses with, when requested and when executed. */
export type AuctionError =
  | 'content_invalid'
  | 'auction_exists'
  | 'auction_lots_mixed_assets'
  | 'auction_lots_repeated'
  | 'auction_closes_in_past'
  | PriceError
  | DisposalError;

/** What awarding an auction refuses with, when requested and when executed. */
export type AwardError =
  | 'content_invalid'
  | 'auction_not_found'
  | 'auction_still_open'
  | 'auction_already_awarded'
  | 'award_out_of_date'
  | ReferenceError
  | TakeError;

/** What an OTC plan refuses with, when requested and when executed. */
export type PlanRefusal =
  'content_invalid' | 'plan_exists' | DisposalError | AmountError | PlanError;

/** What a tranche's sale refuses with, when requested and when executed. */
export type TrancheRefusal =
  | 'content_invalid'
  | 'plan_not_found'
  | 'tranche_not_found'
  | 'tranche_already_executed'
  | 'tranche_day_in_future'
  | 'daily_volume_in_market'
  | 'daily_volume_unknown'
  | TakeError
  | PriceError
  | ReferenceError
  | AmountError
  | TrancheError;
