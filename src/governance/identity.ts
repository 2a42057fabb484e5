import { appendAudit } from '../audit/append.ts';
import type { Action, Actor, Role } from '../core/identity.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Tx } from '../db/pool.ts';
import {
  DUMMY_PASSWORD_HASH,
  hashPassword,
  newToken,
  PASSWORD_COST,
  tokenHash,
  verifyPassword,
} from './auth.ts';
import { can } from './matrix.ts';
import * as creds from './credential-store.ts';
import type { LimitError } from './login-limits.ts';
import * as limits from './login-limits.ts';
import * as store from './store.ts';
import type { IdentityDeps, IdentityOptions } from './identity-deps.ts';

export type { IdentityDeps, IdentityOptions } from './identity-deps.ts';

/**
 * People and credentials: users, login with lockout and rate limiting, server-side sessions with idle
 * and absolute timeouts, scoped API tokens, and approvers' signing keys.
 */

export const DEFAULT_IDENTITY_OPTIONS: IdentityOptions = {
  idleTimeoutSeconds: 30 * 60,
  absoluteTimeoutSeconds: 12 * 3600,
  lockoutThreshold: 5,
  lockoutSeconds: 15 * 60,
  loginRatePerMinute: 10,
  knownClientSeconds: 90 * 86400,
  challengesPerClient: 10,
  challengesTotal: 1000,
  passwordCost: PASSWORD_COST,
};

export interface LoginSuccess {
  readonly token: string;
  readonly csrfToken: string;
  readonly userId: string;
  readonly expiresAt: Date;
}

export type LoginError = 'login_failed' | LimitError;
export type AuthError = 'session_invalid' | 'session_expired' | 'token_invalid' | 'token_expired';

export function toActor(
  user: store.UserRow,
  kind: 'user' | 'token',
  token?: { readonly id: string; readonly scopes: readonly Action[] },
): Actor {
  const base = { kind, id: user.id, roles: user.roles, organisationId: user.organisationId };
  return token === undefined ? base : { ...base, tokenId: token.id, scopes: token.scopes };
}

