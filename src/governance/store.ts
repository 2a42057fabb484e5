import type { z } from 'zod';
import { assert } from '../core/assert.ts';
import type { Json } from '../core/canonical.ts';
import { isAssetCode } from '../core/assets.ts';
import { ROLES, type Role } from '../core/identity.ts';
import type { Queryable, Row } from '../db/pool.ts';
import { readRow } from '../db/row.ts';
import type { ApprovalRequest, Vote } from './model.ts';
import { policySchema, quorumSchema, type Policy, type PolicyDocument } from './policy.ts';

/** SQL for the governance tables. Only the governance service calls these. */

/**
 * A jsonb document decoded by the schema that checked it before it was written: one that no longer
 * matches is a bug (a migration or a hand edit), so it asserts rather than returning a refusal.
 */
function decodeWith<T>(schema: z.ZodType<T>): (value: Json, where: string) => T {
  return (value, where) => {
    const parsed = schema.safeParse(value);
    assert(parsed.success, `${where}: ${parsed.error?.message ?? ''}`);
    return parsed.data;
  };
}

function oneOfRoles(role: string, where: string): Role {
  const found = ROLES.find((r) => r === role);
  assert(found !== undefined, `${where}: not a role: ${role}`);
  return found;
}

export interface UserRow {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly organisationId: string | null;
  readonly passwordHash: string | null;
  readonly roles: readonly Role[];
  readonly disabled: boolean;
}

// gov_users.failed_logins and locked_until are no longer read or written: failed logins are
// counted in gov_login_counters (migration 0305, `login-limits.ts`).
const USER_COLUMNS = `id, username, display_name, organisation_id, password_hash, roles, disabled`;

function toUser(row: Row): UserRow {
  const r = readRow(row, 'gov_users');
  return {
    id: r.str('id'),
    username: r.str('username'),
    displayName: r.str('display_name'),
    organisationId: r.strOrNull('organisation_id'),
    passwordHash: r.strOrNull('password_hash'),
    roles: r.strings('roles').map((role) => oneOfRoles(role, 'gov_users.roles')),
    disabled: r.bool('disabled'),
  };
}

export async function userByName(q: Queryable, username: string): Promise<UserRow | null> {
  const [r] = await q.query(`SELECT ${USER_COLUMNS} FROM gov_users WHERE username = $1`, [
    username,
  ]);
  return r === undefined ? null : toUser(r);
}

export async function userById(q: Queryable, id: string): Promise<UserRow | null> {
  const [r] = await q.query(`SELECT ${USER_COLUMNS} FROM gov_users WHERE id = $1`, [id]);
  return r === undefined ? null : toUser(r);
}

export async function listUsers(q: Queryable): Promise<UserRow[]> {
  const rows = await q.query(`SELECT ${USER_COLUMNS} FROM gov_users ORDER BY username`);
  return rows.map(toUser);
}

