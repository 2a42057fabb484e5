import type { Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { KaznaApp } from './kazna-app.ts';
import { PROBLEM_CONTENT_TYPE, problem, sendProblem } from './problem.ts';

/**
 * Text the database cannot store is refused at the edge, once, for every route. PostgreSQL's `text`
 * rejects U+0000 and its UTF-8 encoding has no form for an unpaired UTF-16 surrogate (the driver
 * would silently turn it into U+FFFD), so such a string reaching a handler ends either as a 500 or as
 * data that differs from what was sent. The checks run before any handler: path parameters, the
 * query string and headers on `onRequest`, the parsed body on `preValidation`.
 */
export type InputCode = 'invalid_text' | 'malformed_url';
export type InputLocation = 'body' | 'query' | 'path' | 'header';

/** Where a bad string was found: a JSON pointer into the body, or a parameter or header name. */
export interface BadText {
  readonly location: InputLocation;
  readonly pointer: string;
  /** A key of a JSON object or query, rather than a value, holds the bad text. */
  readonly part: 'key' | 'value';
}

/** An input refusal raised where a reply is not at hand (a body parser); the error handler maps it. */
export class InputError extends Error {
  readonly statusCode = 400;
  readonly code: InputCode;
  readonly extensions: Readonly<Record<string, unknown>>;
  constructor(
    code: InputCode,
    message: string,
    extensions: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.code = code;
    this.extensions = extensions;
  }
}

/** True when PostgreSQL cannot store the string as sent. */
export function isStorableText(text: string): boolean {
  return text.isWellFormed() && !text.includes('\u0000');
}

/**
 * The first string (key or value) in a parsed value that is not storable. Iterative, so a deeply
 * nested body cannot overflow the stack and turn a 400 into a 500.
 */
export function findBadText(value: unknown, location: InputLocation): BadText | null {
  const stack: { value: unknown; pointer: string }[] = [{ value, pointer: '' }];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const v = top.value;
    if (typeof v === 'string') {
      if (!isStorableText(v)) return { location, pointer: top.pointer, part: 'value' };
    } else if (Array.isArray(v)) {
      v.forEach((item: unknown, i) => stack.push({ value: item, pointer: `${top.pointer}/${i}` }));
    } else if (typeof v === 'object' && v !== null) {
      for (const [key, item] of Object.entries(v)) {
        if (!isStorableText(key)) return { location, pointer: top.pointer, part: 'key' };
        stack.push({ value: item, pointer: `${top.pointer}/${escapePointer(key)}` });
      }
    }
  }
  return null;
}

function escapePointer(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

/**
 * Fastify's query parser quietly keeps a component it cannot percent-decode as the raw text, so a
 * malformed `%` sequence would reach the schema as data. Decoding the whole raw query at once finds
 * both that and decoded NULs: `&` and `=` survive decoding, and any component's bad text survives too.
 */
export function checkRawQuery(url: string): InputCode | null {
  const at = url.indexOf('?');
  if (at < 0) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.slice(at + 1).replaceAll('+', ' '));
  } catch {
    return 'malformed_url';
  }
  return isStorableText(decoded) ? null : 'invalid_text';
}

function refuseText(reply: FastifyReply, bad: BadText): FastifyReply {
  return sendProblem(
    reply,
    400,
    'invalid_text',
    `a ${bad.part} in the ${bad.location} holds a NUL character or an unpaired UTF-16 surrogate, which cannot be stored`,
    { location: bad.location, pointer: bad.pointer, part: bad.part },
  );
}

function checkQueryParamsHeaders(request: FastifyRequest): BadText | 'malformed_url' | null {
  const query = checkRawQuery(request.url);
  if (query === 'malformed_url') return query;
  if (query === 'invalid_text') {
    // The raw check found it; the parsed query says where, when the parser kept it at all.
    return findBadText(request.query, 'query') ?? { location: 'query', pointer: '', part: 'value' };
  }
  const path = findBadText(request.params, 'path');
  if (path !== null) return path;
  for (const [name, value] of Object.entries(request.headers)) {
    if (findBadText([name, value], 'header') !== null) {
      return { location: 'header', pointer: isStorableText(name) ? name : '', part: 'value' };
    }
  }
  return null;
}

/**
 * Registers the checks. Call before the guard's hooks, so even a caller who would be refused gets
 * the same answer for text no route could accept (it reveals nothing about the route).
 */
export function registerInputChecks(app: KaznaApp): void {
  app.addHook('onRequest', async (request, reply) => {
    const bad = checkQueryParamsHeaders(request);
    if (bad === null) return;
    if (bad === 'malformed_url') {
      return sendProblem(reply, 400, 'malformed_url', 'the query has a malformed % escape');
    }
    return refuseText(reply, bad);
  });
  app.addHook('preValidation', async (request, reply) => {
    const bad = findBadText(request.body, 'body');
    if (bad !== null) return refuseText(reply, bad);
  });
  registerJsonParser(app);
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Fastify's JSON parser decodes the body with replacement characters, so invalid UTF-8 (including an
 * encoded surrogate) would arrive as U+FFFD. This one decodes strictly, then parses exactly as the
 * default does (with its prototype-poisoning protection).
 */
function registerJsonParser(app: KaznaApp): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = UTF8.decode(body as Buffer);
    } catch {
      done(new InputError('invalid_text', 'the body is not valid UTF-8', { location: 'body' }));
      return;
    }
    void parse(request, text, done);
  });
}

/**
 * Errors Node's HTTP parser raises before Fastify sees a request (a NUL in a header, a broken request
 * line, headers too large) still get a problem, not Fastify's bare JSON.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const status =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? 408
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? 431
        : 400;
  const code =
    status === 408 ? 'request_timeout' : status === 431 ? 'headers_too_large' : 'malformed_request';
  const body = JSON.stringify(problem(status, code, 'the HTTP request could not be parsed'));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
