import { z } from 'zod';
import { ActionJson, AssetCodeJson, jsonValue, RoleJson } from '../http/answers.ts';

/**
 * What this domain's routes answer, as the client receives it (amounts as decimal strings, times as
 * ISO strings). The routes serialize through these schemas and the web app parses with them.
 */
/** POST /auth/login */
export const AuthLoginPostJson = z.object({
  userId: z.string(),
  csrfToken: z.string(),
  expiresAt: z.string(),
});

/** GET /auth/me */
export const AuthMeJson = z.object({
  permissions: z.array(ActionJson),
  kind: z.enum(['user', 'token', 'system', 'anonymous']),
  id: z.string(),
  tokenId: z.string().optional(),
  roles: z.array(RoleJson),
  organisationId: z.string().nullable(),
  scopes: z.array(ActionJson).optional(),
});

export const OrganisationJson = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  kind: z.string(),
});

/** GET /governance/organisations */
export const GovernanceOrganisationsJson = z.array(OrganisationJson);

export const UserJson = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  organisationId: z.string().nullable(),
  roles: z.array(RoleJson),
  disabled: z.boolean(),
  serviceAccount: z.boolean(),
  lockedUntil: z.string().nullable(),
});

/** GET /governance/users */
export const GovernanceUsersJson = z.array(UserJson);

/** POST /governance/users */
export const GovernanceUsersPostJson = z.object({ id: z.string() });

/** POST /governance/users/:id/unlock */
export const GovernanceUsersUnlockPostJson = z.object({ userId: z.string() });

/** POST /governance/tokens */
export const GovernanceTokensPostJson = z.object({
  id: z.string(),
  token: z.string(),
  expiresAt: z.string(),
});

/** POST /governance/keys */
export const GovernanceKeysPostJson = z.object({ id: z.string() });

/** GET /governance/approvals */
export const GovernanceApprovalsJson = z.array(z.record(z.string(), z.unknown()));

/** GET /governance/approvals/:id */
export const GovernanceApprovals2Json = z.record(z.string(), z.unknown());

/** POST /governance/approvals */
export const GovernanceApprovalsPostJson = z.record(z.string(), z.unknown());

/** POST /governance/service-accounts */
export const GovernanceServiceAccountsPostJson = z.record(z.string(), z.unknown());

/** POST /governance/approvals/:id/votes */
export const GovernanceApprovalsVotesPostJson = z.record(z.string(), z.unknown());

/** POST /governance/approvals/:id/execute */
export const GovernanceApprovalsExecutePostJson = z.object({
  request: z.record(z.string(), z.unknown()),
  result: jsonValue,
});

export const QuorumGroupJson = z.object({
  role: RoleJson,
  count: z.number(),
});

/** Who must approve: counts per role, and who may veto. */
export const QuorumJson = z.object({
  groups: z.array(QuorumGroupJson),
  vetoRoles: z.array(RoleJson).optional(),
  vetoUsers: z.array(z.string()).optional(),
  timeLockSeconds: z.number().optional(),
  expiresInSeconds: z.number().optional(),
});

export const PolicyJson = z.object({
  version: z.number(),
  reportingCurrency: AssetCodeJson,
  whitelistCoolingSeconds: z.number(),
  adminQuorum: QuorumJson,
  rules: z.array(
    z.object({
      id: z.string(),
      match: z.object({
        actions: z.array(z.string()).optional(),
        initiatorRoles: z.array(RoleJson).optional(),
        initiatorUsers: z.array(z.string()).optional(),
        assets: z.array(AssetCodeJson).optional(),
        hasAmount: z.boolean().optional(),
        amount: z.object({ min: z.string().optional(), max: z.string().optional() }).optional(),
        value: z.object({ min: z.string().optional(), max: z.string().optional() }).optional(),
        velocity: z
          .object({
            windowSeconds: z.number(),
            min: z.string(),
            per: z.enum(['kind', 'initiator']),
          })
          .optional(),
        sourceAccounts: z.array(z.string()).optional(),
        from: z.array(z.string()).optional(),
        to: z.array(z.string()).optional(),
        destination: z.array(z.enum(['whitelisted', 'new'])).optional(),
        legalStatuses: z.array(z.string()).optional(),
      }),
      outcome: z.union([
        z.object({ kind: z.literal('block'), reason: z.string() }),
        z.object({
          kind: z.literal('quorum'),
          quorum: QuorumJson,
        }),
        z.object({ kind: z.literal('allow') }),
      ]),
      description: z.string().optional(),
    }),
  ),
});

/** GET /governance/policy */
export const GovernancePolicyJson = z.object({ policy: PolicyJson, kinds: z.array(z.string()) });

export const RuleTraceJson = z.object({
  ruleId: z.string(),
  matched: z.boolean(),
  failed: z.string().optional(),
});

