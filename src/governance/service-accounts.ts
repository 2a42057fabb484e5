import { z } from 'zod';
import type { Json } from '../core/canonical.ts';
import { ACTIONS, ROLES, type Actor } from '../core/identity.ts';
import type { IdSource } from '../core/ids.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Tx } from '../db/pool.ts';
import { executor, type ExecutionContext, type ExecutorDescriptor } from './approvals.ts';
import type { ServiceAccountError } from './codes.ts';
import * as creds from './credential-store.ts';
import { ROLE_CHANGE_KIND } from './executors.ts';
import { can } from './matrix.ts';
import { GOVERNANCE_STATUS } from './statuses.ts';
import * as store from './store.ts';

/**
 * Service accounts: machine users for an integration, with roles and one API token, created only
 * by executing an approved `governance.service_account.create` request. Granting a machine roles
 * is a role change, so unless a policy rule names this kind, the policy decides it as a
 * `governance.role.change` (in the default policy: a second administrator and compliance, who can
 * veto).
 *
 * Kazna never sees the token: whoever sets the integration up generates it on their own machine
 * (`kazna governance service-account request`, or any client: `kzn_` + 43 base64url characters of
 * 32 random bytes) and the request carries only its SHA-256, which approvers see. Executing the
 * request stores that hash as the account's token, usable from then on. The account has no
 * password, so it never logs in, registers no passkey or signing key (both need a password), and
 * mints no further token; it acts only through its token, with its roles narrowed by its scopes.
 */
export const SERVICE_ACCOUNT_KIND = 'governance.service_account.create';

export const serviceAccountContent = z.strictObject({
  username: z.string().regex(/^[a-z0-9._-]{3,64}$/),
  displayName: z.string().min(1).max(200),
  organisationId: z.string().min(1).max(64).nullable(),
  roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length),
  scopes: z.array(z.enum(ACTIONS)).min(1).max(ACTIONS.length),
  label: z.string().min(1).max(200),
  /** SHA-256 (hex) of the token's UTF-8 text, as the guard hashes a bearer token. */
  tokenSha256: z.string().regex(/^[0-9a-f]{64}$/),
  expiresInSeconds: z
    .int()
    .min(60)
    .max(366 * 86400),
});
export type ServiceAccountContent = z.infer<typeof serviceAccountContent>;

/** Checks made when the request is made and again when it executes (things change meanwhile). */
async function check(
  tx: Tx,
  content: Json,
): Promise<Result<ServiceAccountContent, ServiceAccountError>> {
  const parsed = serviceAccountContent.safeParse(content);
  if (!parsed.success) {
    return err('content_invalid', 'the request content does not match its kind', {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  const c = parsed.data;
  if ((await store.userByName(tx, c.username)) !== null) {
    return err('username_taken', `the username ${c.username} is taken`);
  }
  const orgs = await store.listOrganisations(tx);
  if (c.organisationId !== null && !orgs.some((o) => o.id === c.organisationId)) {
    return err('organisation_not_found', 'no such organisation');
  }
  const machine: Actor = { kind: 'user', id: c.username, roles: c.roles, organisationId: null };
  const missing = c.scopes.filter((s) => !can(machine, s));
  if (missing.length > 0) {
    return err('scope_not_held', 'a token cannot carry an action its roles do not hold', {
      missing,
    });
  }
  if (await creds.tokenHashTaken(tx, Buffer.from(c.tokenSha256, 'hex'))) {
    return err('token_hash_taken', 'generate a new token: this one is already in use');
  }
  return ok(c);
}

async function create(
  ids: IdSource,
  tx: Tx,
  content: Json,
  ctx: ExecutionContext,
): Promise<Result<Json, ServiceAccountError>> {
  const checked = await check(tx, content);
  if (!checked.ok) return checked;
  const c = checked.value;
  const userId = ids.next<'user'>();
  const tokenId = ids.next<'token'>();
  const expiresAt = new Date(ctx.at.getTime() + c.expiresInSeconds * 1000);
  const user = {
    id: userId,
    username: c.username,
    displayName: c.displayName,
    organisationId: c.organisationId,
  };
  await store.insertUser(tx, { ...user, passwordHash: null, roles: c.roles }, ctx.at);
  await creds.insertServiceAccount(tx, { userId, requestId: ctx.request.id, at: ctx.at });
  await store.insertToken(tx, {
    id: tokenId,
    userId,
    scopes: c.scopes,
    expiresAt,
    revokedAt: null,
    tokenHash: Buffer.from(c.tokenSha256, 'hex'),
    label: c.label,
    at: ctx.at,
  });
  await ctx.audit({
    action: 'governance.service_account.created',
    subjects: [userId, ctx.request.id],
    payload: { ...user, roles: c.roles, requestId: ctx.request.id },
  });
  const token = { id: tokenId, userId, label: c.label, expiresAt: expiresAt.toISOString() };
  await ctx.audit({
    action: 'governance.token.issued',
    subjects: [tokenId, userId, ctx.request.id],
    payload: { ...token, scopes: c.scopes, requestId: ctx.request.id },
  });
  return ok({ userId, username: c.username, tokenId, expiresAt: token.expiresAt });
}

/** The service account kind, for main.ts to register. */
export function serviceAccountExecutors(deps: { ids: IdSource }): readonly ExecutorDescriptor[] {
  return [
    executor({
      kind: SERVICE_ACCOUNT_KIND,
      execute: (tx, content, ctx) => create(deps.ids, tx, content, ctx),
      options: {
        requires: 'governance.users.manage',
        validate: async (tx, content) => {
          const r = await check(tx, content);
          return r.ok ? ok(null) : r;
        },
        decidedAs: ROLE_CHANGE_KIND,
        refusals: GOVERNANCE_STATUS,
      },
    }),
  ];
}
