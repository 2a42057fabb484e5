import { z } from 'zod';
import { unreachable } from '../core/assert.ts';
import type { KaznaApp } from '../http/app.ts';
import { sendErr, sendProblem } from '../http/problem.ts';
import type { CosignError, ProofError, RotateError, WitnessError } from './model.ts';
import type { AuditService } from './service.ts';
import { wire, PROBLEMS } from '../http/answers.ts';
import {
  EntryPageJson,
  EntryViewJson,
  AuditCheckpointsJson,
  CheckpointViewJson,
  AuditKeysJson,
  KeyViewJson,
  AuditWitnessesJson,
  WitnessViewJson,
  AuditProofsInclusionJson,
  ConsistencyProofDocumentJson,
  BundleJson,
} from './answers.ts';

/**
 * The audit API. Keys, checkpoints and proofs are public: they are hashes and signatures that reveal
 * nothing private, and anyone must be able to check the log. Entries themselves need `audit.read`.
 * A witness submits its cosignature without an account: the signature itself authenticates it.
 */
const seqInt = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const hex = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`));

const EntriesQuery = z.object({
  action: z.string().min(1).max(200).optional(),
  subject: z.string().min(1).max(200).optional(),
  actor: z.string().min(1).max(200).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  cursor: seqInt.optional(),
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export function proofStatus(code: ProofError): number {
  switch (code) {
    case 'size_zero':
    case 'index_not_below_size':
    case 'old_size_exceeds_new_size':
      return 400;
    case 'size_exceeds_log':
      return 404;
    default:
      return unreachable(code);
  }
}

function cosignStatus(code: CosignError): number {
  switch (code) {
    case 'checkpoint_not_found':
    case 'witness_not_found':
      return 404;
    case 'cosignature_invalid':
      return 422;
    case 'cosignature_exists':
      return 409;
    default:
      return unreachable(code);
  }
}

function witnessStatus(code: WitnessError): number {
  switch (code) {
    case 'witness_key_invalid':
      return 400;
    case 'witness_exists':
      return 409;
    default:
      return unreachable(code);
  }
}

function rotateStatus(code: RotateError): number {
  // A total map: a new code without a status is a compile error, like an exhaustive switch.
  const statuses: Record<RotateError, number> = { log_key_managed_externally: 409 };
  return statuses[code];
}

export function auditRoutes(app: KaznaApp, audit: AuditService): void {
  const tags = ['audit'];
  app.get(
    '/audit/entries',
    {
      config: { access: 'audit.read' },
      schema: { tags, querystring: EntriesQuery, response: { 200: EntryPageJson, ...PROBLEMS } },
    },
    async (request) => {
      const q = request.query;
      return wire(
        await audit.entries({
          order: q.order,
          limit: q.limit,
          ...(q.action === undefined ? {} : { action: q.action }),
          ...(q.subject === undefined ? {} : { subject: q.subject }),
          ...(q.actor === undefined ? {} : { actor: q.actor }),
          ...(q.from === undefined ? {} : { from: q.from }),
          ...(q.to === undefined ? {} : { to: q.to }),
          ...(q.cursor === undefined ? {} : { cursor: q.cursor }),
        }),
      );
    },
  );
  app.get(
    '/audit/entries/:seq',
    {
      config: { access: 'audit.read' },
      schema: {
        tags,
        params: z.object({ seq: seqInt }),
        response: { 200: EntryViewJson, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const entry = await audit.entry(request.params.seq);
      if (entry === null)
        return sendProblem(reply, 404, 'entry_not_found', `no entry ${request.params.seq}`);
      return wire(entry);
    },
  );
  checkpointRoutes(app, audit);
  keyAndWitnessRoutes(app, audit);
  proofRoutes(app, audit);
}

function checkpointRoutes(app: KaznaApp, audit: AuditService): void {
  const tags = ['audit'];
  app.get(
    '/audit/checkpoints',
    {
      config: { access: 'public' },
      schema: {
        tags,
        querystring: z.object({
          before: seqInt.optional(),
          limit: z.coerce.number().int().min(1).max(500).default(50),
        }),
        response: { 200: AuditCheckpointsJson, ...PROBLEMS },
      },
    },
    async (request) =>
      wire({
        checkpoints: await audit.checkpoints({
          limit: request.query.limit,
          ...(request.query.before === undefined ? {} : { beforeSize: request.query.before }),
        }),
      }),
  );
  app.get(
    '/audit/checkpoints/latest',
    {
      config: { access: 'public' },
      schema: { tags, response: { 200: CheckpointViewJson, ...PROBLEMS } },
    },
    async (_request, reply) => {
      const latest = await audit.latestCheckpoint();
      if (latest === null)
        return sendProblem(reply, 404, 'checkpoint_not_found', 'no checkpoint has been made yet');
      return wire(latest);
    },
  );
  app.post(
    '/audit/checkpoints',
    {
      config: { access: 'audit.checkpoint' },
      schema: { tags, response: { 200: CheckpointViewJson, 201: CheckpointViewJson, ...PROBLEMS } },
    },
    async (request, reply) => reply.code(201).send(wire(await audit.checkpoint(request.actor))),
  );
  app.post(
    '/audit/checkpoints/:size/cosignatures',
    {
      config: { access: 'public' },
      schema: {
        tags,
        params: z.object({ size: seqInt }),
        body: z.object({ witnessId: z.string().min(1).max(64), signature: hex(64) }),
        response: { 200: CheckpointViewJson, 201: CheckpointViewJson, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const r = await audit.cosign(
        request.params.size,
        request.body.witnessId,
        request.body.signature,
      );
      if (!r.ok) return sendErr(reply, cosignStatus(r.code), r);
      return reply.code(201).send(wire(r.value));
    },
  );
}

function keyAndWitnessRoutes(app: KaznaApp, audit: AuditService): void {
  const tags = ['audit'];
  app.get(
    '/audit/keys',
    {
      config: { access: 'public' },
      schema: { tags, response: { 200: AuditKeysJson, ...PROBLEMS } },
    },
    async () =>
      wire({
        keys: await audit.keys(),
      }),
  );
  app.post(
    '/audit/keys/rotate',
    {
      config: { access: 'audit.keys.rotate' },
      schema: { tags, response: { 200: KeyViewJson, 201: KeyViewJson, ...PROBLEMS } },
    },
    async (request, reply) => {
      const r = await audit.rotateKey(request.actor);
      if (!r.ok) return sendErr(reply, rotateStatus(r.code), r);
      return reply.code(201).send(wire(r.value));
    },
  );
  app.get(
    '/audit/witnesses',
    {
      config: { access: 'public' },
      schema: { tags, response: { 200: AuditWitnessesJson, ...PROBLEMS } },
    },
    async () =>
      wire({
        witnesses: await audit.witnesses(),
      }),
  );
  app.post(
    '/audit/witnesses',
    {
      config: { access: 'audit.witness' },
      schema: {
        tags,
        body: z.object({ name: z.string().min(1).max(200), publicKey: z.string().max(64) }),
        response: { 200: WitnessViewJson, 201: WitnessViewJson, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const r = await audit.registerWitness(request.actor, request.body);
      if (!r.ok) return sendErr(reply, witnessStatus(r.code), r);
      return reply.code(201).send(wire(r.value));
    },
  );
}

function proofRoutes(app: KaznaApp, audit: AuditService): void {
  const tags = ['audit'];
  app.get(
    '/audit/proofs/inclusion',
    {
      config: { access: 'public' },
      schema: {
        tags,
        querystring: z.object({ index: seqInt, size: seqInt.optional() }),
        response: { 200: AuditProofsInclusionJson, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const r = await audit.inclusionProof(request.query.index, request.query.size);
      if (!r.ok) return sendErr(reply, proofStatus(r.code), r);
      return wire(r.value);
    },
  );
  app.get(
    '/audit/proofs/consistency',
    {
      config: { access: 'public' },
      schema: {
        tags,
        querystring: z.object({ from: seqInt, to: seqInt.optional() }),
        response: { 200: ConsistencyProofDocumentJson, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const r = await audit.consistencyProof(request.query.from, request.query.to);
      if (!r.ok) return sendErr(reply, proofStatus(r.code), r);
      return wire(r.value);
    },
  );
  app.get(
    '/audit/export',
    {
      config: { access: 'audit.read' },
      schema: {
        tags,
        querystring: z.object({ from: seqInt.optional(), to: seqInt.optional() }),
        response: { 200: BundleJson, ...PROBLEMS },
      },
    },
    async (request) =>
      wire(
        await audit.exportBundle({
          ...(request.query.from === undefined ? {} : { from: request.query.from }),
          ...(request.query.to === undefined ? {} : { to: request.query.to }),
        }),
      ),
  );
}
