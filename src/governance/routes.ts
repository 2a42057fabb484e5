import { ContentSignatureBody } from './content-signature.ts';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Json } from '../core/canonical.ts';
import { ACTIONS, ROLES } from '../core/identity.ts';
import type { Err } from '../core/result.ts';
import type { KaznaApp } from '../http/app.ts';
import { sendErr } from '../http/problem.ts';
import { isRefusal, type Refusal } from '../http/refusals.ts';
import { clearedSessionCookie, readCookie, SESSION_COOKIE, sessionCookie } from './auth.ts';
import { permissionsOf } from './matrix.ts';
import type { RequestView } from './approvals.ts';
import { credentialRoutes, withRetryAfter } from './credential-routes.ts';
import type { Governance } from './service.ts';
import { SERVICE_ACCOUNT_KIND, serviceAccountContent } from './service-accounts.ts';
import { visibleStatus } from './model.ts';
import { GOVERNANCE_STATUS, type GovernanceCode } from './statuses.ts';
import { NO_CONTENT, wire, PROBLEMS } from '../http/answers.ts';
import {
  AuthLoginPostJson,
  AuthMeJson,
  GovernanceOrganisationsJson,
  GovernanceUsersJson,
  GovernanceUsersPostJson,
  GovernanceUsersUnlockPostJson,
  GovernanceTokensPostJson,
  GovernanceKeysPostJson,
  GovernanceApprovalsJson,
  GovernanceApprovals2Json,
  GovernanceApprovalsPostJson,
  GovernanceServiceAccountsPostJson,
  GovernanceApprovalsVotesPostJson,
  GovernanceApprovalsExecutePostJson,
  GovernancePolicyJson,
  GovernancePolicyDryRunPostJson,
  GovernancePolicyDryRunRecentPostJson,
  GovernanceWhitelistJson,
} from './answers.ts';

/**
 * HTTP edge of governance. Each of its codes maps to one status (`GOVERNANCE_STATUS`); a refusal by
 * another domain's executor carries the status that domain registered its kind with.
 */
function fail(reply: FastifyReply, e: Err<GovernanceCode> | Refusal): FastifyReply {
  const status = isRefusal(e) ? e.status : GOVERNANCE_STATUS[e.code];
  return sendErr(withRetryAfter(reply, e), status, e);
}

const json = z.json() as z.ZodType<Json>;
const idParams = z.object({ id: z.string().min(1).max(64) });
const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

export function governanceRoutes(api: KaznaApp, gov: Governance, secondsLoggedIn: number): void {
  authRoutes(api, gov, secondsLoggedIn);
  accountRoutes(api, gov);
  approvalRoutes(api, gov);
  policyRoutes(api, gov);
  credentialRoutes(api, gov, secondsLoggedIn);
}