export function createIdentity(deps: IdentityDeps) {
  const { db, clock } = deps;

  /** A password login under the limits of `login-limits.ts`; see there for the rules. */
  async function login(
    username: string,
    password: string,
    client: string,
  ): Promise<Result<LoginSuccess, LoginError>> {
    const now = clock.now();
    const account = await limits.accountClaim(deps, username, now);
    if (account.failures > deps.options.lockoutThreshold) return limits.accountLocked(account, now);
    const user = await store.userByName(db, username);
    const address = await limits.addressClaim(deps, client, user?.id ?? null, now);
    if ('ok' in address) {
      await limits.giveBack(deps, { account, address: null });
      return address;
    }
    const claimed = { account, address: address.claim };
    // Always run scrypt, so a missing user takes as long as a wrong password.
    const valid = await verifyPassword(password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
    if (user === null || user.disabled || user.passwordHash === null || !valid) {
      await limits.auditIfLocked(deps, account, user?.id ?? null, client);
      return err('login_failed', 'the username or password is wrong');
    }
    await limits.giveBack(deps, claimed);
    return ok(
      await db.write(async (tx) => {
        await creds.rememberClient(tx, user.id, client, now);
        return openSession(deps, tx, user, { method: 'password' });
      }),
    );
  }

  return { login, ...sessions(deps), ...accounts(deps) };
}

/**
 * A new server-side session after a successful login, whatever the method: a fresh token and CSRF
 * token (only their hashes are stored) and the audit entry, in the login's transaction.
 */
export async function openSession(
  { clock, random, options }: IdentityDeps,
  tx: Tx,
  user: store.UserRow,
  how: { method: 'password' } | { method: 'passkey'; passkeyId: string },
): Promise<LoginSuccess> {
  const now = clock.now();
  const token = newToken(random);
  const csrfToken = newToken(random);
  const expiresAt = new Date(now.getTime() + options.absoluteTimeoutSeconds * 1000);
  await store.insertSession(tx, {
    tokenHash: tokenHash(token),
    csrfHash: tokenHash(csrfToken),
    userId: user.id,
    at: now,
    expiresAt,
  });
  await appendAudit(tx, clock, {
    actor: user.id,
    action: 'governance.login.succeeded',
    subjects: how.method === 'passkey' ? [user.id, how.passkeyId] : [user.id],
    payload: { userId: user.id, expiresAt: expiresAt.toISOString(), ...how },
  });
  return { token, csrfToken, userId: user.id, expiresAt };
}

function sessions({ db, clock, options }: IdentityDeps) {
  /** Resolves a session cookie; touches its last use at most once a minute. */
  async function session(
    token: string,
  ): Promise<Result<{ actor: Actor; csrfHash: Buffer }, AuthError>> {
    const hash = tokenHash(token);
    const s = await store.sessionByHash(db, hash);
    if (s?.revokedAt !== null) return err('session_invalid', 'the session is not valid');
    const now = clock.now().getTime();
    const idleLimit = s.lastSeenAt.getTime() + options.idleTimeoutSeconds * 1000;
    if (now >= s.expiresAt.getTime() || now >= idleLimit) {
      return err('session_expired', 'the session has expired; log in again');
    }
    const user = await store.userById(db, s.userId);
    if (user === null || user.disabled) return err('session_invalid', 'the session is not valid');
    if (now - s.lastSeenAt.getTime() >= 60_000) await store.touchSession(db, hash, clock.now());
    return ok({ actor: toActor(user, 'user'), csrfHash: s.csrfHash });
  }

  async function bearer(token: string): Promise<Result<Actor, AuthError>> {
    const t = await store.tokenByHash(db, tokenHash(token));
    if (t?.revokedAt !== null) return err('token_invalid', 'the API token is not valid');
    if (clock.now().getTime() >= t.expiresAt.getTime()) {
      return err('token_expired', 'the API token has expired');
    }
    const user = await store.userById(db, t.userId);
    if (user === null || user.disabled) return err('token_invalid', 'the API token is not valid');
    return ok(toActor(user, 'token', { id: t.id, scopes: t.scopes as Action[] }));
  }

  async function logout(token: string, actor: Actor): Promise<void> {
    await db.write(async (tx) => {
      await store.revokeSession(tx, tokenHash(token), clock.now());
      await appendAudit(tx, clock, {
        actor,
        action: 'governance.session.closed',
        subjects: [actor.id],
        payload: { userId: actor.id },
      });
    });
  }

  return { session, bearer, logout };
}

export type Identity = ReturnType<typeof createIdentity>;

export interface NewUser {
  readonly username: string;
  readonly displayName: string;
  readonly organisationId: string | null;
  /** Null creates a machine user that only authenticates with API tokens. */
  readonly password: string | null;
  readonly roles: readonly Role[];
}

export type AccountError =
  | 'token_for_another_user'
  | 'username_taken'
  | 'roles_need_approval'
  | 'user_not_found'
  | 'scope_not_held'
  | 'password_wrong'
  | 'key_already_registered'
  | 'password_too_short'
  | 'organisation_not_found';

function accounts(deps: IdentityDeps) {
  const { db, clock, ids, random, options } = deps;
  async function createUser(
    actor: Actor,
    u: NewUser,
  ): Promise<Result<{ id: string }, AccountError>> {
    // People get roles through an approved `governance.role.change`; only Kazna itself (the demo,
    // first-run set-up, tests) may create a user with roles directly.
    if (u.roles.length > 0 && actor.kind !== 'system') {
      return err('roles_need_approval', 'roles are granted through an approval request');
    }
    if (u.password !== null && u.password.length < 12) {
      return err('password_too_short', 'a password has at least 12 characters');
    }
    const hash =
      u.password === null ? null : await hashPassword(u.password, random, options.passwordCost);
    return db.command(async (tx) => {
      if ((await store.userByName(tx, u.username)) !== null) {
        return err('username_taken', `the username ${u.username} is taken`);
      }
      // Checked here, not left to the foreign key, whose violation would be a 500.
      const orgs = await store.listOrganisations(tx);
      if (u.organisationId !== null && !orgs.some((o) => o.id === u.organisationId)) {
        return err('organisation_not_found', `no organisation ${u.organisationId}`);
      }
      const id = ids.next<'user'>();
      const row = {
        id,
        username: u.username,
        displayName: u.displayName,
        organisationId: u.organisationId,
      };
      await store.insertUser(tx, { ...row, passwordHash: hash, roles: u.roles }, clock.now());
      await appendAudit(tx, clock, {
        actor,
        action: 'governance.user.created',
        subjects: [id],
        payload: { ...row, roles: [...u.roles] },
      });
      return ok({ id });
    });
  }

  async function createOrganisation(
    actor: Actor,
    o: { code: string; name: string; kind: string },
  ): Promise<Result<store.Organisation, never>> {
    return db.command(async (tx) => {
      const org = { id: ids.next<'organisation'>(), ...o };
      await store.insertOrganisation(tx, org, clock.now());
      await appendAudit(tx, clock, {
        actor,
        action: 'governance.organisation.created',
        subjects: [org.id],
        payload: { ...org },
      });
      return ok(org);
    });
  }

  return { createUser, createOrganisation, ...locks(deps), ...credentials(deps) };
}

/** Locks from failed logins, as administrators see and lift them. */
function locks({ db, clock, options }: IdentityDeps) {
  /** Lifts a lock from failed logins before it runs out; audited, with who lifted it. */
  async function unlockAccount(
    actor: Actor,
    userId: string,
  ): Promise<Result<{ userId: string }, 'user_not_found' | 'account_not_locked'>> {
    return db.command(async (tx) => {
      const user = await store.userById(tx, userId);
      if (user === null) return err('user_not_found', 'no such user');
      const subject = limits.accountSubject(user.username);
      if (!(await creds.clearCounter(tx, subject, clock.now(), options.lockoutThreshold))) {
        return err('account_not_locked', 'the account is not locked');
      }
      await appendAudit(tx, clock, {
        actor,
        action: 'governance.account.unlocked',
        subjects: [user.id],
        payload: { userId: user.id },
      });
      return ok({ userId: user.id });
    });
  }

  /** Users with the end of any running lock from failed logins, for the administrator's list. */
  async function users(): Promise<
    (store.UserRow & { serviceAccount: boolean; lockedUntil: Date | null })[]
  > {
    const now = clock.now();
    const locks = await creds.countersAtLimit(db, 'account:', now, options.lockoutThreshold);
    const machines = new Set(await creds.serviceAccountIds(db));
    return (await store.listUsers(db)).map((u) => ({
      ...u,
      lockedUntil: locks.get(u.username) ?? null,
      serviceAccount: machines.has(u.id),
    }));
  }

  return { unlockAccount, users };
}

export interface TokenRequest {
  /** The owner: the caller themself (only Kazna itself may name another user). */
  readonly userId: string;
  readonly label: string;
  readonly scopes: readonly Action[];
  readonly expiresInSeconds: number;
  /** The owner's password, re-entered (step-up); Kazna itself needs none. */
  readonly password?: string | null;
}

function tokens({ db, clock, ids, random }: IdentityDeps) {
  /**
   * Mints an API token for its owner, who confirms with their password, so a stolen session
   * cannot add a lasting credential and nobody can mint one that acts as somebody else. The
   * scopes only narrow what the caller may do now (a token caller's own scopes included). A
   * service account gets its token through its approval request instead (`service-accounts.ts`).
   */
  async function issueToken(
    actor: Actor,
    t: TokenRequest,
  ): Promise<Result<{ id: string; token: string; expiresAt: Date }, AccountError>> {
    if (actor.kind !== 'system') {
      if (t.userId !== actor.id) {
        return err('token_for_another_user', 'an API token is minted only by its owner');
      }
      const hash = (await store.userById(db, actor.id))?.passwordHash ?? null;
      const password = t.password ?? null;
      const confirmed =
        password !== null && hash !== null && (await verifyPassword(password, hash));
      if (!confirmed) return err('password_wrong', 'confirm the token with your password');
    }
    return db.command(async (tx) => {
      const user = await store.userById(tx, t.userId);
      if (user === null) return err('user_not_found', 'no such user');
      const owner = toActor(user, 'user');
      const missing = t.scopes.filter((s) => !can(owner, s) || !can(actor, s));
      if (missing.length > 0) {
        return err('scope_not_held', 'a token cannot carry an action its user does not hold', {
          missing,
        });
      }
      const id = ids.next<'token'>();
      const token = `kzn_${newToken(random)}`;
      const at = clock.now();
      const expiresAt = new Date(at.getTime() + t.expiresInSeconds * 1000);
      await store.insertToken(tx, {
        id,
        userId: user.id,
        scopes: t.scopes,
        expiresAt,
        revokedAt: null,
        tokenHash: tokenHash(token),
        label: t.label,
        at,
      });
      await appendAudit(tx, clock, {
        actor,
        action: 'governance.token.issued',
        subjects: [id, user.id],
        payload: {
          id,
          userId: user.id,
          label: t.label,
          scopes: [...t.scopes],
          expiresAt: expiresAt.toISOString(),
        },
      });
      return ok({ id, token, expiresAt });
    });
  }

  return { issueToken };
}

function credentials(deps: IdentityDeps) {
  const { db, clock, ids } = deps;
  /** Registers an approver's Ed25519 public key; a person re-enters their password (step-up). */
  async function registerKey(
    actor: Actor,
    k: { userId: string; publicKeyHex: string; password: string | null },
  ): Promise<Result<{ id: string }, AccountError>> {
    const user = await store.userById(db, k.userId);
    if (user === null) return err('user_not_found', 'no such user');
    if (actor.kind !== 'system') {
      const valid =
        k.password !== null &&
        user.passwordHash !== null &&
        (await verifyPassword(k.password, user.passwordHash));
      if (!valid || actor.id !== user.id)
        return err('password_wrong', 'confirm the key with your password');
    }
    return db.command(async (tx) => {
      const taken = await tx.query('SELECT 1 FROM gov_signing_keys WHERE public_key_hex = $1', [
        k.publicKeyHex,
      ]);
      if (taken.length > 0)
        return err('key_already_registered', 'this public key is already registered');
      const id = ids.next<'key'>();
      await store.insertKey(tx, { id, userId: user.id, publicKeyHex: k.publicKeyHex }, clock.now());
      await appendAudit(tx, clock, {
        actor,
        action: 'governance.key.registered',
        subjects: [id, user.id],
        payload: { id, userId: user.id, publicKeyHex: k.publicKeyHex, algorithm: 'ed25519' },
      });
      return ok({ id });
    });
  }

  return { ...tokens(deps), registerKey };
}
