import { isConnectionLoss } from '../db/hosts.ts';
import { CommitOutcomeUnknownError } from '../db/pool.ts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  createJsonSchemaTransform,
  hasZodFastifySchemaValidationErrors,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { ANONYMOUS, type Actor } from '../core/identity.ts';
import type { IdSource } from '../core/ids.ts';
// Declares `config.access` and `request.actor` on Fastify's types, which this module sets.
import type {} from './access.ts';
import { bodyPending, DEFAULT_DRAIN, drainBody } from './drain.ts';
import { clientErrorHandler, InputError, registerInputChecks } from './input.ts';
import type { KaznaApp } from './kazna-app.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { registerNoStore } from './no-store.ts';
import { sendProblem } from './problem.ts';

export type { KaznaApp } from './kazna-app.ts';

export interface HttpOptions {
  readonly logger: boolean;
  readonly ids: IdSource;
  /** Built web app (index.html + assets); null serves the API only. */
  readonly webDir: string | null;
  readonly bodyLimitBytes?: number;
  readonly version: string;
  /** Registers every domain's routes; called inside the `/api/v1` prefix. */
  readonly api: (app: KaznaApp) => Promise<void> | void;
  /** Registers routes outside `/api/v1` (health, metrics). */
  readonly root?: (app: KaznaApp, metrics: Metrics) => Promise<void> | void;
  /** Authenticates and authorises each request (governance); absent, every caller is anonymous. */
  readonly guard?: (app: KaznaApp) => Promise<void> | void;
}

export async function buildHttp(options: HttpOptions): Promise<KaznaApp> {
  const app = Fastify({
    logger: options.logger ? { level: 'info' } : false,
    bodyLimit: options.bodyLimitBytes ?? 1024 * 1024,
    genReqId: () => options.ids.next(),
    requestIdHeader: false,
    trustProxy: false,
    // Errors raised while routing (a malformed % escape in the path) or while Node parses the
    // request get problems too, not Fastify's bare JSON.
    frameworkErrors: (error, _request, reply) => {
      const mapped = mapFastifyError(error) ?? BAD_REQUEST;
      void sendProblem(reply, mapped.status, mapped.code, mapped.detail);
    },
    clientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  // The API speaks JSON. Without this, text/plain bodies would reach the schema as strings and get a
  // confusing 400 instead of a clear 415. A route that takes CSV registers its own parser.
  app.removeContentTypeParser('text/plain');
  const metrics = createMetrics();
  app.decorateRequest('actor', null as unknown as Actor);
  app.addHook('onRequest', (request, _reply, done) => {
    request.actor = ANONYMOUS;
    done();
  });
  app.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  app.addHook('onRoute', (route) => {
    const hidden = (route.schema as { hide?: boolean } | undefined)?.hide === true;
    if (!route.url.startsWith('/api/v1/') || hidden) return;
    if (route.config?.access === undefined) {
      throw new Error(
        `route ${route.method.toString()} ${route.url} does not declare config.access`,
      );
    }
  });
  registerInputChecks(app);
  registerNoStore(app);
  if (options.guard !== undefined) await options.guard(app);
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.observe(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
  await app.register(helmet, { contentSecurityPolicy: cspFor(options.webDir) });
  await registerOpenApi(app, options.version);
  await app.register(
    async (api) => {
      await options.api(api);
    },
    { prefix: '/api/v1' },
  );
  if (options.root !== undefined) await options.root(app, metrics);
  await registerWeb(app, options.webDir);
  return app;
}

const DOCS_PREFIX = '/api/docs';

async function registerOpenApi(app: KaznaApp, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Kazna API',
        version,
        description:
          'Seized crypto to a governed, audited, transparent national reserve. Amounts are decimal strings. ' +
          'Refusals are RFC 9457 problems with a stable `code`. Any route may answer, before its own ' +
          'checks: 400 `invalid_text` (a NUL or unpaired UTF-16 surrogate anywhere in the request), ' +
          '`malformed_url`, `malformed_json` or `request_invalid`; 413 `body_too_large`; ' +
          '415 `unsupported_media_type`.',
      },
    },
    // A binary download's schema is a byte array in TypeScript and `format: binary` in its metadata.
    transform: createJsonSchemaTransform({ zodToJsonConfig: { unrepresentable: 'any' } }),
  });
  // The interactive reference is for people who use the API, so it asks for a login like the API
  // (any role: `governance.self`). The OpenAPI document itself stays public: it describes routes,
  // holds no data, and clients and tests generate from it.
  app.addHook('onRoute', (route) => {
    if (route.url === DOCS_PREFIX || route.url.startsWith(`${DOCS_PREFIX}/`)) {
      route.config = { ...route.config, access: 'governance.self' };
    }
  });
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX });
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, () => app.swagger());
}

