import type { FastifyReply, FastifyRequest } from 'fastify';
import type { KaznaApp } from '../http/app.ts';
import type { Access, Actor } from '../http/access.ts';
import { sendProblem } from '../http/problem.ts';
import { readCookie, SESSION_COOKIE, sameHash, tokenHash } from './auth.ts';
import type { Identity } from './identity.ts';
import { can } from './matrix.ts';

/**
 * The guard every /api/v1 request passes before its handler (and before body validation, so a
 * refused caller learns nothing from validation errors). Deny by default: no declared access, no
 * entry; anonymous callers get 401 except on `public` routes; callers without the action get 403.
 * Cookie sessions must echo their CSRF token on unsafe methods; bearer tokens need not.
 */
export interface RouteEntry {
  readonly method: string;
  readonly url: string;
  readonly access: Access | undefined;
  readonly hidden: boolean;
}

const ROUTES = new WeakMap<object, RouteEntry[]>();

/** Every route registered after the guard, for tests generated from the route table. */
export function routeTable(app: KaznaApp): readonly RouteEntry[] {
  return ROUTES.get(app) ?? [];
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

type Authenticated =
  | { readonly kind: 'none' }
  | { readonly kind: 'refused'; readonly reason: string }
  | { readonly kind: 'actor'; readonly actor: Actor; readonly csrfOk: boolean };

async function authenticate(request: FastifyRequest, identity: Identity): Promise<Authenticated> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header);
    if (match?.[1] === undefined)
      return { kind: 'refused', reason: 'malformed authorization header' };
    const r = await identity.bearer(match[1]);
    return r.ok
      ? { kind: 'actor', actor: r.value, csrfOk: true }
      : { kind: 'refused', reason: r.code };
  }
  const cookie = readCookie(request.headers.cookie, SESSION_COOKIE);
  if (cookie === null) return { kind: 'none' };
  const s = await identity.session(cookie);
  if (!s.ok) return { kind: 'refused', reason: s.code };
  const sent = request.headers['x-csrf-token'];
  const csrfOk =
    SAFE_METHODS.has(request.method) ||
    (typeof sent === 'string' && sameHash(tokenHash(sent), s.value.csrfHash));
  return { kind: 'actor', actor: s.value.actor, csrfOk };
}

function refuse(
  reply: FastifyReply,
  status: 401 | 403,
  code: string,
  detail: string,
): FastifyReply {
  if (status === 401) void reply.header('www-authenticate', 'Bearer, Cookie');
  return sendProblem(reply, status, code, detail);
}

export function governanceGuard(identity: Identity): (app: KaznaApp) => void {
  return (app) => {
    const routes: RouteEntry[] = [];
    ROUTES.set(app, routes);
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      const hidden = (route.schema as { hide?: boolean } | undefined)?.hide === true;
      for (const method of methods) {
        routes.push({ method, url: route.url, access: route.config?.access, hidden });
      }
    });
    app.addHook('onRequest', async (request, reply) => {
      const url = request.routeOptions.url;
      const access = request.routeOptions.config.access;
      // Outside /api/v1 only routes that declare an access are guarded (metrics, the API docs);
      // the web app's files and the health probes stay open.
      if (url?.startsWith('/api/v1/') !== true && access === undefined) return;
      const hidden = (request.routeOptions.schema as { hide?: boolean } | undefined)?.hide === true;
      if (access === undefined && hidden) return;
      const auth = await authenticate(request, identity);
      if (access === 'public') {
        if (auth.kind === 'actor' && auth.csrfOk) request.actor = auth.actor;
        return;
      }
      if (auth.kind === 'refused') {
        return refuse(reply, 401, 'authentication_required', `log in again (${auth.reason})`);
      }
      if (auth.kind === 'none')
        return refuse(reply, 401, 'authentication_required', 'log in first');
      if (!auth.csrfOk) {
        return refuse(reply, 403, 'csrf_token_invalid', 'send the x-csrf-token given at login');
      }
      if (access === undefined || !can(auth.actor, access)) {
        return refuse(reply, 403, 'permission_denied', 'your roles do not allow this action');
      }
      request.actor = auth.actor;
    });
  };
}
