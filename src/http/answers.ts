import { z } from 'zod';
import type { FastifyReply } from 'fastify';
import { ASSET_CODES } from '../core/assets.ts';
import type { Json } from '../core/canonical.ts';
import { ACTIONS, ROLES } from '../core/identity.ts';
import { bigintReplacer } from './problem.ts';

/**
 * What the API answers, described once: every route declares its success schema and the problem it
 * answers on refusal, the serializer sends an answer through its schema (so a field that is not
 * declared never leaves the server), the OpenAPI document shows it, and the web app parses with the
 * same schemas. Bigints and dates travel as strings; `wire` converts and its type says so, so the
 * compiler checks each route's answer against its schema.
 */

/** RFC 9457 problem details with the stable `code`; extensions (evidence, errors) pass through. */
export const problemSchema = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string().optional(),
    instance: z.string().optional(),
  })
  .meta({ id: 'Problem' });

export type ProblemJson = z.infer<typeof problemSchema>;

/** The refusals every operation may answer (see the document's description); never a 5xx. */
export const PROBLEMS = { '4xx': problemSchema } as const;

/** Any JSON value (signed content, evidence, metadata), typed as the domain's read-only `Json`. */
export const jsonValue = z.json().meta({ id: 'Json' }) as unknown as z.ZodType<Json>;

/** The shared vocabulary every domain's answers carry, from the one list each is declared in. */
export const AssetCodeJson = z.enum(ASSET_CODES);
export const ActionJson = z.enum(ACTIONS);
export const RoleJson = z.enum(ROLES);

/** A type as it reaches the client: bigints become decimal strings, dates ISO strings. */
export type Wire<T> = [Json] extends [T]
  ? T
  : T extends bigint
    ? string
    : T extends Date
      ? string
      : T extends string | number | boolean | null | undefined
        ? T
        : T extends readonly unknown[]
          ? { -readonly [K in keyof T]: Wire<T[K]> }
          : T extends object
            ? { [K in keyof T]: Wire<T[K]> }
            : T;

/** Converts a value the way JSON sends it, bigints as decimal strings. */
export function wire<T>(x: T): Wire<T> {
  return JSON.parse(JSON.stringify(x, bigintReplacer)) as Wire<T>;
}

/** An answer without a body (204); the document shows a `null` schema as no content. */
export const NO_CONTENT = z.null().meta({ description: 'no content' });

/** A CSV (or other text) download: the body is text, not JSON. */
export const csvText = z.string().meta({ description: 'text in the declared content type' });

/** A binary download (a PDF, an archive): the body is bytes, described by its content type. */
export const binaryBody = z
  .custom<Uint8Array>((v) => v instanceof Uint8Array)
  .meta({ type: 'string', format: 'binary', description: 'binary content' });

/**
 * Sends JSON text stored as signed or hashed bytes exactly as stored: re-serializing could change
 * the bytes the signature covers. The route still declares the document's schema.
 */
export function sendStoredJson(reply: FastifyReply, text: string): FastifyReply {
  return reply.type('application/json').send(text);
}
