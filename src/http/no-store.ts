import type { FastifyReply, FastifyRequest } from 'fastify';
import type { KaznaApp } from './kazna-app.ts';

/**
 * No shared or browser cache may keep an answer meant for one caller. An answer is personal when the
 * request carried credentials (a bearer token or any cookie: the session is the only cookie Kazna
 * sets) or when the answer sets a cookie (a login, with its CSRF token, or a logout). Those get
 * `Cache-Control: no-store`, errors included.
 *
 * The web app's static files are the same for everyone and keep their own caching, or a logged-in
 * browser would fetch the whole bundle again on every page load. `@fastify/static` marks each of its
 * routes with `config.file`.
 */
export function isPersonal(request: FastifyRequest, reply: FastifyReply): boolean {
  const { authorization, cookie } = request.headers;
  return authorization !== undefined || cookie !== undefined || reply.hasHeader('set-cookie');
}

function isStaticFile(request: FastifyRequest): boolean {
  const config = request.routeOptions.config as { file?: unknown } | undefined;
  return typeof config?.file === 'string';
}

export function registerNoStore(app: KaznaApp): void {
  app.addHook('onSend', (request, reply, payload, done) => {
    if (isPersonal(request, reply) && !isStaticFile(request)) {
      void reply.header('cache-control', 'no-store');
    }
    done(null, payload);
  });
}
