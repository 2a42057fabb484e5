import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../core/clock.ts';
import { idSource } from '../core/ids.ts';
import { seededRandom } from '../core/random.ts';
import { SYSTEM } from './access.ts';
import { buildHttp } from './app.ts';
import {
  authHeaders,
  loginAs,
  testKazna,
  testTargets,
  type TestKazna,
} from '../../test/support/targets.ts';

const PASSWORD = 'correct horse battery staple';

describe.each(testTargets())('no-store on personal answers on $label PostgreSQL', (target) => {
  let k: TestKazna;
  beforeAll(async () => {
    k = await testKazna(target);
    const made = await k.services.governance.createUser(SYSTEM, {
      username: 'nina',
      displayName: 'Nina',
      organisationId: null,
      password: PASSWORD,
      roles: ['auditor'],
    });
    if (!made.ok) throw new Error(made.message);
  });
  afterAll(async () => {
    await k.close();
  });

  it('marks a login (cookie and CSRF token), me and logout no-store', async () => {
    const login = await k.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'nina', password: PASSWORD },
    });
    expect(login.statusCode).toBe(200);
    expect(login.headers['cache-control']).toBe('no-store');
    const session = await loginAs(k, 'nina', PASSWORD);
    const me = await k.app.inject({ url: '/api/v1/auth/me', headers: session.headers });
    expect(me.statusCode).toBe(200);
    expect(me.headers['cache-control']).toBe('no-store');
    const out = await k.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: session.headers,
    });
    expect(out.statusCode).toBe(204);
    expect(out.headers['cache-control']).toBe('no-store');
  });

  it('marks every answer to a bearer token no-store, refusals included', async () => {
    const headers = await authHeaders(k, 'auditor');
    for (const url of ['/api/v1/ledger/accounts', '/api/v1/audit/entries', '/api/v1/nope']) {
      const res = await k.app.inject({ url, headers });
      expect(res.headers['cache-control'], url).toBe('no-store');
    }
    const refused = await k.app.inject({
      url: '/api/v1/ledger/accounts',
      headers: { authorization: `Bearer ${'x'.repeat(40)}` },
    });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['cache-control']).toBe('no-store');
  });

  it('leaves anonymous answers to public routes cacheable', async () => {
    for (const url of ['/healthz', '/api/v1/openapi.json', '/api/v1/governance/organisations']) {
      const res = await k.app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBeUndefined();
    }
  });
});

describe('no-store and the web app', () => {
  it('keeps the static files’ own caching for a logged-in browser', async () => {
    const webDir = await mkdtemp(join(tmpdir(), 'kazna-web-'));
    await mkdir(join(webDir, 'assets'));
    await writeFile(join(webDir, 'index.html'), '<!doctype html><title>Kazna</title>');
    await writeFile(join(webDir, 'assets', 'app.js'), 'console.log(1);');
    const app = await buildHttp({
      logger: false,
      ids: idSource(manualClock(), seededRandom(1)),
      webDir,
      version: 'test',
      api: (api) => {
        api.get('/whoami', { config: { access: 'public' } }, () => ({ who: 'you' }));
      },
    });
    try {
      const cookie = { cookie: '__Host-kazna_session=abc' };
      const file = await app.inject({ url: '/assets/app.js', headers: cookie });
      expect(file.statusCode).toBe(200);
      expect(file.headers['cache-control']).not.toContain('no-store');
      const api = await app.inject({ url: '/api/v1/whoami', headers: cookie });
      expect(api.headers['cache-control']).toBe('no-store');
    } finally {
      await app.close();
    }
  });
});
