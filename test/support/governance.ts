import { ed25519 } from '@noble/curves/ed25519.js';
import { appendAudit } from '../../src/audit/append.ts';
import type { Json } from '../../src/core/canonical.ts';
import { sha256 } from '../../src/core/hash.ts';
import { SYSTEM, type Actor, type Role } from '../../src/core/identity.ts';
import { err, ok, type Result } from '../../src/core/result.ts';
import type { Tx } from '../../src/db/pool.ts';
import type { Kazna } from '../../src/kazna.ts';
import { permissionsOf } from '../../src/governance/matrix.ts';
import { approvalMessage, type Decision } from '../../src/governance/model.ts';
import { DEFAULT_POLICY } from '../../src/governance/defaults.ts';
import type { PolicyDocument } from '../../src/governance/policy.ts';

/**
 * Test fixtures for governance: approvers with Ed25519 keys held in the test (in real use the
 * private key stays on the approver's device), and a policy installed as the next version.
 */
export interface Approver {
  readonly actor: Actor;
  readonly secretKey: Uint8Array;
  readonly publicKeyHex: string;
  /** `authorization` header of an API token carrying all the approver's permissions. */
  readonly headers: Readonly<Record<string, string>>;
  sign(requestHash: string, decision: Decision): string;
}

export async function approver(
  k: Kazna,
  name: string,
  roles: readonly Role[],
  organisationId: string | null = null,
): Promise<Approver> {
  const gov = k.services.governance;
  const created = await gov.createUser(SYSTEM, {
    username: name,
    displayName: name,
    organisationId,
    password: null,
    roles,
  });
  if (!created.ok) throw new Error(created.message);
  const secretKey = sha256(new TextEncoder().encode(`test key of ${name}`));
  const publicKeyHex = Buffer.from(ed25519.getPublicKey(secretKey)).toString('hex');
  const key = await gov.registerKey(SYSTEM, {
    userId: created.value.id,
    publicKeyHex,
    password: null,
  });
  if (!key.ok) throw new Error(key.message);
  const actor: Actor = { kind: 'user', id: created.value.id, roles, organisationId };
  const token = await gov.issueToken(SYSTEM, {
    userId: actor.id,
    label: 'test',
    scopes: permissionsOf(actor),
    expiresInSeconds: 86400 * 30,
  });
  if (!token.ok) throw new Error(token.message);
  return {
    actor,
    headers: { authorization: `Bearer ${token.value.token}` },
    secretKey,
    publicKeyHex,
    sign: (hash, decision) =>
      Buffer.from(ed25519.sign(approvalMessage(hash, decision), secretKey)).toString('hex'),
  };
}

/**
 * Installs `doc` as the next policy version directly, with its audit entry (tests only; real
 * changes are approval requests under the admin quorum).
 */
export async function installPolicy(k: Kazna, doc: PolicyDocument): Promise<number> {
  return k.db.write(async (tx) => {
    const [row] = await tx.query<{ v: number }>(
      'SELECT COALESCE(MAX(version), 0) + 1 AS v FROM gov_policies',
    );
    const version = row?.v ?? 1;
    await tx.query(
      `INSERT INTO gov_policies (version, document, document_hash, request_id, created_at)
       VALUES ($1, $2, 'test', NULL, $3)`,
      [version, JSON.stringify(doc), k.clock.now()],
    );
    await appendAudit(tx, k.clock, {
      actor: 'test',
      action: 'governance.policy.activated',
      subjects: [`policy:${version}`],
      payload: { version, policy: doc as unknown as Json, installedBy: 'test fixture' },
    });
    return version;
  });
}

/** An executor that records what it ran, for counting executions. */
export function recordingExecutor(log: Json[]) {
  return (_tx: Tx, content: Json): Promise<Result<Json, 'test_failure'>> => {
    if (content !== null && typeof content === 'object' && 'fail' in content) {
      return Promise.resolve(err('test_failure', 'the test executor was told to fail'));
    }
    log.push(content);
    return Promise.resolve(ok({ ran: log.length }));
  };
}

/**
 * The status of the recording executor's one refusal, for registering it: a 409, not the 422 most
 * content refusals get, so a route that answered with anything but the registered status shows.
 */
export const RECORDING_REFUSALS = { refusals: { test_failure: 409 } } as const;

/**
 * For tests of the ledger's routes themselves (decimals, idempotency, statements): the default
 * policy with one rule first that lets the generic transfer route post directly. What the real
 * policy decides about those routes is tested in `src/ledger/policy-gate.test.ts`.
 */
export async function allowDirectPostings(k: Kazna): Promise<number> {
  return installPolicy(k, {
    ...DEFAULT_POLICY,
    rules: [
      {
        id: 'test-direct-postings',
        description: 'Tests of the ledger routes post directly.',
        match: { actions: ['ledger.transfer'] },
        outcome: { kind: 'allow' },
      },
      ...DEFAULT_POLICY.rules,
    ],
  });
}
