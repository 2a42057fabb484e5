import type { CoverError, GovernedError } from '../governance/approvals.ts';
import type { StatusMap } from '../http/refusals.ts';
import { LEDGER_STATUS } from '../ledger/statuses.ts';
import type {
  ChainTxidError,
  ManagerError,
  PolicyError,
  RedemptionCommandError,
  SubscriptionError,
  VentureError,
} from './codes.ts';
import type { NavImportError } from './statements.ts';

/**
 * Every refusal of the reserve: its commands', its approval requests' (governance's codes and its
 * kinds' own), and the ledger's when a flow's transfer is refused.
 */
export type ReserveCode =
  | GovernedError<ManagerError | PolicyError | SubscriptionError | VentureError>
  | CoverError
  | ChainTxidError
  | RedemptionCommandError
  | NavImportError
  | 'no_allocation_policy'
  | 'no_valuation_for_day'
  | 'no_statements'
  | 'range_too_long';

/**
 * One status per code, whichever command refuses with it. A flow's ledger transfer refused answers
 * as the ledger's own routes do (`policy_denied` 403, `approval_required` 409, …).
 */
export const RESERVE_STATUS: StatusMap<ReserveCode> = {
  ...LEDGER_STATUS,
  range_too_long: 400,
  manager_not_found: 404,
  flow_not_found: 404,
  redemption_not_found: 404,
  lot_not_found: 404,
  request_not_found: 404,
  approval_not_found: 404,
  permission_denied: 403,
  policy_blocked: 409,
  policy_version_conflict: 409,
  manager_name_taken: 409,
  status_change_not_allowed: 409,
  approval_request_required: 409,
  manager_not_accepting_money: 409,
  exceeds_crypto_cap: 409,
  exceeds_manager_cap: 409,
  lot_not_forfeited: 409,
  lot_not_earmarked: 409,
  lot_already_disposed: 409,
  lot_committed_elsewhere: 409,
  redemption_in_lockup: 409,
  redemption_exceeds_holding: 409,
  redemption_not_queued: 409,
  call_exceeds_unfunded: 409,
  chain_txid_already_recorded: 409,
  nav_period_duplicate: 409,
  nav_dates_out_of_order: 409,
  already_executed: 409,
  request_rejected: 409,
  request_blocked: 409,
  request_expired: 409,
  quorum_not_reached: 409,
  time_lock_active: 409,
  executor_missing: 409,
  approval_not_approved: 409,
  approval_kind_mismatch: 422,
  unknown_request_kind: 422,
  content_invalid: 422,
  manager_not_hedge_fund: 422,
  manager_not_venture_fund: 422,
  destination_not_manager_address: 422,
  no_allocation_policy: 422,
  no_price_for_day: 422,
  no_valuation_for_day: 422,
  no_statements: 422,
  nav_per_unit_unknown: 422,
  cap_exception_not_allowed: 422,
  reserve_cash_account_missing: 422,
  dealing_nav_not_available: 422,
  redemption_units_not_positive: 422,
  call_due_before_notice: 422,
  distribution_asset_required: 422,
  due_diligence_incomplete: 422,
  due_diligence_score_too_low: 422,
  flow_not_in_kind: 422,
  disposal_exceeds_remaining: 422,
  disposal_units_not_positive: 422,
  disposal_step_repeated: 422,
  commitment_not_found: 422,
  statement_empty: 422,
  statement_invalid: 422,
  file_format_invalid: 422,
  nav_negative: 422,
  nav_units_mismatch: 422,
  position_asset_duplicate: 422,
  exposure_asset_duplicate: 422,
  exposures_exceed_nav: 422,
};
