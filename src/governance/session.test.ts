import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../core/identity.ts';
import {
  loginAs,
  testKazna,
  testTargets,
  testUser,
  type TestKazna,
} from '../../test/support/targets.ts';

/**
 * Browser sessions and API tokens: cookie flags, CSRF, a new session at every login, logout, the
 * idle and absolute timeouts, the lockout after repeated failures, and the login rate limit.
 */
const PASSWORD = 'correct horse battery staple';

describe.each(testTargets())('sessions on $label PostgreSQL', (target) => {
  let k: TestKazna;
  let userId = '';

  beforeAll(async () => {
    k = await testKazna(target);
    const gov = k.services.governance;
    for (const name of ['alice', 'bob', 'carol']) {
      const r = await gov.createUser(SYSTEM, {
        username: name,
        displayName: name,
        organisationId: null,
        password: PASSWORD,
        roles: ['investment_officer'],
      });
      if (!r.ok) throw new Error(r.message);
      if (name === 'alice') userId = r.value.id;
    }
  });
  afterAll(async () => {
    await k.close();
  });

  function login(username: string, password: string, headers: Record<string, string> = {}) {
    return k.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password },
      headers,
    });
  }

  function me(headers: Record<string, string>) {
    return k.app.inject({ url: '/api/v1/auth/me', headers });
  }

  function logout(headers: Record<string, string>) {
    return k.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers });
  }

  it('sets an HttpOnly, Secure, SameSite=Strict host cookie holding a 256-bit token', async () => {
    const res = await login('alice', PASSWORD);
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^__Host-kazna_session=[A-Za-z0-9_-]{43};/);
    for (const flag of ['HttpOnly', 'Secure', 'SameSite=Strict', 'Path=/']) {
      expect(cookie).toContain(flag);
    }
    expect(cookie).not.toContain('Domain=');
    const body = res.json<{ userId: string; csrfToken: string }>();
    expect(body.userId).toBe(userId);
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Only hashes are stored.
    const token = cookie.split(';')[0]!.split('=')[1]!;
    const rows = await k.db.query<{ n: string }>(
      "SELECT count(*)::text AS n FROM gov_sessions WHERE encode(token_hash, 'escape') LIKE $1",
      [`%${token}%`],
    );
    expect(rows[0]?.n).toBe('0');
  });

  it('refuses an unsafe request without the CSRF token, and accepts it with the token', async () => {
    const s = await loginAs(k, 'alice', PASSWORD);
    expect((await me({ cookie: s.cookie })).statusCode).toBe(200);
    const without = await logout({ cookie: s.cookie });
    expect(without.statusCode).toBe(403);
    expect(without.json()).toMatchObject({ code: 'csrf_token_invalid' });
    const wrong = await logout({ cookie: s.cookie, 'x-csrf-token': 'A'.repeat(43) });
    expect(wrong.json()).toMatchObject({ code: 'csrf_token_invalid' });
    expect((await logout(s.headers)).statusCode).toBe(204);
  });

  it('issues a new session at login, whatever cookie the browser already had', async () => {
    const first = await loginAs(k, 'alice', PASSWORD);
    const again = await login('alice', PASSWORD, { cookie: first.cookie });
    const second = String(again.headers['set-cookie']).split(';')[0]!;
    expect(second).not.toBe(first.cookie);
    expect(again.json<{ csrfToken: string }>().csrfToken).not.toBe(first.csrf);
  });

  it('invalidates the session at logout', async () => {
    const s = await loginAs(k, 'alice', PASSWORD);
    const out = await logout(s.headers);
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
    const after = await me({ cookie: s.cookie });
    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({ code: 'authentication_required' });
  });

  it('ends a session after 30 idle minutes and after 12 hours in all', async () => {
    const idle = await loginAs(k, 'alice', PASSWORD);
    k.clock.advance(29 * 60 * 1000);
    expect((await me({ cookie: idle.cookie })).statusCode).toBe(200);
    k.clock.advance(29 * 60 * 1000);
    expect((await me({ cookie: idle.cookie })).statusCode).toBe(200);
    k.clock.advance(30 * 60 * 1000);
    expect((await me({ cookie: idle.cookie })).statusCode).toBe(401);

    const busy = await loginAs(k, 'alice', PASSWORD);
    for (let minutes = 0; minutes < 12 * 60 - 20; minutes += 20) {
      k.clock.advance(20 * 60 * 1000);
      expect((await me({ cookie: busy.cookie })).statusCode).toBe(200);
    }
    k.clock.advance(20 * 60 * 1000);
    expect((await me({ cookie: busy.cookie })).statusCode).toBe(401);
  });

  it('locks an account after five failed logins, even against the right password', async () => {
    k.clock.advance(120 * 1000);
    const codes: string[] = [];
    for (let i = 0; i < 5; i++)
      codes.push((await login('bob', 'wrong password!')).json<{ code: string }>().code);
    expect(codes).toEqual(Array<string>(5).fill('login_failed'));
    const locked = await login('bob', PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({ code: 'account_locked' });
    expect(locked.headers['retry-after']).toBe(String(15 * 60));
    k.clock.advance(15 * 60 * 1000);
    expect((await login('bob', PASSWORD)).statusCode).toBe(200);
    // The lock is a security event with an entry; the single failures are only counted.
    const audit = await k.db.query<{ action: string }>(
      "SELECT action FROM audit_entries WHERE action LIKE 'governance.%login%' OR action LIKE 'governance.account.%'",
    );
    expect(audit.filter((a) => a.action === 'governance.account.locked')).toHaveLength(1);
    expect(audit.map((a) => a.action)).not.toContain('governance.login.failed');
  });

  it('shows a lock to the administrator, who can lift it', async () => {
    k.clock.advance(120 * 1000);
    const admin = await testUser(k, 'administrator');
    for (let i = 0; i < 6; i++) await login('carol', 'wrong password!');
    const users = await k.app.inject({ url: '/api/v1/governance/users', headers: admin.headers });
    const carol = users.json<{ username: string; lockedUntil: string | null }[]>();
    const until = new Date(k.clock.now().getTime() + 15 * 60 * 1000).toISOString();
    expect(carol.find((u) => u.username === 'carol')?.lockedUntil).toBe(until);
    expect(carol.find((u) => u.username === 'alice')?.lockedUntil).toBeNull();
    const unlock = (who: string) =>
      k.app.inject({
        method: 'POST',
        url: `/api/v1/governance/users/${who}/unlock`,
        headers: admin.headers,
      });
    expect((await unlock(userId)).json()).toMatchObject({ code: 'account_not_locked' });
    const carolId = (await k.services.governance.users()).find((u) => u.username === 'carol')?.id;
    expect((await unlock(carolId ?? '')).statusCode).toBe(200);
    expect((await login('carol', PASSWORD)).statusCode).toBe(200);
    const entries = await k.db.query<{ actor: string }>(
      "SELECT actor FROM audit_entries WHERE action = 'governance.account.unlocked'",
    );
    expect(entries.map((e) => e.actor)).toEqual([admin.userId]);
  });

  it('does not tell a missing user from a wrong password', async () => {
    k.clock.advance(120 * 1000);
    const missing = await login('nobody', PASSWORD);
    const wrong = await login('carol', 'not the password');
    expect(missing.statusCode).toBe(401);
    expect(missing.json<{ code: string }>().code).toBe(wrong.json<{ code: string }>().code);
  });

  it('limits failed logins from one address without locking out the accounts behind it', async () => {
    k.clock.advance(120 * 1000);
    const from = { remoteAddress: '10.0.0.1' };
    const attempt = (username: string, password: string) =>
      k.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username, password },
        ...from,
      });
    // alice has logged in from the address before; carol has not.
    expect((await attempt('alice', PASSWORD)).statusCode).toBe(200);
    const statuses: number[] = [];
    for (const name of ['n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7', 'n8', 'n9', 'n10', 'n11']) {
      statuses.push((await attempt(name, 'x')).statusCode);
    }
    expect(statuses).toEqual([...Array<number>(10).fill(401), 429]);
    expect((await attempt('carol', PASSWORD)).json()).toMatchObject({ code: 'rate_limited' });
    expect((await attempt('alice', PASSWORD)).statusCode).toBe(200);
    expect((await login('carol', PASSWORD)).statusCode).toBe(200);
    k.clock.advance(61 * 1000);
    expect((await attempt('carol', PASSWORD)).statusCode).toBe(200);
  });

  it('scopes and expires API tokens', async () => {
    const gov = k.services.governance;
    const t = await gov.issueToken(SYSTEM, {
      userId,
      label: 'reader',
      scopes: ['governance.self'],
      expiresInSeconds: 3600,
    });
    if (!t.ok) throw new Error(t.message);
    const auth = { authorization: `Bearer ${t.value.token}` };
    expect((await me(auth)).statusCode).toBe(200);
    const outOfScope = await k.app.inject({ url: '/api/v1/governance/policy', headers: auth });
    expect(outOfScope.statusCode).toBe(403);
    const tooMuch = await gov.issueToken(SYSTEM, {
      userId,
      label: 'admin',
      scopes: ['governance.users.manage'],
      expiresInSeconds: 3600,
    });
    expect(tooMuch.ok ? 'ok' : tooMuch.code).toBe('scope_not_held');
    k.clock.advance(3600 * 1000);
    expect((await me(auth)).statusCode).toBe(401);
  });
});
