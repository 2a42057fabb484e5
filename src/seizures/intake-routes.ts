import { z } from 'zod';
import type { FastifyReply } from 'fastify';
import type { Err } from '../core/result.ts';
import type { KaznaApp } from '../http/app.ts';
import { wire, PROBLEMS } from '../http/answers.ts';
import { sendErr } from '../http/problem.ts';
import {
  EvidenceStoredJson,
  EvidenceStoreJson,
  IntakeCheckJson,
  IntakeCsvCheckJson,
  IntakeCsvJson,
  SeizuresOperationsPostJson,
} from './answers.ts';
import { EVIDENCE_MAX_BYTES, storeEvidence } from './evidence.ts';
import type { Seizures } from './service.ts';
import { SEIZURES_STATUS, type SeizuresCode } from './statuses.ts';

/**
 * The routes the console's intake page works with: registering an operation, checking an intake
 * (or a CSV file of lots) before it is saved, importing a checked file, and the evidence store.
 */
export interface IntakeOptions {
  /** KAZNA_EVIDENCE_DIR; null: evidence files stay with the officer, only hashes are recorded. */
  readonly evidenceDir: string | null;
}

const lotText = z.strictObject({
  asset: z.string().max(10),
  chain: z.string().max(10),
  amount: z.string().max(100),
  addresses: z.array(z.string().max(200)).max(1000),
  txids: z.array(z.string().max(200)).max(1000).default([]),
  evidence: z
    .array(z.strictObject({ sha256: z.string().max(64), name: z.string().min(1).max(200) }))
    .max(100)
    .default([]),
  custodyKind: z.string().max(40),
  custodyRef: z.string().max(200),
});

/** The body of an intake, and of its check. */
export const intakeBody = z.strictObject({
  caseId: z.uuid(),
  seizedOn: z.iso.date(),
  exchangeId: z.uuid().nullable().default(null),
  note: z.string().max(2000).default(''),
  lots: z.array(lotText).min(1).max(500),
});

const CSV_MAX_BYTES = 2 * 1024 * 1024;
const csvBody = z.strictObject({ csv: z.string().min(1).max(CSV_MAX_BYTES) });

function fail(reply: FastifyReply, e: Err<SeizuresCode>): FastifyReply {
  return sendErr(reply, SEIZURES_STATUS[e.code], e);
}

/**
 * A raw body's bytes, kept out of sight of the input checks that walk every key and string of a
 * parsed body (a file is bytes, not text; walking a large buffer key by key would be slow).
 */
interface RawBody {
  readonly bytes?: Buffer;
}

function rawBody(bytes: Buffer): RawBody {
  return Object.defineProperty({}, 'bytes', { value: bytes, enumerable: false });
}

export function intakeRoutes(api: KaznaApp, s: Seizures, o: IntakeOptions): void {
  operationRoute(api, s);
  checkRoutes(api, s);
  evidenceRoutes(api, s, o);
}

function operationRoute(api: KaznaApp, s: Seizures): void {
  api.post(
    '/seizures/operations',
    {
      config: { access: 'seizures.intake' },
      schema: {
        body: z.strictObject({
          name: z.string().trim().min(1).max(200),
          agencies: z.array(z.string().trim().min(1).max(200)).min(1).max(20),
          legalBasis: z.string().trim().min(1).max(2000),
          startedOn: z.iso.date(),
          endedOn: z.iso.date().nullable().default(null),
          summary: z.string().max(4000).default(''),
          exchangeId: z.uuid().nullable().default(null),
          exchangesShutDown: z.number().int().min(0).max(1_000_000).nullable().default(null),
          volumeProcessedUsd: z
            .string()
            .regex(/^\d{1,30}$/)
            .nullable()
            .default(null),
        }),
        response: { 201: SeizuresOperationsPostJson, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const r = await s.createOperation(request.actor, request.body);
      return r.ok ? reply.code(201).send(wire(r.value)) : fail(reply, r);
    },
  );
}

function checkRoutes(api: KaznaApp, s: Seizures): void {
  api.post(
    '/seizures/intake/check',
    {
      config: { access: 'seizures.intake' },
      schema: { body: intakeBody, response: { 200: IntakeCheckJson, ...PROBLEMS } },
    },
    async (request, reply) => {
      const r = await s.checkIntake(request.body);
      return r.ok ? wire(r.value) : fail(reply, r);
    },
  );
  api.post(
    '/seizures/intake/csv/check',
    {
      config: { access: 'seizures.intake' },
      bodyLimit: CSV_MAX_BYTES * 2,
      schema: { body: csvBody, response: { 200: IntakeCsvCheckJson, ...PROBLEMS } },
    },
    async (request, reply) => {
      const r = await s.checkCsv(request.body.csv);
      return r.ok ? wire(r.value) : fail(reply, r);
    },
  );
  api.post(
    '/seizures/intake/csv',
    {
      config: { access: 'seizures.intake' },
      bodyLimit: CSV_MAX_BYTES * 2,
      schema: { body: csvBody, response: { 201: IntakeCsvJson, ...PROBLEMS } },
    },
    async (request, reply) => {
      const r = await s.importCsv(request.actor, request.body.csv);
      return r.ok ? reply.code(201).send(wire(r.value)) : fail(reply, r);
    },
  );
}

function evidenceRoutes(api: KaznaApp, s: Seizures, o: IntakeOptions): void {
  api.addContentTypeParser(
    'application/octet-stream',
    { parseAs: 'buffer', bodyLimit: EVIDENCE_MAX_BYTES },
    (_request, body, done) => {
      done(null, rawBody(body as Buffer));
    },
  );
  api.get(
    '/seizures/evidence',
    {
      config: { access: 'seizures.intake' },
      schema: { response: { 200: EvidenceStoreJson, ...PROBLEMS } },
    },
    () => wire({ store: o.evidenceDir !== null, maxBytes: EVIDENCE_MAX_BYTES }),
  );
  api.put(
    '/seizures/evidence/:sha256',
    {
      config: { access: 'seizures.intake' },
      bodyLimit: EVIDENCE_MAX_BYTES,
      schema: {
        params: z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
        response: { 200: EvidenceStoredJson, 201: EvidenceStoredJson, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const bytes = (request.body as RawBody | undefined)?.bytes ?? Buffer.alloc(0);
      const { sha256 } = request.params;
      const r = await storeEvidence(o.evidenceDir, sha256, bytes);
      if (!r.ok) return fail(reply, r);
      if (r.value.created) await s.evidenceStored(request.actor, { sha256, bytes: bytes.length });
      const answer = { sha256, bytes: bytes.length, created: r.value.created };
      return reply.code(r.value.created ? 201 : 200).send(wire(answer));
    },
  );
}