/** POST /governance/policy/dry-run */
export const GovernancePolicyDryRunPostJson = z.object({
  outcome: z.union([
    z.object({ kind: z.literal('block'), reason: z.string() }),
    z.object({ kind: z.literal('quorum'), quorum: QuorumJson }),
    z.object({ kind: z.literal('allow') }),
  ]),
  ruleId: z.string().nullable(),
  reason: z.string(),
  trace: z.array(RuleTraceJson),
  policyVersion: z.number(),
  facts: z.record(z.string(), jsonValue),
});

const OutcomeJson = z.union([
  z.object({ kind: z.literal('block'), reason: z.string() }),
  z.object({ kind: z.literal('quorum'), quorum: QuorumJson }),
  z.object({ kind: z.literal('allow') }),
]);

export const DecidedJson = z.object({
  outcome: OutcomeJson,
  ruleId: z.string().nullable(),
  reason: z.string(),
});

/** POST /governance/policy/dry-run-recent */
export const GovernancePolicyDryRunRecentPostJson = z.object({
  policyVersion: z.number(),
  requests: z.array(
    z.object({
      requestId: z.string(),
      kind: z.string(),
      initiatorId: z.string(),
      createdAt: z.string(),
      current: DecidedJson,
      candidate: DecidedJson,
      changed: z.boolean(),
    }),
  ),
});

export const WhitelistRowJson = z.object({
  id: z.string(),
  asset: z.string(),
  address: z.string(),
  label: z.string(),
  addedAt: z.string(),
  usableFrom: z.string(),
});

/** GET /governance/whitelist */
export const GovernanceWhitelistJson = z.array(WhitelistRowJson);

/** POST /auth/passkey/options */
export const AuthPasskeyOptionsPostJson = z.object({
  challenge: z.string(),
  timeout: z.number().optional(),
  rpId: z.string().optional(),
  allowCredentials: z
    .array(
      z.object({ id: z.string(), transports: z.array(z.string()).optional(), type: z.string() }),
    )
    .optional(),
  userVerification: z.enum(['discouraged', 'preferred', 'required']).optional(),
  hints: z.array(z.enum(['hybrid', 'security-key', 'client-device'])).optional(),
  // The WebAuthn client extensions pass through as the library builds them.
  extensions: z.record(z.string(), z.unknown()).optional(),
});

/** POST /auth/passkey/login */
export const AuthPasskeyLoginPostJson = z.object({
  userId: z.string(),
  csrfToken: z.string(),
  expiresAt: z.string(),
});

/** POST /governance/passkeys/options */
export const GovernancePasskeysOptionsPostJson = z.object({
  rp: z.object({ id: z.string().optional(), name: z.string() }),
  user: z.object({ id: z.string(), name: z.string(), displayName: z.string() }),
  challenge: z.string(),
  pubKeyCredParams: z.array(z.object({ alg: z.number(), type: z.literal('public-key') })),
  timeout: z.number().optional(),
  excludeCredentials: z
    .array(
      z.object({ id: z.string(), transports: z.array(z.string()).optional(), type: z.string() }),
    )
    .optional(),
  authenticatorSelection: z
    .object({
      authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
      requireResidentKey: z.boolean().optional(),
      residentKey: z.enum(['discouraged', 'preferred', 'required']).optional(),
      userVerification: z.enum(['discouraged', 'preferred', 'required']).optional(),
    })
    .optional(),
  hints: z.array(z.enum(['hybrid', 'security-key', 'client-device'])).optional(),
  attestation: z.enum(['direct', 'enterprise', 'indirect', 'none']).optional(),
  attestationFormats: z
    .array(
      z.enum(['none', 'fido-u2f', 'packed', 'android-safetynet', 'android-key', 'tpm', 'apple']),
    )
    .optional(),
  // The WebAuthn client extensions pass through as the library builds them.
  extensions: z.record(z.string(), z.unknown()).optional(),
});

export const PasskeyViewJson = z.object({
  id: z.string(),
  label: z.string(),
  credentialId: z.string(),
  aaguid: z.string(),
  counter: z.number(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});

export const TokenListRowJson = z.object({
  id: z.string(),
  userId: z.string(),
  label: z.string(),
  scopes: z.array(z.string()),
  createdAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
});

export const KeyListRowJson = z.object({
  id: z.string(),
  userId: z.string(),
  publicKeyHex: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});

/** GET /governance/credentials */
export const GovernanceCredentialsJson = z.object({
  tokens: z.array(TokenListRowJson),
  keys: z.array(KeyListRowJson),
  userId: z.string(),
  passkeys: z.array(PasskeyViewJson),
});

/** POST /governance/tokens/:id/revoke */
export const GovernanceTokensRevokePostJson = z.object({ id: z.string(), revokedAt: z.string() });

/** POST /governance/keys/:id/revoke */
export const GovernanceKeysRevokePostJson = z.object({ id: z.string(), revokedAt: z.string() });
