import type { Queryable, Row } from '../db/pool.ts';
import { readRow } from '../db/row.ts';

/**
 * SQL for the credentials beyond passwords and sessions: WebAuthn challenges and passkeys, failed
 * login counters (the limits) and known client addresses, the revocation of API tokens and signing
 * keys, and service accounts. Only the governance service calls these.
 */

const CHALLENGE_PURPOSES = ['registration', 'login'] as const;
export type ChallengePurpose = (typeof CHALLENGE_PURPOSES)[number];

export interface ChallengeRow {
  readonly challenge: string;
  readonly purpose: ChallengePurpose;
  readonly userId: string | null;
  readonly expiresAt: Date;
}

export async function insertChallenge(
  q: Queryable,
  c: ChallengeRow & { at: Date; client: string },
): Promise<void> {
  await q.query(
    `INSERT INTO gov_webauthn_challenges (challenge, purpose, user_id, created_at, expires_at, client)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [c.challenge, c.purpose, c.userId, c.at, c.expiresAt, c.client],
  );
}

export interface OutstandingChallenges {
  readonly ofClient: number;
  readonly total: number;
  /** When the client's (or anyone's) oldest outstanding challenge expires. */
  readonly nextOfClient: Date | null;
  readonly next: Date | null;
}

/**
 * Sweeps expired challenges, then counts the live ones, of one client and in all. Run in the
 * issuing transaction (SERIALIZABLE), so concurrent issuers cannot both pass a bound.
 */
export async function outstandingChallenges(
  q: Queryable,
  client: string,
  at: Date,
): Promise<OutstandingChallenges> {
  await q.query('DELETE FROM gov_webauthn_challenges WHERE expires_at <= $1', [at]);
  const [row] = await q.query(
    `SELECT count(*) FILTER (WHERE client = $1)::int AS of_client, count(*)::int AS total,
            min(expires_at) FILTER (WHERE client = $1) AS next_of_client, min(expires_at) AS next
       FROM gov_webauthn_challenges`,
    [client],
  );
  if (row === undefined) return { ofClient: 0, total: 0, nextOfClient: null, next: null };
  const r = readRow(row, 'gov_webauthn_challenges');
  return {
    ofClient: r.int('of_client'),
    total: r.int('total'),
    nextOfClient: r.dateOrNull('next_of_client'),
    next: r.dateOrNull('next'),
  };
}

/** Deletes and returns the challenge: the first response to name it is the only one to find it. */
export async function consumeChallenge(
  q: Queryable,
  challenge: string,
  purpose: ChallengePurpose,
): Promise<ChallengeRow | null> {
  const [row] = await q.query(
    `DELETE FROM gov_webauthn_challenges WHERE challenge = $1 AND purpose = $2
     RETURNING challenge, purpose, user_id, expires_at`,
    [challenge, purpose],
  );
  if (row === undefined) return null;
  const r = readRow(row, 'gov_webauthn_challenges');
  return {
    challenge: r.str('challenge'),
    purpose: r.oneOf('purpose', CHALLENGE_PURPOSES),
    userId: r.strOrNull('user_id'),
    expiresAt: r.date('expires_at'),
  };
}

export interface PasskeyRow {
  readonly id: string;
  readonly credentialId: string;
  readonly userId: string;
  readonly publicKey: Uint8Array;
  /** The highest signature counter seen: at registration or at any later login. */
  readonly counter: number;
  readonly transports: readonly string[];
  readonly attestationFormat: string;
  readonly aaguid: string;
  readonly label: string;
  readonly createdAt: Date;
  readonly revokedAt: Date | null;
}

const PASSKEY_SELECT = `SELECT p.id, p.credential_id, p.user_id, p.public_key, p.transports,
    p.attestation_format, p.aaguid, p.label, p.created_at, r.revoked_at,
    GREATEST(p.counter, COALESCE((SELECT max(u.counter) FROM gov_passkey_uses u
                                   WHERE u.passkey_id = p.id), 0)) AS counter
  FROM gov_passkeys p LEFT JOIN gov_passkey_revocations r ON r.passkey_id = p.id`;

function toPasskey(row: Row): PasskeyRow {
  const r = readRow(row, 'gov_passkeys');
  return {
    id: r.str('id'),
    credentialId: r.str('credential_id'),
    userId: r.str('user_id'),
    publicKey: new Uint8Array(r.bytes('public_key')),
    counter: Number(r.bigint('counter')),
    transports: r.strings('transports'),
    attestationFormat: r.str('attestation_format'),
    aaguid: r.str('aaguid'),
    label: r.str('label'),
    createdAt: r.date('created_at'),
    revokedAt: r.dateOrNull('revoked_at'),
  };
}

export async function passkeyByCredential(
  q: Queryable,
  credentialId: string,
): Promise<PasskeyRow | null> {
  const [r] = await q.query(`${PASSKEY_SELECT} WHERE p.credential_id = $1`, [credentialId]);
  return r === undefined ? null : toPasskey(r);
}

export async function passkeyById(q: Queryable, id: string): Promise<PasskeyRow | null> {
  const [r] = await q.query(`${PASSKEY_SELECT} WHERE p.id = $1`, [id]);
  return r === undefined ? null : toPasskey(r);
}

export async function passkeysOf(q: Queryable, userId: string): Promise<PasskeyRow[]> {
  const rows = await q.query(`${PASSKEY_SELECT} WHERE p.user_id = $1 ORDER BY p.created_at`, [
    userId,
  ]);
  return rows.map(toPasskey);
}

export async function insertPasskey(
  q: Queryable,
  p: Omit<PasskeyRow, 'revokedAt' | 'createdAt'>,
  at: Date,
): Promise<void> {
  await q.query(
    `INSERT INTO gov_passkeys (id, credential_id, user_id, public_key, counter, transports,
       attestation_format, aaguid, label, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      p.id,
      p.credentialId,
      p.userId,
      Buffer.from(p.publicKey),
      p.counter,
      p.transports,
      p.attestationFormat,
      p.aaguid,
      p.label,
      at,
    ],
  );
}

