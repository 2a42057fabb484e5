import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Err } from '../core/result.ts';
import type { KaznaApp } from '../http/app.ts';
import { sendErr } from '../http/problem.ts';
import { sessionCookie } from './auth.ts';
import type { Governance } from './service.ts';
import { GOVERNANCE_STATUS, type GovernanceCode } from './statuses.ts';
import { wire, PROBLEMS } from '../http/answers.ts';
import {
  AuthPasskeyOptionsPostJson,
  AuthPasskeyLoginPostJson,
  GovernancePasskeysOptionsPostJson,
  PasskeyViewJson,
  GovernanceCredentialsJson,
  GovernanceTokensRevokePostJson,
  GovernanceKeysRevokePostJson,
} from './answers.ts';

/**
 * HTTP edge of passkeys and of credential revocation. The WebAuthn responses are checked for shape
 * here (base64url fields of bounded size); everything they claim is verified by the service.
 */
function fail(reply: FastifyReply, e: Err<GovernanceCode>): FastifyReply {
  return sendErr(withRetryAfter(reply, e), GOVERNANCE_STATUS[e.code], e);
}

/** A refusal that says when to try again (a login limit, the challenge bound) sets `Retry-After`. */
export function withRetryAfter(reply: FastifyReply, e: Err<string>): FastifyReply {
  const seconds = e.detail?.['retryAfterSeconds'];
  return typeof seconds === 'number' ? reply.header('retry-after', String(seconds)) : reply;
}

const b64url = z
  .string()
  .max(16_000)
  .regex(/^[A-Za-z0-9_-]*$/);
const credentialBase = {
  id: b64url.min(16),
  rawId: b64url.min(16),
  type: z.literal('public-key'),
  clientExtensionResults: z.record(z.string(), z.unknown()),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
};
const registrationResponse = z.object({
  ...credentialBase,
  response: z.object({
    clientDataJSON: b64url,
    attestationObject: b64url,
    transports: z.array(z.string().max(32)).max(10).optional(),
  }),
});
const authenticationResponse = z.object({
  ...credentialBase,
  response: z.object({
    clientDataJSON: b64url,
    authenticatorData: b64url,
    signature: b64url,
    userHandle: b64url.optional(),
  }),
});
const idParams = z.object({ id: z.string().min(1).max(64) });
const userQuery = z.object({ userId: z.string().min(1).max(64).optional() });

export function credentialRoutes(api: KaznaApp, gov: Governance, secondsLoggedIn: number): void {
  passkeyLoginRoutes(api, gov, secondsLoggedIn);
  passkeyRoutes(api, gov);
  revocationRoutes(api, gov);
}

function passkeyLoginRoutes(api: KaznaApp, gov: Governance, secondsLoggedIn: number): void {
  api.post(
    '/auth/passkey/options',
    {
      config: { access: 'public' },
      schema: { response: { 200: AuthPasskeyOptionsPostJson, ...PROBLEMS } },
    },
    async (request, reply) => {
      const r = await gov.passkeyLoginOptions(request.ip);
      return r.ok ? wire(r.value) : fail(reply, r);
    },
  );
  api.post(
    '/auth/passkey/login',
    {
      config: { access: 'public' },
      schema: {
        body: z.strictObject({ response: authenticationResponse }),
        response: { 200: AuthPasskeyLoginPostJson, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      // The schema has checked the shape; the casts only restate it in the library's types.
      const response = request.body.response as AuthenticationResponseJSON;
      const r = await gov.loginWithPasskey(response, request.ip);
      if (!r.ok) return fail(reply, r);
      // As for a password login: a fresh session token, so a planted session id is worthless.
      void reply.header('set-cookie', sessionCookie(r.value.token, secondsLoggedIn));
      return wire({
        userId: r.value.userId,
        csrfToken: r.value.csrfToken,
        expiresAt: r.value.expiresAt,
      });
    },
  );
}

function passkeyRoutes(api: KaznaApp, gov: Governance): void {
  api.post(
    '/governance/passkeys/options',
    {
      config: { access: 'governance.self' },
      schema: { response: { 200: GovernancePasskeysOptionsPostJson, ...PROBLEMS } },
    },
    async (request, reply) => {
      const r = await gov.passkeyRegistrationOptions(request.actor, request.ip);
      return r.ok ? wire(r.value) : fail(reply, r);
    },
  );
  api.post(
    '/governance/passkeys',
    {
      config: { access: 'governance.self' },
      schema: {
        body: z.strictObject({
          response: registrationResponse,
          label: z.string().min(1).max(100),
          password: z.string().min(1).max(500),
        }),
        response: { 200: PasskeyViewJson, 201: PasskeyViewJson, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const { response, label, password } = request.body;
      const r = await gov.registerPasskey(request.actor, {
        response: response as RegistrationResponseJSON,
        label,
        password,
      });
      return r.ok ? reply.code(201).send(wire(r.value)) : fail(reply, r);
    },
  );
  api.post(
    '/governance/passkeys/:id/revoke',
    {
      config: { access: 'governance.self' },
      schema: { params: idParams, response: { 200: PasskeyViewJson, ...PROBLEMS } },
    },
    async (request, reply) => {
      const r = await gov.revokePasskey(request.actor, request.params.id);
      return r.ok ? wire(r.value) : fail(reply, r);
    },
  );
}

function revocationRoutes(api: KaznaApp, gov: Governance): void {
  api.get(
    '/governance/credentials',
    {
      config: { access: 'governance.self' },
      schema: { querystring: userQuery, response: { 200: GovernanceCredentialsJson, ...PROBLEMS } },
    },
    async (request, reply) => {
      const userId = request.query.userId ?? request.actor.id;
      const machine = await gov.credentialsOf(request.actor, userId);
      if (!machine.ok) return fail(reply, machine);
      const passkeys = await gov.passkeysOf(request.actor, userId);
      if (!passkeys.ok) return fail(reply, passkeys);
      return wire({ userId, passkeys: passkeys.value, ...machine.value });
    },
  );
  api.post(
    '/governance/tokens/:id/revoke',
    {
      config: { access: 'governance.self' },
      schema: { params: idParams, response: { 200: GovernanceTokensRevokePostJson, ...PROBLEMS } },
    },
    async (request, reply) => {
      const r = await gov.revokeToken(request.actor, request.params.id);
      return r.ok ? wire(r.value) : fail(reply, r);
    },
  );
  api.post(
    '/governance/keys/:id/revoke',
    {
      config: { access: 'governance.self' },
      schema: { params: idParams, response: { 200: GovernanceKeysRevokePostJson, ...PROBLEMS } },
    },
    async (request, reply) => {
      const r = await gov.revokeKey(request.actor, request.params.id);
      return r.ok ? wire(r.value) : fail(reply, r);
    },
  );
}
