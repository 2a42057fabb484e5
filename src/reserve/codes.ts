/**
 * The reserve's refusal codes, apart from the commands that refuse with them, so that the status
 * map can name them without importing the commands, which import the map for their executors.
 */
import type { TransferCommandError } from '../ledger/service.ts';
import type { DisposalError } from '../seizures/disposal.ts';
import type { RedemptionError } from './metrics/redemption.ts';
import type { ApprovalReadinessError, CapError, StatusError } from './model.ts';

export type ManagerError =
  | 'content_invalid'
  | 'manager_not_found'
  | 'manager_name_taken'
  | ApprovalReadinessError
  | StatusError;

export type PolicyError = 'content_invalid' | 'policy_version_conflict';

export type RedemptionCommandError =
  | 'content_invalid'
  | 'amount_exceeds_maximum'
  | 'manager_not_found'
  | 'manager_not_hedge_fund'
  | 'dealing_nav_not_available'
  | 'redemption_not_found'
  | 'redemption_not_queued'
  | RedemptionError
  | 'reserve_cash_account_missing'
  | TransferCommandError;

export type ChainTxidError =
  'flow_not_found' | 'flow_not_in_kind' | 'chain_txid_already_recorded' | 'content_invalid';

export type SubscriptionError =
  | 'content_invalid'
  | 'amount_exceeds_maximum'
  | 'manager_not_found'
  | 'manager_not_accepting_money'
  | 'manager_not_hedge_fund'
  | 'destination_not_manager_address'
  | 'no_allocation_policy'
  | 'no_price_for_day'
  | 'nav_per_unit_unknown'
  | CapError
  | 'cap_exception_not_allowed'
  | 'reserve_cash_account_missing'
  | DisposalError
  | TransferCommandError
  | ManagerError;

export type VentureError =
  | 'content_invalid'
  | 'amount_exceeds_maximum'
  | 'manager_not_found'
  | 'manager_not_venture_fund'
  | 'manager_not_accepting_money'
  | 'call_exceeds_unfunded'
  | 'call_due_before_notice'
  | 'distribution_asset_required'
  | 'reserve_cash_account_missing'
  | TransferCommandError
  | ManagerError;
