import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from './demo.ts';
import { DEMO_LOGINS } from './logins.ts';
import { testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import { DEMO_ORGANISATIONS } from './governance.ts';

describe.each(testTargets())('demo logins on $label PostgreSQL', (target) => {
  let k: TestKazna;
  beforeAll(async () => {
    k = await testKazna(target);
    await loadDemo(k, () => undefined);
  });
  afterAll(async () => {
    await k.close();
  });

  it('creates the organisations and lets every demo login in with its role', async () => {
    const orgs = await k.app.inject({ url: '/api/v1/governance/organisations' });
    expect(orgs.json<unknown[]>()).toHaveLength(DEMO_ORGANISATIONS.length);
    for (const login of DEMO_LOGINS) {
      const res = await k.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: login.username, password: login.password },
      });
      expect(res.statusCode, login.username).toBe(200);
      const cookie = String(res.headers['set-cookie']).split(';')[0]!;
      const me = await k.app.inject({ url: '/api/v1/auth/me', headers: { cookie } });
      expect(me.json(), login.username).toMatchObject({ roles: [login.role] });
      expect(me.json<{ organisationId: string | null }>().organisationId).not.toBeNull();
      k.clock.advance(61_000);
    }
  });
});
