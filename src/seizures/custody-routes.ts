import { z } from 'zod';
import type { KaznaApp } from '../http/app.ts';
import { sendErr } from '../http/problem.ts';
import type { Seizures } from './service.ts';
import { SEIZURES_STATUS } from './statuses.ts';
import { wire, PROBLEMS } from '../http/answers.ts';
import { ContentSignatureBody } from '../governance/content-signature.ts';
import {
  SeizuresHandoffsJson,
  SeizuresOfficersJson,
  HandoffProposalJson,
  HandoffSignedJson,
  SeizuresHandoffsProposalsCancelPostJson,
  SeizuresHandoffsPostJson,
  SeizuresLotsEarmarkPostJson,
} from './answers.ts';

/**
 * HTTP edge of custody: hand-offs between agencies and earmarking for the reserve. A hand-off is
 * proposed first (the server fixes its id and the canonical text), signed by both officers on their
 * own devices, and recorded with both signatures; Kazna never sees a private key.
 */
const signature = z.string().regex(/^[0-9a-f]{128}$/, 'an Ed25519 signature in lowercase hex');

const content = {
  lotIds: z.array(z.uuid()).min(1).max(100),
  fromOrganisationId: z.uuid(),
  toOrganisationId: z.uuid(),
  releasingOfficerId: z.uuid(),
  receivingOfficerId: z.uuid(),
  note: z.string().max(2000),
};

/** The page cursor of hand-offs, newest first: the last row's time and id. */
const handoffCursor = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  )
  .refine((c) => !Number.isNaN(Date.parse(c.slice(0, 24))), 'a valid time');

function parseCursor(c: string): { at: Date; id: string } {
  return { at: new Date(c.slice(0, 24)), id: c.slice(25) };
}

/** Completed hand-offs and proposals, newest first, a page at a time. */
function handoffListRoute(api: KaznaApp, s: Seizures): void {
  api.get(
    '/seizures/handoffs',
    {
      config: { access: 'seizures.read' },
      schema: {
        querystring: z.strictObject({
          lotId: z.uuid().optional(),
          state: z.enum(['pending', 'completed', 'cancelled']).optional(),
          after: handoffCursor.optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: SeizuresHandoffsJson, ...PROBLEMS },
      },
    },
    async (request) => {
      const { after, ...filter } = request.query;
      const handoffs = await s.handoffs(request.actor, {
        ...filter,
        ...(after === undefined ? {} : { after: parseCursor(after) }),
      });
      const last = handoffs.length === filter.limit ? handoffs.at(-1) : undefined;
      return wire({
        handoffs,
        next: last === undefined ? null : `${last.at.toISOString()}_${last.id}`,
      });
    },
  );
}

export function custodyRoutes(api: KaznaApp, s: Seizures): void {
  handoffListRoute(api, s);
  api.get(
    '/seizures/officers',
    {
      config: { access: 'seizures.custody.handoff' },
      schema: { response: { 200: SeizuresOfficersJson, ...PROBLEMS } },
    },
    async () =>
      wire({
        officers: await s.officers(),
      }),
  );
  api.post(
    '/seizures/handoffs/proposals',
    {
      config: { access: 'seizures.custody.handoff' },
      schema: {
        body: z.strictObject(content),
        response: { 200: HandoffProposalJson, 201: HandoffProposalJson, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const r = await s.proposeHandoff(request.actor, request.body);
      return r.ok
        ? reply.code(201).send(wire(r.value))
        : sendErr(reply, SEIZURES_STATUS[r.code], r);
    },
  );
  api.post(
    '/seizures/handoffs/proposals/:id/cancel',
    {
      config: { access: 'seizures.custody.handoff' },
      schema: {
        params: z.object({ id: z.uuid() }),
        body: z.strictObject({ reason: z.string().max(2000) }),
        response: {
          200: SeizuresHandoffsProposalsCancelPostJson,
          201: SeizuresHandoffsProposalsCancelPostJson,
          ...PROBLEMS,
        },
      },
    },
    async (request, reply) => {
      const r = await s.cancelHandoff(request.actor, {
        handoffId: request.params.id,
        reason: request.body.reason,
      });
      return r.ok
        ? reply.code(201).send(wire(r.value))
        : sendErr(reply, SEIZURES_STATUS[r.code], r);
    },
  );
  signatureRoute(api, s);
  custodyTransferRoutes(api, s);
}

/**
 * One officer's signature over a proposal, made in their own session with their key or passkey.
 * Being named by the proposal is what entitles them to sign (a receiving court registrar may not
 * propose hand-offs), so the route asks only that they may read seizures; the service checks the
 * name. The second signature records the hand-off.
 */
function signatureRoute(api: KaznaApp, s: Seizures): void {
  api.post(
    '/seizures/handoffs/proposals/:id/signatures',
    {
      config: { access: 'seizures.read' },
      schema: {
        params: z.object({ id: z.uuid() }),
        body: ContentSignatureBody,
        response: { 200: HandoffSignedJson, 201: HandoffSignedJson, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const r = await s.signHandoff(request.actor, {
        handoffId: request.params.id,
        signature: request.body,
      });
      return r.ok
        ? reply.code(201).send(wire(r.value))
        : sendErr(reply, SEIZURES_STATUS[r.code], r);
    },
  );
}

function custodyTransferRoutes(api: KaznaApp, s: Seizures): void {
  api.post(
    '/seizures/handoffs',
    {
      config: { access: 'seizures.custody.handoff' },
      schema: {
        body: z.strictObject({
          handoffId: z.uuid(),
          ...content,
          releasingSignatureHex: signature,
          receivingSignatureHex: signature,
        }),
        response: { 200: SeizuresHandoffsPostJson, 201: SeizuresHandoffsPostJson, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const r = await s.handoff(request.actor, request.body);
      return r.ok
        ? reply.code(201).send(wire(r.value))
        : sendErr(reply, SEIZURES_STATUS[r.code], r);
    },
  );
  api.post(
    '/seizures/lots/:id/earmark',
    {
      config: { access: 'seizures.custody.handoff' },
      schema: {
        params: z.object({ id: z.uuid() }),
        response: {
          200: SeizuresLotsEarmarkPostJson,
          201: SeizuresLotsEarmarkPostJson,
          ...PROBLEMS,
        },
      },
    },
    async (request, reply) => {
      const r = await s.earmark(request.actor, request.params.id);
      return r.ok
        ? reply.code(201).send(wire(r.value))
        : sendErr(reply, SEIZURES_STATUS[r.code], r);
    },
  );
}
