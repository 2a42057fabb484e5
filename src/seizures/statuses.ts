import type { StatusMap } from '../http/refusals.ts';
import { LEDGER_STATUS } from '../ledger/statuses.ts';
import type {
  CaseError,
  EvidenceError,
  EarmarkError,
  IntakeError,
  SplitCommandError,
  TransitionRequestError,
} from './codes.ts';
import type { HandoffError } from './handoff.ts';
import type { ClaimError } from './restitution.ts';

/** Every refusal of the seizures domain, its legal steps' requests included. */
export type SeizuresCode =
  | 'operation_name_taken'
  | 'exchange_name_taken'
  | EvidenceError
  | 'operation_dates_invalid'
  | 'exchange_not_found'
  | 'csv_header_invalid'
  | 'csv_has_errors'
  | CaseError
  | IntakeError
  | TransitionRequestError
  | SplitCommandError
  | EarmarkError
  | ClaimError
  | HandoffError;

/** One status per code, whichever route refuses with it. */
export const SEIZURES_STATUS: StatusMap<SeizuresCode> = {
  // The transaction policy may refuse a movement out of a lot: as the ledger's routes answer it.
  ...LEDGER_STATUS,
  lot_not_found: 404,
  case_not_found: 404,
  claim_not_found: 404,
  operation_not_found: 404,
  exchange_not_found: 404,
  evidence_store_not_configured: 404,
  court_not_found: 404,
  officer_not_found: 404,
  handoff_proposal_not_found: 404,
  request_not_found: 404,
  unknown_request_kind: 404,
  role_not_allowed: 403,
  permission_denied: 403,
  policy_blocked: 403,
  signature_invalid: 403,
  signing_key_not_registered: 403,
  signing_key_revoked: 403,
  // A passkey that does not sign is refused without ending the session that asked.
  passkey_not_registered: 403,
  passkey_revoked: 403,
  passkey_counter_regressed: 403,
  passkey_response_invalid: 403,
  not_handoff_officer: 403,
  officer_not_in_organisation: 403,
  transition_not_allowed: 409,
  case_number_taken: 409,
  operation_name_taken: 409,
  exchange_name_taken: 409,
  claim_already_decided: 409,
  claim_not_approved: 409,
  lot_cannot_split: 409,
  lot_not_forfeited: 409,
  lot_already_earmarked: 409,
  lot_is_empty: 409,
  lot_not_held_by_releasing_organisation: 409,
  handoff_exists: 409,
  handoff_already_signed: 409,
  lot_left_custody: 409,
  handoff_differs_from_proposal: 409,
  handoff_cancelled: 409,
  restitution_exceeds_lot: 409,
  restitution_exceeds_claim: 409,
  restitution_exceeds_escrow: 409,
  lot_not_in_restitution: 409,
  lot_has_no_escrow: 409,
  sanctions_list_missing: 409,
  already_executed: 409,
  request_rejected: 409,
  request_blocked: 409,
  request_expired: 409,
  quorum_not_reached: 409,
  time_lock_active: 409,
  executor_missing: 409,
  content_invalid: 422,
  court_order_required: 422,
  court_order_document_required: 422,
  ground_required: 422,
  reason_required: 422,
  proceeds_required: 422,
  proceeds_asset_not_fiat: 422,
  officers_must_differ: 422,
  organisations_must_differ: 422,
  split_needs_two_parts: 422,
  split_part_not_positive: 422,
  split_sum_mismatch: 422,
  screening_needs_subject: 422,
  intake_needs_lots: 422,
  lot_invalid: 422,
  asset_unknown: 422,
  chain_unsupported: 422,
  asset_not_on_chain: 422,
  lot_needs_address: 422,
  address_invalid: 422,
  address_on_wrong_network: 422,
  txid_invalid: 422,
  evidence_hash_invalid: 422,
  custody_invalid: 422,
  operation_dates_invalid: 422,
  csv_header_invalid: 422,
  csv_has_errors: 422,
  evidence_hash_mismatch: 422,
};