async function registerWeb(app: KaznaApp, webDir: string | null): Promise<void> {
  const index = webDir === null ? null : join(webDir, 'index.html');
  if (webDir !== null && index !== null && existsSync(index)) {
    await app.register(fastifyStatic, { root: webDir, wildcard: false });
  }
  app.setNotFoundHandler((request, reply) => {
    const wantsPage = request.method === 'GET' && !request.url.startsWith('/api/');
    if (wantsPage && index !== null && existsSync(index)) {
      return reply.type('text/html').sendFile('index.html');
    }
    return sendProblem(
      reply,
      404,
      'route_not_found',
      `no route for ${request.method} ${request.url}`,
    );
  });
}

function cspFor(webDir: string | null): Record<string, unknown> | false {
  if (webDir === null) return false;
  return {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
    },
  };
}

/**
 * Every error becomes a problem. When the body was refused before it was read (too large, or a
 * parser error mid-stream), the rest of it is discarded first, so the client reads its answer
 * rather than a reset (see `drain.ts`).
 */
function errorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply | Promise<FastifyReply> {
  const answer = problemFor(error, request);
  const send = (): FastifyReply =>
    sendProblem(reply, answer.status, answer.code, answer.detail, answer.extensions);
  if (!bodyPending(request.raw)) return send();
  return drainBody(request.raw, DEFAULT_DRAIN).then((drained) => {
    // Fastify asks to close because the client may still be sending; once drained, it is not.
    if (drained) void reply.removeHeader('connection');
    return send();
  });
}

interface Answer extends Mapped {
  readonly extensions?: Readonly<Record<string, unknown>>;
}

function problemFor(error: FastifyError, request: FastifyRequest): Answer {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = error.validation.map((v) => ({
      path: v.instancePath,
      message: v.message,
      code: (v.params['issue'] as { code?: string } | undefined)?.code ?? 'invalid',
    }));
    const detail = 'the request does not match the schema';
    return { status: 400, code: 'request_invalid', detail, extensions: { errors } };
  }
  if (error instanceof InputError) {
    const { statusCode: status, code, message: detail, extensions } = error;
    return { status, code, detail, extensions };
  }
  const mapped = mapFastifyError(error) ?? mapDatabaseLoss(error);
  if (mapped !== null) return mapped;
  request.log.error({ err: error }, 'unhandled error');
  return {
    status: 500,
    code: 'internal_error',
    detail: 'the server failed; the request id identifies it in the logs',
    extensions: { requestId: request.id },
  };
}

interface Mapped {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
}

const BAD_REQUEST: Mapped = {
  status: 400,
  code: 'bad_request',
  detail: 'the request is malformed',
};

/**
 * The database went away (a failover that outlasted the command's wait, or a lost COMMIT): the
 * server did not fail on its own, and the client can act: retry later, or read before retrying a
 * write whose outcome is unknown. 503 says "not now", which is what both mean.
 */
function mapDatabaseLoss(error: unknown): Mapped | null {
  if (error instanceof CommitOutcomeUnknownError) {
    const detail =
      'the database failed over while this write was committing; read it back before sending it again';
    return { status: 503, code: 'commit_outcome_unknown', detail };
  }
  if (isConnectionLoss(error)) {
    const detail = 'no database primary is reachable right now; nothing was written, retry shortly';
    return { status: 503, code: 'database_unavailable', detail };
  }
  return null;
}

function mapFastifyError(error: FastifyError): Mapped | null {
  switch (error.code) {
    case 'FST_ERR_BAD_URL':
      return { status: 400, code: 'malformed_url', detail: 'the path has a malformed % escape' };
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return { status: 414, code: 'path_parameter_too_long', detail: 'a path segment is too long' };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, code: 'malformed_json', detail: 'the body is not valid JSON' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, code: 'malformed_json', detail: 'the JSON body is empty' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, code: 'unsupported_media_type', detail: 'send application/json' };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, code: 'body_too_large', detail: 'the body exceeds the size limit' };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return {
        status: 400,
        code: 'invalid_content_length',
        detail: 'content-length does not match',
      };
    default:
      break;
  }
  if (error instanceof SyntaxError)
    return { status: 400, code: 'malformed_json', detail: error.message };
  const status = error.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    const code = status === 429 ? 'rate_limited' : 'bad_request';
    return { status, code, detail: error.message };
  }
  return null;
}
