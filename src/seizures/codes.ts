/**
 * Seizures' refusal codes, apart from the commands that refuse with them, so that the status map
 * can name them without importing the commands, which import the map for their approval executors.
 */
import type { ScreenError } from '../compliance/service.ts';
import type { AmountError } from '../core/money.ts';
import type { GovernedError } from '../governance/approvals.ts';
import type { TransferCommandError } from '../ledger/service.ts';
import type { LotError } from './intake.ts';
import type { SplitError, TransitionError } from './model.ts';

/** What a legal step's request and its execution refuse with. */
export type TransitionRefusal =
  | TransitionError
  | AmountError
  | 'lot_not_found'
  | 'content_invalid'
  | 'proceeds_required'
  | 'proceeds_asset_not_fiat'
  | TransferCommandError;

export type EarmarkError =
  | 'role_not_allowed'
  | 'lot_not_found'
  | 'lot_not_forfeited'
  | 'lot_already_earmarked'
  | 'lot_is_empty';

export type SplitCommandError =
  | SplitError
  | AmountError
  | 'lot_not_found'
  | 'role_not_allowed'
  | 'lot_cannot_split'
  | TransferCommandError;

/** A legal step's refusals, and governance's of the request that carries it. */
export type TransitionRequestError = GovernedError<TransitionRefusal>;

/**
 * An evidence file sent to the store: the store is off in this deployment, or the bytes do not
 * hash to the name they were sent under.
 */
export type EvidenceError = 'evidence_store_not_configured' | 'evidence_hash_mismatch';

export type CaseError = 'case_number_taken' | 'operation_not_found' | 'court_not_found';

export type IntakeError =
  | LotError
  | ScreenError
  | 'case_not_found'
  | 'intake_needs_lots'
  | 'lot_invalid'
  | TransferCommandError;
