/**
 * Governance's refusal codes, apart from the commands that refuse with them, so that the status map
 * can name them without importing the commands, which import the map for their approval executors.
 */

/** What governance's own kinds refuse with, when requested or executed. */
export type GovernanceExecutorError =
  | 'content_invalid'
  | 'policy_version_conflict'
  | 'user_not_found'
  | 'cannot_change_own_roles'
  | 'destination_sanctioned'
  | 'destination_already_whitelisted';

export type ServiceAccountError =
  | 'content_invalid'
  | 'username_taken'
  | 'organisation_not_found'
  | 'scope_not_held'
  | 'token_hash_taken';
