/**
 * Chain's refusal codes, apart from the commands that refuse with them, so that the status map can
 * name them without importing the commands, which import the map for their approval executors.
 */
import type { AmountError } from '../core/money.ts';
import type { TransferCommandError } from '../ledger/service.ts';
import type { BroadcastError } from './adapter.ts';
import type { EvmCheckError } from './evmtx.ts';
import type { BuildError, SignatureError } from './psbt.ts';

/** What a custody move's request and its execution refuse with (the move as approved). */
export type CustodyMoveRefusal = AmountError | 'content_invalid' | 'wallet_not_found';

/** What the steps of a custody transaction refuse with, from preparing to confirming. */
export type CustodyError =
  | CustodyMoveRefusal
  | 'custody_tx_not_found'
  | 'custody_tx_state_invalid'
  | 'chain_not_configured'
  | 'destination_not_whitelisted'
  | BuildError
  | SignatureError
  | EvmCheckError
  | 'signatures_insufficient'
  | BroadcastError
  | 'confirmations_insufficient'
  | 'transaction_failed'
  | TransferCommandError;

export type StatementError = 'statement_invalid';

export type IntakeError = 'chain_not_configured' | 'screening_failed';

export type WalletError =
  | 'chain_not_configured'
  | 'multisig_invalid'
  | 'address_invalid'
  | 'xpub_invalid'
  | 'address_already_watched'
  | 'gas_accounts_invalid';
