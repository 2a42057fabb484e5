import { appendAudit } from '../audit/append.ts';
import { err, type Err } from '../core/result.ts';
import * as creds from './credential-store.ts';
import type { IdentityDeps } from './identity-deps.ts';

/**
 * Limits on failed logins, counted in PostgreSQL so they hold across processes and restarts:
 *
 * - per account (the username as typed, so a missing user behaves like a real one): at most
 *   `lockoutThreshold` failures in `lockoutSeconds`; the failure that reaches it locks the account
 *   for `lockoutSeconds`, whatever password comes next (`account_locked`, 429). The lock is audited
 *   (`governance.account.locked`), listed with the user, and an administrator can lift it. A passkey
 *   login still works while the account is locked: the lock is against guessing passwords.
 * - per client address: at most `loginRatePerMinute` failures a minute (`rate_limited`, 429). A
 *   person who has logged in from the address lately is not held back by it when using a password,
 *   so a noisy address (a ministry's NAT) does not lock out everyone behind it; attempts refused by
 *   an account lock do not count towards it.
 *
 * Every attempt claims its place in the counters before the password is checked (one atomic
 * statement each, see `claimFailure`), and gives it back if it succeeds or is refused unchecked.
 * So a burst of N simultaneous wrong passwords gets at most the limit of 401s, and the rest 429
 * with `Retry-After`, without checking their passwords at all.
 */
export type LimitError = 'account_locked' | 'rate_limited';

export const accountSubject = (username: string): string => `account:${username}`;
export const addressSubject = (client: string): string => `address:${client}`;

export function retryAfterSeconds(until: Date, now: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
}

/** The places an attempt holds; `address` is null when the address does not count for it. */
export interface Claimed {
  readonly account: creds.CounterClaim | null;
  readonly address: creds.CounterClaim | null;
}

export function accountClaim(
  { db, options }: IdentityDeps,
  username: string,
  now: Date,
): Promise<creds.CounterClaim> {
  return creds.claimFailure(
    db,
    accountSubject(username),
    now,
    options.lockoutThreshold,
    options.lockoutSeconds,
  );
}

export function accountLocked(c: creds.CounterClaim, now: Date): Err<'account_locked'> {
  return err('account_locked', 'too many failed logins; the account is locked for a while', {
    lockedUntil: c.windowEndsAt.toISOString(),
    retryAfterSeconds: retryAfterSeconds(c.windowEndsAt, now),
  });
}

/**
 * Claims a place in the address's counter unless `userId` has logged in from it lately. Returns
 * null when the address does not count, or the refusal when it is over its limit.
 */
export async function addressClaim(
  deps: IdentityDeps,
  client: string,
  userId: string | null,
  now: Date,
): Promise<{ claim: creds.CounterClaim | null } | Err<'rate_limited'>> {
  const { db, options } = deps;
  const since = new Date(now.getTime() - options.knownClientSeconds * 1000);
  if (userId !== null && (await creds.isKnownClient(db, userId, client, since))) {
    return { claim: null };
  }
  const c = await creds.claimFailure(
    db,
    addressSubject(client),
    now,
    options.loginRatePerMinute,
    60,
  );
  if (c.failures <= options.loginRatePerMinute) return { claim: c };
  return err('rate_limited', 'too many failed logins from this address; wait a minute', {
    retryAfterSeconds: retryAfterSeconds(c.windowEndsAt, now),
  });
}

/** The attempt succeeded or was refused before its check: it was not a failure. */
export async function giveBack({ db }: IdentityDeps, claimed: Claimed): Promise<void> {
  if (claimed.account !== null) await creds.refundFailure(db, claimed.account);
  if (claimed.address !== null) await creds.refundFailure(db, claimed.address);
}

/**
 * After a failed check: the failure that reached the account's limit locked it, which is a
 * security event worth an entry (the counting itself is not: it lives in an ephemeral table).
 */
export async function auditIfLocked(
  { db, clock, options }: IdentityDeps,
  account: creds.CounterClaim,
  userId: string | null,
  client: string,
): Promise<void> {
  if (userId === null || account.failures !== options.lockoutThreshold) return;
  await db.write((tx) =>
    appendAudit(tx, clock, {
      actor: 'anonymous',
      action: 'governance.account.locked',
      subjects: [userId],
      payload: {
        userId,
        failedLogins: account.failures,
        lockedUntil: account.windowEndsAt.toISOString(),
        client,
      },
    }),
  );
}
