import { superuser } from '../../test/support/audit.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../core/identity.ts';
import { idSource } from '../core/ids.ts';
import { seededRandom } from '../core/random.ts';
import { createGovernance } from './service.ts';
import { loginAs, testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import { softAuthenticator, type SoftAuthenticator } from '../../test/support/webauthn.ts';

/**
 * Passkeys end to end over HTTP with a software authenticator doing real WebAuthn cryptography
 * (P-256 keys, CBOR attestation objects, ES256 signatures): registration, login and the session it
 * opens, and each refusal with its own code.
 */
const PASSWORD = 'correct horse battery staple';
const RP = { origin: 'http://localhost:3000', rpId: 'localhost' };

describe.each(testTargets())('passkeys on $label PostgreSQL', (target) => {
  let k: TestKazna;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    k = await testKazna(target);
    for (const name of ['pia', 'dan', 'eve']) {
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

  type Headers = Record<string, string>;
  const post = (url: string, payload: unknown, headers: Headers = {}, from = '127.0.0.1') =>
    k.app.inject({
      method: 'POST',
      url: `/api/v1${url}`,
      payload: payload as object,
      headers,
      remoteAddress: from,
    });

  async function enrol(
    name: string,
    auth: SoftAuthenticator,
    at: Partial<typeof RP> = {},
    password = PASSWORD,
  ) {
    const s = await loginAs(k, name, PASSWORD);
    const options = (await post('/governance/passkeys/options', {}, s.headers)).json<{
      challenge: string;
      user: { id: string };
    }>();
    const response = auth.register(options, at);
    return post('/governance/passkeys', { response, label: 'laptop', password }, s.headers);
  }

  async function passkeyLogin(
    auth: SoftAuthenticator,
    at: Parameters<SoftAuthenticator['assert']>[1] = {},
    from = '127.0.0.1',
  ) {
    const options = (await post('/auth/passkey/options', {}, {}, from)).json<{
      challenge: string;
    }>();
    return post('/auth/passkey/login', { response: auth.assert(options, at) }, {}, from);
  }

  const code = (res: { json: () => unknown }) => (res.json() as { code?: string }).code;

  it('registers a passkey and logs in with it into a session like a password one', async () => {
    const auth = softAuthenticator(RP);
    const reg = await enrol('pia', auth);
    expect(reg.statusCode).toBe(201);
    expect(reg.json()).toMatchObject({ credentialId: auth.credentialId, revokedAt: null });

    const res = await passkeyLogin(auth);
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    for (const flag of ['__Host-kazna_session=', 'HttpOnly', 'Secure', 'SameSite=Strict']) {
      expect(cookie).toContain(flag);
    }
    const session = cookie.split(';')[0]!;
    const { csrfToken, userId } = res.json<{ csrfToken: string; userId: string }>();
    expect(userId).toBe(ids['pia']);
    const me = await k.app.inject({ url: '/api/v1/auth/me', headers: { cookie: session } });
    expect(me.json()).toMatchObject({ id: ids['pia'], roles: ['investment_committee'] });
    // CSRF applies exactly as for a password session.
    expect(code(await post('/auth/logout', {}, { cookie: session }))).toBe('csrf_token_invalid');
    const out = await post('/auth/logout', {}, { cookie: session, 'x-csrf-token': csrfToken });
    expect(out.statusCode).toBe(204);

    const audit = await k.db.query<{ action: string; text: string }>(
      "SELECT action, entry::text AS text FROM audit_entries WHERE action LIKE 'governance.%'",
    );
    const actions = audit.map((a) => a.action);
    expect(actions).toContain('governance.passkey.registered');
    const logins = audit.filter((a) => a.text.includes('"method":"passkey"'));
    expect(logins.map((a) => a.action)).toEqual(['governance.login.succeeded']);
    // No secret reaches the log: neither the session token nor the CSRF token.
    const token = session.split('=')[1]!;
    expect(audit.some((a) => a.text.includes(token) || a.text.includes(csrfToken))).toBe(false);
  });

  it('refuses a passkey confirmed with the wrong password, or for another user’s challenge', async () => {
    const wrong = await enrol('eve', softAuthenticator(RP), {}, 'not the password!');
    expect(code(wrong)).toBe('password_wrong');
    const pia = await loginAs(k, 'pia', PASSWORD);
    const eve = await loginAs(k, 'eve', PASSWORD);
    const options = (await post('/governance/passkeys/options', {}, pia.headers)).json<{
      challenge: string;
      user: { id: string };
    }>();
    const response = softAuthenticator(RP).register(options);
    const stolen = await post(
      '/governance/passkeys',
      { response, label: 'x', password: PASSWORD },
      eve.headers,
    );
    expect(code(stolen)).toBe('passkey_challenge_unknown');
  });

  it('refuses a response from another origin or for another relying party', async () => {
    expect(
      code(await enrol('eve', softAuthenticator(RP), { origin: 'https://evil.example' })),
    ).toBe('passkey_origin_mismatch');
    expect(code(await enrol('eve', softAuthenticator(RP), { rpId: 'evil.example' }))).toBe(
      'passkey_rp_id_mismatch',
    );
    const auth = softAuthenticator(RP);
    expect((await enrol('eve', auth)).statusCode).toBe(201);
    expect(code(await passkeyLogin(auth, { origin: 'http://localhost:3001' }))).toBe(
      'passkey_origin_mismatch',
    );
    expect(code(await passkeyLogin(auth, { rpId: 'example.org' }))).toBe('passkey_rp_id_mismatch');
    expect((await passkeyLogin(auth)).statusCode).toBe(200);
  });

  it('uses a challenge once, and only within five minutes', async () => {
    k.clock.advance(61_000);
    const auth = softAuthenticator(RP);
    expect((await enrol('eve', auth)).statusCode).toBe(201);
    const options = (await post('/auth/passkey/options', {})).json<{ challenge: string }>();
    const response = auth.assert(options);
    expect((await post('/auth/passkey/login', { response })).statusCode).toBe(200);
    const replay = await post('/auth/passkey/login', { response });
    expect(replay.statusCode).toBe(401);
    expect(code(replay)).toBe('passkey_challenge_unknown');

    const late = (await post('/auth/passkey/options', {})).json<{ challenge: string }>();
    k.clock.advance(301_000);
    expect(code(await post('/auth/passkey/login', { response: auth.assert(late) }))).toBe(
      'passkey_challenge_expired',
    );
  });

  it('refuses a counter that does not rise (a cloned authenticator), and audits it', async () => {
    k.clock.advance(61_000);
    const auth = softAuthenticator(RP);
    expect((await enrol('eve', auth)).statusCode).toBe(201);
    expect((await passkeyLogin(auth, { counter: 7 })).statusCode).toBe(200);
    const clone = await passkeyLogin(auth, { counter: 7 });
    expect(clone.statusCode).toBe(401);
    expect(clone.json()).toMatchObject({
      code: 'passkey_counter_regressed',
      evidence: { storedCounter: 7, reportedCounter: 7 },
    });
    expect(code(await passkeyLogin(auth, { counter: 3 }))).toBe('passkey_counter_regressed');
    expect((await passkeyLogin(auth, { counter: 8 })).statusCode).toBe(200);
    const refused = await k.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_entries WHERE action = 'governance.passkey.login_refused'
         AND entry::text LIKE '%passkey_counter_regressed%'`,
    );
    expect(refused[0]?.n).toBe(2);
  });

  it('refuses a tampered signature, an unknown passkey and a revoked one', async () => {
    k.clock.advance(61_000);
    const auth = softAuthenticator(RP);
    const reg = await enrol('eve', auth);
    const options = (await post('/auth/passkey/options', {})).json<{ challenge: string }>();
    const response = auth.assert(options) as { response: { signature: string } };
    const sig = Buffer.from(response.response.signature, 'base64url');
    sig[sig.length - 1]! ^= 1;
    response.response.signature = sig.toString('base64url');
    expect(code(await post('/auth/passkey/login', { response }))).toBe('passkey_response_invalid');

    expect(code(await passkeyLogin(softAuthenticator(RP)))).toBe('passkey_not_registered');

    const eve = await loginAs(k, 'eve', PASSWORD);
    const id = reg.json<{ id: string }>().id;
    const revoked = await post(`/governance/passkeys/${id}/revoke`, {}, eve.headers);
    expect(revoked.statusCode).toBe(200);
    expect(code(await post(`/governance/passkeys/${id}/revoke`, {}, eve.headers))).toBe(
      'passkey_already_revoked',
    );
    expect(code(await passkeyLogin(auth))).toBe('passkey_revoked');
    const listed = await k.app.inject({
      url: '/api/v1/governance/credentials',
      headers: eve.headers,
    });
    const mine = listed.json<{ passkeys: { id: string; revokedAt: string | null }[] }>().passkeys;
    expect(mine.find((p) => p.id === id)?.revokedAt).not.toBeNull();
  });

  it('refuses a passkey login into a disabled account', async () => {
    k.clock.advance(61_000);
    const auth = softAuthenticator(RP);
    expect((await enrol('dan', auth)).statusCode).toBe(201);
    // Behind the service's back, as the database's owner could (the app role would need an entry).
    await superuser(k.database.url, (c) =>
      c.query('UPDATE gov_users SET disabled = true WHERE id = $1', [ids['dan']]),
    );
    const res = await passkeyLogin(auth);
    expect(res.statusCode).toBe(403);
    expect(code(res)).toBe('account_disabled');
  });

  it('counts failed passkey logins towards the address limit, which holds back only strangers', async () => {
    k.clock.advance(61_000);
    const noisy = '10.0.0.7';
    const pia = { username: 'pia', password: PASSWORD };
    // pia has logged in from the noisy address before it got noisy; eve never has.
    expect((await post('/auth/login', pia, {}, noisy)).statusCode).toBe(200);
    const stranger = softAuthenticator(RP);
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 11; i++) codes.push(code(await passkeyLogin(stranger, {}, noisy)));
    expect(codes.slice(0, 10)).toEqual(Array<string>(10).fill('passkey_not_registered'));
    expect(codes[10]).toBe('rate_limited');
    const eve = await post('/auth/login', { username: 'eve', password: PASSWORD }, {}, noisy);
    expect(code(eve)).toBe('rate_limited');
    expect(Number(eve.headers['retry-after'])).toBeGreaterThan(0);
    expect((await post('/auth/login', pia, {}, noisy)).statusCode).toBe(200);
    // Another address is not held back at all.
    const elsewhere = { username: 'eve', password: PASSWORD };
    expect((await post('/auth/login', elsewhere, {}, '10.0.0.8')).statusCode).toBe(200);
    k.clock.advance(61_000);
    const later = await post('/auth/login', { username: 'eve', password: PASSWORD }, {}, noisy);
    expect(later.statusCode).toBe(200);
  });
});

describe.each(testTargets())('passkey challenges on $label PostgreSQL', (target) => {
  let k: TestKazna;

  beforeAll(async () => {
    k = await testKazna(target);
  });
  afterAll(async () => {
    await k.close();
  });

  const options = (from: string) =>
    k.app.inject({ method: 'POST', url: '/api/v1/auth/passkey/options', remoteAddress: from });
  const stored = async (from: string) =>
    (
      await k.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM gov_webauthn_challenges WHERE client = $1',
        [from],
      )
    )[0]?.n;

  it('answers a flood of anonymous option requests with at most the bound per address', async () => {
    const flood = await Promise.all(Array.from({ length: 500 }, () => options('10.0.0.9')));
    const statuses = flood.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(490);
    const refused = flood.find((r) => r.statusCode === 429);
    expect(refused?.headers['content-type']).toContain('application/problem+json');
    expect(refused?.json()).toMatchObject({ code: 'too_many_challenges' });
    expect(Number(refused?.headers['retry-after'])).toBe(300);
    expect(await stored('10.0.0.9')).toBe(10);
    // Another address is not held back; once the challenges expire they are purged.
    expect((await options('10.0.0.10')).statusCode).toBe(200);
    k.clock.advance(300_000);
    expect((await options('10.0.0.9')).statusCode).toBe(200);
    expect(await stored('10.0.0.9')).toBe(1);
    expect(await stored('10.0.0.10')).toBe(0);
  });

  it('bounds the outstanding challenges in all, over every address', async () => {
    k.clock.advance(300_000);
    const gov = createGovernance({
      db: k.db,
      clock: k.clock,
      ids: idSource(k.clock, seededRandom(5)),
      random: seededRandom(6),
      identity: { challengesPerClient: 2, challengesTotal: 5 },
    });
    const codes: string[] = [];
    for (let i = 0; i < 8; i++) {
      const r = await gov.passkeyLoginOptions(`10.1.0.${String(i)}`);
      codes.push(r.ok ? 'ok' : r.code);
    }
    expect(codes).toEqual([
      ...Array<string>(5).fill('ok'),
      ...Array<string>(3).fill('too_many_challenges'),
    ]);
  });
});
