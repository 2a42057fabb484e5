import type { Action, Actor } from '../core/identity.ts';

/**
 * Every route under /api/v1 declares who may call it, in its route `config.access`: either `public`
 * (no login, reveals nothing private) or an action from `ACTIONS` in `src/core/identity.ts`. The
 * governance domain maps roles to actions and enforces it on every request, denying by default;
 * `buildHttp` refuses to start if a route forgot to declare its access.
 */
export type Access = 'public' | Action;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    actor: Actor;
  }
}
