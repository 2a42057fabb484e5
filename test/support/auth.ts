import { SYSTEM, type Role } from '../../src/core/identity.ts';
import { permissionsOf } from '../../src/governance/matrix.ts';
import type { Kazna } from '../../src/kazna.ts';

/**
 * Logins for tests that call routes through `app.inject`. `authHeaders(k, role)` creates (once per
 * Kazna and role) a user holding that role and an API token scoped to everything the role may do,
 * and returns the `authorization` header. `loginAs` opens a real cookie session instead.
 */
export interface TestUser {
  readonly userId: string;
  readonly headers: Readonly<Record<string, string>>;
}

const cache = new WeakMap<object, Map<string, Promise<TestUser>>>();
let counter = 0;

export function testUser(
  k: Kazna,
  role: Role,
  options: { organisationId?: string | null; name?: string } = {},
): Promise<TestUser> {
  const key = `${role}/${options.organisationId ?? ''}/${options.name ?? ''}`;
  const perKazna = cache.get(k) ?? new Map<string, Promise<TestUser>>();
  cache.set(k, perKazna);
  const found = perKazna.get(key);
  if (found !== undefined) return found;
  const made = makeUser(k, role, options.organisationId ?? null, options.name);
  perKazna.set(key, made);
  return made;
}

async function makeUser(
  k: Kazna,
  role: Role,
  organisationId: string | null,
  name?: string,
): Promise<TestUser> {
  const gov = k.services.governance;
  counter += 1;
  const username = name ?? `test-${role.replaceAll('_', '-')}-${counter}`;
  const user = await gov.createUser(SYSTEM, {
    username,
    displayName: username,
    organisationId,
    password: null,
    roles: [role],
  });
  if (!user.ok) throw new Error(user.message);
  const actor = { kind: 'user' as const, id: user.value.id, roles: [role], organisationId };
  const token = await gov.issueToken(SYSTEM, {
    userId: user.value.id,
    label: 'test',
    scopes: permissionsOf(actor),
    expiresInSeconds: 366 * 86400,
  });
  if (!token.ok) throw new Error(token.message);
  return { userId: user.value.id, headers: { authorization: `Bearer ${token.value.token}` } };
}

/** The `authorization` header of a test user holding `role`. */
export async function authHeaders(
  k: Kazna,
  role: Role,
  options: { organisationId?: string | null } = {},
): Promise<Record<string, string>> {
  return { ...(await testUser(k, role, options)).headers };
}

/** Logs in with a password through the real route; returns the cookie and CSRF headers. */
export async function loginAs(
  k: Kazna,
  username: string,
  password: string,
): Promise<{ cookie: string; csrf: string; headers: Record<string, string> }> {
  const res = await k.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password },
  });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.body}`);
  const setCookie = String(res.headers['set-cookie']);
  const cookie = setCookie.split(';')[0] ?? '';
  const csrf = res.json<{ csrfToken: string }>().csrfToken;
  return { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
}