function authRoutes(api: KaznaApp, gov: Governance, secondsLoggedIn: number): void {
  api.post(
    '/auth/login',
    {
      config: { access: 'public' },
      schema: {
        body: z.strictObject({
          username: z.string().min(1).max(100),
          password: z.string().min(1).max(500),
        }),
        response: { 200: AuthLoginPostJson, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const r = await gov.login(request.body.username, request.body.password, request.ip);
      if (!r.ok) return fail(reply, r);
      // A fresh token at every login: any session id planted before login is worthless after it.
      void reply.header('set-cookie', sessionCookie(r.value.token, secondsLoggedIn));
      return wire({
        userId: r.value.userId,
        csrfToken: r.value.csrfToken,
        expiresAt: r.value.expiresAt,
      });
    },
  );
  api.post(
    '/auth/logout',
    {
      config: { access: 'governance.self' },
      schema: { response: { 204: NO_CONTENT, ...PROBLEMS } },
    },
    async (request, reply) => {
      const token = readCookie(request.headers.cookie, SESSION_COOKIE);
      if (token !== null) await gov.logout(token, request.actor);
      return reply.header('set-cookie', clearedSessionCookie()).code(204).send(null);
    },
  );
  api.get(
    '/auth/me',
    {
      config: { access: 'governance.self' },
      schema: { response: { 200: AuthMeJson, ...PROBLEMS } },
    },
    (request) =>
      wire({
        ...request.actor,
        permissions: permissionsOf(request.actor),
      }),
  );
}

function accountRoutes(api: KaznaApp, gov: Governance): void {
  api.get(
    '/governance/organisations',
    {
      config: { access: 'public' },
      schema: { response: { 200: GovernanceOrganisationsJson, ...PROBLEMS } },
    },
    async () => wire(await gov.organisations()),
  );
  api.get(
    '/governance/users',
    {
      config: { access: 'governance.users.manage' },
      schema: { response: { 200: GovernanceUsersJson, ...PROBLEMS } },
    },
    async () => wire((await gov.users()).map(({ passwordHash: _hidden, ...u }) => u)),
  );
  // People only: a machine user is a service account, created through an approval request.
  const newUser = z.strictObject({
    username: z.string().regex(/^[a-z0-9._-]{3,64}$/),
    displayName: z.string().min(1).max(200),
    organisationId: z.string().nullable(),
    password: z.string().min(1).max(500),
  });
  api.post(
    '/governance/users',
    {
      config: { access: 'governance.users.manage' },
      schema: {
        body: newUser,
        response: { 200: GovernanceUsersPostJson, 201: GovernanceUsersPostJson, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const r = await gov.createUser(request.actor, { ...request.body, roles: [] });
      return r.ok ? reply.code(201).send(wire(r.value)) : fail(reply, r);
    },
  );
  api.post(
    '/governance/users/:id/unlock',
    {
      config: { access: 'governance.users.manage' },
      schema: { params: idParams, response: { 200: GovernanceUsersUnlockPostJson, ...PROBLEMS } },
    },
    async (request, reply) => {
      const r = await gov.unlockAccount(request.actor, request.params.id);
      return r.ok ? wire(r.value) : fail(reply, r);
    },
  );
  tokenAndKeyRoutes(api, gov);
}

function tokenAndKeyRoutes(api: KaznaApp, gov: Governance): void {
  // A token is minted by its owner, for themself; `userId` is accepted only to refuse any other.
  const newToken = z.strictObject({
    userId: z.string().max(64).optional(),
    label: z.string().min(1).max(200),
    scopes: z.array(z.enum(ACTIONS)).min(1),
    expiresInSeconds: z
      .int()
      .min(60)
      .max(366 * 86400),
    password: z.string().min(1).max(500),
  });
  api.post(
    '/governance/tokens',
    {
      config: { access: 'governance.self' },
      schema: {
        body: newToken,
        response: { 200: GovernanceTokensPostJson, 201: GovernanceTokensPostJson, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const { userId, ...rest } = request.body;
      const r = await gov.issueToken(request.actor, {
        ...rest,
        userId: userId ?? request.actor.id,
      });
      return r.ok ? reply.code(201).send(wire(r.value)) : fail(reply, r);
    },
  );
  api.post(
    '/governance/keys',
    {
      config: { access: 'governance.self' },
      schema: {
        body: z.strictObject({ publicKeyHex: hex64, password: z.string().min(1).max(500) }),
        response: { 200: GovernanceKeysPostJson, 201: GovernanceKeysPostJson, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const r = await gov.registerKey(request.actor, { userId: request.actor.id, ...request.body });
      return r.ok ? reply.code(201).send(wire(r.value)) : fail(reply, r);
    },
  );
}

/** An approval request as the API shows it: its fields, its status now, its votes and tally. */
export function requestView(v: RequestView, now: Date): Record<string, unknown> {
  return show(v, now);
}

function show(v: RequestView, now: Date): Record<string, unknown> {
  return { ...v.request, status: visibleStatus(v.request, now), votes: v.votes, tally: v.tally };
}

function approvalRoutes(api: KaznaApp, gov: Governance): void {
  const now = (): Date => gov.now();
  api.get(
    '/governance/approvals',
    {
      config: { access: 'governance.approvals.read' },
      schema: {
        querystring: z.object({ status: z.string().optional() }),
        response: { 200: GovernanceApprovalsJson, ...PROBLEMS },
      },
    },
    async (request) =>
      wire((await gov.list(request.query.status ?? null)).map((v) => show(v, now()))),
  );
  api.get(
    '/governance/approvals/:id',
    {
      config: { access: 'governance.approvals.read' },
      schema: { params: idParams, response: { 200: GovernanceApprovals2Json, ...PROBLEMS } },
    },
    async (request, reply) => {
      const v = await gov.get(request.params.id);
      if (v === null)
        return fail(reply, { ok: false, code: 'request_not_found', message: 'no such request' });
      return wire(show(v, now()));
    },
  );
  api.post(
    '/governance/approvals',
    {
      config: { access: 'governance.approvals.request' },
      schema: {
        body: z.strictObject({ kind: z.string().min(1).max(100), content: json }),
        response: {
          200: GovernanceApprovalsPostJson,
          201: GovernanceApprovalsPostJson,
          ...PROBLEMS,
        },
      },
    },
    async (request, reply) => {
      const r = await gov.request(request.actor, request.body.kind, request.body.content);
      return r.ok ? reply.code(201).send(wire(show(r.value, now()))) : fail(reply, r);
    },
  );
  // The same request as `POST /governance/approvals` of kind SERVICE_ACCOUNT_KIND, typed.
  api.post(
    '/governance/service-accounts',
    {
      config: { access: 'governance.users.manage' },
      schema: {
        body: serviceAccountContent,
        response: {
          200: GovernanceServiceAccountsPostJson,
          201: GovernanceServiceAccountsPostJson,
          ...PROBLEMS,
        },
      },
    },
    async (request, reply) => {
      const r = await gov.request(request.actor, SERVICE_ACCOUNT_KIND, request.body);
      return r.ok ? reply.code(201).send(wire(show(r.value, now()))) : fail(reply, r);
    },
  );
  approvalDecisionRoutes(api, gov);
}

function approvalDecisionRoutes(api: KaznaApp, gov: Governance): void {
  const now = (): Date => gov.now();
  // Signed by a registered key (`signatureHex`) or either way (`signature`): exactly one of them.
  const voteBody = z
    .strictObject({
      decision: z.enum(['approve', 'reject']),
      signatureHex: z
        .string()
        .regex(/^[0-9a-f]{128}$/)
        .optional(),
      signature: ContentSignatureBody.optional(),
      requestHash: hex64.optional(),
      role: z.enum(ROLES).optional(),
    })
    .refine((b) => (b.signatureHex === undefined) !== (b.signature === undefined), {
      message: 'give exactly one of signatureHex and signature',
    });
  api.post(
    '/governance/approvals/:id/votes',
    {
      config: { access: 'governance.approvals.vote' },
      schema: {
        params: idParams,
        body: voteBody,
        response: {
          200: GovernanceApprovalsVotesPostJson,
          201: GovernanceApprovalsVotesPostJson,
          ...PROBLEMS,
        },
      },
    },
    async (request, reply) => {
      const { requestHash, role, decision, signatureHex, signature } = request.body;
      const r = await gov.vote(request.actor, request.params.id, {
        decision,
        signature: signature ?? { method: 'key', signatureHex: signatureHex ?? '' },
        ...(requestHash === undefined ? {} : { requestHash }),
        ...(role === undefined ? {} : { role }),
      });
      return r.ok ? reply.code(201).send(wire(show(r.value, now()))) : fail(reply, r);
    },
  );
  api.post(
    '/governance/approvals/:id/execute',
    {
      config: { access: 'governance.approvals.execute' },
      schema: {
        params: idParams,
        response: { 200: GovernanceApprovalsExecutePostJson, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const r = await gov.execute(request.actor, request.params.id);
      return r.ok
        ? wire({ request: show(r.value.request, now()), result: r.value.result })
        : fail(reply, r);
    },
  );
}

function policyRoutes(api: KaznaApp, gov: Governance): void {
  api.get(
    '/governance/policy',
    {
      config: { access: 'governance.policy.read' },
      schema: { response: { 200: GovernancePolicyJson, ...PROBLEMS } },
    },
    async () =>
      wire({
        policy: await gov.policy(),
        kinds: gov.kinds(),
      }),
  );
  api.post(
    '/governance/policy/dry-run',
    {
      config: { access: 'governance.policy.read' },
      schema: {
        body: z.strictObject({
          kind: z.string().min(1).max(100),
          content: json,
          policy: z.unknown().optional(),
        }),
        response: { 200: GovernancePolicyDryRunPostJson, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      let candidate;
      if (request.body.policy !== undefined) {
        const p = gov.parsePolicy(request.body.policy);
        if (!p.success) {
          return fail(reply, {
            ok: false,
            code: 'content_invalid',
            message: 'the candidate policy is not valid',
            detail: { issues: p.error.issues },
          });
        }
        candidate = { ...p.data, version: 0 };
      }
      return wire(
        await gov.dryRun(request.actor, request.body.kind, request.body.content, candidate),
      );
    },
  );
  // The candidate against the last requests people made: evaluation only, nothing recorded.
  api.post(
    '/governance/policy/dry-run-recent',
    {
      config: { access: 'governance.policy.read' },
      schema: {
        body: z.strictObject({ policy: z.unknown(), limit: z.int().min(1).max(50).optional() }),
        response: { 200: GovernancePolicyDryRunRecentPostJson, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const p = gov.parsePolicy(request.body.policy);
      if (!p.success) {
        return fail(reply, {
          ok: false,
          code: 'content_invalid',
          message: 'the candidate policy is not valid',
          detail: { issues: p.error.issues },
        });
      }
      const candidate = { ...p.data, version: 0 };
      return wire(await gov.dryRunRecent(candidate, request.body.limit ?? 20));
    },
  );
  api.get(
    '/governance/whitelist',
    {
      config: { access: 'governance.policy.read' },
      schema: { response: { 200: GovernanceWhitelistJson, ...PROBLEMS } },
    },
    async () => wire(await gov.whitelist()),
  );
}
