import type { StatusMap } from '../http/refusals.ts';
import type {
  BatchError,
  CloseAccountError,
  MovementRefusal,
  OpenAccountError,
  TransferError,
} from './model.ts';
import type { RequestError } from './request.ts';

/** Every refusal of the ledger's commands and routes. */
export type LedgerCode =
  | TransferError
  | BatchError
  | MovementRefusal
  | 'batch_assets_mixed'
  | OpenAccountError
  | CloseAccountError
  | RequestError
  | 'transfer_not_found';

/**
 * One status per code; the map is over the closed union, so a new code cannot ship without one.
 * `approval_required` is 409 here: the transfer routes answer it with 202 and an approval request.
 */
export const LEDGER_STATUS: StatusMap<LedgerCode> = {
  account_not_found: 404,
  transfer_not_found: 404,
  policy_denied: 403,
  approval_required: 409,
  account_closed: 409,
  exceeds_credits: 409,
  exceeds_debits: 409,
  pending_transfer_already_posted: 409,
  pending_transfer_already_voided: 409,
  pending_transfer_expired: 409,
  exists: 409,
  exists_with_different_fields: 409,
  account_already_closed: 409,
  account_has_pending_balance: 409,
  account_has_balance: 409,
  amount_must_be_positive: 422,
  accounts_must_be_different: 422,
  asset_mismatch: 422,
  debit_account_not_found: 422,
  credit_account_not_found: 422,
  pending_transfer_not_found: 422,
  exceeds_pending_amount: 422,
  timeout_invalid: 422,
  value_date_in_future: 422,
  code_invalid: 422,
  reason_required: 422,
  corrected_transfer_not_found: 422,
  id_duplicated_in_batch: 422,
  batch_empty: 422,
  batch_too_large: 422,
  linked_transfer_failed: 422,
  flags_conflict: 422,
  owner_ref_invalid: 422,
  field_required: 422,
  amount_is_empty: 422,
  amount_has_surrounding_whitespace: 422,
  amount_has_exponent: 422,
  amount_is_not_a_number: 422,
  amount_has_non_ascii_digits: 422,
  amount_has_invalid_character: 422,
  amount_is_malformed: 422,
  amount_is_negative: 422,
  amount_exceeds_asset_scale: 422,
  batch_assets_mixed: 422,
  // Beyond what the asset can hold: bad input, not a business rule (see `parseAmount`).
  amount_exceeds_maximum: 400,
};
