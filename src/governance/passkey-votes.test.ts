import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Json } from '../core/canonical.ts';
import { SYSTEM } from '../core/identity.ts';
import { verifyBundle } from '../../verifier/src/bundle.ts';
import { fromBase64url, toBase64url } from '../../verifier/src/evidence.ts';
import {
  approver,
  installPolicy,
  RECORDING_REFUSALS,
  recordingExecutor,
  type Approver,
} from '../../test/support/governance.ts';
import { loginAs, testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import { softAuthenticator, type SoftAuthenticator } from '../../test/support/webauthn.ts';
import { contentChallenge } from './content-signature.ts';
import { DEFAULT_POLICY } from './defaults.ts';
import { approvalMessage } from './model.ts';
import { LOCAL_RELYING_PARTY } from './service.ts';

/**
 * A committee member votes with a passkey through the API: the vote row names the passkey, the
 * audit entry keeps the assertion beside the signed message, and the standalone verifier checks it
 * from an exported bundle, finding one flipped byte of the signature or of the authenticator data.
 */
const PASSWORD = 'correct horse battery staple';
const RP = { origin: LOCAL_RELYING_PARTY.origin, rpId: LOCAL_RELYING_PARTY.id };

describe.each(testTargets())('votes signed with a passkey on $label PostgreSQL', (target) => {
  let k: TestKazna;
  let ic1: Approver;
  let ic2: Approver;
  let pia: { id: string; headers: Record<string, string>; auth: SoftAuthenticator };
  const runs: Json[] = [];

  const post = (url: string, payload: object, headers: Record<string, string>) =>
    k.app.inject({ method: 'POST', url: `/api/v1${url}`, payload, headers });

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
    const created = await k.services.governance.createUser(SYSTEM, {
      username: 'pia',
      displayName: 'Pia',
      organisationId: null,
      password: PASSWORD,
      roles: ['investment_committee'],
    });
    if (!created.ok) throw new Error(created.message);
    const s = await loginAs(k, 'pia', PASSWORD);
    const auth = softAuthenticator(RP);
    const options = (await post('/governance/passkeys/options', {}, s.headers)).json<{
      challenge: string;
      user: { id: string };
    }>();
    const reg = await post(
      '/governance/passkeys',
      { response: auth.register(options), label: 'laptop', password: PASSWORD },
      s.headers,
    );
    expect(reg.statusCode, reg.body).toBe(201);
    pia = { id: created.value.id, headers: s.headers, auth };
  });
  afterAll(async () => {
    await k.close();
  });

  async function request(): Promise<{ id: string; requestHash: string }> {
    const res = await post(
      '/governance/approvals',
      { kind: 'test.move', content: { n: runs.length } },
      ic1.headers,
    );
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  }

  const assertion = (requestHash: string, decision: 'approve' | 'reject' = 'approve') =>
    pia.auth.assert({ challenge: contentChallenge(approvalMessage(requestHash, decision)) });

  it('records a passkey vote and its evidence, which the exported bundle verifies', async () => {
    const r = await request();
    const res = await post(
      `/governance/approvals/${r.id}/votes`,
      {
        decision: 'approve',
        requestHash: r.requestHash,
        signature: { method: 'passkey', assertion: assertion(r.requestHash) },
      },
      pia.headers,
    );
    expect(res.statusCode, res.body).toBe(201);
    const [row] = await k.db.query<{ key_id: string | null; passkey_id: string | null }>(
      'SELECT key_id, passkey_id FROM gov_approval_votes WHERE request_id = $1',
      [r.id],
    );
    expect(row?.key_id).toBeNull();
    expect(row?.passkey_id).toMatch(/.+/);
    // The browser's key still votes as before; both kinds count toward one quorum.
    const byKey = await post(
      `/governance/approvals/${r.id}/votes`,
      { decision: 'approve', signatureHex: ic2.sign(r.requestHash, 'approve') },
      ic2.headers,
    );
    expect(byKey.statusCode, byKey.body).toBe(201);
    expect(byKey.json<{ status: string }>().status).toBe('approved');

    const bundle = await k.services.audit.exportBundle();
    const clean = verifyBundle(bundle);
    expect(clean.findings).toEqual([]);
    const at = bundle.entries.findIndex(
      (t) => t.includes('"governance.approval.signed"') && t.includes('"webauthn"'),
    );
    const entry = JSON.parse(bundle.entries[at]!) as {
      seq: string;
      payload: { signedMessage: string; signature: Record<string, string> };
    };
    expect(entry.payload.signedMessage).toBe(
      new TextDecoder().decode(approvalMessage(r.requestHash, 'approve')),
    );
    expect(entry.payload.signature).toMatchObject({ algorithm: 'webauthn', coseAlgorithm: -7 });

    for (const [field, byte] of [
      ['signature', 12],
      ['authenticatorData', 36],
    ] as const) {
      const value = entry.payload.signature[field]!;
      const bytes = fromBase64url(value)!;
      bytes[byte] = (bytes[byte] ?? 0) ^ 0x01;
      const entries = [...bundle.entries];
      entries[at] = entries[at]!.replace(value, toBase64url(bytes));
      const tampered = verifyBundle({ ...bundle, entries });
      const found = tampered.findings.filter((f) => f.code === 'signature_evidence_invalid');
      expect([field, found.map((f) => [f.seq, f.path, f.userId])]).toEqual([
        field,
        [[Number(entry.seq), 'payload.signature', pia.id]],
      ]);
      expect(tampered.ok).toBe(false);
    }
  });

  it('refuses a vote with both signatures, a passkey over the other decision, a replay', async () => {
    const r = await request();
    const both = await post(
      `/governance/approvals/${r.id}/votes`,
      {
        decision: 'approve',
        signatureHex: ic1.sign(r.requestHash, 'approve'),
        signature: { method: 'passkey', assertion: assertion(r.requestHash) },
      },
      pia.headers,
    );
    expect(both.statusCode).toBe(400);
    const vote = (a: unknown) =>
      post(
        `/governance/approvals/${r.id}/votes`,
        { decision: 'approve', signature: { method: 'passkey', assertion: a } },
        pia.headers,
      );
    const other = await vote(assertion(r.requestHash, 'reject'));
    expect(other.json()).toMatchObject({ code: 'passkey_response_invalid' });
    const a = assertion(r.requestHash);
    expect((await vote(a)).statusCode).toBe(201);
    const second = await request();
    const replay = await post(
      `/governance/approvals/${second.id}/votes`,
      { decision: 'approve', signature: { method: 'passkey', assertion: a } },
      pia.headers,
    );
    expect(replay.json()).toMatchObject({ code: 'passkey_response_invalid' });
  });
});