export async function insertUser(
  q: Queryable,
  u: Omit<UserRow, 'disabled'>,
  at: Date,
): Promise<void> {
  await q.query(
    `INSERT INTO gov_users (id, username, display_name, organisation_id, password_hash, roles, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [u.id, u.username, u.displayName, u.organisationId, u.passwordHash, u.roles, at],
  );
}

export async function setRoles(q: Queryable, id: string, roles: readonly Role[]): Promise<void> {
  await q.query('UPDATE gov_users SET roles = $2 WHERE id = $1', [id, roles]);
}

export interface Organisation {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly kind: string;
}

export async function listOrganisations(q: Queryable): Promise<Organisation[]> {
  const rows = await q.query('SELECT id, code, name, kind FROM gov_organisations ORDER BY code');
  return rows.map((row) => {
    const r = readRow(row, 'gov_organisations');
    return { id: r.str('id'), code: r.str('code'), name: r.str('name'), kind: r.str('kind') };
  });
}

export async function insertOrganisation(q: Queryable, o: Organisation, at: Date): Promise<void> {
  await q.query(
    'INSERT INTO gov_organisations (id, code, name, kind, created_at) VALUES ($1, $2, $3, $4, $5)',
    [o.id, o.code, o.name, o.kind, at],
  );
}

export interface SessionRow {
  readonly userId: string;
  readonly csrfHash: Buffer;
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
  readonly expiresAt: Date;
  readonly revokedAt: Date | null;
}

export async function insertSession(
  q: Queryable,
  s: { tokenHash: Buffer; csrfHash: Buffer; userId: string; at: Date; expiresAt: Date },
): Promise<void> {
  await q.query(
    `INSERT INTO gov_sessions (token_hash, csrf_hash, user_id, created_at, last_seen_at, expires_at)
     VALUES ($1, $2, $3, $4, $4, $5)`,
    [s.tokenHash, s.csrfHash, s.userId, s.at, s.expiresAt],
  );
}

export async function sessionByHash(q: Queryable, hash: Buffer): Promise<SessionRow | null> {
  const [row] = await q.query(
    `SELECT user_id, csrf_hash, created_at, last_seen_at, expires_at, revoked_at
       FROM gov_sessions WHERE token_hash = $1`,
    [hash],
  );
  if (row === undefined) return null;
  const r = readRow(row, 'gov_sessions');
  return {
    userId: r.str('user_id'),
    csrfHash: r.bytes('csrf_hash'),
    createdAt: r.date('created_at'),
    lastSeenAt: r.date('last_seen_at'),
    expiresAt: r.date('expires_at'),
    revokedAt: r.dateOrNull('revoked_at'),
  };
}

export async function touchSession(q: Queryable, hash: Buffer, at: Date): Promise<void> {
  await q.query('UPDATE gov_sessions SET last_seen_at = $2 WHERE token_hash = $1', [hash, at]);
}

export async function revokeSession(q: Queryable, hash: Buffer, at: Date): Promise<void> {
  await q.query(
    'UPDATE gov_sessions SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL',
    [hash, at],
  );
}

export interface TokenRow {
  readonly id: string;
  readonly userId: string;
  readonly scopes: readonly string[];
  readonly expiresAt: Date;
  readonly revokedAt: Date | null;
}

export async function insertToken(
  q: Queryable,
  t: TokenRow & { tokenHash: Buffer; label: string; at: Date },
): Promise<void> {
  await q.query(
    `INSERT INTO gov_api_tokens (id, token_hash, user_id, label, scopes, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [t.id, t.tokenHash, t.userId, t.label, t.scopes, t.at, t.expiresAt],
  );
}

export async function tokenByHash(q: Queryable, hash: Buffer): Promise<TokenRow | null> {
  const [row] = await q.query(
    'SELECT id, user_id, scopes, expires_at, revoked_at FROM gov_api_tokens WHERE token_hash = $1',
    [hash],
  );
  if (row === undefined) return null;
  const r = readRow(row, 'gov_api_tokens');
  return {
    id: r.str('id'),
    userId: r.str('user_id'),
    scopes: r.strings('scopes'),
    expiresAt: r.date('expires_at'),
    revokedAt: r.dateOrNull('revoked_at'),
  };
}

export interface KeyRow {
  readonly id: string;
  readonly userId: string;
  readonly publicKeyHex: string;
}

export async function insertKey(q: Queryable, k: KeyRow, at: Date): Promise<void> {
  await q.query(
    'INSERT INTO gov_signing_keys (id, user_id, public_key_hex, created_at) VALUES ($1, $2, $3, $4)',
    [k.id, k.userId, k.publicKeyHex, at],
  );
}

export async function activeKeys(q: Queryable, userId: string): Promise<KeyRow[]> {
  const rows = await q.query(
    `SELECT id, user_id, public_key_hex FROM gov_signing_keys
      WHERE user_id = $1 AND revoked_at IS NULL ORDER BY created_at`,
    [userId],
  );
  return rows.map((row) => {
    const r = readRow(row, 'gov_signing_keys');
    return {
      id: r.str('id'),
      userId: r.str('user_id'),
      publicKeyHex: r.str('public_key_hex'),
    };
  });
}

export async function activePolicy(q: Queryable): Promise<Policy> {
  const [row] = await q.query(
    'SELECT version, document FROM gov_policies ORDER BY version DESC LIMIT 1',
  );
  if (row === undefined)
    throw new Error('no policy installed; Kazna installs version 1 at its start');
  const r = readRow(row, 'gov_policies');
  return { ...r.json('document', decodeWith(policySchema)), version: r.int('version') };
}

export async function insertPolicy(
  q: Queryable,
  p: {
    version: number;
    document: PolicyDocument;
    hash: string;
    requestId: string | null;
    at: Date;
  },
): Promise<void> {
  await q.query(
    `INSERT INTO gov_policies (version, document, document_hash, request_id, created_at)
     VALUES ($1, $2, $3, $4, $5)`,
    [p.version, JSON.stringify(p.document), p.hash, p.requestId, p.at],
  );
}

// The reporting currency is its policy version's, read beside the request (no join, so a
// `FOR UPDATE` locks the request row only).
const REQUEST_COLUMNS = `id, kind, content, request_hash, initiator_id, policy_version, rule_id,
  outcome, quorum, status, created_at, expires_at, quorum_reached_at, executable_at, value_reporting,
  (SELECT p.document->>'reportingCurrency' FROM gov_policies p
    WHERE p.version = policy_version) AS reporting_currency`;

function toRequest(row: Row): ApprovalRequest {
  const r = readRow(row, 'gov_approval_requests');
  return {
    id: r.str('id'),
    kind: r.str('kind'),
    content: r.jsonValue('content'),
    requestHash: r.str('request_hash'),
    initiatorId: r.str('initiator_id'),
    policyVersion: r.int('policy_version'),
    ruleId: r.strOrNull('rule_id'),
    outcome: r.oneOf('outcome', ['allow', 'block', 'quorum']),
    quorum: r.json('quorum', decodeWith(quorumSchema)),
    status: r.oneOf('status', ['pending', 'approved', 'rejected', 'blocked', 'executed']),
    createdAt: r.date('created_at'),
    expiresAt: r.date('expires_at'),
    quorumReachedAt: r.dateOrNull('quorum_reached_at'),
    executableAt: r.dateOrNull('executable_at'),
    value: valueOf(r.bigintOrNull('value_reporting'), r.strOrNull('reporting_currency')),
  };
}

function valueOf(units: bigint | null, currency: string | null): ApprovalRequest['value'] {
  if (units === null || currency === null) return null;
  assert(isAssetCode(currency), `gov_policies.reportingCurrency: ${currency} is not an asset`);
  return { currency, units };
}

export async function insertRequest(q: Queryable, r: ApprovalRequest): Promise<void> {
  await q.query(
    `INSERT INTO gov_approval_requests (id, kind, content, request_hash, initiator_id, policy_version,
       rule_id, outcome, quorum, value_reporting, status, created_at, expires_at, quorum_reached_at,
       executable_at, decided_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $14)`,
    [
      r.id,
      r.kind,
      JSON.stringify(r.content),
      r.requestHash,
      r.initiatorId,
      r.policyVersion,
      r.ruleId,
      r.outcome,
      JSON.stringify(r.quorum),
      r.value?.units ?? null,
      r.status,
      r.createdAt,
      r.expiresAt,
      r.quorumReachedAt,
      r.executableAt,
    ],
  );
}

export async function requestById(
  q: Queryable,
  id: string,
  lock = false,
): Promise<ApprovalRequest | null> {
  const [r] = await q.query(
    `SELECT ${REQUEST_COLUMNS} FROM gov_approval_requests WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return r === undefined ? null : toRequest(r);
}

export async function listRequests(
  q: Queryable,
  status: string | null,
  limit: number,
): Promise<ApprovalRequest[]> {
  const rows = await q.query(
    `SELECT ${REQUEST_COLUMNS} FROM gov_approval_requests
      WHERE ($1::text IS NULL OR status = $1) ORDER BY created_at DESC, id DESC LIMIT $2`,
    [status, limit],
  );
  return rows.map(toRequest);
}

export async function setRequestStatus(
  q: Queryable,
  id: string,
  s: { status: ApprovalRequest['status']; at: Date; quorumReachedAt?: Date; executableAt?: Date },
): Promise<void> {
  await q.query(
    `UPDATE gov_approval_requests SET status = $2, decided_at = $3,
       quorum_reached_at = COALESCE($4, quorum_reached_at), executable_at = COALESCE($5, executable_at)
     WHERE id = $1`,
    [id, s.status, s.at, s.quorumReachedAt ?? null, s.executableAt ?? null],
  );
}

/** Value requested in a window, excluding refused requests; the velocity rules read this. */
export async function valueInWindow(
  q: Queryable,
  w: { kind: string; initiatorId: string | null; from: Date },
): Promise<bigint> {
  // Approval requests and the direct movements the policy allowed count in the same window.
  const [row] = await q.query(
    `SELECT coalesce((SELECT SUM(value_reporting) FROM gov_approval_requests
              WHERE kind = $1 AND created_at >= $2 AND status NOT IN ('rejected', 'blocked')
                AND ($3::text IS NULL OR initiator_id = $3)), 0)
          + coalesce((SELECT SUM(value_reporting) FROM gov_clearances
              WHERE kind = $1 AND created_at >= $2 AND ($3::text IS NULL OR initiator_id = $3)), 0)
            AS total`,
    [w.kind, w.from, w.initiatorId],
  );
  return row === undefined
    ? 0n
    : (readRow(row, 'gov_approval_requests').bigintOrNull('total') ?? 0n);
}

/** Who signed a vote: a registered signing key or a passkey, exactly one. */
export interface VoteSigner {
  readonly keyId: string | null;
  readonly passkeyId: string | null;
  readonly signatureHex: string;
}

export interface VoteRow extends Vote, VoteSigner {
  readonly createdAt: Date;
}

export async function votesFor(q: Queryable, requestId: string): Promise<VoteRow[]> {
  const rows = await q.query(
    `SELECT user_id, decision, role, key_id, passkey_id, signature_hex, created_at
       FROM gov_approval_votes
      WHERE request_id = $1 ORDER BY created_at, user_id`,
    [requestId],
  );
  return rows.map((row) => {
    const r = readRow(row, 'gov_approval_votes');
    return {
      userId: r.str('user_id'),
      decision: r.oneOf('decision', ['approve', 'reject']),
      role: r.oneOfOrNull('role', ROLES),
      keyId: r.strOrNull('key_id'),
      passkeyId: r.strOrNull('passkey_id'),
      signatureHex: r.str('signature_hex'),
      createdAt: r.date('created_at'),
    };
  });
}

export async function insertVote(q: Queryable, requestId: string, v: VoteRow): Promise<void> {
  await q.query(
    `INSERT INTO gov_approval_votes
       (request_id, user_id, decision, role, key_id, passkey_id, signature_hex, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [requestId, v.userId, v.decision, v.role, v.keyId, v.passkeyId, v.signatureHex, v.createdAt],
  );
}

export async function insertExecution(
  q: Queryable,
  e: { requestId: string; executedBy: string; at: Date; result: Json },
): Promise<void> {
  await q.query(
    'INSERT INTO gov_executions (request_id, executed_by, executed_at, result) VALUES ($1, $2, $3, $4)',
    [e.requestId, e.executedBy, e.at, JSON.stringify(e.result)],
  );
}

export interface WhitelistRow {
  readonly id: string;
  readonly asset: string;
  readonly address: string;
  readonly label: string;
  readonly addedAt: Date;
  readonly usableFrom: Date;
}

export async function whitelistEntry(
  q: Queryable,
  asset: string,
  address: string,
): Promise<WhitelistRow | null> {
  const [r] = await q.query(
    'SELECT id, asset, address, label, added_at, usable_from FROM gov_whitelist WHERE asset = $1 AND address = $2',
    [asset, address],
  );
  return r === undefined ? null : toWhitelist(r);
}

function toWhitelist(row: Row): WhitelistRow {
  const r = readRow(row, 'gov_whitelist');
  return {
    id: r.str('id'),
    asset: r.str('asset'),
    address: r.str('address'),
    label: r.str('label'),
    addedAt: r.date('added_at'),
    usableFrom: r.date('usable_from'),
  };
}

export async function listWhitelist(q: Queryable): Promise<WhitelistRow[]> {
  const rows = await q.query(
    'SELECT id, asset, address, label, added_at, usable_from FROM gov_whitelist ORDER BY added_at',
  );
  return rows.map(toWhitelist);
}

export async function insertWhitelist(
  q: Queryable,
  w: WhitelistRow & { requestId: string },
): Promise<void> {
  await q.query(
    `INSERT INTO gov_whitelist (id, asset, address, label, request_id, added_at, usable_from)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [w.id, w.asset, w.address, w.label, w.requestId, w.addedAt, w.usableFrom],
  );
}

export interface ClearanceRow {
  readonly id: string;
  readonly kind: string;
  readonly initiatorId: string;
  readonly asset: string;
  readonly amount: bigint;
  readonly valueReporting: bigint | null;
  readonly fromOwner: string;
  readonly toOwner: string;
  readonly policyVersion: number;
  readonly ruleId: string;
  readonly at: Date;
}

export async function insertClearance(q: Queryable, c: ClearanceRow): Promise<void> {
  await q.query(
    `INSERT INTO gov_clearances (id, kind, initiator_id, asset, amount, value_reporting,
       from_owner, to_owner, policy_version, rule_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      c.id,
      c.kind,
      c.initiatorId,
      c.asset,
      c.amount.toString(),
      c.valueReporting?.toString() ?? null,
      c.fromOwner,
      c.toOwner,
      c.policyVersion,
      c.ruleId,
      c.at,
    ],
  );
}