/**
 * Serialises logins with one passkey until the transaction ends (the tables are append-only, so
 * there is no row to lock): two assertions cannot both pass the counter check with one value.
 */
export async function lockPasskey(q: Queryable, id: string): Promise<void> {
  await q.query("SELECT pg_advisory_xact_lock(hashtextextended('gov_passkey:' || $1, 0))", [id]);
}

export async function insertPasskeyUse(
  q: Queryable,
  id: string,
  counter: number,
  at: Date,
): Promise<void> {
  await q.query('INSERT INTO gov_passkey_uses (passkey_id, counter, used_at) VALUES ($1, $2, $3)', [
    id,
    counter,
    at,
  ]);
}

export async function insertPasskeyRevocation(
  q: Queryable,
  id: string,
  by: string,
  at: Date,
): Promise<void> {
  await q.query(
    'INSERT INTO gov_passkey_revocations (passkey_id, revoked_by, revoked_at) VALUES ($1, $2, $3)',
    [id, by, at],
  );
}

/** A failure counter after an attempt claimed its place in it. */
export interface CounterClaim {
  readonly subject: string;
  /** Failures in the window, this attempt included. */
  readonly failures: number;
  readonly windowStartedAt: Date;
  readonly windowEndsAt: Date;
}

/**
 * Counts one more failure for `subject`, before the attempt is checked, in one statement: under
 * any concurrency each attempt gets its own number, so at most `limit` attempts get a number within
 * the limit. An ended window starts again at 1; the failure that reaches the limit moves the end to
 * a full window from now (the lock). A few ended rows of other subjects are purged on the way,
 * skipping any another statement holds, so purges never wait on each other.
 */
export async function claimFailure(
  q: Queryable,
  subject: string,
  at: Date,
  limit: number,
  windowSeconds: number,
): Promise<CounterClaim> {
  const [row] = await q.query(
    `WITH purged AS (
       DELETE FROM gov_login_counters WHERE subject IN (
         SELECT subject FROM gov_login_counters WHERE window_ends_at <= $2 AND subject <> $1
          ORDER BY window_ends_at LIMIT 100 FOR UPDATE SKIP LOCKED))
     INSERT INTO gov_login_counters AS c (subject, failures, window_started_at, window_ends_at)
     VALUES ($1, 1, $2, $2 + make_interval(secs => $3))
     ON CONFLICT (subject) DO UPDATE SET
       failures = CASE WHEN c.window_ends_at <= $2 THEN 1 ELSE c.failures + 1 END,
       window_started_at = CASE WHEN c.window_ends_at <= $2 THEN $2 ELSE c.window_started_at END,
       window_ends_at = CASE
         WHEN c.window_ends_at <= $2 OR c.failures + 1 = $4 THEN $2 + make_interval(secs => $3)
         ELSE c.window_ends_at END
     RETURNING failures, window_started_at, window_ends_at`,
    [subject, at, windowSeconds, limit],
  );
  if (row === undefined) throw new Error('the failure counter returned no row');
  const r = readRow(row, 'gov_login_counters');
  return {
    subject,
    failures: r.int('failures'),
    windowStartedAt: r.date('window_started_at'),
    windowEndsAt: r.date('window_ends_at'),
  };
}

/** Gives back a claimed place: the attempt succeeded, or was refused before it was checked. */
export async function refundFailure(q: Queryable, c: CounterClaim): Promise<void> {
  await q.query(
    `UPDATE gov_login_counters SET failures = failures - 1
      WHERE subject = $1 AND window_started_at = $2 AND failures > 0`,
    [c.subject, c.windowStartedAt],
  );
}

/** Subjects whose counter has reached `limit` in a window still running at `at`, with its end. */
export async function countersAtLimit(
  q: Queryable,
  prefix: 'account:' | 'address:',
  at: Date,
  limit: number,
): Promise<Map<string, Date>> {
  const rows = await q.query(
    `SELECT subject, window_ends_at FROM gov_login_counters
      WHERE starts_with(subject, $1) AND failures >= $2 AND window_ends_at > $3`,
    [prefix, limit, at],
  );
  return new Map(
    rows.map((row) => {
      const r = readRow(row, 'gov_login_counters');
      return [r.str('subject').slice(prefix.length), r.date('window_ends_at')];
    }),
  );
}

