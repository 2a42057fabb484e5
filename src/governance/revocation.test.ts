import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Json } from '../core/canonical.ts';
import { SYSTEM } from '../core/identity.ts';
import { testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import { canonicalBytes } from '../../verifier/src/canonical.ts';
import { verifyEd25519 } from '../../verifier/src/signature.ts';
import { DEFAULT_POLICY } from './defaults.ts';
import {
  approver,
  installPolicy,
  RECORDING_REFUSALS,
  recordingExecutor,
  type Approver,
} from '../../test/support/governance.ts';

/**
 * Revoking API tokens and signing keys over HTTP: the owner revokes their own, the administrator
 * anyone's, nobody else; a revoked token is refused at its next request; a revoked key signs no new
 * vote, while the votes it signed before stay verifiable from the audit log.
 */
describe.each(testTargets())('credential revocation on $label PostgreSQL', (target) => {
  let k: TestKazna;
  let ic1: Approver;
  let ic2: Approver;
  let admin: Approver;
  const runs: Json[] = [];

  beforeAll(async () => {
    k = await testKazna(target);
    k.services.governance.registerExecutor(
      'test.move',
      recordingExecutor(runs),
      RECORDING_REFUSALS,
    );
    await installPolicy(k, {
      ...DEFAULT_POLICY,
      rules: [
        {
          id: 'move',
          match: { actions: ['test.move'] },
          outcome: {
            kind: 'quorum',
            quorum: { groups: [{ role: 'investment_committee', count: 2 }] },
          },
        },
      ],
    });
    ic1 = await approver(k, 'ic1', ['investment_committee']);
    ic2 = await approver(k, 'ic2', ['investment_committee']);
    admin = await approver(k, 'admin', ['administrator']);
  });
  afterAll(async () => {
    await k.close();
  });

  type Headers = Readonly<Record<string, string>>;
  const post = (url: string, headers: Headers, payload: object = {}) =>
    k.app.inject({ method: 'POST', url: `/api/v1${url}`, headers, payload });
  const get = (url: string, headers: Headers) => k.app.inject({ url: `/api/v1${url}`, headers });
  const code = (res: { json: () => unknown }) => (res.json() as { code?: string }).code;

  async function newToken(userId: string): Promise<{ id: string; headers: Headers }> {
    const t = await k.services.governance.issueToken(SYSTEM, {
      userId,
      label: 'script',
      scopes: ['governance.self'],
      expiresInSeconds: 3600,
    });
    if (!t.ok) throw new Error(t.message);
    return { id: t.value.id, headers: { authorization: `Bearer ${t.value.token}` } };
  }

  it('lets the owner revoke their token, which is refused at once', async () => {
    const t = await newToken(ic1.actor.id);
    expect((await get('/auth/me', t.headers)).statusCode).toBe(200);
    const listed = await get('/governance/credentials', ic1.headers);
    const tokens = listed.json<{ tokens: { id: string; revokedAt: string | null }[] }>().tokens;
    expect(tokens.find((x) => x.id === t.id)).toMatchObject({ revokedAt: null });
    expect(listed.body).not.toContain('token_hash');

    const revoked = await post(`/governance/tokens/${t.id}/revoke`, ic1.headers);
    expect(revoked.statusCode).toBe(200);
    const after = await get('/auth/me', t.headers);
    expect(after.statusCode).toBe(401);
    expect(code(after)).toBe('authentication_required');
    expect(code(await post(`/governance/tokens/${t.id}/revoke`, ic1.headers))).toBe(
      'token_already_revoked',
    );
    expect(code(await post('/governance/tokens/no-such-token/revoke', ic1.headers))).toBe(
      'token_not_found',
    );
  });

  it('lets the administrator revoke anyone’s token, and nobody else', async () => {
    const t = await newToken(ic1.actor.id);
    const byPeer = await post(`/governance/tokens/${t.id}/revoke`, ic2.headers);
    expect(byPeer.statusCode).toBe(403);
    expect(code(byPeer)).toBe('permission_denied');
    expect(
      (await get(`/governance/credentials?userId=${ic1.actor.id}`, ic2.headers)).statusCode,
    ).toBe(403);
    expect((await get('/auth/me', t.headers)).statusCode).toBe(200);
    const seen = await get(`/governance/credentials?userId=${ic1.actor.id}`, admin.headers);
    expect(seen.json<{ tokens: { id: string }[] }>().tokens.map((x) => x.id)).toContain(t.id);
    expect((await post(`/governance/tokens/${t.id}/revoke`, admin.headers)).statusCode).toBe(200);
    expect((await get('/auth/me', t.headers)).statusCode).toBe(401);
    const audit = await k.db.query<{ actor: string }>(
      "SELECT actor FROM audit_entries WHERE action = 'governance.token.revoked' ORDER BY seq",
    );
    expect(audit.map((a) => a.actor)).toEqual([ic1.actor.id, admin.actor.id]);
  });

  async function request(content: Json): Promise<{ id: string; requestHash: string }> {
    const res = await post('/governance/approvals', ic2.headers, { kind: 'test.move', content });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string; requestHash: string }>();
  }

  it('stops a revoked key from signing new votes; its earlier votes still verify', async () => {
    const first = await request({ n: 1 });
    const signature = ic1.sign(first.requestHash, 'approve');
    const voted = await post(`/governance/approvals/${first.id}/votes`, ic1.headers, {
      decision: 'approve',
      signatureHex: signature,
    });
    expect(voted.statusCode, voted.body).toBe(201);

    const keys = await get('/governance/credentials', ic1.headers);
    const key = keys.json<{ keys: { id: string; publicKeyHex: string }[] }>().keys[0]!;
    expect(key.publicKeyHex).toBe(ic1.publicKeyHex);
    expect(code(await post(`/governance/keys/${key.id}/revoke`, ic2.headers))).toBe(
      'permission_denied',
    );
    expect((await post(`/governance/keys/${key.id}/revoke`, ic1.headers)).statusCode).toBe(200);
    expect(code(await post(`/governance/keys/${key.id}/revoke`, admin.headers))).toBe(
      'signing_key_already_revoked',
    );
    // Hand-offs verify against the same list of active keys, which no longer holds it.
    expect(await k.services.governance.signingKeys(ic1.actor.id)).toEqual([]);

    const second = await request({ n: 2 });
    const refused = await post(`/governance/approvals/${second.id}/votes`, ic1.headers, {
      decision: 'approve',
      signatureHex: ic1.sign(second.requestHash, 'approve'),
    });
    expect(refused.statusCode).toBe(403);
    expect(code(refused)).toBe('signing_key_revoked');
    expect(
      await k.db.query('SELECT 1 FROM gov_approval_votes WHERE request_id = $1', [second.id]),
    ).toHaveLength(0);

    // The vote made before the revocation still verifies offline from its audit entry alone.
    const [row] = await k.db.query<{ entry: string }>(
      `SELECT entry FROM audit_entries
        WHERE action = 'governance.approval.signed' AND $1 = ANY (subjects)`,
      [first.id],
    );
    const p = (JSON.parse(row!.entry) as { payload: Record<string, string> }).payload;
    expect(p['publicKeyHex']).toBe(ic1.publicKeyHex);
    const message = canonicalBytes(JSON.parse(p['signedMessage']!) as Json);
    expect(verifyEd25519(p['publicKeyHex']!, message, p['signatureHex']!)).toBe(true);
    const revokedEntry = await k.db.query(
      "SELECT 1 FROM audit_entries WHERE action = 'governance.key.revoked'",
    );
    expect(revokedEntry).toHaveLength(1);
  });
});
