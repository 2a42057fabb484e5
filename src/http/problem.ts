import type { FastifyReply } from 'fastify';
import type { Err } from '../core/result.ts';

/**
 * RFC 9457 problem details. `code` is the stable, machine-readable part that clients switch on; the
 * title and detail are for people. A stack trace never leaves the server.
 */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly code: string;
  readonly detail?: string;
  readonly instance?: string;
  readonly [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problem(
  status: number,
  code: string,
  detail?: string,
  extensions: Readonly<Record<string, unknown>> = {},
): Problem {
  return {
    ...extensions,
    type: `/problems/${code}`,
    title: code.replaceAll('_', ' '),
    status,
    code,
    ...(detail === undefined ? {} : { detail }),
  };
}

export function sendProblem(
  reply: FastifyReply,
  status: number,
  code: string,
  detail?: string,
  extensions: Readonly<Record<string, unknown>> = {},
): FastifyReply {
  const body = { ...problem(status, code, detail, extensions), instance: reply.request.url };
  return reply.code(status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body, bigintReplacer));
}

/** Sends a domain error as a problem; `status` comes from the route's exhaustive code switch. */
export function sendErr(reply: FastifyReply, status: number, e: Err<string>): FastifyReply {
  return sendProblem(
    reply,
    status,
    e.code,
    e.message,
    e.detail === undefined ? {} : { evidence: e.detail },
  );
}

export function bigintReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
