import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, ROLES, type Role } from '../core/identity.ts';
import { authHeaders, testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import { routeTable } from './guard.ts';
import { roleCan } from './matrix.ts';

/**
 * Generated from the route table, so routes other domains add later are covered without an edit:
 * every /api/v1 route is called anonymously and as every role. Anonymous callers get 401 except on
 * public routes; roles without the route's action get 403; the refusals say nothing else.
 */
const PROBLEM_KEYS = ['code', 'detail', 'instance', 'status', 'title', 'type'];

function concrete(url: string): string {
  return url.replace(/:[A-Za-z0-9_]+/g, '01941f29-7c00-7da7-ae9c-000000000000').replace(/\*$/, 'x');
}

describe.each(testTargets())('access on every /api/v1 route on $label PostgreSQL', (target) => {
  let k: TestKazna;
  const headers = new Map<Role, Record<string, string>>();

  beforeAll(async () => {
    k = await testKazna(target);
    for (const role of ROLES) headers.set(role, await authHeaders(k, role));
  });
  afterAll(async () => {
    await k.close();
  });

  function apiRoutes() {
    return routeTable(k.app).filter((r) => r.url.startsWith('/api/v1/') && !r.hidden);
  }

  it('sees the routes, each with a declared access', () => {
    const routes = apiRoutes();
    expect(routes.length).toBeGreaterThan(15);
    for (const r of routes) {
      expect(r.access === 'public' || (ACTIONS as readonly string[]).includes(r.access ?? '')).toBe(
        true,
      );
    }
  });

  it('refuses anonymous callers with 401 except on public routes', async () => {
    for (const r of apiRoutes()) {
      const res = await k.app.inject({ method: r.method as 'GET', url: concrete(r.url) });
      const where = `${r.method} ${r.url}`;
      if (r.access === 'public') {
        expect(res.statusCode, where).not.toBe(401);
        expect(res.statusCode, where).not.toBe(403);
        continue;
      }
      expect(res.statusCode, where).toBe(401);
      if (r.method === 'HEAD') continue;
      expect(Object.keys(res.json<object>()).sort(), where).toEqual(PROBLEM_KEYS);
      expect(res.json(), where).toMatchObject({ code: 'authentication_required' });
    }
  });

  it('refuses each role without the route action with 403, and lets the others through', async () => {
    for (const r of apiRoutes()) {
      if (r.access === 'public' || r.access === undefined) continue;
      for (const role of ROLES) {
        const res = await k.app.inject({
          method: r.method as 'GET',
          url: concrete(r.url),
          headers: headers.get(role) ?? {},
        });
        const where = `${role} ${r.method} ${r.url}`;
        if (roleCan(role, r.access)) {
          expect(res.statusCode, where).not.toBe(401);
          if (res.statusCode === 403) {
            expect(res.json<{ code: string }>().code, where).not.toBe('permission_denied');
          }
          continue;
        }
        expect(res.statusCode, where).toBe(403);
        if (r.method === 'HEAD') continue;
        expect(Object.keys(res.json<object>()).sort(), where).toEqual(PROBLEM_KEYS);
        expect(res.json(), where).toMatchObject({ code: 'permission_denied' });
      }
    }
  });

  it('keeps the auditor read-only and the administrator away from money', () => {
    for (const action of ACTIONS) {
      const reads = action.endsWith('.read') || action === 'governance.self';
      if (!reads && action !== 'audit.witness')
        expect(roleCan('auditor', action), action).toBe(false);
    }
    const money = ACTIONS.filter((a) => /^(ledger|reserve|chain|seizures)\./.test(a));
    for (const action of money) expect(roleCan('administrator', action), action).toBe(false);
  });
});
