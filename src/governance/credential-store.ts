import type { Queryable } from '../db/pool.ts';

/**
 * SQL for the credentials beyond passwords and sessions: WebAuthn challenges and passkeys, failed
 * login attempts (the rate limit), and the revocation of API tokens and signing keys. Only the
 * governance service calls these.
 */

export type ChallengePurpose = 'registration' | 'login';

export interface ChallengeRow {
  readonly challenge: string;
  readonly purpose: ChallengePurpose;
  readonly userId: string | null;
  readonly expiresAt: Date;
}

export async function insertChallenge(q: Queryable, c: ChallengeRow & { at: Date }): Promise<void> {
  // Unused challenges are swept as new ones are issued, so the table stays small.
  await q.query('DELETE FROM gov_webauthn_challenges WHERE expires_at < $1', [c.at]);
  await q.query(
    `INSERT INTO gov_webauthn_challenges (challenge, purpose, user_id, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5)`,
    [c.challenge, c.purpose, c.userId, c.at, c.expiresAt],
  );
}

/** Deletes and returns the challenge: the first response to name it is the only one to find it. */
export async function consumeChallenge(
  q: Queryable,
  challenge: string,
  purpose: ChallengePurpose,
): Promise<ChallengeRow | null> {
  const [r] = await q.query(
    `DELETE FROM gov_webauthn_challenges WHERE challenge = $1 AND purpose = $2
     RETURNING challenge, purpose, user_id, expires_at`,
    [challenge, purpose],
  );
  if (r === undefined) return null;
  return {
    challenge: r['challenge'] as string,
    purpose: r['purpose'] as ChallengePurpose,
    userId: r['user_id'] as string | null,
    expiresAt: r['expires_at'] as Date,
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

function toPasskey(r: Record<string, unknown>): PasskeyRow {
  return {
    id: r['id'] as string,
    credentialId: r['credential_id'] as string,
    userId: r['user_id'] as string,
    publicKey: new Uint8Array(r['public_key'] as Buffer),
    counter: Number(r['counter']),
    transports: r['transports'] as string[],
    attestationFormat: r['attestation_format'] as string,
    aaguid: r['aaguid'] as string,
    label: r['label'] as string,
    createdAt: r['created_at'] as Date,
    revokedAt: r['revoked_at'] as Date | null,
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

export async function insertLoginFailure(
  q: Queryable,
  client: string,
  method: 'password' | 'passkey',
  at: Date,
): Promise<void> {
  await q.query('INSERT INTO gov_login_failures (client, method, at) VALUES ($1, $2, $3)', [
    client,
    method,
    at,
  ]);
}

/** Failed logins from a client since `from` (exclusive), over every Kazna process. */
export async function loginFailuresSince(
  q: Queryable,
  client: string,
  from: Date,
): Promise<number> {
  const [r] = await q.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM gov_login_failures WHERE client = $1 AND at > $2',
    [client, from],
  );
  return r?.n ?? 0;
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

function toTokenRow(r: Record<string, unknown>): TokenListRow {
  return {
    id: r['id'] as string,
    userId: r['user_id'] as string,
    label: r['label'] as string,
    scopes: r['scopes'] as string[],
    createdAt: r['created_at'] as Date,
    expiresAt: r['expires_at'] as Date,
    revokedAt: r['revoked_at'] as Date | null,
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

function toKeyRow(r: Record<string, unknown>): KeyListRow {
  return {
    id: r['id'] as string,
    userId: r['user_id'] as string,
    publicKeyHex: r['public_key_hex'] as string,
    createdAt: r['created_at'] as Date,
    revokedAt: r['revoked_at'] as Date | null,
  };
}

export async function revokeKey(q: Queryable, id: string, at: Date): Promise<void> {
  await q.query(
    'UPDATE gov_signing_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL',
    [id, at],
  );
}