/** Clears a counter; returns whether it had reached `limit` in a window still running. */
export async function clearCounter(
  q: Queryable,
  subject: string,
  at: Date,
  limit: number,
): Promise<boolean> {
  const rows = await q.query(
    `DELETE FROM gov_login_counters WHERE subject = $1
     RETURNING failures >= $2 AND window_ends_at > $3 AS locked`,
    [subject, limit, at],
  );
  return rows.some((r) => r['locked'] === true);
}

export async function isKnownClient(
  q: Queryable,
  userId: string,
  client: string,
  since: Date,
): Promise<boolean> {
  const rows = await q.query(
    `SELECT 1 FROM gov_login_known_clients
      WHERE user_id = $1 AND client = $2 AND last_success_at > $3`,
    [userId, client, since],
  );
  return rows.length > 0;
}

export async function rememberClient(
  q: Queryable,
  userId: string,
  client: string,
  at: Date,
): Promise<void> {
  await q.query(
    `INSERT INTO gov_login_known_clients (user_id, client, last_success_at) VALUES ($1, $2, $3)
     ON CONFLICT (user_id, client) DO UPDATE SET last_success_at = excluded.last_success_at`,
    [userId, client, at],
  );
}

export interface TokenListRow {
  readonly id: string;
  readonly userId: string;
  readonly label: string;
  readonly scopes: readonly string[];
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly revokedAt: Date | null;
}

export async function tokensOf(q: Queryable, userId: string): Promise<TokenListRow[]> {
  const rows = await q.query(
    `SELECT id, user_id, label, scopes, created_at, expires_at, revoked_at FROM gov_api_tokens
      WHERE user_id = $1 ORDER BY created_at`,
    [userId],
  );
  return rows.map(toTokenRow);
}

export async function tokenById(q: Queryable, id: string): Promise<TokenListRow | null> {
  const [r] = await q.query(
    `SELECT id, user_id, label, scopes, created_at, expires_at, revoked_at FROM gov_api_tokens
      WHERE id = $1`,
    [id],
  );
  return r === undefined ? null : toTokenRow(r);
}

function toTokenRow(row: Row): TokenListRow {
  const r = readRow(row, 'gov_api_tokens');
  return {
    id: r.str('id'),
    userId: r.str('user_id'),
    label: r.str('label'),
    scopes: r.strings('scopes'),
    createdAt: r.date('created_at'),
    expiresAt: r.date('expires_at'),
    revokedAt: r.dateOrNull('revoked_at'),
  };
}

export async function revokeToken(q: Queryable, id: string, at: Date): Promise<void> {
  await q.query('UPDATE gov_api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [
    id,
    at,
  ]);
}

export interface KeyListRow {
  readonly id: string;
  readonly userId: string;
  readonly publicKeyHex: string;
  readonly createdAt: Date;
  readonly revokedAt: Date | null;
}

export async function keysOf(q: Queryable, userId: string): Promise<KeyListRow[]> {
  const rows = await q.query(
    `SELECT id, user_id, public_key_hex, created_at, revoked_at FROM gov_signing_keys
      WHERE user_id = $1 ORDER BY created_at`,
    [userId],
  );
  return rows.map(toKeyRow);
}

export async function keyById(q: Queryable, id: string): Promise<KeyListRow | null> {
  const [r] = await q.query(
    'SELECT id, user_id, public_key_hex, created_at, revoked_at FROM gov_signing_keys WHERE id = $1',
    [id],
  );
  return r === undefined ? null : toKeyRow(r);
}

function toKeyRow(row: Row): KeyListRow {
  const r = readRow(row, 'gov_signing_keys');
  return {
    id: r.str('id'),
    userId: r.str('user_id'),
    publicKeyHex: r.str('public_key_hex'),
    createdAt: r.date('created_at'),
    revokedAt: r.dateOrNull('revoked_at'),
  };
}

export async function revokeKey(q: Queryable, id: string, at: Date): Promise<void> {
  await q.query(
    'UPDATE gov_signing_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL',
    [id, at],
  );
}

export async function serviceAccountIds(q: Queryable): Promise<string[]> {
  const rows = await q.query('SELECT user_id FROM gov_service_accounts');
  return rows.map((row) => readRow(row, 'gov_service_accounts').str('user_id'));
}

export async function isServiceAccount(q: Queryable, userId: string): Promise<boolean> {
  const rows = await q.query('SELECT 1 FROM gov_service_accounts WHERE user_id = $1', [userId]);
  return rows.length > 0;
}

export async function insertServiceAccount(
  q: Queryable,
  s: { userId: string; requestId: string; at: Date },
): Promise<void> {
  await q.query(
    'INSERT INTO gov_service_accounts (user_id, request_id, created_at) VALUES ($1, $2, $3)',
    [s.userId, s.requestId, s.at],
  );
}

export async function tokenHashTaken(q: Queryable, hash: Buffer): Promise<boolean> {
  const rows = await q.query('SELECT 1 FROM gov_api_tokens WHERE token_hash = $1', [hash]);
  return rows.length > 0;
}
