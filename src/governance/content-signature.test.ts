import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../audit/append.ts';
import { SYSTEM } from '../core/identity.ts';
import { loginAs, testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import {
  softAuthenticator,
  type SoftAlgorithm,
  type SoftAuthenticator,
} from '../../test/support/webauthn.ts';
import { ContentSignatureBody, contentChallenge, contentSigner } from './content-signature.ts';
import { LOCAL_RELYING_PARTY } from './service.ts';

/**
 * Signing an exact content with a passkey: a real WebAuthn assertion (P-256 or Ed25519, made by
 * the software authenticator) whose challenge is the content's SHA-256, checked against the
 * person's registered passkeys, with each refusal under its own code.
 */
const PASSWORD = 'correct horse battery staple';
const RP = { origin: LOCAL_RELYING_PARTY.origin, rpId: LOCAL_RELYING_PARTY.id };
const CONTENT = '{"decision":"approve","domain":"kazna.approval.v1","requestHash":"ab"}';
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

describe.each(testTargets())('content signatures by passkey on $label PostgreSQL', (target) => {
  let k: TestKazna;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    k = await testKazna(target);
    for (const name of ['pia', 'dan']) {
      const r = await k.services.governance.createUser(SYSTEM, {
        username: name,
        displayName: name,
        organisationId: null,
        password: PASSWORD,
        roles: ['investment_committee'],
      });
      if (!r.ok) throw new Error(r.message);
      ids[name] = r.value.id;
    }
  });
  afterAll(async () => {
    await k.close();
  });

  const post = (url: string, payload: object, headers: Record<string, string>) =>
    k.app.inject({ method: 'POST', url: `/api/v1${url}`, payload, headers });

  /** A passkey registered for `name` over HTTP, as the Security page does; returns its id. */
  async function enrolled(name: string, algorithm: SoftAlgorithm = 'ES256') {
    const auth = softAuthenticator(RP, algorithm);
    const s = await loginAs(k, name, PASSWORD);
    const options = (await post('/governance/passkeys/options', {}, s.headers)).json<{
      challenge: string;
      user: { id: string };
    }>();
    const response = auth.register(options);
    const reg = await post(
      '/governance/passkeys',
      { response, label: 'laptop', password: PASSWORD },
      s.headers,
    );
    expect(reg.statusCode).toBe(201);
    return { auth, id: reg.json<{ id: string }>().id, headers: s.headers };
  }

  function signed(
    auth: SoftAuthenticator,
    content: string,
    at: { uv?: boolean; counter?: number } = {},
  ) {
    const assertion = auth.assert({ challenge: contentChallenge(bytes(content)) }, at);
    return ContentSignatureBody.parse({ method: 'passkey', assertion });
  }

  /** Verifies as a command would: an accepted signature is recorded in the same transaction. */
  const verify = (userId: string, content: string, sig: ReturnType<typeof signed>) =>
    k.db.transaction(async (tx) => {
      const r = await contentSigner(LOCAL_RELYING_PARTY, k.clock).verify(
        tx,
        userId,
        bytes(content),
        sig,
      );
      if (r.ok) {
        await appendAudit(tx, k.clock, {
          actor: userId,
          action: 'test.content.signed',
          subjects: [userId],
          payload: { signedMessage: content, signature: { ...r.value } },
        });
      }
      return r;
    });

  it.each([
    ['ES256', -7],
    ['EdDSA', -8],
  ] as const)(
    'accepts a %s passkey’s assertion over the content, with its evidence',
    async (alg, cose) => {
      const { auth, id } = await enrolled('pia', alg);
      const sig = signed(auth, CONTENT);
      const r = await verify(ids['pia']!, CONTENT, sig);
      if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
      expect(r.value).toMatchObject({
        algorithm: 'webauthn',
        passkeyId: id,
        credentialId: auth.credentialId,
        coseAlgorithm: cose,
        rpId: RP.rpId,
        origin: RP.origin,
        challenge: contentChallenge(bytes(CONTENT)),
      });
      if (sig.method !== 'passkey' || r.value.algorithm !== 'webauthn') throw new Error('shape');
      expect(r.value.signature).toBe(sig.assertion.response.signature);
      // The use is appended like a login's: the same assertion again is a counter that did not rise.
      expect((await verify(ids['pia']!, CONTENT, sig)).ok).toBe(false);
      const uses = await k.db.query('SELECT 1 FROM gov_passkey_uses WHERE passkey_id = $1', [id]);
      expect(uses).toHaveLength(1);
    },
  );

  it('refuses another content, a missing user verification, another person’s passkey', async () => {
    const { auth } = await enrolled('pia');
    const other = await verify(ids['pia']!, `${CONTENT} `, signed(auth, CONTENT));
    expect(other).toMatchObject({ ok: false, code: 'passkey_response_invalid' });
    const noUv = await verify(ids['pia']!, CONTENT, signed(auth, CONTENT, { uv: false }));
    expect(noUv).toMatchObject({ ok: false, code: 'passkey_response_invalid' });
    const notHers = await verify(ids['dan']!, CONTENT, signed(auth, CONTENT));
    expect(notHers).toMatchObject({ ok: false, code: 'passkey_not_registered' });
    const unknown = await verify(ids['pia']!, CONTENT, signed(softAuthenticator(RP), CONTENT));
    expect(unknown).toMatchObject({ ok: false, code: 'passkey_not_registered' });
    expect(await verify(ids['pia']!, CONTENT, signed(auth, CONTENT))).toMatchObject({ ok: true });
  });

  it('refuses a revoked passkey and a counter that did not rise', async () => {
    const { auth, id, headers } = await enrolled('dan');
    expect((await verify(ids['dan']!, CONTENT, signed(auth, CONTENT, { counter: 5 }))).ok).toBe(
      true,
    );
    const replayed = await verify(ids['dan']!, CONTENT, signed(auth, CONTENT, { counter: 5 }));
    expect(replayed).toMatchObject({ ok: false, code: 'passkey_counter_regressed' });
    expect((await post(`/governance/passkeys/${id}/revoke`, {}, headers)).statusCode).toBe(200);
    const revoked = await verify(ids['dan']!, CONTENT, signed(auth, CONTENT));
    expect(revoked).toMatchObject({ ok: false, code: 'passkey_revoked' });
  });
});
