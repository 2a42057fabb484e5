import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../core/hash.ts';
import { SYSTEM } from '../core/identity.ts';
import { seededRandom } from '../core/random.ts';
import { loginAs, testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import { requestServiceAccount } from './service-account-cli.ts';
import { approver, type Approver } from '../../test/support/governance.ts';

/**
 * Nobody acts as somebody else: an API token is minted by its owner only, no governance route
 * hands out a credential for another person, and a machine gets its access only through an
 * approved service-account request whose token the server never sees. Every action taken with a
 * token carries the token's id on the actor.
 */
const PASSWORD = 'correct horse battery staple';
const KEY = 'ab'.repeat(32);

describe.each(testTargets())('credentials belong to their owner on $label PostgreSQL', (target) => {
  let k: TestKazna;
  let admin1: Approver;
  let admin2: Approver;
  let compliance: Approver;
  let officer: Approver;
  const ids: Record<string, string> = {};
  let ada: Record<string, string> = {};

  beforeAll(async () => {
    k = await testKazna(target);
    for (const [name, role] of [
      ['ada', 'administrator'],
      ['ivan', 'investment_officer'],
    ] as const) {
      const r = await k.services.governance.createUser(SYSTEM, {
        username: name,
        displayName: name,
        organisationId: null,
        password: PASSWORD,
        roles: [role],
      });
      if (!r.ok) throw new Error(r.message);
      ids[name] = r.value.id;
    }
    ada = (await loginAs(k, 'ada', PASSWORD)).headers;
    admin1 = await approver(k, 'admin1', ['administrator']);
    admin2 = await approver(k, 'admin2', ['administrator']);
    compliance = await approver(k, 'compliance1', ['compliance_officer']);
    officer = await approver(k, 'officer1', ['investment_officer']);
  });
  afterAll(async () => {
    await k.close();
  });

  type Headers = Readonly<Record<string, string>>;
  const post = (url: string, headers: Headers, payload: object = {}) =>
    k.app.inject({ method: 'POST', url: `/api/v1${url}`, headers, payload });
  const get = (url: string, headers: Headers) => k.app.inject({ url: `/api/v1${url}`, headers });
  const bearer = (token: string): Headers => ({ authorization: `Bearer ${token}` });
  const token = (extra: object) => ({
    label: 'script',
    scopes: ['governance.self'],
    expiresInSeconds: 3600,
    password: PASSWORD,
    ...extra,
  });

  async function written(): Promise<number[]> {
    const tables = ['gov_api_tokens', 'gov_signing_keys', 'gov_users', 'gov_passkeys'];
    const counts = await Promise.all(
      [...tables, 'audit_entries'].map(
        async (t) => (await k.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t}`))[0]?.n,
      ),
    );
    return counts.map((n) => n ?? -1);
  }

  it.each([
    {
      what: 'a token for another person, with their permissions',
      url: '/governance/tokens',
      body: () => token({ userId: ids['ivan'], scopes: ['ledger.transfer.create'] }),
      status: 403,
      code: 'token_for_another_user',
    },
    {
      what: 'a token for another person, with permissions the caller holds',
      url: '/governance/tokens',
      body: () => token({ userId: ids['ivan'] }),
      status: 403,
      code: 'token_for_another_user',
    },
    {
      what: 'a token with an action the caller does not hold',
      url: '/governance/tokens',
      body: () => token({ scopes: ['ledger.transfer.create'] }),
      status: 422,
      code: 'scope_not_held',
    },
    {
      what: 'a token confirmed with a wrong password',
      url: '/governance/tokens',
      body: () => token({ password: 'not the password' }),
      status: 403,
      code: 'password_wrong',
    },
    {
      what: 'a token without the password',
      url: '/governance/tokens',
      body: () => ({ label: 'x', scopes: ['governance.self'], expiresInSeconds: 3600 }),
      status: 400,
      code: 'request_invalid',
    },
    {
      what: 'a signing key for another person',
      url: '/governance/keys',
      body: () => ({ userId: ids['ivan'], publicKeyHex: KEY, password: PASSWORD }),
      status: 400,
      code: 'request_invalid',
    },
    {
      what: 'a machine user outside an approval request',
      url: '/governance/users',
      body: () => ({ username: 'bot', displayName: 'bot', organisationId: null, password: null }),
      status: 400,
      code: 'request_invalid',
    },
    {
      // Before: the foreign key refused the row, and the route answered 500.
      what: 'a user in no known organisation',
      url: '/governance/users',
      body: () => ({
        username: 'nowhere',
        displayName: 'Nowhere',
        organisationId: 'no-such-organisation',
        password: 'a long enough password',
      }),
      status: 404,
      code: 'organisation_not_found',
    },
  ])('refuses the administrator $what, writing nothing', async ({ url, body, status, code }) => {
    const before = await written();
    const res = await post(url, ada, body());
    expect(res.statusCode).toBe(status);
    expect(res.json()).toMatchObject({ code });
    expect(await written()).toEqual(before);
  });

  it('mints a token for its owner, whose every action carries the token id', async () => {
    const scopes = ['governance.self', 'governance.users.manage'];
    const res = await post('/governance/tokens', ada, token({ scopes }));
    expect(res.statusCode).toBe(201);
    const minted = res.json<{ id: string; token: string }>();
    const me = await get('/auth/me', bearer(minted.token));
    expect(me.json()).toMatchObject({ kind: 'token', id: ids['ada'], tokenId: minted.id, scopes });
    // A token narrows: it cannot mint a token with more than its own scopes.
    const wider = token({ scopes: ['governance.approvals.read'] });
    const widened = await post('/governance/tokens', bearer(minted.token), wider);
    expect(widened.json()).toMatchObject({ code: 'scope_not_held' });
    const revoked = await post(`/governance/tokens/${minted.id}/revoke`, bearer(minted.token));
    expect(revoked.statusCode).toBe(200);
    const entries = await k.db.query<{ actor: string; action: string; subjects: string[] }>(
      `SELECT actor, action, subjects FROM audit_entries
        WHERE action IN ('governance.token.issued', 'governance.token.revoked') AND $1 = ANY(subjects)`,
      [minted.id],
    );
    expect(entries).toEqual([
      { actor: ids['ada'], action: 'governance.token.issued', subjects: [minted.id, ids['ada']] },
      { actor: ids['ada'], action: 'governance.token.revoked', subjects: [minted.id, ids['ada']] },
    ]);
  });

  async function vote(a: Approver, requestId: string, hash: string) {
    const signatureHex = a.sign(hash, 'approve');
    return post(`/governance/approvals/${requestId}/votes`, a.headers, {
      decision: 'approve',
      signatureHex,
    });
  }

  it('creates a service account only once a second administrator and compliance approve', async () => {
    const address = await k.app.listen({ port: 0, host: '127.0.0.1' });
    const secretFile = join(await mkdtemp(join(tmpdir(), 'kazna-sa-')), 'bank-feed.token');
    const asked = await requestServiceAccount({
      server: address,
      apiToken: (admin1.headers['authorization'] ?? '').slice('Bearer '.length),
      secretFile,
      random: seededRandom(77),
      content: {
        username: 'bank-feed',
        displayName: 'Bank statement feed',
        organisationId: null,
        roles: ['investment_officer'],
        scopes: ['governance.self', 'ledger.read'],
        label: 'statements',
        expiresInSeconds: 30 * 86400,
      },
    });
    expect((await stat(secretFile)).mode & 0o777).toBe(0o600);
    const secret = (await readFile(secretFile, 'utf8')).trim();
    expect(asked.tokenSha256).toBe(sha256Hex(secret));
    const machine = bearer(secret);
    const view = (await get(`/governance/approvals/${asked.requestId}`, admin2.headers)).json<{
      requestHash: string;
      ruleId: string;
      status: string;
      content: { tokenSha256: string };
    }>();
    expect(view).toMatchObject({ ruleId: 'role-change', status: 'pending' });
    expect(view.content.tokenSha256).toBe(asked.tokenSha256);
    // The token itself is nowhere on the server.
    const leaks = await k.db.query('SELECT 1 FROM audit_entries WHERE strpos(entry, $1) > 0', [
      secret,
    ]);
    expect(leaks).toHaveLength(0);
    expect((await get('/auth/me', machine)).statusCode).toBe(401);

    const execute = () => post(`/governance/approvals/${asked.requestId}/execute`, officer.headers);
    expect((await vote(admin1, asked.requestId, view.requestHash)).json()).toMatchObject({
      code: 'approver_is_initiator',
    });
    expect((await vote(admin2, asked.requestId, view.requestHash)).statusCode).toBe(201);
    expect((await execute()).json()).toMatchObject({ code: 'quorum_not_reached' });
    expect((await vote(compliance, asked.requestId, view.requestHash)).statusCode).toBe(201);
    const done = await execute();
    expect(done.statusCode).toBe(200);
    const result = done.json<{ result: { userId: string; tokenId: string } }>().result;
    expect((await execute()).json()).toMatchObject({ code: 'already_executed' });

    const me = await get('/auth/me', machine);
    expect(me.json()).toMatchObject({
      kind: 'token',
      id: result.userId,
      tokenId: result.tokenId,
      roles: ['investment_officer'],
      permissions: ['ledger.read', 'governance.self'],
    });
    expect((await get('/ledger/accounts', machine)).statusCode).toBe(200);
    expect((await post('/ledger/transfers', machine, {})).json()).toMatchObject({
      code: 'permission_denied',
    });
    const login = await post('/auth/login', {}, { username: 'bank-feed', password: PASSWORD });
    expect(login.json()).toMatchObject({ code: 'login_failed' });
    const users = (await get('/governance/users', admin1.headers)).json<
      { username: string; serviceAccount: boolean }[]
    >();
    expect(users.find((u) => u.username === 'bank-feed')?.serviceAccount).toBe(true);
    expect(users.find((u) => u.username === 'ada')?.serviceAccount).toBe(false);
    const entries = await k.db.query<{ action: string; subjects: string[] }>(
      `SELECT action, subjects FROM audit_entries WHERE $1 = ANY(subjects)
          AND action IN ('governance.service_account.created', 'governance.token.issued')`,
      [result.userId],
    );
    expect(entries).toEqual([
      {
        action: 'governance.service_account.created',
        subjects: [result.userId, asked.requestId],
      },
      {
        action: 'governance.token.issued',
        subjects: [result.tokenId, result.userId, asked.requestId],
      },
    ]);
  });

  it.each([
    {
      what: 'scopes its roles do not hold',
      change: { scopes: ['ledger.transfer.create'] },
      status: 422,
      code: 'scope_not_held',
    },
    { what: 'a username in use', change: { username: 'ada' }, status: 409, code: 'username_taken' },
    {
      what: 'a token hash in use',
      change: { tokenSha256: 'used' },
      status: 409,
      code: 'token_hash_taken',
    },
    {
      what: 'an unknown organisation',
      change: { organisationId: 'nowhere' },
      status: 404,
      code: 'organisation_not_found',
    },
    { what: 'no role', change: { roles: [] }, status: 400, code: 'request_invalid' },
  ])(
    'refuses a service account with $what, recording nothing',
    async ({ change, status, code }) => {
      const [used] = await k.db.query<{ h: Buffer }>(
        "SELECT token_hash AS h FROM gov_api_tokens WHERE label = 'statements'",
      );
      const content = {
        username: 'other-feed',
        displayName: 'Other feed',
        organisationId: null,
        roles: ['compliance_officer'],
        scopes: ['compliance.read'],
        label: 'x',
        tokenSha256: 'cd'.repeat(32),
        expiresInSeconds: 3600,
        ...change,
      };
      if (content.tokenSha256 === 'used') content.tokenSha256 = used?.h.toString('hex') ?? '';
      const before = await written();
      const res = await post('/governance/service-accounts', admin1.headers, content);
      expect(res.statusCode).toBe(status);
      expect(res.json()).toMatchObject({ code });
      expect(await written()).toEqual(before);
    },
  );

  it('lets only user managers ask for a service account', async () => {
    const res = await post('/governance/service-accounts', compliance.headers, {});
    expect(res.json()).toMatchObject({ code: 'permission_denied' });
  });
});
