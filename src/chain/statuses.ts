import type { StatusMap } from '../http/refusals.ts';
import { LEDGER_STATUS } from '../ledger/statuses.ts';
import type { CustodyError, IntakeError, StatementError, WalletError } from './codes.ts';

/** Every refusal of the chain domain: custody steps, wallets, intake checks, statements. */
export type ChainCode = CustodyError | WalletError | IntakeError | StatementError;

/**
 * One status per code. A chain this server has no node for, and a transaction the network
 * refused, are states the caller meets (409), not failures of the server: never a 5xx.
 */
export const CHAIN_STATUS: StatusMap<ChainCode> = {
  // A confirmed move posts to the ledger: its refusals answer as the ledger's own routes do.
  ...LEDGER_STATUS,
  custody_tx_not_found: 404,
  wallet_not_found: 404,
  custody_tx_state_invalid: 409,
  signatures_insufficient: 409,
  confirmations_insufficient: 409,
  chain_not_configured: 409,
  broadcast_rejected: 409,
  psbt_invalid: 400,
  signed_transaction_invalid: 400,
  content_invalid: 422,
  destination_not_whitelisted: 422,
  insufficient_funds: 422,
  destination_invalid: 422,
  multisig_invalid: 422,
  psbt_has_no_signatures: 422,
  signer_not_registered: 422,
  signature_invalid: 422,
  transaction_differs_from_approval: 422,
  transaction_failed: 422,
  address_invalid: 422,
  address_already_watched: 422,
  xpub_invalid: 422,
  gas_accounts_invalid: 422,
  screening_failed: 422,
  statement_invalid: 422,
};
