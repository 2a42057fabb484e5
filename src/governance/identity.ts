import { appendAudit } from '../audit/append.ts';
import type { Clock } from '../core/clock.ts';
import type { IdSource } from '../core/ids.ts';
import type { RandomSource } from '../core/random.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Db, Tx } from '../db/pool.ts';
import type { Action, Actor, Role } from '../http/access.ts';
import {
  DUMMY_PASSWORD_HASH,
  hashPassword,
  newToken,
  PASSWORD_COST,
  tokenHash,
  verifyPassword,
  type ScryptCost,
} from './auth.ts';
import { can } from './matrix.ts';
import * as creds from './credential-store.ts';
import * as store from './store.ts';

/**
 * People and credentials: users, login with lockout and rate limiting, server-side sessions with idle
 * and absolute timeouts, scoped API tokens, and approvers' signing keys.
 */
export interface IdentityOptions {
  readonly idleTimeoutSeconds: number;
  readonly absoluteTimeoutSeconds: number;
  readonly lockoutThreshold: number;
  readonly lockoutSeconds: number;
  /** Login attempts per client address per minute. */
  readonly loginRatePerMinute: number;
  readonly passwordCost: ScryptCost;
}

export const DEFAULT_IDENTITY_OPTIONS: IdentityOptions = {
  idleTimeoutSeconds: 30 * 60,
  absoluteTimeoutSeconds: 12 * 3600,
  lockoutThreshold: 5,
  lockoutSeconds: 15 * 60,
  loginRatePerMinute: 10,
  passwordCost: PASSWORD_COST,
};

export interface IdentityDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly random: RandomSource;
  readonly options: IdentityOptions;
}

export interface LoginSuccess {
  readonly token: string;
  readonly csrfToken: string;
  readonly userId: string;
  readonly expiresAt: Date;
}

export type LoginError = 'login_failed' | 'account_locked' | 'rate_limited';
export type AuthError = 'session_invalid' | 'session_expired' | 'token_invalid' | 'token_expired';

export function toActor(
  user: store.UserRow,
  kind: 'user' | 'token',
  scopes?: readonly Action[],
): Actor {
  const base = { kind, id: user.id, roles: user.roles, organisationId: user.organisationId };
  return scopes === undefined ? base : { ...base, scopes };
}

export function createIdentity(deps: IdentityDeps) {
  const { db } = deps;

  async function login(
    username: string,
    password: string,
    client: string,
  ): Promise<Result<LoginSuccess, LoginError>> {
    if (await rateLimited(deps, client)) {
      return err('rate_limited', 'too many failed logins from this address; wait a minute');
    }
    const user = await store.userByName(db, username);
    // Always run scrypt, so a missing user takes as long as a wrong password.
    const valid = await verifyPassword(password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
    if (user === null || user.disabled || user.passwordHash === null) {
      await db.write((tx) => creds.insertLoginFailure(tx, client, 'password', deps.clock.now()));
      return err('login_failed', 'the username or password is wrong');
    }
    return db.write((tx) => settleLogin(deps, tx, user, valid, client));
  }

  return { login, ...sessions(deps), ...accounts(deps) };
}

/**
 * The rate limit counts failed logins (password or passkey) from one client address over a sliding
 * minute, in PostgreSQL, so that it survives a restart and holds across every Kazna process that
 * shares the database.
 */
export async function rateLimited(
  { db, clock, options }: IdentityDeps,
  client: string,
): Promise<boolean> {
  const from = new Date(clock.now().getTime() - 60_000);
  return (await creds.loginFailuresSince(db, client, from)) >= options.loginRatePerMinute;
}

async function settleLogin(
  deps: IdentityDeps,
  tx: Tx,
  user: store.UserRow,
  valid: boolean,
  client: string,
): Promise<Result<LoginSuccess, LoginError>> {
  const now = deps.clock.now();
  const fresh = await store.userById(tx, user.id);
  if (fresh === null) return err('login_failed', 'the username or password is wrong');
  if (fresh.lockedUntil !== null && fresh.lockedUntil.getTime() > now.getTime()) {
    await creds.insertLoginFailure(tx, client, 'password', now);
    return err('account_locked', 'too many failed logins; the account is locked for a while', {
      lockedUntil: fresh.lockedUntil.toISOString(),
    });
  }
  if (!valid) {
    await creds.insertLoginFailure(tx, client, 'password', now);
    return recordFailure(deps, tx, fresh, now);
  }
  await store.setLoginState(tx, fresh.id, 0, null);
  return ok(await openSession(deps, tx, fresh, { method: 'password' }));
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

async function recordFailure(
  { clock, options }: IdentityDeps,
  tx: Tx,
  user: store.UserRow,
  now: Date,
): Promise<Result<LoginSuccess, LoginError>> {
  const failed = user.failedLogins + 1;
  const locks = failed >= options.lockoutThreshold;
  const lockedUntil = locks ? new Date(now.getTime() + options.lockoutSeconds * 1000) : null;
  await store.setLoginState(tx, user.id, locks ? 0 : failed, lockedUntil);
  await appendAudit(tx, clock, {
    actor: 'anonymous',
    action: locks ? 'governance.account.locked' : 'governance.login.failed',
    subjects: [user.id],
    payload: {
      userId: user.id,
      failedLogins: failed,
      lockedUntil: lockedUntil?.toISOString() ?? null,
    },
  });
  if (locks) {
    return err('account_locked', 'too many failed logins; the account is locked for a while', {
      lockedUntil: lockedUntil?.toISOString(),
    });
  }
  return err('login_failed', 'the username or password is wrong');
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
    return ok(toActor(user, 'token', t.scopes as Action[]));
  }

  async function logout(token: string, actor: Actor): Promise<void> {
    await db.write(async (tx) => {
      await store.revokeSession(tx, tokenHash(token), clock.now());
      await appendAudit(tx, clock, {
        actor: actor.id,
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
  | 'username_taken'
  | 'roles_need_approval'
  | 'user_not_found'
  | 'scope_not_held'
  | 'password_wrong'
  | 'key_already_registered'
  | 'password_too_short';

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
      const id = ids.next<'user'>();
      const row = {
        id,
        username: u.username,
        displayName: u.displayName,
        organisationId: u.organisationId,
      };
      await store.insertUser(tx, { ...row, passwordHash: hash, roles: u.roles }, clock.now());
      await appendAudit(tx, clock, {
        actor: actor.id,
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
        actor: actor.id,
        action: 'governance.organisation.created',
        subjects: [org.id],
        payload: { ...org },
      });
      return ok(org);
    });
  }

  return { createUser, createOrganisation, ...credentials(deps) };
}

function credentials({ db, clock, ids, random }: IdentityDeps) {
  async function issueToken(
    actor: Actor,
    t: { userId: string; label: string; scopes: readonly Action[]; expiresInSeconds: number },
  ): Promise<Result<{ id: string; token: string; expiresAt: Date }, AccountError>> {
    return db.command(async (tx) => {
      const user = await store.userById(tx, t.userId);
      if (user === null) return err('user_not_found', 'no such user');
      const subject = toActor(user, 'user');
      const missing = t.scopes.filter((s) => !can(subject, s));
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
        actor: actor.id,
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
        actor: actor.id,
        action: 'governance.key.registered',
        subjects: [id, user.id],
        payload: { id, userId: user.id, publicKeyHex: k.publicKeyHex, algorithm: 'ed25519' },
      });
      return ok({ id });
    });
  }

  return { issueToken, registerKey };
}
