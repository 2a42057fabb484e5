import type { StatusMap } from '../http/refusals.ts';
import type { ExecuteCommandError, RequestError, VoteCommandError } from './approvals.ts';
import type { GovernanceExecutorError, ServiceAccountError } from './codes.ts';
import type { AccountError, LoginError } from './identity.ts';
import type { PasskeyError } from './passkeys.ts';
import type { RevocationError } from './revocation.ts';

/**
 * Every refusal governance answers with (identity, credentials, approvals, its own kinds'
 * executors) and its status: one status per code, whichever route refuses with it.
 */
export type GovernanceCode =
  | LoginError
  | AccountError
  | 'account_not_locked'
  | 'organisation_not_found'
  | PasskeyError
  | 'password_wrong'
  | 'too_many_challenges'
  | 'passkey_not_found'
  | 'passkey_already_revoked'
  | RevocationError
  | RequestError
  | VoteCommandError
  | ExecuteCommandError
  | GovernanceExecutorError
  | ServiceAccountError;

export const GOVERNANCE_STATUS: StatusMap<GovernanceCode> = {
  passkey_response_invalid: 401,
  passkey_challenge_unknown: 401,
  passkey_challenge_expired: 401,
  passkey_origin_mismatch: 401,
  passkey_rp_id_mismatch: 401,
  passkey_not_registered: 401,
  passkey_revoked: 401,
  passkey_counter_regressed: 401,
  login_failed: 401,
  account_locked: 429,
  rate_limited: 429,
  too_many_challenges: 429,
  permission_denied: 403,
  account_disabled: 403,
  token_for_another_user: 403,
  password_wrong: 403,
  roles_need_approval: 403,
  cannot_change_own_roles: 403,
  approver_is_initiator: 403,
  approver_not_eligible: 403,
  signature_invalid: 403,
  signing_key_not_registered: 403,
  signing_key_revoked: 403,
  user_not_found: 404,
  request_not_found: 404,
  unknown_request_kind: 404,
  organisation_not_found: 404,
  passkey_not_found: 404,
  token_not_found: 404,
  signing_key_not_found: 404,
  username_taken: 409,
  account_not_locked: 409,
  token_hash_taken: 409,
  key_already_registered: 409,
  passkey_already_registered: 409,
  passkey_already_revoked: 409,
  token_already_revoked: 409,
  signing_key_already_revoked: 409,
  already_voted: 409,
  already_executed: 409,
  request_already_approved: 409,
  request_rejected: 409,
  request_blocked: 409,
  request_expired: 409,
  quorum_not_reached: 409,
  time_lock_active: 409,
  policy_version_conflict: 409,
  request_hash_mismatch: 409,
  destination_already_whitelisted: 409,
  // A request recorded for a kind this server no longer registers: it cannot run here, which
  // is the state of the deployment, not a failure of the server.
  executor_missing: 409,
  policy_blocked: 422,
  content_invalid: 422,
  scope_not_held: 422,
  password_too_short: 422,
  destination_sanctioned: 422,
};
